"""Rasa's action-response check built once (rasa_extensions/action_response_check.py), installed by the Rasa
server's own entry point (rasa_extensions/server.py), which `sayit run` and the benchmark start."""

import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema.exceptions import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.running import runner
from rasa_extensions import action_response_check

ROOT = Path(__file__).resolve().parents[1]


def test_the_check_refuses_what_rasas_own_refuses_and_passes_what_it_passes():
    action_response_check.install()
    action_response_check.install()  # twice is once
    action = RemoteAction("action_converse", None)
    assert action._validate_action_result({"events": [], "responses": [{"text": "hi", "custom": {}}]})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list", "responses": []})


def test_the_rasa_server_is_started_through_the_entry_point_that_installs_it(tmp_path, monkeypatch):
    spawned = []
    monkeypatch.setattr(runner.Servers, "_spawn", lambda self, name, cmd, env=None: spawned.append((name, cmd)))
    monkeypatch.setattr(runner.Servers, "_start_local_fakes", lambda self: None)
    (tmp_path / "logs").mkdir()
    runner.Servers("127.0.0.1", runner.Ports(), tmp_path / "logs").start()
    rasa = dict(spawned)["rasa"]
    assert rasa[1:4] == ["-m", "rasa_extensions.server", "run"]
    shown = subprocess.run([sys.executable, "-m", "rasa_extensions.server", "--version"], cwd=ROOT,
                           capture_output=True, text=True, timeout=300)
    assert shown.returncode == 0 and "Rasa Version" in shown.stdout  # Rasa's own command line, untouched
