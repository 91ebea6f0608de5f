"""Rasa's training examples in every language (bot/running/nlu_examples.py), made from the coder's word lists."""

import yaml

from bot.running import nlu_examples
from bot.translation.languages import supported
from bot.understanding.lexicon import word_list


def test_the_committed_examples_match_the_word_lists():
    assert nlu_examples.GENERATED.read_text(encoding="utf-8") == nlu_examples.render(), (
        "data/nlu_languages.yml is out of date: run `sayit nlu`")


def test_every_language_teaches_every_control_and_a_greeting():
    examples = {block["intent"]: block["examples"] for block in
                yaml.safe_load(nlu_examples.GENERATED.read_text(encoding="utf-8"))["nlu"]}
    for lang in supported():
        words = word_list(lang)
        for intent, control in nlu_examples.CONTROL_INTENTS.items():
            taught = [w for w in words["controls"][control] if f"- {w}\n" in examples[intent]]
            assert len(taught) >= 3, (lang, intent)
        assert any(f"- {w}\n" in examples["greet"] for w in words["greetings"]), lang


def test_a_phrase_two_intents_claim_teaches_neither():
    examples = nlu_examples.examples()
    seen: dict[str, str] = {}
    for intent, texts in examples.items():
        for text in texts:
            assert seen.setdefault(text.lower(), intent) == intent, text
