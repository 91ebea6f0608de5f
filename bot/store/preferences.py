"""How a respondent chose to be shown the questions: as picture cards too (`respondents.pictures`, set by
Telegram's /pictures), or not. It is a yes or no on the respondent, so it survives a restart, holds nothing else
about them, moves with them when the store's key is rotated, is in their subject access file, and goes when they
are erased (or purged with their last session).

A channel asks once an update, before the turn, with the pseudonym the conversation gives the store; it also
learns the language and reader of the person's latest session and whether a question is open there, so what it
says on its own (the confirmation) is in the person's language, and choosing pictures can show the open
question again as one.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from bot.store.schema import respondents, sessions
from bot.store.survey_store import SurveyStore
from bot.vocabulary import Status


@dataclass(frozen=True)
class Presentation:
    pictures: bool = False
    language: str | None = None  # of the person's latest session, None before their first
    role: str | None = None
    asking: bool = False  # a question is open: the survey is under way, not paused or between questions


def presentation(store: SurveyStore, pseudonym: str) -> Presentation:
    """What this person chose and where they are; a person the store does not know is not created."""
    with store.engine.connect() as conn:
        person = conn.execute(sa.select(respondents.c.id, respondents.c.pictures)
                              .where(respondents.c.key.in_(store.keys.all(pseudonym)))).first()
        if person is None:
            return Presentation()
        session = conn.execute(
            sa.select(sessions.c.language, sessions.c.role, sessions.c.status, sessions.c.current_question)
            .where(sessions.c.respondent_id == person.id)
            .order_by(sessions.c.started_at.desc(), sessions.c.id).limit(1)).first()
    if session is None:
        return Presentation(bool(person.pictures))
    asking = session.status == Status.ACTIVE and session.current_question is not None
    return Presentation(bool(person.pictures), session.language, session.role, asking)


def choose_pictures(store: SurveyStore, pseudonym: str, pictures: bool) -> Presentation:
    """Keep the choice (the respondent is made if this is their first message, as the conversation would) and
    say where the person is now."""
    respondent_id = store.respondent(pseudonym)
    with store.engine.begin() as conn:
        conn.execute(respondents.update().where(respondents.c.id == respondent_id).values(pictures=pictures))
    return presentation(store, pseudonym)
