"""What a recogniser gives back (`Heard`), the protocol a recogniser implements (`Recogniser`), and the one error
hearing raises (`CannotListen`), whose message can be shown to the person as it is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

# Below this confidence the dialogue asks "I heard 'sometimes'. Is that right?". Calibrated with
# `sayit evaluate --voice` (README, "Answering by voice"): most clips heard right are above it, most heard wrong below.
CONFIRM_BELOW = 0.5


@dataclass(frozen=True)
class Heard:
    transcript: str
    confidence: float  # 0..1
    # a safeguarding phrase was spotted, whether or not the transcript says it
    concern: bool = False


class CannotListen(Exception):
    """Audio that cannot be heard: unreadable, too long, or in a language no recogniser serves. The message says
    kindly what to do instead."""


@runtime_checkable
class Recogniser(Protocol):
    """A speech recogniser for one language: hears 16 kHz mono 16-bit little-endian PCM, constrained (as far as it
    can be) to the phrases the question expects. A class named in SAYIT_SPEECH_ENGINES is made with that entry's
    options as keyword arguments (strings)."""

    def recognise(self, pcm16k: bytes, phrases: Sequence[str]) -> Heard: ...
