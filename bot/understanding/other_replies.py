"""Replies that are not answers: "language" in any language, or a language's name ("Welsh please"), a young
person's age, who is answering, and whether to carry on after a worrying reply. Each reads the words a `Reading`
already made, with the session's word list."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from babel import Locale
from rapidfuzz import fuzz

from bot.understanding.coder import Coding, strip_fillers_and_join_numbers
from bot.understanding.lexicon import Lexicon, available_languages, load_lexicon
from bot.understanding.normalise import holds, is_punctuation, normalise, tokens
from bot.vocabulary import Coded


@cache
def language_request_words() -> frozenset[str]:
    """Every word of every language's phrases that ask for the language list: a reply with none of them is not one."""
    return frozenset(word for lang in available_languages() for phrase, meaning in load_lexicon(lang).phrases.items()
                     if meaning == ("control", "language") for word in phrase)


def asks_for_language(words: tuple[str, ...]) -> bool:
    """A whole reply of "language" in any supported language asks for the list: the person may be in a
    language they cannot read, so their own word for it must work ("język", "زبان", "ভাষা")."""
    if language_request_words().isdisjoint(words):
        return False
    for lang in available_languages():
        lex = load_lexicon(lang)
        if lex.phrases.get(strip_fillers_and_join_numbers(words, lex)) == ("control", "language"):
            return True
    return False


def age_in(words: tuple[str, ...], lex: Lexicon) -> int | None:
    """A young person's age in years (4 to 25), or None if the words do not say one clearly."""
    words = strip_fillers_and_join_numbers(words, lex)
    ages = {int(w) for w in words if w.isdecimal()} | {lex.numbers[w] for w in words if w in lex.numbers}
    if len(ages) == 1 and 4 <= (age := ages.pop()) <= 25:
        return age
    return None


def role_in(words: tuple[str, ...], lex: Lexicon, offered: Sequence[str]) -> str | None:
    """Who is answering, from a reply to the opening question (which numbers the `offered` roles 1, 2 ...): a role
    name, or None if unclear. The longest phrase that names a role wins, so "an advocate helping a young person"
    is an advocate."""
    words = strip_fillers_and_join_numbers(words, lex)
    if len(words) == 1 and words[0].isdecimal() and 1 <= int(words[0]) <= len(offered):
        return offered[int(words[0]) - 1]
    found = set()
    longest = max(map(len, lex.roles), default=0)  # no longer phrase can name a role: 2,000 emoji took 15 s
    for size in range(min(len(words), longest), 0, -1):
        for i in range(len(words) - size + 1):
            role = lex.roles.get(words[i:i + size])
            if role:
                found.add(role)
        if found:
            break
    return found.pop() if len(found) == 1 else None


def carries_on(words: tuple[str, ...], as_scale: Coding, lex: Lexicon) -> bool | None:
    """After a worrying reply: True for 'yes, carry on', False for 'no', None when it is not clear (`as_scale`:
    the reply coded as an answer to a scale question)."""
    said = strip_fillers_and_join_numbers(words, lex)
    parts = [tuple(part.split()) for part in " ".join(w if not is_punctuation(w) else "|" for w in said).split("|")]
    if said in lex.carry_on or (any(parts) and all(part in lex.carry_on for part in parts if part)):  # "Tak, dalej"
        return True
    if as_scale.status == Coded.ANSWERED and as_scale.value is not None:
        return as_scale.value >= 4 if as_scale.value != 3 else None
    return None


# a word this close to a language's name is that name, inflected: "po angielsku" (angielski), "англійською"
# (англійська), "بالإنجليزي" (الإنجليزية); shorter words must match exactly
NAME_LIKENESS = 90  # rapidfuzz's partial ratio: the name's stem is in the word
WHOLE_LIKENESS = 80  # and its ratio: the word is not much longer than the name
MIN_INFLECTED = 6


@cache
def names_of_languages(langs: tuple[str, ...]) -> dict[tuple[str, ...], str]:
    """Every name each of `langs` goes by, as words: its own, its name in each of them (Babel's locale data), and
    what its speakers write for it (the word list's `language_names`: "bangla", "عربي", "po polsku"). A name two
    languages share is refused, as it could choose either."""
    names: dict[tuple[str, ...], str] = {}
    for lang in langs:
        spelled = [Locale.parse(lang).get_display_name(lang) or lang]
        spelled += [Locale.parse(other).languages.get(lang, "") for other in langs]
        found = [tokens(normalise(n)) for n in spelled if n] + list(load_lexicon(lang).language_names)
        for name in found:
            if name and names.setdefault(name, lang) != lang:
                raise ValueError(f"'{' '.join(name)}' names both {names[name]} and {lang}; "
                                 f"take it out of one word list's language_names")
    return names


# languages families in England ask for that SayIt does not speak (yet): asking for one ("French please", "بغيت
# بالفرنسية") brings the list of those it does; not Chinese, whose Urdu name "چینی" is also the word for sugar
ASKED_FOR_ELSEWHERE = ("fr", "es", "pt", "pa", "so", "ps", "fa", "ti", "lt", "tr", "ku", "ta", "gu", "hi", "it",
                       "de", "ru", "sq", "ne", "am")


@cache
def names_asked_for() -> tuple[tuple[str, ...], ...]:
    """The names of every supported language, and of the languages in ASKED_FOR_ELSEWHERE as each supported
    language writes them (Babel's locale data)."""
    names = set(names_of_languages(available_languages()))
    for lang in available_languages():
        languages = Locale.parse(lang).languages
        names |= {name for code in ASKED_FOR_ELSEWHERE if (name := tokens(normalise(languages.get(code, ""))))}
    return tuple(sorted(names))


def names_a_language(words: tuple[str, ...]) -> bool:
    """Whether a short reply names a language ("Welsh please", "po angielsku", "English mein please", "French
    please"): asked instead of an answer, it asks for the list of languages."""
    for name in names_asked_for():
        if holds(words, name):
            return True
        if len(name) == 1 and any(len(w) >= MIN_INFLECTED and fuzz.ratio(w, name[0]) >= WHOLE_LIKENESS and
                                  fuzz.partial_ratio(w, name[0]) >= NAME_LIKENESS for w in words):
            return True
    return False
