"""The survey conversation: one incoming message in, the bot's structured replies out.

State lives in the store, not in Rasa's tracker, so a survey carries on after the servers restart. A message is
read once (`bot.understanding.reading`), then handed to the state its session is in: choosing a language, a role
or giving an age (`opening`), paused or checking in after a worrying reply (`checking_in`), answering the open
question (`answering`), or saying yes or no to an answer the bot is unsure of (`confirming`). The coder decides what
a reply means; Rasa's intent only breaks a tie, or is asked about when it is half sure.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections.abc import Callable

import sqlalchemy as sa

from bot.alerts.notifier import ConcernAlert, Notifier
from bot.dialogue import answering, checking_in, confirming, family_link, hearing, opening
from bot.dialogue.advocacy import with_advocate
from bot.dialogue.confirming import confirm_question
from bot.dialogue.incoming import Exchange, Incoming
from bot.dialogue.language_question import language_question, offered_languages
from bot.dialogue.outgoing import Intro, Outgoing, intro_parts, question_message, said
from bot.dialogue.prompts import age_question, check_in_question, question_role, role_question, summary
from bot.media.speech import words
from bot.pseudonym import respondent_key
from bot.settings import Settings, SettingsError
from bot.store.clips import ClipRegistry
from bot.store.survey_store import SessionState, SurveyStore, TurnChanges, now
from bot.surveys.loading import ARCHIVE_DIR, load_versions
from bot.surveys.model import Question, Survey, SurveyError
from bot.translation import messages as m
from bot.translation.languages import greeted_in, named_language, negotiate
from bot.translation.speaker import SOURCE_LANGUAGE, Speaker, medium_of, reader_of
from bot.understanding.normalise import MAX_REPLY_CHARS
from bot.understanding.reading import Reading
from bot.vocabulary import Status, Via

log = logging.getLogger(__name__)


def message_key_of(respondent: int, key: str) -> str:
    """A channel's message id, made unique to the person who sent it: ids are chosen by channels (and, in the
    web chat, by the page), so another sender's id must never make this message look handled already."""
    return hashlib.sha256(f"{respondent}\x00{key}".encode()).hexdigest()


STATES: dict[str, Callable[[Exchange], list[Outgoing]]] = {
    Status.CHOOSING_LANGUAGE: opening.choose_language,
    Status.CHOOSING_ROLE: opening.choose_role,
    Status.ASKING_AGE: opening.ask_age,
    Status.ASKING_FAMILY: family_link.answer_family,
    Status.PAUSED: checking_in.resume,
    Status.CHECKING_IN: checking_in.check_in,
    Status.ACTIVE: answering.answer,
    Status.CONFIRMING: confirming.confirm,
}


class Conversation:
    def __init__(self, store: SurveyStore, surveys: dict[str, Survey], settings: Settings,
                 versions: dict[tuple[str, int], Survey] | None = None):
        if settings.survey not in surveys:
            raise SettingsError(f"SAYIT_SURVEY is '{settings.survey}', which is not a survey here; "
                                f"choose one of: {', '.join(sorted(surveys))} (see `sayit surveys`)")
        self.store = store
        self.surveys = surveys
        self.versions = dict(load_versions() if versions is None else versions)
        self.versions.update({(s.id, s.version): s for s in surveys.values()})
        self.settings = settings
        self.notifier = Notifier.from_env(store.mark_notified)
        self.clips = ClipRegistry(store.engine)

    @staticmethod
    def speaker_for(session: SessionState, msg: Incoming) -> Speaker:
        """The bot's words for this person: in their language, to a young person or an adult, for their channel."""
        return Speaker(session.language, reader_of(session.role), medium_of(msg.channel))

    def survey_of(self, session: SessionState) -> Survey:
        """The survey as it was when this session started, even if a newer version is live now."""
        try:
            return self.versions[(session.survey, session.survey_version)]
        except KeyError:
            raise SurveyError(ARCHIVE_DIR, f"version {session.survey_version} of survey '{session.survey}' is "
                              "missing; restore its archived file so sessions started on it can carry on") from None

    def apply(self, turn: TurnChanges) -> bool:
        """Write a turn; if it raised a concern, alert the safeguarding lead (off the conversation's path)."""
        applied = self.store.apply(turn)
        if applied and turn.concern_id is not None and self.notifier is not None:
            session = self.store.session(turn.session_id)
            self.notifier.send_soon(ConcernAlert(turn.concern_id, session.id, session.survey))
        return applied

    def handle(self, msg: Incoming) -> list[Outgoing]:
        respondent = self.store.respondent(respondent_key(self.settings.pseudonym_key, msg.channel, msg.sender_id))
        if msg.message_key:
            msg = dataclasses.replace(msg, message_key=message_key_of(respondent, msg.message_key))
        replies = self._reply(respondent, msg)
        # every message says its language, so a plain-text channel can set its direction (Arabic, Urdu): the bot's
        # own words say theirs, and only a message without one costs a read of the session
        if any("language" not in reply.custom for reply in replies):
            session = self.store.latest_session(respondent)
            for reply in replies:
                reply.custom.setdefault("language", session.language if session else self.settings.language)
        self.register_audio(replies)
        return replies

    def register_audio(self, replies: list[Outgoing]) -> None:
        """Write down the words of each clip the replies name that the catalogs alone cannot (a message in parts, a
        number filled in), so the audio address can find them. Only words: the audio is made when first asked for,
        so no reply waits for it, and a reply still goes out if this fails (its audio is then not found)."""
        try:
            self.clips.register(c for reply in replies for c in reply.clips())
        except sa.exc.SQLAlchemyError as exc:
            log.warning("could not register the replies' audio (%s)", type(exc).__name__)

    def _reply(self, respondent: int, msg: Incoming) -> list[Outgoing]:
        session, handled = self.store.session_for_message(respondent, msg.message_key)
        if handled:
            return self.already_handled(session, msg)
        if msg.too_long:
            return self.too_long(session, msg)
        if msg.via == Via.VOICE:
            spoken = hearing.heard(self, session, msg)
            if isinstance(spoken, list):
                return spoken
            msg = spoken
        if msg.refused_assistance:  # nothing is kept, and the advocate is told why, where the young person is
            return self.where_they_are(self.exchange(session, msg), m.ASSISTANCE_REFUSED) if session and \
                session.is_open else [said(Speaker(self.settings.language), "notice", m.ASSISTANCE_REFUSED)]
        if session is None or not session.is_open:
            return self._start(respondent, msg)
        return STATES[session.status](self.exchange(session, msg))

    def exchange(self, session: SessionState, msg: Incoming) -> Exchange:
        reading = Reading(msg.text, session.language)
        if msg.heard is not None and msg.heard.concern:  # spotted in the speech, though not in the words heard
            reading.concern = True
        return Exchange(self, session, self.survey_of(session), msg, reading, self.speaker_for(session, msg))

    def _start(self, respondent: int, msg: Incoming) -> list[Outgoing]:
        """A new session opens with the language question, the channel's best guess first; a first message
        that names a language ("Polski", "عربي") has already answered it."""
        survey = self.surveys[msg.survey if msg.survey in self.surveys else self.settings.survey]
        # read for a greeting, a language's name and a concern: none of them depends on the language read in
        reading = Reading(msg.text, self.settings.language)
        # a greeting in a language is the surest hint there is, except "hi" and "hello", which everyone uses
        greeting = greeted_in(reading.words)
        guess = negotiate([greeting if greeting != SOURCE_LANGUAGE else None, *msg.language_hints],
                          default=self.settings.language)
        named = named_language(reading.words, offered_languages(guess), by_number=False)
        session = self.store.start_session(respondent, survey.id, survey.version, named or guess, msg.channel,
                                           msg.message_key, status=Status.CHOOSING_LANGUAGE,
                                           returning_to=Status.CHOOSING_ROLE, advocate_id=msg.advocate_id,
                                           family_key=msg.family)
        # the session's start marked this message handled: what follows writes without its key
        msg = dataclasses.replace(msg, message_key=None)
        x = Exchange(self, session, survey, msg, reading, self.speaker_for(session, msg))
        if named:
            return opening.language_chosen(x, named)
        return self.note_concern(x) + [language_question(session.id, x.speaker)]

    def already_handled(self, session: SessionState | None, msg: Incoming) -> list[Outgoing]:
        """A message delivered twice: nothing changes, and the person is shown where they are."""
        if session is None:
            return []
        x = self.exchange(session, msg)
        return self.where_they_are(x, m.ALREADY_HAVE)

    def too_long(self, session: SessionState | None, msg: Incoming) -> list[Outgoing]:
        """A reply longer than the bot keeps: nothing is stored but a concern in it, and the person is asked for a
        shorter one where they are."""
        if session is None or not session.is_open:
            speaker = Speaker(session.language if session else self.settings.language)
            return [said(speaker, "too_long", words(m.TOO_LONG, limit=MAX_REPLY_CHARS))]
        x = self.exchange(session, msg)
        return self.note_concern(x) + self.where_they_are(x, words(m.TOO_LONG, limit=MAX_REPLY_CHARS))

    def where_they_are(self, x: Exchange, intro: Intro) -> list[Outgoing]:
        """What the person is being asked now, after a message that changed nothing, with a word on why."""
        s, speaker = x.session, x.speaker
        if s.status == Status.CHOOSING_LANGUAGE:
            return [language_question(s.id, speaker, intro)]
        if s.status == Status.CHOOSING_ROLE:
            return [role_question(s, x.survey, speaker, intro)]
        if s.status == Status.ASKING_AGE:
            return [age_question(s, speaker, intro)]
        if s.status == Status.ASKING_FAMILY:
            return [said(speaker, "notice", *intro_parts(intro), session_id=s.id),
                    family_link.family_question(s, speaker)]
        if s.status == Status.ACTIVE and s.current_question:
            return [self.ask(s, x.survey, x.survey.question(s.current_question), speaker, intro=intro)]
        if s.status == Status.CHECKING_IN:
            return [said(speaker, "notice", *intro_parts(intro), session_id=s.id), check_in_question(s, speaker)]
        if s.status == Status.CONFIRMING and s.pending_answer:
            return [said(speaker, "notice", *intro_parts(intro), session_id=s.id),
                    confirm_question(s, x.survey, json.loads(s.pending_answer), speaker)]
        return [said(speaker, "notice", *intro_parts(intro), session_id=s.id)]

    # ---- what the states share --------------------------------------------------------------------
    def ask(self, session: SessionState, survey: Survey, question: Question, speaker: Speaker,
            intro: Intro = None, faces_only: bool = False, easy_read: bool = False) -> Outgoing:
        questions = survey.questions_for(question_role(session.role), session.age)
        position = [q.id for q in questions].index(question.id) + 1
        return with_advocate(question_message(survey, question, session.id, position, len(questions), speaker, intro,
                                              faces_only, easy_read), session, speaker)

    def note_concern(self, x: Exchange) -> list[Outgoing]:
        """Outside a question, a disclosure still gets kind words at once and is recorded for review."""
        if not x.reading.concern:
            return []
        self.record_concern(x, x.concern_here())
        return [said(x.speaker, "safeguarding", m.SAFEGUARDING, session_id=x.session.id)]

    def record_concern(self, x: Exchange, concern: dict) -> None:
        """A concern written on its own, apart from what the message goes on to change."""
        self.apply(TurnChanges(x.session.id, None, concern=concern))

    def offer_languages(self, x: Exchange, returning_to: str, concern: dict | None = None) -> list[Outgoing]:
        """"Language", in any language, at any point: the list again, then back to where the person was."""
        x.commit({"status": Status.CHOOSING_LANGUAGE, "returning_to": returning_to}, concern=concern)
        return [language_question(x.session.id, x.speaker)]

    def stop(self, x: Exchange) -> list[Outgoing]:
        x.commit({"status": Status.STOPPED, "finished_at": now()})
        return [said(x.speaker, "survey_stopped", m.STOPPED, session_id=x.session.id),
                *self.summary(x, "survey_stopped")]

    def finish(self, x: Exchange) -> list[Outgoing]:
        return [said(x.speaker, "survey_complete", m.FINISHED, session_id=x.session.id, survey=x.survey.id),
                *self.summary(x, "survey_complete")]

    def summary(self, x: Exchange, ended_by: str) -> list[Outgoing]:
        return summary(x.session, x.survey, self.store.answers(x.session.id), x.speaker, ended_by)
