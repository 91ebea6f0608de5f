"""Each server's output, in var/logs/<name>.log, rotated by size: `sayit run` reads what a server prints and
writes it on, so a busy term cannot fill the disk (the old rasa.log grew to 69 MB) and the oldest lines go first."""

from __future__ import annotations

import logging
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import IO


class ServerLog:
    def __init__(self, path: Path, max_bytes: int, backups: int):
        self.path = path
        self.handler = RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        self.handler.setFormatter(logging.Formatter("%(message)s"))

    def write(self, line: str) -> None:
        self.handler.handle(logging.makeLogRecord({"msg": line, "args": ()}))

    def follow(self, output: IO[bytes]) -> threading.Thread:
        """Copy a server's output here, line by line, until the server closes it (it stopped)."""
        def copy() -> None:
            with output:
                for raw in iter(output.readline, b""):
                    self.write(raw.decode("utf-8", "replace").rstrip("\n"))

        thread = threading.Thread(target=copy, name=f"log {self.path.name}", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        self.handler.close()
