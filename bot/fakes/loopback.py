"""The common part of SayIt's local fakes of outside services (Google's speech, Telegram's Bot API, Twilio):
a threaded HTTP server on loopback that keeps what it was asked, and shows it at `GET /received` so a test in
another process can look. Each fake adds only its service's protocol."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class LoopbackFake(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # the listen backlog: a benchmark's burst of hundreds at once is not reset here

    def __init__(self, port: int, handler: type[FakeHandler]):
        super().__init__(("127.0.0.1", port), handler)
        self.received: list[Any] = []
        self.lock = threading.Lock()

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def record(self, item: Any) -> None:
        with self.lock:
            self.received.append(item)

    def start(self) -> LoopbackFake:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self


class FakeHandler(BaseHTTPRequestHandler):
    server: LoopbackFake

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        if self.path.split("?")[0] != "/received":
            return self.send(404, b"not found", "text/plain")
        with self.server.lock:
            body = json.dumps(self.server.received, ensure_ascii=False).encode("utf-8")
        self.send(200, body, "application/json")

    def body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_json(self, status: int, payload: Any) -> None:
        self.send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json")

    def log_message(self, *_: object) -> None:  # quiet: what was asked (words, ids) is not logged
        pass
