"""The words the rooms share, defined once: how a session stands, what a person can steer with, who is
answering, what kind a question is, how an answer was given and what the coder made of it.

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
    ACTIVE = "active"
    PAUSED = "paused"
    CHECKING_IN = "checking_in"  # after a worrying reply, asking whether to go on
    CONFIRMING_VOICE = "confirming_voice"  # asking "I heard ... Is that right?" of a spoken answer
    FINISHED = "finished"
    STOPPED = "stopped"


OPEN_STATUSES = frozenset({Status.CHOOSING_LANGUAGE, Status.CHOOSING_ROLE, Status.ASKING_AGE, Status.ACTIVE,
                           Status.PAUSED, Status.CHECKING_IN, Status.CONFIRMING_VOICE})


class Control(Word):
    """What a person can steer the survey with, whatever the question."""

    HELP = "help"
    REPEAT = "repeat"
    BACK = "back"
    PAUSE = "pause"
    STOP = "stop"
    LANGUAGE = "language"


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
