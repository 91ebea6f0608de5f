"""`sayit run` supervises its servers, for real: a server that is killed is started again while the others stay
up and the survey carries on; repeated signals still stop everything; killing `sayit run` outright leaves no
server behind."""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

import pytest

from bot.translation import messages as m
from bot.translation.speaker import Speaker
from tests.running_bot import Bot

SENDER = "someone-supervised"


def server_pids(port: int) -> list[int]:
    """The servers started with `--port <port>`, from their command lines."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"bot.cli" in args:  # `sayit run --port ...` itself, which passes its ports on
            continue
        if b"--port" in args and args[args.index(b"--port") + 1:][:1] == [str(port).encode()]:
            found.append(int(entry.name))
    return found


def wait_until(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds:.0f} s"
        time.sleep(0.5)


def nothing_listens(bot: Bot) -> bool:
    for port in (bot.port, bot.action_port, bot.speech_port, bot.telegram_port, bot.sms_port):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return False
    return True


def answers_again(bot: Bot, text: str) -> list[dict] | None:
    try:
        return bot.say(SENDER, text) or None
    except Exception:
        return None


@pytest.fixture
def bot(tmp_path):
    b = Bot(tmp_path)
    b.start()
    yield b
    if b.process and b.process.poll() is None:
        b.process.kill()


def test_a_killed_server_is_started_again_and_the_survey_carries_on(bot):
    assert [c["type"] for c in bot.say(SENDER, "hello")] == ["choose_language"]
    rasa_before = server_pids(bot.port)
    (action_server,) = server_pids(bot.action_port)
    token = bot.webchat_token()
    assert bot.process is not None
    bot.process.send_signal(signal.SIGSTOP)  # hold the supervisor, so the action server stays down a while
    try:
        os.kill(action_server, signal.SIGKILL)
        wait_until(lambda: not server_pids(bot.action_port), 30, "the action server going")
        # a turn that cannot be completed reaches the person as kind words, never an empty reply
        failed = bot.chat(token, "English", message_id="sent-while-down")
        assert failed.status_code == 200
        assert [m["custom"]["type"] for m in failed.json()] == ["turn_failed"]
        assert failed.json()[0]["text"] == "Sorry, that did not go through. Please send it again."
        # a text is taken at once and waits in the inbox, to be answered once the action server is back
        assert bot.text("+447700900111", "hello", wait=0) == (200, [])
        # by Telegram too
        before = len(bot.telegram_calls())
        bot.telegram_deliver({"update_id": 90_001, "message": {
            "message_id": 1, "date": 1_790_000_000, "chat": {"id": 31337, "type": "private"}, "text": "hello",
            "from": {"id": 31337, "is_bot": False, "first_name": "A", "language_code": "pl"}}}, wait=0)
    finally:
        bot.process.send_signal(signal.SIGCONT)
    # sent again, with the same id, once the server is back: acted on, and once
    again = wait_until(lambda: [m for m in bot.chat(token, "English", message_id="sent-while-down").json()
                                if m["custom"]["type"] != "turn_failed"], 180, "the action server's restart")
    assert [m["custom"]["type"] for m in again] == ["welcome", "privacy_notice", "choose_role"]
    texted_back = wait_until(lambda: bot.texts_sent("+447700900111"), 180, "the waiting text's answer")
    assert len(texted_back) == 1 and texted_back[0].startswith(Speaker("en", medium="text").say(m.ASK_LANGUAGE))
    # and the Telegram message, in the language Telegram says the person uses
    told = wait_until(lambda: [c["params"]["text"] for c in bot.telegram_calls()[before:]
                               if c["method"] == "sendMessage"], 180, "the waiting update's answer")
    assert len(told) == 1 and told[0].startswith(Speaker("pl").say(m.ASK_LANGUAGE))
    replies = wait_until(lambda: answers_again(bot, "English"), 180, "the action server's restart")
    # the survey went on where it was
    assert [c["type"] for c in replies] == ["welcome", "privacy_notice", "choose_role"]
    assert server_pids(bot.port) == rasa_before  # the Rasa server stayed up throughout
    assert server_pids(bot.action_port) != [action_server]
    output = (bot.data_dir / "run-output.log").read_text()
    assert "The actions server stopped (exit -9); starting it again in 1 s" in output
    bot.stop()


def test_a_second_ctrl_c_while_stopping_still_stops_everything(bot):
    assert bot.process is not None
    bot.process.send_signal(signal.SIGINT)
    time.sleep(0.2)
    bot.process.send_signal(signal.SIGINT)
    bot.process.send_signal(signal.SIGTERM)
    assert bot.process.wait(timeout=60) == 0
    assert wait_until(lambda: nothing_listens(bot), 30, "every server stopping")


def test_ctrl_c_stops_it_even_when_started_as_a_background_job(tmp_path):
    # a shell's `cmd &` starts it with SIGINT ignored (CI did, once): Ctrl-C must still stop every server
    b = Bot(tmp_path)
    b.start(ctrl_c_ignored=True)
    try:
        b.stop()
    finally:
        if b.process and b.process.poll() is None:
            b.process.kill()


def test_killing_sayit_run_outright_leaves_no_server_behind(bot):
    assert bot.process is not None
    bot.process.kill()
    bot.process.wait(timeout=30)
    assert wait_until(lambda: nothing_listens(bot), 60, "every server stopping")
    ports = (bot.port, bot.action_port, bot.speech_port, bot.telegram_port, bot.sms_port)
    assert wait_until(lambda: not any(server_pids(p) for p in ports), 30, "every server process ending")
