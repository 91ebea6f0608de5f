"""`sayit bench`: training time, start time, per-turn latency and memory, for this bot and (with
--baseline) a stock `rasa init` bot measured side by side on the same machine in the same run.

Figures, not a test: the machines are shared and noisy, so compare the two columns, not absolute times.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.running import load_bench
from bot.running.process_tree import cpu_seconds, rss_mb
from bot.running.progress import Progress
from bot.running.runner import (
    PROJECT_ROOT,
    answers,
    child_env,
    ensure_local_secret,
    ensure_run_secrets,
    say,
    wait_for,
)
from bot.running.scaling import free_port
from bot.running.server_config import action_command, action_endpoints, rasa_command
from bot.settings import given, provide

YOUNG_REPLIES = ["5", "yeah mostly", "😀", "not really", "3", "skip", "dunno", "4/5", "never", "🙂"]


def timed(cmd: list[str], cwd: Path, what: str) -> float:
    with tempfile.TemporaryFile() as log:
        try:
            return wait_for(subprocess.Popen(cmd, cwd=cwd, env=child_env(), stdout=log, stderr=subprocess.STDOUT),
                            what)
        except RuntimeError as exc:
            log.seek(0)
            raise RuntimeError(f"{exc}:\n{log.read().decode(errors='replace')[-2000:]}") from exc


def post(port: int, sender: str, text: str) -> float:
    """One turn's time in ms; a turn that fails stops the measurement (see load_bench.post for the kinds)."""
    took, _replies, error = load_bench.post(port, sender, text)
    if error:
        raise RuntimeError(f"a turn failed ({error}): the bot stopped answering")
    return took


def measure_turns(port: int, turns: int, script: list[str], opening: list[str]) -> list[float]:
    times: list[float] = []
    progress = Progress("Timing turns")
    sender = 0
    while len(times) < turns:
        sender += 1
        for text in opening:
            post(port, f"bench{sender:06d}", text)
        for text in script:
            times.append(post(port, f"bench{sender:06d}", text))
            progress.tick(f"Turns timed: {len(times)}/{turns}")
    progress.done()
    return times[:turns]


Drive = Callable[[list[subprocess.Popen]], dict]  # what to measure once the servers are up


def measure(name: str, project: Path, servers: list[list[str]], ready_url: str, train: list[str],
            drive: Drive, ready: Callable[[], bool] | None = None, log: Path | None = None) -> dict:
    say(f"== {name}")
    result = {"train_s": timed(train, project, f"Training {name}")}
    progress = Progress(f"Starting {name}")
    output = log.open("w") if log else subprocess.DEVNULL
    children = [subprocess.Popen(cmd, cwd=project, env=child_env(), stdout=output, stderr=subprocess.STDOUT,
                                 start_new_session=True) for cmd in servers]
    try:
        while not (ready or (lambda: answers(ready_url)))():
            if any(c.poll() is not None for c in children):
                raise RuntimeError(f"{name}: a server stopped while starting")
            progress.tick()
            time.sleep(0.2)
        result["start_s"] = progress.done()
        result.update(drive(children))
    finally:
        for child in children:
            child.terminate()
            child.wait(timeout=30)
        if log:
            output.close()  # type: ignore[union-attr]
    return result


def turn_figures(port: int, turns: int, script: list[str], opening: list[str]) -> Drive:
    def drive(children: list[subprocess.Popen]) -> dict:
        times = measure_turns(port, turns, script, opening)
        return {"turn_median_ms": statistics.median(times), "turn_p95_ms": statistics.quantiles(times, n=20)[18],
                "rss_mb": sum(rss_mb(c.pid) for c in children)}
    return drive


def load_figures(port: int, levels: list[int], tag: str, converse: Callable, kept: Callable | None) -> Drive:
    """Each level of respondents at once in turn; for SayIt, the answers its store holds for them."""
    def drive(children: list[subprocess.Popen]) -> dict:
        converse(port, load_bench.Respondent(f"load-{tag}-warm-up"))  # the first turns load what every later one reuses
        rows = []
        for at_once in levels:
            servers, client = cpu_used(children), os.times()
            row, people = load_bench.run_level(port, at_once, tag, converse,
                                               lambda: sum(rss_mb(c.pid) for c in children))
            row["cpu_ms_a_turn"] = cpu_a_turn(servers, cpu_used(children), client, row["turns"])
            if kept is not None:
                row.update(kept(people))
            rows.append(row)
        return {"levels": rows}
    return drive


def cpu_used(children: list[subprocess.Popen]) -> dict[str, float]:
    used: dict[str, float] = {}
    for child in children:
        for kind, seconds in cpu_seconds(child.pid).items():
            used[kind] = used.get(kind, 0.0) + seconds
    return used


def cpu_a_turn(before: dict[str, float], after: dict[str, float], client: os.times_result, turns: int) -> dict:
    """CPU milliseconds a turn, by kind of server, and the load's own client (its threads, in this process)."""
    now = os.times()
    spent = {kind: after[kind] - before.get(kind, 0.0) for kind in after}
    spent["client"] = (now.user - client.user) + (now.system - client.system)
    return {kind: round(seconds * 1000 / max(turns, 1), 2) for kind, seconds in sorted(spent.items()) if seconds > 0}


def sayit_figures(drive_for: Callable[[int], Drive]) -> dict:
    port, action_port = free_port(), free_port()
    endpoints = Path(tempfile.mkdtemp()) / "endpoints.yml"
    endpoints.write_text(action_endpoints(action_port))
    model_dir = Path(tempfile.mkdtemp())
    model = model_dir / "sayit.tar.gz"
    if given("SAYIT_DATA_DIR") is None:
        provide(SAYIT_DATA_DIR=tempfile.mkdtemp())
    return measure(
        "SayIt", PROJECT_ROOT,
        servers=[action_command(action_port),
                 rasa_command(port, "127.0.0.1", PROJECT_ROOT / "credentials.yml", endpoints, model)],
        ready_url=f"http://127.0.0.1:{port}/",
        train=[sys.executable, "-m", "rasa", "train", "--fixed-model-name", "sayit", "--out", str(model_dir)],
        drive=drive_for(port),
    )


RUN_PORTS = ("--port", "--action-port", "--speech-port", "--telegram-port", "--sms-port")


def sayit_run_figures(name: str, drive_for: Callable[[dict[str, int]], Drive], *options: str) -> dict:
    """SayIt as `sayit run` starts it (with its local fakes), on free ports, with these options; `drive_for` is
    given the ports by option (`--port`, `--sms-port`, ...)."""
    ports = {option: free_port() for option in RUN_PORTS}
    log = Path(tempfile.mkdtemp()) / "run.log"
    run = [sys.executable, "-m", "bot.cli", "run", *(a for option, p in ports.items() for a in (option, str(p))),
           *options]
    return measure(name, PROJECT_ROOT, servers=[run], ready_url="", train=[sys.executable, "-m", "bot.cli", "train"],
                   drive=drive_for(ports), ready=lambda: "SayIt is ready" in log.read_text(), log=log)


def several_figures(drive_for: Callable[[int], Drive], rasa_servers: int, action_servers: int) -> dict:
    """SayIt as `sayit run --rasa-servers N --action-servers M` runs it: behind nginx, sharing PostgreSQL and Redis
    (SAYIT_DB_URL and SAYIT_REDIS_URL; scripts/bench-several.sh starts both)."""
    from bot.running.scaling import check_shared_stores

    check_shared_stores(rasa_servers)
    figures = sayit_run_figures(f"SayIt, {rasa_servers} Rasa + {action_servers} action servers",
                                lambda ports: drive_for(ports["--port"]),
                                "--rasa-servers", str(rasa_servers), "--action-servers", str(action_servers))
    return {"name": f"SayIt, {rasa_servers}+{action_servers} servers", **figures}


def baseline_figures(drive_for: Callable[[int], Drive]) -> dict:
    project = Path(tempfile.mkdtemp()) / "stock"
    project.mkdir()
    timed([sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(project)], PROJECT_ROOT,
          "Creating a stock `rasa init` bot")
    port = free_port()
    return measure(
        "stock rasa init", project,
        servers=[[sys.executable, "-m", "rasa", "run", "--port", str(port)]],
        ready_url=f"http://127.0.0.1:{port}/",
        train=[sys.executable, "-m", "rasa", "train", "--force"],
        drive=drive_for(port),
    )


def machine() -> str:
    return f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def bench(turns: int, baseline: bool) -> int:
    ensure_local_secret()
    ensure_run_secrets()
    rows = {"SayIt": sayit_figures(lambda port: turn_figures(port, turns, YOUNG_REPLIES, ["hello", "English", "me"]))}
    if baseline:
        rows["stock rasa init"] = baseline_figures(
            lambda port: turn_figures(port, turns, ["hello", "I am great", "bye"], []))
    say(f"\nMeasured {date.today().isoformat()} on {machine()}, {turns} turns each")
    say("| bot | train (s) | start (s) | turn median (ms) | turn p95 (ms) | memory (MB) |")
    say("|---|---|---|---|---|---|")
    for name, r in rows.items():
        say(f"| {name} | {r['train_s']:.1f} | {r['start_s']:.1f} | {r['turn_median_ms']:.1f} | "
            f"{r['turn_p95_ms']:.1f} | {r['rss_mb']:.0f} |")
    return 0


def bench_load(levels: list[int], baseline: bool, out: Path, several: tuple[int, int] | None = None) -> int:
    """N respondents at once completing whole surveys (bot/running/load_bench.py), for SayIt and the stock bot."""
    from bot.settings import Settings, database_url
    from bot.store.rekeying import KeyRing
    from bot.store.survey_store import make_engine
    from bot.surveys.loading import load_surveys

    ensure_local_secret()
    ensure_run_secrets()
    tag = uuid.uuid4().hex[:8]  # this run's respondents, whatever else the store holds
    questions = len(load_surveys()[Settings.from_env().survey].for_role("young_person"))

    def kept(people: list) -> dict:
        engine = make_engine(database_url())
        try:
            return load_bench.answers_kept(engine, Settings.from_env().pseudonym_key, KeyRing.from_settings().current,
                                           people, questions)
        finally:
            engine.dispose()

    rows = {"SayIt": sayit_figures(lambda port: load_figures(port, levels, tag, load_bench.sayit_survey, kept))}
    if several:
        figures = several_figures(lambda port: load_figures(port, levels, tag + "s", load_bench.sayit_survey, kept),
                                  *several)
        rows[figures.pop("name")] = figures
    if baseline:
        rows["stock rasa init"] = baseline_figures(
            lambda port: load_figures(port, levels, tag, load_bench.stock_conversation, None))
    say(f"\nMeasured {date.today().isoformat()} on {machine()}: respondents at once, each a whole conversation "
        f"over the REST channel (SayIt: {questions} questions and 3 turns before them; the stock bot: 3 turns)")
    say("| bot | at once | p50 (ms) | p95 (ms) | p99 (ms) | turns/s | errors | finished | answers lost "
        "| duplicated | peak memory (MB) |")
    say("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        for level in r["levels"]:
            errors = ", ".join(f"{n} {kind}" for kind, n in level["errors"].items()) or "none"
            say(f"| {name} | {level['at_once']} | {level['p50_ms']} | {level['p95_ms']} | {level['p99_ms']} | "
                f"{level['turns_per_s']} | {errors} | {level['finished']} | {level.get('answers_lost', '-')} | "
                f"{level.get('answers_duplicated', '-')} | {level['peak_memory_mb']} |")
    for name, r in rows.items():
        for level in r["levels"]:
            spent = ", ".join(f"{kind} {ms}" for kind, ms in level.get("cpu_ms_a_turn", {}).items())
            say(f"{name}, {level['at_once']} at once: CPU ms a turn: {spent}")
    if baseline:
        for name in [n for n in rows if n.startswith("SayIt")]:
            for ours, theirs in zip(rows[name]["levels"], rows["stock rasa init"]["levels"], strict=True):
                say(f"{name} at {ours['at_once']} at once: p95 {ours['p95_ms'] / max(theirs['p95_ms'], 0.1):.2f} of "
                    f"the stock bot's, {ours['turns_per_s'] / max(theirs['turns_per_s'], 0.1):.1f} times its turns "
                    "a second")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"date": date.today().isoformat(), "machine": machine(), "bots": rows}, indent=2))
    say(f"Wrote {out}")
    return 0

