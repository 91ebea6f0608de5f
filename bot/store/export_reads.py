"""Reading answers out for exports and reports: which answers (`ExportWhere`), every answer with its session's
context as a row (`export_rows`), only the cells a report counts (`report_rows`), and the same answers split for
a reader that goes a column at a time (`export_answers` and `export_sessions`, for the export files).

The split is for speed: a session's dozen cells (its respondent, survey, role, times...) are the same for each
of its twenty or so answers, so they are read once per session, not once per answer; fetching cells one by one
is most of the time a million answers take.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.store.schema import respondents, responses, sessions


@dataclass(frozen=True)
class ExportWhere:
    """Which answers an export or report reads: each field set narrows it (None admits all)."""

    surveys: tuple[str, ...] | None = None
    roles: tuple[str, ...] | None = None
    areas: tuple[str, ...] | None = None
    languages: tuple[str, ...] | None = None
    channels: tuple[str, ...] | None = None
    answered_from: datetime | None = None  # inclusive
    answered_before: datetime | None = None  # exclusive

    @classmethod
    def days(cls, first: date | None, last: date | None, **narrowed: Any) -> ExportWhere:
        """The answers given from the day `first` to the day `last`, both whole days in UTC (None: no bound)."""
        def midnight(day: date) -> datetime:
            return datetime.combine(day, time(), tzinfo=timezone.utc)

        return cls(answered_from=midnight(first) if first else None,
                   answered_before=midnight(last + timedelta(days=1)) if last else None, **narrowed)

    def conditions(self) -> list[Any]:
        chosen = [(sessions.c.survey, self.surveys), (sessions.c.role, self.roles), (responses.c.area, self.areas),
                  (responses.c.language, self.languages), (sessions.c.channel, self.channels)]
        found: list[Any] = [column.in_(values) for column, values in chosen if values is not None]
        if self.answered_from is not None:
            found.append(responses.c.answered_at >= self.answered_from)
        if self.answered_before is not None:
            found.append(responses.c.answered_at < self.answered_before)
        return found


ANSWERS_IN_ORDER = (sessions.c.started_at, responses.c.session_id, responses.c.id)


def _admitted(query: Any, where: ExportWhere | None) -> Any:
    return query.where(*where.conditions()) if where is not None else query


def _family() -> Any:
    """The session's family key, only where the person agreed to be linked."""
    return sa.case((sessions.c.family_consent_at.isnot(None), sessions.c.family_key), else_=None).label("family")


def _session_columns(times: Any) -> list[Any]:
    return [respondents.c.key.label("respondent"), sessions.c.survey, sessions.c.role, sessions.c.age,
            sessions.c.channel, sessions.c.status.label("session_status"),
            times(sessions.c.started_at, "session_started_at"), times(sessions.c.finished_at, "session_finished_at"),
            sessions.c.advocate_id.label("advocate"), _family()]


def _answer_columns(times: Any, free_text: bool) -> list[Any]:
    chosen = [responses.c.session_id, responses.c.survey_version, responses.c.language, responses.c.question_id,
              responses.c.area, responses.c.status, responses.c.value, responses.c.given_via, responses.c.confidence,
              responses.c.concern, responses.c.times_changed, times(responses.c.answered_at, "answered_at"),
              responses.c.assistance]
    return chosen + ([responses.c.raw_reply, responses.c.transcript, responses.c.observation] if free_text else [])


def _parsed(column: Any, name: str) -> Any:
    return column.label(name)


def _as_stored(column: Any, name: str) -> Any:
    # text in SQLite, where parsing each into a datetime is much of a million rows' time; the reader converts a
    # column at a time. PostgreSQL's driver gives datetimes all the same.
    return sa.type_coerce(column, sa.String).label(name)


def _batches(engine: Engine, query: Any, size: int) -> Iterator[tuple[list[str], list[Any]]]:
    """The rows `size` at a time. SQLite's driver steps through the rows as they are fetched, so they are taken
    from it as its own tuples: no SQLAlchemy Row made for each, nor a value converted (SQLite's booleans stay 0
    and 1), a quarter of a million rows' time. PostgreSQL's needs a server-side cursor, which SQLAlchemy reads
    ahead of, so there they come through SQLAlchemy."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            result = conn.execute(query)
            names = list(result.keys())
            while batch := result.cursor.fetchmany(size):
                yield names, batch
            return
        result = conn.execution_options(stream_results=True).execute(query).yield_per(size)
        names = list(result.keys())
        for rows in result.partitions(size):
            yield names, rows


def export_rows(engine: Engine, where: ExportWhere | None = None) -> Iterator[dict[str, Any]]:
    """One row per answer, with its session's context, oldest first; only the answers `where` admits. Rows
    are streamed from the database a batch at a time, so a report over millions holds a batch in memory."""
    query = _admitted(sa.select(*_answer_columns(_parsed, True), *_session_columns(_parsed))
                      .select_from(responses.join(sessions).join(respondents)).order_by(*ANSWERS_IN_ORDER), where)
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True).execute(query).yield_per(5000)
        names = list(result.keys())
        for row in result:  # plain tuples zipped with the names: a third of the time of row mappings
            yield dict(zip(names, row, strict=True))


REPORTED = (responses.c.session_id, sessions.c.survey, responses.c.survey_version, responses.c.question_id,
            responses.c.area, sessions.c.role, responses.c.status, responses.c.value, responses.c.language,
            sessions.c.channel)


def report_rows(engine: Engine, where: ExportWhere | None = None) -> Iterator[dict[str, Any]]:
    """The answers `where` admits as `export_rows` gives them, with only the cells a report counts (its
    survey and question, who answered, how, when and their family): half the cells to fetch and convert."""
    query = _admitted(sa.select(*REPORTED, _as_stored(responses.c.answered_at, "answered_at"), _family())
                      .select_from(responses.join(sessions)).order_by(*ANSWERS_IN_ORDER), where)
    for names, batch in _batches(engine, query, 5000):
        for row in batch:
            found = dict(zip(names, row, strict=True))
            if isinstance(found["answered_at"], str):  # SQLite's text, as SQLAlchemy would have read it
                found["answered_at"] = datetime.fromisoformat(found["answered_at"])
            yield found


def export_answers(engine: Engine, where: ExportWhere | None = None, free_text: bool = True,
                   size: int = 10_000) -> Iterator[tuple[list[str], list[Any]]]:
    """The answers of `export_rows`, `size` at a time, as column names and a list of tuples, with the answer's
    own cells and its session's id alone (`export_sessions` has the rest), times as stored. Without `free_text`
    the words people typed are not even read."""
    query = _admitted(sa.select(*_answer_columns(_as_stored, free_text)).select_from(responses.join(sessions))
                      .order_by(*ANSWERS_IN_ORDER), where)
    return _batches(engine, query, size)


def export_sessions(engine: Engine, where: ExportWhere | None = None,
                    ids: list[str] | None = None) -> tuple[list[str], list[Any]]:
    """The session's cells of every session with an answer `where` admits (or of the sessions `ids`), its id
    first, times as stored."""
    having = _admitted(sa.select(responses.c.session_id).select_from(responses.join(sessions)), where)
    query = (sa.select(sessions.c.id.label("session_id"), *_session_columns(_as_stored))
             .select_from(sessions.join(respondents))
             .where(sessions.c.id.in_(having) if ids is None else sessions.c.id.in_(ids)))
    with engine.connect() as conn:
        result = conn.execute(query)
        return list(result.keys()), list(result)


def count_export_rows(engine: Engine, where: ExportWhere | None = None) -> int:
    """How many rows `export_rows(where)` gives, for a progress bar."""
    query = _admitted(sa.select(sa.func.count()).select_from(responses.join(sessions).join(respondents)), where)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())
