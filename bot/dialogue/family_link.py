"""Linking a parent's answers with their own child's, where the council's invitation names their family: before
the first question each person is asked, in their own session, whether their answers may be put beside their
family's. Yes keeps the family's key with the session and when they agreed; No drops the key, and nothing is
linked. Either way the survey goes on the same, and the answers count the same."""

from __future__ import annotations

from bot.dialogue.incoming import Exchange
from bot.dialogue.outgoing import Outgoing, control, intent_payload, said
from bot.dialogue.prompts import question_role
from bot.store.survey_store import SessionState, now
from bot.translation import messages as m
from bot.translation.speaker import Speaker
from bot.vocabulary import Control, Role, Status


def asks_family(session: SessionState, changes: dict) -> bool:
    """Whether to ask before the questions: the invitation named a family, and this person has not said yet."""
    return bool(session.family_key) and session.family_consent_at is None and "family_key" not in changes \
        and "family_consent_at" not in changes


def family_question(session: SessionState, speaker: Speaker) -> Outgoing:
    young = question_role(session.role) == Role.YOUNG_PERSON
    controls = [control("confirm", speaker, m.FAMILY_YES_LABEL, intent_payload("greet")),
                control("not_right", speaker, m.CONFIRM_NO_LABEL, intent_payload("repeat"))]
    return said(speaker, "family_link", m.FAMILY_LINK_YOUNG if young else m.FAMILY_LINK_PARENT,
                session_id=session.id, choices=[], controls=controls)


def answer_family(x: Exchange) -> list[Outgoing]:
    from bot.dialogue.opening import begin  # here, not above: the opening asks this before it begins

    tapped = {"greet": True, "repeat": False}.get(x.msg.intent or "") if x.msg.via == "button" else None
    verdict = tapped if tapped is not None else (None if x.reading.concern else x.reading.yes_or_no)
    if verdict is True:
        return begin(x, x.speaker, {"family_consent_at": now()})
    if verdict is False:
        return begin(x, x.speaker, {"family_key": None})
    kind_words = x.conversation.note_concern(x)
    if x.reading.control == Control.STOP:
        return kind_words + x.conversation.stop(x)
    if x.reading.control == Control.LANGUAGE:
        return kind_words + x.conversation.offer_languages(x, Status.ASKING_FAMILY)
    x.commit()
    return kind_words + [family_question(x.session, x.speaker)]
