"""How often one sender, or one address, may write: so one number cannot flood the bot or a council's SMS bill.

A sliding minute per key. Beyond the limit, the first refused message gets a kind "please wait" (`TELL`) and the
rest of that minute's are dropped quietly (`QUIET`), so a flood is not answered message for message.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from enum import Enum

WINDOW = 60.0
MAX_KEYS = 100_000  # beyond this many senders in a minute, keys that have gone quiet are forgotten first


class Verdict(str, Enum):
    ALLOW = "allow"
    TELL = "tell"
    QUIET = "quiet"


class RateLimit:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.per_minute, self.clock = per_minute, clock
        self.seen: dict[str, deque[float]] = {}
        self.told: dict[str, float] = {}

    def verdict(self, key: str) -> Verdict:
        now = self.clock()
        hits = self.seen.setdefault(key, deque())
        while hits and hits[0] <= now - WINDOW:
            hits.popleft()
        if len(hits) < self.per_minute:
            hits.append(now)
            self._forget_quiet_keys(now)
            return Verdict.ALLOW
        if self.told.get(key, -WINDOW) > now - WINDOW:
            return Verdict.QUIET
        self.told[key] = now
        return Verdict.TELL

    def _forget_quiet_keys(self, now: float) -> None:
        if len(self.seen) <= MAX_KEYS:
            return
        self.seen = {k: h for k, h in self.seen.items() if h and h[-1] > now - WINDOW}
        self.told = {k: t for k, t in self.told.items() if t > now - WINDOW}
