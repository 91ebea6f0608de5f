"""A clip named in a message's `custom.audio`, made (off the event loop) on first request and kept.
Only the bot's own wordings can be spoken, so a channel cannot be used to make the service read anything."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from bot.media.speech import Clip, speakable
from bot.media.tts import audio_file

CLIP_ID = re.compile(r"^[0-9a-f]{32}$")


def known_clip(clip_id: str) -> Clip | None:
    return speakable().get(clip_id) if CLIP_ID.match(clip_id) else None


async def clip_path(clip: Clip) -> Path:
    """The MP3 of this clip; raises bot.media.tts.SpeechUnavailable when the speech service cannot make it now."""
    return await asyncio.get_running_loop().run_in_executor(None, audio_file, clip)
