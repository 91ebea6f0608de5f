"""Saying things in a person's language: every message the bot says, marked by who it is said to
(`messages`), saying them in one language to one reader through one medium (`speaker`), the languages SayIt
speaks (`languages`), and right-to-left text that keeps its numbers in order (`rtl`). Reads the compiled
catalogs in the `locales` package; building them is `bot.catalogs`' work.

May import: `bot.settings`, `bot.vocabulary`, `bot.understanding` (language names and greetings are in the word
lists), `locales`.
"""
