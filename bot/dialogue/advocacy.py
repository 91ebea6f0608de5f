"""An advocate beside the young person (a session started from the web chat's advocate view): each answer keeps
how it was given (the young person chose it themselves, pointed or used their communication aid, or the advocate
interpreted their response) and the advocate's short observation, written with the answer in one turn; an
observation that suggests someone may not be safe is passed to the safeguarding lead.

The young person can ask, by a symbol on every question, for the advocate to step back: from then on each answer
is kept as unassisted, whatever the advocate's panel says, until they ask for help again by the symbol that takes
its place. Both times are kept with the session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.dialogue.outgoing import Outgoing, control, intent_payload
from bot.store.survey_store import SessionState, now
from bot.translation import messages as m
from bot.translation.speaker import Speaker
from bot.understanding.reading import Reading
from bot.vocabulary import ADVOCATE_INTENTS, Assistance, Control, Via

if TYPE_CHECKING:
    from bot.dialogue.answering import AnswerTurn
    from bot.dialogue.incoming import Exchange, Incoming


def asked_by_symbol(msg: Incoming) -> Control | None:
    """The step-back control, or asking the advocate back, when the young person tapped its symbol."""
    return ADVOCATE_INTENTS.get(msg.intent or "") if msg.via == Via.BUTTON else None


def assistance_of(x: Exchange) -> dict[str, Any]:
    """What an answer keeps about the advocate's help: nothing in a session without one."""
    if x.session.advocate_id is None:
        return {}
    given = Assistance.UNASSISTED if x.session.stepped_back_at is not None else x.msg.assistance
    return {"assistance": given, "observation": x.msg.observation}


def observation_concern(x: Exchange, question_id: str) -> dict[str, Any] | None:
    """An advocate's observation that suggests someone may not be safe goes to the safeguarding lead, as a young
    person's own words would (the advocate is beside them, so the survey goes on without a check-in)."""
    note = x.msg.observation
    if x.session.advocate_id is None or not note or not Reading(note, x.session.language).concern:
        return None
    return {"question_id": question_id, "raw_reply": note}


def step(turn: AnswerTurn, asked: str, concern: dict | None) -> list[Outgoing]:
    """The young person asks the advocate to step back, or to help again; then the same question."""
    x = turn.x
    if x.session.advocate_id is None:  # only a session with an advocate offers these: nothing to change
        x.commit(concern=concern)
        return [turn.ask(m.REPEAT_INTRO)]
    if asked == Control.STEP_BACK:
        changes: dict[str, Any] = {"stepped_back_at": x.session.stepped_back_at or now()}
        intro = m.STEPPED_BACK
    else:
        changes, intro = {"stepped_back_at": None, "asked_back_at": now()}, m.ADVOCATE_BACK
    x.commit(changes, concern=concern)
    return [x.conversation.ask(x.refreshed(), x.survey, turn.question, x.speaker, intro)]


def with_advocate(question: Outgoing, session: SessionState, speaker: Speaker) -> Outgoing:
    """A question in a session with an advocate: the young person's symbol to step the advocate back (or to ask
    them back) first among its controls, and whether they have stepped back, for the advocate's panel."""
    if session.advocate_id is None:
        return question
    stepped_back = session.stepped_back_at is not None
    name, label = ("advocate_back", m.ADVOCATE_BACK_LABEL) if stepped_back else ("step_back", m.STEP_BACK_LABEL)
    payload = intent_payload(name, question_id=question.custom["question_id"])
    question.custom["controls"].insert(0, control(name, speaker, label, payload))
    question.custom["advocate"] = {"stepped_back": stepped_back}
    return question
