"""Invitation links from a council's list of families: `sayit invitations --file families.csv`.

The list stays the council's: SayIt reads it, adds to each row the language it will open in and the links to
send (web chat, and Telegram when the bot's name is set), and writes a copy. It keeps nothing, so names and
numbers in the list never reach SayIt's store. The language column may hold a code ("pl", "pl-PL") or a name
in any supported language ("Polish", "Polski", "بولندي"); a language SayIt does not speak yet gets a link that
asks, and the summary says which rows.

A list with a family column (the council's reference for a household, the same on a parent's row and their own
child's) gets links that carry the family's key, a keyed hash of that reference (`bot.pseudonym.family_key`): each
person is asked, in their own session, whether their answers may be put beside their family's.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from bot.pseudonym import family_key
from bot.settings import public_url, telegram_bot_name
from bot.translation.languages import LANG_TAG, named_language, negotiate, supported
from bot.understanding.normalise import normalise, tokens

ADDED_COLUMNS = ("sayit_language", "web_link", "telegram_link")
LANGUAGE_HEADERS = ("language", "preferred language", "home language", "lang")
FAMILY_HEADERS = ("family", "family reference", "family ref", "family_ref", "family id", "family_id")


class InvitationError(ValueError):
    """The list cannot be read as it is; the message says what to change."""


@dataclass(frozen=True)
class Links:
    base_url: str  # where the web chat is served, e.g. https://sayit.example.gov.uk
    telegram_bot: str | None  # the bot's @name without the @, if Telegram is offered

    @classmethod
    def from_env(cls, base_url: str | None = None) -> Links:
        return cls((base_url or public_url()).rstrip("/"), telegram_bot_name())

    def web(self, survey: str, lang: str | None, family: str | None = None) -> str:
        query = {"survey": survey, **({"lang": lang} if lang else {}), **({"family": family} if family else {})}
        return f"{self.base_url}/webhooks/webchat/chat?{urlencode(query)}"

    def telegram(self, survey: str, lang: str | None, family: str | None = None) -> str:
        # Telegram's start parameter allows 64 letters, digits, _ and -: "<survey>-<lang>-<family key>", read by
        # channels/telegram.py (a language is 2-3 letters, a family key 16 hex digits)
        if not self.telegram_bot:
            return ""
        parameter = "-".join(p for p in (survey, lang, family) if p)
        return f"https://t.me/{self.telegram_bot}?start={parameter}"


def language_of(value: str) -> str | None:
    """A supported language from a list's language cell, or None when SayIt does not speak it yet."""
    value = value.strip()
    if not value:
        return None
    if LANG_TAG.match(value):
        found = negotiate([value], default="")
        if found:
            return found
    return named_language(tokens(normalise(value)), list(supported()), by_number=False)


def _language_column(headers: list[str]) -> str:
    for header in headers:
        if header.strip().lower() in LANGUAGE_HEADERS:
            return header
    raise InvitationError(f"the list needs a language column (one of: {', '.join(LANGUAGE_HEADERS)}); "
                          f"its columns are: {', '.join(headers) or 'none'}")


def _family_column(headers: list[str]) -> str | None:
    return next((h for h in headers if h.strip().lower() in FAMILY_HEADERS), None)


def write_invitations(source: Path, out: Path, survey: str, links: Links, surveys: set[str],
                      pseudonym_key: bytes | None = None) -> Counter[str]:
    """Write `out`: every row of `source` with the added columns. Returns how many rows each language got
    ("" for a language SayIt does not speak yet, keyed as "?<what the list said>")."""
    try:
        with source.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            headers = list(reader.fieldnames or [])
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InvitationError(f"could not read {source} as a CSV file in UTF-8 ({exc})") from exc
    column, family_column = _language_column(headers), _family_column(headers)
    if family_column and not pseudonym_key:
        raise InvitationError("the list has a family column, and its links need SAYIT_PSEUDONYM_KEY to hash it")
    clash = [c for c in ADDED_COLUMNS if c in headers]
    if clash:
        raise InvitationError(f"the list already has {', '.join(clash)}: remove those columns and run this again")
    counts: Counter[str] = Counter()
    for row in rows:
        own = (row.get("survey") or "").strip() or survey
        if own not in surveys:
            raise InvitationError(f"row {reader.line_num}: no survey '{own}'; `sayit surveys` lists them")
        lang = language_of(row.get(column) or "")
        counts[lang or f"?{(row.get(column) or '').strip() or '(blank)'}"] += 1
        reference = (row.get(family_column) or "").strip() if family_column else ""
        family = family_key(pseudonym_key, reference) if reference and pseudonym_key else None
        row.update(sayit_language=lang or "", web_link=links.web(own, lang, family),
                   telegram_link=links.telegram(own, lang, family))
    partial = out.with_name(out.name + ".partial")  # a half-written list is never left under the real name
    with partial.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=headers + list(ADDED_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    partial.replace(out)
    return counts
