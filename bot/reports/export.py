"""Export coded answers for analysts: one row per answer, with its outcome area, the framework's indicators and the
Preparing for Adulthood outcomes it counts towards, the question's English (seed) wording so any analyst can read
it, the wording as the person saw it, the language and channel, how it was given and, with an advocate beside
the young person, with how much help.

The columns are defined once, here, with what each means: the writers (bot/reports/export_files.py) and the
codebook (bot/reports/codebook.py) both read them. The words people typed are free text, exported only when asked
for, and a reply that was passed to the safeguarding lead never has its words exported by this: they are in
`sayit concerns`, for the safeguarding lead alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.surveys.model import Survey
from bot.translation.languages import supported
from bot.translation.rtl import without_bidi_controls
from bot.translation.speaker import Speaker, reader_of
from bot.understanding.normalise import without_controls


@dataclass(frozen=True)
class Column:
    """One column of the export: its name, a short label (SPSS's variable label), what it means, its type (text,
    integer, number or time) and, where its values are codes, the name of their list in the codebook."""

    name: str
    label: str
    meaning: str
    type: str = "text"
    codes: str | None = None
    free_text: bool = False


COLUMNS = (
    Column("respondent", "Respondent", "A pseudonymous id for the person: a keyed hash of their channel and sender "
           "id, the same across their sessions on one channel. No phone number, chat id or name is held."),
    Column("session_id", "Session", "One go at one survey; `sayit remove --session` and subject access use it."),
    Column("family", "Family", "A pseudonymous key that a parent's sessions and their own child's share, from the "
           "council's invitation, where the person agreed to their answers being put beside their family's; empty "
           "otherwise (no family named, or they said no)."),
    Column("survey", "Survey", "The survey's id.", codes="survey"),
    Column("survey_version", "Survey version", "The version of the survey the answer was given to.", "integer"),
    Column("framework", "Framework", "The council outcomes framework the survey comes from."),
    Column("area", "Outcome area code", "The outcome area the question measures.", codes="area"),
    Column("area_name", "Outcome area", "The outcome area's name, in the framework's words."),
    Column("indicators", "Indicators", "The framework indicator id(s) the answer counts towards, separated by ';'."),
    Column("pfa", "Preparing for Adulthood", "The Preparing for Adulthood outcome(s) the question bears on, separated "
           "by ';'.", codes="pfa"),
    Column("question_id", "Question", "The question's id.", codes="question"),
    Column("question_kind", "Question kind", "scale (1-5) or free_text.", codes="question_kind"),
    Column("question", "Question wording (English)", "The question's English wording, as the framework gives it."),
    Column("wording_asked", "Wording asked", "The question as the person saw it, in their language and plain words."),
    Column("role", "Role", "Who answered.", codes="role"),
    Column("age_band", "Age band", "The young person's age band, where the survey asked their age; empty if not "
           "asked or not given.", codes="age_band"),
    Column("language", "Language", "The language the question was asked and answered in.", codes="language"),
    Column("channel", "Channel", "Where the answer came from.", codes="channel"),
    Column("given_via", "Answered by", "How the answer was given.", codes="given_via"),
    Column("assisted", "Assisted", "1 if an advocate helped the young person give this answer, 0 if not (alone, or "
           "after asking the advocate to step back).",
           "integer", codes="assisted"),
    Column("assistance", "Assistance", "With an advocate beside them, how the young person gave the answer; empty "
           "without one.", codes="assistance"),
    Column("advocate", "Advocate", "The advocate's account number (`sayit advocates list` names it); empty without "
           "one.", "integer"),
    Column("status", "Status", "What the reply was coded as.", codes="status"),
    Column("value", "Value", "The point on the scale, 1-5; empty unless the status is answered and the question is a "
           "scale.", "integer", codes="value"),
    Column("value_label", "Value label", "The value's label, in the survey's English words."),
    Column("times_changed", "Times changed", "How many times the person went back and changed this answer.",
           "integer"),
    Column("confidence", "Recogniser confidence", "For a spoken answer, how sure the speech recogniser was (0-1).",
           "number"),
    Column("answered_at", "Answered at", "When the answer was stored (UTC).", "time"),
    Column("session_started_at", "Session started", "When the session began (UTC).", "time"),
    Column("session_finished_at", "Session ended", "When the session ended (UTC): the person reached the end or "
           "said stop; empty while it is open.", "time"),
    Column("session_status", "Session status", "Where the session stands now.", codes="session_status"),
    Column("raw_reply", "Reply", "The words the person sent, as stored. Only with --include-free-text; empty where "
           "the reply was passed to the safeguarding lead.", free_text=True),
    Column("transcript", "Transcript", "For a spoken answer, what the recogniser heard. Only with "
           "--include-free-text; empty where the reply was passed to the safeguarding lead.", free_text=True),
    Column("observation", "Advocate's note", "What the advocate noted of how the answer was given. Only with "
           "--include-free-text; empty where the reply was passed to the safeguarding lead.", free_text=True),
)


def columns(include_free_text: bool) -> tuple[Column, ...]:
    return tuple(c for c in COLUMNS if include_free_text or not c.free_text)


# Age bands, not ages: an age with a school and an area can name a child. (lowest, highest, band)
AGE_BANDS = ((0, 10, "0-10"), (11, 13, "11-13"), (14, 16, "14-16"), (17, 19, "17-19"), (20, 25, "20-25"),
             (26, 200, "26 and over"))


def age_band(age: int | None) -> str | None:
    return next((band for low, high, band in AGE_BANDS if age is not None and low <= age <= high), None)


# A cell a spreadsheet would run as a formula: OWASP's advice is to make it text with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A cell that is safe to open in Excel or LibreOffice: text without control characters, never a formula."""
    if not isinstance(value, str):
        return value
    # not cut: an export keeps everything stored, however long; most cells hold no control at all, and
    # isprintable() says so far faster than the search for one
    text = (value if value.isprintable() else without_controls(value)).strip()
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def describe_question(row: dict[str, Any], survey: Survey | None) -> None:
    """Fill in the area's name and the question's wordings, indicators and outcomes from the version the answer
    was given to; a row whose question that version no longer has keeps its codes, with the rest left empty."""
    if survey is None:
        return
    row["framework"] = survey.framework
    try:
        row["area_name"] = survey.area(row["area"]).name
        question = survey.question(row["question_id"])
    except KeyError:
        return
    row["question"] = question.seed
    row["question_kind"] = question.kind
    row["indicators"] = ";".join(question.indicators)
    row["pfa"] = ";".join(question.pfa)
    if row.get("value") is not None and question.is_scale:
        row["value_label"] = next((c.label for c in survey.scale if c.value == row["value"]), None)
    if row["language"] not in supported():  # no longer spoken here (or never): no wording to show it in
        return
    said = Speaker(row["language"], reader_of(question.role)).say(question.plain)
    row["wording_asked"] = without_bidi_controls(said)  # the words, without the controls for display


FREE_TEXT = tuple(c.name for c in COLUMNS if c.free_text)
# what describe_question fills in, the same for every answer to one question in one language
DESCRIBED = ("framework", "area_name", "question", "question_kind", "indicators", "pfa", "wording_asked")
