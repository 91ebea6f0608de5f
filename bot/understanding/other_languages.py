"""Replies in another supported language than the session's (rule 9 of `bot.understanding.coder`): bilingual
families switch between their language and English, so a short reply whose words the session's language does not
hold is read in English (or, in an English session, in the others), and in any language written in another script.
Where two languages give it two meanings it stays unclear."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache

from babel import Locale

from bot.understanding.coding import Coding
from bot.understanding.lexicon import Lexicon, available_languages, load_lexicon, strip_fillers
from bot.understanding.normalise import is_punctuation
from bot.vocabulary import Coded, Kind

# a reply this short may be read in another language's words (longer ones are sentences in the session's)
MAX_OTHER_LANGUAGE_WORDS = 4


def script_of(words: Sequence[str]) -> str:
    """The writing system of the first letter in `words` ("LATIN", "ARABIC", "CYRILLIC", "BENGALI"), or ""."""
    letter = next((ch for w in words for ch in w if ch.isalpha()), "")
    return unicodedata.name(letter, "").split(" ")[0] if letter else ""


def switches_between(session: str, other: str, words: Sequence[str]) -> bool:
    """Whether a reply in a `session` language may be read in `other`'s words (rule 9)."""
    if "en" in (session, other):
        return True
    return script_of(words) != main_script(session)


@cache
def main_script(lang: str) -> str:
    """The script a language is written in, from its own name for itself in Babel's locale data ("اردو"): its word
    list cannot say, as Urdu's and Bengali's hold romanised words too."""
    return script_of((Locale.parse(lang).get_display_name(lang) or "",))


def in_other_languages(norm: str, words: tuple[str, ...], face_values: list[int], lex: Lexicon, kind: str,
                       code_in: Callable[..., Coding]) -> Coding | None:
    """A short reply in another supported language's words, coded by `code_in` with that language's word list, if
    every language that understands it agrees and the session's own reads none of its words on its own; None
    otherwise."""
    said = tuple(w for w in strip_fillers(words, lex.fillers) if not is_punctuation(w))
    if not said or len(said) > MAX_OTHER_LANGUAGE_WORDS or any(w in lex.numbers or (w,) in lex.phrases for w in said):
        return None  # a word the session's language reads on its own is its own: Welsh "naw" is nine
    readings = set()
    for lang in available_languages():
        if lang == lex.lang or not switches_between(lex.lang, lang, said):
            continue
        other = load_lexicon(lang)
        if not all(w in other.known or w.isdecimal() for w in said):
            continue
        coding = code_in(norm, words, face_values, other, kind)
        if coding.status != Coded.UNCLEAR and not (kind == Kind.FREE_TEXT and coding.status == Coded.ANSWERED):
            readings.add(replace(coding, guess=None))
    return readings.pop() if len(readings) == 1 else Coding(Coded.UNCLEAR) if readings else None
