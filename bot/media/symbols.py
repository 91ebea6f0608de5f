"""Symbol images named in the structured messages. A language's symbol is a speech bubble holding the first
two letters of the language's own name in its own script ("Po" for Polski, "ار" for اردو, "ال" for العربية), so
a person who knows their script by sight finds it; never a flag, because a language is not a country.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

from bot.translation.languages import direction, endonym, supported

LANGUAGE_PREFIX = "language-"


def first_letters(word: str, n: int = 2) -> str:
    """The first `n` letters, each with the marks that belong to it (Bengali's vowel signs, Arabic's harakat).
    Two, because one is not enough: Arabic's العربية and Urdu's اردو both begin with alif."""
    letters: list[str] = []
    for ch in word:
        if letters and unicodedata.category(ch) in ("Mn", "Mc"):
            letters[-1] += ch
        elif len(letters) < n:
            letters.append(ch)
        else:
            break
    return "".join(letters)


def language_symbol(lang: str) -> str:
    letters = escape(first_letters(endonym(lang)))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64" role="img">'
        '<path d="M8 6h48a6 6 0 0 1 6 6v30a6 6 0 0 1-6 6H26l-12 11v-11H8a6 6 0 0 1-6-6V12a6 6 0 0 1 6-6z" '
        'fill="#fff" stroke="#335" stroke-width="3"/>'
        f'<text x="32" y="36" font-size="22" font-family="sans-serif" text-anchor="middle" fill="#123" '
        f'xml:lang="{lang}" direction="{direction(lang)}">{letters}</text></svg>'
    )


def symbol_svg(name: str) -> str | None:
    """The image for a symbol name from a message, or None for a name with no image (faces use emoji)."""
    if name.startswith(LANGUAGE_PREFIX) and name[len(LANGUAGE_PREFIX):] in supported():
        return language_symbol(name[len(LANGUAGE_PREFIX):])
    return None
