"""An answer the bot is not sure of, asked about before anything is stored, with Yes and No.

Two kinds wait here. A spoken answer the recogniser was unsure of: "I heard “Sometimes”. Is that right?". A typed
reply the bot could only guess at (a misspelling one edit too far from a word it knows, or a reply Rasa's classifier
half thinks is skip or don't know): "Did you mean “Mostly”?". Yes stores it as any answer is stored (a spoken one
with what was heard and how sure the recogniser was); No asks the question again; anything else (a tap on another
face, a new answer, stop, a worrying reply) is a reply to the question like any other. The answer waits on the
session (`pending_answer`, how it was given among it), so a restart loses nothing."""

from __future__ import annotations

import json
from typing import Any

from bot.dialogue import answering
from bot.dialogue.incoming import Exchange
from bot.dialogue.outgoing import Outgoing, control, intent_payload, said
from bot.media.speech import Quoted, Value, words
from bot.store.survey_store import SessionState, TurnChanges
from bot.surveys.model import Survey
from bot.translation import messages as m
from bot.translation.speaker import Speaker
from bot.vocabulary import Coded, Status, Via

SETTLED = {"status": Status.ACTIVE, "pending_answer": None}


def ask_to_confirm(x: Exchange, row: dict[str, Any], concern: dict | None = None) -> list[Outgoing]:
    """Keep the answer on the session and ask whether it is right (`concern`: an advocate's worrying observation,
    recorded now, whatever the answer to this turns out to be)."""
    x.commit({"status": Status.CONFIRMING, "pending_answer": json.dumps(row), "unclear_count": 0}, concern=concern)
    return [confirm_question(x.session, x.survey, row, x.speaker)]


def confirm_question(session: SessionState, survey: Survey, row: dict[str, Any], speaker: Speaker) -> Outgoing:
    question_id = row["question_id"]
    controls = [control("confirm", speaker, m.CONFIRM_YES_LABEL, intent_payload("greet", question_id=question_id)),
                control("not_right", speaker, m.CONFIRM_NO_LABEL, intent_payload("repeat", question_id=question_id))]
    if row["given_via"] == Via.VOICE:
        kind, asking = "voice_confirm", words(m.VOICE_CONFIRM, heard=taken_as(survey, row))
    else:
        kind, asking = "did_you_mean", words(m.DID_YOU_MEAN, choice=taken_as(survey, row))
    return said(speaker, kind, asking, session_id=session.id, question_id=question_id, choices=[], controls=controls)


def taken_as(survey: Survey, row: dict[str, Any]) -> Value:
    """What the answer was taken to be, in the bot's own words where it has them (a face's label, Skip), so it
    can be spoken too; a free-text answer is the person's words, shown and never spoken."""
    if row["status"] == Coded.SKIPPED:
        return words(m.SKIP_LABEL)
    if row["status"] == Coded.DONT_KNOW:
        return words(m.DONT_KNOW_LABEL)
    question = survey.question(row["question_id"])
    label = next((c.label for c in survey.choices(question) if c.value == row["value"]), None)
    return words(label) if label is not None else Quoted(row["transcript"] or "")


def confirm(x: Exchange) -> list[Outgoing]:
    pending = json.loads(x.session.pending_answer or "null")
    turn = answering.AnswerTurn(x)
    verdict = None if pending is None or pending.get("question_id") != turn.question.id else is_it_right(x)
    if verdict is True:
        return turn.record_row(pending, None, SETTLED)
    if verdict is False:
        x.commit(SETTLED)
        return [turn.ask(m.VOICE_SAY_AGAIN if pending["given_via"] == Via.VOICE else m.GUESSED_WRONG)]
    # not a yes or a no: the session stops waiting, and the message is read as a reply to the question
    x.conversation.apply(TurnChanges(x.session.id, None, dict(SETTLED)))
    return answering.answer(x.conversation.exchange(x.refreshed(), x.msg))


def is_it_right(x: Exchange) -> bool | None:
    """Yes or No, tapped, typed or said; None for anything else, or a reply that worries us (read as a reply)."""
    if x.reading.concern:
        return None
    target = x.msg.payload.get("question_id")
    if x.msg.intent in ("greet", "repeat") and target == x.session.current_question:
        return x.msg.intent == "greet"
    if x.msg.payload:
        return None  # another tap: a face, skip, help
    return x.reading.yes_or_no
