"""The models learnt from the labelled replies (bot/understanding/learnt.py, concern_model.py, answer_model.py):
scored by hand exactly as scikit-learn scores them, trained only on the sets learnt from, catching in a sentence
what the word lists do not name, and guessing, never coding, what the rules cannot read."""

import os
from pathlib import Path

import scipy.sparse

from bot.understanding import answer_model, concern_model, reading
from bot.understanding.answer_model import likely_point
from bot.understanding.example_sets import (
    EXAMPLES,
    HELD_OUT_SETS,
    LABELLED,
    LEARNT_FROM,
    ORDINARY,
    learnt_rows,
    left_out,
    read_labelled,
)
from bot.understanding.learnt import fit, train
from bot.understanding.left_out import trained_without
from bot.understanding.lexicon import available_languages, load_lexicon
from bot.understanding.normalise import normalise
from bot.understanding.reading import Reading, code_reply
from bot.understanding.safeguarding import suggests_concern
from bot.vocabulary import Coded, Kind

# Not in any set learnt from, and named by no word list: fear of a person, in a child's words.
UNLISTED = "my mums boyfriend makes me sleep in the shed"


def listed(text):
    return any(suggests_concern(normalise(text), load_lexicon(lang)) for lang in available_languages())


def assert_scored_as_scikit_learn_scores(rows, labels):
    vectorisers, fitted = fit([r["text"] for r in rows], labels, 4.0)
    model = train([r["text"] for r in rows], labels, 4.0)
    texts = [normalise(row["text"]) for row in rows[::7]] + [normalise(UNLISTED), "", "zzzz qqqq"]
    features = scipy.sparse.hstack([v.transform(texts) for v in vectorisers]).tocsr()
    for text, expected in zip(texts, fitted.predict_proba(features), strict=True):
        got = model.probabilities(text)
        for label, want in zip(fitted.classes_, expected, strict=True):
            assert abs(got[str(label)] - want) < 1e-9, (text, label)


def test_a_reply_is_scored_by_hand_exactly_as_scikit_learn_scores_it():
    rows = read_labelled(LABELLED)
    assert_scored_as_scikit_learn_scores(rows, [str(r["concern"]) for r in rows])  # two labels: one score
    assert_scored_as_scikit_learn_scores(rows, [str(r["value"] or r["status"]) for r in rows])  # several: softmax


def test_they_learn_only_from_the_examples_never_from_a_held_out_set():
    assert HELD_OUT_SETS, "a held-out set is there to be kept out"
    assert all(path.is_relative_to(EXAMPLES) for path in LEARNT_FROM)
    assert not set(HELD_OUT_SETS) & set(LEARNT_FROM)
    learnt = {row["text"] for path in LEARNT_FROM for row in read_labelled(path)}
    assert UNLISTED not in learnt


def test_it_catches_a_disclosure_no_word_list_names():
    assert not listed(UNLISTED)
    assert concern_model.probability(normalise(UNLISTED)) >= concern_model.THRESHOLD
    reading = Reading(UNLISTED, "en")
    assert reading.concern
    assert reading.answer(Kind.FREE_TEXT).status == Coded.ANSWERED  # kept as the answer it is, and flagged


def test_ordinary_sentences_and_bare_answers_are_not_concerns():
    for text in ("the bus to school is always late", "i love my dog and my nan", "that test killed me",
                 "I'm dying to go on holiday", "I hurt my knee at football"):
        assert not Reading(text, "en").concern, text
    worrying = normalise(UNLISTED)  # a bare word or two is left to the word lists: the model reads sentences
    assert concern_model.worried_by(worrying, concern_model.MIN_WORDS)
    assert not concern_model.worried_by(worrying, concern_model.MIN_WORDS - 1)


def test_a_reply_the_rules_cannot_read_carries_the_models_guess_and_is_never_stored(monkeypatch):
    text = "course i do"  # no rule reads it, and no set learnt from holds it
    guess = likely_point(normalise(text))
    assert guess == 5
    coded = code_reply(text)
    assert (coded.status, coded.value, coded.guess) == (Coded.UNCLEAR, None, guess)  # asked about, not stored
    assert code_reply("the bus was late").guess is None  # nothing like an answer: no guess, asked again
    assert code_reply("mostly 😀").guess is None  # two points that disagree: unclear, never a guess
    monkeypatch.setattr(reading, "likely_point", lambda folded: None)
    assert code_reply(text).guess is None  # the guess was the model's, not the rules'


def test_an_answer_the_model_reads_otherwise_is_asked_about_not_stored(monkeypatch):
    text = "yes we are happy"  # the rules read "happy" as 4; the writers of the sets meant 5 by "yes ..."
    coded = code_reply(text)
    assert (coded.status, coded.value, coded.guess) == (Coded.UNCLEAR, None, 5)  # "Did you mean ...?"
    monkeypatch.setattr(answer_model, "DOUBTFUL", 1.01)  # a model never that sure: the rules' reading stands
    assert (code_reply(text).status, code_reply(text).value) == (Coded.ANSWERED, 4)
    # the model is sure "not one bit" and "almost never" are 2 and 1: a phrase the word list holds stands as it says
    monkeypatch.setattr(answer_model, "DOUBTFUL", 0.0)  # any disagreement doubts, but never one phrase or a face
    for one_phrase, point in (("not one bit", 1), ("almost never", 2), ("5", 5), (":)", 4)):
        coded = code_reply(one_phrase)
        assert (coded.status, coded.value) == (Coded.ANSWERED, point), one_phrase


def test_a_set_left_out_is_not_learnt_from_while_it_is_measured():
    before, left = concern_model.concern_model(), Path(os.path.relpath(ORDINARY[0]))  # written as a user would
    learnt = {row["text"] for row in learnt_rows()}
    with trained_without(left):
        rows = {row["text"] for row in learnt_rows(left_out())}
        assert {row["text"] for row in read_labelled(left)} & learnt - rows  # its replies are not learnt from
        assert concern_model.concern_model() is not before
    assert concern_model.concern_model() is before  # and afterwards the models are the ones trained on every set
