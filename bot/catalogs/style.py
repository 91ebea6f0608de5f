"""Each language's house style, as a council's translation and interpreting service would hold a translator to
it, checked on every entry of the catalog: `locales/<lang>/style.yml`.

- `register`: how young people and adults are addressed in this language (prose, for translators);
- `glossary`: one term for one thing everywhere: every entry whose English has `english` (whole words, any case,
  or exactly as written with `case_sensitive: true`, so "SEND" is not "Send") has a translation matching `term`
  (a regular expression, any case, so inflected forms can be allowed);
- `refuse`: wordings no entry may have, each with where it applies (`in`: "young person", "adult", "SMS" or
  "all"), why, and an `example` of the mistake it catches: a masculine-only form said to a young person, an
  informal "you" said to a parent, "tap" in a text message.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import regex
import yaml
from babel.messages.catalog import Catalog, Message

from bot.catalogs.entries import channel_of, english_of, forms_of, reader_of
from bot.translation.speaker import LOCALE_DIR

SCOPES = ("young person", "adult", "SMS", "all")


class StyleError(ValueError):
    """A style file that cannot be used as it is."""


@dataclass(frozen=True)
class Rule:
    pattern: regex.Pattern[str]
    scope: str
    why: str
    example: str  # a wrong wording the rule catches, so that no rule is one that can never fail


@dataclass(frozen=True)
class Term:
    words: str
    english: regex.Pattern[str]
    term: regex.Pattern[str]
    note: str


@dataclass(frozen=True)
class Style:
    register: dict[str, str]
    glossary: tuple[Term, ...]
    refuse: tuple[Rule, ...]


def style_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "style.yml"


def _compiled(pattern: Any, where: str, any_case: bool = True) -> regex.Pattern[str]:
    try:
        return regex.compile(str(pattern), (regex.IGNORECASE if any_case else 0) | regex.V1)
    except regex.error as exc:
        raise StyleError(f"{where}: {pattern!r} is not a regular expression ({exc})") from None


@cache
def load_style(lang: str) -> Style | None:
    path = style_path(lang)
    if not path.exists():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    terms, rules = [], []
    for i, item in enumerate(data.get("glossary") or [], 1):
        where = f"{path} glossary entry {i}"
        words = rf"\b{regex.escape(str(item['english']))}\b"
        terms.append(Term(str(item["english"]), _compiled(words, where, not item.get("case_sensitive")),
                          _compiled(item["term"], where), str(item.get("note", ""))))
    for i, item in enumerate(data.get("refuse") or [], 1):
        where = f"{path} refuse entry {i}"
        if item.get("in") not in SCOPES:
            raise StyleError(f"{where}: `in` must be one of {', '.join(SCOPES)}")
        rules.append(Rule(_compiled(item["pattern"], where), item["in"], str(item.get("why", "")),
                          str(item.get("example", ""))))
    return Style(dict(data.get("register") or {}), tuple(terms), tuple(rules))


def _in_scope(message: Message, scope: str) -> bool:
    if scope == "all":
        return True
    if scope == "SMS":
        return channel_of(message) != "screen"
    young = reader_of(message) == "young person"
    return young if scope == "young person" else not young


def style_problems(catalog: Catalog, lang: str) -> list[str]:
    """Every entry that breaks the language's house style, saying which rule and why."""
    style = load_style(lang)
    if style is None:
        return []
    problems = []
    for message in catalog:
        if not message.id or not all(forms_of(message)):
            continue
        english, translation = english_of(message), " | ".join(forms_of(message))
        for rule in style.refuse:
            found = rule.pattern.search(translation) if _in_scope(message, rule.scope) else None
            if found:
                problems.append(f"{english[:70]!r}: \"{found.group(0)}\" ({rule.why})")
        for term in style.glossary:
            if term.english.search(english) and not term.term.search(translation):
                problems.append(f"{english[:70]!r}: should use the glossary's term for \"{term.words}\" "
                                f"({term.term.pattern})")
    return problems
