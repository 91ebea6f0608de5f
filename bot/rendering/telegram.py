"""How a SayIt message looks in Telegram: its text, marked for direction, and an inline keyboard built from the
`custom` payload. Each answer (a face, a language, a role) has its own row, with a 🔊 beside it when it can be
heard; the question's own 🔊 comes first, and the controls (skip, don't know, help) share the last row.

A button's callback data is what it sends back, at most 64 bytes: the answer's `/intent{json}` payload (survey
question ids are kept short enough for it), or `listen:<clip id>`.

For a person who chose pictures (/pictures), a question goes as its picture card (`bot.media.cards`) with the
same keyboard, and its words as the photo's caption (`telegram_caption`, within Telegram's 1,024 characters).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.dialogue.outgoing import Outgoing, said
from bot.translation import messages as m
from bot.translation.languages import marked_for_direction, supported
from bot.translation.speaker import Speaker

MAX_CALLBACK_DATA = 64
MAX_CAPTION = 1024  # characters of a photo's caption
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


def telegram_caption(message: dict[str, Any]) -> str:
    """A picture card's caption: the words the question's text message would have, or, when they are too long
    for a caption, the question without its answers listed and the hint (the card and the buttons show those)."""
    whole = telegram_text(message)
    if len(whole) <= MAX_CAPTION:
        return whole
    custom = message.get("custom") or {}
    parts = [custom.get(part) for part in ("intro", "position_text", "text", "audio_note")]
    short = marked_for_direction("\n".join(p for p in parts if p), language_of(message))
    return short if len(short) <= MAX_CAPTION else short[:MAX_CAPTION - 1].rsplit(" ", 1)[0] + "…"


def is_question(message: dict[str, Any]) -> bool:
    return (message.get("custom") or {}).get("type") == "question"


def pictures_chosen(speaker: Speaker, pictures: bool) -> Outgoing:
    """What the bot says to /pictures and /pictures off, in the person's language."""
    return said(speaker, "pictures_chosen", m.PICTURES_ON if pictures else m.PICTURES_OFF, language=speaker.lang,
                pictures=pictures)


def listen_button(audio: dict[str, Any] | None, text: str) -> Button | None:
    return Button(text, LISTEN + audio["id"]) if audio and audio.get("id") else None


def keyboard(message: dict[str, Any]) -> list[list[Button]]:
    """The message's 🔊, then each answer on its own row with its own 🔊, then the controls, from `custom` alone."""
    custom = message.get("custom") or {}
    speaker = Speaker(language_of(message))
    rows: list[list[Button]] = []
    heard = listen_button(custom.get("audio"), f"🔊 {speaker.say(m.LISTEN_LABEL)}")
    if heard:
        rows.append([heard])
    for choice in custom.get("choices") or []:
        if fits(choice):
            beside = listen_button(choice.get("audio"), "🔊")
            rows.append([Button(choice["title"], choice["payload"]), *([beside] if beside else [])])
    controls = [Button(c["title"], c["payload"]) for c in custom.get("controls") or [] if fits(c)]
    rows += [controls[i:i + CONTROLS_PER_ROW] for i in range(0, len(controls), CONTROLS_PER_ROW)]
    return rows


def fits(tap: dict[str, Any]) -> bool:
    """Telegram carries at most 64 bytes a button; the survey loader keeps question ids short enough, so this
    cannot fail for a valid survey (and the text still lists every answer by number)."""
    return len(str(tap["payload"]).encode("utf-8")) <= MAX_CALLBACK_DATA


def answered_keyboard(tapped: str) -> list[list[Button]]:
    """What replaces a message's buttons once one is tapped: a tick and the answer given."""
    return [[Button(f"✓ {tapped}", ANSWERED)]]
