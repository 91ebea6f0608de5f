"""What a channel says when a message never reaches the conversation: a voice note or picture with no words, a
group chat, audio that cannot be made just now. Written here, once, for every channel, in the person's language."""

from __future__ import annotations

from bot.dialogue.outgoing import Outgoing, info
from bot.translation import messages as m
from bot.translation.speaker import Speaker


def text_only(lang: str) -> Outgoing:
    return info(Speaker(lang).say(m.TEXT_ONLY), "text_only", language=lang)


def private_only(lang: str) -> Outgoing:
    return info(Speaker(lang).say(m.PRIVATE_ONLY), "private_only", language=lang)


def audio_unavailable(lang: str) -> Outgoing:
    return info(Speaker(lang).say(m.AUDIO_UNAVAILABLE), "audio_unavailable", language=lang)


def turn_failed(lang: str) -> Outgoing:
    """A turn that could not be completed: nothing was stored, so the person is asked to send it again."""
    return info(Speaker(lang).say(m.TURN_FAILED), "turn_failed", language=lang)


def rate_limited(lang: str) -> Outgoing:
    return info(Speaker(lang).say(m.RATE_LIMITED), "rate_limited", language=lang)
