"""The safeguarding patterns of the word lists (`concern`, not `concern_in_writing`, in
`bot/understanding/word_lists/<lang>.yml`) as the
phrases they match, for a recogniser to listen for: a recogniser spots words, it cannot run a regular expression.

A pattern's alternatives and optional parts are spelled out ("hits me", "hurts me", "scared at home" ...); a
pattern that matches the start of words ("suicid") or anything in between (".*") gives no phrase, and neither
does a phrase too long to spot reliably.
"""

from __future__ import annotations

import sre_constants as c  # the standard library's parser of regular expressions (re._parser from 3.11)
import sre_parse
from functools import cache
from itertools import product
from typing import Any

from bot.understanding.lexicon import load_lexicon
from bot.understanding.normalise import normalise, tokens
from bot.understanding.safeguarding import suggests_concern

LONGEST = 6  # words: a keyphrase longer than this is seldom spotted whole
SPACE = {(c.CATEGORY, c.CATEGORY_SPACE)}


class Unspellable(Exception):
    """A part of a pattern that stands for no fixed words."""


def _spell(parsed: Any) -> set[str]:
    """Every text a parsed pattern matches, or Unspellable."""
    texts = {""}
    for op, arg in parsed:
        if op is c.LITERAL:
            options = {chr(arg)}
        elif op is c.AT:
            options = {""}  # \b: a word boundary, which the spaces between words already are
        elif op is c.IN:
            options = {" " if item in SPACE else chr(item[1]) for item in arg if item in SPACE or item[0] is c.LITERAL}
            if len(options) != len(arg):
                raise Unspellable(arg)
        elif op is c.SUBPATTERN:
            options = _spell(arg[-1])
        elif op is c.BRANCH:
            options = set().union(*(_spell(branch) for branch in arg[1]))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, high, item = arg
            once = _spell(item)
            if low == 0 and high == 1:
                options = once | {""}
            elif all(text.strip() == "" for text in once):
                options = {" "} if low else {"", " "}  # \s+ and \s*: one space, or none
            else:
                raise Unspellable(arg)
        else:
            raise Unspellable(op)
        texts = {a + b for a, b in product(texts, options)}
    return texts


@cache
def concern_phrases(lang: str) -> tuple[str, ...]:
    """The phrases a language's concern patterns match, each checked to raise a concern when typed, shortest
    first, none inside another."""
    lex = load_lexicon(lang)
    found: set[str] = set()
    for pattern in lex.spoken_concern:
        try:
            texts = _spell(sre_parse.parse(pattern.pattern))
        except Unspellable:
            continue
        for text in texts:
            words = tokens(normalise(text.replace("-", " ")))
            phrase = " ".join(words)
            if 2 <= len(words) <= LONGEST and suggests_concern(normalise(phrase), lex):
                found.add(phrase)
    # a phrase inside another is enough to listen for ("hurts me" in "someone hurts me"), and fewer phrases
    # mean fewer false alarms
    shortest = [p for p in found if not any(f" {q} " in f" {p} " for q in found if q != p)]
    return tuple(sorted(shortest, key=lambda p: (len(p.split()), p)))
