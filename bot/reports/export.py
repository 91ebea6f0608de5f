"""Export coded answers for analysts: one row per answer, with the outcome area, the question's English (seed)
wording so any analyst can read it, the language the answer was given in, and the wording as the person saw it."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO

from bot.store.survey_store import SurveyStore
from bot.surveys.model import Survey
from bot.translation.rtl import without_bidi_controls
from bot.translation.speaker import Speaker, reader_of

COLUMNS = (
    "session_id", "respondent", "survey", "survey_version", "role", "language", "channel", "session_status",
    "question_id", "area", "area_name", "question", "wording_asked", "status", "value", "raw_reply", "given_via",
    "concern", "times_changed", "answered_at",
)


def write_csv(store: SurveyStore, surveys: dict[tuple[str, int], Survey], out: IO[str]) -> int:
    """Write every answer as CSV with a header row; return the number of answer rows. `surveys` holds every
    version, so each answer is read against the version it was given to."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in store.export_rows():
        survey = surveys.get((row["survey"], row["survey_version"]))
        if survey is not None:
            row["area_name"] = survey.area(row["area"]).name
            question = survey.question(row["question_id"])
            row["question"] = question.seed
            said = Speaker(row["language"], reader_of(question.role)).say(question.plain)
            row["wording_asked"] = without_bidi_controls(said)  # the words, without the controls for display
        row["concern"] = int(bool(row["concern"]))
        row["answered_at"] = row["answered_at"].isoformat() if row["answered_at"] else ""
        writer.writerow(row)
        count += 1
    return count


def export_csv(store: SurveyStore, surveys: dict[tuple[str, int], Survey], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        return write_csv(store, surveys, out)
