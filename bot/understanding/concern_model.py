"""A second opinion for safeguarding, learnt from examples rather than listed.

The rules in `bot.understanding.safeguarding` catch what their word lists name. Replies written by people who had
never seen those lists showed that children say they are frightened in words no list holds, so a reply the rules
let pass is also asked of a model trained on every labelled reply in `bot/understanding/examples/` (disclosures
and ordinary replies, in every language; never on the held-out sets in tests/data). It reads the letters of the
words (runs of 2 to 5 characters inside each word, which carry across misspellings, inflections and languages
that share a script) and the words and word pairs, weighted by tf-idf, into a logistic regression: the same kind
of model as the Rasa NLU pipeline's (config.yml), here from scikit-learn, in bot/ so that `sayit evaluate`
measures what runs.

Its settings were chosen before the 2026-12-07 held-out set was measured, by training on all but one tuned set and
testing on the one left out: left out tuned_2026-12-05 / tuned_2026-12-06, at a probability of 0.6 the model alone
caught 68% / 83% of disclosures with 2.1% / 1.6% false alarms (tuned_2026-12-06 was then the newest and most like
children's own words).

Only a reply of at least MIN_WORDS words is asked: a disclosure is a sentence, and a bare answer is not one. The
model is trained the first time it is asked (a second or two, once a process), and a reply is then scored by hand
from its weights, a few dictionary look-ups, rather than through scikit-learn's per-call machinery, which takes ten
times as long.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from bot.understanding.example_sets import LEARNT_FROM, read_labelled
from bot.understanding.normalise import normalise

THRESHOLD = 0.6  # the probability at which a reply is a concern
MIN_WORDS = 3
CHARACTERS = {"analyzer": "char_wb", "ngram_range": (2, 5), "min_df": 2}
WORDS = {"analyzer": "word", "ngram_range": (1, 2), "token_pattern": r"\S+"}
STRENGTH = 16.0  # logistic regression's C: how little it is held back from fitting the examples


@dataclass(frozen=True)
class Block:
    """One kind of feature: how a text is cut into terms, and each known term's idf and weight."""
    terms_of: Callable[[str], list[str]]
    weights: dict[str, tuple[float, float]]

    def score(self, text: str) -> float:
        """This block's share of the model's log-odds: its tf-idf vector (1 + log count, times idf, scaled to
        length one, as scikit-learn's TfidfVectorizer makes it) times the weights."""
        square = dot = 0.0
        for term, count in Counter(self.terms_of(text)).items():
            known = self.weights.get(term)
            if known is not None:
                value = (1.0 + math.log(count)) * known[0]
                square += value * value
                dot += value * known[1]
        return dot / math.sqrt(square) if square else 0.0


@dataclass(frozen=True)
class ConcernModel:
    blocks: tuple[Block, ...]
    intercept: float

    def probability(self, folded: str) -> float:
        """How likely the model thinks normalised text (`bot.understanding.normalise`) is a disclosure."""
        log_odds = self.intercept + sum(block.score(folded) for block in self.blocks)
        return 1.0 / (1.0 + math.exp(-log_odds))

    def worried_by(self, folded: str, words: int) -> bool:
        return words >= MIN_WORDS and self.probability(folded) >= THRESHOLD


def fit(examples: Iterable[dict]):
    """scikit-learn's vectorisers and logistic regression fitted to labelled replies ({"text", "concern"}), each
    normalised as a reading normalises it."""
    import scipy.sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = list(examples)
    texts = [normalise(row["text"]) for row in rows]
    vectorisers = [TfidfVectorizer(sublinear_tf=True, **settings) for settings in (CHARACTERS, WORDS)]
    features = scipy.sparse.hstack([v.fit_transform(texts) for v in vectorisers]).tocsr()
    fitted = LogisticRegression(C=STRENGTH, class_weight="balanced", max_iter=5000)
    fitted.fit(features, [bool(row["concern"]) for row in rows])
    return vectorisers, fitted


def train(examples: Iterable[dict]) -> ConcernModel:
    """The fitted model's weights, to score a reply by hand."""
    vectorisers, fitted = fit(examples)
    coefficients, start, blocks = fitted.coef_[0], 0, []
    for vectoriser in vectorisers:
        idf = vectoriser.idf_
        weights = {term: (float(idf[i]), float(coefficients[start + i])) for term, i in vectoriser.vocabulary_.items()}
        blocks.append(Block(vectoriser.build_analyzer(), weights))
        start += len(idf)
    return ConcernModel(tuple(blocks), float(fitted.intercept_[0]))


@cache
def concern_model() -> ConcernModel:
    """The model trained on every set in bot/understanding/examples/, once a process."""
    return train(row for path in LEARNT_FROM for row in read_labelled(path))
