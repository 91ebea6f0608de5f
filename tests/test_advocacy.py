"""An advocate beside the young person (bot/dialogue/advocacy.py), turn by turn with a real store: how each answer
was given and the advocate's observation kept with it, a bad kind of help refused with nothing kept, the young
person's step-back by symbol and asking the advocate back, and the export's columns."""

from __future__ import annotations

import pytest

from bot.accounts.staff_accounts import AdvocateAccounts
from bot.dialogue.incoming import Incoming
from bot.reports.export import COLUMNS
from bot.understanding.normalise import MAX_NOTE_CHARS
from bot.vocabulary import Assistance
from tests.test_export import csv_rows


@pytest.fixture
def advocate(store):
    return AdvocateAccounts(store.engine).add("j.smith", "correct horse battery staple").id


@pytest.fixture
def beside(chat, advocate):
    """Send as the young person, on the screen the advocate signed in to."""
    conversation = chat.conversation

    def send(text, **kw):
        return conversation.handle(Incoming("webchat", "young-person-ref-hash", text, advocate_id=advocate, **kw))

    return send


def tap(send, question_id, value, **kw):
    return send(f'/answer{{"question_id":"{question_id}","value":{value}}}', via="button", intent="answer",
                payload={"question_id": question_id, "value": value}, **kw)


def tap_control(send, name, question_id):
    return send(f'/{name}{{"question_id":"{question_id}"}}', via="button", intent=name,
                payload={"question_id": question_id})


def session_of(store):
    return store.latest_session(1)


def started(beside):
    beside("hello")
    beside("English")
    return beside("me")[-1].custom


def test_each_answer_keeps_how_it_was_given_and_the_observation(beside, store, advocate):
    first = started(beside)
    assert session_of(store).advocate_id == advocate
    assert first["advocate"] == {"stepped_back": False}
    assert first["controls"][0]["value"] == "step_back" and first["controls"][0]["symbol"] == "control-step_back"
    q1 = first["question_id"]
    second = tap(beside, q1, 4, assistance="chose_themselves", observation="  Smiled\x00 and pointed straight away ")
    q2 = second[-1].custom["question_id"]
    third = tap(beside, q2, 2, assistance="used_aid", observation="Used her eye-gaze board")
    q3 = third[-1].custom["question_id"]
    beside("yeah mostly", assistance="interpreted", question_id=q3, observation="x" * (MAX_NOTE_CHARS + 80))
    stored = store.answers(session_of(store).id)
    assert stored[q1]["assistance"] == "chose_themselves"
    assert stored[q1]["observation"] == "Smiled and pointed straight away"  # cleaned: the NUL and spaces gone
    assert stored[q2]["assistance"] == "used_aid" and stored[q2]["value"] == 2
    assert stored[q3]["assistance"] == "interpreted" and stored[q3]["value"] == 4
    assert len(stored[q3]["observation"]) == MAX_NOTE_CHARS  # capped, not refused: the answer is the young person's


def test_a_kind_of_help_the_bot_does_not_know_is_refused_and_nothing_kept(beside, store):
    q1 = started(beside)["question_id"]
    refused = tap(beside, q1, 4, assistance="did_it_for_them")
    assert "not kept" in refused[0].custom["intro"] and refused[-1].custom["question_id"] == q1
    assert store.answers(session_of(store).id) == {}
    # "unassisted" is the young person's to give, by stepping back, never the panel's
    tap(beside, q1, 4, assistance="unassisted")
    assert store.answers(session_of(store).id) == {}
    tap(beside, q1, 4, assistance="chose_themselves")
    assert store.answers(session_of(store).id)[q1]["assistance"] == "chose_themselves"


def test_without_an_advocate_no_kind_of_help_is_taken(chat, store):
    chat("English")
    question = chat("me")[-1].custom
    assert "advocate" not in question and all(c["value"] != "step_back" for c in question["controls"])
    q1 = question["question_id"]
    refused = chat(f'/answer{{"question_id":"{q1}","value":3}}', via="button", intent="answer",
                   payload={"question_id": q1, "value": 3}, assistance="chose_themselves")
    assert "not kept" in refused[0].custom["intro"]
    chat(f'/answer{{"question_id":"{q1}","value":3}}', via="button", intent="answer",
         payload={"question_id": q1, "value": 3}, observation="no advocate, so not kept")
    kept = store.answers(session_of(store).id)[q1]
    assert kept["assistance"] is None and kept["observation"] is None
    # a step-back tap where there is no advocate changes nothing
    q2 = store.latest_session(1).current_question
    again = tap_control(chat, "step_back", q2)
    assert again[-1].custom["question_id"] == q2 and store.latest_session(1).stepped_back_at is None


def test_the_young_person_steps_the_advocate_back_and_asks_them_back(beside, store):
    q1 = started(beside)["question_id"]
    stepped = tap_control(beside, "step_back", q1)
    shown = stepped[-1].custom
    assert shown["question_id"] == q1 and "step back" in shown["intro"]
    assert shown["advocate"] == {"stepped_back": True}
    assert shown["controls"][0]["value"] == "advocate_back"
    assert session_of(store).stepped_back_at is not None
    # whatever the panel still says, the answers now are the young person's own
    q2 = tap(beside, q1, 5, assistance="interpreted", observation="answered quickly")[-1].custom["question_id"]
    q3 = tap(beside, q2, 3)[-1].custom["question_id"]
    back = tap_control(beside, "advocate_back", q3)
    assert back[-1].custom["advocate"] == {"stepped_back": False} and "help again" in back[-1].custom["intro"]
    session = session_of(store)
    assert session.stepped_back_at is None
    tap(beside, q3, 2, assistance="used_aid")
    stored = store.answers(session.id)
    assert [stored[q]["assistance"] for q in (q1, q2, q3)] == ["unassisted", "unassisted", "used_aid"]
    assert stored[q1]["observation"] == "answered quickly"  # what the advocate saw is still kept


def test_the_export_carries_the_advocate_the_assistance_and_the_observation(beside, store, surveys, advocate,
                                                                             tmp_path):
    q1 = started(beside)["question_id"]
    q2 = tap(beside, q1, 4, assistance="used_aid", observation="=pointed at the happy face")[-1].custom["question_id"]
    tap_control(beside, "step_back", q2)
    tap(beside, q2, 1)
    assert {"advocate", "assisted", "assistance", "observation"} <= {c.name for c in COLUMNS}
    versions = {(s.id, s.version): s for s in surveys.values()}
    rows = csv_rows(store, versions, tmp_path / "a.csv")
    assert [(r["advocate"], r["assisted"], r["assistance"], r["observation"]) for r in rows] == [
        (str(advocate), "1", Assistance.USED_AID, "'=pointed at the happy face"),
        (str(advocate), "0", "unassisted", "")]


def test_an_observation_that_suggests_someone_is_not_safe_goes_to_the_safeguarding_lead(beside, store):
    q1 = started(beside)["question_id"]
    worry = "Pointed to the sad face, then said she is not safe at home"
    following = tap(beside, q1, 1, assistance="used_aid", observation=worry)
    assert following[-1].custom["type"] == "question"  # the advocate is there: no check-in, the survey goes on
    raised = store.concerns()
    assert [(c["question_id"], c["raw_reply"]) for c in raised] == [(q1, worry)]
    assert store.answers(session_of(store).id)[q1]["observation"] == worry
    # a calm observation raises nothing
    tap(beside, following[-1].custom["question_id"], 4, assistance="chose_themselves", observation="Smiled")
    assert len(store.concerns()) == 1
