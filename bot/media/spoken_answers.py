"""A spoken answer on its way in, for a channel to hand over (a channel never opens the store itself): the audio
kept in the store's voice inbox under a random id, which the channel's message to Rasa names instead of the audio
(bot/store/voice_inbox.py says how long it stays)."""

from __future__ import annotations

from bot.settings import database_url
from bot.store.survey_store import opened
from bot.store.voice_inbox import MAX_VOICE_BYTES, VoiceTooLarge, receive

__all__ = ["MAX_VOICE_BYTES", "VoiceTooLarge", "keep"]


def keep(audio: bytes) -> str:
    """The id the audio is kept under; raises VoiceTooLarge, or SQLAlchemy's errors when the store cannot be
    written just now."""
    return receive(opened(database_url()).engine, audio)
