"""`sayit bench --growth`: does a turn get slower as a survey gets longer, or as the store fills up? One
respondent at a time answers whole surveys of 10, 50 and 200 questions (the young person's questions of the
shipped survey, repeated under new ids, in a survey folder of its own: SAYIT_SURVEY_DIR), then the shipped survey
with 10 thousand and 1 million made-up answers already stored (bot/reports/sample_answers.py). Figures, not a test.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.running import load_bench
from bot.running.bench import Drive, machine, sayit_figures
from bot.running.progress import Progress
from bot.running.runner import ensure_local_secret, ensure_run_secrets, say
from bot.settings import database_url, given, provide

LENGTHS = (10, 50, 200)
STORED = (10_000, 1_000_000)
RESPONDENTS = 3  # whole surveys at each setting, one after another
FIRST_AND_LAST = 10  # turns at each end of a survey compared


def long_survey(source: Path, questions: int, folder: Path) -> str:
    """Write a survey of `questions` young person's questions (the source's, repeated) into `folder`; its id."""
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    young = [q for q in raw["questions"] if q.get("role", "young_person") == "young_person"]
    others = [q for q in raw["questions"] if q not in young]
    raw["questions"] = [{**young[n % len(young)], "id": f"{young[n % len(young)]['id']}_{n}"}
                        for n in range(questions)] + others
    raw["id"], raw["title"] = f"growth_{questions}", f"{questions} questions, for measuring"
    (folder / f"growth_{questions}.yml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return str(raw["id"])


def survey_turns(port: int, tag: str) -> list[list[float]]:
    """RESPONDENTS whole surveys one after another: each one's answer turns, in ms, in order."""
    runs = []
    progress = Progress("Answering whole surveys")
    for n in range(RESPONDENTS):
        person = load_bench.Respondent(f"growth-{tag}-{n}")
        load_bench.sayit_survey(port, person, most_turns=400)
        if not person.finished or person.errors:
            raise RuntimeError(f"a survey did not finish ({dict(person.errors) or 'no errors'}): see the logs")
        runs.append(person.times_ms[3:])  # after the language, the role and the greeting
        progress.tick(f"Whole surveys answered: {n + 1}/{RESPONDENTS}")
    progress.done()
    return runs


def figures(runs: list[list[float]]) -> dict[str, Any]:
    every = [t for run in runs for t in run]
    first = [t for run in runs for t in run[:FIRST_AND_LAST]]
    last = [t for run in runs for t in run[-FIRST_AND_LAST:]]
    return {"turns": len(runs[0]), "turn_median_ms": round(statistics.median(every), 1),
            "turn_p95_ms": round(statistics.quantiles(every, n=20)[18], 1),
            "first_10_median_ms": round(statistics.median(first), 1),
            "last_10_median_ms": round(statistics.median(last), 1)}


def whole_surveys(tag: str) -> Callable[[int], Drive]:
    def drive_for(port: int) -> Drive:
        return lambda _children: figures(survey_turns(port, tag))
    return drive_for


def stored_up_to(store: Any, held: int, level: int) -> int:
    """Fill the store with made-up answers until it holds about `level`; how many it holds then."""
    from bot.reports.sample_answers import fill
    from bot.surveys.loading import load_surveys

    progress = Progress(f"Storing made-up answers up to {level:,}")
    made = fill(store, list(load_surveys().values()), level - held, seed=level,
                progress=lambda n: progress.tick(f"Storing made-up answers: {held + n:,} of {level:,}"))
    progress.done()
    return held + made


def with_answers_stored(port: int) -> Drive:
    def drive(_children: list[subprocess.Popen]) -> dict:
        from bot.store.survey_store import SurveyStore

        results, held = {}, 0
        store = SurveyStore.open(database_url())
        try:
            for level in (0, *STORED):
                held = stored_up_to(store, held, level) if level > held else held
                results[level] = figures(survey_turns(port, f"stored-{level}"))
        finally:
            store.close()
        return {"by_stored": results}
    return drive


def bench_growth(out: Path) -> int:
    from bot.surveys.loading import SURVEY_DIR

    ensure_local_secret()
    ensure_run_secrets()
    if given("SAYIT_DATA_DIR") is None:
        provide(SAYIT_DATA_DIR=tempfile.mkdtemp())
    folder = Path(tempfile.mkdtemp(prefix="sayit-growth-"))
    provide(SAYIT_SURVEY_DIR=str(folder))
    rows: list[dict] = []
    for length in LENGTHS:
        survey = long_survey(SURVEY_DIR / "shropshire_annual_review.yml", length, folder)
        provide(SAYIT_SURVEY=survey)
        rows.append({"setting": f"{length} questions", **sayit_figures(whole_surveys(survey))})
    provide(SAYIT_SURVEY="shropshire_annual_review")
    for level, measured in sayit_figures(with_answers_stored)["by_stored"].items():
        rows.append({"setting": f"{level:,} answers stored", **measured})
    say(f"\nMeasured {date.today().isoformat()} on {machine()}: one respondent at a time, {RESPONDENTS} whole "
        "surveys at each setting, over the REST channel")
    say("| setting | turns a survey | turn median (ms) | turn p95 (ms) | first 10 median (ms) | "
        "last 10 median (ms) |")
    say("|---|---|---|---|---|---|")
    for row in rows:
        say(f"| {row['setting']} | {row['turns']} | {row['turn_median_ms']} | {row['turn_p95_ms']} | "
            f"{row['first_10_median_ms']} | {row['last_10_median_ms']} |")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"date": date.today().isoformat(), "machine": machine(), "rows": rows}, indent=2))
    say(f"Wrote {out}")
    return 0
