"""The answer coder: turns the words of a reply into a code, against the question it answers.

It works on a reply already read (`bot.understanding.reading.Reading`, which normalises it once); `reading.code_reply`
and its kin read a text first, for `sayit code` and the tests.
A reply is only ever coded against the question it answers (the caller passes that question's kind), never
against a question asked later.

The rules, in order; every word they use is data, in each language's word list:
1. The reply is normalised and split into words (`normalise`); typed faces (":)") are taken out first.
2. A correction keeps the last thing said: in "5 no wait 4", "4 no 5" or "wait, go back" only what follows the last
   correction word (or a bare no straight after an answer) is coded ("wait" on its own is still pause).
3. Fillers ("um", "I think") are dropped and numbers said in several words are joined ("twenty one" is 21).
4. A word the lists do not hold is read without its doubled letters if that makes a word they hold ("yeahh"), or
   else corrected to the one word it is nearest, by edit distance (rapidfuzz's OSA, so
   a swapped pair is one edit), if it is long enough, starts with the same letter and is within a distance that
   grows with its length; a word that is as near two words, or near none, is left alone, and a word the lists
   hold is never changed, so one scale word never becomes another.
5. Phrases are found longest first: scale words of every family (yes / no, frequency, quantity, agreement, faces),
   positions ("the last one"), controls, skip, don't know.
6. A negator takes scope over the scale phrase it governs ("not a lot" is 2, "nie często" 2, Bengali
   "ভালো না" after it): a turned 4 is 2, a turned 5 is 3, and a turned 1, 2 or 3 ("not bad") could mean several
   things, so it is unclear. An intensifier pushes the phrase beside it out to its end ("strongly agree" 5,
   "very sad" 1, "disagree strongly" 1); one followed only by a negator is a no ("absolutely not"). "one" after
   another word is a pronoun ("the happy one", "the blue one"), and in a sentence a number between two words that
   are in no phrase is a count, not an answer ("we've had 4 different key workers").
7. A control said first and set off by punctuation steers ("stop. my dad is shouting"); a question with no
   answer in it asks for help ("what's an EHCP?").
8. The phrases are resolved against the question's own choices: a position by where it is among them, a number
   only if it is one of them. A bare yes or no beside an exact phrase near it agrees with it ("not really, no" is
   2); any two points that disagree ("3 or 4", "yes at school, no at home") are unclear, never a guess.
9. A reply the session's language cannot code may be in another supported language: bilingual families switch
   between their language and English, so a short reply whose words the session's language does not hold is read
   in English (or, in an English session, in the others), and in any language written in another script ("tak"
   is not read in Welsh, nor "بلی", an Urdu cat, in Arabic). If every language that reads it agrees it is coded
   so; where two give it two meanings it stays unclear.
10. A reply that is unclear only because of a word one edit too far from a known one carries a `guess`: the
   conversation may ask "Did you mean ...?", and stores nothing until the person says yes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from functools import cache

from babel import Locale

from bot.understanding.lexicon import (
    Lexicon,
    available_languages,
    load_lexicon,
    longest_first,
    strip_fillers,
)
from bot.understanding.spelling import corrected
from bot.vocabulary import Coded, Control, Kind

OUT_OF_FIVE = re.compile(r"(\d+)\s*(?:/|out\s+of)\s*(?:5|five)\b")
OUT_OF_TEN = re.compile(r"\b(\d+)\s*(?:/|out\s+of)\s*(?:10|ten)\b")
NEGATIVE_NUMBER = re.compile(r"(?:^|\s)-\s?\d")
SCALE_POINTS = 5  # every scale question's choices are 1 to 5 (bot/surveys/_scales.yml)
TURNED = {4: 2, 5: 3}  # a negated point; any other could mean several
PUSHED = {4: 5, 2: 1}  # an intensified point; 1, 3 and 5 stay where they are
QUESTION_MARKS = ("?", "؟")
SENTENCE = 6  # pieces: in a reply this long, a number between two plain words is a count, not an answer
UNSURE = -1  # a point that could mean several things: the reply is unclear
# a reply this short may be read in another language's words (longer ones are sentences in the session's)
MAX_OTHER_LANGUAGE_WORDS = 4


@dataclass(frozen=True)
class Coding:
    status: Coded
    value: int | None = None
    control: str | None = None
    concern: bool = False
    # with status unclear: the point the reply most likely meant, to be confirmed before anything is stored
    guess: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def out_of(text: str) -> str:
    """Marks out of five as the point ("4/5" is 4), and out of ten as half of them ("8/10" is 4; an odd mark out of
    ten falls between two points, and is left to be unclear)."""
    text = OUT_OF_TEN.sub(lambda m: str(int(m[1]) // 2) if int(m[1]) % 2 == 0 and len(m[1]) < 3 else m[0], text)
    return OUT_OF_FIVE.sub(r"\1", text)


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


def after_last_correction(words: tuple[str, ...], lex: Lexicon) -> tuple[str, ...]:
    """What follows the last correction word ("5 no wait 4" is "4"), or all the words if nothing follows one."""
    if not lex.corrections:
        return words
    longest = max(len(c) for c in lex.corrections)
    i, after = 0, words
    while i < len(words):
        size = next((n for n in range(min(longest, len(words) - i), 0, -1) if words[i:i + n] in lex.corrections), 0)
        before = [w for w in words[:i] if not _is_punctuation(w)]
        if not size and before and _is_no(words[i], lex) and _is_point(before[-1], lex):
            size = 1  # "4 no 5", "sometimes, no, never": a bare no straight after an answer takes it back
        if size and any(not _is_punctuation(w) for w in words[i + size:]):
            after = words[i + size:]
        i += size or 1
    return after


def _is_no(word: str, lex: Lexicon) -> bool:
    return (word,) in lex.yes_no and lex.phrases.get((word,)) == ("scale", 1)


def _is_point(word: str, lex: Lexicon) -> bool:
    return word.isdecimal() or (lex.phrases.get((word,)) or ("",))[0] == "scale" and (word,) not in lex.yes_no


def _is_punctuation(word: str) -> bool:
    return len(word) == 1 and unicodedata.category(word).startswith("P")


@dataclass(frozen=True)
class Piece:
    """A phrase found in a reply: its category (scale, position, control, skip, dont_know, negate, negate_after,
    intensify, word, mark) and what it says (a point, a position, a control)."""
    category: str
    detail: object
    words: tuple[str, ...]


def pieces(words: tuple[str, ...], lex: Lexicon) -> list[Piece]:
    """The reply as phrases, longest first; a phrase that is also a modifier ("totally") is kept as a phrase here
    and read as a modifier only where a scale phrase follows it."""
    modifiers = lex.modifiers
    longest = max(lex.longest_phrase, max(map(len, modifiers), default=0))

    def find(phrase: tuple[str, ...]) -> tuple[str, object] | None:
        if len(phrase) == 1 and _is_punctuation(phrase[0]):
            return None  # "?" asks for help only as a whole reply; "3?" is a 3
        return lex.phrases.get(phrase) or ((modifiers[phrase], None) if phrase in modifiers else None)

    found = []
    for hit, phrase in longest_first(words, find, longest):
        if hit is None:
            found.append(Piece("mark" if _is_punctuation(phrase[0]) else "word", None, phrase))
        else:
            found.append(Piece(str(hit[0]), hit[1], phrase))
    return found


def _can(piece: Piece, modifier: str, lex: Lexicon) -> bool:
    return piece.category == modifier or lex.modifiers.get(piece.words) == modifier


def points(found: list[Piece], lex: Lexicon, choices: int = SCALE_POINTS) -> list[tuple[int, Piece]]:
    """The scale points the phrases give, negation and intensity applied, positions resolved (rules 6 and 8):
    (point, the phrase that gave it), UNSURE for a point that could mean several."""
    said: list[tuple[int, Piece]] = []
    i = 0
    while i < len(found):
        piece = found[i]
        if piece.category == "position":
            said.append(({"first": 1, "middle": (choices + 1) // 2, "last": choices}[str(piece.detail)], piece))
            i += 1
            continue
        turned = pushed = False
        j = i
        if _can(piece, "intensify", lex) and _ends_at(found, i + 2) and i + 1 < len(found) and _can(
                found[i + 1], "negate", lex):
            said.append((1, Piece("scale", 1, piece.words + found[i + 1].words)))  # "absolutely not"
            i += 2
            continue
        if _can(piece, "negate", lex):
            # scope: the next scale phrase, past intensifiers and at most one other word, never past a comma
            j, skipped = i + 1, 0
            while j < len(found) and found[j].category != "scale" and found[j].category != "mark" and (
                    _can(found[j], "intensify", lex) or (found[j].category == "word" and skipped < 1)):
                skipped += found[j].category == "word"
                j += 1
            turned = j < len(found) and found[j].category == "scale"
        elif _can(piece, "intensify", lex) and i + 1 < len(found) and found[i + 1].category == "scale":
            j, pushed = i + 1, True
        if not turned and not pushed:
            j = i
        target = found[j]
        if target.category != "scale":
            i += 1
            continue
        value = int(str(target.detail))
        turned = turned or (j + 1 < len(found) and _can(found[j + 1], "negate_after", lex))
        after = j + 1 + (turned and j + 1 < len(found) and _can(found[j + 1], "negate_after", lex))
        if not turned and after < len(found) and found[after].words in lex.intensifiers_after:
            pushed, after = True, after + 1  # "disagree strongly", Welsh "hapus iawn"
        if turned:
            value = TURNED.get(value, UNSURE)
        elif pushed:
            value = PUSHED.get(value, value)
        said.append((value, target if not (turned or pushed) else Piece("scale", value, piece.words + target.words)))
        i = after
    return said


def _ends_at(found: list[Piece], k: int) -> bool:
    """Whether nothing but marks follows piece `k`."""
    return all(p.category == "mark" for p in found[k:])


def _numbers(found: list[Piece], words: tuple[str, ...], lex: Lexicon) -> list[int]:
    """The numbers a reply gives as answers: not the "one" of "this one", "the blue one" or "the happy one", nor a
    count inside a sentence ("we've had 4 different key workers")."""
    numbers = []
    # a count needs a sentence, and only one number in it ("4 or 5 depending on the day" gives two answers)
    sentence = sum(p.category != "mark" for p in found) >= SENTENCE and sum(
        p.words[0].isdecimal() for p in found if p.category == "word") == 1
    for k, piece in enumerate(found):
        if piece.category != "word":
            continue
        word = piece.words[0]
        if word.isdecimal():
            if not (sentence and _plain(found, k - 1) and _plain(found, k + 1)):
                numbers.append(int(word))
        elif word in lex.numbers and not (word in lex.pronoun_one and k > 0 and found[k - 1].category != "mark"):
            numbers.append(lex.numbers[word])
    pronouns = sum(1 for i in range(len(words) - 1) if words[i:i + 2] in lex.not_numbers)
    for _ in range(min(pronouns, numbers.count(1))):  # drop the "one" of "this one"
        numbers.remove(1)
    return numbers


def _plain(found: list[Piece], k: int) -> bool:
    """Whether piece `k` is a word in no phrase, and not a number."""
    return 0 <= k < len(found) and found[k].category == "word" and not found[k].words[0].isdecimal()


def _scale_value(face_values: list[int], found: list[Piece], words: tuple[str, ...], lex: Lexicon) -> int | None:
    """The one point on the scale a reply gives, UNSURE for a reply that gives several that disagree, None for
    none."""
    numbers = _numbers(found, words, lex)
    said = points(found, lex)
    exact = [v for v, piece in said if piece.words not in lex.yes_no]
    exact += face_values
    exact += [lex.symbols[p.words[0]] for p in found if p.category == "word" and p.words[0] in lex.symbols]
    bare = [v for v, piece in said if piece.words in lex.yes_no]
    # a bare yes or no only agrees with exact words or numbers near it: "not really, no", "a bit, yeah", "yes 4"
    if not (exact or numbers) or any(abs(e - b) > 2 for e in exact + numbers for b in bare):
        exact += bare
    values = numbers + exact
    if not values:
        return None
    distinct = set(values)
    return distinct.pop() if len(distinct) == 1 else UNSURE


def _steer(category: str, detail: object) -> Coding:
    if category == "control":
        return Coding(Coded.CONTROL, control=str(detail))
    return Coding(Coded.SKIPPED if category == "skip" else Coded.DONT_KNOW)


def code_words(norm: str, words: tuple[str, ...], face_values: list[int], lex: Lexicon, kind: str) -> Coding:
    """Code a reply's words (normalised, typed faces taken out as `face_values`) to a question of `kind`, in the
    session's language and, if that cannot, in another (rule 9)."""
    coding = code_in(norm, words, face_values, lex, kind)
    if coding.status == Coded.UNCLEAR or (kind == Kind.FREE_TEXT and coding.status == Coded.ANSWERED):
        other = in_other_languages(norm, words, face_values, lex, kind)
        if other is not None:
            return other
    return coding


def code_in(norm: str, words: tuple[str, ...], face_values: list[int], lex: Lexicon, kind: str) -> Coding:
    """Code a reply in one language's words (rules 2 to 8, and 10)."""
    if kind == Kind.SCALE and NEGATIVE_NUMBER.search(norm):
        return Coding(Coded.UNCLEAR)
    whole = strip_fillers_and_join_numbers(words, lex)
    if not whole and not face_values:
        return Coding(Coded.UNCLEAR)
    steer = lex.phrases.get(whole) or lex.phrases.get(corrected(whole, lex))
    if steer and steer[0] not in ("scale", "position"):
        return _steer(*steer)  # the reply as a whole is a control, a skip or a don't-know ("sorry what")
    if kind == Kind.FREE_TEXT:
        # A sentence is an answer, even one that mentions 'stop' or 'help': only a bare control steers; a key held
        # down ("jjjjjjj") is not
        mashed = all(len(set(w)) == 1 for w in whole)
        return Coding(Coded.UNCLEAR if mashed else Coded.ANSWERED)
    said = strip_fillers_and_join_numbers(after_last_correction(words, lex), lex)
    coding = _code_scale(corrected(said, lex), face_values, lex)
    if coding.status == Coded.UNCLEAR:
        nearer = _code_scale(corrected(said, lex, extra=1), face_values, lex)
        if nearer.status == Coded.ANSWERED:
            return Coding(Coded.UNCLEAR, guess=nearer.value)
    return coding


def _code_scale(words: tuple[str, ...], face_values: list[int], lex: Lexicon) -> Coding:
    if not words and not face_values:
        return Coding(Coded.UNCLEAR)
    steer = lex.phrases.get(tuple(w for w in words if not _is_punctuation(w)))
    if steer and steer[0] not in ("scale", "position"):
        return _steer(*steer)
    found = pieces(words, lex)
    short = sum(p.category != "mark" for p in found) <= 3 and len(words) <= 4
    said_first = len(found) > 1 and found[0].category == "control" and found[1].category == "mark"  # "stop. i ..."
    for piece in found:
        if piece.category == "control" and (len(piece.words) > 1 or short or said_first):
            return _steer(piece.category, piece.detail)
    asks, ends_asking = bool(words) and words[0] in lex.question_words, bool(words) and words[-1] in QUESTION_MARKS
    value = None if asks and ends_asking else _scale_value(face_values, found, words, lex)
    if value is not None and any(p.category in ("skip", "dont_know") for p in found):
        value = UNSURE  # "skip 4 now": a skip and an answer are two meanings
    if value is not None:
        return Coding(Coded.ANSWERED, value=value) if 1 <= value <= SCALE_POINTS else Coding(Coded.UNCLEAR)
    for piece in found:
        if piece.category in ("skip", "dont_know") and (len(piece.words) > 1 or short):
            return _steer(piece.category, piece.detail)
    if asks or ends_asking:
        return Coding(Coded.CONTROL, control=Control.HELP)  # a question, and no answer in it: "what's an EHCP?"
    return Coding(Coded.UNCLEAR)


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


def in_other_languages(norm: str, words: tuple[str, ...], face_values: list[int], lex: Lexicon,
                       kind: str) -> Coding | None:
    """A short reply in another supported language's words, if every language that understands it agrees and the
    session's own language knows none of its words (rule 9); None otherwise."""
    said = tuple(w for w in strip_fillers(words, lex.fillers) if not _is_punctuation(w))
    if not said or len(said) > MAX_OTHER_LANGUAGE_WORDS or any(w in lex.known for w in said):
        return None
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
