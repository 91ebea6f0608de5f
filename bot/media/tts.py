"""Making a clip's audio with gTTS, once: the MP3 is kept under the data directory and served from there after.

gTTS is the real client; only the address it posts to is ours to choose (`SAYIT_TTS_URL`), so the same code
talks to Google in production and to the local fake (`bot/fakes/google_tts.py`) in tests and the demo.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import requests
from gtts import gTTS, gTTSError

from bot.media.speech import Clip
from bot.settings import data_dir, tts_url

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10


class SpeechUnavailable(RuntimeError):
    """The speech service could not make this clip now; the message says what to check."""


class _TTSAt(gTTS):
    """gTTS posting to a chosen address: its tokenising, request and response parsing are kept as they are."""

    def __init__(self, text: str, lang: str, url: str):
        super().__init__(text=text, lang=lang, lang_check=False, timeout=TIMEOUT_SECONDS)
        self._url = url

    def _prepare_requests(self) -> list[requests.PreparedRequest]:
        prepared = super()._prepare_requests()
        for request in prepared:
            request.prepare_url(self._url, None)
        return prepared


def audio_dir() -> Path:
    return data_dir() / "audio"


def audio_file(c: Clip) -> Path:
    """The clip's MP3, made now if it is not kept yet. Raises SpeechUnavailable when it cannot be made."""
    path = audio_dir() / f"{c.id}.mp3"
    if path.exists():
        return path
    url = tts_url()
    if not url:
        raise SpeechUnavailable("speech is switched off: set SAYIT_TTS_URL (see the README)")
    path.parent.mkdir(parents=True, exist_ok=True)
    # written beside the final name and renamed, so a half-made file is never served
    handle, partial = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as f:
            _TTSAt(c.text, c.lang, url).write_to_fp(f)
        if os.path.getsize(partial) == 0:
            raise SpeechUnavailable("the speech service sent no audio")
        os.replace(partial, path)
    except (gTTSError, requests.RequestException, AssertionError) as exc:
        log.warning("could not make audio for clip %s (%s): %s", c.id, c.lang, type(exc).__name__)
        raise SpeechUnavailable(f"the speech service at {url} did not answer properly; try again later") from exc
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return path
