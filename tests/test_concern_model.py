"""The concern model (bot/understanding/concern_model.py): scored by hand exactly as scikit-learn scores it, trained
only on the sets learnt from, and catching in a sentence what the word lists do not name."""

import scipy.sparse

from bot.understanding.concern_model import MIN_WORDS, THRESHOLD, concern_model, fit, train
from bot.understanding.example_sets import EXAMPLES, HELD_OUT_SETS, LABELLED, LEARNT_FROM, read_labelled
from bot.understanding.lexicon import available_languages, load_lexicon
from bot.understanding.normalise import normalise
from bot.understanding.reading import Reading
from bot.understanding.safeguarding import suggests_concern
from bot.vocabulary import Coded, Kind

# Not in any set learnt from, and named by no word list: fear of a person, in a child's words.
UNLISTED = "my uncle makes me feel weird when we are alone"


def listed(text):
    return any(suggests_concern(normalise(text), load_lexicon(lang)) for lang in available_languages())


def test_a_reply_is_scored_by_hand_exactly_as_scikit_learn_scores_it():
    rows = read_labelled(LABELLED)
    vectorisers, fitted = fit(rows)
    model = train(rows)
    texts = [normalise(row["text"]) for row in rows[::7]] + [normalise(UNLISTED), "", "zzzz qqqq"]
    features = scipy.sparse.hstack([v.transform(texts) for v in vectorisers]).tocsr()
    expected = fitted.predict_proba(features)[:, 1]
    for text, want in zip(texts, expected, strict=True):
        assert abs(model.probability(text) - want) < 1e-9, text


def test_it_learns_only_from_the_examples_never_from_a_held_out_set():
    assert HELD_OUT_SETS, "a held-out set is there to be kept out"
    assert all(path.is_relative_to(EXAMPLES) for path in LEARNT_FROM)
    assert not set(HELD_OUT_SETS) & set(LEARNT_FROM)
    learnt = {row["text"] for path in LEARNT_FROM for row in read_labelled(path)}
    assert UNLISTED not in learnt


def test_it_catches_a_disclosure_no_word_list_names():
    assert not listed(UNLISTED)
    assert concern_model().probability(normalise(UNLISTED)) >= THRESHOLD
    reading = Reading(UNLISTED, "en")
    assert reading.concern
    assert reading.answer(Kind.FREE_TEXT).status == Coded.ANSWERED  # kept as the answer it is, and flagged


def test_ordinary_sentences_and_bare_answers_are_not_concerns():
    for text in ("the bus to school is always late", "i love my dog and my nan", "that test killed me",
                 "I'm dying to go on holiday", "I hurt my knee at football"):
        assert not Reading(text, "en").concern, text
    worrying = normalise(UNLISTED)  # a bare word or two is left to the word lists: the model reads sentences
    assert concern_model().worried_by(worrying, MIN_WORDS)
    assert not concern_model().worried_by(worrying, MIN_WORDS - 1)
