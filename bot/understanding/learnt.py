"""Models learnt from labelled replies, for what rules written by hand miss: the same kind of model as the Rasa NLU
pipeline's (config.yml), counts of character runs and words into a logistic regression, here from scikit-learn,
in bot/ so that `sayit evaluate` measures what runs.

A reply is cut into the runs of 2 to 5 characters inside each word (which carry across misspellings, inflections
and languages that share a script) and into its words and word pairs, each weighted by tf-idf. The model is fitted
once a process, when first asked; a reply is then scored by hand from its weights, a few dictionary look-ups,
rather than through scikit-learn's per-call machinery, which takes ten times as long.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy

from bot.understanding.normalise import is_punctuation, normalise

CHARACTERS = {"analyzer": "char_wb", "ngram_range": (2, 5), "min_df": 2}
NEGATED = 2  # words after a negator that it marks: "i dont feel safe" holds "~feel", "~safe", not "safe"


@cache
def negators() -> frozenset[str]:
    """Every language's one-word negators that come before what they turn round, and its bare noes."""
    from bot.understanding.lexicon import available_languages, load_lexicon
    found: set[str] = set()
    for lang in available_languages():
        lex = load_lexicon(lang)
        found |= {phrase[0] for phrase in lex.negators_before if len(phrase) == 1}
        found |= {phrase[0] for phrase in lex.yes_no if len(phrase) == 1 and lex.phrases.get(phrase) == ("scale", 1)}
    return frozenset(found)


def words_and_pairs(text: str) -> list[str]:
    """The words and word pairs of normalised text, each word a negator governs marked "~": bag-of-words is blind
    to "not", and "safe at home" must not learn from "not safe at home"."""
    marked, left, negating = [], 0, negators()
    for word in text.split():
        if is_punctuation(word):
            left = 0
            continue
        marked.append("~" + word if left else word)
        left = NEGATED if word in negating else max(left - 1, 0)
    return marked + [f"{a} {b}" for a, b in zip(marked, marked[1:], strict=False)]


WORDS = {"analyzer": words_and_pairs}


@dataclass(frozen=True)
class Block:
    """One kind of feature: how a text is cut into terms, each known term's row, and the rows' idf and weights
    (a column per score)."""
    terms_of: Callable[[str], list[str]]
    rows: dict[str, int]
    idf: numpy.ndarray
    weights: numpy.ndarray

    def add_to(self, scores: numpy.ndarray, text: str) -> None:
        """Adds this block's share of each score: its tf-idf vector (1 + log count, times idf, scaled to length one,
        as scikit-learn's TfidfVectorizer makes it) times the weights."""
        found = [(row, count) for term, count in Counter(self.terms_of(text)).items()
                 if (row := self.rows.get(term)) is not None]
        if not found:
            return
        rows = numpy.fromiter((row for row, _ in found), dtype=numpy.intp, count=len(found))
        counts = numpy.fromiter((count for _, count in found), dtype=float, count=len(found))
        values = (1.0 + numpy.log(counts)) * self.idf[rows]
        scores += (values / numpy.sqrt(values @ values)) @ self.weights[rows]


@dataclass(frozen=True)
class LinearModel:
    blocks: tuple[Block, ...]
    intercepts: tuple[float, ...]
    labels: tuple[str, ...]

    def probabilities(self, folded: str) -> dict[str, float]:
        """Each label's probability for normalised text (`bot.understanding.normalise`)."""
        scores = numpy.array(self.intercepts)
        for block in self.blocks:
            block.add_to(scores, folded)
        scores = scores.tolist()
        if len(self.labels) == 2:  # one score: the log-odds of the second label
            second = 1.0 / (1.0 + math.exp(-scores[0]))
            return {self.labels[0]: 1.0 - second, self.labels[1]: second}
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps, strict=True)}


def fit(texts: Sequence[str], labels: Sequence[str], strength: float, balanced: bool = False):
    """scikit-learn's vectorisers and logistic regression fitted to replies (each normalised as a reading
    normalises it) and their labels; `strength` is C, how little the fit is held back."""
    import scipy.sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    folded = [normalise(text) for text in texts]
    vectorisers = [TfidfVectorizer(sublinear_tf=True, **settings) for settings in (CHARACTERS, WORDS)]
    features = scipy.sparse.hstack([v.fit_transform(folded) for v in vectorisers]).tocsr()
    fitted = LogisticRegression(C=strength, class_weight="balanced" if balanced else None, max_iter=5000)
    fitted.fit(features, list(labels))
    return vectorisers, fitted


def train(texts: Sequence[str], labels: Sequence[str], strength: float, balanced: bool = False) -> LinearModel:
    """The fitted model's weights, to score a reply by hand."""
    vectorisers, fitted = fit(texts, labels, strength, balanced)
    coefficients, start, blocks = fitted.coef_, 0, []
    for vectoriser in vectorisers:
        idf = numpy.asarray(vectoriser.idf_, dtype=float)
        weights = numpy.ascontiguousarray(coefficients[:, start:start + len(idf)].T, dtype=float)
        rows = {str(term): int(i) for term, i in vectoriser.vocabulary_.items()}
        blocks.append(Block(vectoriser.build_analyzer(), rows, idf, weights))
        start += len(idf)
    return LinearModel(tuple(blocks), tuple(float(b) for b in fitted.intercept_),
                       tuple(str(label) for label in fitted.classes_))
