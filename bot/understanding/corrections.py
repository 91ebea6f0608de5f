"""Corrections inside a reply (rule 2 of `bot.understanding.coder`): the last thing said counts. What follows the
last correction word ("5 no wait 4"), a bare no that takes back the answer before it ("4 no 5", "sometimes, no,
never"), and an answer thought again after trailing off ("nie zawsze... raczej nie")."""

from __future__ import annotations

from bot.understanding.lexicon import Lexicon
from bot.understanding.normalise import is_punctuation
from bot.understanding.phrases import Piece, clause_end, holds_answer, is_number, pieces

SHORT_REQUEST = 6  # words: a reply this short that holds a steering phrase is that request; past it, a sentence


def after_last_correction(typed: tuple[str, ...], lex: Lexicon) -> tuple[str, ...]:
    """What follows the last correction word ("5 no wait 4" is "4"), or all the words if nothing follows one."""
    words = after_rethinking(typed, lex)
    if not lex.corrections:
        return words
    longest = max(len(c) for c in lex.corrections)
    after = words
    for i in range(len(words)):
        if i and not is_punctuation(words[i - 1]) and (
                sum(not is_punctuation(w) for w in words[:i]) > SHORT_REQUEST or not _corrects(words[i - 1], lex)):
            # deep in a sentence, or after a word that is no answer, a correction word is only a word: "... tablets to
            # make it stop", "not often i had to wait till ..."
            continue
        rest = [w for w in words[i + 1:] if not is_punctuation(w)]
        # the longest correction here with something after it ("так ой ні": "ой ні" ends the reply, "ой" does not)
        size = next((n for n in range(min(longest, len(words) - i), 0, -1) if words[i:i + n] in lex.corrections
                     and any(not is_punctuation(w) for w in words[i + n:])), 0)
        if not size and rest and _takes_back(words, i, rest[0], lex):
            size = 1
        if size and _answers(words[i + size:], lex):
            after = words[i + size:]
    spoken = [k for k, w in enumerate(after) if not is_punctuation(w)]
    if after != typed and len(spoken) > 1 and is_no(after[spoken[0]], lex):
        after = after[spoken[0] + 1:]  # "3... actually no, 4": the no is part of the correction
    return after


def after_rethinking(words: tuple[str, ...], lex: Lexicon) -> tuple[str, ...]:
    """What follows the last trailing off ("..."), where an answer comes before it and another starts straight after
    it: the person thought again ("nie zawsze... raczej nie" is 2, "5 albo... nie, 4" is 4, "nu... ba da" is 5);
    "no... he hits me" and "yes... but only at school" are one answer and its why. And what follows the last "so"
    that answers, the conclusion of what came before it ("once or twice so a bit" is 3, "my mum has a bad back so
    sometimes" 3, "mama are gripa acum dar in general e ok, deci uneori" 3)."""
    cut, rethought = words, 0
    concluding = _plain_conclusions(words, lex)
    for i in range(len(words) - 1):
        if words[i] == "." and words[i + 1] == "." and (i + 2 == len(words) or words[i + 2] != "."):
            start = next((k for k in range(i, -1, -1) if words[k] != "."), -1) + 1
            if _starts_answer(words[i + 2:], lex):
                rethought += 1
                cut = words[i + 2:] if _gives_point(words[:start], lex) else cut
        elif i in concluding and _starts_answer(words[i + 1:], lex):
            cut = words[i + 1:]
    # thought again and again ("pata nahi... haan... nahi") is no settled answer: all of it is read
    return words if rethought > 1 else cut


def _plain_conclusions(words: tuple[str, ...], lex: Lexicon) -> set[int]:
    """Where a "so" stands as a word of its own, not inside a phrase ("i think so")."""
    if lex.conclusions.isdisjoint(words[1:]):
        return set()
    at, found = 0, set()
    for piece in pieces(words, lex):
        if at and piece.category == "word" and piece.words[0] in lex.conclusions:
            found.add(at)
        at += len(piece.words)
    return found


def _gives_point(words: tuple[str, ...], lex: Lexicon) -> bool:
    return any(_is_answer(p, lex) for p in pieces(words, lex))


def _is_answer(piece: Piece, lex: Lexicon) -> bool:
    return holds_answer([piece]) or is_number(piece, lex)


def _starts_answer(words: tuple[str, ...], lex: Lexicon) -> bool:
    """Whether the first clause is another answer: answer words and at most one other ("a nie, jednak 4"), not a
    sentence ("ساعات بفكر اني ...": sometimes I think ...)."""
    found = pieces(words, lex)
    clause = found[:clause_end(found) or len(found)]
    plain = sum(p.category == "word" and not is_number(p, lex) for p in clause)
    return plain <= 1 and any(_is_answer(p, lex) for p in clause)


def _corrects(word: str, lex: Lexicon) -> bool:
    """Whether a correction word straight after `word` takes something back: an answer, a number or a yes or no."""
    return _is_point(word, lex) or word in lex.numbers or (word,) in lex.yes_no or (
        lex.phrases.get((word,)) or ("",))[0] in ("scale", "position", "control")


def _answers(words: tuple[str, ...], lex: Lexicon) -> bool:
    """Whether words hold something a correction could give: an answer, a number or a steer. After "wait" in "no
    the year 10s wait for me by the gate" comes none: the word is part of the sentence, not a correction."""
    return any(p.category not in ("word", "mark") or is_number(p, lex) or p.words[0] in lex.symbols
               for p in pieces(words, lex))  # "😐 لا لحظة 🙁": a face after "no wait" is the answer


def _takes_back(words: tuple[str, ...], i: int, following: str, lex: Lexicon) -> bool:
    """Whether the bare no at `i` takes back the answer straight before it ("4 no 5", "sometimes, no, never"). A no
    that is also a negator governs what follows it instead ("raczej nie zgadzam się"), unless a number follows;
    one that negates what comes before it ("acha nahi") never takes it back."""
    if not is_no(words[i], lex):
        return False  # checked first: this runs at every word of every reply
    before = [w for w in words[:i] if not is_punctuation(w)]
    after = [p for p in pieces(words[i + 1:], lex) if p.category != "mark"]
    if after and after[0].category == "position":
        said = [p for p in pieces(words[:i], lex) if p.category != "mark"]
        # a position cannot be turned round: "the last one no the middle one", "ta środkowa... nie, ta druga od końca"
        return bool(said) and (said[-1].category in ("scale", "position") or said[-1].words[0].isdecimal())
    if following.isdecimal():
        while before and is_no(before[-1], lex):
            before.pop()  # "4 nahi nahi 2", "2 na na 3": between two numbers, noes take back the first
        if before and before[-1].isdecimal():
            return True
    if not (before and _is_point(before[-1], lex)):
        return False
    if not any(p.category in ("scale", "guess", "negate", "intensify") or p.words[0].isdecimal() for p in after[:2]):
        return False  # a sentence follows, not another answer: "none. No club will have her"; "ні, скоріше 3" has one
    if (words[i],) in lex.negators_after:
        return False
    return (words[i],) not in lex.negators_before or following.isdecimal()


def is_no(word: str, lex: Lexicon) -> bool:
    return (word,) in lex.yes_no and lex.phrases.get((word,)) == ("scale", 1)


def _is_point(word: str, lex: Lexicon) -> bool:
    return word.isdecimal() or (lex.phrases.get((word,)) or ("",))[0] in ("scale", "guess", "position") and (
        word,) not in lex.yes_no
