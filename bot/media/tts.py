"""Making a clip's audio, once: the MP3 is kept under the data directory and served from there after, one file a
pace (`<id>.mp3`, `<id>.slow.mp3`), and the store records which engine made it.

gTTS is the real client of Google's speech; only the address it posts to is ours to choose (`SAYIT_TTS_URL`), so
the same code talks to Google in production and to the local fake (`bot/fakes/google_tts.py`) in tests and the
demo. When gTTS fails (the service unreachable from a council's network, an error, no audio), espeak-ng on this
machine makes the clip instead (`bot.media.espeak`); after Google could not be reached at all, it is not asked
again for a few minutes, so a network that drops its traffic costs one timeout, not one a clip. A message in
several parts is its parts' audio joined, each part made (and kept) on its own.

Clips are made when their address is first asked for, or by `sayit media build`: never while a message is built.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from functools import cache
from pathlib import Path

import requests
import sqlalchemy as sa
from gtts import gTTS, gTTSError

from bot.media import espeak
from bot.media.mp3 import seconds
from bot.media.speech import GTTS, PACES, Clip, engines, speakable
from bot.settings import data_dir, database_url, tts_url
from bot.store.clips import ClipRegistry

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10
UNREACHABLE_PAUSE_SECONDS = 300  # how long espeak-ng alone makes clips after Google's speech could not be reached


class SpeechUnavailable(RuntimeError):
    """No engine could make this clip now; the message says what to check."""


class _TTSAt(gTTS):
    """gTTS posting to a chosen address: its tokenising, request and response parsing are kept as they are."""

    def __init__(self, text: str, lang: str, url: str, slow: bool = False):
        super().__init__(text=text, lang=lang, slow=slow, lang_check=False, timeout=TIMEOUT_SECONDS)
        self._url = url

    def _prepare_requests(self) -> list[requests.PreparedRequest]:
        prepared = super()._prepare_requests()
        for request in prepared:
            request.prepare_url(self._url, None)
        return prepared


class _Unreachable:
    """Addresses of Google's speech that could not be reached lately, and until when they are left alone."""

    def __init__(self) -> None:
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def now(self, url: str) -> bool:
        with self._lock:
            return self._until.get(url, 0.0) > time.monotonic()

    def mark(self, url: str) -> None:
        with self._lock:
            self._until[url] = time.monotonic() + UNREACHABLE_PAUSE_SECONDS


UNREACHABLE = _Unreachable()


@cache
def _registry_at(url: str) -> ClipRegistry:
    return ClipRegistry.open(url)


def registry() -> ClipRegistry:
    """The store's registry of spoken texts, for this process's database (opened on first use, then kept)."""
    return _registry_at(database_url())


def audio_dir() -> Path:
    return data_dir() / "audio"


def audio_path(c: Clip, pace: str = "normal") -> Path:
    return audio_dir() / (f"{c.id}.mp3" if pace == "normal" else f"{c.id}.{pace}.mp3")


def known_clip(clip_id: str, clips: ClipRegistry | None = None) -> Clip | None:
    """The clip with this id, if the bot ever said its words: a catalog wording, or one the registry holds."""
    found = speakable().get(clip_id)
    if found is not None:
        return found
    try:
        text = (clips or registry()).find(clip_id)
    except sa.exc.SQLAlchemyError as exc:
        raise SpeechUnavailable("the store could not be read just now") from exc
    return text


def audio_file(c: Clip, pace: str = "normal", clips: ClipRegistry | None = None) -> Path:
    """The clip's MP3 at this pace, made now if it is not kept yet. Raises SpeechUnavailable when it cannot be
    made (nothing is kept then, so it is tried again next time)."""
    path = audio_path(c, pace)
    if path.exists():
        return path
    make(c, pace, clips)
    return path


def make(c: Clip, pace: str = "normal", clips: ClipRegistry | None = None) -> str:
    """Make the clip's MP3 at this pace (again, if it is kept already) and record it; returns the engine that
    made it ("gtts", "espeak-ng", or both joined with "+" for a message whose parts came from each)."""
    if pace not in PACES:
        raise ValueError(f"pace must be one of {', '.join(PACES)}, not {pace!r}")
    if not tts_url():
        raise SpeechUnavailable("speech is switched off: set SAYIT_TTS_URL (see the README)")
    clips = clips or registry()
    if c.parts:
        data, engine = _joined(c, pace, clips)
    else:
        data, engine = _speak(c, pace)
    _keep(audio_path(c, pace), data)
    try:
        clips.record_made(c, pace, engine)
    except sa.exc.SQLAlchemyError as exc:  # the audio is kept either way; only the record is missing
        log.warning("could not record which engine made a clip (%s)", type(exc).__name__)
    return engine


def _joined(c: Clip, pace: str, clips: ClipRegistry) -> tuple[bytes, str]:
    data, used = [], set()
    for part_id in c.parts:
        part = known_clip(part_id, clips)
        if part is None:
            raise SpeechUnavailable("a part of this message is no longer known; ask for the message again")
        path = audio_path(part, pace)
        engine = clips.engine_of(part.id, pace) if path.exists() else None
        if engine is None:
            engine = make(part, pace, clips)
        data.append(path.read_bytes())
        used.update(engine.split("+"))
    return b"".join(data), "+".join(sorted(used))


def _speak(c: Clip, pace: str) -> tuple[bytes, str]:
    """The words spoken by the first engine that can: Google's speech, else espeak-ng."""
    why = []
    for engine in engines():
        try:
            return (_google(c, pace) if engine == GTTS else _espeak(c, pace)), engine
        except SpeechUnavailable as exc:
            why.append(str(exc))
    raise SpeechUnavailable("; ".join(why) or "no speech engine is set up")


def _google(c: Clip, pace: str) -> bytes:
    url = tts_url()
    if UNREACHABLE.now(url):
        raise SpeechUnavailable(f"the speech service at {url} could not be reached a moment ago")
    try:
        with tempfile.SpooledTemporaryFile() as f:
            _TTSAt(c.text, c.lang, url, slow=pace == "slow").write_to_fp(f)
            f.seek(0)
            data = f.read()
    except (gTTSError, requests.RequestException, AssertionError) as exc:
        if isinstance(exc, gTTSError) and exc.rsp is None:  # no answer at all: leave the service alone a while
            UNREACHABLE.mark(url)
        log.warning("Google's speech did not make a clip (%s); trying espeak-ng", type(exc).__name__)
        raise SpeechUnavailable(f"the speech service at {url} did not answer properly; try again later") from exc
    if not seconds(data):
        raise SpeechUnavailable(f"the speech service at {url} sent no audio")
    return data


def _espeak(c: Clip, pace: str) -> bytes:
    try:
        data = espeak.mp3(c.text, c.lang, pace)
    except espeak.EspeakFailed as exc:
        raise SpeechUnavailable(str(exc)) from exc
    if not seconds(data):
        raise SpeechUnavailable("espeak-ng made no audio")
    return data


def _keep(path: Path, data: bytes) -> None:
    """Written beside the final name and renamed, so a half-made file is never served."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
