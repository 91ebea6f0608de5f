"""The coder's word lists, one data file a language (`bot/understanding/word_lists/<lang>.yml`), read once and
cached."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import TypeVar

import regex
import yaml

from bot.understanding.normalise import fold, normalise, tokens

LEXICON_DIR = Path(__file__).parent / "word_lists"
CONTROLS = ("stop", "pause", "help", "repeat", "back", "language")
ROLE_NAMES = ("young_person", "parent_carer", "advocate")


@dataclass(frozen=True)
class Lexicon:
    lang: str
    fillers: frozenset[tuple[str, ...]]
    numbers: dict[str, int]
    # numbers said in several words ("un deg pump", "dwadzieścia jeden"), read before anything else
    number_phrases: dict[tuple[str, ...], int]
    # phrase (as tokens) -> (category, detail); category is scale, guess, position, control, skip, dont_know
    phrases: dict[tuple[str, ...], tuple[str, object]]
    roles: dict[tuple[str, ...], str]
    carry_on: frozenset[tuple[str, ...]]
    yes_no: frozenset[tuple[str, ...]]
    not_numbers: frozenset[tuple[str, ...]]
    symbols: dict[str, int]
    # what people call this language, beyond Babel's names for it ("bangla", "عربي"), to choose it by name
    language_names: frozenset[tuple[str, ...]]
    greetings: frozenset[tuple[str, ...]]
    # the regex module, not re: its \b and \w know that Bengali vowel signs are part of a word
    concern: tuple[regex.Pattern[str], ...]
    # the ones a recogniser listens for (bot/listening/spoken_concern.py): `concern` without `concern_in_writing`
    spoken_concern: tuple[regex.Pattern[str], ...]
    # words that together suggest a concern (bot/understanding/safeguarding.py): phrase -> its group
    concern_words: dict[tuple[str, ...], str]
    # the scale phrases a recogniser listens for (bot/listening/phrases.py): the everyday family's
    spoken_scale: tuple[tuple[str, ...], ...]
    # the faces family's: how someone feels ("trista", "drist"), not how often or how much
    feelings: frozenset[tuple[str, ...]]
    # the controls, skips and don't-knows it listens for: the word list's, without those `in_writing`
    spoken_steers: dict[tuple[str, ...], tuple[str, object]]
    not_concern: tuple[regex.Pattern[str], ...]
    # what changes the scale phrase beside it: "not" before it, Bengali "না" after it, "very" before it
    negators_before: frozenset[tuple[str, ...]] = frozenset()
    negators_after: frozenset[tuple[str, ...]] = frozenset()
    intensifiers: frozenset[tuple[str, ...]] = frozenset()
    intensifiers_after: frozenset[tuple[str, ...]] = frozenset()
    # "i think", "chyba": beside a bare yes or no, they soften it
    hedges: frozenset[tuple[str, ...]] = frozenset()
    # "but", "ale": after an answer, a "but not ..." that turns no phrase round gives a second, other answer
    contrasts: frozenset[tuple[str, ...]] = frozenset()
    # "some", "kabhi", "uneori": said twice over two parts ("some good some bad", "kabhi haan kabhi nahi") they split
    # the answer down the middle
    splits: frozenset[str] = frozenset()
    # words typed for others that sound the same ("knot really"), anywhere in a reply or only as its first word
    # ("know im scared": speech-to-text and texting write "no" so)
    sounds_like: dict[str, str] = field(default_factory=dict)
    sounds_like_first: dict[str, str] = field(default_factory=dict)
    # words for the opposite of what every scale question asks about (feeling safe): a frequency said of one is
    # turned round ("i never feel unsafe" is 5, "always scared" 1)
    opposites: frozenset[tuple[str, ...]] = frozenset()
    # words a sentence of its own starts with ("i", "its", "my"): after an answer, such a sentence says why
    subjects: frozenset[str] = frozenset()
    # "so", "deci", "tai": what follows one, if it answers, is the conclusion of what came before
    conclusions: frozenset[str] = frozenset()
    # words a question starts with ("what's an EHCP?"): a question with no answer in it asks for help
    question_words: frozenset[str] = frozenset()
    # "no wait", "i mean": what follows the last of these is the answer
    corrections: frozenset[tuple[str, ...]] = frozenset()
    # "one" after a scale word or a position ("the happy one") is not a number
    pronoun_one: frozenset[str] = frozenset()
    # every word the lists hold (never corrected), and the words a misspelling may be corrected to
    known: frozenset[str] = frozenset()
    spelling_targets: tuple[str, ...] = ()

    @cached_property
    def negators(self) -> frozenset[tuple[str, ...]]:
        """Every negator, before or after the phrase it governs."""
        return self.negators_before | self.negators_after

    @cached_property
    def spelling_targets_set(self) -> frozenset[str]:
        return frozenset(self.spelling_targets)

    @cached_property
    def longest_phrase(self) -> int:
        return max(len(p) for p in self.phrases)

    @cached_property
    def longest_concern_word(self) -> int:
        return max(map(len, self.concern_words), default=0)

    @cached_property
    def concern_word_starts(self) -> frozenset[str]:
        return frozenset(phrase[0] for phrase in self.concern_words)

    @cached_property
    def steering_words(self) -> frozenset[str]:
        """Every word of a control phrase: after "i want to stop", "the survey now" still asks to stop."""
        return frozenset(w for phrase, (category, _) in self.phrases.items() if category == "control" for w in phrase)

    @cached_property
    def number_phrase_starts(self) -> frozenset[str]:
        return frozenset(phrase[0] for phrase in self.number_phrases)

    @cached_property
    def any_concern(self) -> regex.Pattern[str] | None:
        """`concern` as one pattern, searched once rather than pattern by pattern."""
        return _joined(self.concern)

    @cached_property
    def any_not_concern(self) -> regex.Pattern[str] | None:
        return _joined(self.not_concern)

    @cached_property
    def modifiers(self) -> dict[tuple[str, ...], str]:
        """Negators and intensifiers as phrases: "negate", "negate_after", "intensify" or "intensify_after"."""
        return {**{p: "intensify_after" for p in self.intensifiers_after},
                **{p: "intensify" for p in self.intensifiers}, **{p: "negate_after" for p in self.negators_after},
                **{p: "negate" for p in self.negators_before}}


def _words(text: object) -> tuple[str, ...]:
    if not isinstance(text, str):
        # YAML reads a bare yes/no/on/off as true/false: such words must be quoted in the word list.
        raise ValueError(f"word list entry {text!r} is not text; put it in quotes")
    return tokens(normalise(text))


def _joined(patterns: tuple[regex.Pattern[str], ...]) -> regex.Pattern[str] | None:
    """Patterns as one alternation, or None for none (an empty alternation would match every text)."""
    return regex.compile("|".join(f"(?:{p.pattern})" for p in patterns), regex.IGNORECASE) if patterns else None


T = TypeVar("T")


def longest_first(words: tuple[str, ...], find: Callable[[tuple[str, ...]], T | None], longest: int,
                  shortest: int = 1) -> Iterator[tuple[T | None, tuple[str, ...]]]:
    """The words left to right, taking at each place the longest phrase (of `shortest` to `longest` words) that
    `find` knows: (what it found, the phrase) for each phrase, (None, (word,)) for each word no phrase starts."""
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), shortest - 1, -1):
            if (found := find(words[i:i + size])) is not None:
                yield found, words[i:i + size]
                i += size
                break
        else:
            yield None, words[i:i + 1]
            i += 1


@lru_cache(maxsize=64)
def _first_words(fillers: frozenset[tuple[str, ...]]) -> tuple[int, frozenset[str]]:
    """The longest filler's length, and the words a filler starts with."""
    return max((len(f) for f in fillers), default=0), frozenset(f[0] for f in fillers if f)


def strip_fillers(words: tuple[str, ...], fillers: frozenset[tuple[str, ...]]) -> tuple[str, ...]:
    """The words without fillers ("um", "I think"), longest filler first."""
    longest, firsts = _first_words(fillers)
    if firsts.isdisjoint(words):  # most replies hold none: no need to try every phrase
        return words
    return tuple(w for found, phrase in longest_first(words, lambda p: True if p in fillers else None, longest)
                 if found is None for w in phrase)


@cache
def symbol_meanings() -> dict:
    return dict(yaml.safe_load((LEXICON_DIR / "_symbols.yml").read_text(encoding="utf-8")))


@cache
def symbols() -> dict[str, int]:
    data = symbol_meanings()
    table: dict[str, int] = {}
    for group in ("emoji", "ascii"):
        for value, marks in data[group].items():
            for mark in marks:
                table[mark] = int(value)
    return table


@cache
def available_languages() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in LEXICON_DIR.glob("*.yml") if not p.stem.startswith("_")))


@cache
def load_lexicon(lang: str) -> Lexicon:
    path = LEXICON_DIR / f"{lang}.yml"
    if not path.exists():
        raise ValueError(f"no word list for language '{lang}'; add bot/understanding/word_lists/{lang}.yml "
                         f"(available: {', '.join(available_languages())})")
    try:
        return read_lexicon(lang, path)
    except (ValueError, KeyError, TypeError, regex.error) as exc:
        raise ValueError(f"{path}: {exc}") from exc


def word_list(lang: str) -> dict:
    """A language's word list as written, for what is made from it (Rasa's training examples)."""
    return dict(yaml.safe_load((LEXICON_DIR / f"{lang}.yml").read_text(encoding="utf-8")))


def scale_words(data: dict, only: str | None = None) -> dict[int, list[object]]:
    """A word list's scale words by point, every family's together (everyday words first), or `only` one family's:
    `scale` is either points to words, or families (everyday, agreement, faces ...) each of points to words."""
    scale = data["scale"]
    if not all(isinstance(v, dict) for v in scale.values()):
        scale = {SPOKEN_FAMILY: scale}
    families = [scale.get(only, {})] if only else scale.values()
    points: dict[int, list[object]] = {}
    for family in families:
        for value, words in family.items():
            points.setdefault(int(value), []).extend(words)
    return dict(sorted(points.items()))


POSITIONS = ("first", "second", "third", "fourth", "middle", "last", "second_last")
# the family a recogniser listens for: each phrase more in its grammar is one more rival to the others ("for sure"
# and "four"), and the voice evaluation was tuned on this one
SPOKEN_FAMILY = "everyday"
# a misspelling this long or longer may be corrected (shorter words are too often other real words: "hope" is
# not "nope"), by at most this many edits: the distance grows with the word
MIN_CORRECTED = 5


def _concern_words(data: dict) -> dict[tuple[str, ...], str]:
    """`concern_words` as phrase -> group ("alone" or a group's name); a phrase in two groups is refused."""
    found: dict[tuple[str, ...], str] = {}
    for group, phrases in [("alone", data.get("alone", [])), *data.get("groups", {}).items()]:
        for phrase in phrases:
            key = _words(phrase)
            if found.setdefault(key, group) != group:
                raise ValueError(f"concern word '{phrase}' is in both {found[key]} and {group}; keep it in one")
    return found


def read_lexicon(lang: str, path: Path) -> Lexicon:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fillers = frozenset(_words(f) for f in data["fillers"])

    def _phrase(text: object) -> tuple[str, ...]:
        # a reply loses its fillers before it is matched, so a phrase does too ("i'm ready" is "ready")
        return strip_fillers(_words(text), fillers) or _words(text)

    phrases: dict[tuple[str, ...], tuple[str, object]] = {}

    negation = data.get("negation", {})
    # a negator that is no answer itself ("not"; Romanian "nu" is also "no")
    negators = {_words(w) for side in negation.values() for w in side} - {_words(w) for w in data["yes_no"]}

    def _add(word: object, meaning: tuple[str, object]) -> None:
        key = _phrase(word)
        if key in negators and key != _words(word):
            # "not well" with "well" a filler would make "not" itself an answer
            raise ValueError(f"'{word}' reads as '{' '.join(key)}', a negator; take a word out of the fillers")
        if phrases.get(key, meaning) != meaning:
            # two lists claim one phrase (often once a filler is taken out): the coder would pick one silently
            raise ValueError(f"'{word}' reads as '{' '.join(key)}', which is already {phrases[key]}; "
                             f"remove one, or take a word out of the fillers")
        phrases[key] = meaning

    for value, words in scale_words(data).items():
        for word in words:
            _add(word, ("scale", value))
    for value, words in data.get("guesses", {}).items():
        for word in words:
            _add(word, ("guess", int(value)))
    for position in POSITIONS:
        for word in data.get("positions", {}).get(position, []):
            _add(word, ("position", position))
    def _add_steers(lists: dict) -> dict[tuple[str, ...], tuple[str, object]]:
        """The skips, don't-knows and controls of `lists` (the word list, or its `in_writing`), added."""
        steers: list[tuple[object, tuple[str, object]]] = [
            (word, (category, None)) for category in ("skip", "dont_know") for word in lists.get(category, [])]
        steers += [(word, ("control", control)) for control in CONTROLS
                   for word in lists.get("controls", {}).get(control, [])]
        for word, meaning in steers:
            _add(word, meaning)
        return {_phrase(word): meaning for word, meaning in steers}

    spoken_steers = _add_steers(data)
    _add_steers(data.get("in_writing", {}))
    for mark in symbol_meanings()["dont_know"]:
        _add(mark, ("dont_know", None))
    roles = {_phrase(w): role for role in ROLE_NAMES for w in data["roles"][role]}
    # intensifiers are a list (all before the phrase) or, where some follow it, before and after
    intensifiers = data.get("intensifiers", [])
    intensifiers = intensifiers if isinstance(intensifiers, dict) else {"before": intensifiers}
    numbers = {str(k) for k in data["numbers"]}
    known = {w for section in (phrases, roles) for p in section for w in p}
    known |= {w for t in (*fillers, *(_words(n) for n in numbers)) for w in t}
    known |= {w for key in ("carry_on", "yes_no", "not_numbers", "corrections", "greetings", "language_names",
                            "pronoun_one", "question_words", "hedges", "contrasts", "splits", "real_words",
                            "opposites", "subjects", "conclusions")
              for p in data.get(key, []) for w in _words(p)}
    known |= {w for side in (*negation.values(), *intensifiers.values()) for p in side for w in _words(p)}
    number_words = {w for n in numbers for w in _words(n)}
    controls = {w for p, (category, _) in phrases.items() if category == "control" for w in p}
    # what a misspelling may become: the words of answers and of the words that change them, never a number
    # ("there" is not "three") and never a short control ("helps" is not "help")
    targets = {w for p, (category, _) in phrases.items() if category != "control" for w in p}
    targets |= {w for w in controls if len(w) >= MIN_CORRECTED + 1}
    targets |= {w for side in negation.values() for p in side for w in _words(p)}
    targets |= {w for side in intensifiers.values() for p in side for w in _words(p)}
    targets = {w for w in targets - number_words if len(w) >= MIN_CORRECTED - 1 and not w.isdecimal()}
    return Lexicon(
        lang=lang,
        fillers=fillers,
        numbers={w[0]: int(v) for k, v in data["numbers"].items() if len(w := _words(str(k))) == 1},
        number_phrases={w: int(v) for k, v in data["numbers"].items() if len(w := _words(str(k))) > 1},
        phrases=phrases,
        roles=roles,
        carry_on=frozenset(_phrase(w) for w in data["carry_on"]),
        yes_no=frozenset(_phrase(w) for w in data["yes_no"]),
        not_numbers=frozenset(_phrase(w) for w in data.get("not_numbers", [])),
        symbols=symbols(),
        language_names=frozenset(_words(w) for w in data["language_names"]),
        greetings=frozenset(_words(w) for w in data["greetings"]),
        concern=tuple(regex.compile(fold(p), regex.IGNORECASE)
                      for p in data["concern"] + data.get("concern_in_writing", [])),
        concern_words=_concern_words(data.get("concern_words", {})),
        spoken_steers=spoken_steers,
        spoken_scale=tuple(dict.fromkeys(_phrase(w) for words in scale_words(data, SPOKEN_FAMILY).values()
                                         for w in words)),
        feelings=frozenset(_phrase(w) for words in scale_words(data, "faces").values() for w in words),
        spoken_concern=tuple(regex.compile(fold(p), regex.IGNORECASE) for p in data["concern"]),
        not_concern=tuple(regex.compile(fold(p), regex.IGNORECASE) for p in data.get("not_concern", [])),
        negators_before=frozenset(_words(w) for w in negation.get("before", [])),
        negators_after=frozenset(_words(w) for w in negation.get("after", [])),
        intensifiers=frozenset(_words(w) for w in intensifiers.get("before", [])),
        intensifiers_after=frozenset(_words(w) for w in intensifiers.get("after", [])),
        hedges=frozenset(_words(w) for w in data.get("hedges", [])),
        contrasts=frozenset(_words(w) for w in data.get("contrasts", [])),
        splits=frozenset(w for p in data.get("splits", []) for w in _words(p)),
        conclusions=frozenset(w for p in data.get("conclusions", []) for w in _words(p)),
        subjects=frozenset(w for p in data.get("subjects", []) for w in _words(p)),
        opposites=frozenset(_words(w) for w in data.get("opposites", [])),
        sounds_like={str(k): str(v) for k, v in data.get("sounds_like", {}).get("anywhere", {}).items()},
        sounds_like_first={str(k): str(v) for k, v in data.get("sounds_like", {}).get("first", {}).items()},
        question_words=frozenset(w for p in data.get("question_words", []) for w in _words(p)),
        corrections=frozenset(_words(w) for w in data.get("corrections", [])),
        pronoun_one=frozenset(w for p in data.get("pronoun_one", []) for w in _words(p)),
        known=frozenset(known),
        spelling_targets=tuple(sorted(targets)),
    )
