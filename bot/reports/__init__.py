"""What analysts and councils take away: the coded answers as CSV (`export`), the framework's indicators
(`indicators`), and invitation links in each family's language (`invitations`).

May import: `bot.settings`, `bot.vocabulary`, `bot.surveys`, `bot.understanding` (a language named in a list),
`bot.translation`, `bot.store`.
"""
