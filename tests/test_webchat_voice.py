"""The web chat's microphone (issue 15): `POST /webhooks/webchat/voice` over real HTTP on loopback against the real
servers, and the record button in headless Chromium, whose fake microphone plays a WAV that espeak-ng made."""

from __future__ import annotations

import sqlite3
import subprocess
import uuid

import pytest
import requests

from bot.store.voice_inbox import MAX_VOICE_BYTES
from bot.translation import messages as m
from bot.translation.speaker import Speaker
from tests.running_bot import Bot

FIRST = "yp_voice_communicate"  # the young person's first question, a 1-5 scale


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    b = Bot(tmp_path_factory.mktemp("webchat-voice"))
    # heard clips are kept a day, so every clip the endpoint takes can be counted, heard or not
    b.env.update(SAYIT_MESSAGES_PER_MINUTE="12", SAYIT_REQUESTS_PER_MINUTE_PER_ADDRESS="100000",
                 SAYIT_KEEP_VOICE_DAYS="1")
    b.start()
    yield b
    b.stop()


@pytest.fixture(scope="module")
def four_wav(tmp_path_factory):
    """"four" said by espeak-ng, as 16 kHz mono WAV with half a second of silence before and a second after."""
    folder = tmp_path_factory.mktemp("four")
    said, four = folder / "said.wav", folder / "four.wav"
    subprocess.run(["espeak-ng", "-w", str(said), "four"], check=True, timeout=60)
    subprocess.run(["sox", str(said), "-r", "16000", "-c", "1", "-b", "16", str(four), "pad", "0.5", "1"], check=True,
                   timeout=60)
    return four


def clips_kept(bot: Bot) -> int:
    with sqlite3.connect(bot.data_dir / "sayit.db") as db:
        return db.execute("select count(*) from voice_clips").fetchone()[0]


def at_first_question(bot: Bot) -> str:
    """A new web chat session, in English, as a young person, at the first question: its token."""
    token = bot.webchat_token()
    bot.chat(token, "English")
    shown = bot.chat(token, "me").json()
    assert shown[-1]["custom"]["question_id"] == FIRST, shown
    return token


def speak(bot: Bot, token: str | None, audio: object, content_type: str | None = "audio/wav",
          **query: str) -> requests.Response:
    """The page sending a recording: the clip as the body, its message id and the question on screen in the query."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if content_type:
        headers["Content-Type"] = content_type
    params = {"message_id": uuid.uuid4().hex, "question_id": FIRST, **query}
    return requests.post(f"http://127.0.0.1:{bot.port}/webhooks/webchat/voice", headers=headers, params=params,
                         data=audio, timeout=120)


# ---- the endpoint ----

def test_a_recording_with_no_token_or_a_false_one_is_refused_and_nothing_is_kept(bot, four_wav):
    audio = four_wav.read_bytes()
    token = at_first_question(bot)
    before = clips_kept(bot)
    for false in (None, "not-a-token", token + "0"):
        refused = speak(bot, false, audio)
        assert refused.status_code == 401 and "session" in refused.json()["error"]
        assert "X-SayIt-Token" not in refused.headers
    assert clips_kept(bot) == before
    # the same recording with the session's own token is kept, and the conversation answers it
    taken = speak(bot, token, audio)
    assert taken.status_code == 200, taken.text
    assert taken.json() and all(set(msg) >= {"text", "buttons", "custom"} for msg in taken.json())
    assert taken.headers["X-SayIt-Token"].split(".")[0] == token.split(".")[0]  # renewed, the same session
    assert clips_kept(bot) == before + 1


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "audio/mpeg", "video/webm", None])
def test_a_body_that_is_not_a_recording_the_page_makes_is_refused_kindly(bot, four_wav, content_type):
    token = at_first_question(bot)
    before = clips_kept(bot)
    refused = speak(bot, token, four_wav.read_bytes(), content_type)
    assert refused.status_code == 415
    assert "audio/webm" in refused.json()["error"] and "tap or type" in refused.json()["error"]
    assert clips_kept(bot) == before


def test_each_kind_the_page_may_record_is_taken_with_its_codecs_named(bot, four_wav):
    for kind in ("audio/webm;codecs=opus", "audio/ogg; codecs=opus", "audio/mp4", "AUDIO/WAV"):
        token = at_first_question(bot)
        before = clips_kept(bot)
        assert speak(bot, token, four_wav.read_bytes() + kind.encode(), kind).status_code == 200, kind
        assert clips_kept(bot) == before + 1


def test_a_recording_too_big_is_refused_in_the_persons_language_and_not_kept(bot):
    token = at_first_question(bot)
    before = clips_kept(bot)
    polish = Speaker("pl").say(m.VOICE_TOO_LONG)
    assert polish != m.VOICE_TOO_LONG  # translated, so the check below is of the language
    too_big = speak(bot, token, b"\0" * (MAX_VOICE_BYTES + 1), shown_lang="pl")
    assert too_big.status_code == 413
    assert [(msg["custom"]["type"], msg["text"]) for msg in too_big.json()] == [("voice_too_long", polish)]

    def chunks():  # sent chunked, with no length declared: the server counts as it reads
        for _ in range(MAX_VOICE_BYTES // 65536 + 2):
            yield b"\0" * 65536
    streamed = speak(bot, token, chunks(), shown_lang="pl")
    assert streamed.status_code == 413 and streamed.json()[0]["text"] == polish
    assert clips_kept(bot) == before


def test_only_this_route_takes_more_than_the_servers_request_limit(bot):
    """Sanic refuses any request over SAYIT_MAX_REQUEST_BYTES (256 KB); a spoken answer may be up to
    MAX_VOICE_BYTES, and the typed path's limit stays as it was."""
    big = 300 * 1024
    token = at_first_question(bot)
    assert speak(bot, token, b"RIFF" + b"\0" * big).status_code == 200
    typed = requests.post(f"http://127.0.0.1:{bot.port}/webhooks/webchat/webhook",
                          headers={"Authorization": f"Bearer {token}"},
                          json={"message": "x" * big, "message_id": "too-big-typed"}, timeout=60)
    assert typed.status_code == 413


@pytest.mark.parametrize("query", [{"message_id": "short"}, {"message_id": "no spaces allowed here"},
                                   {"question_id": ""}, {"question_id": "yp voice"}, {"survey": "Not-A-Survey"}])
def test_a_recording_that_names_no_message_or_question_properly_is_refused(bot, query):
    token = at_first_question(bot)
    before = clips_kept(bot)
    refused = speak(bot, token, b"RIFF-audio", **query)
    assert refused.status_code == 400 and refused.json()["error"]
    assert clips_kept(bot) == before


def test_one_person_recording_too_fast_is_asked_to_wait(bot):
    token = at_first_question(bot)  # two messages of the minute's 12
    replies = [speak(bot, token, f"RIFF-{n}".encode()) for n in range(11)]
    assert [r.status_code for r in replies] == [200] * 10 + [429]
    assert replies[-1].json()[0]["custom"]["type"] == "rate_limited"


def test_a_store_that_cannot_keep_the_recording_gets_kind_words_and_a_log_line_without_ids(bot):
    token = at_first_question(bot)
    log = bot.data_dir / "logs" / "rasa.log"
    seen = log.stat().st_size
    with sqlite3.connect(bot.data_dir / "sayit.db") as db:  # the inbox gone, as a full or broken disk would be
        db.execute("alter table voice_clips rename to voice_clips_away")
    try:
        failed = speak(bot, token, b"RIFF-audio", message_id="store-is-away")
    finally:
        with sqlite3.connect(bot.data_dir / "sayit.db") as db:
            db.execute("alter table voice_clips_away rename to voice_clips")
    assert failed.status_code == 200
    assert [msg["custom"]["type"] for msg in failed.json()] == ["turn_failed"]
    assert failed.json()[0]["text"] == Speaker("en").say(m.TURN_FAILED)
    logged = log.read_bytes()[seen:].decode("utf-8")
    assert "a spoken answer could not be kept: OperationalError" in logged
    assert "store-is-away" not in logged and token.split(".")[0] not in logged
