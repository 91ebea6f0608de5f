"""One catalog entry as a translator and a reviewer see it: its translation's forms, who reads it, where it is
sent, and a fluent speaker's verdict on it.

A review is kept in the catalog as a translator comment on the entry:
    # reviewed: ok by A. Reviewer on 2026-12-02 #1a2b3c4d
    # reviewed: query by A. Reviewer on 2026-12-02 #1a2b3c4d: "uczelnia" is a university
The hash is of the translation that was reviewed, so a review stops counting the moment the translation changes.
The catalog's header says how many entries a fluent speaker has passed ("# Checked by a fluent speaker: 12 of
663 entries"), counted afresh whenever the catalog is written.
"""

from __future__ import annotations

import gettext
import hashlib
import re
from dataclasses import dataclass
from datetime import date

from babel.messages.catalog import Catalog, Message

from bot.translation import messages

VERDICTS = ("ok", "query")
REVIEW = re.compile(r"^reviewed: (ok|query) by (.+?) on (\d{4}-\d{2}-\d{2}) #([0-9a-f]{8})(?:: (.*))?$")
CHECKED_LINE = re.compile(r"^# Checked by a fluent speaker: .*$", re.MULTILINE)
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
COUNT = "{n}"


def forms_of(message: Message) -> list[str]:
    """A message's translation as a list of plural forms (one for a message without plurals)."""
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return [s or "" for s in strings]


def english_of(message: Message) -> str:
    return message.id if isinstance(message.id, str) else " | ".join(message.id)


def placeholders_fit(english: str | tuple[str, ...] | list[str], translation: str, one_number: bool = False) -> bool:
    """A translation keeps every placeholder of the English and adds none. A plural form used for one number
    only may leave out the count, as languages do where the word itself says it (Arabic "سؤالان", two
    questions; Polish "jedno pytanie")."""
    expected = set(PLACEHOLDER.findall(english if isinstance(english, str) else " ".join(english)))
    found = set(PLACEHOLDER.findall(translation))
    if one_number and not isinstance(english, str):
        return found <= expected and expected - {COUNT} <= found
    return found == expected


def forms_for_one_number(catalog: Catalog) -> frozenset[int]:
    """The plural forms this language uses for a single number (Arabic: 0, 1 and 2; English: 1), by the catalog's
    own Plural-Forms rule as gettext reads it."""
    choose = gettext.c2py(catalog.plural_expr)
    used: dict[int, int] = {}
    for n in range(200):
        used[choose(n)] = used.get(choose(n), 0) + 1
    return frozenset(form for form, times in used.items() if times == 1)


def reader_of(message: Message) -> str:
    """Who reads the entry, for the translator's register: a young person, an adult, or anyone."""
    singular = message.id if isinstance(message.id, str) else message.id[0]
    notes = " ".join(message.auto_comments)
    if message.context == messages.YOUNG_PERSON:
        return "young person"
    if singular in messages.ADDRESSED:
        return "parent or carer, or not known yet"
    if ", seed: " in notes:
        return "analysts (the framework's own words)"
    if "Read by a parent or carer" in notes or "(polite form)" in notes:
        return "parent, carer or advocate"
    return "anyone (a polite or neutral form)"


def channel_of(message: Message) -> str:
    """Where the entry is shown: "SMS" only, "screen" only (web chat, Telegram), or "all"."""
    singular = message.id if isinstance(message.id, str) else message.id[0]
    if singular in messages.PLAIN_TEXT:
        return "SMS"
    return "screen" if singular in messages.ON_SCREEN else "all"


@dataclass(frozen=True)
class Review:
    verdict: str  # "ok": right as it is; "query": the reviewer says what is wrong in `note`
    reviewer: str
    day: str
    digest: str
    note: str = ""

    def __str__(self) -> str:
        return f"reviewed: {self.verdict} by {self.reviewer} on {self.day} #{self.digest}" + (
            f": {self.note}" if self.note else "")


def digest_of(message: Message) -> str:
    return hashlib.sha256("\x00".join(forms_of(message)).encode("utf-8")).hexdigest()[:8]


def review_of(message: Message) -> Review | None:
    """The review of the translation as it stands now (None if there is none, or it was of an earlier one)."""
    for comment in message.user_comments:
        found = REVIEW.match(comment)
        if found and found.group(4) == digest_of(message):
            return Review(found.group(1), found.group(2), found.group(3), found.group(4), found.group(5) or "")
    return None


def record_review(message: Message, verdict: str, reviewer: str, note: str = "", day: date | None = None) -> None:
    """Keep a reviewer's verdict on the translation as it stands now, in place of any earlier review."""
    review = Review(verdict, " ".join(reviewer.split()), (day or date.today()).isoformat(), digest_of(message),
                    " ".join(note.split()))
    message.user_comments = [c for c in message.user_comments if not REVIEW.match(c)] + [str(review)]


def passed(catalog: Catalog) -> int:
    """Entries whose translation as it stands a fluent speaker has passed."""
    return sum(1 for m in catalog if m.id and (r := review_of(m)) is not None and r.verdict == "ok")


def refresh_checked_line(catalog: Catalog) -> None:
    """The header's count of entries a fluent speaker has passed, as it is now."""
    if not catalog.header_comment or not CHECKED_LINE.search(catalog.header_comment):
        return
    total = sum(1 for m in catalog if m.id)
    catalog.header_comment = CHECKED_LINE.sub(
        f"# Checked by a fluent speaker: {passed(catalog)} of {total} entries", catalog.header_comment)
