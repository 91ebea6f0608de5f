"""Understanding what a person replied: normalising text in any script (`normalise`), the word lists
(`lexicon`, data in `word_lists/`), the coder (`coder`, with `phrases`, `corrections` and `spelling`), the
safeguarding net (`safeguarding`), one reading of a reply that says everything it could mean (`reading`), and
measuring the coder (`evaluate`).

May import: `bot.settings`, `bot.vocabulary`.
"""
