"""A guess for a scale reply the rules cannot code, learnt from examples: "Did you mean “Mostly”?".

When the coder's rules find no point at all in a reply to a scale question (one that gives two that disagree is
unclear, never a guess), the reply is asked of a model (`bot.understanding.learnt`) trained on every labelled scale
reply in `bot/understanding/examples/` (its labels: the point, or unclear, skipped, don't know, or the control). If
the model is at least CONFIDENT that the reply gives one point, that point becomes the coding's guess: the
conversation asks "Did you mean ...?" with yes and no, and stores nothing until the person says yes. The model never
codes a reply by itself.

Its settings were chosen by training on all but one tuned set and testing on the one left out, before the
2026-12-08 held-out set was measured: of the replies in which the rules found no point, left out tuned_2026-12-06 /
tuned_2026-12-07, at 0.5 the model's guess was right for 11 of 17 / 9 of 50 and wrong (a "no" to tap) for none
(at 0.4, 11 / 10 right and 1 / 2 wrong; C = 4, since at C = 16 it was wrong more often).
"""

from __future__ import annotations

from functools import cache

from bot.understanding.example_sets import learnt_rows
from bot.understanding.learnt import LinearModel, train
from bot.vocabulary import Coded, Kind

CONFIDENT = 0.5
STRENGTH = 4.0


def label(row: dict) -> str:
    return str(row["value"]) if row["status"] == Coded.ANSWERED else str(row["control"] or row["status"])


@cache
def answer_model() -> LinearModel:
    """The model trained on every scale reply in bot/understanding/examples/, once a process."""
    rows = [row for row in learnt_rows() if row["kind"] == Kind.SCALE]
    return train([row["text"] for row in rows], [label(row) for row in rows], STRENGTH)


def likely_point(folded: str) -> int | None:
    """The point the model is confident normalised text gives, if it is."""
    chances = answer_model().probabilities(folded)
    best = max(chances, key=chances.__getitem__)
    return int(best) if best.isdecimal() and chances[best] >= CONFIDENT else None
