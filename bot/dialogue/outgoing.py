"""The structured messages the bot sends. A message is its `custom` payload, and every channel renders from
that alone: `type`, `text`, `intro`, `language`, `audio` or `audio_note`, and for a message that can be answered
by a tap, its `choices` (the answers: a face, a language, a role) and `controls` (skip, don't know, help; carry
on, take a break, stop). Each choice or control carries all a channel needs: `value`, `label`, `title` (what its
button shows), `payload` (what a tap sends back), and where there is one, `symbol`, `emoji` and `audio`.

Sound: every message, choice and control can be heard in the person's language. `audio` is one clip for the
whole of what a message says above its buttons, in the order shown: for a question its `intro`, its
`position_text` and its words, so a channel reading `custom.audio.id` plays it all with one press (a message in
several parts is one clip, its parts' audio joined by the server). A part shown apart has its own clip beside
it: `hint_audio`, `help_audio`, and `easy_read_audio` (the question as `audio` says it, with the easy-read
wording, for a page set to easy read). Each is `{"id", "lang", "format"}` or None; a message that could have had
audio but has none says why in `audio_note`. The web chat serves a clip at `audio/<id>.mp3`, and slower at
`audio/<id>.mp3?pace=slow`. Words that quote a person (going back: "Before, you said: ...") are never spoken,
so that part is left out of the clip (bot/media/speech.py).

`text` (the words for a channel that shows only words, such as Rasa's REST channel) and `buttons` (Rasa's own
form) are made from the payload here, in one place, so nothing downstream re-parses either.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.listening import can_hear
from bot.media.speech import AudioRef, Clip, Said, shown, spoken, words
from bot.surveys.model import Question, Survey
from bot.translation import messages as m
from bot.translation.messages import FREE_TEXT_HINT, QUESTION_POSITION, SCALE_HINT, VOICE_NOT_IN_LANGUAGE
from bot.translation.speaker import Speaker

NUMBERED = ("choose_language", "choose_role")  # messages whose choices a plain channel lists one a line
Intro = Said | tuple[Said, ...] | None  # words said before a message's own: one wording, or several


@dataclass
class Outgoing:
    custom: dict[str, Any]

    def __post_init__(self) -> None:
        # every message has a symbol beside it: a question its own, any other message its kind's
        self.custom.setdefault("symbol", message_symbol(self.custom.get("type", "info")))

    @property
    def text(self) -> str:
        return plain_text(self.custom)

    @property
    def buttons(self) -> list[dict[str, str]]:
        return [{"title": c["title"], "payload": c["payload"]} for c in tappable(self.custom)]

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "custom": self.custom, "buttons": self.buttons}

    def clips(self, unlisted: bool = True) -> list[Clip]:
        """The clips this message names that only the store's registry can name (bot/store/clips.py), or with
        `unlisted=False`, every clip it names, each message in parts after its parts."""
        return [c for ref in _audio_in(self.custom) for c in (ref.unlisted if unlisted else ref.clips)]


def _audio_in(value: Any) -> Iterator[AudioRef]:
    if isinstance(value, AudioRef):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _audio_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _audio_in(inner)


def tappable(custom: dict[str, Any]) -> list[dict[str, Any]]:
    """Everything a tap can send, answers first."""
    return [*(custom.get("choices") or []), *(custom.get("controls") or [])]


def plain_text(custom: dict[str, Any]) -> str:
    """A message as words only: the intro, the position, the words, then the answers (numbered one a line for
    a list to pick from, on one line for a scale), then how to reply."""
    choices = custom.get("choices") or []
    lines = [custom.get("intro"), custom.get("position_text"), custom.get("text")]
    if custom.get("type") in NUMBERED:
        lines += [f"{i} {c['label']}" for i, c in enumerate(choices, 1)]
    elif choices:
        lines.append(" ".join(f"{c['value']} {c['title']}" for c in choices))
    lines.append(custom.get("hint"))
    return "\n".join(line for line in lines if line)


def intent_payload(intent: str, **entities: object) -> str:
    """A button payload in Rasa's `/intent{json}` form, so a tap skips NLU and keeps its question id."""
    return f"/{intent}{json.dumps(entities, separators=(',', ':'))}" if entities else f"/{intent}"


def tap(value: object, label: str, payload: str, title: str | None = None, **extra: Any) -> dict[str, Any]:
    """One choice or control: what it is, what it says, what its button shows and what a tap sends back."""
    return {"value": value, "label": label, "title": label if title is None else title, "payload": payload, **extra}


def control(name: str, speaker: Speaker, label: str, payload: str) -> dict[str, Any]:
    """A control's button: its words, its symbol (`control-<name>` in media/symbols.yml) and its words spoken."""
    return tap(name, speaker.say(label), payload, symbol=f"control-{name}", audio=spoken(speaker, label)[0])


def question_controls(speaker: Speaker, question_id: str) -> list[dict[str, Any]]:
    """What every question offers beside its answers. Each names the question, so a tap left on an earlier
    question's screen is known as stale; pause and stop are about the survey, so they act wherever they are."""
    return [
        control("skip", speaker, m.SKIP_LABEL, intent_payload("skip", question_id=question_id)),
        control("dont_know", speaker, m.DONT_KNOW_LABEL, intent_payload("dont_know", question_id=question_id)),
        control("help", speaker, m.HELP_LABEL, intent_payload("help", question_id=question_id)),
        control("repeat", speaker, m.REPEAT_LABEL, intent_payload("repeat", question_id=question_id)),
        control("back", speaker, m.BACK_LABEL, intent_payload("go_back", question_id=question_id)),
        control("pause", speaker, m.PAUSE_LABEL, intent_payload("pause")),
        control("stop", speaker, m.STOP_LABEL, intent_payload("stop")),
    ]


# The symbol beside each kind of message, for a reader who follows symbols better than words
MESSAGE_SYMBOLS = {
    "welcome": "message-welcome", "privacy_notice": "message-privacy", "choose_language": "message-choose_language",
    "choose_role": "message-choose_role", "ask_age": "message-ask_age", "role_chosen": "message-role_chosen",
    "survey_paused": "message-paused", "resumed": "message-resumed", "summary": "message-summary",
    "survey_complete": "message-finished", "survey_stopped": "message-stopped", "safeguarding": "message-safeguarding",
    "notice": "message-notice", "turn_failed": "message-problem", "too_long": "message-problem",
    "rate_limited": "message-problem", "text_only": "message-problem", "private_only": "message-problem",
    "audio_unavailable": "message-problem", "voice_too_long": "message-problem",
}


def message_symbol(kind: str) -> str:
    return MESSAGE_SYMBOLS.get(kind, "message-info")


def voiced(speaker: Speaker, *parts: Said | None) -> dict[str, Any]:
    """The `audio` and `audio_note` of a message: its words spoken in the person's language, or a note why not."""
    audio, note = spoken(speaker, *parts)
    return {"audio": audio, "audio_note": note}


def intro_parts(intro: Intro) -> tuple[Said, ...]:
    return () if intro is None else intro if isinstance(intro, tuple) else (intro,)


def intro_text(speaker: Speaker, intro: Intro) -> str | None:
    """An intro as shown: its parts one after another."""
    parts = intro_parts(intro)
    return " ".join(shown(speaker, p) for p in parts) if parts else None


def info(text: str, kind: str = "info", **extra: Any) -> Outgoing:
    return Outgoing({"type": kind, "text": text, **extra})


def said(speaker: Speaker, kind: str, *parts: Said, between: str = " ", **extra: Any) -> Outgoing:
    """A message of the bot's own words, shown and heard, saying the language they are in."""
    return info(between.join(shown(speaker, p) for p in parts), kind, **{"language": speaker.lang, **extra},
                **voiced(speaker, *parts))


def question_message(survey: Survey, question: Question, session_id: str, position: int, total: int,
                     speaker: Speaker, intro: Intro = None, faces_only: bool = False,
                     easy_read: bool = False) -> Outgoing:
    asked = question.easy_read if easy_read else question.plain
    wording = speaker.say(asked)
    before = (*intro_parts(intro), words(QUESTION_POSITION, n=position, total=total))
    hint = SCALE_HINT if question.is_scale else FREE_TEXT_HINT
    choices = []
    for c in survey.choices(question):
        label = speaker.say(c.label)
        choices.append(tap(c.value, label, intent_payload("answer", question_id=question.id, value=c.value),
                           title=c.emoji if faces_only else f"{c.emoji} {label}", symbol=c.symbol, emoji=c.emoji,
                           audio=spoken(speaker, c.label)[0]))
    controls = question_controls(speaker, question.id)
    return Outgoing({
        "type": "question",
        "survey": survey.id,
        "survey_version": survey.version,
        "session_id": session_id,
        "question_id": question.id,
        "area": question.area,
        "kind": question.kind,
        "text": wording,
        "easy_read": speaker.say(question.easy_read),
        "easy_read_audio": spoken(speaker, *before, question.easy_read)[0],  # for a page set to show easy read
        "seed": question.seed,
        "symbol": question.symbol,
        "help": speaker.say(question.help),
        "help_audio": spoken(speaker, question.help)[0],
        "intro": intro_text(speaker, intro),
        "position": position,
        "total": total,
        "position_text": speaker.say(QUESTION_POSITION, n=position, total=total),
        "hint": speaker.say(hint),  # worded for the channel
        "hint_audio": spoken(speaker, hint)[0],
        "language": speaker.lang,
        "choices": choices,
        "controls": controls,
        "faces_only": faces_only,
        "symbols": [c["symbol"] for c in choices],
        # whether a spoken answer can be heard in this language: if not, no microphone, and this says why
        "voice": can_hear(speaker.lang),
        "voice_unavailable": None if can_hear(speaker.lang) else speaker.say(VOICE_NOT_IN_LANGUAGE),
        **voiced(speaker, *before, asked),
    })
