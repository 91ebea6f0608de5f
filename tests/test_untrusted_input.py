"""Nothing wrong is stored: a forged tap, control characters, an over-long reply or another sender's message id
changes nothing it should not, on SQLite and on PostgreSQL; an export is safe to open and complete or absent."""


import pytest

from bot.reports import export
from bot.reports.export import spreadsheet_safe
from bot.understanding.normalise import MAX_REPLY_CHARS, clean_reply
from tests.test_conversation import answers
from tests.test_export import csv_rows

FIRST, SECOND = "yp_voice_communicate", "yp_voice_listened_to"


def start(chat, sender="person-1"):
    chat("English", sender=sender)
    return chat("me", sender=sender)


def tap(chat, value, question=FIRST, sender="person-1"):
    return chat(f'/answer{{"question_id":"{question}","value":{value!r}}}', sender=sender, via="button",
                payload={"question_id": question, "value": value})


@pytest.mark.parametrize("forged", [99, -7, 0, 1_000_000, True, 2.5, "abc", "²", "-3", None, [3], {"v": 3}])
def test_a_tapped_value_that_is_not_one_of_the_choices_is_not_stored(chat, store, forged):
    start(chat)
    reply = tap(chat, forged)
    assert reply[-1].custom["question_id"] == FIRST  # asked again, not moved on
    assert answers(store) == {}
    assert store.latest_session(1).current_question == FIRST
    # and the real tap after it is stored as given
    assert tap(chat, 4)[-1].custom["question_id"] == SECOND
    assert answers(store)[FIRST]["value"] == 4


def test_a_tapped_value_given_as_text_is_read_as_its_number(chat, store):
    start(chat)
    tap(chat, "3")
    assert answers(store)[FIRST]["value"] == 3


def test_a_tapped_value_on_a_free_text_question_is_not_an_answer(chat, store, surveys):
    start(chat)
    young = surveys["shropshire_annual_review"].for_role("young_person")
    free = next(q for q in young if not q.is_scale)
    for q in young[:young.index(free)]:
        assert tap(chat, 3, q.id)[-1].custom["question_id"] != q.id
    assert tap(chat, 3, free.id)[-1].custom["question_id"] == free.id
    assert free.id not in answers(store)


def test_control_characters_are_removed_before_a_reply_is_coded_or_stored(chat, store):
    start(chat)
    chat("\x00yes\x07 mos\x00tly\x1b")  # NUL would make PostgreSQL refuse the turn
    row = answers(store)[FIRST]
    assert (row["value"], row["raw_reply"]) == (4, "yes mostly")
    young_free = "my\x00 dog\r\nand\tmy cat"
    assert clean_reply(young_free) == "my dog \nand my cat"


def test_an_over_long_reply_is_cut_to_the_cap_before_it_is_stored(chat, store):
    start(chat)
    chat("I am not sure about this one " * 500)
    concerns_or_answers = answers(store)
    stored = [r["raw_reply"] for r in concerns_or_answers.values()]
    assert all(len(text) <= MAX_REPLY_CHARS for text in stored)
    assert len(clean_reply("x" * 10 * MAX_REPLY_CHARS)) == MAX_REPLY_CHARS


def test_text_is_composed_the_same_however_it_was_typed():
    assert clean_reply("nu s\u0327tiu") == clean_reply("nu \u015ftiu") == "nu \u015ftiu"


def test_another_senders_message_id_does_not_drop_an_answer(chat, store):
    chat("English", sender="a", message_key="m1")
    chat("me", sender="a", message_key="m2")
    chat("English", sender="b", message_key="m1")
    chat("me", sender="b", message_key="m2")
    chat("5", sender="a", message_key="m3")
    reply = chat("2", sender="b", message_key="m3")  # the same id, from someone else
    assert reply[0].custom["question_id"] == SECOND
    stored = {s: answers(store, store.latest_session(store.respondent(k)).id)[FIRST]["value"]
              for s, k in (("a", respondent(chat, "a")), ("b", respondent(chat, "b")))}
    assert stored == {"a": 5, "b": 2}
    # while the same sender's retry is still acted on once
    again = chat("2", sender="b", message_key="m3")
    assert "already have" in again[0].text


def respondent(chat, sender):
    from bot.pseudonym import respondent_key

    return respondent_key(chat.conversation.settings.pseudonym_key, "rest", sender)


@pytest.mark.parametrize("cell, safe", [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
                                        ("+44 7700", "'+44 7700"), ("-7", "'-7"), ("@SUM(A1)", "'@SUM(A1)"),
                                        ("\t=1", "'=1"), ("a\x00b", "ab"), ("fine", "fine"), (4, 4), (None, None)])
def test_a_cell_is_never_a_formula_or_a_control_character(cell, safe):
    assert spreadsheet_safe(cell) == safe


def test_a_long_cell_is_exported_whole():
    assert spreadsheet_safe("x" * (3 * MAX_REPLY_CHARS)) == "x" * (3 * MAX_REPLY_CHARS)


def csv_export(store, versions, path):
    return csv_rows(store, versions, path), path.read_text(encoding="utf-8")


def test_the_export_holds_a_formula_as_text_and_control_characters_nowhere(chat, store, surveys, tmp_path):
    start(chat)
    young = surveys["shropshire_annual_review"].for_role("young_person")
    for q in young:
        if q.is_scale:
            tap(chat, 3, q.id)
        else:
            chat('=cmd|" /C calc"!A0')
    versions = {(s.id, s.version): s for s in surveys.values()}
    rows, text = csv_export(store, versions, tmp_path / "a.csv")
    assert len(rows) == len(young)
    free = [r for r in rows if r["value"] == ""]
    assert free and all(r["raw_reply"] == '\'=cmd|" /C calc"!A0' for r in free)
    assert not any(ord(ch) < 32 and ch not in "\r\n" for ch in text)


def test_a_row_whose_question_has_gone_is_still_exported(chat, store, surveys, tmp_path):
    start(chat)
    tap(chat, 2)
    survey = surveys["shropshire_annual_review"]
    without = type(survey)(**{**survey.__dict__, "questions": survey.questions[1:]})
    rows, _ = csv_export(store, {(survey.id, survey.version): without}, tmp_path / "a.csv")
    (row,) = rows
    assert (row["question_id"], row["value"], row["question"]) == (FIRST, "2", "")


def test_an_interrupted_export_leaves_the_last_complete_file_and_no_partial_one(chat, store, surveys,
                                                                                 tmp_path, monkeypatch):
    start(chat)
    tap(chat, 2)
    versions = {(s.id, s.version): s for s in surveys.values()}
    path = tmp_path / "out" / "answers.csv"
    path.parent.mkdir()
    assert len(csv_export(store, versions, path)[0]) == 1
    before = path.read_bytes()
    assert path.stat().st_mode & 0o077 == 0  # readable by its owner alone

    def fail_midway(row, survey):
        raise OSError("disk full")

    monkeypatch.setattr(export, "describe_question", fail_midway)
    with pytest.raises(OSError):
        csv_export(store, versions, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["answers.codebook.json", "answers.codebook.md",
                                                             "answers.csv"]
