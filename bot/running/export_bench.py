"""`sayit bench --export`: how long each export and the termly report take, and their peak memory, over a
million made-up answers (bot/reports/sample_answers.py), beside a plain `sqlite3 -csv` dump of the same rows in
the same run, the floor no export can beat. Figures, not a test: compare the columns, not absolute times.

Each command runs as its own process, as an analyst runs it, so its time includes starting Python and loading
the libraries, and its peak memory is the process's own high-water mark (VmHWM).
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bot.reports.indicators import current_term
from bot.running.progress import Progress
from bot.running.runner import PROJECT_ROOT, child_env, say

FLOOR_QUERY = """SELECT r.session_id, p.key, s.survey, r.survey_version, s.role, s.age, r.language, s.channel,
s.status, r.question_id, r.area, r.status, r.value, r.given_via, r.confidence, r.times_changed, r.answered_at,
s.started_at, s.finished_at, s.advocate_id, r.assistance FROM responses r JOIN sessions s ON r.session_id = s.id
JOIN respondents p ON s.respondent_id = p.id ORDER BY s.started_at, r.session_id, r.id;"""


def high_water_mb(pid: int) -> float:
    """A process's peak resident memory so far (VmHWM), in MB; 0 once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM")), 0.0)


def run_measured(cmd: list[str], env: dict[str, str], out: Path | None = None) -> tuple[float, float]:
    """Run `cmd` to the end; its wall time in seconds and its peak resident memory in MB. The peak is read from
    /proc every 20 ms while it runs: getrusage would count this process's memory too, which a child started by
    fork or vfork holds until it execs."""
    started = time.perf_counter()
    peak = 0.0
    with open(out or os.devnull, "wb") as sink, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=sink, stderr=err)
        while child.poll() is None:
            peak = max(peak, high_water_mb(child.pid))
            time.sleep(0.02)
        if child.returncode:
            err.seek(0)
            raise RuntimeError(f"{' '.join(cmd[:4])}... failed:\n{err.read().decode(errors='replace')[-2000:]}")
    return time.perf_counter() - started, peak


def made_up_store(path: Path, answers: int) -> str:
    from bot.reports.sample_answers import fill
    from bot.store.survey_store import SurveyStore
    from bot.surveys.loading import load_surveys

    url = f"sqlite:///{path}"
    store = SurveyStore.open(url)
    progress = Progress(f"Storing {answers:,} made-up answers")
    try:
        fill(store, list(load_surveys().values()), answers, progress=lambda n: progress.tick(
            f"Storing made-up answers: {n:,}/{answers:,}"))
    finally:
        store.close()
    progress.done()
    return url


def bench_export(answers: int = 1_000_000, xlsx_answers: int = 100_000) -> int:
    if not shutil.which("sqlite3"):
        say("The floor needs the sqlite3 command: `make bench` installs it (Debian's sqlite3 package).")
        return 2
    sayit = [sys.executable, "-m", "bot.cli"]
    results: list[tuple[str, int, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="sayit-export-bench-") as tmp:
        work = Path(tmp)
        big = made_up_store(work / "big.db", answers)
        small = made_up_store(work / "small.db", xlsx_answers)
        for name, url, count, cmd, out in (
            ("sqlite3 -csv (the floor)", big, answers, ["sqlite3", "-csv", "-header", str(work / "big.db"),
                                                        FLOOR_QUERY], work / "floor.csv"),
            ("sayit export csv", big, answers, [*sayit, "export", "--out", str(work / "a.csv")], None),
            ("sayit export parquet", big, answers, [*sayit, "export", "--out", str(work / "a.parquet")], None),
            ("sqlite3 -csv (the floor)", small, xlsx_answers, ["sqlite3", "-csv", "-header", str(work / "small.db"),
                                                              FLOOR_QUERY], work / "floor-small.csv"),
            ("sayit export xlsx", small, xlsx_answers, [*sayit, "export", "--out", str(work / "a.xlsx")], None),
            ("sayit report", big, answers, [*sayit, "report", "--survey", "shropshire_annual_review", "--term",
                                            current_term(date.today()), "--out", str(work / "report")], None),
        ):
            progress = Progress(f"{name}, {count:,} answers")
            progress.tick()
            seconds, peak = run_measured(cmd, {**child_env(), "SAYIT_DB_URL": url}, out)
            progress.done()
            results.append((name, count, seconds, peak))
    say(f"\nExport benchmark, {date.today()}, {platform.node() or 'this machine'}: {os.cpu_count()} cores, "
        f"{platform.machine()}, Python {platform.python_version()}, SQLite")
    say("| command | answers | seconds | peak memory (MB) |\n|---|---|---|---|")
    for name, count, seconds, peak in results:
        say(f"| {name} | {count:,} | {seconds:.1f} | {peak:.0f} |")
    return 0
