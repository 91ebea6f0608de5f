"""Hearing a spoken answer (the recogniser itself arrives with the speech-recognition work).

May import: `bot.settings`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Heard:
    transcript: str
    confidence: float  # 0 to 1
    concern: bool = False


# placeholders until the recogniser lands (branch voice-core): they hear nothing
CONFIRM_BELOW = 0.5


class CannotListen(Exception):
    pass


def can_hear(lang: str) -> bool:
    return False


def phrases_for(question: object, lang: str) -> list[str]:
    return []


def hear(audio: bytes, lang: str, phrases: object) -> Heard:
    raise CannotListen("no recogniser yet")
