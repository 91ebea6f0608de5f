"""The SQLAlchemy store of respondents, sessions and coded answers (SQLite by default, PostgreSQL too).

Every turn is written in one transaction, so a crash between two answers loses nothing already answered
and never leaves half a turn behind; a message delivered twice is acted on once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine

from bot.store import export_reads
from bot.store.export_reads import ExportWhere
from bot.store.rekeying import KeyRing, rekey_on_contact
from bot.store.schema import concerns, handled_messages, respondents, responses, sessions
from bot.store.upgrade import upgrade
from bot.vocabulary import OPEN_STATUSES, Status


def now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class SessionState:
    id: str
    respondent_id: int
    survey: str
    survey_version: int
    role: str | None
    language: str
    channel: str
    status: str
    age: int | None
    current_question: str | None
    unclear_count: int
    returning_to: str | None
    # an answer waiting for the person's yes, spoken or guessed at (JSON: bot/dialogue/confirming.py)
    pending_answer: str | None = None
    # the advocate beside the young person, if one started the session, and since when they have stepped back
    advocate_id: int | None = None
    stepped_back_at: datetime | None = None
    # the family the invitation named, and when this person agreed to be linked with them (None: not asked yet)
    family_key: str | None = None
    family_consent_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass
class TurnChanges:
    """What one incoming message changes, written together or not at all."""

    session_id: str
    message_key: str | None = None
    session_changes: dict[str, Any] = field(default_factory=dict)
    answer: dict[str, Any] | None = None
    concern: dict[str, Any] | None = None
    # filled in by SurveyStore.apply when the turn raised a concern
    concern_id: int | None = None


def make_engine(url: str) -> Engine:
    # hide_parameters: an error names the statement that failed, never the values (a reply, a key) it carried
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        # The action server answers from several threads; SQLite serialises the writes itself. A pool keeps
        # connections open between turns (SQLAlchemy 1.4 would otherwise open a new one for every query).
        engine = sa.create_engine(url, future=True, poolclass=sa.pool.QueuePool, hide_parameters=True,
                                  connect_args={"check_same_thread": False, "timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_write_ahead_log)
        return engine
    return sa.create_engine(url, future=True, pool_pre_ping=True, hide_parameters=True)


def _sqlite_write_ahead_log(dbapi_connection: Any, _record: Any) -> None:
    """WAL: one fsync per committed turn instead of several, and readers never wait for a writer.
    synchronous=FULL keeps every committed answer through a power cut, not just a process crash. secure_delete
    zeroes what is deleted, so an erased answer does not live on in the file's free pages."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class SurveyStore:
    def __init__(self, engine: Engine, keys: KeyRing | None = None):
        self.engine = engine
        self.keys = keys or KeyRing.from_settings()

    @classmethod
    def open(cls, url: str) -> SurveyStore:
        """Connect and bring the schema up to date."""
        engine = make_engine(url)
        upgrade(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    # ---- respondents and sessions -------------------------------------------------------------
    def respondent(self, pseudonym: str) -> int:
        """The id of the respondent with this pseudonymous key, created on first contact. It is stored under the
        store's key; one still stored under the key before the last `sayit rekey` is moved to the current one."""
        key = self.keys.current(pseudonym)
        with self.engine.begin() as conn:
            found = conn.execute(sa.select(respondents.c.id).where(respondents.c.key == key)).scalar()
            if found is not None:
                return int(found)
            rekeyed = rekey_on_contact(conn, self.keys, pseudonym)
            if rekeyed is not None:
                return rekeyed
            try:
                with conn.begin_nested():
                    return int(conn.execute(
                        respondents.insert().values(key=key, key_id=self.keys.current_id, created_at=now())
                    ).inserted_primary_key[0])
            except sa.exc.IntegrityError:  # the same person's other message got there first
                return int(conn.execute(sa.select(respondents.c.id).where(respondents.c.key == key)).scalar_one())

    def latest_session(self, respondent_id: int) -> SessionState | None:
        return self.session_for_message(respondent_id, None)[0]

    def session_for_message(self, respondent_id: int, message_key: str | None) -> tuple[SessionState | None, bool]:
        """The respondent's latest session, and whether this message was handled already, read together. With no
        session there is nothing a message could have been handled in."""
        handled = sa.exists().where(handled_messages.c.message_key == message_key) if message_key else sa.false()
        query = (sa.select(sessions, handled.label("already_handled")).where(sessions.c.respondent_id == respondent_id)
                 .order_by(sessions.c.started_at.desc(), sessions.c.id).limit(1))
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return (_session(row), bool(row["already_handled"])) if row else (None, False)

    def session(self, session_id: str) -> SessionState:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(sessions).where(sessions.c.id == session_id)).mappings().one()
        return _session(row)

    def start_session(self, respondent_id: int, survey: str, version: int, language: str, channel: str,
                      message_key: str | None = None, status: str = Status.CHOOSING_ROLE,
                      returning_to: str | None = None, advocate_id: int | None = None,
                      family_key: str | None = None) -> SessionState:
        session_id = str(uuid.uuid4())
        stamp = now()
        with self.engine.begin() as conn:
            conn.execute(sessions.insert().values(
                id=session_id, respondent_id=respondent_id, survey=survey, survey_version=version,
                language=language, channel=channel, status=str(status),
                returning_to=str(returning_to) if returning_to else None, unclear_count=0,
                started_at=stamp, updated_at=stamp, advocate_id=advocate_id, family_key=family_key,
            ))
            _mark_handled(conn, message_key, session_id)
        return self.session(session_id)

    # ---- turns ------------------------------------------------------------------------------
    def was_handled(self, message_key: str | None) -> bool:
        if not message_key:
            return False
        with self.engine.connect() as conn:
            query = sa.select(handled_messages.c.message_key).where(handled_messages.c.message_key == message_key)
            return conn.execute(query).first() is not None

    def apply(self, turn: TurnChanges) -> bool:
        """Write one turn atomically. False if this message was already handled (nothing is written)."""
        try:
            with self.engine.begin() as conn:
                _mark_handled(conn, turn.message_key, turn.session_id)
                if turn.answer is not None:
                    _save_answer(conn, turn.session_id, _stored(turn.answer))
                if turn.concern is not None:
                    turn.concern_id = int(conn.execute(concerns.insert().values(
                        session_id=turn.session_id, raised_at=now(), **turn.concern)).inserted_primary_key[0])
                changes = dict(_stored(turn.session_changes), updated_at=now())
                conn.execute(sessions.update().where(sessions.c.id == turn.session_id).values(**changes))
        except sa.exc.IntegrityError:
            if turn.message_key and self.was_handled(turn.message_key):
                return False
            raise
        return True

    def remove_answers(self, session_id: str) -> int:
        """Delete a session's answers when the person asks; return how many. Concerns raised in it are
        kept for the safeguarding lead, and the session stays, marked 'removed', so the count is honest."""
        with self.engine.begin() as conn:
            found = conn.execute(sa.select(sessions.c.id).where(sessions.c.id == session_id)).first()
            if found is None:
                raise KeyError(session_id)
            removed = conn.execute(responses.delete().where(responses.c.session_id == session_id)).rowcount
            conn.execute(sessions.update().where(sessions.c.id == session_id)
                         .values(status="removed", current_question=None, updated_at=now()))
        return int(removed)

    # ---- reading ------------------------------------------------------------------------------
    def answers(self, session_id: str) -> dict[str, dict[str, Any]]:
        """This session's answers so far, by question id."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(responses).where(responses.c.session_id == session_id)).mappings()
            return {row["question_id"]: dict(row) for row in rows}

    def mark_notified(self, concern_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(concerns.update().where(concerns.c.id == concern_id).values(notified_at=now()))

    def mark_reviewed(self, concern_id: int, reviewer: str) -> None:
        with self.engine.begin() as conn:
            done = conn.execute(concerns.update().where(concerns.c.id == concern_id)
                                .values(reviewed_at=now(), reviewed_by=reviewer[:100]))
            if done.rowcount == 0:
                raise KeyError(concern_id)

    def concerns(self, reviewed: bool | None = None) -> list[dict[str, Any]]:
        query = (sa.select(concerns, sessions.c.survey, sessions.c.channel).select_from(concerns.join(sessions))
                 .order_by(concerns.c.raised_at))
        if reviewed is not None:
            query = query.where(concerns.c.reviewed_at.isnot(None) if reviewed else concerns.c.reviewed_at.is_(None))
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    def export_rows(self, where: ExportWhere | None = None) -> Iterator[dict[str, Any]]:
        """Every answer `where` admits with its session's context, oldest first (bot/store/export_reads.py)."""
        return export_reads.export_rows(self.engine, where)

    def report_rows(self, where: ExportWhere | None = None) -> Iterator[dict[str, Any]]:
        """The answers `where` admits with the cells a report counts (bot/store/export_reads.py)."""
        return export_reads.report_rows(self.engine, where)

    def export_answers(self, where: ExportWhere | None = None, free_text: bool = True,
                       size: int = 10_000) -> Iterator[tuple[list[str], list[Any]]]:
        return export_reads.export_answers(self.engine, where, free_text, size)

    def export_sessions(self, where: ExportWhere | None = None,
                        ids: list[str] | None = None) -> tuple[list[str], list[Any]]:
        return export_reads.export_sessions(self.engine, where, ids)

    def count_export_rows(self, where: ExportWhere | None = None) -> int:
        return export_reads.count_export_rows(self.engine, where)


@cache
def opened(url: str) -> SurveyStore:
    """The store at `url`, opened once in this process: for a channel that keeps something in it (a choice of
    pictures, a spoken answer on its way) without ever reading a conversation."""
    return SurveyStore.open(url)


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    """The shared words (`bot.vocabulary`) as the plain strings the database holds."""
    return {k: v.value if isinstance(v, Enum) else v for k, v in values.items()}


def _session(row: Any) -> SessionState:
    return SessionState(**{f: row[f] for f in SessionState.__dataclass_fields__})


def _mark_handled(conn: Connection, message_key: str | None, session_id: str) -> None:
    if message_key:
        conn.execute(handled_messages.insert().values(message_key=message_key, session_id=session_id,
                                                      handled_at=now()))


UPSERTS = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}  # one statement, not a look and a write


def _save_answer(conn: Connection, session_id: str, answer: dict[str, Any]) -> None:
    """Insert the answer, or replace the earlier one when the person went back to change it."""
    upsert = UPSERTS.get(conn.dialect.name)
    if upsert is not None:
        insert = upsert(responses).values(session_id=session_id, answered_at=now(), **answer)
        replaced = {name: insert.excluded[name] for name in (*answer, "answered_at")}
        conn.execute(insert.on_conflict_do_update(index_elements=["session_id", "question_id"],
                                                  set_=dict(replaced, times_changed=responses.c.times_changed + 1)))
        return
    where = sa.and_(responses.c.session_id == session_id, responses.c.question_id == answer["question_id"])
    existing = conn.execute(sa.select(responses.c.id).where(where)).scalar()
    values = dict(answer, answered_at=now())
    if existing is None:
        conn.execute(responses.insert().values(session_id=session_id, **values))
    else:
        conn.execute(responses.update().where(responses.c.id == existing)
                     .values(times_changed=responses.c.times_changed + 1, **values))
