"""`sayit subject-access`, `sayit erase`, `sayit purge` and `sayit rekey` (bot/cli/privacy.py, bot/store/privacy.py,
bot/store/rekeying.py), over real conversations in a real store, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
import stat
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.cli.main import main
from bot.dialogue.conversation import Conversation
from bot.dialogue.incoming import Incoming
from bot.pseudonym import channel_sender, respondent_key
from bot.store.schema import metadata
from bot.store.survey_store import SurveyStore, _sqlite_write_ahead_log, now
from tests.conftest import TEST_KEY

KEY = TEST_KEY.encode()
NUMBER = "+447700900123"  # a drama number
ALICE = "alice-webchat-0001"
FREE = ["quokka sanctuary trips", "the vanilla hum of the bus", "grandad's allotment", "loud dinner bells",
        "tiramisu fortnight", "be a lighthouse keeper"]
SETTINGS_SEEN = ("SAYIT_STORE_KEY", "SAYIT_PREVIOUS_STORE_KEY", "SAYIT_RETENTION_DAYS", "SAYIT_LAWFUL_BASIS",
                 "SAYIT_PRIVACY_CONTACT")


@pytest.fixture
def env(monkeypatch, db_url):
    """The commands see the same database and keys as the conversation."""
    monkeypatch.setenv("SAYIT_DB_URL", db_url)
    monkeypatch.setenv("SAYIT_PSEUDONYM_KEY", TEST_KEY)
    for name in SETTINGS_SEEN:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


class People:
    """People answering through the real conversation, as the channels hand their messages on."""

    def __init__(self, store: SurveyStore, surveys, settings):
        self.store = store
        self.conversation = Conversation(store, surveys, settings)

    def send(self, text: str, who: str = "alice"):
        key = uuid.uuid4().hex  # each message has its channel's id, so the store records it as handled
        if who == "bob":  # by SMS: the channel hashes the number before Rasa, and so the conversation, sees it
            return self.conversation.handle(Incoming("sms", channel_sender(KEY, "sms", NUMBER), text,
                                                     message_key=key))
        return self.conversation.handle(Incoming("webchat", ALICE if who == "alice" else who, text,
                                                 message_key=key))

    def whole_survey(self, who: str = "alice", free: list[str] = FREE) -> None:
        for text in ["English", "me", *["4"] * 19, *free]:
            replies = self.send(text, who)
        assert replies[0].custom["type"] == "survey_complete"

    def bob_with_a_concern(self) -> None:
        for text in ["English", "parent", "5", "my dad hits me", "yes", "2"]:
            self.send(text, "bob")

    def session_of(self, who: str) -> str:
        session = self.store.latest_session(self.respondent(who))
        assert session is not None
        return session.id

    def respondent(self, who: str) -> int:
        return self.store.respondent(self.pseudonym(who))

    @staticmethod
    def pseudonym(who: str) -> str:
        if who == "bob":
            return respondent_key(KEY, "sms", channel_sender(KEY, "sms", NUMBER))
        return respondent_key(KEY, "webchat", ALICE if who == "alice" else who)


@pytest.fixture
def people(env, store, surveys, settings):
    return People(store, surveys, settings)


def everything(store: SurveyStore) -> dict[str, list[dict]]:
    with store.engine.connect() as conn:
        return {t.name: [dict(r) for r in conn.execute(sa.select(t)).mappings()] for t in metadata.sorted_tables}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


# ---- subject access ---------------------------------------------------------------------------------------------
def test_subject_access_holds_every_answer_given_and_nothing_of_anyone_else(people, store, capsys, tmp_path):
    people.whole_survey()
    people.bob_with_a_concern()
    out = tmp_path / "alice.json"
    code, _, err = run(capsys, "subject-access", "--channel", "webchat", "--sender", ALICE, "--out", str(out))
    assert code == 0 and "25 answers" in err and "restart" in err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*partial"))
    held = json.loads(out.read_text(encoding="utf-8"))
    assert held["lawful_basis"].startswith("public task (UK GDPR Article 6(1)(e))")
    assert held["privacy_contact"] == "the council's data protection officer"
    with store.engine.connect() as conn:
        assert held["respondent"]["pseudonymous_key"] == conn.execute(sa.text(
            "SELECT key FROM respondents WHERE id = :id"), {"id": people.respondent("alice")}).scalar()
    [session] = held["sessions"]
    assert session["id"] == people.session_of("alice") and session["status"] == "finished"
    assert {"survey", "survey_version", "role", "language", "age", "channel", "started_at", "finished_at",
            "notice_version", "notice_shown_at"} <= set(session)
    stored = store.answers(session["id"])
    assert {a["question_id"]: a["raw_reply"] for a in session["answers"]} == {
        q: a["raw_reply"] for q, a in stored.items()}
    assert [a["raw_reply"] for a in session["answers"][-6:]] == FREE
    first = session["answers"][0]
    assert first["question"] and first["area"] == "voice" and first["value"] == 4 and first["given_via"] == "typed"
    assert {"status", "times_changed", "answered_at"} <= set(first)
    text = out.read_text(encoding="utf-8")
    assert "my dad hits me" not in text and "parent" not in text and ALICE not in text


def test_subject_access_by_session_shows_concerns_open_or_closed(people, store, capsys, tmp_path, env):
    people.bob_with_a_concern()
    env.setenv("SAYIT_LAWFUL_BASIS", "legitimate interests")
    env.setenv("SAYIT_PRIVACY_CONTACT", "dpo@example.gov.uk")
    out = tmp_path / "bob.json"
    assert run(capsys, "subject-access", "--session", people.session_of("bob"), "--out", str(out))[0] == 0
    held = json.loads(out.read_text(encoding="utf-8"))
    assert (held["lawful_basis"], held["privacy_contact"]) == ("legitimate interests", "dpo@example.gov.uk")
    [concern] = held["sessions"][0]["concerns"]
    assert concern["raw_reply"] == "my dad hits me" and concern["open"] is True
    assert [a["raw_reply"] for a in held["sessions"][0]["answers"]] == ["5", "2"]
    # the number as a person says it finds the same respondent, and it is never written anywhere
    again = tmp_path / "bob-by-number.json"
    code, _, err = run(capsys, "subject-access", "--channel", "sms", "--sender", "07700 900123", "--out", str(again))
    assert code == 0 and NUMBER not in err and "7700" not in again.read_text(encoding="utf-8")
    assert json.loads(again.read_text())["sessions"] == held["sessions"]


# ---- erasure ----------------------------------------------------------------------------------------------------
def test_erase_leaves_no_row_that_refers_to_the_respondent(people, store, capsys):
    people.whole_survey()
    people.bob_with_a_concern()
    alice, session = people.respondent("alice"), people.session_of("alice")
    before = everything(store)
    handled = [r for r in before["handled_messages"] if r["session_id"] == session]
    assert len(handled) == 27
    code, out, _ = run(capsys, "erase", "--channel", "webchat", "--sender", ALICE, "--yes")
    assert code == 0
    assert "Removed 25 answers, 1 session, 27 message records, 0 closed concerns and 1 respondent." in out
    assert "restart the bot" in out and ALICE not in out
    after = everything(store)
    assert not [r for r in after["respondents"] if r["id"] == alice]
    for table, rows in after.items():
        for row in rows:
            assert session not in row.values() and row.get("respondent_id") != alice, (table, row)
            assert not set(map(str, row.values())) & set(FREE), (table, row)
    # nobody else was touched
    bob_rows = {t: [r for r in rows if r not in after[t]] for t, rows in before.items()}
    assert {t: len(rows) for t, rows in bob_rows.items()} == {"respondents": 1, "sessions": 1, "responses": 25,
                                                              "handled_messages": 27, "concerns": 0,
                                                              "clips": 0, "voice_clips": 0, "advocates": 0,
                                                              "analysts": 0, "downloads": 0, "inbox": 0}
    assert len(after["responses"]) == 2 and len(after["concerns"]) == 1


def test_erase_by_number_removes_what_waits_for_them_in_the_webhook_inbox(people, store, capsys):
    from bot.pseudonym import channel_sender
    from bot.store import inbox

    people.bob_with_a_concern()
    theirs = channel_sender(TEST_KEY.encode(), "sms", NUMBER)
    assert inbox.put(store.engine, "sms", "sms-SM" + "1" * 32, theirs, b"sealed")
    assert inbox.put(store.engine, "sms", "sms-SM" + "2" * 32, "someone-else", b"sealed")
    code, out, _ = run(capsys, "erase", "--channel", "sms", "--sender", "07700 900123", "--yes")
    assert code == 0 and "Removed 1 message waiting in the webhook inbox." in out
    assert inbox.waiting(store.engine) == 1  # someone else's stays


def test_an_erased_respondents_words_are_gone_from_the_database_files(tmp_path, env, surveys, settings, capsys):
    path = tmp_path / "erase.db"
    url = f"sqlite:///{path}"
    env.setenv("SAYIT_DB_URL", url)
    plain = sqlite3.connect(":memory:")
    plain.execute("PRAGMA secure_delete=OFF")
    _sqlite_write_ahead_log(plain, None)  # the store's connect hook turns it on, whatever SQLite's build says
    assert plain.execute("PRAGMA secure_delete").fetchone() == (1,)
    store = SurveyStore.open(url)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    people = People(store, surveys, settings)
    people.whole_survey()
    others = [f"someone else's answer {n}" for n in range(6)]
    people.whole_survey("someone-else-42", others)
    key = store.engine.connect().execute(sa.text("SELECT key FROM respondents WHERE id = 1")).scalar()

    def on_disk() -> bytes:
        return b"".join(p.read_bytes() for p in tmp_path.glob("erase.db*"))

    assert all(text.encode() in on_disk() for text in FREE)  # so the test below can fail
    assert run(capsys, "erase", "--channel", "webchat", "--sender", ALICE, "--yes")[0] == 0
    secrets_given = [*FREE, ALICE, key]
    assert not [s for s in secrets_given if s.encode() in on_disk()]
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert not [s for s in secrets_given if s.encode() in on_disk()]
    assert all(text.encode() in on_disk() for text in others)  # what was not erased is still there
    store.close()  # the last connection folds the log into the database and removes it
    assert not [s for s in secrets_given if s.encode() in path.read_bytes()]
    assert not Path(f"{path}-wal").exists() or not Path(f"{path}-wal").read_bytes().strip(b"\0")


def test_without_secure_delete_sqlite_would_keep_erased_words(tmp_path):
    """Why the store turns secure_delete on: SQLite as most builds have it (Debian's turns it on, python.org's and
    Apple's do not) leaves a deleted row's bytes in the file's free space."""
    path = tmp_path / "plain.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA secure_delete=OFF")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (words TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [(f"{FREE[0]} {n}",) for n in range(50)])
    conn.commit()
    conn.execute("DELETE FROM t")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert FREE[0].encode() in path.read_bytes()


def test_an_open_concern_is_kept_and_the_person_can_no_longer_be_found_by_it(people, store, capsys):
    people.bob_with_a_concern()
    session = people.session_of("bob")
    code, out, _ = run(capsys, "erase", "--channel", "sms", "--sender", NUMBER, "--yes")
    assert code == 0
    assert "Removed 2 answers, 0 sessions" in out and "Kept 1 open safeguarding concern" in out
    assert f"run `sayit erase --session {session}` again" in out and NUMBER not in out
    rows = everything(store)
    assert [c["raw_reply"] for c in rows["concerns"]] == ["my dad hits me"]
    assert rows["responses"] == [] and rows["handled_messages"] == []
    assert [s["status"] for s in rows["sessions"]] == ["removed"]
    assert [r["key_id"] for r in rows["respondents"]] == ["anonymised"]
    assert rows["respondents"][0]["key"] not in people.store.keys.all(People.pseudonym("bob"))
    missing = run(capsys, "erase", "--channel", "sms", "--sender", NUMBER, "--yes")
    assert missing[0] == 2 and "No respondent on sms" in missing[2]
    # once the lead has closed it, erasing again by the session leaves nothing
    assert run(capsys, "concerns", "--reviewed", str(rows["concerns"][0]["id"]), "--by", "Lead")[0] == 0
    code, out, _ = run(capsys, "erase", "--session", session, "--yes")
    assert code == 0 and "1 closed concern and 1 respondent" in out and "Kept" not in out
    assert all(rows == [] for rows in everything(store).values())


def test_erase_asks_first_and_changes_nothing_unless_told_yes(people, store, capsys, monkeypatch):
    people.whole_survey()
    before = everything(store)
    monkeypatch.setattr("builtins.input", lambda: "no")
    code, _, err = run(capsys, "erase", "--session", people.session_of("alice"))
    assert code == 1 and "1 session and 25 answers" in err and "Nothing erased" in err
    assert everything(store) == before


# ---- retention --------------------------------------------------------------------------------------------------
def age(store: SurveyStore, session_id: str, days: int) -> None:
    with store.engine.begin() as conn:
        when = now() - timedelta(days=days)
        conn.execute(sa.text("UPDATE sessions SET updated_at = :t, started_at = :t, finished_at = "
                             "CASE WHEN finished_at IS NULL THEN NULL ELSE :t END WHERE id = :id"),
                     {"t": when, "id": session_id})


def test_purge_removes_only_what_is_older_than_the_cut_off(people, store, capsys, env):
    people.whole_survey()
    for text in ("English", "me", "4", "4"):  # left open, and never come back to
        people.send(text, "old-and-open-77")
    people.send("English", "recent-88")
    people.bob_with_a_concern()
    for who, days in (("alice", 400), ("old-and-open-77", 380), ("recent-88", 300), ("bob", 500)):
        age(store, people.session_of(who), days)
    before = everything(store)
    code, out, err = run(capsys, "purge", "--older-than", "365d", "--dry-run")
    assert code == 0 and "Nothing changed" in out and "respondents done: 3 of 3" in err
    assert "Would remove 29 answers, 2 sessions" in out and "keep 1 open concern" in out
    assert everything(store) == before
    env.setenv("SAYIT_RETENTION_DAYS", "600")
    assert run(capsys, "purge")[0] == 0
    assert everything(store) == before

    code, out, _ = run(capsys, "purge", "--older-than", "52w")
    assert code == 0 and "Removed 29 answers, 2 sessions" in out and "2 respondents" in out
    assert "Kept 1 open safeguarding concern" in out
    after = everything(store)
    assert [s["id"] for s in after["sessions"] if s["status"] != "removed"] == [people.session_of("recent-88")]
    assert len(after["concerns"]) == 1 and after["responses"] == []
    assert sorted(r["key_id"] or "" for r in after["respondents"]) == ["", "anonymised"]  # recent, bob's concern


# ---- rotating the key -------------------------------------------------------------------------------------------
def restart(store: SurveyStore, surveys, settings) -> People:
    """The bot started again with the settings now in the environment."""
    return People(SurveyStore(store.engine), surveys, settings)


def test_rekey_moves_each_person_at_their_next_message_and_finish_anonymises_the_rest(
        people, store, surveys, settings, capsys, tmp_path, env):
    for who in ("alice", "bob", "away-for-good"):
        people.send("English", who)
        people.send("me" if who != "bob" else "parent", who)
        people.send("4", who)
    sessions = {who: people.session_of(who) for who in ("alice", "bob", "away-for-good")}
    old_keys = {r["key"] for r in everything(store)["respondents"]}

    key_file = tmp_path / "store.key"
    code, out, _ = run(capsys, "rekey", "--new-key-file", str(key_file))
    assert code == 0 and "SAYIT_STORE_KEY to the contents of" in out
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert run(capsys, "rekey", "--new-key-file", str(key_file))[0] == 2  # a key is never overwritten
    first = key_file.read_text().strip()
    env.setenv("SAYIT_STORE_KEY", first)
    bot = restart(store, surveys, settings)

    for who in ("alice", "bob"):
        reply = bot.send("5", who)
        assert reply[0].custom["type"] == "question" and reply[0].custom["position"] == 3
        assert bot.session_of(who) == sessions[who] and len(store.answers(sessions[who])) == 2
    rows = {r["id"]: r for r in everything(store)["respondents"]}
    assert len(rows) == 3 and rows[bot.respondent("alice")]["key"] not in old_keys
    code, out, _ = run(capsys, "rekey")
    assert "current store key: 2; on an earlier key: 1" in out

    # a second rotation, before the first is finished: the previous key and the first one both still lead home
    env.setenv("SAYIT_PREVIOUS_STORE_KEY", first)
    env.setenv("SAYIT_STORE_KEY", "a-second-store-key-0123456789")
    bot = restart(store, surveys, settings)
    assert bot.send("3", "alice")[0].custom["position"] == 4 and bot.session_of("alice") == sessions["alice"]

    code, out, _ = run(capsys, "rekey", "--finish", "--yes")
    assert code == 0 and "Anonymised 2 respondents" in out
    rows = {r["id"]: r for r in everything(store)["respondents"]}
    assert [r["key_id"] for r in rows.values()].count("anonymised") == 2
    assert not {r["key"] for r in rows.values()} & old_keys
    current = bot.store.keys.current_id
    assert {r["key_id"] for r in rows.values()} == {current, "anonymised"}
    # bob was on the first store key, and is now a stranger; alice carries on
    assert bot.send("2", "bob")[0].custom["type"] == "choose_language"
    assert bot.send("2", "alice")[0].custom["position"] == 5
    assert run(capsys, "rekey", "--finish", "--yes")[1].startswith("Nothing to finish")


def test_rekey_finish_needs_a_store_key(people, capsys):
    code, _, err = run(capsys, "rekey", "--finish", "--yes")
    assert code == 2 and "no rotation to finish" in err


def test_the_commands_hash_a_sender_as_the_channels_do():
    from bot.cli.privacy import sender_pseudonym
    from channels.sms import SmsInput
    from channels.telegram import TelegramInput

    chat = TelegramInput(None, KEY).sender(12345)
    assert sender_pseudonym(KEY, "telegram", "12345") == respondent_key(KEY, "telegram", chat)
    number = SmsInput(None, KEY).sender("+447700900123")
    assert sender_pseudonym(KEY, "sms", "+44 7700 900123") == respondent_key(KEY, "sms", number)
    assert sender_pseudonym(KEY, "sms", "+44 7700 900123") == People.pseudonym("bob")


# ---- bad input ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("argv, said", [
    (["erase", "--session", "no-such-session", "--yes"], "No respondent with that session id: check the export's"),
    (["subject-access", "--session", "no-such", "--out", "x.json"], "session_id column"),
    (["erase", "--yes"], "Say who, in one way"),
    (["erase", "--session", "S", "--channel", "sms", "--sender", NUMBER, "--yes"], "Say who, in one way"),
    (["erase", "--channel", "sms", "--yes"], "Give both --channel"),
    (["erase", "--channel", "pigeon", "--sender", "1", "--yes"], "one of sms, telegram, webchat, rest"),
    (["erase", "--channel", "telegram", "--sender", "999", "--yes"], "No respondent on telegram"),
    (["purge", "--older-than", "1y"], "like 365d, 52w or 12m"),
    (["purge", "--older-than", "0d"], "of 1 or more"),
    (["rekey", "--finish", "--new-key-file", "k"], "not both"),
])
def test_bad_input_is_refused_kindly_and_changes_nothing(people, store, capsys, argv, said, tmp_path, monkeypatch):
    people.whole_survey()
    people.bob_with_a_concern()
    before = everything(store)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, err = run(capsys, *argv)
    assert code == 2 and said in err and out == ""
    assert everything(store) == before and not list(here.iterdir())


def test_a_bad_retention_setting_says_what_to_set(people, capsys, env):
    env.setenv("SAYIT_RETENTION_DAYS", "two years")
    code, _, err = run(capsys, "purge", "--dry-run")
    assert code == 2 and "SAYIT_RETENTION_DAYS" in err
