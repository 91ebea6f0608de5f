"""A real `sayit run` for tests: started on free loopback ports, stopped with Ctrl-C."""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
SAYIT = [sys.executable, "-m", "bot.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ignore_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # kept across exec, as a shell's `&` does


class Bot:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.port, self.action_port, self.speech_port = free_port(), free_port(), free_port()
        self.telegram_port, self.sms_port = free_port(), free_port()
        self.env = dict(os.environ, SAYIT_DATA_DIR=str(data_dir), SAYIT_PSEUDONYM_KEY="e2e-secret-key-0123456789",
                        PYTHONPATH=str(ROOT))
        self.env.pop("SAYIT_DB_URL", None)
        for setting in ("SAYIT_TTS_URL", "SAYIT_TELEGRAM_TOKEN", "SAYIT_TWILIO_AUTH_TOKEN"):
            self.env.pop(setting, None)  # `sayit run` starts its local fakes of Google's speech and Telegram
        self.args: list[str] = []  # more of `sayit run`'s options, such as --rasa-servers 2
        self.process: subprocess.Popen | None = None

    def start(self, ctrl_c_ignored: bool = False) -> None:
        """Start `sayit run` and wait until it is ready; `ctrl_c_ignored` starts it as a shell's background job
        is started, with SIGINT ignored."""
        log = self.data_dir / "run-output.log"
        seen = log.stat().st_size if log.exists() else 0  # only this start's output counts
        self.output = log.open("a")
        self.process = subprocess.Popen(SAYIT + ["run", "--port", str(self.port), "--action-port",
                                                 str(self.action_port), "--speech-port", str(self.speech_port),
                                                 "--telegram-port", str(self.telegram_port),
                                                 "--sms-port", str(self.sms_port), *self.args],
                                        cwd=ROOT, env=self.env, stdout=self.output, stderr=subprocess.STDOUT,
                                        preexec_fn=ignore_ctrl_c if ctrl_c_ignored else None)
        deadline = time.monotonic() + 300
        while "SayIt is ready" not in log.read_text()[seen:]:
            assert self.process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "sayit run did not become ready in 300 s"
            time.sleep(0.5)

    def stop(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGINT)  # what Ctrl-C sends
        assert self.process.wait(timeout=60) == 0
        self.output.close()
        # every server is really gone
        for port in (self.port, self.action_port, self.speech_port, self.telegram_port, self.sms_port):
            with socket.socket() as s:
                assert s.connect_ex(("127.0.0.1", port)) != 0

    def speech_asked(self) -> list[list[str]]:
        """What the fake speech service has been asked to say: [language, words] each."""
        return requests.get(f"http://127.0.0.1:{self.speech_port}/received", timeout=10).json()

    def telegram_deliver(self, update: dict, wait: float = 120) -> int:
        """Telegram posting an update to the bot's webhook (through the fake, which adds the secret); then, up to
        `wait` seconds, until the bot has handled it (the webhook answers at once and keeps the update in its
        inbox, whose row goes once the update is handled)."""
        reply = requests.post(f"http://127.0.0.1:{self.telegram_port}/deliver", json=update, timeout=180)
        reply.raise_for_status()
        status = reply.json()["status"]
        if status == 200 and wait:
            self.wait_for_inbox(f"telegram-{update.get('update_id')}", wait)
        return status

    def wait_for_inbox(self, message_key: str, seconds: float) -> None:
        """Until the inbox no longer holds this message (handled), or `seconds` have passed."""
        url = self.env.get("SAYIT_DB_URL") or f"sqlite:///{self.data_dir / 'sayit.db'}"
        engine = sa.create_engine(url)
        deadline = time.monotonic() + seconds
        try:
            while True:
                with engine.connect() as conn:
                    left = conn.execute(sa.text("SELECT count(*) FROM inbox WHERE message_key = :key"),
                                        {"key": message_key}).scalar_one()
                if not left or time.monotonic() > deadline:
                    return
                time.sleep(0.05)
        finally:
            engine.dispose()

    def telegram_voice(self, audio: bytes) -> dict:
        """A voice message a person records, kept by the fake for the bot to fetch; the Voice for their update."""
        reply = requests.post(f"http://127.0.0.1:{self.telegram_port}/voice", data=audio, timeout=30)
        reply.raise_for_status()
        return reply.json()

    def telegram_calls(self) -> list[dict]:
        """Every Bot API call the bot has made: {"method": ..., "params": {...}}."""
        return requests.get(f"http://127.0.0.1:{self.telegram_port}/received", timeout=10).json()

    def text(self, number: str, body: str, media: int = 0, wait: float = 60,
             sid: str | None = None) -> tuple[int, list[str]]:
        """Someone texting the bot (through the fake Twilio, which signs the webhook): status, and the texts back
        (in the webhook's answer, or sent through the API within `wait` seconds); `sid`, Twilio sending again."""
        reply = requests.post(f"http://127.0.0.1:{self.sms_port}/deliver", timeout=180,
                              json={"from": number, "body": body, "media": media, "wait": wait, "sid": sid})
        reply.raise_for_status()
        return reply.json()["status"], reply.json()["messages"]

    def exported(self, name: str = "answers.csv") -> list[dict[str, str]]:
        """`sayit export` of everything stored, words included, as the CSV's rows."""
        out = self.data_dir / name
        done = subprocess.run(SAYIT + ["export", "--format", "csv", "--include-free-text", "--out", str(out)],
                              cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        with out.open(encoding="utf-8") as f:
            return list(csv.DictReader(f))

    def texts_sent(self, number: str) -> list[str]:
        """Every text the bot has sent `number` through (the fake of) Twilio's REST API."""
        sent = requests.get(f"http://127.0.0.1:{self.sms_port}/sent", timeout=10).json()
        return [t["body"] for t in sent if t["to"] == number]

    def audio(self, clip_id: str) -> requests.Response:
        return requests.get(f"http://127.0.0.1:{self.port}/webhooks/webchat/audio/{clip_id}.mp3", timeout=60)

    def say(self, sender: str, text: str, port: int | None = None) -> list[dict]:
        """One message over the REST channel (to `port`, one of several Rasa servers, if given)."""
        reply = requests.post(f"http://127.0.0.1:{port or self.port}/webhooks/rest/webhook",
                              json={"sender": sender, "message": text}, timeout=60)
        reply.raise_for_status()
        return [m["custom"] for m in reply.json() if "custom" in m]

    def webchat_token(self) -> str:
        reply = requests.post(f"http://127.0.0.1:{self.port}/webhooks/webchat/session", timeout=60)
        reply.raise_for_status()
        return reply.json()["token"]

    def chat(self, token: str | None, text: str, **fields: object) -> requests.Response:
        """The web chat page sending one message with its session token (and a message id, a question id...)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.post(f"http://127.0.0.1:{self.port}/webhooks/webchat/webhook", headers=headers,
                             json={"message": text, **fields}, timeout=60)


def serving(data_dir: Path, args: tuple[str, ...] = (), **env: str) -> Iterator[Bot]:
    """For a module's fixture: a bot started in `data_dir` with these options and settings, then stopped (and
    checked to have stopped cleanly) once the module's tests are done."""
    bot = Bot(data_dir)
    bot.args.extend(args)
    bot.env.update(env)
    bot.start()
    yield bot
    bot.stop()
