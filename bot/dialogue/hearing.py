"""A spoken answer, heard before it is read: its audio taken from the voice inbox, recognised against the words
the open question expects, in the session's language, and handed on as the words heard (`Incoming.heard` keeps
the recogniser's verdict). It is heard only while a question is open (or its answer is being confirmed), only in
a language a recogniser is set up for, and never guessed: what could not be heard gets kind words and changes
nothing."""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

from bot.dialogue.incoming import Incoming
from bot.dialogue.outgoing import Outgoing, said
from bot.listening import CannotListen, can_hear, hear_answer
from bot.settings import voice_keep_days
from bot.store.survey_store import SessionState
from bot.store.voice_inbox import take
from bot.translation import messages as m
from bot.translation.languages import negotiate
from bot.translation.speaker import Speaker
from bot.vocabulary import Status

if TYPE_CHECKING:
    from bot.dialogue.conversation import Conversation

log = logging.getLogger(__name__)

LISTENING = (Status.ACTIVE, Status.CONFIRMING)


def heard(conversation: Conversation, session: SessionState | None, msg: Incoming) -> Incoming | list[Outgoing]:
    """The message with the words heard in it, or the replies saying why nothing was heard (the audio is taken
    from the inbox either way, so nothing of it is left behind)."""
    audio = None
    if msg.voice_clip is not None:
        audio = take(conversation.store.engine, msg.voice_clip, session.id if session else None, voice_keep_days())
    if session is None or session.status not in LISTENING or not session.current_question:
        return not_heard(conversation, session, msg, m.VOICE_NOT_NOW)
    if not can_hear(session.language):
        return not_heard(conversation, session, msg, m.VOICE_NOT_IN_LANGUAGE)
    if audio is None:  # no clip named, a made-up id, or one already heard
        return not_heard(conversation, session, msg, m.VOICE_NOT_HEARD)
    survey = conversation.survey_of(session)
    question = survey.question(session.current_question)
    try:
        result = hear_answer(audio, session.language, survey, question)
    except CannotListen as exc:
        log.info("a spoken answer could not be heard (%s)", type(exc).__name__)
        return not_heard(conversation, session, msg, m.VOICE_NOT_HEARD)
    if not result.transcript.strip() and not result.concern:
        return not_heard(conversation, session, msg, m.VOICE_NOT_HEARD)
    return dataclasses.replace(msg, text=result.transcript, heard=result)


def not_heard(conversation: Conversation, session: SessionState | None, msg: Incoming, why: str) -> list[Outgoing]:
    """Kind words on why, then what the person is being asked now; nothing changes, and the message is not marked
    handled (sent again, it is heard again, or gets the same words)."""
    if session is None or not session.is_open:
        speaker = Speaker(session.language if session else negotiate(msg.language_hints,
                                                                    default=conversation.settings.language))
        return [said(speaker, "notice", why, language=speaker.lang)]
    x = conversation.exchange(session, msg)
    return conversation.where_they_are(x, why)
