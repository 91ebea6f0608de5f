"""A deployment over several machines (docs/deployment.md): `sayit serve` starts one server as `sayit run` does,
and the files in deploy/ say the same as the code."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import requests

from bot.cli.main import parser
from bot.running.nginx import nginx_config, proxy
from bot.running.serve import SHARED_SECRETS
from tests.running_bot import ROOT, SAYIT
from tests.services import free_port

DEPLOY = ROOT / "deploy"
SECRETS = {name: f"deployment-test-{name.lower()}-0123456789" for name in SHARED_SECRETS}


def serve_env(tmp_path: Path, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SHARED_SECRETS}
    return {**env, "SAYIT_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT), **more}


def test_serve_refuses_to_start_without_the_shared_secrets_and_names_them(tmp_path):
    done = subprocess.run(SAYIT + ["serve", "actions", "--port", str(free_port())], cwd=ROOT,
                          env=serve_env(tmp_path, SAYIT_PSEUDONYM_KEY=SECRETS["SAYIT_PSEUDONYM_KEY"]),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "SAYIT_ACTION_SERVER_TOKEN" in done.stdout and "SAYIT_WEBCHAT_SECRET" in done.stdout
    assert "SAYIT_PSEUDONYM_KEY (" not in done.stdout  # it was given
    assert "secrets.token_urlsafe" in done.stdout  # and how to make one


def test_serve_actions_becomes_the_action_server_itself(tmp_path):
    port = free_port()
    server = subprocess.Popen(SAYIT + ["serve", "actions", "--port", str(port)], cwd=ROOT,
                              env=serve_env(tmp_path, **SECRETS), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "the action server did not start"
            time.sleep(0.3)
        # the same process, now the server (so systemd's stop and restart reach the server itself)
        assert "rasa_extensions.action_server" in Path(f"/proc/{server.pid}/cmdline").read_text()
        refused = requests.post(f"http://127.0.0.1:{port}/webhook", json={}, timeout=10)
        assert refused.status_code == 401  # no secret, no action
    finally:
        server.terminate()
        server.wait(timeout=30)


def unit_command(name: str) -> list[str]:
    unit = (DEPLOY / "systemd" / name).read_text()
    command = re.search(r"^ExecStart=(.*)$", unit, re.M)
    assert command is not None
    words = command.group(1).replace("%i", "5005").replace("${SAYIT_RASA_INTERFACE}", "10.0.0.11").split()
    assert words[0] == "/opt/sayit/.venv/bin/sayit"
    assert "EnvironmentFile=/etc/sayit/sayit.env" in unit and "UMask=0077" in unit
    return words[1:]


def test_the_systemd_units_run_commands_sayit_takes():
    rasa = parser().parse_args(unit_command("sayit-rasa@.service"))
    assert (rasa.server, rasa.port, rasa.interface, rasa.behind_proxy) == ("rasa", 5005, "10.0.0.11", True)
    actions = parser().parse_args(unit_command("sayit-actions@.service"))
    assert (actions.server, actions.port) == ("actions", 5005)


def test_the_nginx_site_passes_requests_on_exactly_as_sayit_run_does(tmp_path):
    site = (DEPLOY / "nginx" / "sayit.conf").read_text()
    assert proxy("sayit_rasa", 60) in site
    assert "access_log off;" in site and "ssl_certificate " in site
    ours = nginx_config(tmp_path, "127.0.0.1", 1, [2], 3, [4])
    for setting in ("client_max_body_size", "client_body_buffer_size"):
        line = re.search(setting + r" \d+;", ours)
        assert line is not None and line.group(0) in site


def test_the_environment_file_sets_what_several_servers_share_and_only_settings_sayit_reads():
    example = (DEPLOY / "sayit.env.example").read_text()
    names = re.findall(r"^(SAYIT_[A-Z_]+)=", example, re.M)
    assert set(SHARED_SECRETS) | {"SAYIT_DB_URL", "SAYIT_REDIS_URL", "SAYIT_PROFILE"} <= set(names)
    read = "\n".join(p.read_text() for p in (ROOT / "bot").rglob("*.py"))
    assert [n for n in names if f'"{n}"' not in read] == []
    assert "SAYIT_DB_URL=postgresql://" in example and "SAYIT_PROFILE=production" in example
