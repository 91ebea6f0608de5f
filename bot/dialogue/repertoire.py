"""Every message the bot can send that is known before anyone answers, in one language: what `sayit media build`
makes the audio of ahead of time. They are built by the very functions the conversation sends them with, so
their clips are the ones the messages will name. A summary depends on what was answered, and a question asked
again has one of several intros, so those are put together from their parts' audio when first asked for."""

from __future__ import annotations

from collections.abc import Iterator

from bot.dialogue import notices
from bot.dialogue.language_question import language_question
from bot.dialogue.outgoing import Outgoing, question_message, said
from bot.dialogue.privacy_notice import privacy_notice
from bot.dialogue.prompts import (
    age_question,
    check_in_question,
    offered_roles,
    paused_message,
    question_role,
    role_question,
)
from bot.media.speech import Said, words
from bot.store.survey_store import SessionState
from bot.surveys.model import Survey
from bot.translation import messages as m
from bot.translation.speaker import Speaker, reader_of
from bot.understanding.normalise import MAX_REPLY_CHARS
from bot.vocabulary import Role, Status

BUILDING = "media-build"  # the session id the messages are built for: none is stored
# what the bot may say before a question, a role or an age it asks again: made ahead as parts of their own
INTROS: tuple[Said, ...] = (
    m.HELP_INTRO, m.REPEAT_INTRO, m.UNCLEAR_FIRST, m.UNCLEAR_FACES, m.UNCLEAR_OFFER_SKIP, m.BACK_NOTHING, m.GREET_AGAIN,
    m.STALE_BUTTON, m.STALE_TYPED, m.ALREADY_HAVE, m.RESUMED, m.LANGUAGE_CHANGED, m.LANGUAGE_UNCLEAR, m.ROLE_UNCLEAR,
    m.ROLE_HELP, *m.AGE_UNCLEAR.values(), m.GUESSED_WRONG, m.VOICE_SAY_AGAIN, m.VOICE_NOT_HEARD,
    m.VOICE_NOT_IN_LANGUAGE, m.VOICE_NOT_NOW)


def _session(survey: Survey, lang: str, role: str | None) -> SessionState:
    return SessionState(BUILDING, 0, survey.id, survey.version, role, lang, "webchat", Status.ACTIVE, None, None, 0,
                        None)


def question_lists(survey: Survey, role: str) -> set[tuple[str, ...]]:
    """The question orders a role can be asked in: all ages' (a question asked only from an age moves the rest)."""
    ages: list[int | None] = [None, *sorted({q.min_age for q in survey.for_role(role) if q.min_age is not None})]
    return {tuple(q.id for q in survey.questions_for(role, age)) for age in ages}


def messages(surveys: dict[str, Survey], lang: str, contact: str | None) -> Iterator[Outgoing]:
    """The language, welcome, privacy notice, role and age questions, every question of every survey at every
    position it can be asked at (plainly, and with its help in easy read), the check-in, pauses, endings and
    the channels' notices, to each reader."""
    yield language_question(BUILDING, Speaker(lang))
    for notice in (notices.text_only, notices.private_only, notices.audio_unavailable, notices.turn_failed,
                   notices.rate_limited, notices.voice_too_long):
        yield notice(lang)
    adult = Speaker(lang)
    yield said(adult, "welcome", m.WELCOME)
    yield privacy_notice(BUILDING, adult, contact)
    yield said(adult, "too_long", words(m.TOO_LONG, limit=MAX_REPLY_CHARS))
    for reader in (Speaker(lang), Speaker(lang, "young_person")):
        for intro in INTROS:
            yield said(reader, "notice", intro)
    for survey in surveys.values():
        yield role_question(_session(survey, lang, None), survey, adult)
        for role in offered_roles(survey):
            speaker = Speaker(lang, reader_of(role))
            session = _session(survey, lang, role)
            yield said(speaker, "role_chosen", m.ROLE_THANKS[role], role=role)
            if survey.asks_age(question_role(role)):
                yield age_question(session, speaker)
            yield check_in_question(session, speaker)
            yield check_in_question(session, speaker, m.CHECK_IN_AGAIN)
            for english in (m.PAUSED, m.CHECK_IN_BREAK):
                yield paused_message(session, speaker, english)
            for english, kind in ((m.FINISHED, "survey_complete"), (m.STOPPED, "survey_stopped"),
                                  (m.SAFEGUARDING, "safeguarding")):
                yield said(speaker, kind, english)
            yield from questions(survey, role, speaker)


def questions(survey: Survey, role: str, speaker: Speaker) -> Iterator[Outgoing]:
    if role == Role.ADVOCATE:
        return  # an advocate is asked the young person's questions, in the same words
    for order in question_lists(survey, question_role(role)):
        for n, question_id in enumerate(order, 1):
            question = survey.question(question_id)
            yield question_message(survey, question, BUILDING, n, len(order), speaker)
            yield question_message(survey, question, BUILDING, n, len(order), speaker,
                                   intro=(m.HELP_INTRO, question.help), easy_read=True)
