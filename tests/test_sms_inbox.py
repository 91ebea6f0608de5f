"""Texts wait in the webhook inbox (bot/store/inbox.py, docs/decisions/0011-webhook-inbox.md): the real `sayit run`
with the fake Twilio. The webhook answers at once with empty TwiML, the reply comes through Twilio's REST API, a
burst is all taken, a text Twilio sends twice is answered once, and a text kept before a restart is answered
after it; the number waits sealed, never in the clear."""

from __future__ import annotations

import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.fakes.twilio_api import COUNCIL_NUMBER
from bot.pseudonym import channel_sender
from bot.translation import messages as m
from bot.translation.speaker import Speaker
from tests.running_bot import serving

ASKED = Speaker("en", medium="text").say(m.ASK_LANGUAGE)


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    yield from serving(tmp_path_factory.mktemp("sms-inbox"))


def sent_within(bot, number: str, count: int, seconds: float = 60) -> list[str]:
    deadline = time.monotonic() + seconds
    while len(found := bot.texts_sent(number)) < count:
        assert time.monotonic() < deadline, f"{count} texts to {number} were not sent within {seconds:.0f} s"
        time.sleep(0.2)
    return found


def test_the_webhook_answers_at_once_with_nothing_and_the_reply_comes_through_the_api(bot):
    status, in_answer = bot.text("+447700900401", "hello", wait=0)
    assert (status, in_answer) == (200, [])  # the webhook's own answer holds no text
    (reply,) = sent_within(bot, "+447700900401", 1)
    assert reply.startswith(ASKED)


def test_a_burst_of_texts_is_all_taken_and_all_answered(bot):
    numbers = [f"+4477009005{n:02d}" for n in range(60)]
    with ThreadPoolExecutor(30) as pool:
        answered = list(pool.map(lambda number: bot.text(number, "hello", wait=0), numbers))
    assert answered == [(200, [])] * len(numbers)  # none refused, none kept waiting on a turn
    for number in numbers:
        assert sent_within(bot, number, 1, 120)[0].startswith(ASKED)


def test_a_text_twilio_sends_twice_is_answered_once(bot):
    twice = [bot.text("+447700900402", "hello", wait=0, sid="SM" + "ab" * 16) for _ in range(2)]
    assert twice == [(200, [])] * 2
    sent_within(bot, "+447700900402", 1)
    time.sleep(2)
    assert len(bot.texts_sent("+447700900402")) == 1


def test_one_persons_texts_are_answered_in_the_order_sent(bot):
    number = "+447700900403"
    for words in ["hello", "English", "me", "5", "4"]:
        assert bot.text(number, words, wait=0) == (200, [])  # all kept before the first is answered
    replies = sent_within(bot, number, 5)
    assert replies[0].startswith(ASKED)
    assert "Question 2 of" in replies[3] and "Question 3 of" in replies[4]


def test_a_text_kept_before_a_restart_is_answered_after_it_and_its_number_is_sealed(bot, monkeypatch):
    from bot.webhooks.inbox import Inbox

    number = "+447700900404"
    bot.stop()
    # what a webhook keeps, put straight into the stopped bot's store, as if the servers stopped just after
    monkeypatch.setenv("SAYIT_DATA_DIR", str(bot.data_dir))
    monkeypatch.delenv("SAYIT_DB_URL", raising=False)
    key = bot.env["SAYIT_PSEUDONYM_KEY"].encode()
    assert Inbox("sms", key).keep("sms-SM" + "cd" * 16, channel_sender(key, "sms", number),
                                  {"number": number, "words": "hello", "to": COUNCIL_NUMBER})
    with sqlite3.connect(bot.data_dir / "sayit.db") as db:
        (sealed,) = db.execute("SELECT sealed FROM inbox").fetchone()
    assert number.encode() not in sealed and b"447700900404" not in sealed and b"hello" not in sealed
    bot.start()
    assert sent_within(bot, number, 1)[0].startswith(ASKED)
    with sqlite3.connect(bot.data_dir / "sayit.db") as db:
        assert db.execute("SELECT count(*) FROM inbox").fetchone() == (0,)  # gone once answered
