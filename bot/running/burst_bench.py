"""`sayit bench --burst 300`: that many people text the council's number at the same moment, as after an invitation
goes out. `sayit run` with its local fake of Twilio, which signs each text and posts it to the webhook: how long
the webhook took to answer each (Twilio gives up after 15 seconds and never posts again), how many were refused,
and how long until every one had its reply through Twilio's REST API. Figures, not a test.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from bot.running.bench import machine, sayit_run_figures
from bot.running.progress import Progress
from bot.running.runner import ensure_local_secret, say
from bot.settings import given, provide, withdraw

TWILIO_GIVES_UP_MS = 15_000


def post(url: str, body: dict[str, Any], timeout: float = 60) -> Any:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as reply:
        return json.loads(reply.read())


def burst(sms_port: int, people: int) -> dict[str, Any]:
    fake = f"http://127.0.0.1:{sms_port}"
    numbers = [f"+4477009{n:05d}" for n in range(people)]

    def text(number: str) -> tuple[float, int]:
        started = time.perf_counter()
        try:
            status = int(post(f"{fake}/deliver", {"from": number, "body": "hello", "wait": 0})["status"])
        except OSError:  # never reached the webhook: counted as refused
            status = 0
        return (time.perf_counter() - started) * 1000, status

    started = time.perf_counter()
    with ThreadPoolExecutor(min(people, 300)) as pool:
        acks = list(pool.map(text, numbers))
    progress = Progress("Waiting for every reply")
    while True:
        with urllib.request.urlopen(f"{fake}/sent", timeout=30) as reply:
            answered = {t["to"] for t in json.loads(reply.read())} & set(numbers)
        progress.tick(f"Replies sent: {len(answered)} of {people}")
        if len(answered) == people or time.perf_counter() - started > 600:
            break
        time.sleep(0.2)
    progress.done()
    times = sorted(ms for ms, _ in acks)
    cuts = statistics.quantiles(times, n=100) if len(times) > 1 else times * 99
    return {"people": people, "ack_p50_ms": round(cuts[49], 1), "ack_p95_ms": round(cuts[94], 1),
            "ack_max_ms": round(times[-1], 1), "refused": sum(status != 200 for _, status in acks),
            "acked_after_15s": sum(ms > TWILIO_GIVES_UP_MS for ms in times), "answered": len(answered),
            "all_answered_s": round(time.perf_counter() - started, 1)}


def bench_burst(people: int, out: Path) -> int:
    ensure_local_secret()
    if given("SAYIT_DATA_DIR") is None:
        provide(SAYIT_DATA_DIR=tempfile.mkdtemp())
    for setting in ("SAYIT_TWILIO_AUTH_TOKEN", "SAYIT_TWILIO_ACCOUNT_SID"):
        withdraw(setting)  # the local fake of Twilio, never a real account
    figures = sayit_run_figures("SayIt by SMS", lambda ports: lambda _children: burst(ports["--sms-port"], people))
    say(f"\nMeasured {date.today().isoformat()} on {machine()}: {people} texts at the same moment, through the "
        "local fake of Twilio")
    say("| texts | webhook answered, p50 (ms) | p95 (ms) | slowest (ms) | refused | after 15 s | answered | all "
        "answered after (s) |")
    say("|---|---|---|---|---|---|---|---|")
    say(f"| {figures['people']} | {figures['ack_p50_ms']} | {figures['ack_p95_ms']} | {figures['ack_max_ms']} | "
        f"{figures['refused']} | {figures['acked_after_15s']} | {figures['answered']} | "
        f"{figures['all_answered_s']} |")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"date": date.today().isoformat(), "machine": machine(), **figures}, indent=2))
    say(f"Wrote {out}")
    return 0
