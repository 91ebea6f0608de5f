"""Leave one set out: each tuned set coded by the whole coder with both learnt models trained on every other set.

The word lists were tuned on these sets, so the figures flatter the rules; but the models never saw the set they
code, which is how their settings (thresholds, C) are chosen without spending a held-out set.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from bot.understanding import example_sets
from bot.understanding.evaluate import Report, evaluate


@contextmanager
def trained_without(path: Path) -> Iterator[None]:
    """The models, within this block, as trained without the set at `path`."""
    example_sets.LEFT_OUT.append(path.resolve())  # as LEARNT_FROM names it, however the caller wrote it
    try:
        yield
    finally:
        example_sets.LEFT_OUT.pop()


def evaluate_left_out(paths: Sequence[Path] = example_sets.TUNED_SETS) -> dict[str, Report]:
    reports = {}
    for number, path in enumerate(paths, 1):
        name = example_sets.set_name(path)
        print(f"[evaluate --left-out] {number}/{len(paths)}: training without {name}, then coding it",
              file=sys.stderr, flush=True)
        with trained_without(path):
            reports[name] = evaluate(path)
    return reports
