"""Progress for anything a person waits on: a live counter on a terminal, a line every few seconds in a log."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, what: str, every: float = 10.0):
        self.what = what
        self.every = every
        self.started = time.monotonic()
        self.shown = -every
        self.tty = sys.stdout.isatty()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def tick(self, what: str | None = None) -> None:
        self.what = what or self.what
        if self.tty:
            print(f"\r\033[K  {self.what}... {self.elapsed:4.0f} s", end="", flush=True)
        elif self.elapsed - self.shown >= self.every:
            self.shown = self.elapsed
            print(f"  {self.what}... {self.elapsed:.0f} s", flush=True)

    def done(self) -> float:
        if self.tty:
            print(flush=True)
        return self.elapsed
