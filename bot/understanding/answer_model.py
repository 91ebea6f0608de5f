"""A guess for a scale reply the rules cannot code, and a second opinion on one they can, learnt from examples:
"Did you mean “Mostly”?".

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

A second opinion: where the rules code a reply of more than one phrase as a point and the model is at least DOUBTFUL
that it is something else, the reply is unclear and asked about (the model's point, or the rules' if the model's
reading is not a point): two readings that disagree are two meanings. Chosen the same way on 2026-12-07, before any
held-out set was measured with it (`sayit evaluate --left-out`: both models trained on every set but one tuned set,
which the whole coder then codes): over the four tuned sets, wrong codes fell from 39 to 32 of 4,399 and replies
right at once from 95.0% to 94.7% (right guesses 41 -> 49); at 0.6, 31 wrong and 94.5% right; at 0.8, 36 and 94.9%.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bot.understanding.example_sets import learnt_rows, left_out
from bot.understanding.learnt import LinearModel, train
from bot.vocabulary import Coded, Kind

CONFIDENT = 0.5
DOUBTFUL = 0.7  # at this, the model's other reading of a reply the rules coded makes the reply unclear
STRENGTH = 4.0


def label(row: dict) -> str:
    return str(row["value"]) if row["status"] == Coded.ANSWERED else str(row["control"] or row["status"])


def answer_model() -> LinearModel:
    """The model trained on every scale reply in bot/understanding/examples/ (but a set left out), once a process."""
    return _trained_without(left_out())


@cache
def _trained_without(left: Path | None) -> LinearModel:
    rows = [row for row in learnt_rows(left) if row["kind"] == Kind.SCALE]
    return train([row["text"] for row in rows], [label(row) for row in rows], STRENGTH)


def _likeliest(folded: str) -> tuple[str, float]:
    """The label the model finds likeliest for normalised text, and its probability."""
    chances = answer_model().probabilities(folded)
    best = max(chances, key=chances.__getitem__)
    return best, chances[best]


def likely_point(folded: str) -> int | None:
    """The point the model is confident normalised text gives, if it is."""
    best, chance = _likeliest(folded)
    return int(best) if best.isdecimal() and chance >= CONFIDENT else None


def doubts(folded: str, point: int) -> tuple[bool, int | None]:
    """Whether the model reads normalised text, which the rules coded as `point`, as something else with at least
    DOUBTFUL confidence; and then the point to ask about ("Did you mean ...?"): the model's if it is one, else the
    rules'."""
    best, chance = _likeliest(folded)
    if best == str(point) or chance < DOUBTFUL:
        return False, None
    return True, int(best) if best.isdecimal() else point
