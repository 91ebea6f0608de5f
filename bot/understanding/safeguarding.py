"""Safeguarding: does a reply suggest the person may be unsafe?

It errs towards raising a concern: a false alarm costs a safeguarding lead a minute; a missed one can cost
a child. The patterns are data, in each language's word list under `concern` and `not_concern`, and a reply is
checked against every language's patterns, not only the session's: a child answering an English survey may write
about home in Polish or Urdu.
"""

from __future__ import annotations

from bot.understanding.lexicon import Lexicon


def suggests_concern(folded: str, lex: Lexicon) -> bool:
    """Whether normalised text (`bot.understanding.normalise`) matches one of this language's concern patterns
    once the phrases that only look like one are taken out."""
    for harmless in lex.not_concern:
        folded = harmless.sub(" ", folded)
    return any(pattern.search(folded) for pattern in lex.concern)


