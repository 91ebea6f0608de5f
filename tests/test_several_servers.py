"""Several servers sharing the work (`sayit run --rasa-servers 2 --action-servers 2`): two Rasa servers and two
action servers on loopback behind nginx, a real PostgreSQL answer store and a real Redis tracker and lock store,
all from Debian's packages. One conversation's messages go alternately to both Rasa servers, and at the same
moment to both, and are handled in order, once; the export shows every answer once."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis

from bot.store.rasa_trackers import tracker_key
from tests.conftest import postgres_url
from tests.running_bot import ROOT, SAYIT, serving
from tests.services import postgres_database
from tests.test_e2e import YOUNG_EXPECTED, YOUNG_REPLIES, question


@pytest.fixture(scope="module")
def database():
    with postgres_database(postgres_url()) as url:
        yield url


@pytest.fixture(scope="module")
def bot(tmp_path_factory, database, redis_url):
    yield from serving(tmp_path_factory.mktemp("several"), ("--rasa-servers", "2", "--action-servers", "2"),
                       SAYIT_DB_URL=database, SAYIT_REDIS_URL=redis_url)


def upstream_ports(bot, name: str) -> list[int]:
    conf = (bot.data_dir / "nginx" / "nginx.conf").read_text()
    block = re.search(r"upstream " + name + r" \{(.*?)\}", conf, re.S)
    assert block is not None, conf
    return [int(p) for p in re.findall(r"server 127\.0\.0\.1:(\d+)", block.group(1))]


def test_two_of_each_server_run_behind_nginx(bot):
    rasa, actions = upstream_ports(bot, "rasa"), upstream_ports(bot, "actions")
    assert len(rasa) == 2 and len(actions) == 2 and bot.port not in rasa
    assert {p.name for p in (bot.data_dir / "logs").glob("*.log")} >= {"rasa-1.log", "rasa-2.log", "actions-1.log",
                                                                       "actions-2.log", "nginx.log"}
    endpoints = (bot.data_dir / "endpoints.yml").read_text()
    assert "RecentRedisTrackerStore" in endpoints and "UrlRedisLockStore" in endpoints
    assert f"127.0.0.1:{bot.action_port}/webhook" in endpoints  # Rasa reaches the action servers through nginx
    assert redis_url_in(endpoints) == "${SAYIT_REDIS_URL}"  # the file names the setting, never its value


def redis_url_in(endpoints: str) -> str:
    return re.findall(r"url: (\S+)", endpoints.split("tracker_store:")[1])[0]


def test_one_survey_sent_alternately_through_both_rasa_servers_is_stored_in_order_once(bot, redis_url):
    first, second = upstream_ports(bot, "rasa")
    sender = "447700900301"
    for n, text in enumerate(["hello", "English", "me"]):
        bot.say(sender, text, port=(first, second)[n % 2])
    asked = []
    for n, text in enumerate(YOUNG_REPLIES):
        replies = bot.say(sender, text, port=(second, first)[n % 2])
        asked.append(question(replies))
    assert replies[0]["type"] == "survey_complete"
    assert len(set(asked[:-1])) == len(YOUNG_REPLIES) - 1  # each reply moved the survey on by one question

    rows = [r for r in bot.exported() if r["raw_reply"] in YOUNG_REPLIES and r["channel"] == "rest"]
    mine = {r["session_id"] for r in rows if r["raw_reply"] == "be a vet"}
    assert len(mine) == 1
    rows = [r for r in rows if r["session_id"] in mine]
    assert [r["raw_reply"] for r in rows] == YOUNG_REPLIES  # in the order sent, each once
    assert [(int(r["value"]) if r["value"] else None, r["status"]) for r in rows] == YOUNG_EXPECTED

    # Redis holds the conversation's last turns, without a word of them
    stored = redis.Redis.from_url(redis_url).get(tracker_key(sender))
    assert stored is not None
    assert not [text for text in YOUNG_REPLIES if f'"{text}"' in stored.decode()]


def test_messages_sent_at_the_same_moment_through_both_servers_are_each_handled_once(bot):
    first, second = upstream_ports(bot, "rasa")
    sender = "447700900302"
    for text in ("hello", "English", "me"):
        bot.say(sender, text)  # through nginx
    # two answers at once, one to each Rasa server: the lock in Redis has one wait for the other
    with ThreadPoolExecutor(2) as pool:
        replies = list(pool.map(lambda sent: bot.say(sender, sent[1], port=sent[0]), [(first, "5"), (second, "2")]))
    assert all(question(r) for r in replies)
    assert question(replies[0]) != question(replies[1])  # the second answer met the next question

    rows = [r for r in bot.exported() if r["raw_reply"] in ("5", "2")]
    by_session: dict[str, list[dict]] = {}
    for row in rows:
        by_session.setdefault(row["session_id"], []).append(row)
    mine = [rs for rs in by_session.values() if len(rs) == 2 and rs[0]["session_status"] != "finished"]
    assert len(mine) == 1
    assert sorted(r["raw_reply"] for r in mine[0]) == ["2", "5"]
    assert len({r["question_id"] for r in mine[0]}) == 2  # two questions answered, none twice


def test_erasing_a_respondent_removes_their_conversation_from_redis_too(bot, redis_url):
    sender = "447700900303"
    for text in ("hello", "English", "me", "4"):
        bot.say(sender, text)
    client = redis.Redis.from_url(redis_url)
    assert client.exists(tracker_key(sender))
    done = subprocess.run(SAYIT + ["erase", "--channel", "rest", "--sender", sender, "--yes"], cwd=ROOT, env=bot.env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Removed 1 answer" in done.stdout and "from Redis" in done.stdout and "never the words" in done.stdout
    assert not client.exists(tracker_key(sender))


def test_a_rasa_server_that_dies_loses_no_message_sent_through_nginx(bot):
    first, _second = upstream_ports(bot, "rasa")
    dead = next(int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()
                and f"\0--port\0{first}\0" in _cmdline(p))
    os.kill(dead, signal.SIGKILL)
    sender = "447700900304"
    for text in ("hello", "English", "me", "5", "4", "3"):
        assert bot.say(sender, text), text  # every message answered, by the other server while this one restarts
    rows = [r for r in bot.exported() if r["raw_reply"] in ("5", "4", "3") and r["session_status"] != "finished"]
    assert sorted(r["raw_reply"] for r in rows if r["question_id"]) >= ["3", "4", "5"]


def _cmdline(process: Path) -> str:
    try:
        return (process / "cmdline").read_text()
    except OSError:
        return ""


def test_texts_kept_by_either_server_are_each_answered_once_by_one_of_them(bot):
    numbers = [f"+4477009006{n:02d}" for n in range(20)]
    with ThreadPoolExecutor(10) as pool:
        acked = list(pool.map(lambda number: bot.text(number, "hello", wait=0), numbers))
    assert acked == [(200, [])] * len(numbers)
    deadline = time.monotonic() + 120
    while not all(bot.texts_sent(n) for n in numbers):
        assert time.monotonic() < deadline, "not every text was answered within 120 s"
        time.sleep(0.2)
    time.sleep(1)
    assert [len(bot.texts_sent(n)) for n in numbers] == [1] * len(numbers)  # the two workers never both took one
