"""The structured messages the bot sends: text for plain channels, a `custom` payload that richer
channels render from, and buttons. Channels never re-parse the text."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.messages import (
    DONT_KNOW_LABEL,
    FREE_TEXT_HINT,
    HELP_LABEL,
    QUESTION_POSITION,
    SCALE_HINT,
    SKIP_LABEL,
    ByMedium,
    Speaker,
)
from bot.speech import spoken
from bot.survey import Question, Survey


@dataclass
class Outgoing:
    text: str
    custom: dict[str, Any]
    buttons: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "custom": self.custom, "buttons": self.buttons}


def intent_payload(intent: str, **entities: object) -> str:
    """A button payload in Rasa's `/intent{json}` form, so a tap skips NLU and keeps its question id."""
    return f"/{intent}{json.dumps(entities, separators=(',', ':'))}" if entities else f"/{intent}"


def voiced(speaker: Speaker, english: str | ByMedium) -> dict[str, Any]:
    """The `audio` and `audio_note` of a message: its words spoken in the person's language, or a note why not."""
    audio, note = spoken(speaker, english)
    return {"audio": audio, "audio_note": note}


def info(text: str, kind: str = "info", **extra: Any) -> Outgoing:
    return Outgoing(text=text, custom={"type": kind, "text": text, **extra})


def question_message(survey: Survey, question: Question, session_id: str, position: int, total: int,
                     speaker: Speaker, intro: str | None = None, faces_only: bool = False,
                     easy_read: bool = False) -> Outgoing:
    shown = question.easy_read if easy_read else question.plain
    wording = speaker.say(shown)
    choices = [
        {"value": c.value, "label": speaker.say(c.label), "symbol": c.symbol, "emoji": c.emoji,
         "audio": spoken(speaker, c.label)[0]}
        for c in survey.scale
    ] if question.is_scale else []
    lines = [line for line in (intro, speaker.say(QUESTION_POSITION, n=position, total=total), wording) if line]
    hint = speaker.say(SCALE_HINT if question.is_scale else FREE_TEXT_HINT)
    if question.is_scale:
        lines.append(" ".join(f"{c['value']} {c['emoji']}" if faces_only else f"{c['value']} {c['emoji']} {c['label']}"
                              for c in choices))
    lines.append(hint)
    buttons: list[dict[str, str]] = [
        {"title": str(c["emoji"]) if faces_only else f"{c['emoji']} {c['label']}",
         "payload": intent_payload("answer", question_id=question.id, value=c["value"])}
        for c in choices
    ]
    buttons += [
        {"title": speaker.say(SKIP_LABEL), "payload": intent_payload("skip", question_id=question.id)},
        {"title": speaker.say(DONT_KNOW_LABEL), "payload": intent_payload("dont_know", question_id=question.id)},
        {"title": speaker.say(HELP_LABEL), "payload": intent_payload("help")},
    ]
    custom = {
        "type": "question",
        "survey": survey.id,
        "survey_version": survey.version,
        "session_id": session_id,
        "question_id": question.id,
        "area": question.area,
        "kind": question.kind,
        "text": wording,
        "easy_read": speaker.say(question.easy_read),
        "seed": question.seed,
        "symbol": question.symbol,
        "help": speaker.say(question.help),
        "hint": hint,  # how to reply, worded for the channel (no faces or tapping by SMS)
        "intro": intro,
        "position": position,
        "total": total,
        "language": speaker.lang,
        "choices": choices,
        "faces_only": faces_only,
        "symbols": [c["symbol"] for c in choices],
        **voiced(speaker, shown),
    }
    return Outgoing(text="\n".join(lines), custom=custom, buttons=buttons)
