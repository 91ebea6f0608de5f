"""A council's own recogniser, as SAYIT_SPEECH_ENGINES names one (`en=tests.scripted_recogniser:Scripted?...`):
it hears what its options say, so a test of the conversation can choose how sure the recogniser is. It is handed
the real audio, converted by ffmpeg, and refuses to answer without it."""

from __future__ import annotations

from collections.abc import Sequence

from bot.listening import Heard


class Scripted:
    def __init__(self, transcript: str = "", confidence: str = "0.9", concern: str = "0"):
        self.transcript, self.confidence, self.concern = transcript.replace("+", " "), float(confidence), concern
        self.heard_phrases: list[Sequence[str]] = []

    def recognise(self, pcm16k: bytes, phrases: Sequence[str]) -> Heard:
        if len(pcm16k) < 3200:  # 0.1 s of 16 kHz 16-bit speech
            raise AssertionError("the recogniser was given no audio")
        self.heard_phrases.append(phrases)
        return Heard(self.transcript, self.confidence, self.concern == "1")
