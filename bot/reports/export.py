"""Export coded answers for analysts: one row per answer, with the outcome area, the question's English (seed)
wording so any analyst can read it, the language the answer was given in, the wording as the person saw it,
and, where an advocate sat with the young person, how each answer was given."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import IO, Any

from bot.store.survey_store import SurveyStore
from bot.surveys.model import Survey
from bot.translation.languages import supported
from bot.translation.rtl import without_bidi_controls
from bot.translation.speaker import Speaker, reader_of
from bot.understanding.normalise import without_controls

COLUMNS = (
    "session_id", "respondent", "survey", "survey_version", "role", "language", "channel", "session_status",
    "question_id", "area", "area_name", "question", "wording_asked", "status", "value", "raw_reply", "given_via",
    "transcript", "confidence", "concern", "times_changed", "answered_at",
    # with an advocate beside the young person: their account's id (`sayit advocates list` names it), how the
    # answer was given (chose_themselves, used_aid, interpreted, or unassisted after a step-back) and their note
    "advocate", "assistance", "observation",
)


# A cell a spreadsheet would run as a formula: OWASP's advice is to make it text with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A cell that is safe to open in Excel or LibreOffice: text without control characters, never a formula."""
    if not isinstance(value, str):
        return value
    text = without_controls(value).strip()  # not cut: an export keeps everything stored, however long
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def describe_question(row: dict[str, Any], survey: Survey | None) -> None:
    """Fill in the area's name and the question's wordings from the version the answer was given to; a row
    whose question that version no longer has keeps its codes, with the wordings left empty."""
    if survey is None:
        return
    try:
        row["area_name"] = survey.area(row["area"]).name
        question = survey.question(row["question_id"])
    except KeyError:
        return
    row["question"] = question.seed
    if row["language"] not in supported():  # no longer spoken here (or never): no wording to show it in
        return
    said = Speaker(row["language"], reader_of(question.role)).say(question.plain)
    row["wording_asked"] = without_bidi_controls(said)  # the words, without the controls for display


def write_csv(store: SurveyStore, surveys: dict[tuple[str, int], Survey], out: IO[str]) -> int:
    """Write every answer as CSV with a header row; return the number of answer rows. `surveys` holds every
    version, so each answer is read against the version it was given to."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in store.export_rows():
        describe_question(row, surveys.get((row["survey"], row["survey_version"])))
        row["concern"] = int(bool(row["concern"]))
        row["answered_at"] = row["answered_at"].isoformat() if row["answered_at"] else ""
        writer.writerow({name: spreadsheet_safe(value) for name, value in row.items()})
        count += 1
    return count


def export_csv(store: SurveyStore, surveys: dict[tuple[str, int], Survey], path: Path) -> int:
    """Write the export complete or not at all: into a temporary file beside `path`, renamed only when done,
    readable by its owner alone (it holds children's answers)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            count = write_csv(store, surveys, out)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return count
