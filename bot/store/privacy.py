"""A respondent's rights over what the store holds, and its retention: everything held about one respondent
(`held_about`), erasing them everywhere (`erase`), and removing sessions older than a cut-off (`purge`).

A concern the safeguarding lead has not closed (reviewed_at unset) outlives both erasure and retention, since the
duty to keep a child safe outranks them: its session is kept, emptied of answers and marked 'removed', and a
respondent kept only for it is given a random key, so the words cannot lead back to the person. Every change is
made in one transaction per respondent or per batch of sessions, so nothing is ever half erased.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.store.rekeying import ANONYMISED
from bot.store.schema import concerns, handled_messages, respondents, responses, sessions, voice_clips
from bot.store.survey_store import SurveyStore

SESSION_FIELDS = ("id", "survey", "survey_version", "role", "language", "age", "channel", "status", "started_at",
                  "updated_at", "finished_at", "notice_version", "notice_shown_at", "family_key", "family_consent_at")
ANSWER_FIELDS = ("question_id", "area", "survey_version", "language", "status", "value", "raw_reply", "given_via",
                 "transcript", "confidence", "times_changed", "answered_at")
CONCERN_FIELDS = ("id", "question_id", "raw_reply", "raised_at", "notified_at", "reviewed_at")
OPEN = concerns.c.reviewed_at.is_(None)


def find_respondent(store: SurveyStore, pseudonym: str) -> int | None:
    """The respondent with this pseudonym, under the store's key or one still in rotation; never created."""
    query = sa.select(respondents.c.id).where(respondents.c.key.in_(store.keys.all(pseudonym)))
    with store.engine.connect() as conn:
        found = conn.execute(query).scalar()
    return None if found is None else int(found)


def respondent_of_session(store: SurveyStore, session_id: str) -> int | None:
    with store.engine.connect() as conn:
        found = conn.execute(sa.select(sessions.c.respondent_id).where(sessions.c.id == session_id)).scalar()
    return None if found is None else int(found)


def held_about(store: SurveyStore, respondent_id: int) -> dict[str, Any]:
    """Every row about one respondent: their key, whether they chose pictures, and each session with its answers
    and concerns."""
    with store.engine.connect() as conn:
        person = conn.execute(sa.select(respondents.c.key, respondents.c.created_at, respondents.c.pictures)
                              .where(respondents.c.id == respondent_id)).mappings().one()
        held: list[dict[str, Any]] = []
        for row in conn.execute(sa.select(sessions).where(sessions.c.respondent_id == respondent_id)
                                .order_by(sessions.c.started_at, sessions.c.id)).mappings():
            session = {f: row[f] for f in SESSION_FIELDS}
            session["answers"] = [
                {f: a[f] for f in ANSWER_FIELDS} for a in conn.execute(
                    sa.select(responses).where(responses.c.session_id == row["id"]).order_by(responses.c.id)
                ).mappings()]
            session["concerns"] = [
                dict({f: c[f] for f in CONCERN_FIELDS}, open=c["reviewed_at"] is None) for c in conn.execute(
                    sa.select(concerns).where(concerns.c.session_id == row["id"]).order_by(concerns.c.id)
                ).mappings()]
            session["messages_recorded"] = int(conn.execute(
                sa.select(sa.func.count()).select_from(handled_messages)
                .where(handled_messages.c.session_id == row["id"])).scalar_one())
            # spoken answers kept (SAYIT_KEEP_VOICE_DAYS): a file of text says how many; erasure deletes them
            session["voice_clips_kept"] = int(conn.execute(
                sa.select(sa.func.count()).select_from(voice_clips)
                .where(voice_clips.c.session_id == row["id"])).scalar_one())
            held.append(session)
    return {"key": person["key"], "created_at": person["created_at"],
            "pictures": bool(person["pictures"]),  # chose to have the questions as picture cards
            "sessions": held}


@dataclass
class Removed:
    """What an erasure or a purge removed, as counts, and what it kept for the safeguarding lead."""

    answers: int = 0
    sessions: int = 0
    handled_messages: int = 0
    closed_concerns: int = 0
    respondents: int = 0
    open_concerns_kept: int = 0
    sessions_kept: int = 0
    respondents_anonymised: int = 0
    # the sessions kept for open concerns: `sayit erase --session` finds what is left once they are closed
    kept_session_ids: tuple[str, ...] = ()

    def add(self, other: Removed) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)


def _remove_sessions(conn: Connection, session_ids: list[str]) -> Removed:
    """Delete these sessions with their answers, message records and closed concerns; a session with an open
    concern stays, emptied and marked 'removed'."""
    if not session_ids:
        return Removed()
    in_these = sessions.c.id.in_(session_ids)
    keep = sorted(set(conn.execute(sa.select(concerns.c.session_id)
                                   .where(concerns.c.session_id.in_(session_ids), OPEN)).scalars()))
    done = Removed(
        answers=conn.execute(responses.delete().where(responses.c.session_id.in_(session_ids))).rowcount,
        handled_messages=conn.execute(handled_messages.delete()
                                      .where(handled_messages.c.session_id.in_(session_ids))).rowcount,
        closed_concerns=conn.execute(concerns.delete().where(concerns.c.session_id.in_(session_ids),
                                                             concerns.c.reviewed_at.isnot(None))).rowcount,
        open_concerns_kept=int(conn.execute(sa.select(sa.func.count()).select_from(concerns)
                                            .where(concerns.c.session_id.in_(session_ids), OPEN)).scalar_one()),
        sessions_kept=len(keep), kept_session_ids=tuple(keep),
    )
    # kept voice goes with its session, even one kept for an open concern: the concern keeps the words
    conn.execute(voice_clips.delete().where(voice_clips.c.session_id.in_(session_ids)))
    done.sessions = conn.execute(sessions.delete().where(in_these, sessions.c.id.notin_(keep))).rowcount
    if keep:  # updated_at stays, so a later purge still finds them old once the concern is closed
        conn.execute(sessions.update().where(sessions.c.id.in_(keep))
                     .values(status="removed", current_question=None, returning_to=None))
    return done


def _settle_respondents(conn: Connection, respondent_ids: Iterable[int], cutoff: datetime | None = None) -> Removed:
    """Delete respondents left with no session; give a random key to those kept only for an open concern (any
    session of theirs newer than `cutoff`, when given, is one they are still answering)."""
    done = Removed()
    for respondent_id in respondent_ids:
        theirs = sessions.c.respondent_id == respondent_id
        if conn.execute(sa.select(sessions.c.id).where(theirs).limit(1)).first() is None:
            done.respondents += conn.execute(respondents.delete().where(respondents.c.id == respondent_id)).rowcount
            continue
        newer = sa.and_(theirs, ~_older(cutoff)) if cutoff is not None else None
        if newer is not None and conn.execute(sa.select(sessions.c.id).where(newer).limit(1)).first() is not None:
            continue
        done.respondents_anonymised += conn.execute(
            respondents.update().where(respondents.c.id == respondent_id, respondents.c.key_id.is_distinct_from(
                ANONYMISED)).values(key=secrets.token_hex(32), key_id=ANONYMISED)).rowcount
    return done


def erase(store: SurveyStore, respondent_id: int) -> Removed:
    """Remove one respondent everywhere the store holds anything, in one transaction (then `checkpoint`)."""
    with store.engine.begin() as conn:
        ids = list(conn.execute(sa.select(sessions.c.id).where(sessions.c.respondent_id == respondent_id)).scalars())
        done = _remove_sessions(conn, ids)
        done.add(_settle_respondents(conn, [respondent_id]))
    return done


def _older(cutoff: datetime) -> Any:
    return sa.or_(sessions.c.updated_at < cutoff, sa.and_(sessions.c.finished_at.isnot(None),
                                                          sessions.c.finished_at < cutoff))


def purge(store: SurveyStore, cutoff: datetime, progress: Callable[[int, int], Any], dry_run: bool = False,
          batch: int = 100) -> Removed:
    """Remove every session that finished or last changed before `cutoff`, then respondents left with none. The
    old sessions of a batch of respondents go in one transaction (then `checkpoint`); `dry_run` counts what would
    go and keeps it."""
    with store.engine.connect() as conn:
        old = conn.execute(sa.select(sessions.c.respondent_id, sessions.c.id).where(_older(cutoff))
                           .order_by(sessions.c.respondent_id, sessions.c.id)).all()
    by_respondent: dict[int, list[str]] = {}
    for respondent_id, session_id in old:
        by_respondent.setdefault(int(respondent_id), []).append(session_id)
    people = list(by_respondent)
    done = Removed()
    for start in range(0, len(people), batch):
        chunk = people[start:start + batch]
        with store.engine.connect() as conn:
            transaction = conn.begin()
            try:
                removed = _remove_sessions(conn, [s for r in chunk for s in by_respondent[r]])
                removed.add(_settle_respondents(conn, chunk, cutoff))
            except BaseException:
                transaction.rollback()
                raise
            (transaction.rollback if dry_run else transaction.commit)()
        done.add(removed)
        progress(min(start + batch, len(people)), len(people))
    return done


def checkpoint(store: SurveyStore) -> bool:
    """Move SQLite's write-ahead log into the database and empty it, so the log holds no copy of what was just
    deleted (deleted rows are zeroed in the database itself: secure_delete). False if a reader held it back."""
    if store.engine.dialect.name != "sqlite":
        return True
    with store.engine.connect() as conn:
        busy, _, _ = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    return not busy
