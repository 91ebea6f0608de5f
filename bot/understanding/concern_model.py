"""A second opinion for safeguarding, learnt from examples rather than listed.

The rules in `bot.understanding.safeguarding` catch what their word lists name. Replies written by people who had
never seen those lists showed that children say they are frightened in words no list holds, so a sentence the
rules let pass is also asked of a model (`bot.understanding.learnt`) trained on every labelled reply in
`bot/understanding/examples/` (disclosures and ordinary replies, in every language, and ordinary sentences about
home and family written so that it does not learn that a sentence about home is a disclosure); never on the
held-out sets in tests/data. Its classes are weighted to balance, since disclosures are few.

Its settings were chosen before the 2026-12-07 held-out set was measured, by training on all but one tuned set and
testing on the one left out: left out tuned_2026-12-05 / tuned_2026-12-06, at a probability of 0.6 the model alone
caught 68% / 83% of disclosures with 2.1% / 1.6% false alarms.

Only a reply of at least MIN_WORDS words (marks not counted) is asked: a disclosure is a sentence, and a bare answer
is not one. Left out in turn (`sayit evaluate --left-out`), the tuned sets' replies of three words the rules let pass
that the model flagged were six ordinary ones ("NIE MA NIKT", "ما في حدا") and no disclosure; at four, two
disclosures ("NO. SAD. WANT DIE") and two ordinary.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bot.understanding.example_sets import learnt_rows, left_out
from bot.understanding.learnt import LinearModel, train

THRESHOLD = 0.6  # the probability at which a reply is a concern
MIN_WORDS = 4
STRENGTH = 16.0  # logistic regression's C: how little it is held back from fitting the examples
CONCERN = "True"


def examples(left: Path | None = None) -> tuple[list[str], list[str]]:
    rows = learnt_rows(left)
    return [row["text"] for row in rows], [str(bool(row["concern"])) for row in rows]


def concern_model() -> LinearModel:
    """The model trained on every set in bot/understanding/examples/ (but one left out), once a process."""
    return _trained_without(left_out())


@cache
def _trained_without(left: Path | None) -> LinearModel:
    return train(*examples(left), STRENGTH, balanced=True)


def probability(folded: str) -> float:
    """How likely the model thinks normalised text is a disclosure."""
    return concern_model().probabilities(folded)[CONCERN]


def worried_by(folded: str, words: int) -> bool:
    return words >= MIN_WORDS and probability(folded) >= THRESHOLD
