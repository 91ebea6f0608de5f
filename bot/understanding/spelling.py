"""Spelling: a word the word lists do not hold, read as the known word it is nearest (rule 4 of
`bot.understanding.coder`), with rapidfuzz's optimal string alignment distance, so a swapped pair of letters is one
edit. The distance allowed grows with the word; a short word is never corrected, because it is too often another
real word ("hope" is not "nope")."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.understanding.lexicon import MIN_CORRECTED, Lexicon, load_lexicon
from bot.understanding.phrases import SWITCHED_TO

DOUBLED = re.compile(r"(.)\1")
# words looked up and remembered: a bound, as they come from what people type and a server runs for months
NEAREST_KEPT = 4096


def _allowed_edits(word: str) -> int:
    return 0 if len(word) < MIN_CORRECTED else 1 if len(word) <= 7 else 2


@lru_cache(maxsize=NEAREST_KEPT)
def _nearest(word: str, lang: str, extra: int) -> str | None:
    """The known word `word` is nearest, within its allowed edits (plus `extra`), starting with its letter; None if
    there is none, or two as near that mean different things."""
    lex = load_lexicon(lang)
    single = DOUBLED.sub(r"\1", word)
    if single in lex.known:
        return single  # "yeahh", "mostlyy", "okk": a doubled letter for feeling
    limit = _allowed_edits(word) + extra if len(word) >= MIN_CORRECTED - extra else 0
    if not limit:
        return None
    matches = process.extract(word, lex.spelling_targets, scorer=OSA.distance, score_cutoff=limit, limit=None)
    found = [(target, distance) for target, distance, _ in matches if target[0] == word[0]]
    if not found:
        return None
    best = min(distance for _, distance in found)
    nearest = [target for target, distance in found if distance == best]
    # as near two words is fine if they mean the same ("rarely", "rarley"), never if they differ
    meanings = {lex.phrases.get((target,), ("word", target)) for target in nearest}
    return nearest[0] if len(meanings) == 1 else None


def corrected(words: tuple[str, ...], lex: Lexicon, extra: int = 0) -> tuple[str, ...]:
    """Each word the lists do not hold, corrected to the known word it is nearest (rule 4), after two words typed
    apart are joined where together they are a word the lists hold ("sum times"), and a word written for one that
    sounds the same is read as that one ("knot really"; "know" said first, "know im scared")."""
    words = _sounds_like(_joined(words, lex), lex)
    english = load_lexicon(SWITCHED_TO).known  # an English word in a mixed reply is itself: "think" is not "thik"
    return tuple(w if w in lex.known or w in english or not w.isalpha() else _nearest(w, lex.lang, extra) or w
                 for w in words)


def _joined(words: tuple[str, ...], lex: Lexicon) -> tuple[str, ...]:
    """Two words joined where one of them is not a word the lists hold and together they are ("sum times")."""
    out: list[str] = []
    for word in words:
        if out and (out[-1] not in lex.known or word not in lex.known) and out[-1] + word in lex.spelling_targets_set:
            out[-1] += word
        else:
            out.append(word)
    return tuple(out)


def _sounds_like(words: tuple[str, ...], lex: Lexicon) -> tuple[str, ...]:
    """Words the lists do not hold read as the ones they sound like (the word list's `sounds_like`)."""
    if not words or not (lex.sounds_like or lex.sounds_like_first):
        return words
    heard = tuple(w if w in lex.known else lex.sounds_like.get(w, w) for w in words)
    return (lex.sounds_like_first.get(words[0], heard[0]), *heard[1:])
