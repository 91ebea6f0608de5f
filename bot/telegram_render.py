"""How a SayIt message looks in Telegram: its text, marked for direction, and an inline keyboard built from the
`custom` payload. Each answer (a face, a language, a role) has its own row, with a 🔊 beside it when it can be
heard; the question's own 🔊 comes first, and the controls (skip, don't know, help) share the last row.

A button's callback data is what it sends back, at most 64 bytes: the answer's `/intent{json}` payload (survey
question ids are kept short enough for it), or `listen:<clip id>`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot import messages as m
from bot.languages import marked_for_direction, supported

MAX_CALLBACK_DATA = 64
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # how Telegram proves an update is from Telegram
LISTEN = "listen:"
ANSWERED = "answered"  # the one button left on a message once it has been answered; it does nothing
CONTROLS_PER_ROW = 3


@dataclass(frozen=True)
class Button:
    text: str
    data: str


def language_of(message: dict[str, Any]) -> str:
    lang = (message.get("custom") or {}).get("language")
    return lang if lang in supported() else "en"


def telegram_text(message: dict[str, Any]) -> str:
    custom = message.get("custom") or {}
    lines = [message.get("text") or custom.get("text") or ""]
    if custom.get("audio_note"):
        lines.append(custom["audio_note"])
    return marked_for_direction("\n".join(line for line in lines if line), language_of(message))


def payload_entities(payload: str) -> dict[str, Any]:
    """The entities of a `/intent{json}` payload ({} when it has none)."""
    start = payload.find("{")
    try:
        found = json.loads(payload[start:]) if start > 0 else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def listen_button(audio: dict[str, Any] | None, text: str) -> Button | None:
    return Button(text, LISTEN + audio["id"]) if audio and audio.get("id") else None


def keyboard(message: dict[str, Any]) -> list[list[Button]]:
    custom = message.get("custom") or {}
    speaker = m.Speaker(language_of(message))
    rows: list[list[Button]] = []
    heard = listen_button(custom.get("audio"), f"🔊 {speaker.say(m.LISTEN_LABEL)}")
    if heard:
        rows.append([heard])
    choices = custom.get("choices") or []
    controls: list[Button] = []
    for button in message.get("buttons") or []:
        payload = str(button.get("payload", ""))
        if len(payload.encode("utf-8")) > MAX_CALLBACK_DATA:
            continue  # cannot happen for a valid survey; the text still lists every answer by number
        values = payload_entities(payload).values()
        choice = next((c for c in choices if c.get("value") in values), None)
        tap = Button(str(button.get("title", "")), payload)
        if choice is None:
            controls.append(tap)
            continue
        beside = listen_button(choice.get("audio"), "🔊")
        rows.append([tap, beside] if beside else [tap])
    rows += [controls[i:i + CONTROLS_PER_ROW] for i in range(0, len(controls), CONTROLS_PER_ROW)]
    return rows


def answered_keyboard(tapped: str) -> list[list[Button]]:
    """What replaces a message's buttons once one is tapped: a tick and the answer given."""
    return [[Button(f"✓ {tapped}", ANSWERED)]]
