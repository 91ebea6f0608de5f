"""The XLSX writer (bot/reports/xlsx_workbook.py), read back by two readers that share none of its code:
openpyxl, and LibreOffice Calc converting each sheet to CSV headless, as an analyst's spreadsheet opens it.
Text that XML and spreadsheets treat specially, right-to-left and astral text, gaps, numbers and times to the
microsecond, batches appended after single rows, sheets placed out of the order they were written."""

from __future__ import annotations

import csv
import os
import subprocess
from datetime import datetime, timedelta, timezone

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from bot.reports import xlsx_workbook
from bot.reports.xlsx_workbook import Workbook, column_letter

TEXTS = ["plain", "a & b < c > d", "</t></is></c><c>", '"quoted" \'and\' <tags>', "line one\nline two",
         "مرحبا بالعالم", "emoji 🙂 and 👩🏽‍🦱", "  spaced  ", "", "&amp; stays as typed"]
START = datetime(2026, 10, 16, 22, 15, 9, 870307, tzinfo=timezone.utc)


def batch_of(texts: list[str | None]) -> pa.RecordBatch:
    n = len(texts)
    return pa.RecordBatch.from_arrays([
        pa.array(texts, pa.string()),
        pa.array([i if i % 3 else None for i in range(n)], pa.int64()),
        pa.array([i / 7 if i % 2 else None for i in range(n)], pa.float64()),
        pa.array([START + timedelta(days=i, microseconds=i) for i in range(n)], pa.timestamp("us", tz="UTC")),
    ], names=["text", "number", "share", "at"])


def write(path, batches: list[pa.RecordBatch]) -> None:
    with Workbook(path) as book:
        book.add_sheet("answers", ["text", "number", "share", "at"])
        book.append(["first", 1, 0.5, START])  # a single row before the batches
        for batch in batches:
            book.append_batch(batch)
        book.add_sheet("about", ["what"], at=0)  # written last, shown first
        book.append(["a note & more"])


def expected_rows(batches: list[pa.RecordBatch]) -> list[tuple]:
    rows = [("first", 1, 0.5, START)]
    for batch in batches:
        rows += list(zip(*(c.to_pylist() for c in batch.columns), strict=True))
    return rows


def test_column_letters_go_on_past_z():
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == \
        ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


def test_openpyxl_reads_back_every_cell_and_the_sheets_in_their_places(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_workbook, "XML_ROWS", 3)  # a batch's rows made a few at a time, numbered on
    batches = [batch_of(TEXTS), batch_of([None, "after a gap", "x" * 5000])]
    path = tmp_path / "book.xlsx"
    write(path, batches)
    book = load_workbook(path)  # the full reader, which checks more than read_only does
    assert book.sheetnames == ["about", "answers"]
    header, *rows = book["answers"].values
    assert header == ("text", "number", "share", "at")
    assert len(rows) == 1 + sum(b.num_rows for b in batches)
    for got, want in zip(rows, expected_rows(batches), strict=True):
        assert got[0] == want[0]
        assert got[1:3] == want[1:3]
        assert abs(got[3] - want[3].replace(tzinfo=None)) < timedelta(milliseconds=1)  # Excel keeps ms
    assert [r for r in book["about"].values] == [("what",), ("a note & more",)]


def test_libreoffice_opens_it_as_an_analysts_spreadsheet_would(tmp_path):
    batches = [batch_of(TEXTS)]
    path = tmp_path / "book.xlsx"
    write(path, batches)
    out = tmp_path / "csv"
    # 44,34,76,1: comma, double quote, UTF-8, from line 1; the last -1 writes every sheet to its own file
    converted = subprocess.run(
        ["soffice", "--headless", "--norestore", "--convert-to",
         'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', "--outdir", str(out),
         str(path)], capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)})
    assert converted.returncode == 0, converted.stderr
    with (out / "book-answers.csv").open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert header == ["text", "number", "share", "at"]
    want = expected_rows(batches)
    assert len(rows) == len(want)
    for got, (text, number, share, at) in zip(rows, want, strict=True):
        assert got[0] == (text or "")
        assert got[1] == ("" if number is None else str(number))
        assert (got[2] == "") == (share is None) and (share is None or abs(float(got[2]) - share) < 1e-9)
        assert got[3] == at.strftime("%Y-%m-%d %H:%M:%S")  # the sheet's date format, to the second
    assert (out / "book-about.csv").read_text("utf-8").splitlines() == ["what", "a note & more"]


# every character XML 1.0 allows, but the controls a spreadsheet cell never holds (spreadsheet_safe removes them)
XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.one_of(st.none(), XML_TEXT), min_size=1, max_size=30))
def test_any_text_comes_back_as_it_went_in(tmp_path, texts):
    path = tmp_path / "fuzz.xlsx"
    with Workbook(path) as book:
        book.add_sheet("answers", ["text"])
        book.append_batch(pa.RecordBatch.from_arrays([pa.array(texts, pa.string())], names=["text"]))
    _, *rows = load_workbook(path, read_only=True)["answers"].values
    got = [r[0] if r else None for r in rows]
    assert got + [None] * (len(texts) - len(got)) == texts  # a row with no cell at the end is not read
