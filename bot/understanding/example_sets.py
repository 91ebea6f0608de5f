"""The labelled replies the coder learns from, and the ones it is only ever measured on.

`bot/understanding/examples/` holds the sets learnt from: the coder's word lists were tuned on them and its concern
model (`bot.understanding.concern_model`) is trained on them. `tests/data/heldout_*/` holds the sets it is measured
on and never learns from; once one has been read for tuning it moves here and is renamed `tuned_<date>`.
Each line is one reply: {"lang", "kind", "text", "status", "value", "control", "concern"}.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from bot.settings import PROJECT_ROOT

EXAMPLES = Path(__file__).parent / "examples"
LABELLED = EXAMPLES / "labelled_replies.jsonl"
# Written after the coder was tuned on LABELLED, and looked at since: tuned on now, like LABELLED.
HELD_OUT = EXAMPLES / "heldout_replies.jsonl"
# Held-out sets once looked at for tuning (each README says when): tuned on now, like LABELLED.
TUNED_SETS = tuple(sorted(EXAMPLES.glob("tuned_*/replies.jsonl")))
# Ordinary sentences about home, family and the adults around a child, written so that the concern model does not
# learn that a sentence about home is a disclosure (most sentences about home in the other sets are).
ORDINARY = tuple(sorted((EXAMPLES / "ordinary").glob("*.jsonl")))
LEARNT_FROM = (LABELLED, HELD_OUT, *TUNED_SETS, *ORDINARY)
# Written by helpers given only the questions and scales, before the coder was changed for them: measured, never
# tuned on (each folder's README says who wrote it and from what).
HELD_OUT_SETS = tuple(sorted((PROJECT_ROOT / "tests" / "data").glob("heldout_*/replies.jsonl")))


def read_labelled(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


LEFT_OUT: list[Path] = []  # a set the models are trained without, while `bot.understanding.left_out` measures it


def left_out() -> Path | None:
    return LEFT_OUT[-1] if LEFT_OUT else None


@cache
def learnt_rows(left: Path | None = None) -> tuple[dict, ...]:
    """Every labelled reply in LEARNT_FROM but the set `left` out, for the models trained on them."""
    return tuple(row for path in LEARNT_FROM if path.resolve() != left for row in read_labelled(path))


def set_name(path: Path) -> str:
    """A labelled set's name: its file's, or its folder's for a held-out set (heldout_2026-12-05/replies.jsonl)."""
    return path.parent.name if path.stem == "replies" else path.stem
