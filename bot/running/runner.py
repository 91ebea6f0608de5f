"""`sayit run`: train if the training data changed, start the action server and the Rasa server, wait
until both answer, and stop them both cleanly on Ctrl-C (or SIGTERM).

This module starts Rasa as a separate process; it never imports it, so bot/ stays free of Rasa.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from bot.fakes.google_tts import PATH as FAKE_TTS_PATH
from bot.listening import check_engines
from bot.listening.engines import configured_languages
from bot.running.progress import Progress
from bot.running.scaling import Layout, layout, nginx_for
from bot.running.server_config import (
    BEHIND_PROXY,
    LOOPBACK,
    MODEL,
    REST_CHANNEL,
    action_command,
    channel_credentials,
    rasa_command,
    write_server_files,
)
from bot.running.server_logs import ServerLog
from bot.settings import (
    PROJECT_ROOT,
    SettingsError,
    action_server_token,
    data_dir,
    database_url,
    environment,
    given,
    log_backups,
    log_max_bytes,
    max_request_bytes,
    provide,
    webchat_secret,
    withdraw,
)

MODEL_DIR = PROJECT_ROOT / "models"
FINGERPRINT = MODEL_DIR / "sayit.fingerprint"
TRAINING_FILES = ("config.yml", "domain.yml", "data")
READY_TIMEOUT = 300.0
RESTART_DELAYS = (1, 2, 5, 10, 30)  # seconds before a stopped server is started again, longer each time in a row
STEADY_AFTER = 60.0  # a server that ran this long had recovered: if it stops again, the delays start over
PR_SET_PDEATHSIG = 1


def say(line: str) -> None:
    print(line, flush=True)


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = environment()
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    # Sanic (under Rasa and rasa_sdk) takes its settings from SANIC_ variables: refuse huge bodies at the edge
    env["SANIC_REQUEST_MAX_SIZE"] = str(max_request_bytes())
    # Rasa listens with a backlog of 100 unaccepted connections: a burst of 300 replies had a third reset
    env.setdefault("SANIC_BACKLOG", "1024")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    env.update(extra or {})
    return env


def ensure_local_secret() -> None:
    """A demo needs a pseudonym key; a real deployment sets SAYIT_PSEUDONYM_KEY itself."""
    if given("SAYIT_PSEUDONYM_KEY"):
        return
    path = data_dir() / "pseudonym.key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
        say(f"No SAYIT_PSEUDONYM_KEY set: made a local one in {path} (set the variable in production).")
    provide(SAYIT_PSEUDONYM_KEY=path.read_text().strip())


def training_fingerprint() -> str:
    digest = hashlib.sha256(f"rasa {version('rasa')}".encode())
    for name in TRAINING_FILES:
        root = PROJECT_ROOT / name
        for path in sorted([root] if root.is_file() else root.rglob("*.yml")):
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def wait_for(process: subprocess.Popen, what: str) -> float:
    """Show progress while `process` runs; raise if it fails; return how long it took."""
    progress = Progress(what)
    while process.poll() is None:
        progress.tick()
        time.sleep(0.5)
    took = progress.done()
    if process.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {process.returncode})")
    return took


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def train_if_changed(force: bool = False) -> int:
    fingerprint = training_fingerprint()
    if not force and MODEL.exists() and FINGERPRINT.exists() and FINGERPRINT.read_text() == fingerprint:
        say(f"[1/3] Model is up to date ({MODEL.relative_to(PROJECT_ROOT)}).")
        return 0
    say("[1/3] Training data changed: training the model (log: var/logs/train.log).")
    log = (log_dir() / "train.log").open("w")
    cmd = [sys.executable, "-m", "rasa", "train", "--fixed-model-name", "sayit", "--out", str(MODEL_DIR)]
    try:
        took = wait_for(subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=child_env(), stdout=log,
                                         stderr=subprocess.STDOUT), "Training")
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}; see {log.name} for why") from exc
    FINGERPRINT.write_text(fingerprint)
    say(f"  Trained in {took:.1f} s.")
    return 0


def ensure_run_secrets() -> None:
    """Secrets made fresh for each run if unset: the one the Rasa server shows the action server, so it answers
    no one else, and the one that signs the web chat's session tokens."""
    if not action_server_token():
        provide(SAYIT_ACTION_SERVER_TOKEN=secrets.token_urlsafe(32))
    if not webchat_secret():
        provide(SAYIT_WEBCHAT_SECRET=secrets.token_urlsafe(32))


def die_with_parent() -> None:
    """Run in each server just before it starts: if `sayit run` itself is killed outright (SIGKILL, the OOM
    killer), the kernel stops the server too, so no server is left holding its port."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


@dataclass(frozen=True)
class Ports:
    rasa: int = 5005
    actions: int = 5055
    speech: int = 5070  # the local fakes of outside services, started when their settings are not given
    telegram: int = 5071
    sms: int = 5072


class Servers:
    """The Rasa server and the action server as child processes, started and stopped together, with local
    fakes of the outside services that are not set up."""

    def __init__(self, host: str, ports: Ports, log_dir: Path, servers: Layout | None = None):
        self.host, self.ports, self.log_dir = host, ports, log_dir
        self.servers = servers or Layout([ports.rasa], [ports.actions])
        self.children: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, ServerLog] = {}
        self.commands: dict[str, tuple[list[str], dict[str, str]]] = {}
        self.started_at: dict[str, float] = {}
        self.stops_in_a_row: dict[str, int] = {}
        self.checks: dict[str, str] = {}
        self.telegram_fake = False

    def start(self) -> None:
        say(f"[2/3] Starting the action server and the Rasa server (logs: {self.log_dir}).")
        self._start_local_fakes()
        endpoints, credentials = write_server_files(self.log_dir.parent, self.host, self.ports.actions)
        ensure_run_secrets()
        rasa_ports, action_ports = self.servers.rasa_ports, self.servers.action_ports
        behind = self.servers.behind_nginx
        if behind:
            self._spawn("nginx", nginx_for(self.log_dir.parent / "nginx", self.host, self.ports.rasa,
                                           self.ports.actions, self.servers))
            self.checks["nginx"] = f"http://127.0.0.1:{self.ports.rasa}/"
            say(f"  {len(rasa_ports)} Rasa servers and {len(action_ports)} action servers behind nginx on port "
                f"{self.ports.rasa} (trackers and locks in Redis, answers in {database_url().split(':', 1)[0]})")
        for index, port in enumerate(action_ports):
            name = Layout.name("actions", index, len(action_ports))
            self._spawn(name, action_command(port))
            self.checks[name] = f"http://127.0.0.1:{port}/health"
        for index, port in enumerate(rasa_ports):
            name = Layout.name("rasa", index, len(rasa_ports))
            self._spawn(name, rasa_command(port, "127.0.0.1" if behind else self.host, credentials, endpoints),
                        BEHIND_PROXY if behind else {})
            self.checks[name] = f"http://127.0.0.1:{port}/"

    def _fake(self, name: str, module: str, port: int, *args: str) -> str:
        self._spawn(name, [sys.executable, "-m", module, "--port", str(port), *args])
        root = f"http://127.0.0.1:{port}"
        self.checks[name] = root + "/received"
        return root

    def _start_local_fakes(self) -> None:
        """The embedded defaults: each outside service that has no settings is a local fake, so the demo
        works offline and nothing leaves the machine."""
        if given("SAYIT_TTS_URL") is None:
            fake = self._fake("speech", "bot.fakes.google_tts", self.ports.speech)
            provide(SAYIT_TTS_URL=fake + FAKE_TTS_PATH)
            say(f"  Speech: a local fake of Google's (silent audio) on port {self.ports.speech}; "
                "set SAYIT_TTS_URL=google for real voices.")
        if not given("SAYIT_TELEGRAM_TOKEN"):
            token = "7000001:sayit-local-" + secrets.token_hex(8)
            root = self._fake("telegram", "bot.fakes.telegram_api", self.ports.telegram, "--token", token)
            provide(SAYIT_TELEGRAM_TOKEN=token, SAYIT_TELEGRAM_API_URL=root + "/bot",
                              SAYIT_TELEGRAM_WEBHOOK_SECRET=secrets.token_urlsafe(24))
            self.telegram_fake = True
            say(f"  Telegram: a local fake of the Bot API on port {self.ports.telegram} (POST an Update to "
                f"{root}/deliver); set SAYIT_TELEGRAM_TOKEN for a real bot.")

        if not given("SAYIT_TWILIO_AUTH_TOKEN"):
            provide(SAYIT_TWILIO_ACCOUNT_SID="AC" + secrets.token_hex(16),
                              SAYIT_TWILIO_AUTH_TOKEN=secrets.token_hex(16))
            withdraw("SAYIT_SMS_WEBHOOK_URL")
            root = self._fake("sms", "bot.fakes.twilio_api", self.ports.sms,
                              "--webhook", f"http://127.0.0.1:{self.ports.rasa}/webhooks/sms/webhook")
            provide(SAYIT_TWILIO_API_URL=root)  # replies go back through the fake's copy of Twilio's REST API
            say(f"  SMS: a local fake of Twilio on port {self.ports.sms} (POST {{\"from\": ..., \"body\": ...}} "
                f"to {root}/deliver); set SAYIT_TWILIO_AUTH_TOKEN for real texts.")

    def connect_local_fakes(self) -> None:
        """Once everything answers: register the webhook with the fake Bot API, as `sayit telegram webhook` would."""
        if self.telegram_fake:
            from bot.running.telegram_webhook import set_webhook

            set_webhook(f"http://127.0.0.1:{self.ports.rasa}/webhooks/telegram/webhook")

    def _spawn(self, name: str, cmd: list[str], env: dict[str, str] | None = None) -> None:
        if name not in self.logs:
            self.logs[name] = ServerLog(self.log_dir / f"{name}.log", log_max_bytes(), log_backups())
        self.commands[name], self.started_at[name] = (cmd, env or {}), time.monotonic()
        child = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=child_env(env), stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=die_with_parent)
        assert child.stdout is not None
        self.logs[name].follow(child.stdout)
        self.children[name] = child

    def wait_until_ready(self) -> float:
        progress = Progress("Waiting for the servers")
        checks = self.checks
        ready: set[str] = set()
        while ready != set(checks):
            for name, child in self.children.items():
                if child.poll() is not None:
                    raise RuntimeError(f"the {name} server stopped while starting (exit {child.returncode}); "
                                       f"see var/logs/{name}.log")
            ready |= {name for name, url in checks.items() if name not in ready and answers(url)}
            if progress.elapsed > READY_TIMEOUT:
                raise RuntimeError(f"the servers did not answer within {READY_TIMEOUT:.0f} s; see var/logs/")
            progress.tick(f"Waiting for {' and '.join(sorted(set(checks) - ready))}")
            time.sleep(0.25)
        return progress.done()

    def watch(self) -> None:
        """Keep every server running until told to stop: one that stops by itself is started again, after a
        delay that grows while it keeps stopping, and the others stay up meanwhile."""
        while True:
            for name, child in list(self.children.items()):
                if child.poll() is None:
                    continue
                if time.monotonic() - self.started_at[name] > STEADY_AFTER:
                    self.stops_in_a_row[name] = 0
                times = self.stops_in_a_row.get(name, 0)
                self.stops_in_a_row[name] = times + 1
                delay = RESTART_DELAYS[min(times, len(RESTART_DELAYS) - 1)]
                say(f"The {name} server stopped (exit {child.returncode}); starting it again in {delay} s "
                    f"(see var/logs/{name}.log).")
                time.sleep(delay)
                self._spawn(name, *self.commands[name])
            time.sleep(0.5)

    def stop(self) -> None:
        for child in self.children.values():
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in self.children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()


def run(host: str, ports: Ports, rasa_servers: int = 1, action_servers: int = 1) -> int:
    # the database, the logs and the key hold children's data: readable by this user alone, whoever made them
    os.umask(0o077)
    data = data_dir()
    for path in [data, *data.rglob("*")] if data.exists() else []:
        path.chmod(path.stat().st_mode & 0o700)
    ensure_local_secret()
    try:  # a recogniser that cannot be made stops start-up with what to fix, not the first spoken answer
        check_engines()
        servers_at = layout(ports.rasa, ports.actions, rasa_servers, action_servers)
    except SettingsError as exc:
        say(f"SayIt could not start: {exc}")
        return 1
    train_if_changed()
    servers = Servers(host, ports, log_dir(), servers_at)

    def stop_on_signal(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    # Ctrl-C too, not only SIGTERM: a shell starting `sayit run` as a background job (`&`) hands it SIGINT
    # ignored, and Python then never turns Ctrl-C into KeyboardInterrupt; the servers would run on for ever
    signal.signal(signal.SIGINT, stop_on_signal)
    signal.signal(signal.SIGTERM, stop_on_signal)
    try:
        servers.start()
        took = servers.wait_until_ready()
        servers.connect_local_fakes()
        shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
        say(f"[3/3] SayIt is ready after {took:.1f} s.")
        say(f"  Web chat:     http://{shown}:{ports.rasa}/webhooks/webchat/chat")
        if REST_CHANNEL.search(channel_credentials(host)):
            say(f"  REST channel: http://{shown}:{ports.rasa}/webhooks/rest/webhook (local use and tests only)")
        else:
            say("  REST channel: off (it trusts any sender id; on only in the local profile on loopback)")
        say(f"  Telegram:     http://{shown}:{ports.rasa}/webhooks/telegram/webhook")
        say(f"  SMS (Twilio): http://{shown}:{ports.rasa}/webhooks/sms/webhook")
        say(f"  Voice:        spoken answers heard in {', '.join(sorted(configured_languages()))} "
            "(SAYIT_SPEECH_ENGINES adds others)")
        if host in LOOPBACK:
            say(f"  Listening on {host} only: nobody else can reach it (--host opens it to others).")
        else:
            say(f"  Listening on {host}: others can reach it; the action server stays on 127.0.0.1.")
        say("  Press Ctrl-C to stop.")
        servers.watch()
        return 0
    except KeyboardInterrupt:
        say("\nStopping SayIt...")
        return 0
    except RuntimeError as exc:
        say(f"\nSayIt could not start: {exc}")
        return 1
    finally:
        # a second Ctrl-C or SIGTERM must not cut the stopping short and leave servers behind
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        servers.stop()
        say("Stopped.")
