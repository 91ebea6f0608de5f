"""Telling the safeguarding lead that a concern was raised, ids only, never the words: the notifier
(`notifier`) and its two ways, a signed webhook (`by_webhook`) and email (`by_email`).

May import: `bot.settings`.
"""
