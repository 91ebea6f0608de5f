"""Audio as a recogniser hears it: whatever container and codec ffmpeg reads (WAV, OGG/Opus from Telegram,
WebM/Opus from a browser's MediaRecorder, MP3) made into 16 kHz mono 16-bit PCM, with its size and length capped
before and after."""

from __future__ import annotations

import shutil
import subprocess

from bot.listening.heard import CannotListen

SAMPLE_RATE = 16_000
BYTES_PER_SECOND = SAMPLE_RATE * 2
MAX_SECONDS = 30
# 30 s of uncompressed 48 kHz stereo is 5.8 MB; a voice note of that length in Opus is under 200 kB
MAX_BYTES = 6 * 1024 * 1024
FFMPEG_SECONDS = 20  # a file that takes ffmpeg longer than this to read is not a voice note


def to_pcm16k(audio: bytes) -> bytes:
    """The audio as 16 kHz mono 16-bit little-endian PCM, or CannotListen with a message for the person."""
    if not audio:
        raise CannotListen("That voice message was empty. Please record it again, or type your answer.")
    if len(audio) > MAX_BYTES:
        raise CannotListen(f"That voice message is too long for me. Please keep it under {MAX_SECONDS} seconds, "
                           "or type your answer.")
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise CannotListen("I cannot listen to voice messages here yet (ffmpeg is not installed: "
                           "scripts/setup.sh installs it). Please type your answer.")
    # read from stdin, stop a little past the cap, and never a shell: the bytes came from outside
    command = [ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-i", "pipe:0", "-t", str(MAX_SECONDS + 1),
               "-vn", "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1"]
    try:
        done = subprocess.run(command, input=audio, capture_output=True, timeout=FFMPEG_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise CannotListen("That voice message took too long to open. Please record it again, or type your "
                           "answer.") from exc
    if done.returncode != 0 or not done.stdout:
        raise CannotListen("I could not play that voice message. Please record it again, or type your answer.")
    if len(done.stdout) > MAX_SECONDS * BYTES_PER_SECOND:
        raise CannotListen(f"That voice message is longer than {MAX_SECONDS} seconds. Please say just your answer, "
                           "or type it.")
    return done.stdout
