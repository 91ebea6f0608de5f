"""`sayit bench`: training time, start time, per-turn latency and memory, for this bot and (with
--baseline) a stock `rasa init` bot measured side by side on the same machine in the same run.

Figures, not a test: the machines are shared and noisy, so compare the two columns, not absolute times.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

from bot.running.progress import Progress
from bot.running.runner import (
    PROJECT_ROOT,
    action_endpoints,
    answers,
    child_env,
    ensure_local_secret,
    ensure_run_secrets,
    say,
    wait_for,
)
from bot.settings import given, provide

YOUNG_REPLIES = ["5", "yeah mostly", "😀", "not really", "3", "skip", "dunno", "4/5", "never", "🙂"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed(cmd: list[str], cwd: Path, what: str) -> float:
    with tempfile.TemporaryFile() as log:
        try:
            return wait_for(subprocess.Popen(cmd, cwd=cwd, env=child_env(), stdout=log, stderr=subprocess.STDOUT),
                            what)
        except RuntimeError as exc:
            log.seek(0)
            raise RuntimeError(f"{exc}:\n{log.read().decode(errors='replace')[-2000:]}") from exc


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB, from /proc."""
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pids.extend(int(c) for c in children)
        except (OSError, StopIteration):
            continue
    return total / 1024


def post(port: int, sender: str, text: str) -> float:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/webhooks/rest/webhook", body,
                                     {"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as reply:
        reply.read()
    return (time.perf_counter() - started) * 1000


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


def measure(name: str, project: Path, servers: list[list[str]], ready_url: str, port: int, train: list[str],
            turns: int, script: list[str], opening: list[str]) -> dict:
    say(f"== {name}")
    result = {"train_s": timed(train, project, f"Training {name}")}
    progress = Progress(f"Starting {name}")
    children = [subprocess.Popen(cmd, cwd=project, env=child_env(), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True) for cmd in servers]
    try:
        while not answers(ready_url):
            if any(c.poll() is not None for c in children):
                raise RuntimeError(f"{name}: a server stopped while starting")
            progress.tick()
            time.sleep(0.2)
        result["start_s"] = progress.done()
        times = measure_turns(port, turns, script, opening)
        result["turn_median_ms"] = statistics.median(times)
        result["turn_p95_ms"] = statistics.quantiles(times, n=20)[18]
        result["rss_mb"] = sum(rss_mb(c.pid) for c in children)
    finally:
        for child in children:
            child.terminate()
            child.wait(timeout=30)
    return result


def sayit_figures(turns: int) -> dict:
    port, action_port = free_port(), free_port()
    endpoints = Path(tempfile.mkdtemp()) / "endpoints.yml"
    endpoints.write_text(action_endpoints(action_port))
    model_dir = Path(tempfile.mkdtemp())
    model = model_dir / "sayit.tar.gz"
    if given("SAYIT_DATA_DIR") is None:
        provide(SAYIT_DATA_DIR=tempfile.mkdtemp())
    return measure(
        "SayIt", PROJECT_ROOT,
        servers=[[sys.executable, "-m", "rasa_extensions.action_server", "--port", str(action_port)],
                 [sys.executable, "-m", "rasa_extensions.server", "run", "--model", str(model), "--port", str(port),
                  "--credentials", "credentials.yml", "--endpoints", str(endpoints)]],
        ready_url=f"http://127.0.0.1:{port}/", port=port,
        train=[sys.executable, "-m", "rasa", "train", "--fixed-model-name", "sayit", "--out", str(model_dir)],
        turns=turns, script=YOUNG_REPLIES, opening=["hello", "English", "me"],
    )


def baseline_figures(turns: int) -> dict:
    project = Path(tempfile.mkdtemp()) / "stock"
    project.mkdir()
    timed([sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(project)], PROJECT_ROOT,
          "Creating a stock `rasa init` bot")
    port = free_port()
    return measure(
        "stock rasa init", project,
        servers=[[sys.executable, "-m", "rasa", "run", "--port", str(port)]],
        ready_url=f"http://127.0.0.1:{port}/", port=port,
        train=[sys.executable, "-m", "rasa", "train", "--force"],
        turns=turns, script=["hello", "I am great", "bye"], opening=[],
    )


def bench(turns: int, baseline: bool) -> int:
    ensure_local_secret()
    ensure_run_secrets()
    rows = {"SayIt": sayit_figures(turns)}
    if baseline:
        rows["stock rasa init"] = baseline_figures(turns)
    machine = f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    say(f"\nMeasured {date.today().isoformat()} on {machine}, {turns} turns each")
    say("| bot | train (s) | start (s) | turn median (ms) | turn p95 (ms) | memory (MB) |")
    say("|---|---|---|---|---|---|")
    for name, r in rows.items():
        say(f"| {name} | {r['train_s']:.1f} | {r['start_s']:.1f} | {r['turn_median_ms']:.1f} | "
            f"{r['turn_p95_ms']:.1f} | {r['rss_mb']:.0f} |")
    return 0
