"""The words the rooms share, defined once: how a session stands, what a person can steer with, who is
answering, what kind a question is, how an answer was given (and, with an advocate, with how much help) and what the
coder made of it.

Each is a `str` enum, so a value compares equal to the string the store and Rasa carry ("active") and goes into
JSON and the database as that string.
"""

from __future__ import annotations

from enum import Enum


class Word(str, Enum):
    def __str__(self) -> str:
        return str(self.value)


class Status(Word):
    """Where a session is."""

    CHOOSING_LANGUAGE = "choosing_language"
    CHOOSING_ROLE = "choosing_role"
    ASKING_AGE = "asking_age"
    ASKING_FAMILY = "asking_family"  # whether their answers may be put beside their family's (an invitation's)
    ACTIVE = "active"
    PAUSED = "paused"
    CHECKING_IN = "checking_in"  # after a worrying reply, asking whether to go on
    # asking "I heard ... Is that right?" of a spoken answer, or "Did you mean ...?" of a typed guess; the value
    # is older than the typed guesses, and kept so sessions already waiting need no migration
    CONFIRMING = "confirming_voice"
    FINISHED = "finished"
    STOPPED = "stopped"


OPEN_STATUSES = frozenset({Status.CHOOSING_LANGUAGE, Status.CHOOSING_ROLE, Status.ASKING_AGE, Status.ASKING_FAMILY,
                           Status.ACTIVE, Status.PAUSED, Status.CHECKING_IN, Status.CONFIRMING})


class Control(Word):
    """What a person can steer the survey with, whatever the question."""

    HELP = "help"
    REPEAT = "repeat"
    BACK = "back"
    PAUSE = "pause"
    STOP = "stop"
    LANGUAGE = "language"
    STEP_BACK = "step_back"  # with an advocate beside them: "let me answer on my own"
    ADVOCATE_BACK = "advocate_back"  # and "I would like my advocate's help again"


class Role(Word):
    """Who is answering."""

    YOUNG_PERSON = "young_person"
    PARENT_CARER = "parent_carer"
    ADVOCATE = "advocate"  # helping a young person answer the young person's questions


class Kind(Word):
    """What a question asks for."""

    SCALE = "scale"
    FREE_TEXT = "free_text"


class Via(Word):
    """How an answer was given."""

    TYPED = "typed"
    BUTTON = "button"
    VOICE = "voice"  # spoken, and heard by a recogniser (bot/listening): the transcript and its confidence kept


class Assistance(Word):
    """How a young person gave an answer with an advocate beside them: the distinction Talking Mats and Mind Of My
    Own make, so an analyst can tell the young person's own choices from an adult's reading of them."""

    CHOSE_THEMSELVES = "chose_themselves"
    USED_AID = "used_aid"  # pointed, or used their communication aid
    INTERPRETED = "interpreted"  # the advocate interpreted their response
    UNASSISTED = "unassisted"  # the young person had asked the advocate to step back


# What the advocate records (the fourth, unassisted, follows from the young person's step-back alone)
ADVOCATE_RECORDS = frozenset({Assistance.CHOSE_THEMSELVES, Assistance.USED_AID, Assistance.INTERPRETED})


class Coded(Word):
    """What the coder made of a reply to a question."""

    ANSWERED = "answered"
    SKIPPED = "skipped"
    DONT_KNOW = "dont_know"
    UNCLEAR = "unclear"
    CONTROL = "control"


# The Rasa intents that steer, and the control each is: Rasa reserves the name "back", so going back arrives as
# "go_back". `bot.running.nlu_examples` writes examples for them; the dialogue takes a confident one as a tie-break.
CONTROL_INTENTS = {"help": Control.HELP, "repeat": Control.REPEAT, "go_back": Control.BACK, "pause": Control.PAUSE,
                   "stop": Control.STOP, "change_language": Control.LANGUAGE}
# The controls only a session with an advocate offers, by their buttons alone (each has its symbol): they have no
# words in the word lists, so Rasa learns them from data/nlu.yml's English examples only.
ADVOCATE_INTENTS = {"step_back": Control.STEP_BACK, "advocate_back": Control.ADVOCATE_BACK}
