"""Shared fixtures: a real store on SQLite and on PostgreSQL, a conversation over it, and a local fake of Google's
speech with the data folder beside it."""

from __future__ import annotations

import os

import pytest

from bot.dialogue.conversation import Conversation
from bot.dialogue.incoming import Incoming
from bot.fakes.google_tts import FakeGoogleTTS
from bot.settings import Settings
from bot.store.survey_store import SurveyStore
from bot.surveys.loading import load_surveys
from tests.services import postgres_database

TEST_KEY = "test-pseudonym-key-0123456789"


def postgres_url() -> str:
    url = os.environ.get("SAYIT_TEST_POSTGRES_URL")
    if not url:
        pytest.fail("SAYIT_TEST_POSTGRES_URL is not set: run the tests with `make test`, which starts PostgreSQL")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sayit.db'}"
        return
    with postgres_database(postgres_url()) as url:
        yield url


@pytest.fixture
def store(db_url):
    s = SurveyStore.open(db_url)
    yield s
    s.close()


@pytest.fixture(scope="session")
def surveys():
    return load_surveys()


@pytest.fixture
def settings(db_url):
    return Settings(db_url=db_url, pseudonym_key=TEST_KEY.encode(), survey="shropshire_annual_review",
                    language="en")


@pytest.fixture
def chat(store, surveys, settings):
    """Send one message as one sender and get the bot's replies back."""
    conversation = Conversation(store, surveys, settings)

    def send(text, sender="person-1", **kw):
        return conversation.handle(Incoming("rest", sender, text, **kw))

    send.conversation = conversation
    return send


@pytest.fixture
def young_person(chat):
    """A young person at the first question of the default survey (yp_voice_communicate), in English."""
    chat("hello")
    chat("English")
    assert chat("me")[-1].custom["question_id"] == "yp_voice_communicate"
    return chat


@pytest.fixture
def google(monkeypatch, tmp_path):
    """A local fake of Google's speech, and a data folder and SQLite store of the test's own."""
    fake = FakeGoogleTTS().start()
    monkeypatch.setenv("SAYIT_TTS_URL", fake.url)
    monkeypatch.setenv("SAYIT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SAYIT_DB_URL", f"sqlite:///{tmp_path / 'sayit.db'}")
    yield fake
    fake.shutdown()
    fake.server_close()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    from tests.services import redis_server

    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url
