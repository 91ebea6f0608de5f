"""Texts and Telegram updates wait in the webhook inbox (bot/store/inbox.py, docs/decisions/0011-webhook-inbox.md):
the real `sayit run` with the fakes of Twilio and Telegram. The SMS webhook answers at once with empty TwiML and the
reply comes through Twilio's REST API; a burst is all taken; a text or update sent twice is answered once; what was
kept before a restart is answered after it; the number and the chat id wait sealed, never in the clear."""

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


def test_a_text_sent_again_after_it_was_answered_changes_nothing(bot):
    sid = "SM" + "ab" * 16
    status, first = bot.text("+447700900402", "hello", sid=sid)
    assert status == 200 and first[0].startswith(ASKED)
    bot.wait_for_inbox(f"sms-{sid}", 30)  # gone once answered (sent again while it waits, it is kept once)
    status, again = bot.text("+447700900402", "hello", sid=sid)
    assert status == 200 and again[0].startswith(Speaker("en", medium="text").say(m.ALREADY_HAVE))


def test_one_persons_texts_are_answered_in_the_order_sent(bot):
    number = "+447700900403"
    for words in ["hello", "English", "me", "5", "4"]:
        assert bot.text(number, words, wait=0) == (200, [])  # all kept before the first is answered
    replies = sent_within(bot, number, 5)
    assert replies[0].startswith(ASKED)
    assert "Question 2 of" in replies[3] and "Question 3 of" in replies[4]


def update(update_id: int, chat_id: int, text: str) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1_790_000_000, "chat": {"id": chat_id, "type": "private"}, "text": text,
        "from": {"id": chat_id, "is_bot": False, "first_name": "A", "language_code": "en"}}}


def told(bot, chat_id: int) -> list[str]:
    return [c["params"]["text"] for c in bot.telegram_calls()
            if c["method"] == "sendMessage" and c["params"]["chat_id"] in (chat_id, str(chat_id))]


def test_a_telegram_update_sent_again_after_it_was_answered_changes_nothing(bot):
    for _ in range(2):  # Telegram sends an update again when it could not tell it was taken
        assert bot.telegram_deliver(update(80_001, 5551, "hello")) == 200
    first, again = told(bot, 5551)
    assert first.startswith(Speaker("en").say(m.ASK_LANGUAGE))
    assert again.startswith(Speaker("en").say(m.ALREADY_HAVE))  # shown where they are, and nothing else


def test_what_was_kept_before_a_restart_is_answered_after_it_and_waits_sealed(bot, monkeypatch):
    from bot.webhooks.inbox import Inbox

    number, chat_id = "+447700900404", 5552
    bot.stop()
    # what the webhooks keep, put straight into the stopped bot's store, as if the servers stopped just after
    monkeypatch.setenv("SAYIT_DATA_DIR", str(bot.data_dir))
    monkeypatch.delenv("SAYIT_DB_URL", raising=False)
    key = bot.env["SAYIT_PSEUDONYM_KEY"].encode()
    kept = [Inbox("sms", key).keep("sms-SM" + "cd" * 16, channel_sender(key, "sms", number),
                                   {"number": number, "words": "hello", "to": COUNCIL_NUMBER}) for _ in range(2)]
    assert kept == [True, False]  # sent twice while it waits: kept once
    assert Inbox("telegram", key).keep("telegram-80002", channel_sender(key, "telegram", str(chat_id)),
                                       update(80_002, chat_id, "hello"))
    with sqlite3.connect(bot.data_dir / "sayit.db") as db:
        sealed = b"".join(row[0] for row in db.execute("SELECT sealed FROM inbox"))
    assert b"447700900404" not in sealed and b"5552" not in sealed and b"hello" not in sealed
    bot.start()
    assert sent_within(bot, number, 1)[0].startswith(ASKED)
    bot.wait_for_inbox("telegram-80002", 60)
    assert told(bot, chat_id)[0].startswith(Speaker("en").say(m.ASK_LANGUAGE))
    with sqlite3.connect(bot.data_dir / "sayit.db") as db:
        assert db.execute("SELECT count(*) FROM inbox").fetchone() == (0,)  # gone once answered
