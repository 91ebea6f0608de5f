"""Making many clips ahead of time (`sayit media build`): each clip at each pace asked for, skipping what is kept
already, counting what each engine made and, by language, what could not be made and why."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bot.media import tts
from bot.media.speech import Clip
from bot.store.clips import ClipRegistry


@dataclass
class Built:
    asked: int = 0
    kept: int = 0  # made before, so left as it was
    made: Counter[str] = field(default_factory=Counter)  # by engine
    failed: Counter[str] = field(default_factory=Counter)  # by language
    why: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))  # by language, by reason

    @property
    def made_any(self) -> bool:
        return sum(self.made.values()) > 0

    @property
    def nothing_to_do(self) -> bool:
        return self.kept == self.asked


def in_order(clips: Iterable[Clip]) -> list[Clip]:
    """Each clip once, a message in parts after all the single clips, so its parts are made (and counted) first."""
    unique = {c.id: c for c in clips}
    return sorted(unique.values(), key=lambda c: bool(c.parts))


def build(clips: list[Clip], paces: tuple[str, ...], registry: ClipRegistry, remake: frozenset[str] = frozenset(),
          progress: Callable[[int, int], None] | None = None, jobs: int = 1) -> Built:
    """Make every clip at every pace unless it is kept already (or was made by an engine in `remake`, say
    espeak-ng once Google's speech can be reached again), `jobs` at a time: single clips first, then the
    messages put together from them."""
    built = Built(asked=len(clips) * len(paces))
    done = 0

    def one(c: Clip, pace: str) -> str | tts.SpeechUnavailable | None:
        if tts.audio_path(c, pace).exists() and not (remake and registry.engine_of(c.id, pace) in remake):
            return None
        try:
            return tts.make(c, pace, registry)
        except tts.SpeechUnavailable as exc:
            return exc

    with ThreadPoolExecutor(max(1, jobs)) as pool:
        for pace in paces:
            for group in ([c for c in clips if not c.parts], [c for c in clips if c.parts]):
                for c, outcome in zip(group, pool.map(one, group, [pace] * len(group)), strict=True):
                    if outcome is None:
                        built.kept += 1
                    elif isinstance(outcome, tts.SpeechUnavailable):
                        built.failed[c.lang] += 1
                        built.why[c.lang][str(outcome)] += 1
                    else:
                        built.made[outcome] += 1
                    done += 1
                    if progress:
                        progress(done, built.asked)
    return built
