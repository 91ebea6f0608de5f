"""The made-up answers `sayit bench --export` measures over are shaped like real ones (each question its survey's
and its role's, in order, every value a choice), and the benchmark runs end to end at a small size. No time is
asserted: the figures are for the README, not a test."""

from __future__ import annotations

from collections import Counter

from bot.reports.sample_answers import LANGUAGES, fill
from bot.running.export_bench import bench_export, high_water_mb, run_measured
from bot.store.survey_store import SurveyStore


def test_made_up_answers_are_stored_as_the_bot_stores_real_ones(tmp_path, surveys):
    store = SurveyStore.open(f"sqlite:///{tmp_path}/m.db")
    made = fill(store, list(surveys.values()), 3000, seed=7)
    rows = list(store.export_rows())
    assert made == len(rows) >= 3000 and store.count_export_rows() == made
    for row in rows:
        question = surveys[row["survey"]].question(row["question_id"])
        assert (question.role, question.area) == (row["role"], row["area"])
        assert row["value"] is None or (question.is_scale and 1 <= row["value"] <= 5 and row["status"] == "answered")
    by_session: dict[str, list[str]] = {}
    for row in rows:
        by_session.setdefault(row["session_id"], []).append(row["question_id"])
    for session, asked in by_session.items():
        row = next(r for r in rows if r["session_id"] == session)
        order = [q.id for q in surveys[row["survey"]].for_role(row["role"])]
        assert asked == order[:len(asked)]  # in the survey's order, stopping early at most
    languages = Counter(r["language"] for r in rows)
    assert set(languages) <= {lang for lang, _ in LANGUAGES} and languages.most_common(1)[0][0] == "en"
    assert {"answered", "skipped", "dont_know"} <= {r["status"] for r in rows}
    store.close()


def test_a_childs_peak_memory_is_its_own(tmp_path):
    seconds, peak = run_measured(["python3", "-c", "b = bytearray(200 * 1024 * 1024); import time; time.sleep(0.5)"],
                                 {"PATH": "/usr/bin:/bin"})
    assert 190 < peak < 260 and seconds > 0.5
    assert high_water_mb(2 ** 22 + 12345) == 0.0  # no such process


def test_the_benchmark_runs_end_to_end_small(capsys):
    assert bench_export(answers=400, xlsx_answers=100) == 0
    out = capsys.readouterr().out
    for name in ("sqlite3 -csv (the floor)", "sayit export csv", "sayit export parquet", "sayit export xlsx",
                 "sayit report"):
        assert f"| {name} |" in out
