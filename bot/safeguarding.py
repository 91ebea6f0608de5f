"""Safeguarding: does a reply suggest the person may be unsafe?

It errs towards raising a concern: a false alarm costs a safeguarding lead a minute; a missed one can cost
a child. The patterns are data, in each language's word list under `concern` and `not_concern`.
"""

from __future__ import annotations

from bot.lexicon import Lexicon
from bot.normalise import normalise


def suggests_concern(text: str, lex: Lexicon) -> bool:
    folded = normalise(text)
    for harmless in lex.not_concern:
        folded = harmless.sub(" ", folded)
    return any(pattern.search(folded) for pattern in lex.concern)
