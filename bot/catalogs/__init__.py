"""Tooling for the translation catalogs, for developers and translators: the catalog files: where they
are, extracting, updating, compiling and checking them (`files`), the survey wordings' extractor
(`survey_wordings`), spreadsheets for translators and reviewers (`sheet`), who reads an entry and its review
(`entries`), and each language's house style (`style`).

May import: `bot.settings`, `bot.translation`.
"""
