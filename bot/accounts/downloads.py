"""The analysts' page's download log: every report read and export downloaded, with who and when, never the data
(`sayit analysts downloads` lists it), so a council can answer "who took children's answers, and when?"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.store.schema import analysts, downloads
from bot.store.survey_store import now


@dataclass(frozen=True)
class Download:
    analyst: str
    what: str
    survey: str
    term: str
    rows: int | None
    at: datetime


def log_download(engine: Engine, analyst_id: int, what: str, survey: str, term: str, rows: int | None = None) -> None:
    with engine.begin() as conn:
        conn.execute(downloads.insert().values(analyst_id=analyst_id, what=what, survey=survey, term=term,
                                               rows=rows, at=now()))


def downloads_made(engine: Engine, limit: int = 1000) -> list[Download]:
    """The latest downloads, newest first."""
    query = (sa.select(analysts.c.username, downloads.c.what, downloads.c.survey, downloads.c.term,
                       downloads.c.rows, downloads.c.at)
             .select_from(downloads.join(analysts)).order_by(downloads.c.at.desc(), downloads.c.id.desc())
             .limit(limit))
    with engine.connect() as conn:
        return [Download(r.username, r.what, r.survey, r.term, r.rows, r.at) for r in conn.execute(query)]
