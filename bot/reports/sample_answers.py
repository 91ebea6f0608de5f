"""Made-up answers in bulk, stored as the bot stores real ones, for measuring exports and reports at a council's
scale (`sayit bench --export`) and for trying the analysts' tools without children's data. Never real: every
respondent key is random, every reply one of a few stock words.

Realistic in shape: sessions of young people and parents in the surveys' own roles, each answering its questions
in order and stopping early now and then; languages, channels and ways of answering in proportions like a
council's; values leaning positive, with skips and don't-knows; spread over the last three terms.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

from bot.store.schema import respondents, responses, sessions
from bot.store.survey_store import SurveyStore
from bot.surveys.model import ROLES, Survey

LANGUAGES = (("en", 70), ("pl", 6), ("ro", 5), ("ur", 5), ("ar", 4), ("bn", 4), ("cy", 3), ("uk", 3))
CHANNELS = (("webchat", 50), ("sms", 30), ("telegram", 15), ("rest", 5))
VALUES = ((1, 6), (2, 10), (3, 22), (4, 32), (5, 30))
TYPED = {1: "never", 2: "not really", 3: "sometimes", 4: "mostly", 5: "yes"}
BATCH = 20_000  # rows to an INSERT


def _pick(rng: random.Random, weighted: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _answer(rng: random.Random, session_id: str, question: Any, language: str, when: datetime,
            version: int) -> dict[str, Any]:
    roll = rng.random()
    via = "button" if roll < 0.6 else "typed" if roll < 0.95 else "voice"
    status, value = ("skipped", None) if rng.random() < 0.04 else ("dont_know", None) if rng.random() < 0.04 \
        else ("answered", _pick(rng, VALUES) if question.is_scale else None)
    reply = {"skipped": "skip", "dont_know": "not sure"}.get(status) or (
        TYPED[value] if value is not None else "more help with reading")
    return {"session_id": session_id, "question_id": question.id, "area": question.area, "raw_reply": reply,
            "given_via": via, "status": status, "value": value, "language": language, "concern": False,
            "answered_at": when, "survey_version": version, "times_changed": int(rng.random() < 0.03),
            "transcript": reply if via == "voice" else None, "confidence": 0.9 if via == "voice" else None}


def _sessions(rng: random.Random, surveys: list[Survey], start: datetime, days: int
              ) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    while True:
        survey = rng.choice(surveys)
        role = rng.choice([r for r in ROLES if survey.for_role(r)])
        language, channel = _pick(rng, LANGUAGES), _pick(rng, CHANNELS)
        began = start + timedelta(days=rng.uniform(0, days))
        questions = survey.for_role(role)
        if rng.random() < 0.2:
            questions = questions[:rng.randint(1, len(questions))]  # stopped partway
        sid = str(uuid.UUID(int=rng.getrandbits(128)))
        answered = [_answer(rng, sid, q, language, began + timedelta(seconds=20 * i), survey.version)
                    for i, q in enumerate(questions)]
        finished = began + timedelta(seconds=20 * len(questions))
        session = {"id": sid, "survey": survey.id, "survey_version": survey.version, "role": role,
                   "language": language, "age": rng.randint(8, 24) if role == "young_person" else None,
                   "channel": channel, "status": "finished" if len(questions) == len(survey.for_role(role))
                   else "stopped", "started_at": began, "updated_at": finished,
                   "finished_at": finished if len(questions) == len(survey.for_role(role)) else None}
        yield session, answered


def fill(store: SurveyStore, surveys: list[Survey], answers: int, seed: int = 2026,
         progress: Callable[[int], None] | None = None) -> int:
    """Store about `answers` made-up answers (whole sessions, so a few more) into `store`; return how many."""
    rng = random.Random(seed)
    now = datetime.now(timezone.utc)
    start, days = now - timedelta(days=365), 365
    made = 0
    pending_sessions: list[dict[str, Any]] = []
    pending_answers: list[dict[str, Any]] = []
    with store.engine.begin() as conn:
        for session, answered in _sessions(rng, surveys, start, days):
            key = uuid.UUID(int=rng.getrandbits(128)).hex
            respondent = conn.execute(respondents.insert().values(key=key, created_at=session["started_at"]))
            pending_sessions.append({**session, "respondent_id": respondent.inserted_primary_key[0]})
            pending_answers += answered
            made += len(answered)
            if len(pending_answers) >= BATCH or made >= answers:
                conn.execute(sessions.insert(), pending_sessions)
                conn.execute(responses.insert(), pending_answers)
                pending_sessions, pending_answers = [], []
                if progress:
                    progress(made)
            if made >= answers:
                return made
    return made
