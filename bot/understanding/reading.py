"""One reading of a reply: the text normalised once, at the entry, into an object that says everything it
could mean: the answer to a question of either kind, a control, a concern, an age, a role, carry on or not.
Each state of the conversation asks it what it needs; nothing reads the text again.

`code_reply`, `code_age`, `code_role` and `wants_to_carry_on` read a text and ask its reading, for `sayit code`,
the evaluation and the tests.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property

from bot.understanding import concern_model
from bot.understanding.answer_model import doubts, likely_point
from bot.understanding.coder import Coding, code_words, out_of, strip_fillers_and_join_numbers, take_typed_faces
from bot.understanding.lexicon import ROLE_NAMES, available_languages, load_lexicon
from bot.understanding.normalise import is_punctuation, normalise, tokens
from bot.understanding.other_replies import age_in, asks_for_language, carries_on, names_a_language, role_in
from bot.understanding.phrases import Piece, holds_answer, pieces, turns_an_opposite
from bot.understanding.safeguarding import suggests_concern
from bot.vocabulary import Coded, Control, Kind

MAX_REPLY = 2000  # characters a reply is read to; channels refuse longer ones before this
# words: a scale question's reply this long that gives no answer but names a language asks for the list ("my mum reads
# urdu better, can it be in urdu"); a free-text one, only this short ("Saesneg plis")
MAX_LANGUAGE_REQUEST = 12
MAX_LANGUAGE_NAMED = 3


class Reading:
    """A reply as the word lists of its session's language (and, for concerns and "language", every
    language's) understand it."""

    def __init__(self, text: str, lang: str):
        self.text = (text or "")[:MAX_REPLY]
        self.lang = lang
        self.lexicon = load_lexicon(lang)
        self.folded = normalise(self.text)  # the reply as the word lists are written
        self.words = tokens(self.folded)
        # for an answer: typed faces such as ":D" taken out before case is folded, and "4/5" read as 4, "8/10" as 4
        raw, self.face_values = take_typed_faces(unicodedata.normalize("NFKC", self.text), self.lexicon)
        self.answer_text = out_of(normalise(raw))
        self.answer_words = tokens(self.answer_text)
        self._answers: dict[str, Coding] = {}

    @cached_property
    def concern(self) -> bool:
        """Whether it suggests the person may be unsafe, in any language's patterns (a child answering an
        English survey may write about home in Polish or Urdu), or, for a sentence, to the model learnt from
        the labelled replies (`bot.understanding.concern_model`), which catches what no list names."""
        return (any(suggests_concern(self.folded, load_lexicon(lang)) for lang in available_languages())
                or concern_model.worried_by(self.folded, sum(not is_punctuation(w) for w in self.words)))

    @cached_property
    def asks_for_language(self) -> bool:
        return asks_for_language(self.words)

    def answer(self, kind: str = Kind.SCALE) -> Coding:
        """The reply as an answer to a question of `kind`, with its concern; "language" in any language is the
        control that brings the list back, and an open answer that worries us is kept as the answer it is."""
        if kind not in self._answers:
            coding = self._past_a_stop(self._coded(kind), kind)
            if self._asks_for_language(coding) or self._names_a_language(coding):
                coding = Coding(Coded.CONTROL, control=Control.LANGUAGE)
            if self.concern and kind == Kind.FREE_TEXT and coding.status != Coded.UNCLEAR:
                coding = Coding(Coded.ANSWERED)  # "I want to end it all" is a disclosure to keep, not a stop
            if kind == Kind.SCALE and coding.status == Coded.UNCLEAR and coding.guess is None and self._no_point:
                coding = replace(coding, guess=likely_point(self.folded))  # asked about, never stored unasked
            elif kind == Kind.SCALE and coding.status == Coded.ANSWERED:
                coding = self._second_opinion(coding)
            self._answers[kind] = replace(coding, concern=self.concern)
        return self._answers[kind]

    def _past_a_stop(self, coding: Coding, kind: str) -> Coding:
        """A stop inside a disclosure is part of what the child tells, not a request, where the rest answers and is
        a disclosure without it ("no i wont get to be an adult, i want to end it" is 1, and flagged); one said first
        still stops ("stop hes coming and he checks my phone"), and so does one that is all that worries ("ні. я не
        хочу більше": no, I don't want any more)."""
        if kind != Kind.SCALE or coding.control != Control.STOP or not self.concern:
            return coding
        found = self._pieces
        if not found or found[0].category == "control":
            return coding
        told = tuple(word for piece in found if piece.category != "control" for word in piece.words)
        answer = code_words(" ".join(told), told, self.face_values, self.lexicon, kind)
        if answer.status != Coded.ANSWERED or not Reading(" ".join(told), self.lang).concern:
            return coding
        return answer

    def _second_opinion(self, coding: Coding) -> Coding:
        """A scale answer the rules read from several phrases, which the model learnt from the examples reads
        confidently as something else, is asked about rather than stored ("Did you mean ...?"): two readings that
        disagree are two meanings. A reply of one phrase or a typed face is what the word lists say it is."""
        if coding.value is None or self.face_values or sum(p.category != "mark" for p in self._pieces) <= 1:
            return coding
        if turns_an_opposite(self._pieces, self.lexicon):
            return coding  # the rules turned "always scared" round on purpose; the model learnt "always" is 5
        doubted, guess = doubts(self.folded, coding.value)
        return Coding(Coded.UNCLEAR, guess=guess) if doubted else coding

    @cached_property
    def _pieces(self) -> list[Piece]:
        return pieces(self.answer_words, self.lexicon)

    @cached_property
    def _no_point(self) -> bool:
        """Whether the rules found no point at all in it: a reply that gives two that disagree is unclear, never a
        guess, while one whose words they cannot read may be the model's guess (`bot.understanding.answer_model`)."""
        if not self.answer_words or self.face_values:
            return False
        return not any(p.category in ("scale", "position", "guess") or p.words[0].isdecimal()
                       for p in self._pieces)

    def _asks_for_language(self, coding: Coding) -> bool:
        """A reply that asks for another language ("I don't speak English") brings the list back, unless it is a
        sentence that answers and says why ("Rarely. I don't understand English and there is no interpreter")."""
        if coding.status == Coded.CONTROL or not self.asks_for_language:
            return False
        return coding.status != Coded.ANSWERED or coding.value is None or len(self.words) <= MAX_LANGUAGE_NAMED

    def _names_a_language(self, coding: Coding) -> bool:
        """A short reply that gives no answer but names a language ("Welsh please") asks for the list."""
        if coding.status == Coded.ANSWERED and coding.value is None:
            longest = MAX_LANGUAGE_NAMED  # a free-text answer may be about a language: "the letters are in English"
        elif coding.status == Coded.UNCLEAR and holds_answer(self._pieces):
            return False  # answers that disagree, about a language: "in english yes in PE no"
        elif coding.status == Coded.UNCLEAR or coding.control == Control.HELP:
            longest = MAX_LANGUAGE_REQUEST
        else:
            return False
        return len(self.words) <= longest and names_a_language(self.words)

    def _coded(self, kind: str) -> Coding:
        return code_words(self.answer_text, self.answer_words, self.face_values, self.lexicon, kind)

    @property
    def control(self) -> str | None:
        """The control the reply is, said on its own ("stop", "help", "język"), whatever the question."""
        return self.answer(Kind.FREE_TEXT).control

    @cached_property
    def carry_on(self) -> bool | None:
        """After a worrying reply: True for 'yes, carry on', False for 'no', None when it is not clear."""
        return carries_on(self.words, self._coded(Kind.SCALE), self.lexicon)

    @cached_property
    def yes_or_no(self) -> bool | None:
        """To "is that right?": True for a bare yes (or "ok", "that's right"), False for a bare no, None for
        anything else (which may be a new answer)."""
        said = strip_fillers_and_join_numbers(self.words, self.lexicon)
        if said in self.lexicon.yes_no:
            return self.carry_on
        return True if said in self.lexicon.carry_on else None

    @cached_property
    def age(self) -> int | None:
        return age_in(self.words, self.lexicon)

    def role(self, offered: Sequence[str] = ROLE_NAMES) -> str | None:
        return role_in(self.words, self.lexicon, offered)


def code_reply(text: str, lang: str = "en", kind: str = Kind.SCALE) -> Coding:
    """Code one reply to a question of `kind` ("scale" or "free_text") in language `lang`."""
    return Reading(text, lang).answer(kind)


def code_age(text: str, lang: str = "en") -> int | None:
    return Reading(text, lang).age


def code_role(text: str, lang: str = "en", offered: Sequence[str] = ROLE_NAMES) -> str | None:
    return Reading(text, lang).role(offered)


def wants_to_carry_on(text: str, lang: str = "en") -> bool | None:
    return Reading(text, lang).carry_on
