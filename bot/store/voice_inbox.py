"""Where a spoken answer waits between the channel that received it and the conversation that hears it.

The channel (in the Rasa server) keeps the audio under a random id and names only the id in its message to Rasa,
so the audio never travels through Rasa's tracker or its logs. The conversation (in the action server) takes it
once: heard, it is deleted at once unless the deployment keeps voice (`SAYIT_KEEP_VOICE_DAYS`), and then it is
tied to its session so `sayit erase` finds it, and deleted when its days are up. Audio nobody came for (the
action server was down) is deleted after an hour.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bot.store.schema import voice_clips
from bot.store.survey_store import now

MAX_VOICE_BYTES = 2 * 1024 * 1024  # 30 seconds is about 0.5 MB as Opus, 1 MB as 16 kHz WAV
UNHEARD_FOR = timedelta(hours=1)


class VoiceTooLarge(ValueError):
    pass


def receive(engine: Engine, audio: bytes) -> str:
    """Keep a spoken answer for the conversation to hear; return the id to name it by."""
    if not audio:
        raise ValueError("no audio")
    if len(audio) > MAX_VOICE_BYTES:
        raise VoiceTooLarge(f"{len(audio)} bytes is more than the {MAX_VOICE_BYTES} a spoken answer may be")
    clip_id = secrets.token_hex(16)
    with engine.begin() as conn:
        conn.execute(voice_clips.insert().values(id=clip_id, audio=audio, received_at=now()))
    return clip_id


def take(engine: Engine, clip_id: str, session_id: str | None, keep_days: int) -> bytes | None:
    """The audio of a spoken answer, once: deleted now, or kept `keep_days` tied to its session (never without
    one). None if there is no such clip (a wrong id, or one already taken)."""
    with engine.begin() as conn:
        _expire(conn, keep_days)
        found = conn.execute(sa.select(voice_clips.c.audio)
                             .where(voice_clips.c.id == clip_id, voice_clips.c.heard_at.is_(None))).first()
        if found is None:
            return None
        this = voice_clips.c.id == clip_id
        if keep_days and session_id:
            conn.execute(voice_clips.update().where(this).values(heard_at=now(), session_id=session_id))
        else:
            conn.execute(voice_clips.delete().where(this))
        return bytes(found[0])


def kept(engine: Engine, session_id: str) -> int:
    """How many spoken answers of a session are kept."""
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(voice_clips)
                                .where(voice_clips.c.session_id == session_id)).scalar_one())


def expire(engine: Engine, keep_days: int) -> int:
    """Delete the voice kept past its days, and audio nobody came for; how many went (`sayit purge` calls it,
    as does each hearing)."""
    with engine.begin() as conn:
        return _expire(conn, keep_days)


def _expire(conn: Connection, keep_days: int) -> int:
    unheard = conn.execute(voice_clips.delete().where(voice_clips.c.heard_at.is_(None),
                                                      voice_clips.c.received_at < now() - UNHEARD_FOR)).rowcount
    kept_over = conn.execute(voice_clips.delete().where(voice_clips.c.heard_at.isnot(None),
                                                        voice_clips.c.heard_at < now() - timedelta(days=keep_days)))
    return int(unheard) + int(kept_over.rowcount)
