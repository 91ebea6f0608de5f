"""Safeguarding follow-up: the webhook alert (bot/notify.py) to a real HTTP server on loopback, and the
safeguarding lead's `sayit concerns` list."""

import hashlib
import hmac
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from bot.conversation import Conversation, Incoming
from bot.settings import Settings
from bot.store import SurveyStore

ROOT = Path(__file__).resolve().parents[1]
SECRET = "webhook-secret-for-tests"


@pytest.fixture
def webhook():
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers, body))  # header names are case-insensitive here
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/alerts", received
    server.shutdown()


def on_the_first_question(tmp_path, surveys):
    """A young person at the first question, with the alert threads kept so a test can wait for them."""
    db = f"sqlite:///{tmp_path}/s.db"
    store = SurveyStore.open(db)
    talk = Conversation(store, surveys, Settings(db, b"k" * 20, "shropshire_annual_review", "en"))
    talk.handle(Incoming("rest", "someone", "hi"))
    talk.handle(Incoming("rest", "someone", "me"))
    sent = []
    original = talk.notifier.send_soon
    talk.notifier.send_soon = lambda alert: sent.append(original(alert))
    return store, talk, sent


def test_a_concern_alerts_the_lead_without_the_childs_words(tmp_path, surveys, webhook, monkeypatch):
    url, received = webhook
    monkeypatch.setenv("SAYIT_CONCERN_WEBHOOK", url)
    monkeypatch.setenv("SAYIT_CONCERN_WEBHOOK_SECRET", SECRET)
    store, talk, sent = on_the_first_question(tmp_path, surveys)
    talk.handle(Incoming("rest", "someone", "my dad hits me"))
    sent[0].join(timeout=30)

    assert len(received) == 1
    headers, body = received[0]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-SayIt-Signature"] == expected
    alert = json.loads(body)
    concern = store.concerns()[0]
    assert alert["event"] == "concern_raised" and alert["concern_id"] == concern["id"]
    assert alert["survey"] == "shropshire_annual_review"
    assert b"hits" not in body  # the words stay in the database
    assert concern["notified_at"] is not None
    store.close()


def test_a_failing_webhook_never_stops_the_conversation(tmp_path, surveys, monkeypatch):
    monkeypatch.setenv("SAYIT_CONCERN_WEBHOOK", "http://127.0.0.1:9/nothing-listens-here")
    store, talk, sent = on_the_first_question(tmp_path, surveys)
    assert talk.handle(Incoming("rest", "someone", "I want to hurt myself"))[0].custom["type"] == "safeguarding"
    sent[0].join(timeout=30)
    assert store.concerns()[0]["notified_at"] is None
    store.close()


def sayit(*args, env):
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), **env), timeout=120)


def test_the_lead_lists_and_reviews_concerns(tmp_path, surveys):
    db = f"sqlite:///{tmp_path}/s.db"
    store = SurveyStore.open(db)
    talk = Conversation(store, surveys, Settings(db, b"k" * 20, "shropshire_annual_review", "en"))
    for text in ("hi", "me", "I'm scared to go home"):
        talk.handle(Incoming("rest", "someone", text))
    env = {"SAYIT_DB_URL": db, "SAYIT_SAFEGUARDING_LEAD": "Sam Lee, Designated Safeguarding Lead"}

    listed = sayit("concerns", env=env)
    assert listed.returncode == 0
    assert "Concerns for Sam Lee, Designated Safeguarding Lead: 1 waiting for review" in listed.stdout
    assert "said: I'm scared to go home" in listed.stdout and "question yp_voice_communicate" in listed.stdout
    concern_id = json.loads(sayit("concerns", "--json", env=env).stdout)[0]["id"]

    assert sayit("concerns", "--reviewed", str(concern_id), env=env).returncode == 2  # who reviewed it?
    done = sayit("concerns", "--reviewed", str(concern_id), "--by", "Sam Lee", env=env)
    assert done.returncode == 0
    assert "0 waiting for review" in sayit("concerns", env=env).stdout
    everything = json.loads(sayit("concerns", "--all", "--json", env=env).stdout)
    assert everything[0]["reviewed_by"] == "Sam Lee"
    assert sayit("concerns", "--reviewed", "999", "--by", "Sam", env=env).returncode == 2
    store.close()
