"""A clip named in a message's `custom.audio`, found and made (off the event loop) on first request and kept.
Only the bot's own words can be named (a catalog wording, or one the action server registered as it built a
message), so a channel cannot be used to make the speech service read anything."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from bot.media import tts
from bot.media.speech import PACES, Clip

CLIP_ID = re.compile(r"^[0-9a-f]{32}$")


def known_clip(clip_id: str) -> Clip | None:
    """Raises bot.media.tts.SpeechUnavailable when the store cannot be read just now."""
    return tts.known_clip(clip_id) if CLIP_ID.match(clip_id) else None


async def find_clip(clip_id: str) -> Clip | None:
    """`known_clip`, off the event loop (it may ask the store)."""
    return await asyncio.get_running_loop().run_in_executor(None, known_clip, clip_id)


def pace_of(asked: str | None) -> str | None:
    """The pace an audio address asks for (`?pace=slow`), "normal" when it names none, None when it is not one."""
    pace = asked or "normal"
    return pace if pace in PACES else None


async def clip_path(clip: Clip, pace: str = "normal") -> Path:
    """The MP3 of this clip; raises bot.media.tts.SpeechUnavailable when no engine can make it now."""
    return await asyncio.get_running_loop().run_in_executor(None, tts.audio_file, clip, pace)
