"""SIGKILL of each server under load, for real: 20 young people answer their surveys over the web chat while the
action server, then the Rasa server, is killed and `sayit run` starts it again. Each respondent behaves as the
page does (a send that fails, or comes back as "that did not go through", is sent again with the same message id
and question id), so every acknowledged answer is stored once and against the question it answered; a survey
paused before the kills carries on where it stopped; and two exports taken one after the other are identical.

The Rasa server is killed while turns are inside the action server (held there by the test taking the store's
write lock a moment), so those answers are stored and their replies lost: the case where a person who types
their answer again used to have it stored against the next question."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_all
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from bot.pseudonym import respondent_key
from bot.store.schema import respondents, responses, sessions
from bot.surveys.model import Question
from bot.translation import messages as m
from bot.translation.speaker import Speaker
from tests.running_bot import ROOT, SAYIT, Bot
from tests.test_supervision import answers_again, server_pids, wait_until

RESPONDENTS = 20
QUESTIONS = 25  # a young person's Shropshire Annual Review: 19 on a scale, then 6 in their own words
SEVERAL, A_FEW = 5, 3  # the first kill waits until this many respondents are this many questions in
# Nobody gets past these questions until the first, then the second, server has been killed, so each kill lands
# while every respondent is mid-survey however fast the machine is.
FIRST_HOLD, SECOND_HOLD = 8, 16
PAUSED_AFTER = 3  # the respondent who takes a break does so after this many answers, before the kills
RESEND_AFTER = 0.5  # s, the pause before a respondent sends a failed message again
GIVE_UP_AFTER = 120.0  # s, of resending one message before the test fails


class Abandoned(Exception):
    """The test has failed elsewhere: a respondent stops where it is."""


def reply_for(n: int, i: int, question: Question) -> str:
    """What respondent n answers to question i: a value that differs from the one it gives the next question, so
    an answer stored against the wrong question shows; in their own words, a text nobody else types."""
    return str((n + i) % 5 + 1) if question.is_scale else f"quokka{n}x{i} likes drawing"


def kinds(customs: list[dict]) -> list[str]:
    return [c.get("type", "") for c in customs]


def asked(customs: list[dict]) -> str | None:
    found = [c["question_id"] for c in customs if c.get("type") == "question"]
    return found[-1] if found else None


class Hub:
    """What the respondents and the test that kills the servers tell each other."""

    def __init__(self) -> None:
        self.first_kill, self.second_kill, self.restarted = threading.Event(), threading.Event(), threading.Event()
        self.failed = threading.Event()


class Respondent:
    """A young person at the web chat page, answering every question it is shown."""

    def __init__(self, bot: Bot, n: int, questions: list[Question], hub: Hub, pauses: bool = False):
        self.bot, self.n, self.questions, self.hub, self.pauses = bot, n, questions, hub, pauses
        self.token = bot.webchat_token()
        self.sender = self.token.split(".")[0]
        self.sent: dict[str, str] = {}  # question id -> the reply the bot acknowledged for it
        self.on_screen: str | None = None
        self.messages = 0
        self.resent = 0  # how many times a message had to be sent again
        self.told_already = 0  # how many times a message sent again had been stored before its reply was lost
        english = Speaker("en")
        self.already, self.not_saved = english.say(m.ALREADY_HAVE), english.say(m.STALE_TYPED)
        self.paused = False

    @property
    def acknowledged(self) -> int:
        return len(self.sent)

    def send(self, text: str) -> list[dict]:
        """One message, sent as the page sends it until a real reply comes back: each resend with the same message
        id and question id, so the bot acts on it once and never against a later question."""
        if self.hub.failed.is_set():
            raise Abandoned
        self.messages += 1
        # the page's ids are 8 to 64 letters, digits, - and _ (channels/webchat.py makes up one for anything else)
        fields: dict[str, object] = {"message_id": f"respondent{self.n:02d}-message{self.messages:03d}"}
        if self.on_screen and not text.startswith("/"):
            fields["question_id"] = self.on_screen
        deadline = time.monotonic() + GIVE_UP_AFTER
        while True:
            try:
                reply = self.bot.chat(self.token, text, **fields)
            except requests.RequestException as exc:
                why = f"{type(exc).__name__}: {str(exc)[-160:]}"
            else:
                assert reply.status_code < 400 or reply.status_code >= 500, (
                    f"respondent {self.n}: {text!r} ({fields}) was refused with HTTP {reply.status_code}: "
                    f"{reply.text[:300]}")
                why = f"HTTP {reply.status_code}"
                if reply.status_code == 200:
                    customs = [m.get("custom") or {} for m in reply.json()]
                    if "turn_failed" not in kinds(customs):
                        self.token = reply.headers.get("X-SayIt-Token", self.token)  # as the page keeps it
                        if asked(customs):
                            self.on_screen = asked(customs)
                        if kinds(customs) == ["question"] and customs[0].get("intro") == self.already:
                            self.told_already += 1  # sent again after it was acted on: shown where they are
                        return customs
                    why = "turn_failed"
            assert time.monotonic() < deadline, (
                f"respondent {self.n}: {text!r} ({fields}) got no real reply in {GIVE_UP_AFTER:.0f} s of resending "
                f"(the last try: {why})")
            if self.hub.failed.wait(RESEND_AFTER):
                raise Abandoned
            self.resent += 1

    def answer(self, i: int) -> None:
        question, following = self.questions[i], self.questions[i + 1:]
        assert self.on_screen == question.id, (self.n, i, self.on_screen)
        text = reply_for(self.n, i, question)
        customs = self.send(text)
        # sent again with its own ids, an answer is never taken for one to an earlier question
        assert self.not_saved not in [c.get("intro") for c in customs], (self.n, question.id, customs)
        if following:
            assert asked(customs) == following[0].id, (
                f"respondent {self.n} answered {question.id} with {text!r}, and the bot went on with {kinds(customs)} "
                f"at {asked(customs)} instead of {following[0].id}")
        else:
            # the survey's end, or (if the reply was lost and the message sent again) "I already have that"
            assert "survey_complete" in kinds(customs) or kinds(customs) == ["notice"], (self.n, customs)
        self.sent[question.id] = text

    def hold_until(self, done: threading.Event) -> None:
        done.wait(timeout=600)
        if self.hub.failed.is_set():
            raise Abandoned
        assert done.is_set(), f"respondent {self.n} waited 600 s for a server to be killed"

    def run(self) -> None:
        assert "choose_language" in kinds(self.send("hello"))
        assert "choose_role" in kinds(self.send("English"))
        assert asked(self.send("me")) == self.questions[0].id
        for i in range(len(self.questions)):
            if self.pauses and i == PAUSED_AFTER:
                assert kinds(self.send("pause")) == ["survey_paused"], self.n
                self.paused = True
                self.hold_until(self.hub.restarted)
                back = self.send("hello again")
                # carries on from where it stopped: the next question it has not answered
                assert asked(back) == self.questions[PAUSED_AFTER].id, (self.n, back)
                self.paused = False
            elif not self.pauses and i == FIRST_HOLD:
                self.hold_until(self.hub.first_kill)
            elif not self.pauses and i == SECOND_HOLD:
                self.hold_until(self.hub.second_kill)
            self.answer(i)


def raise_any_failure(futures: list[Future]) -> None:
    for future in futures:
        if future.done() and future.exception() is not None:
            raise future.exception()  # type: ignore[misc]


@contextmanager
def store_held(bot: Bot) -> Iterator[None]:
    """The store's write lock, held by the test (nothing is written): a turn waits for it inside the action
    server, in SQLite's busy wait, until it is let go."""
    holder = sqlite3.connect(bot.data_dir / "sayit.db", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        yield
        holder.execute("ROLLBACK")
    finally:
        holder.close()


def waiting_for_the_store(pid: int) -> int:
    """How many of a process's threads are asleep in the kernel's timed sleep, as SQLite's busy wait is."""
    asleep = 0
    for thread in Path(f"/proc/{pid}/task").iterdir():
        try:
            asleep += int((thread / "wchan").read_text() == "hrtimer_nanosleep")
        except OSError:  # the thread ended
            continue
    return asleep


def kill(pids: list[int]) -> None:
    assert pids, "no server process to kill"
    for pid in pids:
        os.kill(pid, signal.SIGKILL)


def store_of(bot: Bot) -> sa.engine.Engine:
    """The bot's database, opened read-only while it runs."""
    path = bot.data_dir / "sayit.db"
    assert path.exists(), path
    return sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True))


def export(bot: Bot, out: Path) -> str:
    done = subprocess.run(SAYIT + ["export", "--out", str(out)], cwd=ROOT, env=bot.env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stderr


@pytest.fixture
def bot(tmp_path):
    b = Bot(tmp_path)
    # every respondent here comes from 127.0.0.1, and resends fast while a server is down: as a school whose
    # whole class shares one address would, the bot is told to expect that many
    b.env.update(SAYIT_MESSAGES_PER_MINUTE="1000", SAYIT_REQUESTS_PER_MINUTE_PER_ADDRESS="100000")
    b.start()
    yield b
    if b.process and b.process.poll() is None:
        b.process.kill()


def test_every_acknowledged_answer_survives_killing_each_server_under_twenty_respondents(bot, surveys):
    questions = surveys["shropshire_annual_review"].for_role("young_person")
    assert len(questions) == QUESTIONS and [q.is_scale for q in questions] == [True] * 19 + [False] * 6
    hub = Hub()
    people = [Respondent(bot, n, questions, hub) for n in range(RESPONDENTS)]
    pauser = Respondent(bot, RESPONDENTS, questions, hub, pauses=True)
    everyone = [*people, pauser]

    with ThreadPoolExecutor(len(everyone)) as pool:
        futures = [pool.submit(p.run) for p in everyone]

        def answered_since(count: int, at_least: int) -> bool:
            raise_any_failure(futures)
            return sum(p.acknowledged for p in people) >= count + at_least

        def resent() -> int:
            return sum(p.resent for p in everyone)

        def answering() -> list[dict] | None:
            raise_any_failure(futures)
            return answers_again(bot, "hello")

        def back_again(server: str, port: int, before: list[int], resent_before: int) -> None:
            wait_until(lambda: not set(before) & set(server_pids(port)), 30, f"the killed {server} going")
            wait_until(answering, 180, f"the {server}'s restart")
            assert server_pids(port) and not set(before) & set(server_pids(port))
            # the kill was felt: a respondent let go at the kill had to send its message again
            assert resent() > resent_before, server

        try:
            def mid_load() -> bool:
                raise_any_failure(futures)
                return pauser.paused and sum(p.acknowledged >= A_FEW for p in people) >= SEVERAL
            wait_until(mid_load, 240, f"{SEVERAL} respondents answering {A_FEW} questions")

            rasa_server, action_server = server_pids(bot.port), server_pids(bot.action_port)
            before = resent()
            kill(action_server)
            hub.first_kill.set()
            back_again("action server", bot.action_port, action_server, before)
            assert server_pids(bot.port) == rasa_server  # the Rasa server stayed up throughout

            # the respondents are answering again before the Rasa server goes
            count = sum(p.acknowledged for p in people)
            wait_until(lambda: answered_since(count, RESPONDENTS), 180, "answers after the action server's restart")
            action_server = server_pids(bot.action_port)
            before = resent()
            # The Rasa server goes while turns are inside the action server, waiting for the store: let go, they
            # are stored, and their replies are lost. Those respondents send them again, as the page would.
            (actions,) = action_server
            asleep = waiting_for_the_store(actions)
            with store_held(bot):
                wait_until(lambda: waiting_for_the_store(actions) >= asleep + A_FEW, 20, "turns waiting for the store")
                kill(rasa_server)
                hub.second_kill.set()
                wait_until(lambda: not set(rasa_server) & set(server_pids(bot.port)), 30, "the Rasa server going")
            back_again("Rasa server", bot.port, rasa_server, before)
            assert server_pids(bot.action_port) == action_server
            hub.restarted.set()

            wait_for_all(futures, timeout=600)
            for future in futures:
                future.result(timeout=0)  # a respondent's failed assertion, with its message
        except BaseException:
            hub.failed.set()
            raise
        finally:
            for done in (hub.first_kill, hub.second_kill, hub.restarted):
                done.set()

    # the answers whose replies were lost were stored (once: see below), and said so when sent again
    assert sum(p.told_already for p in everyone) >= A_FEW, [p.told_already for p in everyone]
    output = (bot.data_dir / "run-output.log").read_text()
    assert "The actions server stopped (exit -9); starting it again in 1 s" in output
    assert "The rasa server stopped (exit -9); starting it again in 1 s" in output

    # from the store: one finished session each, one response per question, each the reply sent for it
    key = bot.env["SAYIT_PSEUDONYM_KEY"].encode()
    engine = store_of(bot)
    with engine.connect() as db:
        for person in everyone:
            who = db.execute(sa.select(respondents.c.id).where(
                respondents.c.key == respondent_key(key, "webchat", person.sender))).scalar_one()
            (session,) = db.execute(sa.select(sessions).where(sessions.c.respondent_id == who)).all()
            assert (session.status, session.survey, session.role, session.channel) == (
                "finished", "shropshire_annual_review", "young_person", "webchat"), person.n
            stored = db.execute(sa.select(responses).where(responses.c.session_id == session.id)).all()
            assert sorted(r.question_id for r in stored) == sorted(q.id for q in questions), person.n
            assert person.sent == {q.id: reply_for(person.n, i, q) for i, q in enumerate(questions)}
            for row in stored:
                sent = person.sent[row.question_id]
                assert (row.raw_reply, row.value, row.status, row.times_changed) == (
                    sent, int(sent) if sent.isdigit() else None, "answered", 0), (person.n, row.question_id)
        answers = db.execute(sa.select(sa.func.count()).select_from(responses)).scalar_one()
    engine.dispose()
    assert answers == len(everyone) * QUESTIONS  # and none from the probe that checked the servers were back

    first, second = bot.data_dir / "A.csv", bot.data_dir / "B.csv"
    said = export(bot, first)
    export(bot, second)
    assert f"Wrote {len(everyone) * QUESTIONS} answer rows" in said
    assert first.read_bytes() == second.read_bytes()
    assert len(first.read_text(encoding="utf-8").splitlines()) == 1 + len(everyone) * QUESTIONS
    bot.stop()
