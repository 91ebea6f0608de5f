"""The action server (rasa_extensions/action_server.py), started for real: it listens on loopback only, stores
nothing for a caller without the Rasa server's secret, and never sends a tracker back when an action fails."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
import requests
import sqlalchemy as sa
from rasa.utils.endpoints import read_endpoint_config

from bot.running.server_config import action_endpoints
from tests.running_bot import ROOT, free_port

TOKEN = "action-server-test-token-0123456789"
SENDER = "someone-9f2c41"


def call(text: str, message_id: str) -> dict:
    """An action call as the Rasa server makes it, for one typed message."""
    user = {"event": "user", "text": text, "message_id": message_id, "metadata": {},
            "parse_data": {"intent": {"name": "greet", "confidence": 1.0}, "entities": []}}
    return {"next_action": "action_converse", "sender_id": SENDER, "version": "3.6.2", "domain": {},
            "tracker": {"sender_id": SENDER, "slots": {}, "events": [user], "latest_input_channel": "rest",
                        "latest_message": {"text": text, "intent": {"name": "greet", "confidence": 1.0},
                                           "entities": []}}}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("actions")
    port = free_port()
    env = dict(os.environ, SAYIT_DATA_DIR=str(data), SAYIT_PSEUDONYM_KEY="action-key-0123456789",
               SAYIT_ACTION_SERVER_TOKEN=TOKEN, PYTHONPATH=str(ROOT))
    env.pop("SAYIT_DB_URL", None)
    log = (data / "actions.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "rasa_extensions.action_server", "--port", str(port)],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        assert process.poll() is None, (data / "actions.log").read_text()
        try:
            requests.get(url + "/health", timeout=1)
            break
        except requests.ConnectionError:
            assert time.monotonic() < deadline, "the action server did not start in 120 s"
            time.sleep(0.3)
    yield url, port, data
    process.terminate()
    process.wait(timeout=30)


def stored_answers(data) -> int:
    db = data / "sayit.db"
    if not db.exists():
        return 0
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM sessions")).scalar_one()
    engine.dispose()
    return int(count)


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on `port`, from the kernel's own table."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in f.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.rsplit(":", 1)
                if int(hex_port, 16) == port and state == "0A":  # 0A: LISTEN
                    found.add(address)
    return found


def test_it_listens_on_loopback_only(server):
    _, port, _ = server
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, and not 0.0.0.0 or ::


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", f"Bearer {TOKEN}x", TOKEN, f"bearer {TOKEN}"])
def test_a_call_without_the_secret_is_refused_and_stores_nothing(server, header):
    url, _, data = server
    headers = {"Authorization": header} if header else {}
    reply = requests.post(url + "/webhook", json=call("hello", f"m-{header}"), headers=headers, timeout=30)
    assert reply.status_code == 401
    assert SENDER not in reply.text
    assert requests.get(url + "/actions", headers=headers, timeout=30).status_code == 401
    assert stored_answers(data) == 0


def test_the_rasa_servers_call_with_the_secret_is_answered(server):
    url, _, data = server
    reply = requests.post(url + "/webhook", json=call("hello", "m-ok"), timeout=60,
                          headers={"Authorization": f"Bearer {TOKEN}"})
    assert reply.status_code == 200, reply.text
    assert reply.json()["responses"][0]["custom"]["type"] == "choose_language"
    assert stored_answers(data) == 1


def test_a_failed_action_sends_back_nothing_of_the_tracker(server):
    url, _, _ = server
    broken = call("my secret words", "m-broken")
    broken["tracker"]["events"] = "not a list of events"
    reply = requests.post(url + "/webhook", json=broken, timeout=60, headers={"Authorization": f"Bearer {TOKEN}"})
    assert reply.status_code == 500
    assert SENDER not in reply.text and "secret words" not in reply.text
    log = (server[2] / "actions.log").read_text()
    assert SENDER not in log and "secret words" not in log


def test_sayit_run_gives_the_rasa_server_the_secret_by_name_only(tmp_path, monkeypatch):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(action_endpoints(5999))
    assert TOKEN not in endpoints.read_text()
    monkeypatch.setenv("SAYIT_ACTION_SERVER_TOKEN", TOKEN)
    config = read_endpoint_config(str(endpoints), "action_endpoint")
    assert config.url == "http://127.0.0.1:5999/webhook"
    assert config.headers == {"Authorization": f"Bearer {TOKEN}"}
