"""What comes in: one message from a channel (`Incoming`), and the same message inside an open session, read
once, with everything a state needs to answer it (`Exchange`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.listening import Heard
from bot.store.survey_store import SessionState, TurnChanges
from bot.surveys.model import Survey
from bot.translation.speaker import Speaker
from bot.understanding.normalise import MAX_REPLY_CHARS, clean_note, clean_reply, is_too_long
from bot.understanding.reading import Reading
from bot.vocabulary import ADVOCATE_RECORDS, Via

# the text a channel sends Rasa for a spoken answer: the words come from hearing it, in the conversation
SPOKEN = "[spoken answer]"

if TYPE_CHECKING:
    from bot.dialogue.conversation import Conversation


def capped_for_reading(text: str) -> str:
    """What a channel passes on of a reply: enough for the conversation to tell it is too long to keep (and say
    so kindly), and no more for Rasa to read through."""
    return text[: MAX_REPLY_CHARS * 2 + 1]


@dataclass
class Incoming:
    channel: str
    sender_id: str
    text: str
    via: str = Via.TYPED
    # entities from a tapped button, e.g. {"question_id": ..., "value": 3} or {"role": "parent_carer"}
    payload: dict[str, Any] = field(default_factory=dict)
    intent: str | None = None
    confidence: float = 0.0
    message_key: str | None = None
    # the survey the invitation link asks for; only a new session takes it, so no session mixes two
    survey: str | None = None
    # the family the invitation names (bot/pseudonym.py's family_key), where the council links a parent's answers
    # with their child's; only a new session takes it, and asks the person before anything is linked
    family: str | None = None
    # what the channel knows of the person's language, most telling first: the invitation's language column,
    # Telegram's language_code, the browser's Accept-Language. They preselect; the person chooses.
    language_hints: list[str] = field(default_factory=list)
    # the question on the person's screen when they typed (the web chat sends it): a reply typed for an earlier
    # question is never stored against the one asked since
    question_id: str | None = None
    too_long: bool = False
    # a spoken answer: the id its channel kept the audio under (bot/store/voice_inbox.py); the conversation
    # hears it and puts what it heard in `text`, and the recogniser's verdict in `heard`
    voice_clip: str | None = None
    heard: Heard | None = None
    # with an advocate beside the young person (the web chat's advocate view): the advocate's account, how this
    # answer was given (one of ADVOCATE_RECORDS) and their short observation
    advocate_id: int | None = None
    assistance: str | None = None
    observation: str | None = None
    refused_assistance: bool = False  # a kind of help the bot does not know, or one with no advocate: not kept

    def __post_init__(self) -> None:
        # whatever the channel, nothing is coded or stored before it is cleaned (controls out, length capped)
        self.too_long = self.too_long or is_too_long(self.text)
        self.text = clean_reply(self.text)
        if self.assistance is not None and (self.advocate_id is None or self.assistance not in ADVOCATE_RECORDS):
            self.refused_assistance = True
        self.observation = clean_note(self.observation) if self.advocate_id is not None else None


@dataclass
class Exchange:
    """One message in one open session: the session as it stood, its survey, the message, its reading in the
    session's language, and the bot's words for this person."""

    conversation: Conversation
    session: SessionState
    survey: Survey
    msg: Incoming
    reading: Reading
    speaker: Speaker

    def commit(self, changes: dict[str, Any] | None = None, answer: dict[str, Any] | None = None,
               concern: dict[str, Any] | None = None) -> bool:
        """Write what this message changes, at once and together, with the message marked handled."""
        return self.conversation.apply(TurnChanges(self.session.id, self.msg.message_key, changes or {}, answer,
                                                   concern))

    def concern_here(self, question_id: str | None = None) -> dict[str, Any]:
        return {"question_id": question_id, "raw_reply": self.msg.text}

    def refreshed(self) -> SessionState:
        return self.conversation.store.session(self.session.id)
