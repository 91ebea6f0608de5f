"""`sayit bench --load 1,20,100,300`: N respondents at once, each completing a whole survey over the REST channel,
against SayIt and (with --baseline) a stock `rasa init` bot driven by the same client in the same run.

For each N it gives turn latency (p50 / p95 / p99), turns a second, errors by kind (refused or reset connections,
time-outs, HTTP errors), peak memory of the servers, and for SayIt the answers the store holds against the answers
the client was told were taken: lost and duplicated answers. Figures, not a test (see bot/running/bench.py).
"""

from __future__ import annotations

import json
import statistics
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from bot.pseudonym import respondent_key
from bot.running.progress import Progress

TIMEOUT_S = 60  # a turn slower than this counts as timed out, as a webhook's caller would give up
SURVEY_ANSWERS = ["5", "yeah mostly", "3", "not really", "never"]  # each coded at once, to a scale or open question
MOST_TURNS = 60  # a respondent who has not finished by now is counted as not finished


@dataclass
class Respondent:
    """What one simulated person sent and was told."""

    sender: str
    times_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    finished: bool = False


def post(port: int, sender: str, text: str) -> tuple[float, list[dict[str, Any]] | None, str | None]:
    """One turn: how long it took, the bot's replies, and the kind of error if there was one."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/webhooks/rest/webhook", body,
                                     {"Content-Type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as reply:
            replies = json.loads(reply.read() or b"[]")
        return (time.perf_counter() - started) * 1000, replies, None
    except urllib.error.HTTPError as exc:
        return (time.perf_counter() - started) * 1000, None, f"HTTP {exc.code}"
    except TimeoutError:
        return (time.perf_counter() - started) * 1000, None, "timed out"
    except urllib.error.URLError as exc:
        reason = exc.reason
        kind = "timed out" if isinstance(reason, TimeoutError) else type(reason).__name__
        return (time.perf_counter() - started) * 1000, None, kind
    except (ConnectionError, OSError) as exc:
        return (time.perf_counter() - started) * 1000, None, type(exc).__name__


def sayit_survey(port: int, person: Respondent, most_turns: int = MOST_TURNS) -> None:
    """Choose English and the young person's questions, then answer until the bot says the survey is complete."""
    for text in ("hello", "English", "me"):
        if not _turn(port, person, text):
            return
    for k in range(most_turns):
        replies = _turn(port, person, SURVEY_ANSWERS[k % len(SURVEY_ANSWERS)])
        if replies is None:
            return
        if any((r.get("custom") or {}).get("type") == "survey_complete" for r in replies):
            person.finished = True
            return


def stock_conversation(port: int, person: Respondent) -> None:
    """The stock bot's whole conversation: a greeting, a mood, a goodbye."""
    for text in ("hello", "I am great", "bye"):
        if _turn(port, person, text) is None:
            return
    person.finished = True


def _turn(port: int, person: Respondent, text: str) -> list[dict[str, Any]] | None:
    took, replies, error = post(port, person.sender, text)
    person.times_ms.append(took)
    if error:
        person.errors[error] += 1
    return replies


def run_level(port: int, at_once: int, tag: str, converse: Callable[[int, Respondent], None],
              memory: Callable[[], float]) -> tuple[dict[str, Any], list[Respondent]]:
    """`at_once` respondents started together, each through a whole conversation; the figures for the level."""
    people = [Respondent(f"load-{tag}-{at_once}-{i:04d}") for i in range(at_once)]
    peak = [memory()]
    running = threading.Event()
    running.set()

    def sample() -> None:  # peak memory while the level runs
        while running.is_set():
            peak.append(memory())
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    progress = Progress(f"{at_once} at once")
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=at_once) as pool:
        futures = [pool.submit(converse, port, person) for person in people]
        while not all(f.done() for f in futures):
            progress.tick(f"{at_once} at once: {sum(f.done() for f in futures)} of {at_once} done")
            time.sleep(0.2)
    wall = time.perf_counter() - started
    progress.done()
    running.clear()
    sampler.join()
    times = sorted(t for p in people for t in p.times_ms)
    errors: Counter[str] = sum((p.errors for p in people), Counter())
    cuts = statistics.quantiles(times, n=100) if len(times) > 1 else (times or [0.0]) * 99
    return {
        "at_once": at_once, "turns": len(times), "seconds": round(wall, 2),
        "turns_per_s": round(len(times) / wall, 1), "p50_ms": round(cuts[49], 1), "p95_ms": round(cuts[94], 1),
        "p99_ms": round(cuts[98], 1), "errors": dict(errors), "finished": sum(p.finished for p in people),
        "peak_memory_mb": round(max(peak)),
    }, people


def answers_kept(engine: sa.engine.Engine, pseudonym_key: bytes, store_key: Callable[[str], str],
                 people: list[Respondent], questions: int) -> dict[str, int]:
    """The answers the store holds for these respondents against those each finished survey should hold: a
    finished survey with fewer is answers lost; more sessions or answers than one survey's are duplicates."""
    from bot.store.schema import respondents, responses, sessions

    keys = {store_key(respondent_key(pseudonym_key, "rest", p.sender)): p for p in people}
    query = (sa.select(respondents.c.key, sessions.c.id, sa.func.count(responses.c.id))
             .select_from(respondents.join(sessions).outerjoin(responses))
             .where(respondents.c.key.in_(list(keys))).group_by(respondents.c.key, sessions.c.id))
    with engine.connect() as conn:
        found = conn.execute(query).all()
    held: Counter[str] = Counter()
    sessions_of: Counter[str] = Counter()
    for key, _session, count in found:
        held[key] += count
        sessions_of[key] += 1
    finished = [k for k, p in keys.items() if p.finished]
    return {
        "answers_expected": questions * len(finished),
        "answers_held": sum(held[k] for k in finished),
        "answers_lost": sum(max(0, questions - held[k]) for k in finished),
        "answers_duplicated": sum(max(0, held[k] - questions) for k in keys) + sum(
            n - 1 for n in sessions_of.values() if n > 1),
    }
