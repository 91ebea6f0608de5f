"""What the coder made of a reply: its status, the point or control it gave, whether it worries us, and a guess to
confirm."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from bot.vocabulary import Coded


@dataclass(frozen=True)
class Coding:
    status: Coded
    value: int | None = None
    control: str | None = None
    concern: bool = False
    # with status unclear: the point the reply most likely meant, to be confirmed before anything is stored
    guess: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)
