"""The webhook inbox: texts and Telegram updates waiting between the webhook that took them and the conversation.

A webhook keeps a message here and answers at once (Twilio gives up after 15 seconds and never tries again), so a
burst is never refused and a restart loses nothing. Workers, one in each Rasa server, take messages in turn:
only each sender's oldest can be taken, so one person's messages are handled in the order they came, whichever
server takes them. A taken message is held for a lease; a server that stops while holding one lets the lease run
out and another takes it (the store's message ids make that safe: a message is answered in the survey once).
A message that could not be handled is tried again later, each time later, and its row goes once it is done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from bot.store.schema import inbox
from bot.store.survey_store import now

LEASE = timedelta(seconds=120)  # longer than any turn: Rasa gives the action server 10 s, the reply a few more


@dataclass(frozen=True)
class Waiting:
    id: int
    channel: str
    message_key: str
    sender: str
    sealed: bytes
    attempts: int


def put(engine: Engine, channel: str, message_key: str, sender: str, sealed: bytes) -> bool:
    """Keep one message; False if a message with this key is already kept (Twilio or Telegram sent it again)."""
    insert = (postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert)(inbox)
    when = now()
    with engine.begin() as conn:
        done = conn.execute(insert.values(channel=channel, message_key=message_key, sender=sender, sealed=sealed,
                                          received_at=when, not_before=when)
                            .on_conflict_do_nothing(index_elements=["message_key"]))
    return bool(done.rowcount)


def take(engine: Engine, channel: str, most: int) -> list[Waiting]:
    """Up to `most` messages of this channel to handle now, each its sender's oldest, each held for a lease."""
    earlier = inbox.alias("earlier")
    at = now()
    heads = (sa.select(inbox).where(
        inbox.c.channel == channel, inbox.c.not_before <= at,
        sa.or_(inbox.c.claimed_until.is_(None), inbox.c.claimed_until < at),
        ~sa.exists().where(earlier.c.sender == inbox.c.sender, earlier.c.id < inbox.c.id))
        .order_by(inbox.c.id).limit(most))
    taken = []
    with engine.begin() as conn:
        for row in conn.execute(heads).all():
            # held by whoever sets the lease first: another server that read the same row sets none
            held = conn.execute(inbox.update().where(
                inbox.c.id == row.id, sa.or_(inbox.c.claimed_until.is_(None), inbox.c.claimed_until < at))
                .values(claimed_until=at + LEASE))
            if held.rowcount:
                taken.append(Waiting(row.id, row.channel, row.message_key, row.sender, bytes(row.sealed),
                                     row.attempts))
    return taken


def done(engine: Engine, message_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(inbox.delete().where(inbox.c.id == message_id))


def later(engine: Engine, message_id: int, delay: timedelta) -> None:
    """Let go of a message that could not be handled, to be taken again after `delay`."""
    with engine.begin() as conn:
        conn.execute(inbox.update().where(inbox.c.id == message_id).values(
            attempts=inbox.c.attempts + 1, not_before=now() + delay, claimed_until=None))


def waiting(engine: Engine, channel: str | None = None) -> int:
    query = sa.select(sa.func.count()).select_from(inbox)
    with engine.connect() as conn:
        return int(conn.execute(query.where(inbox.c.channel == channel) if channel else query).scalar_one())


def forget_sender(engine: Engine, sender: str) -> int:
    """Erase what waits from one sender (`sayit erase`); how many went."""
    with engine.begin() as conn:
        return int(conn.execute(inbox.delete().where(inbox.c.sender == sender)).rowcount)
