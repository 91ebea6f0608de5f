"""What a webhook hands on when it answers at once: a text or a Telegram update kept, sealed, in the store's inbox
(`inbox`), for a worker in the Rasa server to take in turn, tried again later when it cannot be handled yet, and
given up on only after an hour of trying (docs/decisions/0011-webhook-inbox.md). A channel never opens the store
itself; this is its door to the inbox.

May import: `bot.store`, `bot.settings`.
"""
