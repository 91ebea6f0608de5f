"""The load benchmark's own checks (bot/running/load_bench.py): the answers it counts as kept, lost or duplicated
are read from a real store after real conversations, and a refused connection is counted as an error, not a turn."""

import subprocess
import sys
import time

import sqlalchemy as sa

from bot.running.bench import free_port
from bot.running.load_bench import Respondent, answers_kept, post, run_level, sayit_survey
from bot.store.schema import responses
from tests.conftest import TEST_KEY

ANSWERS = ["5", "yeah mostly", "3", "not really", "never"]


def finish_survey(chat, sender):
    for text in ("hello", "English", "me"):
        chat(text, sender=sender)
    for k in range(60):
        if any(r.custom.get("type") == "survey_complete" for r in chat(ANSWERS[k % 5], sender=sender)):
            return True
    return False


def test_a_finished_survey_holds_every_answer_and_a_missing_one_is_counted_lost(chat, store, surveys):
    questions = len(surveys["shropshire_annual_review"].for_role("young_person"))
    done, halfway = Respondent("load-a", finished=True), Respondent("load-b")
    assert finish_survey(chat, done.sender)
    chat("hello", sender=halfway.sender)  # an unfinished conversation is not held to a whole survey
    counted = answers_kept(store.engine, TEST_KEY.encode(), store.keys.current, [done, halfway], questions)
    assert counted == {"answers_expected": questions, "answers_held": questions, "answers_lost": 0,
                       "answers_duplicated": 0}
    with store.engine.begin() as conn:
        conn.execute(responses.delete().where(responses.c.id == sa.select(sa.func.max(responses.c.id))
                                              .scalar_subquery()))
    counted = answers_kept(store.engine, TEST_KEY.encode(), store.keys.current, [done, halfway], questions)
    assert (counted["answers_held"], counted["answers_lost"]) == (questions - 1, 1)


def test_a_server_that_is_not_there_is_counted_as_errors_not_as_turns_taken():
    port = free_port()  # nothing listens on it
    _took, replies, error = post(port, "load-x", "hello")
    assert replies is None and error == "ConnectionRefusedError"
    row, people = run_level(port, 3, "t", sayit_survey, lambda: 0.0)
    assert row["errors"] == {"ConnectionRefusedError": 3} and row["turns"] == 3 and row["finished"] == 0
    assert not any(person.finished for person in people)


def test_cpu_time_is_read_by_kind_of_server_for_a_process_and_its_children():
    from bot.running.process_tree import cpu_seconds, kind_of

    assert kind_of("python -m rasa_extensions.action_server --port 1") == "actions"
    assert kind_of("python -m rasa_extensions.server run --model m") == "rasa"
    assert kind_of("nginx: worker process") == "nginx"
    busy = subprocess.Popen([sys.executable, "-c", "import time\nend = time.process_time() + 0.3\n"
                             "while time.process_time() < end: pass\ntime.sleep(5)"])
    try:
        time.sleep(2)
        used = cpu_seconds(busy.pid)
        assert 0.2 <= sum(used.values()) < 2 and set(used) == {"other"}
    finally:
        busy.kill()
        busy.wait()
