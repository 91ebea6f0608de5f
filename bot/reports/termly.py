"""The figures of the termly report for a partnership board: who was heard, each outcome area's answers (the share
positive, 4 or 5, with its Wilson interval, and the whole distribution), young people beside parents, this term
beside the terms before it, each framework indicator, and the Preparing for Adulthood outcomes across surveys.

Small numbers: any figure drawn from fewer than `min_count` respondents (sessions) is suppressed, and so is the
next smallest figure beside a lone suppressed one in a table with a total, so no hidden figure can be worked out
by subtraction. A suppressed figure is None here and "fewer than 5" wherever it is shown.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.reports.indicators import POSITIVE, TERMS, IndicatorReport, compute, term_dates
from bot.surveys.loading import PFA_OUTCOMES
from bot.surveys.model import ROLES, Survey

CONFIDENCE = 0.95
EARLIER_TERMS = 2  # the terms shown beside the one reported on
TERM_ORDER = sorted(TERMS, key=TERMS.__getitem__)  # by their first day: spring, summer, autumn


def earlier_terms(term: str, count: int) -> list[str]:
    """The `count` terms before `term`, nearest first: 2026-autumn -> 2026-summer, 2026-spring."""
    term_dates(term)  # checks it
    year, _, name = term.partition("-")
    y, i, found = int(year), TERM_ORDER.index(name), []
    for _ in range(count):
        i -= 1
        if i < 0:
            y, i = y - 1, len(TERM_ORDER) - 1
        found.append(f"{y}-{TERM_ORDER[i]}")
    return found


def term_span(term: str, earlier: int) -> tuple[date, date]:
    """The first day of the earliest term the report shows (`earlier` terms before `term`) and the last of `term`."""
    return term_dates([term, *earlier_terms(term, earlier)][-1])[0], term_dates(term)[1]


def wilson(positive: int, total: int) -> tuple[float, float]:
    """The Wilson score interval for a share, as councils' analysts expect for small samples (scipy's)."""
    from scipy.stats import binomtest

    ci = binomtest(positive, total).proportion_ci(confidence_level=CONFIDENCE, method="wilson")
    return float(ci.low), float(ci.high)


@dataclass
class Share:
    """Answers to one area (or outcome) from one group: the 1-5 distribution, skips and don't knows, and the
    share of answers that were 4 or 5 with its interval; `respondents` is how many sessions gave them."""

    values: Counter[int] = field(default_factory=Counter)
    skipped: int = 0
    dont_know: int = 0
    suppressed: bool = False
    hidden_cells: set[str] = field(default_factory=set)  # distribution cells too small to show
    sessions: set[str] = field(default_factory=set, repr=False)  # who gave the 1-5 answers, counted once each

    def add(self, row: dict[str, Any]) -> None:
        """One more answer: a point on the scale, a skip or a don't know (anything else counts for nothing)."""
        if row["status"] == "answered" and row["value"] is not None:
            self.values[row["value"]] += 1
            self.sessions.add(row["session_id"])
        elif row["status"] == "skipped":
            self.skipped += 1
        elif row["status"] == "dont_know":
            self.dont_know += 1

    @property
    def respondents(self) -> int:
        return len(self.sessions)

    @property
    def answers(self) -> int:
        return sum(self.values.values())

    @property
    def positive(self) -> int:
        return sum(n for v, n in self.values.items() if v >= POSITIVE)

    @property
    def percent(self) -> float | None:
        return None if self.suppressed or not self.answers else 100 * self.positive / self.answers

    @property
    def interval(self) -> tuple[float, float] | None:
        if self.suppressed or not self.answers:
            return None
        low, high = wilson(self.positive, self.answers)
        return 100 * low, 100 * high

    def cells(self) -> dict[str, int | None]:
        """The distribution as shown: 1-5, skipped, don't know; None where a cell is hidden."""
        raw = {**{str(v): self.values.get(v, 0) for v in range(1, 6)}, "skipped": self.skipped,
               "dont_know": self.dont_know}
        return {k: None if self.suppressed or k in self.hidden_cells else n for k, n in raw.items()}


def suppress_cells(counts: dict[str, int], min_count: int) -> set[str]:
    """Which cells of a table with a shown total to hide: every count from 1 to min_count - 1, and, beside a lone
    hidden one, the next smallest non-zero count too (or the hidden one is the total less the rest)."""
    hidden = {k for k, n in counts.items() if 0 < n < min_count}
    if len(hidden) == 1:
        others = sorted((n, k) for k, n in counts.items() if n and k not in hidden)
        if others:
            hidden.add(others[0][1])
    return hidden


@dataclass
class Heard:
    """How many respondents (sessions) answered, by role, by language and by channel."""

    total: int
    by: dict[str, dict[str, int | None]]  # dimension -> value -> count, None where suppressed
    suppressed_total: bool = False


@dataclass
class TermReport:
    survey: Survey
    term: str
    terms: list[str]  # this term first, then the earlier ones
    min_count: int
    heard: Heard
    # (area id, role, term) -> Share
    areas: dict[tuple[str, str, str], Share]
    indicators: IndicatorReport
    pfa: dict[str, Share]  # across every survey, this term
    # families whose young person and parent both agreed to be linked: area -> (young people, parents, families)
    linked: dict[str, tuple[Share, Share, int]] = field(default_factory=dict)


def _share_of(rows: list[dict[str, Any]]) -> Share:
    share = Share()
    for row in rows:
        share.add(row)
    return share


def _suppress(share: Share, min_count: int) -> Share:
    share.suppressed = 0 < share.respondents < min_count
    if not share.suppressed:
        raw = {**{str(v): share.values.get(v, 0) for v in range(1, 6)}, "skipped": share.skipped,
               "dont_know": share.dont_know}
        share.hidden_cells = suppress_cells(raw, min_count)
    return share


def _heard(rows: list[dict[str, Any]], min_count: int) -> Heard:
    first: dict[str, dict[str, Any]] = {}
    for row in rows:
        first.setdefault(row["session_id"], row)
    by: dict[str, dict[str, int | None]] = {}
    for dimension in ("role", "language", "channel"):
        counts = dict(Counter(str(r[dimension]) for r in first.values()))
        hidden = suppress_cells(counts, min_count)
        by[dimension] = {k: None if k in hidden else n for k, n in sorted(counts.items())}
    total = len(first)
    return Heard(total, by, suppressed_total=0 < total < min_count)


def _term_of(day: date, terms: dict[str, tuple[date, date]]) -> str | None:
    return next((t for t, (start, end) in terms.items() if start <= day <= end), None)


def termly(rows: Iterable[dict[str, Any]], versions: dict[tuple[str, int], Survey], survey: Survey, term: str,
           earlier: int = EARLIER_TERMS, min_count: int = 5) -> TermReport:
    """The report from report rows (`SurveyStore.report_rows`) of every survey, for `survey` in `term` beside
    the `earlier` terms before it."""
    terms = [term, *earlier_terms(term, earlier)]
    spans = {t: term_dates(t) for t in terms}
    # counted as the rows go by, so a million answers need no more memory than their tallies; only this survey's
    # answers this term are kept, for the indicators, who was heard and the linked families
    shares: dict[tuple[str, str, str], Share] = defaultdict(Share)
    pfa_shares: dict[str, Share] = defaultdict(Share)
    this_term: list[dict[str, Any]] = []
    outcomes: dict[tuple[str, int, str], tuple[str, ...]] = {}
    term_of_day: dict[date, str | None] = {}  # a term's days are few, its answers many
    for row in rows:
        day = row["answered_at"].date()
        if day not in term_of_day:
            term_of_day[day] = _term_of(day, spans)
        when = term_of_day[day]
        if when is None:
            continue
        if when == term:
            key = (row["survey"], row["survey_version"], row["question_id"])
            if key not in outcomes:
                outcomes[key] = _pfa_of(versions.get(key[:2]), key[2])
            for outcome in outcomes[key]:
                pfa_shares[outcome].add(row)
        if row["survey"] != survey.id:
            continue
        shares[(row["area"], str(row["role"]), when)].add(row)
        if when == term:
            this_term.append(row)
    areas = {(a.id, str(role), t): _suppress(shares.get((a.id, role, t), Share()), min_count)
             for a in survey.areas for role in survey.roles for t in terms}
    start, end = spans[term]
    indicators = compute(this_term, versions, survey.id, start, end, min_count)
    pfa = {o: _suppress(pfa_shares.get(o, Share()), min_count) for o in PFA_OUTCOMES}
    return TermReport(survey, term, terms, min_count, _heard(this_term, min_count), areas, indicators, pfa,
                      _linked(this_term, survey, min_count))


def _pfa_of(version: Survey | None, question_id: str) -> tuple[str, ...]:
    """The Preparing for Adulthood outcomes a question bears on (none for a question its version lacks)."""
    try:
        return version.question(question_id).pfa if version else ()
    except KeyError:
        return ()


def _linked(rows: list[dict[str, Any]], survey: Survey, min_count: int) -> dict[str, tuple[Share, Share, int]]:
    """Each outcome area as young people and their own parents answered it, over the families where both agreed
    to be linked and both answered it; fewer than `min_count` families is suppressed."""
    by_family: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row.get("family") and row["status"] == "answered" and row["value"] is not None:
            side = "parent_carer" if row["role"] == "parent_carer" else "young_person"  # with an advocate too
            by_family[(row["area"], row["family"])][side].append(row)
    linked = {}
    for area in survey.areas:
        both = [found for (a, _), found in by_family.items() if a == area.id and len(found) == len(ROLES)]
        young = _share_of([r for found in both for r in found["young_person"]])
        parents = _share_of([r for found in both for r in found["parent_carer"]])
        families = len(both)
        for share in (young, parents):
            share.suppressed = 0 < families < min_count
        linked[area.id] = (young, parents, families)
    return linked
