"""Safeguarding follow-up: the webhook alert to a real HTTP server on loopback, the email alert to a real SMTP
server on loopback (aiosmtpd), and the safeguarding lead's `sayit concerns` list."""

import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from bot.dialogue.conversation import Conversation
from bot.dialogue.incoming import Incoming
from bot.settings import Settings, SettingsError
from bot.store.survey_store import SurveyStore

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
    talk.handle(Incoming("rest", "someone", "English"))
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


class Mailbox:
    """A real SMTP server on loopback that keeps what it is sent, and refuses a wrong login."""

    def __init__(self):
        self.messages = []
        self.logins = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode()))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        self.logins.append(auth_data.login)
        return AuthResult(success=auth_data.password == b"mail-password-from-env", handled=False)


@pytest.fixture
def mailbox(monkeypatch):
    box = Mailbox()
    with socket.socket() as probe:  # aiosmtpd's start-up check cannot use port 0, so take a free port first
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port, authenticator=box.authenticate,
                            auth_require_tls=False)
    controller.start()
    monkeypatch.setenv("SAYIT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SAYIT_SMTP_PORT", str(port))
    monkeypatch.setenv("SAYIT_SMTP_STARTTLS", "0")  # loopback test server without a certificate
    monkeypatch.setenv("SAYIT_CONCERN_EMAIL_TO", "dsl@council.example, safeguarding@council.example")
    monkeypatch.setenv("SAYIT_CONCERN_EMAIL_FROM", "sayit@council.example")
    yield box
    controller.stop()


def test_a_concern_emails_the_lead_without_the_childs_words(tmp_path, surveys, mailbox, monkeypatch):
    monkeypatch.setenv("SAYIT_SMTP_USER", "sayit")
    monkeypatch.setenv("SAYIT_SMTP_PASSWORD", "mail-password-from-env")
    store, talk, sent = on_the_first_question(tmp_path, surveys)
    talk.handle(Incoming("rest", "someone", "my dad hits me"))
    sent[0].join(timeout=30)

    assert mailbox.logins == [b"sayit"]
    (recipients, text), = mailbox.messages
    assert recipients == ["dsl@council.example", "safeguarding@council.example"]
    concern = store.concerns()[0]
    assert f"Subject: SayIt: concern {concern['id']} needs a safeguarding review" in text
    assert f"session_id: {concern['session_id']}" in text and "sayit concerns --reviewed" in text
    assert "hits" not in text and "dad" not in text  # the words stay in the database
    assert concern["notified_at"] is not None
    store.close()


def test_a_refused_email_login_leaves_the_concern_not_notified(tmp_path, surveys, mailbox, monkeypatch):
    monkeypatch.setenv("SAYIT_SMTP_USER", "sayit")
    monkeypatch.setenv("SAYIT_SMTP_PASSWORD", "wrong")
    store, talk, sent = on_the_first_question(tmp_path, surveys)
    assert talk.handle(Incoming("rest", "someone", "I want to hurt myself"))[0].custom["type"] == "safeguarding"
    sent[0].join(timeout=30)
    assert mailbox.messages == [] and store.concerns()[0]["notified_at"] is None
    store.close()


def test_one_working_channel_is_enough_to_count_as_notified(tmp_path, surveys, mailbox, monkeypatch):
    monkeypatch.setenv("SAYIT_CONCERN_WEBHOOK", "http://127.0.0.1:9/nothing-listens-here")
    store, talk, sent = on_the_first_question(tmp_path, surveys)
    talk.handle(Incoming("rest", "someone", "my dad hits me"))
    sent[0].join(timeout=30)
    assert len(mailbox.messages) == 1 and store.concerns()[0]["notified_at"] is not None
    store.close()


def test_email_without_a_mail_server_is_refused_at_start_saying_what_to_set(tmp_path, surveys, monkeypatch):
    monkeypatch.setenv("SAYIT_CONCERN_EMAIL_TO", "dsl@council.example")
    monkeypatch.delenv("SAYIT_SMTP_HOST", raising=False)
    with pytest.raises(SettingsError, match="SAYIT_SMTP_HOST"):
        on_the_first_question(tmp_path, surveys)


def sayit(*args, env):
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), **env), timeout=120)


def test_the_lead_lists_and_reviews_concerns(tmp_path, surveys):
    db = f"sqlite:///{tmp_path}/s.db"
    store = SurveyStore.open(db)
    talk = Conversation(store, surveys, Settings(db, b"k" * 20, "shropshire_annual_review", "en"))
    for text in ("English", "me", "I'm scared to go home"):
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


def test_a_word_list_with_no_concern_patterns_flags_nothing_by_pattern():
    from dataclasses import replace

    from bot.understanding.lexicon import load_lexicon
    from bot.understanding.normalise import normalise
    from bot.understanding.safeguarding import suggests_concern
    bare = replace(load_lexicon("en"), concern=(), not_concern=())  # an alternation of none would match anything
    assert not suggests_concern(normalise("we went to the park and had chips"), bare)


# Disclosures in a child's or parent's words that the word lists name (without the learnt model), one kind of sign
# each: written for this test, not taken from any labelled set; beside them, everyday sentences that share a word.
LISTED_DISCLOSURES = {
    "en": ["she's been cutting again since christmas", "i have written goodbye letters to my friends",
           "mums gone again and there's nothing in", "a teaching assistant told her to delete the messages"],
    "cy": ["dwi isio rhedeg i ffwrdd o fama"],
    "pl": ["boję się kierowcy"],
    "ro": ["profesorul mi-a zis să nu le spun părinților"],
    "ar": ["أخوي يجرح نفسه كل يوم", "fi walad hayestanani ba3d el madrase w ma3ah sekina"],
    "bn": ["ami bari theke paliye jabo", "mone hoy mora gele bhalo"],
    "ur": ["kabhi lagta hai mar jaun to acha hai"],
}
LOOK_ALIKES = {"en": ["we went away for days to the seaside", "my son makes his own tea on fridays now"],
               "cy": ["rhedeg yn y parc efo fy nhad"], "bn": ["amar dulabhai khub bhalo manush"]}


def test_the_word_lists_name_disclosures_in_every_language_and_not_their_look_alikes():
    from bot.understanding.lexicon import load_lexicon
    from bot.understanding.normalise import normalise
    from bot.understanding.safeguarding import suggests_concern
    for lang, texts in LISTED_DISCLOSURES.items():
        for text in texts:
            assert suggests_concern(normalise(text), load_lexicon(lang)), (lang, text)
    for lang, texts in LOOK_ALIKES.items():
        for text in texts:
            assert not suggests_concern(normalise(text), load_lexicon(lang)), (lang, text)
