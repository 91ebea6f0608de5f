"""The opening of a session, before the first question: the language (and switching it at any point after), who
is answering, and the young person's age where a survey asks some questions only from an age."""

from __future__ import annotations

from typing import Any

from bot.dialogue.family_link import asks_family, family_question
from bot.dialogue.incoming import Exchange
from bot.dialogue.language_question import language_question, offered_languages
from bot.dialogue.outgoing import Outgoing, said
from bot.dialogue.privacy_notice import NOTICE_VERSION, privacy_notice
from bot.dialogue.prompts import (
    age_asked_of,
    age_question,
    check_in_question,
    offered_roles,
    question_role,
    role_question,
)
from bot.store.survey_store import now
from bot.translation import messages as m
from bot.translation.languages import named_language
from bot.translation.speaker import Speaker, reader_of
from bot.vocabulary import Coded, Control, Kind, Status


def choose_language(x: Exchange) -> list[Outgoing]:
    offered = offered_languages(x.session.language)
    tapped = x.msg.payload.get("language")
    chosen = tapped if tapped in offered else named_language(x.reading.words, offered)
    if chosen is None and x.reading.carry_on:
        chosen = x.session.language  # "yes", "ok": the language already shown
    if chosen is not None:
        return language_chosen(x, chosen)
    kind_words = x.conversation.note_concern(x)
    if x.reading.control == Control.STOP:
        return kind_words + x.conversation.stop(x)
    x.commit()
    intro = None if x.reading.control == Control.LANGUAGE else m.LANGUAGE_UNCLEAR
    return kind_words + [language_question(x.session.id, x.speaker, intro)]


def language_chosen(x: Exchange, lang: str) -> list[Outgoing]:
    """Carry on where the person was, now in their language; nothing answered is lost."""
    back_to = x.session.returning_to or Status.ACTIVE
    starting = back_to == Status.CHOOSING_ROLE
    # the notice is shown once, as the survey starts: which wording, and when, is kept with the session
    notice = {"notice_version": NOTICE_VERSION, "notice_shown_at": now()} if starting else {}
    x.commit({"language": lang, "status": back_to, "returning_to": None, **notice})
    session = x.refreshed()
    speaker = x.conversation.speaker_for(session, x.msg)
    if starting:
        return [said(speaker, "welcome", m.WELCOME, session_id=session.id, survey=x.survey.id, language=lang),
                privacy_notice(session.id, speaker, x.conversation.settings.privacy_contact),
                role_question(session, x.survey, speaker)]
    if back_to == Status.ASKING_AGE:
        return [age_question(session, speaker, m.LANGUAGE_CHANGED)]
    if back_to == Status.CHECKING_IN:
        return [check_in_question(session, speaker)]
    if back_to == Status.ASKING_FAMILY:
        return [family_question(session, speaker)]
    return [x.conversation.ask(session, x.survey, x.survey.question(session.current_question or ""), speaker,
                               intro=m.LANGUAGE_CHANGED)]


def choose_role(x: Exchange) -> list[Outgoing]:
    offered = offered_roles(x.survey)
    role = x.msg.payload.get("role") or x.reading.role(offered)
    if role not in offered:
        kind_words = x.conversation.note_concern(x)
        if x.reading.control == Control.STOP:
            return kind_words + x.conversation.stop(x)
        if x.reading.control == Control.LANGUAGE:
            return kind_words + x.conversation.offer_languages(x, Status.CHOOSING_ROLE)
        intro = m.ROLE_HELP if x.reading.control == Control.HELP else m.ROLE_UNCLEAR
        x.commit()
        return kind_words + [role_question(x.session, x.survey, x.speaker, intro)]
    # from here on the bot talks to a young person or to an adult
    speaker = Speaker(x.session.language, reader_of(role), x.speaker.medium)
    thanks = said(speaker, "role_chosen", m.ROLE_THANKS[role], role=role)
    if x.survey.asks_age(question_role(role)):
        x.commit({"role": role, "status": Status.ASKING_AGE})
        return [thanks, age_question(x.refreshed(), speaker)]
    return [thanks, *begin(x, speaker, {"role": role})]


def begin(x: Exchange, speaker: Speaker, changes: dict[str, Any]) -> list[Outgoing]:
    """Start the questions, once who is answering (and, where it matters, their age) is known."""
    if asks_family(x.session, changes):  # an invitation that links families: asked first, and only once
        x.commit({**changes, "status": Status.ASKING_FAMILY})
        return [family_question(x.refreshed(), speaker)]
    role, age = changes.get("role", x.session.role), changes.get("age", x.session.age)
    first = x.survey.questions_for(question_role(role), age)[0]
    x.commit({**changes, "status": Status.ACTIVE, "current_question": first.id})
    return [x.conversation.ask(x.refreshed(), x.survey, first, speaker)]


def ask_age(x: Exchange) -> list[Outgoing]:
    """Questions asked only from an age (Bristol's post-14 focus) need the young person's age, if they'll say."""
    if x.reading.age is not None:
        return begin(x, x.speaker, {"age": x.reading.age})
    kind_words = x.conversation.note_concern(x)
    if x.reading.control == Control.STOP:
        return kind_words + x.conversation.stop(x)
    if x.reading.control == Control.LANGUAGE:
        return kind_words + x.conversation.offer_languages(x, Status.ASKING_AGE)
    if x.reading.answer(Kind.FREE_TEXT).status in (Coded.SKIPPED, Coded.DONT_KNOW) or x.msg.intent == "skip":
        return kind_words + begin(x, x.speaker, {})
    x.commit()
    unclear = m.AGE_UNCLEAR[age_asked_of(x.session.role)]
    return kind_words + [age_question(x.session, x.speaker, unclear)]
