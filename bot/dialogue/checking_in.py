"""A session that is waiting: paused until the person comes back, or checking in after a worrying reply, when
the survey goes on only if the person wants it to."""

from __future__ import annotations

from bot.dialogue.incoming import Exchange
from bot.dialogue.outgoing import Outgoing
from bot.dialogue.prompts import check_in_question, paused_message
from bot.store.survey_store import now
from bot.translation import messages as m
from bot.vocabulary import Control, Status


def resume(x: Exchange) -> list[Outgoing]:
    kind_words = x.conversation.note_concern(x)
    if x.reading.control == Control.STOP:
        return kind_words + x.conversation.stop(x)
    if x.reading.control == Control.LANGUAGE:
        return kind_words + x.conversation.offer_languages(x, Status.ACTIVE)
    x.commit({"status": Status.ACTIVE})
    question = x.survey.question(x.session.current_question or "")
    return kind_words + [x.conversation.ask(x.session, x.survey, question, x.speaker,
                                            intro=m.RESUMED)]


def check_in(x: Exchange) -> list[Outgoing]:
    if x.reading.concern:
        x.commit(concern=x.concern_here())
        return [check_in_question(x.session, x.speaker)]
    if x.reading.control == Control.STOP or x.msg.intent == "stop":
        return x.conversation.stop(x)
    if x.reading.control == Control.LANGUAGE or x.msg.intent == "change_language":
        return x.conversation.offer_languages(x, Status.CHECKING_IN)
    carry_on = x.reading.carry_on
    if x.msg.intent in ("greet", "pause") and carry_on is None:
        carry_on = x.msg.intent == "greet"  # a tapped "yes, carry on" or "take a break"
    if x.reading.control == Control.PAUSE or carry_on is False:
        x.commit({"status": Status.PAUSED})
        return [paused_message(x.session, x.speaker, m.CHECK_IN_BREAK)]
    if carry_on is None:
        x.commit()
        return [check_in_question(x.session, x.speaker, m.CHECK_IN_AGAIN)]
    if x.session.current_question is None:
        x.commit({"status": Status.FINISHED, "finished_at": now()})
        return x.conversation.finish(x)
    x.commit({"status": Status.ACTIVE})
    return [x.conversation.ask(x.session, x.survey, x.survey.question(x.session.current_question), x.speaker)]
