"""What a channel says when a message never reaches the conversation: a picture or sticker with no words, a voice
note it could not take in, a group chat, audio that cannot be made just now. Written here, once, for every
channel, in the person's language."""

from __future__ import annotations

from bot.dialogue.outgoing import Outgoing, said
from bot.listening import can_hear
from bot.translation import messages as m
from bot.translation.speaker import Speaker


def text_only(lang: str) -> Outgoing:
    return said(Speaker(lang), "text_only", m.TEXT_ONLY, language=lang)


def words_or_voice_only(lang: str) -> Outgoing:
    """A picture or a sticker on a channel that takes voice messages: where a recogniser hears the language, the
    person is told they may say their answer."""
    english = m.WORDS_OR_VOICE_ONLY if can_hear(lang) else m.TEXT_ONLY
    return said(Speaker(lang), "text_only", english, language=lang)


def not_heard(lang: str) -> Outgoing:
    """A voice message that could not be taken in (too large, or not fetched): nothing is stored."""
    return said(Speaker(lang), "not_heard", m.VOICE_NOT_HEARD, language=lang)


def private_only(lang: str) -> Outgoing:
    return said(Speaker(lang), "private_only", m.PRIVATE_ONLY, language=lang)


def audio_unavailable(lang: str) -> Outgoing:
    return said(Speaker(lang), "audio_unavailable", m.AUDIO_UNAVAILABLE, language=lang)


def turn_failed(lang: str) -> Outgoing:
    """A turn that could not be completed: nothing was stored, so the person is asked to send it again."""
    return said(Speaker(lang), "turn_failed", m.TURN_FAILED, language=lang)


def rate_limited(lang: str) -> Outgoing:
    return said(Speaker(lang), "rate_limited", m.RATE_LIMITED, language=lang)


def voice_too_long(lang: str) -> Outgoing:
    """A recording bigger than a spoken answer may be: nothing was kept, so the person is asked for a shorter one."""
    return said(Speaker(lang), "voice_too_long", m.VOICE_TOO_LONG, language=lang)
