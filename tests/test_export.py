"""`sayit export` in every format, on SQLite and on PostgreSQL: each file read back with its own reader (csv, json,
openpyxl, pyarrow, pyreadstat) and compared row by row with the store; the codebook complete; free text only when
asked for and a safeguarding concern's words never; the filters; Excel's row limit; an interrupted export leaving
no file."""

from __future__ import annotations

import csv
import json
import subprocess
import tempfile
from datetime import datetime, timedelta, timezone
from itertools import zip_longest

import pyarrow as pa
import pyarrow.parquet as pq
import pyreadstat
import pytest
from openpyxl import load_workbook

from bot.reports import export, export_batches, export_files
from bot.reports.codebook import codebook
from bot.reports.export import FREE_TEXT, columns
from bot.reports.export_batches import answer_batches, answer_rows
from bot.reports.export_files import FORMATS, codebook_paths, export_to, write_export
from bot.store.export_reads import ExportWhere
from tests.running_bot import ROOT, SAYIT

YOUNG = ("English", "me", "5", "No. Dad hits me every day", "yes", "skip", "mostly", "the middle one", "stop")
PARENT = ("Polski", "rodzic", "2", "nie wiem", "tak", "stop")


@pytest.fixture
def answered(chat, store):
    """A young person in English (one reply a disclosure, one skipped) and a parent in Polish."""
    for text in YOUNG:
        chat(text, sender="young")
    for text in PARENT:
        chat(text, sender="parent")
    return store


def csv_rows(store, versions, path, include_free_text=True):
    """The CSV export as `sayit export` writes it (the words people typed in it unless told not), read back."""
    export_to(store, versions, path, "csv", include_free_text=include_free_text)
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def versions_of(surveys):
    return {(s.id, s.version): s for s in surveys.values()}


def exported(store, surveys, fmt, path, free_text=False, where=None):
    chosen = columns(free_text)
    book = codebook(chosen, versions_of(surveys), {"format": fmt})
    count = write_export(answer_batches(store, versions_of(surveys), where, free_text), chosen, fmt, path, book)
    return count, chosen


def read_back(fmt, path):
    """The rows of an export file as its own tool reads them, each cell as text ('' for empty)."""
    def text(v):
        if v is None or v != v:  # None, NaN
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if isinstance(v, datetime):
            return v.replace(tzinfo=timezone.utc).isoformat() if v.tzinfo is None else v.isoformat()
        return str(v)

    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as f:
            return [{k: text(v) for k, v in row.items()} for row in csv.DictReader(f)]
    if fmt == "jsonl":
        return [{k: text(v) for k, v in json.loads(line).items()} for line in path.read_text("utf-8").splitlines()]
    if fmt == "xlsx":
        book = load_workbook(path, read_only=True)
        rows = []
        for name in [n for n in book.sheetnames if n.startswith("answers")]:
            header, *body = book[name].values
            rows += [{h: text(v) for h, v in zip_longest(header, r)} for r in body]  # trailing empties are not read
        return rows
    if fmt == "parquet":
        return [{k: text(v) for k, v in row.items()} for row in pq.read_table(path).to_pylist()]
    frame, _ = pyreadstat.read_sav(str(path))
    return [{k: text(v) for k, v in row.items()} for row in frame.to_dict("records")]


def store_cells(row):
    return {k: "" if v is None else str(v) for k, v in row.items()}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reads_back_row_by_row_as_the_store_holds_it(answered, surveys, tmp_path, fmt):
    path = tmp_path / f"answers.{fmt}"
    count, chosen = exported(answered, surveys, fmt, path)
    stored = list(answered.export_rows())
    back = read_back(fmt, path)
    assert count == len(back) == len(stored) == 8
    assert list(back[0]) == [c.name for c in chosen]
    for row, raw in zip(back, stored, strict=True):
        assert (row["session_id"], row["question_id"], row["status"], row["value"], row["language"], row["role"]) \
            == (raw["session_id"], raw["question_id"], raw["status"], "" if raw["value"] is None else
                str(raw["value"]), raw["language"], raw["role"])
        # Excel keeps times to the millisecond, SPSS as seconds in a double
        for name in ("answered_at", "session_started_at"):
            gap = datetime.fromisoformat(row[name]) - raw[name].replace(tzinfo=timezone.utc)
            assert abs(gap) < timedelta(milliseconds=1), name
        assert (row["session_finished_at"] == "") == (raw["session_finished_at"] is None)
    expected = [store_cells(r) for r in answer_rows(answered, versions_of(surveys))]
    for row, want in zip(back, expected, strict=True):
        for name in ("framework", "area", "area_name", "indicators", "pfa", "question", "wording_asked",
                     "value_label", "assisted", "given_via", "channel"):
            assert row[name] == want[name], (fmt, name)
    by_question = {r["question_id"]: r for r in back}
    assert by_question["yp_voice_communicate"]["value_label"] == "Yes, always"
    assert by_question["yp_voice_plan_decisions"]["status"] == "skipped"
    assert by_question["pc_voice_views_considered"]["status"] == "dont_know"
    assert by_question["pc_voice_share_views"]["language"] == "pl"
    assert by_question["yp_progress_clubs"]["value"] == "3"  # "the middle one"
    assert path.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("fmt", ("csv", "parquet"))
def test_batches_of_any_size_give_the_same_file(answered, surveys, tmp_path, monkeypatch, fmt):
    # each batch takes its questions' wordings and labels and its sessions' cells by index: a question first
    # met in a later batch, or a session spread over two, must come out as in one batch
    whole, small = tmp_path / f"whole.{fmt}", tmp_path / f"small.{fmt}"
    exported(answered, surveys, fmt, whole, free_text=True)
    monkeypatch.setattr(export_batches, "BATCH", 3)
    exported(answered, surveys, fmt, small, free_text=True)
    rows = read_back(fmt, whole)
    assert read_back(fmt, small) == rows and len(rows) == 8
    labels = {"Yes, always", "No, never", "Not often", "Mostly", "Sometimes"}
    assert {r["value_label"] for r in rows if r["value"]} == labels
    # each session's own cells on each of its answers: both people said stop, which ends a session
    for row in rows:
        started, ended = (datetime.fromisoformat(row[n]) for n in ("session_started_at", "session_finished_at"))
        assert started <= datetime.fromisoformat(row["answered_at"]) <= ended and row["session_status"] == "stopped"


def test_a_session_the_first_read_missed_is_read_when_its_answers_come(answered, surveys, tmp_path, monkeypatch):
    # the sessions and the answers are read on two connections, a moment apart: a session that began in
    # between (or that was erased in between) must neither crash the export nor lose its cells
    whole = tmp_path / "whole.csv"
    exported(answered, surveys, "csv", whole)
    real = answered.export_sessions
    asked = []

    def one_missed(where=None, ids=None):
        asked.append(ids)
        names, rows = real(where, ids)
        return names, rows[1:] if ids is None else rows

    monkeypatch.setattr(answered, "export_sessions", one_missed)
    late = tmp_path / "late.csv"
    exported(answered, surveys, "csv", late)
    assert read_back("csv", late) == read_back("csv", whole) and len(asked) == 2 and len(asked[1]) == 1

    monkeypatch.setattr(answered, "export_sessions", lambda where=None, ids=None: real(where, ids)[0:1] + (
        real(where, ids)[1][1:] if ids is None else [],))  # and now it has gone
    with pytest.raises(export_batches.ExportInterrupted, match="run the export again"):
        exported(answered, surveys, "csv", tmp_path / "out" / "gone.csv")
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_words_anyone_typed_without_asking_and_a_concerns_words_never(answered, surveys, tmp_path, fmt):
    plain = tmp_path / f"plain.{fmt}"
    exported(answered, surveys, fmt, plain)
    assert not any(name in read_back(fmt, plain)[0] for name in (*FREE_TEXT, "concern"))
    assert b"Dad hits" not in plain.read_bytes() and b"mostly" not in plain.read_bytes()

    with_text = tmp_path / f"text.{fmt}"
    exported(answered, surveys, fmt, with_text, free_text=True)
    rows = {r["question_id"]: r for r in read_back(fmt, with_text)}
    assert rows["yp_progress_learning"]["raw_reply"] == "mostly"
    assert rows["yp_voice_listened_to"]["value"] == "1"  # the disclosure's answer is kept, coded
    assert rows["yp_voice_listened_to"]["raw_reply"] == ""  # but its words are the safeguarding lead's alone
    assert b"Dad hits" not in with_text.read_bytes()


def test_the_codebook_names_every_column_and_every_code_in_the_file(answered, surveys, tmp_path):
    path = tmp_path / "answers.csv"
    exported(answered, surveys, "csv", path, free_text=True)
    as_json, as_markdown = codebook_paths(path)
    book = json.loads(as_json.read_text("utf-8"))
    assert book["export"]["rows"] == 8
    described = {c["name"]: c for c in book["columns"]}
    rows = read_back("csv", path)
    assert set(rows[0]) == set(described)
    for name, column in described.items():
        codes = book["codes"].get(column["codes"] or "")
        if column["codes"] in ("area", "question"):
            assert all(f"{r['survey']}:{r[name]}" in codes for r in rows), name
        elif codes is not None:
            assert all(r[name] in codes for r in rows if r[name]), name
    for survey in surveys.values():
        for q in survey.questions:
            entry = next(x for x in book["questions"] if (x["survey"], x["id"]) == (survey.id, q.id))
            assert entry["seed"] == q.seed and set(entry["asked"]) >= {"en", "pl", "ar"}
    readable = as_markdown.read_text("utf-8")
    assert "| value_label |" in readable and "### pc_voice_share_views" not in readable
    assert "shropshire_annual_review v1: pc_voice_share_views" in readable and "Not understood" in readable


def test_an_xlsx_carries_its_codebook_as_the_second_sheet_and_splits_past_excels_row_limit(
        answered, surveys, tmp_path, monkeypatch):
    monkeypatch.setattr(export_files, "EXCEL_ROWS", 4)  # three answers to a sheet, as 1,048,575 would be
    path = tmp_path / "answers.xlsx"
    exported(answered, surveys, "xlsx", path)
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["answers", "codebook", "answers 2", "answers 3"]
    assert len(read_back("xlsx", path)) == 8
    cells = [c for row in book["codebook"].values for c in row if c]
    assert "answer_sheets: 3" in cells and "value_label" in cells


def test_spss_carries_variable_and_value_labels(answered, surveys, tmp_path):
    path = tmp_path / "answers.sav"
    exported(answered, surveys, "sav", path)
    _, meta = pyreadstat.read_sav(str(path))
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["value"] == "Value" and labels["area_name"] == "Outcome area"
    assert meta.variable_value_labels["value"][5.0] == "Yes, always"
    assert meta.variable_value_labels["status"]["unclear"] == "Not understood"


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_interrupted_export_leaves_no_file(answered, surveys, tmp_path, monkeypatch, fmt):
    real, seen = export.describe_question, []

    def fail_on_the_fifth(row, survey):
        seen.append(row)
        if len(seen) == 5:
            raise KeyboardInterrupt  # Ctrl-C midway
        real(row, survey)

    monkeypatch.setattr(export, "describe_question", fail_on_the_fifth)
    scratch = tmp_path / "scratch"  # where a library's own temporary files go (openpyxl's sheets)
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    with pytest.raises(KeyboardInterrupt):
        exported(answered, surveys, fmt, tmp_path / "out" / f"answers.{fmt}")
    assert list((tmp_path / "out").iterdir()) == [] and list(scratch.iterdir()) == []


def test_filters_narrow_by_role_language_area_and_dates(answered, surveys, tmp_path):
    def count(**where):
        return exported(answered, surveys, "csv", tmp_path / "f.csv", where=ExportWhere(**where))[0]

    assert count(roles=("parent_carer",)) == 3 and count(languages=("en",)) == 5
    assert count(surveys=("bromley_outcomes",)) == 0 and count(areas=("voice",)) == 6
    assert count(answered_before=datetime(2020, 1, 1, tzinfo=timezone.utc)) == 0
    assert count(answered_from=datetime(2020, 1, 1, tzinfo=timezone.utc), channels=("rest",)) == 8
    assert answered.count_export_rows(ExportWhere(roles=("young_person",))) == 5
    # no answer matched: the file still has its header, for the analyst's tool to read
    none = tmp_path / "none.csv"
    _, chosen = exported(answered, surveys, "csv", none, where=ExportWhere(surveys=("bromley_outcomes",)))
    assert none.read_text("utf-8").splitlines() == [",".join(f'"{c.name}"' for c in chosen)]


def test_the_command_writes_each_format_with_its_codebook_and_refuses_an_unknown_filter(tmp_path, chat, store,
                                                                                          db_url):
    for text in YOUNG:
        chat(text, sender="young")
    env = {"SAYIT_DB_URL": db_url}
    out = tmp_path / "term.xlsx"
    today = datetime.now(timezone.utc).date()
    done = run("export", "--out", str(out), "--from", str(today - timedelta(days=1)), "--to", str(today),
               "--role", "young_person", env=env)
    assert done.returncode == 0, done.stderr
    assert "Wrote 5 answer rows" in done.stderr and "Exporting" in done.stderr  # the progress bar
    assert out.exists() and all(p.exists() for p in codebook_paths(out))
    refused = run("export", "--out", str(tmp_path / "x.csv"), "--survey", "no_such_survey", env=env)
    assert refused.returncode == 2 and "shropshire_annual_review" in refused.stderr
    assert not (tmp_path / "x.csv").exists()
    unknown = run("export", "--out", str(tmp_path / "x.txt"), env=env)
    assert unknown.returncode == 2 and "--format csv|xlsx|parquet|jsonl|sav" in unknown.stderr


def run(*args, env):
    import os

    return subprocess.run(SAYIT + list(args), cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=300)


def test_question_keys_that_hold_the_separator_stay_apart():
    # a batch finds each answer's question by a key joined from its parts: parts holding the joiner (stored
    # by anything at all, as the fuzz test stores) must not make two questions one
    descriptions = export_batches.Descriptions({})
    at = descriptions.positions(pa.array(["s", "s", "s"]), pa.array([1, 1, 1]),
                                pa.array(["a\x1fb", "a", "a\\sb"]), pa.array(["c", "b\x1fc", "c"]),
                                pa.array(["en", "en", "en"]))
    assert at.to_pylist() == [0, 1, 2]
