"""Safeguarding: does a reply suggest the person may be unsafe?

It errs towards raising a concern: a false alarm costs a safeguarding lead a minute; a missed one can cost
a child. The patterns are data, in each language's word list under `concern` and `not_concern`, and a reply is
checked against every language's patterns, not only the session's: a child answering an English survey may write
about home in Polish or Urdu.
"""

from __future__ import annotations

from bot.lexicon import Lexicon, available_languages, load_lexicon
from bot.normalise import normalise


def suggests_concern(text: str, lex: Lexicon) -> bool:
    folded = normalise(text)
    for harmless in lex.not_concern:
        folded = harmless.sub(" ", folded)
    return any(pattern.search(folded) for pattern in lex.concern)


def suggests_concern_in_any_language(text: str) -> bool:
    return any(suggests_concern(text, load_lexicon(lang)) for lang in available_languages())
