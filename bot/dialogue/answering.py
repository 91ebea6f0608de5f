"""A reply to the open question of an active session: an answer (stored at once, then the next question), a
control (help, repeat, go back, pause, stop, language), a worrying reply (kind words, then a check-in), a reply
the bot can only guess at (asked about first: "Did you mean “Mostly”?"), or something unclear (asked again, more
simply each time)."""

from __future__ import annotations

from typing import Any

from bot.dialogue import advocacy, confirming
from bot.dialogue.incoming import Exchange
from bot.dialogue.outgoing import Intro, Outgoing
from bot.dialogue.prompts import check_in_question, paused_message, question_role
from bot.listening import CONFIRM_BELOW
from bot.media.speech import Quoted, words
from bot.store.survey_store import now
from bot.surveys.model import Question
from bot.translation import messages as m
from bot.understanding.coder import Coding
from bot.vocabulary import CONTROL_INTENTS, Coded, Control, Status, Via

MIN_HINT_CONFIDENCE = 0.7  # how sure Rasa must be of an intent before it breaks a tie
MIN_SUGGEST_CONFIDENCE = 0.5  # how sure, below that, before its skip or don't know is worth asking about
CODED_ANSWERS = (Coded.ANSWERED, Coded.SKIPPED, Coded.DONT_KNOW)
PASSING_INTENTS = {"skip": Coded.SKIPPED, "dont_know": Coded.DONT_KNOW}  # Rasa's intents that pass on a question


def answer(x: Exchange) -> list[Outgoing]:
    return AnswerTurn(x).reply()


class AnswerTurn:
    """One reply to the open question."""

    def __init__(self, x: Exchange):
        self.x = x
        self.questions = x.survey.questions_for(question_role(x.session.role), x.session.age)
        self.question = x.survey.question(x.session.current_question or self.questions[0].id)

    def reply(self) -> list[Outgoing]:
        x = self.x
        coding = self.code()
        # a tap or a typed reply names the question it was for: one for an earlier question is not stored
        # against this one (stopping and pausing are about the survey, not a question, so they still act)
        target = x.msg.payload.get("question_id") or x.msg.question_id
        if target and target != self.question.id and coding.control not in (Control.STOP, Control.PAUSE):
            kind_words = x.conversation.note_concern(x)
            x.commit()
            return kind_words + [self.ask(m.STALE_BUTTON if x.msg.via == Via.BUTTON else m.STALE_TYPED)]
        if coding.concern and coding.control not in (Control.STOP, Control.PAUSE):
            return self.check_in(coding)
        concern = x.concern_here(self.question.id) if coding.concern else advocacy.observation_concern(
            x, self.question.id)
        unsure = x.msg.heard is not None and x.msg.heard.confidence < CONFIRM_BELOW
        if unsure and coding.status in CODED_ANSWERS:
            return confirming.ask_to_confirm(x, self.answer_row(coding), concern)
        if unsure and coding.status == Coded.CONTROL:  # stop or go back on a guess? Asked again instead
            x.commit()
            return [self.ask(m.VOICE_NOT_HEARD)]
        if coding.status in CODED_ANSWERS:
            return self.record_row(self.answer_row(coding), concern)
        if coding.status == Coded.CONTROL:
            return self.steer(coding.control or "", concern)
        if x.msg.intent == "greet":
            x.commit()
            return [self.ask(m.GREET_AGAIN)]
        guess = self.guessed(coding)
        if guess is not None:
            return confirming.ask_to_confirm(x, self.answer_row(guess), concern)
        return self.unclear()

    def code(self) -> Coding:
        msg = self.x.msg
        stepping = advocacy.asked_by_symbol(msg)
        if stepping is not None:
            return Coding(Coded.CONTROL, control=stepping)
        if "value" in msg.payload:
            return self.tapped_value(msg.payload["value"])
        if msg.intent in PASSING_INTENTS and msg.payload.get("question_id"):
            return Coding(PASSING_INTENTS[msg.intent])
        coding = self.x.reading.answer(self.question.kind)
        hint = msg.intent
        if coding.status == Coded.UNCLEAR and hint and msg.confidence >= MIN_HINT_CONFIDENCE:
            if hint in CONTROL_INTENTS:
                return Coding(Coded.CONTROL, control=CONTROL_INTENTS[hint], concern=coding.concern)
            if hint in PASSING_INTENTS:
                return Coding(PASSING_INTENTS[hint], concern=coding.concern)
        return coding

    def guessed(self, coding: Coding) -> Coding | None:
        """What an unclear typed reply most likely meant, to ask about rather than ask the question again: the
        coder's guess at a misspelt scale word, else skip or don't know where Rasa half thinks so (from
        MIN_HINT_CONFIDENCE, `code` took it as said)."""
        msg = self.x.msg
        if coding.status != Coded.UNCLEAR or msg.via != Via.TYPED:
            return None
        if coding.guess in self.choice_values():
            return Coding(Coded.ANSWERED, value=coding.guess)
        if msg.intent in PASSING_INTENTS and MIN_SUGGEST_CONFIDENCE <= msg.confidence < MIN_HINT_CONFIDENCE:
            return Coding(PASSING_INTENTS[msg.intent])
        return None

    def choice_values(self) -> set[int]:
        return {choice.value for choice in self.x.survey.choices(self.question)}

    def tapped_value(self, value: Any) -> Coding:
        """A tap's value, if it is one of this question's choices; anything else (a forged or garbled button)
        is not an answer, and is asked again like any unclear reply."""
        allowed = self.choice_values()
        # isdigit() would pass "²", which int() refuses; int() also refuses over 4,300 digits, and no choice has 10
        if type(value) is str and value.strip().isdecimal() and len(value) <= 10:
            value = int(value)
        if type(value) is int and value in allowed:
            return Coding(Coded.ANSWERED, value=value)
        return Coding(Coded.UNCLEAR)

    def check_in(self, coding: Coding) -> list[Outgoing]:
        """Kind words at once, the concern recorded, any answer kept, and then ask before going on."""
        changes: dict[str, Any] = {"status": Status.CHECKING_IN, "unclear_count": 0}
        answer = None
        if coding.status in CODED_ANSWERS:
            answer = self.answer_row(coding)
            following = self.following()
            changes["current_question"] = following.id if following else None
        self.x.commit(changes, answer, self.x.concern_here(self.question.id))
        return [check_in_question(self.x.session, self.x.speaker)]

    def following(self) -> Question | None:
        """The first question, in order, still unanswered once this one is."""
        answers = self.x.conversation.store.answers(self.x.session.id)
        return next((q for q in self.questions if q.id not in answers and q.id != self.question.id), None)

    def answer_row(self, coding: Coding) -> dict[str, Any]:
        x, heard = self.x, self.x.msg.heard
        return {
            "question_id": self.question.id, "area": self.question.area, "raw_reply": self.raw_reply(coding),
            "given_via": x.msg.via, "status": str(coding.status), "value": coding.value,
            "concern": coding.concern, "survey_version": x.survey.version, "language": x.session.language,
            "transcript": heard.transcript if heard else None, "confidence": heard.confidence if heard else None,
            **advocacy.assistance_of(x),
        }

    def raw_reply(self, coding: Coding) -> str:
        """What the person gave: their words, or for a tapped button, the choice it stands for."""
        if self.x.msg.via != Via.BUTTON:
            return self.x.msg.text
        return str(coding.value) if coding.value is not None else str(coding.status)

    def ask(self, intro: Intro = None, question: Question | None = None, faces_only: bool = False,
            easy_read: bool = False) -> Outgoing:
        x = self.x
        return x.conversation.ask(x.session, x.survey, question or self.question, x.speaker, intro, faces_only,
                                  easy_read)

    def record_row(self, row: dict[str, Any], concern: dict | None,
                   settled: dict[str, Any] | None = None) -> list[Outgoing]:
        """Store the answer and ask the next question (`settled`: what else the session changes with it)."""
        x = self.x
        following = self.following()
        changes: dict[str, Any] = {"unclear_count": 0, **(settled or {})}
        if following is None:
            changes.update(status=Status.FINISHED, finished_at=now(), current_question=None)
        else:
            changes["current_question"] = following.id
        if not x.commit(changes, row, concern):
            return x.conversation.already_handled(x.refreshed(), x.msg)
        if following is None:
            return x.conversation.finish(x)
        return [self.ask(question=following)]

    def steer(self, control: str, concern: dict | None) -> list[Outgoing]:
        x = self.x
        if control == Control.STOP:
            if concern:
                x.conversation.record_concern(x, concern)
            return x.conversation.stop(x)
        if control == Control.PAUSE:
            x.commit({"status": Status.PAUSED}, concern=concern)
            return [paused_message(x.session, x.speaker, m.PAUSED)]
        if control == Control.BACK:
            return self.back(concern)
        if control == Control.LANGUAGE:
            return x.conversation.offer_languages(x, Status.ACTIVE, concern)
        if control == Control.HELP:
            return self.helped(concern)
        if control in (Control.STEP_BACK, Control.ADVOCATE_BACK):
            return advocacy.step(self, control, concern)
        x.commit(concern=concern)
        return [self.ask(m.REPEAT_INTRO)]

    def helped(self, concern: dict | None) -> list[Outgoing]:
        """"Help" or "I don't understand": the help text with the question in easy read; asked again on a scale
        question, just the faces. It counts as not understood, like a reply the bot could not read."""
        x = self.x
        count = x.session.unclear_count + 1
        x.commit({"unclear_count": count}, concern=concern)
        if count >= 2 and self.question.is_scale:
            return [self.ask(m.UNCLEAR_FACES, faces_only=True)]
        return [self.ask((m.HELP_INTRO, self.question.help), easy_read=True)]

    def back(self, concern: dict | None) -> list[Outgoing]:
        x = self.x
        answers = x.conversation.store.answers(x.session.id)
        order = [q.id for q in self.questions]
        earlier = [q for q in self.questions if q.id in answers and q.id != self.question.id]
        earlier = [q for q in earlier if order.index(q.id) < order.index(self.question.id)] or earlier
        if not earlier:
            x.commit(concern=concern)
            return [self.ask(m.BACK_NOTHING)]
        previous = earlier[-1]
        x.commit({"current_question": previous.id}, concern=concern)
        # the person's own words are shown back to them, and never spoken (Quoted leaves them out of the audio)
        said = Quoted(answers[previous.id]["raw_reply"])
        return [self.ask(words(m.BACK_INTRO, previous=said), question=previous)]

    def unclear(self) -> list[Outgoing]:
        x = self.x
        count = x.session.unclear_count + 1
        x.commit({"unclear_count": count})
        if count == 1 or not self.question.is_scale:
            return [self.ask(m.UNCLEAR_FIRST, easy_read=True)]
        if count == 2:
            return [self.ask(m.UNCLEAR_FACES, faces_only=True)]
        return [self.ask(m.UNCLEAR_OFFER_SKIP, faces_only=True)]
