"""The survey model: a survey, its outcome areas, indicators and questions, and the answer scale.

A survey is frozen data, loaded and checked by `bot.surveys.loading`; a session keeps to the version it started on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.vocabulary import Kind, Role

# who has questions of their own (an advocate answers the young person's) and what a question can ask for
ROLES = (Role.YOUNG_PERSON, Role.PARENT_CARER)
KINDS = (Kind.SCALE, Kind.FREE_TEXT)


class SurveyError(ValueError):
    """A survey file that cannot be used; the message says where and what to fix."""

    def __init__(self, path: Path | str, problem: str, question: str | None = None):
        where = f"{path}" + (f", question '{question}'" if question else "")
        super().__init__(f"{where}: {problem}")
        self.path = str(path)
        self.question = question
        self.problem = problem


@dataclass(frozen=True)
class Choice:
    value: int
    label: str
    symbol: str
    emoji: str


@dataclass(frozen=True)
class Area:
    id: str
    name: str


@dataclass(frozen=True)
class Indicator:
    id: str
    area: str
    text: str
    measure: str


@dataclass(frozen=True)
class Question:
    id: str
    role: str
    area: str
    kind: str
    seed: str
    plain: str
    easy_read: str
    help: str
    summary: str
    symbol: str
    pfa: tuple[str, ...]
    indicators: tuple[str, ...]
    # asked only of respondents this old or older (e.g. Bristol's post-14 preparing-for-adulthood questions)
    min_age: int | None = None

    @property
    def is_scale(self) -> bool:
        return self.kind == Kind.SCALE


@dataclass(frozen=True)
class Survey:
    id: str
    framework: str
    title: str
    version: int
    scale: tuple[Choice, ...]
    areas: tuple[Area, ...]
    indicators: tuple[Indicator, ...]
    questions: tuple[Question, ...]

    def for_role(self, role: str) -> tuple[Question, ...]:
        """The questions a respondent answering as `role` is asked, in order."""
        return tuple(q for q in self.questions if q.role == role)

    def questions_for(self, role: str, age: int | None) -> tuple[Question, ...]:
        """What a respondent of this role and age is asked: questions from an age only once we know they are it."""
        return tuple(q for q in self.for_role(role) if q.min_age is None or (age is not None and age >= q.min_age))

    def choices(self, question: Question) -> tuple[Choice, ...]:
        """What a question offers to tap: the survey's scale, or nothing for free text."""
        return self.scale if question.is_scale else ()

    def asks_age(self, role: str) -> bool:
        return any(q.min_age is not None for q in self.for_role(role))

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(r for r in ROLES if self.for_role(r))

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def area(self, area_id: str) -> Area:
        for a in self.areas:
            if a.id == area_id:
                return a
        raise KeyError(area_id)  # as `question` does (a bare next() raised StopIteration, which nothing expects)

    def describe(self) -> dict:
        """What `sayit surveys` shows: the survey, its areas, and how many questions of each kind each role gets."""
        return {
            "id": self.id,
            "framework": self.framework,
            "title": self.title,
            "version": self.version,
            "areas": [a.id for a in self.areas],
            "questions": {
                role: {kind: sum(q.kind == kind for q in self.for_role(role)) for kind in KINDS} for role in ROLES
            },
        }
