"""Rasa's training examples in every supported language, written from the coder's word lists, so Rasa
understands the controls and greetings in each language and a new language needs no hand-written NLU.

`sayit nlu` writes `data/nlu_languages.yml`; a test checks it matches the word lists. English also has the
hand-written sentences in `data/nlu.yml`. A phrase that two intents claim is left out of both: an example
must never teach Rasa two answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from bot.settings import PROJECT_ROOT
from bot.translation.languages import endonym, supported
from bot.understanding.lexicon import scale_words, word_list
from bot.vocabulary import CONTROL_INTENTS

HAND_WRITTEN = PROJECT_ROOT / "data" / "nlu.yml"
GENERATED = PROJECT_ROOT / "data" / "nlu_languages.yml"
# enough for the classifier to learn each language's words, few enough to keep training in seconds
PER_INTENT = 24
HEADER = ("# Written by `sayit nlu` from the word lists in bot/understanding/word_lists/<lang>.yml: edit those,\n"
          "# then run `sayit nlu`. Rasa's intents route a turn and break ties; the coder\n"
          "# (bot/understanding/coder.py) decides what a reply means.\n")


def _phrases(lang: str) -> Iterator[tuple[str, str]]:
    """(intent, example) pairs for one language, in the word list's order."""
    words = word_list(lang)
    for intent, control in CONTROL_INTENTS.items():
        yield from ((intent, w) for w in words["controls"][control][:PER_INTENT])
    yield from (("greet", w) for w in words["greetings"])
    yield from (("skip", w) for w in words["skip"][:PER_INTENT])
    yield from (("dont_know", w) for w in words["dont_know"][:PER_INTENT])
    roles = [w for role in words["roles"].values() for w in role if "_" not in str(w)]
    yield from (("choose_role", w) for w in roles[:PER_INTENT])
    scale = [str(w) for points in scale_words(words).values() for w in points[:5]]
    yield from (("answer", w) for w in scale[:PER_INTENT])
    yield from (("choose_language", w) for w in words["language_names"])
    yield ("choose_language", endonym(lang))


def examples() -> dict[str, list[str]]:
    """Every language's examples by intent, without phrases the hand-written file or another intent claims."""
    hand = yaml.safe_load(HAND_WRITTEN.read_text(encoding="utf-8"))["nlu"]
    claimed: dict[str, set[str]] = {}
    for block in hand:
        for line in block["examples"].splitlines():
            claimed.setdefault(line.removeprefix("- ").strip().lower(), set()).add(block["intent"])
    written = set(claimed)
    found: dict[str, list[str]] = {}
    for lang in supported():
        for intent, phrase in _phrases(lang):
            text = str(phrase).strip()
            claimed.setdefault(text.lower(), set()).add(intent)
            if text not in found.setdefault(intent, []):
                found[intent].append(text)
    return {intent: [t for t in texts if claimed[t.lower()] == {intent} and t.lower() not in written]
            for intent, texts in found.items()}


def render() -> str:
    blocks = []
    for intent, texts in examples().items():
        lines = "".join(f"    - {t}\n" for t in texts)
        blocks.append(f"- intent: {intent}\n  examples: |\n{lines}")
    return f'version: "3.1"\n\n{HEADER}nlu:\n' + "\n".join(blocks)


def write(path: Path = GENERATED) -> int:
    """Write the examples; return how many."""
    text = render()
    path.write_text(text, encoding="utf-8")
    return text.count("\n    - ")
