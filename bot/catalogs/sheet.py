"""A catalog as a spreadsheet (CSV) and back, for translators and for the fluent speakers who review them.

One row per message, or per plural form with the numbers that form is used for, with the English, the note for
translators, who reads it (a young person, or a parent or carer) and where it is sent. A reviewer puts "ok" in
the verdict column for a translation that is right (after correcting it in the translation column if need be),
or "query" with a reviewer's note saying what is wrong; importing with the reviewer's name records who reviewed
what (`bot/catalogs/entries.py`). Importing checks the whole sheet first and changes nothing if any row is wrong:
a changed English message, a placeholder unlike the English one, a plural form the language does not have, a
verdict other than ok or query, a query without a note, or verdicts without the reviewer's name.
"""

from __future__ import annotations

import csv
import gettext
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from bot.catalogs.entries import (
    PLACEHOLDER,
    VERDICTS,
    channel_of,
    forms_for_one_number,
    forms_of,
    placeholders_fit,
    reader_of,
    record_review,
    review_of,
)
from bot.catalogs.files import po_path, read_catalog, write_catalog

COLUMNS = ("status", "reader", "channel", "english", "english_plural", "form", "used_for", "translation", "note",
           "context", "reviewed", "verdict", "reviewer_note")
EXAMPLE_NUMBERS = range(0, 200)


class SheetError(ValueError):
    """The sheet cannot be imported as it is; nothing was changed."""


@dataclass
class Imported:
    updated: int
    unchanged: int
    reviewed: int = 0


def _status(message: Message) -> str:
    if not all(forms_of(message)):
        return "to translate"
    return "to check: the English changed, or the translation was guessed" if message.fuzzy else "done"


def _used_for(catalog: Catalog, form: int) -> str:
    """The first few numbers that take this plural form in this language, e.g. "2, 3, 4, 22" for Polish."""
    choose = gettext.c2py(catalog.plural_expr)  # the catalog's own Plural-Forms rule, as gettext reads it
    numbers = [n for n in EXAMPLE_NUMBERS if choose(n) == form][:6]
    return ", ".join(map(str, numbers))


def _spaced_like(english: str, translation: str) -> str:
    """The translation without the stray spaces a spreadsheet adds, but with the English's own leading and
    trailing spaces (the summary's "; " between items keeps its space)."""
    core = translation.strip()
    if not core:
        return ""
    return english[:len(english) - len(english.lstrip())] + core + english[len(english.rstrip()):]


def export_sheet(lang: str, path: Path, only_to_do: bool = False, po: Path | None = None) -> int:
    """Write the catalog of `lang` (or the .po file `po`) as CSV (UTF-8 with a byte-order mark, so spreadsheets
    read any script); return the number of rows."""
    catalog = read_catalog(po or po_path(lang), lang)
    rows = []
    for message in catalog:
        if not message.id or (only_to_do and _status(message) == "done"):
            continue
        review = review_of(message)
        base = {"status": _status(message), "reader": reader_of(message), "channel": channel_of(message),
                "note": " ".join(message.auto_comments), "context": message.context or "",
                "reviewed": str(review).removeprefix("reviewed: ") if review else ""}
        if isinstance(message.id, (list, tuple)):
            strings = forms_of(message) + [""] * catalog.num_plurals
            for form in range(catalog.num_plurals):
                rows.append({**base, "english": message.id[0], "english_plural": message.id[1], "form": form,
                             "used_for": _used_for(catalog, form), "translation": strings[form]})
        else:
            rows.append({**base, "english": message.id, "english_plural": "", "form": "", "used_for": "",
                         "translation": message.string})
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def import_sheet(lang: str, path: Path, po: Path | None = None, reviewer: str | None = None) -> Imported:
    """Take the translations, and any reviewer's verdicts, from a sheet into the catalog of `lang` (or the .po
    file `po`), all or none. Verdicts need the `reviewer`'s name."""
    po = po or po_path(lang)
    catalog = read_catalog(po, lang)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = {"english", "translation"} - set(reader.fieldnames or ())
            if missing:
                raise SheetError(f"{path}: the sheet needs the columns {', '.join(sorted(missing))}; "
                                 f"make one with `sayit catalogs sheet --lang {lang}`")
            rows = list(reader)
    except UnicodeDecodeError:
        raise SheetError(f"{path} is not UTF-8 text; save it from the spreadsheet as 'CSV UTF-8'") from None
    problems: list[str] = []
    one_number = forms_for_one_number(catalog)
    changes: dict[tuple[object, str | None], tuple[Message, dict[int, str]]] = {}
    verdicts: dict[tuple[object, str | None], tuple[str, str]] = {}
    for line, row in enumerate(rows, start=2):
        translation = _spaced_like(row.get("english") or "", row.get("translation") or "")
        verdict, said = (row.get("verdict") or "").strip().lower(), (row.get("reviewer_note") or "").strip()
        if verdict and verdict not in VERDICTS:
            problems.append(f"row {line}: the verdict must be ok, query, or empty (not reviewed), not \"{verdict}\"")
            continue
        if verdict == "query" and not said:
            problems.append(f"row {line}: a query needs a reviewer_note saying what is wrong")
            continue
        if verdict and not (reviewer or "").strip():
            problems.append(f"row {line}: has a verdict, so say who reviewed the sheet with --reviewer \"Name\"")
            continue
        if not translation:
            if verdict:
                problems.append(f"row {line}: a verdict needs the translation it is about")
            continue
        english, plural = row.get("english") or "", row.get("english_plural") or ""
        key = (english, plural) if plural else english
        context = row.get("context") or None
        message = catalog.get(key, context)
        if message is None:
            problems.append(f"row {line}: the English \"{english[:60]}\" is no longer in the catalog (it has "
                            "changed since this sheet was made); make a fresh sheet and copy the translation over")
            continue
        form = 0
        if plural:
            try:
                form = int(row.get("form") or "")
            except ValueError:
                form = -1
            if not 0 <= form < catalog.num_plurals:
                problems.append(f"row {line}: form must be a number from 0 to {catalog.num_plurals - 1}")
                continue
        if not placeholders_fit(key, translation, plural != "" and form in one_number):
            wanted = set(PLACEHOLDER.findall(f"{english} {plural}"))
            problems.append(f"row {line}: the translation must keep the placeholders "
                            f"{', '.join(sorted(wanted)) or '(none)'} exactly as in the English")
            continue
        changes.setdefault((message.id, context), (message, {}))[1][form] = translation
        if verdict:
            verdicts[(message.id, context)] = (verdict, said)
    if problems:
        shown = "\n  ".join(problems[:10]) + (f"\n  ...and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise SheetError(f"{path}: nothing was imported, because {len(problems)} row(s) need a fix:\n  {shown}")
    updated = 0
    for message, forms in changes.values():
        before = (message.string, message.fuzzy)
        if isinstance(message.id, (list, tuple)):
            strings = forms_of(message) + [""] * catalog.num_plurals
            for form, text in forms.items():
                strings[form] = text
            message.string = tuple(strings[:catalog.num_plurals])
        else:
            message.string = forms[0]
        if all(forms_of(message)):
            message.flags.discard("fuzzy")
            message.previous_id = []
        updated += (message.string, message.fuzzy) != before
    for key, (verdict, said) in verdicts.items():  # of the translation as it is now, corrections included
        record_review(changes[key][0], verdict, reviewer or "", said)
    write_catalog(catalog, po)
    return Imported(updated=updated, unchanged=len(changes) - updated, reviewed=len(verdicts))
