"""What a server and the processes it started use, read from /proc: resident memory, and CPU time by kind of
server (Rasa, action server, nginx, the local fakes), for the benchmark's figures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

KINDS = (("rasa_extensions.server", "rasa"), ("rasa_extensions.action_server", "actions"), ("nginx", "nginx"),
         ("bot.fakes", "fakes"), ("rasa", "rasa"))
TICKS = os.sysconf("SC_CLK_TCK")


def tree(pid: int) -> Iterator[int]:
    """A process and every process below it."""
    pids = [pid]
    while pids:
        current = pids.pop()
        yield current
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                pids.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    for current in tree(pid):
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
        except (OSError, StopIteration):
            continue
    return total / 1024


def kind_of(cmdline: str) -> str:
    return next((kind for mark, kind in KINDS if mark in cmdline), "other")


def cpu_seconds(pid: int) -> dict[str, float]:
    """CPU time (user and system) used so far by a process and its children, by kind."""
    used: dict[str, float] = {}
    for current in tree(pid):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            cmdline = Path(f"/proc/{current}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        kind = kind_of(cmdline)
        used[kind] = used.get(kind, 0.0) + (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
    return used
