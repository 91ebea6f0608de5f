"""The survey conversation: one incoming message in, the bot's structured replies out.

State lives in the store, not in Rasa's tracker, so a survey carries on after the servers restart.
The coder decides what a reply means; Rasa's intent only breaks the tie when the coder cannot tell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot import messages as m
from bot.catalogs import SOURCE_LANGUAGE
from bot.coding import Coding, code_age, code_reply, code_role, wants_to_carry_on
from bot.language_question import language_question, offered_languages
from bot.languages import greeted_in, named_language, negotiate
from bot.notify import ConcernAlert, Notifier
from bot.outgoing import Outgoing, info, intent_payload, question_message, voiced
from bot.pseudonym import respondent_key
from bot.settings import Settings, SettingsError
from bot.speech import spoken
from bot.store import SessionState, SurveyStore, Turn, now
from bot.survey import ARCHIVE_DIR, Question, Survey, SurveyError, load_versions

# Rasa reserves the intent name "back", so going back arrives as "go_back".
STEERING_INTENTS = {"help": "help", "repeat": "repeat", "go_back": "back", "pause": "pause", "stop": "stop",
                    "change_language": "language"}
MIN_HINT_CONFIDENCE = 0.7
SUMMARY_ITEMS = 3


@dataclass
class Incoming:
    channel: str
    sender_id: str
    text: str
    via: str = "typed"
    # entities from a tapped button, e.g. {"question_id": ..., "value": 3} or {"role": "parent_carer"}
    payload: dict[str, Any] = field(default_factory=dict)
    intent: str | None = None
    confidence: float = 0.0
    message_key: str | None = None
    # the survey the invitation link asks for; only a new session takes it, so no session mixes two
    survey: str | None = None
    # what the channel knows of the person's language, most telling first: the invitation's language column,
    # Telegram's language_code, the browser's Accept-Language. They preselect; the person chooses.
    language_hints: list[str] = field(default_factory=list)


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

    @staticmethod
    def speaker_for(session: SessionState, msg: Incoming) -> m.Speaker:
        """The bot's words for this person: in their language, to a young person or an adult, for their channel."""
        return m.Speaker(session.language, m.reader_of(session.role), m.medium_of(msg.channel))

    def survey_of(self, session: SessionState) -> Survey:
        """The survey as it was when this session started, even if a newer version is live now."""
        try:
            return self.versions[(session.survey, session.survey_version)]
        except KeyError:
            raise SurveyError(ARCHIVE_DIR, f"version {session.survey_version} of survey '{session.survey}' is "
                              "missing; restore its archived file so sessions started on it can carry on") from None

    def apply(self, turn: Turn) -> bool:
        """Write a turn; if it raised a concern, alert the safeguarding lead (off the conversation's path)."""
        applied = self.store.apply(turn)
        if applied and turn.concern_id is not None and self.notifier is not None:
            session = self.store.session(turn.session_id)
            self.notifier.send_soon(ConcernAlert(turn.concern_id, session.id, session.survey))
        return applied

    def handle(self, msg: Incoming) -> list[Outgoing]:
        respondent = self.store.respondent(respondent_key(self.settings.pseudonym_key, msg.channel, msg.sender_id))
        replies = self._reply(respondent, msg)
        # every message says its language, so a plain-text channel can set its direction (Arabic, Urdu)
        session = self.store.latest_session(respondent)
        for reply in replies:
            reply.custom.setdefault("language", session.language if session else self.settings.language)
        return replies

    def _reply(self, respondent: int, msg: Incoming) -> list[Outgoing]:
        session = self.store.latest_session(respondent)
        if msg.message_key and self.store.was_handled(msg.message_key):
            return self._already_handled(session, msg)
        if session is None or not session.is_open:
            return self._start(respondent, msg)
        survey = self.survey_of(session)
        if session.status == "choosing_language":
            return self._choose_language(session, survey, msg)
        if session.status == "choosing_role":
            return self._choose_role(session, survey, msg)
        if session.status == "asking_age":
            return self._ask_age(session, survey, msg)
        if session.status == "paused":
            return self._resume(session, survey, msg)
        if session.status == "checking_in":
            return self._check_in(session, survey, msg)
        return _Turn(self, session, survey, msg).reply()

    # ---- opening --------------------------------------------------------------------------------
    def _start(self, respondent: int, msg: Incoming) -> list[Outgoing]:
        """A new session opens with the language question, the channel's best guess first; a first message
        that names a language ("Polski", "عربي") has already answered it."""
        survey = self.surveys[msg.survey if msg.survey in self.surveys else self.settings.survey]
        # a greeting in a language is the surest hint there is, except "hi" and "hello", which everyone uses
        greeting = greeted_in(msg.text)
        hints = [greeting if greeting != SOURCE_LANGUAGE else None, *msg.language_hints]
        guess = negotiate(hints, default=self.settings.language)
        named = named_language(msg.text, offered_languages(guess), by_number=False)
        session = self.store.start_session(respondent, survey.id, survey.version, named or guess, msg.channel,
                                           msg.message_key, status="choosing_language", returning_to="choosing_role")
        if named:
            return self._language_chosen(session, survey, Incoming(msg.channel, msg.sender_id, msg.text), named)
        speaker = self.speaker_for(session, msg)
        kind_words = self._note_concern(session, msg, code_reply(msg.text, guess, "free_text"), speaker)
        return kind_words + [language_question(session.id, speaker)]

    def _choose_language(self, session: SessionState, survey: Survey, msg: Incoming) -> list[Outgoing]:
        offered = offered_languages(session.language)
        tapped = msg.payload.get("language")
        chosen = tapped if tapped in offered else named_language(msg.text, offered)
        if chosen is None and wants_to_carry_on(msg.text, session.language):
            chosen = session.language  # "yes", "ok": the language already shown
        if chosen is not None:
            return self._language_chosen(session, survey, msg, chosen)
        speaker = self.speaker_for(session, msg)
        coding = code_reply(msg.text, session.language, "free_text")
        kind_words = self._note_concern(session, msg, coding, speaker)
        if coding.control == "stop":
            return kind_words + self._stop(session, survey, msg, speaker)
        self.apply(Turn(session.id, msg.message_key))
        intro = None if coding.control == "language" else speaker.say(m.LANGUAGE_UNCLEAR)
        return kind_words + [language_question(session.id, speaker, intro)]

    def _language_chosen(self, session: SessionState, survey: Survey, msg: Incoming, lang: str) -> list[Outgoing]:
        """Carry on where the person was, now in their language; nothing answered is lost."""
        back_to = session.returning_to or "active"
        self.apply(Turn(session.id, msg.message_key, {"language": lang, "status": back_to, "returning_to": None}))
        session = self.store.session(session.id)
        speaker = self.speaker_for(session, msg)
        if back_to == "choosing_role":
            return [info(speaker.say(m.WELCOME), "welcome", session_id=session.id, survey=survey.id,
                         language=lang), self._role_question(session, speaker)]
        if back_to == "asking_age":
            return [self._age_question(session, speaker, speaker.say(m.LANGUAGE_CHANGED))]
        if back_to == "checking_in":
            return [self._check_in_question(session, speaker)]
        return [self.ask(session, survey, survey.question(session.current_question or ""), speaker,
                         intro=speaker.say(m.LANGUAGE_CHANGED))]

    def _offer_languages(self, session: SessionState, msg: Incoming, returning_to: str,
                         concern: dict | None = None) -> list[Outgoing]:
        """"Language", in any language, at any point: the list again, then back to where the person was."""
        self.apply(Turn(session.id, msg.message_key, {"status": "choosing_language", "returning_to": returning_to},
                        concern=concern))
        return [language_question(session.id, self.speaker_for(session, msg))]

    def _role_question(self, session: SessionState, speaker: m.Speaker, intro: str | None = None) -> Outgoing:
        roles = offered_roles(self.survey_of(session))
        labels = [speaker.say(m.ROLE_LABELS[r]) for r in roles]
        question = speaker.say(m.ASK_ROLE)
        text = "\n".join([t for t in (intro, question) if t] + [f"{i} {label}" for i, label in enumerate(labels, 1)])
        choices = [{"value": r, "label": label, "symbol": f"role-{r}", "audio": spoken(speaker, m.ROLE_LABELS[r])[0]}
                   for r, label in zip(roles, labels, strict=True)]
        return Outgoing(
            text=text,
            custom={"type": "choose_role", "session_id": session.id, "text": question, "intro": intro,
                    "choices": choices, "language": speaker.lang, **voiced(speaker, m.ASK_ROLE)},
            buttons=[{"title": label, "payload": intent_payload("choose_role", role=r)}
                     for r, label in zip(roles, labels, strict=True)],
        )

    def _choose_role(self, session: SessionState, survey: Survey, msg: Incoming) -> list[Outgoing]:
        speaker = self.speaker_for(session, msg)
        role = msg.payload.get("role") or code_role(msg.text, session.language, offered_roles(survey))
        if role not in offered_roles(survey):
            coding = code_reply(msg.text, session.language, "free_text")
            kind_words = self._note_concern(session, msg, coding, speaker)
            if coding.control == "stop":
                return kind_words + self._stop(session, survey, msg, speaker)
            if coding.control == "language":
                return kind_words + self._offer_languages(session, msg, "choosing_role")
            intro = speaker.say(m.ROLE_HELP if coding.control == "help" else m.ROLE_UNCLEAR)
            self.apply(Turn(session.id, msg.message_key))
            return kind_words + [self._role_question(session, speaker, intro)]
        # from here on the bot talks to a young person or to an adult
        speaker = m.Speaker(session.language, m.reader_of(role), speaker.medium)
        thanks = info(speaker.say(m.ROLE_THANKS[role]), "role_chosen", role=role)
        if survey.asks_age(_question_role(role)):
            self.apply(Turn(session.id, msg.message_key, {"role": role, "status": "asking_age"}))
            return [thanks, self._age_question(self.store.session(session.id), speaker)]
        return [thanks, *self._begin(session, survey, msg, speaker, {"role": role})]

    def _begin(self, session: SessionState, survey: Survey, msg: Incoming, speaker: m.Speaker,
               changes: dict[str, Any]) -> list[Outgoing]:
        """Start the questions, once who is answering (and, where it matters, their age) is known."""
        role, age = changes.get("role", session.role), changes.get("age", session.age)
        first = survey.questions_for(_question_role(role), age)[0]
        self.apply(Turn(session.id, msg.message_key, {**changes, "status": "active", "current_question": first.id}))
        return [self.ask(self.store.session(session.id), survey, first, speaker)]

    def _age_question(self, session: SessionState, speaker: m.Speaker, intro: str | None = None) -> Outgoing:
        question = speaker.say(m.ASK_AGE[_age_asked_of(session.role)])
        text = "\n".join(t for t in (intro, question) if t)
        return Outgoing(
            text=text,
            custom={"type": "ask_age", "session_id": session.id, "text": question, "intro": intro, "choices": [],
                    "language": speaker.lang},
            buttons=[{"title": speaker.say(m.RATHER_NOT_SAY_LABEL), "payload": intent_payload("skip")}],
        )

    def _ask_age(self, session: SessionState, survey: Survey, msg: Incoming) -> list[Outgoing]:
        """Questions asked only from an age (Bristol's post-14 focus) need the young person's age, if they'll say."""
        speaker = self.speaker_for(session, msg)
        age = code_age(msg.text, session.language)
        if age is not None:
            return self._begin(session, survey, msg, speaker, {"age": age})
        coding = code_reply(msg.text, session.language, "free_text")
        kind_words = self._note_concern(session, msg, coding, speaker)
        if coding.control == "stop":
            return kind_words + self._stop(session, survey, msg, speaker)
        if coding.control == "language":
            return kind_words + self._offer_languages(session, msg, "asking_age")
        if coding.status in ("skipped", "dont_know") or msg.intent == "skip":
            return kind_words + self._begin(session, survey, msg, speaker, {})
        self.apply(Turn(session.id, msg.message_key))
        unclear = speaker.say(m.AGE_UNCLEAR[_age_asked_of(session.role)])
        return kind_words + [self._age_question(session, speaker, unclear)]

    def _resume(self, session: SessionState, survey: Survey, msg: Incoming) -> list[Outgoing]:
        speaker = self.speaker_for(session, msg)
        coding = code_reply(msg.text, session.language, "free_text")
        kind_words = self._note_concern(session, msg, coding, speaker)
        if coding.control == "stop":
            return kind_words + self._stop(session, survey, msg, speaker)
        if coding.control == "language":
            return kind_words + self._offer_languages(session, msg, "active")
        self.apply(Turn(session.id, msg.message_key, {"status": "active"}))
        question = survey.question(session.current_question or "")
        return kind_words + [self.ask(session, survey, question, speaker, intro=speaker.say(m.RESUMED))]

    def _check_in(self, session: SessionState, survey: Survey, msg: Incoming) -> list[Outgoing]:
        """After a worrying reply the survey goes on only if the person wants it to."""
        speaker = self.speaker_for(session, msg)
        coding = code_reply(msg.text, session.language, "free_text")
        if coding.concern:
            self.apply(Turn(session.id, msg.message_key, concern={"question_id": None, "raw_reply": msg.text}))
            return [self._check_in_question(session, speaker)]
        if coding.control == "stop" or msg.intent == "stop":
            return self._stop(session, survey, msg, speaker)
        if coding.control == "language" or msg.intent == "change_language":
            return self._offer_languages(session, msg, "checking_in")
        carry_on = wants_to_carry_on(msg.text, session.language)
        if msg.intent in ("greet", "pause") and carry_on is None:
            carry_on = msg.intent == "greet"
        if coding.control == "pause" or carry_on is False:
            self.apply(Turn(session.id, msg.message_key, {"status": "paused"}))
            return [info(speaker.say(m.CHECK_IN_BREAK), "survey_paused", session_id=session.id)]
        if carry_on is None:
            self.apply(Turn(session.id, msg.message_key))
            return [self._check_in_question(session, speaker, speaker.say(m.CHECK_IN_AGAIN))]
        if session.current_question is None:
            self.apply(Turn(session.id, msg.message_key, {"status": "finished", "finished_at": now()}))
            return [info(speaker.say(m.FINISHED), "survey_complete", session_id=session.id, survey=survey.id),
                    *self._summary(session, survey, speaker, "survey_complete")]
        self.apply(Turn(session.id, msg.message_key, {"status": "active"}))
        return [self.ask(session, survey, survey.question(session.current_question), speaker)]

    def _check_in_question(self, session: SessionState, speaker: m.Speaker, text: str | None = None) -> Outgoing:
        words = text or speaker.say(m.SAFEGUARDING)
        return Outgoing(
            text=words,
            custom={"type": "safeguarding", "session_id": session.id, "text": words, "language": speaker.lang,
                    "choices": [{"value": "carry_on", "label": speaker.say(m.CARRY_ON_LABEL), "symbol": "thumbs-up"},
                                {"value": "pause", "label": speaker.say(m.BREAK_LABEL), "symbol": "pause"},
                                {"value": "stop", "label": speaker.say(m.STOP_LABEL), "symbol": "stop"}]},
            buttons=[{"title": speaker.say(m.CARRY_ON_LABEL), "payload": intent_payload("greet")},
                     {"title": speaker.say(m.BREAK_LABEL), "payload": intent_payload("pause")},
                     {"title": speaker.say(m.STOP_LABEL), "payload": intent_payload("stop")}],
        )

    def _note_concern(self, session: SessionState, msg: Incoming, coding: Coding,
                      speaker: m.Speaker) -> list[Outgoing]:
        """Outside a question, a disclosure still gets kind words at once and is recorded for review."""
        if not coding.concern:
            return []
        self.apply(Turn(session.id, None, concern={"question_id": None, "raw_reply": msg.text}))
        return [info(speaker.say(m.SAFEGUARDING), "safeguarding", session_id=session.id)]

    def _already_handled(self, session: SessionState | None, msg: Incoming) -> list[Outgoing]:
        if session is None or session.status != "active" or not session.current_question:
            return []
        survey = self.survey_of(session)
        speaker = self.speaker_for(session, msg)
        return [self.ask(session, survey, survey.question(session.current_question), speaker,
                         intro=speaker.say(m.ALREADY_HAVE))]

    # ---- shared pieces ----------------------------------------------------------------------------
    def ask(self, session: SessionState, survey: Survey, question: Question, speaker: m.Speaker,
            intro: str | None = None, faces_only: bool = False, easy_read: bool = False) -> Outgoing:
        questions = survey.questions_for(_question_role(session.role), session.age)
        position = [q.id for q in questions].index(question.id) + 1
        return question_message(survey, question, session.id, position, len(questions), speaker, intro, faces_only,
                                easy_read)

    def _stop(self, session: SessionState, survey: Survey, msg: Incoming, speaker: m.Speaker) -> list[Outgoing]:
        self.apply(Turn(session.id, msg.message_key, {"status": "stopped", "finished_at": now()}))
        return [info(speaker.say(m.STOPPED), "survey_stopped", session_id=session.id),
                *self._summary(session, survey, speaker, "survey_stopped")]

    def _summary(self, session: SessionState, survey: Survey, speaker: m.Speaker, kind: str) -> list[Outgoing]:
        answers = self.store.answers(session.id)
        if not answers:
            return []
        answered = [a for a in answers.values() if a["status"] == "answered"]
        scored = [a for a in answered if a["value"] is not None]
        good = [speaker.say(survey.question(a["question_id"]).summary) for a in scored if a["value"] >= 4]
        hard = [speaker.say(survey.question(a["question_id"]).summary) for a in scored if a["value"] <= 2]
        words = len(answered) - len(scored)
        lines = [speaker.say_n(m.SUMMARY_COUNT, len(answered))]
        between = speaker.say(m.SUMMARY_SEPARATOR)
        if good:
            lines.append(speaker.say(m.SUMMARY_GOOD, items=between.join(good[:SUMMARY_ITEMS])))
        if hard:
            lines.append(speaker.say(m.SUMMARY_HARD, items=between.join(hard[:SUMMARY_ITEMS])))
        if words:
            lines.append(speaker.say_n(m.SUMMARY_WORDS, words))
        text = " ".join(lines)
        return [Outgoing(text=text, custom={"type": "summary", "session_id": session.id, "text": text,
                                            "answered": len(answered), "going_well": good, "could_be_better": hard,
                                            "ended_by": kind})]


class _Turn:
    """One reply to the open question of an active session."""

    def __init__(self, conversation: Conversation, session: SessionState, survey: Survey, msg: Incoming):
        self.c = conversation
        self.session = session
        self.survey = survey
        self.msg = msg
        self.speaker = conversation.speaker_for(session, msg)
        self.questions = survey.questions_for(_question_role(session.role), session.age)
        self.question = survey.question(session.current_question or self.questions[0].id)

    def reply(self) -> list[Outgoing]:
        target = self.msg.payload.get("question_id")
        if target and target != self.question.id:
            self.c.apply(Turn(self.session.id, self.msg.message_key))
            return [self.ask(self.speaker.say(m.STALE_BUTTON))]
        coding = self.code()
        if coding.concern and coding.control not in ("stop", "pause"):
            return self.check_in(coding)
        concern = {"question_id": self.question.id, "raw_reply": self.msg.text} if coding.concern else None
        if coding.status in ("answered", "skipped", "dont_know"):
            return self.record(coding, concern)
        if coding.status == "control":
            return self.steer(coding.control or "", concern)
        if self.msg.intent == "greet":
            self.c.apply(Turn(self.session.id, self.msg.message_key))
            return [self.ask(self.speaker.say(m.GREET_AGAIN))]
        return self.unclear()

    def check_in(self, coding: Coding) -> list[Outgoing]:
        """Kind words at once, the concern recorded, any answer kept, and then ask before going on."""
        concern = {"question_id": self.question.id, "raw_reply": self.msg.text}
        changes: dict[str, Any] = {"status": "checking_in", "unclear_count": 0}
        answer = None
        if coding.status in ("answered", "skipped", "dont_know"):
            answer = self.answer_row(coding)
            following = self.following()
            changes["current_question"] = following.id if following else None
        self.c.apply(Turn(self.session.id, self.msg.message_key, changes, answer, concern))
        return [self.c._check_in_question(self.session, self.speaker)]

    def following(self) -> Question | None:
        """The first question, in order, still unanswered once this one is."""
        answers = self.c.store.answers(self.session.id)
        return next((q for q in self.questions if q.id not in answers and q.id != self.question.id), None)

    def answer_row(self, coding: Coding) -> dict[str, Any]:
        return {
            "question_id": self.question.id, "area": self.question.area, "raw_reply": self.raw_reply(coding),
            "given_via": self.msg.via, "status": coding.status, "value": coding.value,
            "concern": coding.concern, "survey_version": self.survey.version, "language": self.session.language,
        }

    def code(self) -> Coding:
        if "value" in self.msg.payload:
            return Coding("answered", value=int(self.msg.payload["value"]))
        if self.msg.intent in ("skip", "dont_know") and self.msg.payload.get("question_id"):
            return Coding("skipped" if self.msg.intent == "skip" else "dont_know")
        coding = code_reply(self.msg.text, self.session.language, self.question.kind)
        hint = self.msg.intent
        if coding.status == "unclear" and hint and self.msg.confidence >= MIN_HINT_CONFIDENCE:
            if hint in STEERING_INTENTS:
                return Coding("control", control=STEERING_INTENTS[hint], concern=coding.concern)
            if hint in ("skip", "dont_know"):
                return Coding("skipped" if hint == "skip" else "dont_know", concern=coding.concern)
        return coding

    def ask(self, intro: str | None = None, question: Question | None = None, faces_only: bool = False,
            easy_read: bool = False) -> Outgoing:
        return self.c.ask(self.session, self.survey, question or self.question, self.speaker, intro, faces_only,
                          easy_read)

    def record(self, coding: Coding, concern: dict | None) -> list[Outgoing]:
        following = self.following()
        answer = self.answer_row(coding)
        changes: dict[str, Any] = {"unclear_count": 0}
        if following is None:
            changes.update(status="finished", finished_at=now(), current_question=None)
        else:
            changes["current_question"] = following.id
        if not self.c.apply(Turn(self.session.id, self.msg.message_key, changes, answer, concern)):
            return self.c._already_handled(self.c.store.session(self.session.id), self.msg)
        if following is None:
            return self.finish()
        return [self.ask(question=following)]

    def raw_reply(self, coding: Coding) -> str:
        """What the person gave: their words, or for a tapped button, the choice it stands for."""
        if self.msg.via != "button":
            return self.msg.text
        return str(coding.value) if coding.value is not None else coding.status

    def finish(self) -> list[Outgoing]:
        done = self.c._summary(self.session, self.survey, self.speaker, "survey_complete")
        return [info(self.speaker.say(m.FINISHED), "survey_complete", session_id=self.session.id,
                     survey=self.survey.id), *done]

    def steer(self, control: str, concern: dict | None) -> list[Outgoing]:
        session, key = self.session, self.msg.message_key
        if control == "stop":
            if concern:
                self.c.apply(Turn(session.id, None, concern=concern))
            return self.c._stop(session, self.survey, self.msg, self.speaker)
        if control == "pause":
            self.c.apply(Turn(session.id, key, {"status": "paused"}, concern=concern))
            return [info(self.speaker.say(m.PAUSED), "survey_paused", session_id=session.id)]
        if control == "back":
            return self.back(concern)
        if control == "language":
            return self.c._offer_languages(session, self.msg, "active", concern)
        self.c.apply(Turn(session.id, key, concern=concern))
        if control == "help":
            return [self.ask(f"{self.speaker.say(m.HELP_INTRO)} {self.speaker.say(self.question.help)}")]
        return [self.ask(self.speaker.say(m.REPEAT_INTRO))]

    def back(self, concern: dict | None) -> list[Outgoing]:
        answers = self.c.store.answers(self.session.id)
        earlier = [q for q in self.questions if q.id in answers and q.id != self.question.id]
        index = [q.id for q in self.questions].index(self.question.id)
        earlier = [q for q in earlier if [x.id for x in self.questions].index(q.id) < index] or earlier
        if not earlier:
            self.c.apply(Turn(self.session.id, self.msg.message_key, concern=concern))
            return [self.ask(self.speaker.say(m.BACK_NOTHING))]
        previous = earlier[-1]
        said = answers[previous.id]["raw_reply"]
        self.c.apply(Turn(self.session.id, self.msg.message_key, {"current_question": previous.id},
                                concern=concern))
        return [self.ask(self.speaker.say(m.BACK_INTRO, previous=said), question=previous)]

    def unclear(self) -> list[Outgoing]:
        count = self.session.unclear_count + 1
        self.c.apply(Turn(self.session.id, self.msg.message_key, {"unclear_count": count}))
        if count == 1 or not self.question.is_scale:
            return [self.ask(self.speaker.say(m.UNCLEAR_FIRST), easy_read=True)]
        if count == 2:
            return [self.ask(self.speaker.say(m.UNCLEAR_FACES), faces_only=True)]
        return [self.ask(self.speaker.say(m.UNCLEAR_OFFER_SKIP), faces_only=True)]


def offered_roles(survey: Survey) -> list[str]:
    """Who can answer this survey: an advocate helps a young person, so needs the young person's questions."""
    roles = [r for r in ("young_person", "parent_carer") if r in survey.roles]
    return roles + (["advocate"] if "young_person" in roles else [])


def _age_asked_of(role: str | None) -> str:
    """An advocate is asked the young person's age; anyone else, their own."""
    return "advocate" if role == "advocate" else "young_person"


def _question_role(role: str | None) -> str:
    """An advocate helps a young person answer the young person's questions."""
    return "parent_carer" if role == "parent_carer" else "young_person"
