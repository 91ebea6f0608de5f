"""A spoken answer arriving on a channel: its audio kept for the conversation to hear (never passed through
Rasa), and the message that names it."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.dialogue.incoming import SPOKEN
from bot.media.spoken_answers import MAX_VOICE_BYTES, VoiceTooLarge, keep

__all__ = ["MAX_VOICE_BYTES", "SPOKEN", "VoiceTooLarge", "keep_voice", "spoken_metadata"]


async def keep_voice(audio: bytes) -> str:
    """The id the audio is kept under; raises VoiceTooLarge, or SQLAlchemy's errors when the store cannot be
    written just now."""
    return await asyncio.get_running_loop().run_in_executor(None, keep, audio)


def spoken_metadata(clip_id: str) -> dict[str, Any]:
    return {"via": "voice", "voice_clip": clip_id}
