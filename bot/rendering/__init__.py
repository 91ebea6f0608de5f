"""How each channel shows a structured message, from its `custom` payload alone: as plain text (`plain`),
as SMS shaped to fit (`sms`), and as a Telegram message with an inline keyboard (`telegram`). The web chat
renders in the browser, from the same payload.

May import: `bot.settings`, `bot.vocabulary`, `bot.surveys`, `bot.translation`, `bot.dialogue`.
"""
