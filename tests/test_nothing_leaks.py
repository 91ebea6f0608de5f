"""Nothing personal leaks: whole surveys on every channel (web chat, REST, SMS, Telegram) against the real
`sayit run`, then every file the bot wrote (database, write-ahead log, logs, audio cache, settings files, its own
output, an export) searched for every raw id, phone number, chat id, name, token and free-text answer given.
Ids are nowhere; the words people typed are in the store and the export only; after `sayit erase`, nowhere."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.running_bot import ROOT, SAYIT, Bot, serving
from tests.test_supervision import server_pids, wait_until

NUMBER = "+447700900456"
CHAT_ID = 555_444_333
TELEGRAM_NAMES = ("Zuzanna", "zuzanna_k77")
REST_SENDER = "rest-person-7f3a9c"
SCALE_ANSWERS = 19  # the young person's scale questions come first, then six in their own words
updates = itertools.count(50_000)


def their_words(channel: str, n: int) -> str:
    return f"quokka{channel}{n} likes drawing"


def survey_replies(channel: str) -> list[str]:
    """A young person's whole survey: the language, who they are, every question answered."""
    return ["hello", "English", "me"] + ["3"] * SCALE_ANSWERS + [their_words(channel, n) for n in range(6)]


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    # four whole surveys in a minute or two, by one script
    yield from serving(tmp_path_factory.mktemp("leaks"), SAYIT_MESSAGES_PER_MINUTE="10000")


def telegram_update(text: str) -> dict:
    chat = {"id": CHAT_ID, "type": "private", "first_name": TELEGRAM_NAMES[0]}
    sender = {"id": CHAT_ID, "is_bot": False, "first_name": TELEGRAM_NAMES[0], "username": TELEGRAM_NAMES[1],
              "language_code": "en"}
    return {"update_id": next(updates), "message": {"message_id": next(updates), "date": 1_790_000_000,
                                                    "chat": chat, "from": sender, "text": text}}


def files_written(data_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data_dir)): p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}


def where(found: bytes | str, files: dict[str, bytes]) -> list[str]:
    needle = found.encode() if isinstance(found, str) else found
    return sorted(name for name, data in files.items() if needle in data)


def export(bot: Bot, name: str) -> None:
    subprocess.run(SAYIT + ["export", "--include-free-text", "--out", str(bot.data_dir / name)], cwd=ROOT,
                   env=bot.env, check=True, capture_output=True)


def erase(bot: Bot, *how: str) -> str:
    done = subprocess.run(SAYIT + ["erase", *how, "--yes"], cwd=ROOT, env=bot.env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def test_no_id_anywhere_and_no_ones_words_outside_the_store_then_nothing_after_erasure(bot):
    token = bot.webchat_token()
    for text in survey_replies("webchat"):
        replies = bot.chat(token, text).json()
    assert replies[0]["custom"]["type"] == "survey_complete"
    for text in survey_replies("rest"):
        said = bot.say(REST_SENDER, text)
    assert said[0]["type"] == "survey_complete"
    for text in survey_replies("sms"):
        status, texts = bot.text(NUMBER, text)
    assert status == 200 and "end of the survey" in texts[0]
    for text in survey_replies("telegram"):
        assert bot.telegram_deliver(telegram_update(text)) == 200
    assert "end of the survey" in bot.telegram_calls()[-2]["params"]["text"] + \
        bot.telegram_calls()[-1]["params"]["text"]
    # and failures, whose log lines are where a conversation used to leak: a turn while the action server is
    # down (Rasa logs the error), a forged token, a reply too long to keep
    assert bot.process is not None
    (action_server,) = server_pids(bot.action_port)
    bot.process.send_signal(signal.SIGSTOP)
    try:
        os.kill(action_server, signal.SIGKILL)
        wait_until(lambda: not server_pids(bot.action_port), 30, "the action server going")
        assert bot.chat(token, their_words("failed", 0)).json()[0]["custom"]["type"] == "turn_failed"
        assert bot.say(REST_SENDER, their_words("failed", 1)) == []
    finally:
        bot.process.send_signal(signal.SIGCONT)
    wait_until(lambda: bot.chat(token, "hello").json()[0]["custom"]["type"] != "turn_failed", 180,
               "the action server's restart")
    assert bot.chat(token + "x", their_words("failed", 2)).status_code == 401
    assert bot.chat(token, "I think " * 400).status_code == 200

    export(bot, "export.csv")
    files = files_written(bot.data_dir)
    assert {"sayit.db", "export.csv", "logs/rasa.log", "logs/actions.log"} <= set(files)
    ids = [NUMBER, NUMBER.lstrip("+"), str(CHAT_ID), *TELEGRAM_NAMES, REST_SENDER, token, token.split(".")[0]]
    for raw in ids:
        assert where(raw, files) == [], raw
    store = {"sayit.db", "sayit.db-wal", "export.csv"}
    for channel in ("webchat", "rest", "sms", "telegram"):
        for n in range(6):
            found = set(where(their_words(channel, n), files))
            assert found and found <= store, (channel, n, found)
    for n in range(3):
        assert where(their_words("failed", n), files) == []  # never stored, and never logged

    for how in (("webchat", token.split(".")[0]), ("rest", REST_SENDER), ("sms", NUMBER), ("telegram", str(CHAT_ID))):
        said = erase(bot, "--channel", how[0], f"--sender={how[1]}")  # a web chat id may begin with "-"
        assert said.startswith("Removed 25 answers, "), (how[0], said)
        assert how[1] not in said
    (bot.data_dir / "export.csv").unlink()  # the analyst's old copy is theirs to delete; a new one is taken
    export(bot, "export-after-erasure.csv")
    files = files_written(bot.data_dir)
    for channel in ("webchat", "rest", "sms", "telegram"):
        for n in range(6):
            assert where(their_words(channel, n), files) == [], (channel, n)
