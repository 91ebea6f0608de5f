"""The conversation: one incoming message in, the structured replies out. The entry and its states
(`conversation`, `opening`, `answering`, `checking_in`), an advocate beside the young person (`advocacy`), what
comes in (`incoming`), and the messages it sends
(`outgoing`, `prompts`, `language_question`, `notices`).

May import: every room below it: `bot.settings`, `bot.vocabulary`, `bot.surveys`, `bot.understanding`,
`bot.translation`, `bot.media`, `bot.store`, `bot.alerts`, `bot.listening`.
"""
