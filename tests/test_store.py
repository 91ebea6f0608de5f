"""The store (bot/store/survey_store.py) on SQLite and PostgreSQL: answers committed at once, once, and never half."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.dialogue.conversation import Conversation
from bot.store import survey_store as store_module
from bot.store.schema import metadata
from bot.store.survey_store import SurveyStore


def rows(store, table):
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.text(f"SELECT * FROM {table}")).mappings()]


def test_migrations_build_exactly_the_schema_the_code_uses(store):
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_opening_twice_is_harmless(db_url, store):
    again = SurveyStore.open(db_url)
    assert again.respondent("k" * 64) == store.respondent("k" * 64)
    again.close()


def test_an_answer_is_committed_when_it_is_given(chat, store, db_url):
    chat("English")
    chat("me")
    chat("4")
    fresh = SurveyStore.open(db_url)  # another connection sees it: nothing waits for the end of the survey
    saved = rows(fresh, "responses")
    fresh.close()
    assert [(r["question_id"], r["value"], r["status"], r["raw_reply"]) for r in saved] == [
        ("yp_voice_communicate", 4, "answered", "4")]


def test_a_message_delivered_twice_is_stored_once(chat, store):
    chat("English", message_key="m1")
    chat("me", message_key="m2")
    first = chat("5", message_key="m3")
    again = chat("5", message_key="m3")
    assert len(rows(store, "responses")) == 1
    assert first[0].custom["question_id"] == "yp_voice_listened_to"
    # the repeat is told we have it, and shown the question we are really on
    assert again[0].custom["question_id"] == "yp_voice_listened_to"
    assert "already have" in again[0].text


ANSWER_TURN_STATEMENTS = 6  # respondent; session and handled-or-not; answers so far; handled; answer; session


def test_an_answer_turn_makes_six_round_trips_to_the_store_and_changing_an_answer_replaces_it(chat, store):
    chat("English", message_key="m1")
    chat("me", message_key="m2")
    said = []
    sa.event.listen(store.engine, "before_cursor_execute", lambda _c, _cur, statement, *_: said.append(statement))
    chat("5", message_key="m3")
    assert len(said) == ANSWER_TURN_STATEMENTS, said
    chat("go back", message_key="m4")
    chat("2", message_key="m5")  # the first answer, changed: one row, replaced, counted as changed
    saved = rows(store, "responses")
    assert [(r["question_id"], r["value"], r["raw_reply"], r["times_changed"]) for r in saved] == [
        ("yp_voice_communicate", 2, "2", 1)]


def test_a_crash_between_two_answers_loses_nothing_answered(chat, store, surveys, settings, monkeypatch):
    chat("English")
    chat("parent")
    chat("5")

    def crash(*_args, **_kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(store_module, "_save_answer", crash)
    with pytest.raises(RuntimeError):
        chat("3", message_key="lost-in-the-crash")
    monkeypatch.undo()
    saved = rows(store, "responses")
    assert [(r["question_id"], r["value"]) for r in saved] == [("pc_voice_share_views", 5)]
    session = rows(store, "sessions")[0]
    assert session["current_question"] == "pc_voice_views_considered"  # no half-written turn
    assert rows(store, "handled_messages") == []  # so the same message can be sent again and kept

    restarted = Conversation(SurveyStore(store.engine), surveys, settings)
    from bot.dialogue.incoming import Incoming
    replies = restarted.handle(Incoming("rest", "person-1", "3", message_key="lost-in-the-crash"))
    assert replies[0].custom["question_id"] == "pc_voice_coproduced_ehcp"
    assert [(r["question_id"], r["value"]) for r in rows(store, "responses")] == [
        ("pc_voice_share_views", 5), ("pc_voice_views_considered", 3)]


def test_no_raw_sender_id_is_stored(chat, store):
    sender = "447700900123"
    chat("English", sender=sender)
    chat("me", sender=sender)
    chat("5", sender=sender)
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(sa.select(table)).mappings():
                assert all(sender not in str(value) for value in row.values()), table.name
    assert len(rows(store, "respondents")[0]["key"]) == 64


def test_servers_opening_a_new_postgresql_database_at_the_same_moment_all_get_it_upgraded():
    """Four processes, as four action servers starting together on a new database (without the upgrade's lock,
    they wait on each other's tables for ever)."""
    import subprocess
    import sys

    from tests.conftest import postgres_url
    from tests.running_bot import ROOT
    from tests.services import postgres_database

    opening = "import sys; from bot.store.survey_store import SurveyStore; SurveyStore.open(sys.argv[1]).close()"
    with postgres_database(postgres_url()) as url:
        servers = [subprocess.Popen([sys.executable, "-c", opening, url], cwd=ROOT) for _ in range(4)]
        try:
            assert [p.wait(timeout=120) for p in servers] == [0, 0, 0, 0]
        finally:
            for p in servers:
                p.kill()
        store = SurveyStore.open(url)
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
        store.close()
