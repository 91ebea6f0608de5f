"""The indicator report: each framework indicator computed from the coded answers, for a term or any dates.

For every indicator, and for each role that answered it:
- respondents: sessions that gave a 1-5 answer to at least one of the indicator's questions;
- respondents positive: those whose every such answer was 4 or 5 (a survey's `count_positive` is this count,
  and its `percent_positive` this share of respondents);
- answers positive: the share of all those answers that were 4 or 5, which is the steadier figure for an outcome
  area asked through many questions (Shropshire's Annual Review areas);
- skipped and don't know, so a low figure is never mistaken for a small one;
- for `free_text_themes`, the number of free-text answers, which analysts theme from `sayit export`.

Each answer is read against the survey version it was given to. Counts below `min_count` (default 5) are
suppressed, as councils do before publishing figures about a few children, and so is the all-roles total beside
a suppressed role (or the small group could be worked out by subtraction).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import IO, Any

from bot.surveys.loading import PFA_OUTCOMES
from bot.surveys.model import Survey

POSITIVE = 4  # 4 ("mostly") and 5 ("yes, always") are positive on every 1-5 scale
TERMS = {"autumn": ((9, 1), (12, 31)), "spring": ((1, 1), (3, 31)), "summer": ((4, 1), (8, 31))}
ALL_ROLES = "all"


def term_dates(term: str) -> tuple[date, date]:
    """'2026-autumn' -> 1 Sep 2026 to 31 Dec 2026 (spring: January to March; summer: April to August)."""
    year, _, name = term.partition("-")
    if not year.isdigit() or name not in TERMS:
        raise ValueError(f"term '{term}' is not like 2026-autumn; use YEAR-{'|'.join(TERMS)}")
    (m1, d1), (m2, d2) = TERMS[name]
    return date(int(year), m1, d1), date(int(year), m2, d2)


def current_term(today: date) -> str:
    """The term a day falls in: 2026-12-06 -> '2026-autumn'."""
    return next(t for t in (f"{today.year}-{n}" for n in TERMS) if term_dates(t)[0] <= today <= term_dates(t)[1])


@dataclass
class Tally:
    survey: str
    indicator: str
    area: str
    measure: str
    text: str
    role: str
    respondents: int = 0
    respondents_positive: int = 0
    answers: int = 0
    answers_positive: int = 0
    skipped: int = 0
    dont_know: int = 0
    free_text_answers: int = 0
    suppressed: bool = False

    @property
    def percent_respondents_positive(self) -> float | None:
        if self.suppressed or not self.respondents:
            return None
        return round(100 * self.respondents_positive / self.respondents, 1)

    @property
    def percent_answers_positive(self) -> float | None:
        if self.suppressed or not self.answers:
            return None
        return round(100 * self.answers_positive / self.answers, 1)

    def as_dict(self) -> dict[str, Any]:
        row = asdict(self)
        row["percent_respondents_positive"] = self.percent_respondents_positive
        row["percent_answers_positive"] = self.percent_answers_positive
        if self.suppressed:
            for key in ("respondents", "respondents_positive", "answers", "answers_positive", "skipped",
                        "dont_know", "free_text_answers"):
                row[key] = None
        return row


@dataclass
class IndicatorReport:
    start: date | None
    end: date | None
    min_count: int
    tallies: list[Tally] = field(default_factory=list)
    # Preparing for Adulthood outcome -> [answers, positive], across every survey: common ground between councils
    pfa: dict[str, list[int]] = field(default_factory=dict)


def _in_range(answered_at: datetime | None, start: date | None, end: date | None) -> bool:
    if answered_at is None:
        return False
    day = answered_at.date()
    return (start is None or day >= start) and (end is None or day <= end)


def compute(rows: Iterable[dict[str, Any]], versions: dict[tuple[str, int], Survey], survey: str | None = None,
            start: date | None = None, end: date | None = None, min_count: int = 5) -> IndicatorReport:
    """The report from report rows (`SurveyStore.report_rows`), every survey or just `survey`."""
    # (survey, indicator, role) -> session -> list of 1-5 values; and the other counts
    values: dict[tuple[str, str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    other: dict[tuple[str, str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    pfa = {outcome: [0, 0] for outcome in PFA_OUTCOMES}
    asked: dict[tuple[str, str], Survey] = {}
    for row in rows:
        if (survey and row["survey"] != survey) or not _in_range(row["answered_at"], start, end):
            continue
        version = versions.get((row["survey"], row["survey_version"]))
        if version is None:
            continue
        question = version.question(row["question_id"])
        for indicator_id in question.indicators:
            asked[(row["survey"], indicator_id)] = version
            for role in (row["role"], ALL_ROLES):
                key = (row["survey"], indicator_id, role)
                if row["status"] == "answered" and row["value"] is not None:
                    values[key][row["session_id"]].append(row["value"])
                elif row["status"] == "answered":
                    other[key]["free_text_answers"] += 1
                elif row["status"] in ("skipped", "dont_know"):
                    other[key][row["status"]] += 1
        if row["status"] == "answered" and row["value"] is not None:
            for outcome in question.pfa:
                pfa[outcome][0] += 1
                pfa[outcome][1] += row["value"] >= POSITIVE
    report = IndicatorReport(start, end, min_count, pfa=pfa)
    keys = sorted(set(values) | set(other))
    roles_of: dict[tuple[str, str], int] = defaultdict(int)
    for survey_id, indicator_id, role in keys:
        roles_of[(survey_id, indicator_id)] += role != ALL_ROLES
    for key in keys:
        survey_id, indicator_id, role = key
        if role == ALL_ROLES and roles_of[(survey_id, indicator_id)] == 1:
            continue  # one role answered it: its own row already says everything
        indicator = next(i for i in asked[(survey_id, indicator_id)].indicators if i.id == indicator_id)
        sessions = values.get(key, {})
        tally = Tally(survey_id, indicator_id, indicator.area, indicator.measure, indicator.text, role,
                      respondents=len(sessions),
                      respondents_positive=sum(all(v >= POSITIVE for v in vs) for vs in sessions.values()),
                      answers=sum(len(vs) for vs in sessions.values()),
                      answers_positive=sum(v >= POSITIVE for vs in sessions.values() for v in vs),
                      skipped=other[key]["skipped"], dont_know=other[key]["dont_know"],
                      free_text_answers=other[key]["free_text_answers"])
        shown = tally.free_text_answers if indicator.measure == "free_text_themes" else tally.respondents
        tally.suppressed = shown < min_count
        report.tallies.append(tally)
    # a small group must not be worked out by subtraction: "all" is hidden when any role in it is
    hidden = {(t.survey, t.indicator) for t in report.tallies if t.suppressed and t.role != ALL_ROLES}
    for t in report.tallies:
        if t.role == ALL_ROLES and (t.survey, t.indicator) in hidden:
            t.suppressed = True
    return report


def _figure(tally: Tally, min_count: int) -> str:
    if tally.suppressed:
        return f"fewer than {min_count}"
    if tally.measure == "free_text_themes":
        return f"{tally.free_text_answers} comments"
    if tally.measure == "count_positive":
        return f"{tally.respondents_positive} of {tally.respondents}"
    return f"{tally.percent_respondents_positive}% of {tally.respondents}"


def markdown(report: IndicatorReport) -> str:
    period = (f"{report.start or 'the start'} to {report.end or 'today'}" if report.start or report.end
              else "all answers so far")
    lines = [f"# Indicator report: {period}", "",
             f"Respondents positive: every answer 4 or 5. Counts below {report.min_count} are suppressed.", "",
             "| survey | indicator | area | role | measure | figure | answers positive | skipped | don't know |",
             "|---|---|---|---|---|---|---|---|---|"]
    for t in report.tallies:
        figure = _figure(t, report.min_count)
        positive = "" if t.percent_answers_positive is None else f"{t.percent_answers_positive}% of {t.answers}"
        skipped = "" if t.suppressed else str(t.skipped)
        dont_know = "" if t.suppressed else str(t.dont_know)
        lines.append(f"| {t.survey} | {t.indicator} | {t.area} | {t.role} | {t.measure} | {figure} | {positive} | "
                     f"{skipped} | {dont_know} |")
    lines += ["", "## Preparing for Adulthood outcomes, every survey together", "",
              "| outcome | answers | answers positive |", "|---|---|---|"]
    for outcome, (count, good) in report.pfa.items():
        share = f"fewer than {report.min_count}" if count < report.min_count else f"{100 * good / count:.1f}%"
        lines.append(f"| {outcome} | {count if count >= report.min_count else ''} | {share} |")
    return "\n".join(lines)


def write_csv(report: IndicatorReport, out: IO[str]) -> int:
    rows = [t.as_dict() for t in report.tallies]
    fields = list(Tally.__dataclass_fields__) + ["percent_respondents_positive", "percent_answers_positive"]
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    return len(rows)
