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
