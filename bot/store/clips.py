"""The registry of spoken texts (the `clips` table): what an audio address may name beyond the catalogs' own
wordings (a message spoken in several parts, a wording with numbers filled in), written by the action server as
it builds a message, and which engine made each clip at each pace, written as the clip is made.

Only the bot's own words are ever written here (bot/media/speech.py sees to it): a row names no session and no
person, so nothing here is about anyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.store.schema import clips
from bot.store.survey_store import make_engine, now
from bot.store.upgrade import upgrade

NAMED_PACE = "normal"  # the pace of the row written when a message names a clip
KNOWN_IN_MEMORY = 50_000  # ids this process has registered, so a question asked again writes nothing


@dataclass(frozen=True)
class SpokenText:
    id: str
    lang: str
    text: str
    parts: tuple[str, ...] = ()  # for a message in several parts, its parts' clip ids in order


@dataclass(frozen=True)
class MadeClip:
    id: str
    pace: str
    lang: str
    engine: str
    made_at: datetime
    text: str


def _row(text: SpokenText, pace: str) -> dict[str, object]:
    """A new row of the clips table for these words at this pace."""
    return {"id": text.id, "pace": pace, "lang": text.lang, "text": text.text, "parts": " ".join(text.parts) or None,
            "named_at": now()}


class ClipRegistry:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._known: set[str] = set()

    @classmethod
    def open(cls, url: str) -> ClipRegistry:
        """Connect and bring the schema up to date (as SurveyStore.open does)."""
        engine = make_engine(url)
        upgrade(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def register(self, texts: Iterable[SpokenText]) -> None:
        """Say that messages name these texts, so the audio address can find them; a text known already is left."""
        fresh = {t.id: t for t in texts if t.id not in self._known}
        if not fresh:
            return
        with self.engine.begin() as conn:
            there = set(conn.execute(sa.select(clips.c.id).where(clips.c.id.in_(list(fresh)))).scalars())
            for t in fresh.values():
                if t.id in there:
                    continue
                try:
                    with conn.begin_nested():  # another process may have written it since
                        conn.execute(clips.insert().values(**_row(t, NAMED_PACE)))
                except sa.exc.IntegrityError:
                    pass
        if len(self._known) > KNOWN_IN_MEMORY:
            self._known.clear()
        self._known.update(fresh)

    def find(self, clip_id: str) -> SpokenText | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(clips.c.lang, clips.c.text, clips.c.parts)
                               .where(clips.c.id == clip_id).limit(1)).first()
        if row is None:
            return None
        return SpokenText(clip_id, row.lang, row.text, tuple((row.parts or "").split()))

    def record_made(self, text: SpokenText, pace: str, engine: str) -> None:
        """Which engine made this clip at this pace, and when."""
        made = {"engine": engine, "made_at": now()}
        where = (clips.c.id == text.id) & (clips.c.pace == pace)
        with self.engine.begin() as conn:
            if conn.execute(clips.update().where(where).values(**made)).rowcount:
                return
            try:
                with conn.begin_nested():
                    conn.execute(clips.insert().values(**_row(text, pace), **made))
            except sa.exc.IntegrityError:  # made at the same moment by another process
                conn.execute(clips.update().where(where).values(**made))

    def engine_of(self, clip_id: str, pace: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(clips.c.engine).where(
                (clips.c.id == clip_id) & (clips.c.pace == pace))).scalar()

    def made(self, engine: str | None = None) -> list[MadeClip]:
        """Every clip made, by language and then when (only those one engine made, if given)."""
        query = sa.select(clips).where(clips.c.engine.isnot(None))
        if engine:
            query = query.where(clips.c.engine == engine)
        with self.engine.connect() as conn:
            return [MadeClip(r.id, r.pace, r.lang, r.engine, r.made_at, r.text)
                    for r in conn.execute(query.order_by(clips.c.lang, clips.c.made_at, clips.c.id))]
