"""The coder's word lists, one data file a language (`bot/lexicon/<lang>.yml`), read once and cached."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex
import yaml

from bot.normalise import fold, normalise, tokens

LEXICON_DIR = Path(__file__).parent / "lexicon"
CONTROLS = ("stop", "pause", "help", "repeat", "back")
ROLE_NAMES = ("young_person", "parent_carer", "advocate")


@dataclass(frozen=True)
class Lexicon:
    lang: str
    fillers: frozenset[tuple[str, ...]]
    numbers: dict[str, int]
    # phrase (as tokens) -> (category, detail); category is scale, control, skip, dont_know
    phrases: dict[tuple[str, ...], tuple[str, object]]
    roles: dict[tuple[str, ...], str]
    carry_on: frozenset[tuple[str, ...]]
    yes_no: frozenset[tuple[str, ...]]
    not_numbers: frozenset[tuple[str, ...]]
    symbols: dict[str, int]
    # the regex module, not re: its \b and \w know that Bengali vowel signs are part of a word
    concern: tuple[regex.Pattern[str], ...]
    not_concern: tuple[regex.Pattern[str], ...]

    @property
    def longest_phrase(self) -> int:
        return max(len(p) for p in self.phrases)


def _phrase(text: object) -> tuple[str, ...]:
    if not isinstance(text, str):
        # YAML reads a bare yes/no/on/off as true/false: such words must be quoted in the word list.
        raise ValueError(f"word list entry {text!r} is not text; put it in quotes")
    return tokens(normalise(text))


@cache
def symbols() -> dict[str, int]:
    data = yaml.safe_load((LEXICON_DIR / "_symbols.yml").read_text(encoding="utf-8"))
    table: dict[str, int] = {}
    for group in ("emoji", "ascii"):
        for value, marks in data[group].items():
            for mark in marks:
                table[mark] = int(value)
    return table


def available_languages() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in LEXICON_DIR.glob("*.yml") if not p.stem.startswith("_")))


@cache
def load_lexicon(lang: str) -> Lexicon:
    path = LEXICON_DIR / f"{lang}.yml"
    if not path.exists():
        raise ValueError(f"no word list for language '{lang}'; add bot/lexicon/{lang}.yml "
                         f"(available: {', '.join(available_languages())})")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    phrases: dict[tuple[str, ...], tuple[str, object]] = {}
    for value, words in data["scale"].items():
        for word in words:
            phrases[_phrase(word)] = ("scale", int(value))
    for category in ("skip", "dont_know"):
        for word in data[category]:
            phrases[_phrase(word)] = (category, None)
    for control in CONTROLS:
        for word in data["controls"][control]:
            phrases[_phrase(word)] = ("control", control)
    roles = {_phrase(w): role for role in ROLE_NAMES for w in data["roles"][role]}
    return Lexicon(
        lang=lang,
        fillers=frozenset(_phrase(f) for f in data["fillers"]),
        numbers={normalise(str(k)): int(v) for k, v in data["numbers"].items()},
        phrases=phrases,
        roles=roles,
        carry_on=frozenset(_phrase(w) for w in data["carry_on"]),
        yes_no=frozenset(_phrase(w) for w in data["yes_no"]),
        not_numbers=frozenset(_phrase(w) for w in data.get("not_numbers", [])),
        symbols=symbols(),
        concern=tuple(regex.compile(fold(p), regex.IGNORECASE) for p in data["concern"]),
        not_concern=tuple(regex.compile(fold(p), regex.IGNORECASE) for p in data.get("not_concern", [])),
    )
