"""The answer coder: turns the words of a reply into a code, against the question it answers.

It works on a reply already read (`bot.understanding.reading.Reading`, which normalises it once); `reading.code_reply`
and its kin read a text first, for `sayit code` and the tests.
A reply is only ever coded against the question it answers (the caller passes that question's kind), never
against a question asked later.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from bot.understanding.lexicon import Lexicon, available_languages, load_lexicon, longest_first, strip_fillers
from bot.vocabulary import Coded, Kind

OUT_OF_FIVE = re.compile(r"(\d+)\s*(?:/|out\s+of)\s*(?:5|five)\b")
NEGATIVE_NUMBER = re.compile(r"(?:^|\s)-\s?\d")


@dataclass(frozen=True)
class Coding:
    status: Coded
    value: int | None = None
    control: str | None = None
    concern: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def take_typed_faces(text: str, lex: Lexicon) -> tuple[str, list[int]]:
    """Pull typed faces such as ':)' out of the raw text (before lower-casing turns ':D' into ':d')."""
    values = []
    for mark in sorted((m for m in lex.symbols if not _is_emoji(m)), key=len, reverse=True):
        while mark in text:
            values.append(lex.symbols[mark])
            text = text.replace(mark, " ", 1)
    return text, values


def _is_emoji(mark: str) -> bool:
    return len(mark) == 1 and not mark.isascii()


def strip_fillers_and_join_numbers(words: tuple[str, ...], lex: Lexicon) -> tuple[str, ...]:
    """Fillers out, and numbers said in several words turned into digits ("dau ddeg un" is 21)."""
    words = strip_fillers(words, lex.fillers)
    if not lex.number_phrases:
        return words
    longest = max(len(p) for p in lex.number_phrases)
    return tuple(str(number) if number is not None else phrase[0]
                 for number, phrase in longest_first(words, lex.number_phrases.get, longest, shortest=2))


def _match_phrases(words: tuple[str, ...], lex: Lexicon) -> tuple[list[tuple[str, object, int]], list[str]]:
    """Longest-first phrase matches as (category, detail, length), and the words no phrase covered."""
    matches, rest = [], []
    for hit, phrase in longest_first(words, lex.phrases.get, lex.longest_phrase):
        if hit is None:
            rest.append(phrase[0])
        else:
            matches.append((hit[0], hit[1], len(phrase)))
    return matches, rest


def _whole_reply_steer(words: tuple[str, ...], lex: Lexicon) -> Coding | None:
    """The reply as a whole is a control, a skip or a don't-know (e.g. 'stop', 'rather not say')."""
    hit = lex.phrases.get(words)
    if hit and hit[0] != "scale":
        return _steer(hit[0], hit[1])
    return None


def _steer(category: str, detail: object) -> Coding:
    if category == "control":
        return Coding(Coded.CONTROL, control=str(detail))
    return Coding(Coded.SKIPPED if category == "skip" else Coded.DONT_KNOW)


def _scale_value(face_values: list[int], matches: list[tuple[str, object, int]], rest: list[str],
                 words: tuple[str, ...], lex: Lexicon) -> int | None:
    """The one point on the scale a reply gives, 0 for a reply that gives several that disagree, None for none."""
    pronouns = sum(1 for i in range(len(words) - 1) if words[i:i + 2] in lex.not_numbers)
    number_words = [lex.numbers[w] for w in rest if not w.isdecimal() and w in lex.numbers]
    if pronouns and number_words.count(1) >= pronouns:  # drop the "one" of "this one"
        for _ in range(pronouns):
            number_words.remove(1)
    numbers = [int(w) for w in rest if w.isdecimal()] + number_words
    said = [int(str(v)) for c, v, _ in matches if c == "scale"]
    said += face_values + [lex.symbols[w] for w in rest if w in lex.symbols]
    bare = [int(str(lex.phrases[(w,)][1])) for w in words if (w,) in lex.yes_no and (w,) in lex.phrases]
    exact = list(said)
    for value in bare:
        if value in exact:
            exact.remove(value)
    if not exact or any(abs(v - b) > 2 for v in exact for b in bare):
        exact = list(said)  # a bare yes/no only agrees with exact words near it: "not really, no", "a bit, yeah"
    values = numbers + exact
    if not values:
        return None
    distinct = sorted(set(values))
    if len(distinct) == 1:
        return distinct[0]
    if len(numbers) == 2 and not exact and distinct[1] - distinct[0] == 1:
        # "between 3 and 4", "3 or 4": the lower point, so positive answers (4-5) are never overstated
        return distinct[0]
    return 0


def code_words(norm: str, words: tuple[str, ...], face_values: list[int], lex: Lexicon, kind: str) -> Coding:
    """Code a reply's words (normalised, typed faces taken out as `face_values`) to a question of `kind`."""
    if kind == Kind.SCALE and NEGATIVE_NUMBER.search(norm):
        return Coding(Coded.UNCLEAR)
    words = strip_fillers_and_join_numbers(words, lex)
    if not words and not face_values:
        return Coding(Coded.UNCLEAR)
    steer = _whole_reply_steer(words, lex)
    if steer:
        return steer
    if kind == Kind.FREE_TEXT:
        # A sentence is an answer, even one that mentions 'stop' or 'help': only a bare control steers.
        return Coding(Coded.ANSWERED)
    # punctuation counts only as a whole reply ("?" and Arabic "؟" ask for help; "3?" is a 3)
    words = tuple(w for w in words if not (len(w) == 1 and unicodedata.category(w).startswith("P")))
    matches, rest = _match_phrases(words, lex)
    short = len(words) <= 3
    for category, detail, size in matches:
        if category == "control" and (size > 1 or short):
            return _steer(category, detail)
    value = _scale_value(face_values, matches, rest, words, lex)
    if value is not None:
        return Coding(Coded.ANSWERED, value=value) if 1 <= value <= 5 else Coding(Coded.UNCLEAR)
    for category, detail, size in matches:
        if category in ("skip", "dont_know") and (size > 1 or short):
            return _steer(category, detail)
    return Coding(Coded.UNCLEAR)


def asks_for_language(words: tuple[str, ...]) -> bool:
    """A whole reply of "language" in any supported language asks for the list: the person may be in a
    language they cannot read, so their own word for it must work ("język", "زبان", "ভাষা")."""
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
    if strip_fillers_and_join_numbers(words, lex) in lex.carry_on:
        return True
    if as_scale.status == Coded.ANSWERED and as_scale.value is not None:
        return as_scale.value >= 4 if as_scale.value != 3 else None
    return None
