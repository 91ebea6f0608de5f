"""The export's file formats, each written complete or not at all: CSV, JSON lines, XLSX (with the codebook as its
second sheet), Parquet and SPSS's SAV (with variable and value labels), and the codebook beside each as JSON and
Markdown.

CSV, JSON lines, XLSX and Parquet stream: a batch of rows is held at a time. SAV is written by pyreadstat from one
table, so a SAV export holds its rows in memory; filter a very large one (by term, survey or role).
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any

from bot.reports.codebook import codebook, markdown, sheet_rows
from bot.reports.export import DESCRIBED, Column, answer_rows, columns, spreadsheet_safe
from bot.store.survey_store import ExportWhere, SurveyStore
from bot.surveys.model import Survey

FORMATS = ("csv", "xlsx", "parquet", "jsonl", "sav")
EXCEL_ROWS = 1_048_576  # the rows of one Excel sheet, its header among them
BATCH = 10_000  # rows to a Parquet row group


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _cell_makers(columns: tuple[Column, ...], time: Callable[[datetime], Any]) -> list[Callable[[Any], Any]]:
    """How each column's cell is written in a spreadsheet (CSV or XLSX): a time as `time` makes it, every text
    from the store made safe (never a formula, no control characters), numbers and the surveys' own words (made
    safe once per question by answer_rows) as they are."""
    def kept(value: Any) -> Any:
        return value

    return [(lambda v: time(v) if v is not None else None) if c.type == "time" else
            spreadsheet_safe if c.type == "text" and c.name not in DESCRIBED else kept for c in columns]


def _csv(rows: Iterable[dict[str, Any]], columns: tuple[Column, ...], path: Path, book: dict[str, Any]) -> int:
    count = 0
    makers = _cell_makers(columns, lambda v: _utc(v).isoformat())
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([c.name for c in columns])
        for row in rows:  # csv writes None as an empty cell
            writer.writerow([make(v) for make, v in zip(makers, row.values(), strict=True)])
            count += 1
    return count


def _jsonl(rows: Iterable[dict[str, Any]], columns: tuple[Column, ...], path: Path, book: dict[str, Any]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            cells = {k: _utc(v).isoformat() if isinstance(v, datetime) else v for k, v in row.items()}
            out.write(json.dumps(cells, ensure_ascii=False) + "\n")
            count += 1
    return count


def _xlsx(rows: Iterable[dict[str, Any]], columns: tuple[Column, ...], path: Path, book: dict[str, Any]) -> int:
    """The answers on as many sheets as Excel's row limit needs ("answers", then "answers 2"...), the codebook
    always the second sheet."""
    from openpyxl import Workbook
    from openpyxl.worksheet import _writer as sheet_files

    # openpyxl writes each sheet to a temporary file first; if the export is interrupted, those (children's
    # answers) are removed now, not when the process ends
    before = set(sheet_files.ALL_TEMP_FILES)
    try:
        return _xlsx_sheets(Workbook(write_only=True), rows, columns, path, book)
    finally:
        for left in set(sheet_files.ALL_TEMP_FILES) - before:
            Path(left).unlink(missing_ok=True)


def _xlsx_sheets(workbook: Any, rows: Iterable[dict[str, Any]], columns: tuple[Column, ...], path: Path,
                 book: dict[str, Any]) -> int:
    header = [c.name for c in columns]
    sheet = workbook.create_sheet("answers")
    sheet.append(header)
    book_sheet = workbook.create_sheet("codebook")
    count, on_sheet, sheets = 0, 0, 1
    # Excel has no time zones: every time is UTC (the codebook says)
    makers = _cell_makers(columns, lambda v: _utc(v).replace(tzinfo=None))
    for row in rows:
        if on_sheet == EXCEL_ROWS - 1:
            sheets += 1
            sheet, on_sheet = workbook.create_sheet(f"answers {sheets}"), 0
            sheet.append(header)
        sheet.append([make(v) for make, v in zip(makers, row.values(), strict=True)])
        count, on_sheet = count + 1, on_sheet + 1
    book = {**book, "export": {**book["export"], "rows": count, "answer_sheets": sheets}}
    for line in sheet_rows(book):
        book_sheet.append([spreadsheet_safe(v) for v in line])
    workbook.save(path)
    return count


ARROW_TYPES = {"text": "string", "integer": "int64", "number": "float64", "time": "timestamp"}


def _parquet(rows: Iterable[dict[str, Any]], columns: tuple[Column, ...], path: Path, book: dict[str, Any]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    def arrow_type(column: Column) -> pa.DataType:
        return pa.timestamp("us", tz="UTC") if column.type == "time" else getattr(pa, ARROW_TYPES[column.type])()

    schema = pa.schema([pa.field(c.name, arrow_type(c), metadata={"label": c.label, "meaning": c.meaning})
                        for c in columns], metadata={"codebook": json.dumps(book["codes"], ensure_ascii=False)})
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batches = iter(rows)
        while batch := list(islice(batches, BATCH)):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _sav(rows: Iterable[dict[str, Any]], columns: tuple[Column, ...], path: Path, book: dict[str, Any]) -> int:
    """SPSS: variable labels from the columns, value labels from the codebook's code lists."""
    import pandas as pd
    import pyreadstat

    data: dict[str, list[Any]] = {c.name: [] for c in columns}
    for row in rows:
        for name, value in row.items():
            data[name].append(_utc(value).replace(tzinfo=None) if isinstance(value, datetime) else value)
    frame = pd.DataFrame({c.name: _sav_column(data[c.name], c, pd) for c in columns})
    labels: dict[str, dict[Any, str]] = {}
    for c in columns:
        codes = book["codes"].get(c.codes or "")
        if codes and c.type == "integer":
            labels[c.name] = {float(code): label for code, label in codes.items()}
        elif codes and c.codes not in ("area", "question"):  # those are survey:id, not the cell's own value
            labels[c.name] = dict(codes)
    pyreadstat.write_sav(frame, str(path), column_labels=[c.label for c in columns], variable_value_labels=labels)
    return len(frame)


def _sav_column(values: list[Any], column: Column, pd: Any) -> Any:
    if column.type == "time":
        return pd.to_datetime(pd.Series(values, dtype="object"))
    if column.type in ("integer", "number"):
        return pd.Series(values, dtype="float64")  # SPSS numbers are doubles; empty cells are system-missing
    return pd.Series(["" if v is None else str(v) for v in values], dtype="object")


WRITERS: dict[str, Callable[[Iterable[dict[str, Any]], tuple[Column, ...], Path, dict[str, Any]], int]] = {
    "csv": _csv, "jsonl": _jsonl, "xlsx": _xlsx, "parquet": _parquet, "sav": _sav,
}


def codebook_paths(path: Path) -> tuple[Path, Path]:
    """Where the codebook of the export at `path` goes: answers.csv -> answers.codebook.json and .codebook.md."""
    stem = path.with_suffix("")
    return stem.with_name(stem.name + ".codebook.json"), stem.with_name(stem.name + ".codebook.md")


def write_atomically(path: Path, write: Callable[[Path], Any]) -> Any:
    """Call `write` on a temporary file beside `path`, readable by its owner alone (it holds children's answers),
    and rename it to `path` only when it is done: an interrupted export leaves the last complete file and no
    partial one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    os.close(fd)
    try:
        result = write(Path(partial))
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return result


def write_export(rows: Iterator[dict[str, Any]], columns: tuple[Column, ...], fmt: str, path: Path,
                 book: dict[str, Any]) -> int:
    """Write the rows in `fmt` to `path`, then its codebook beside it; return the number of answer rows."""
    count = write_atomically(path, lambda partial: WRITERS[fmt](rows, columns, partial, book))
    book = {**book, "export": {**book["export"], "rows": count}}
    as_json, as_markdown = codebook_paths(path)
    write_atomically(as_json, lambda p: p.write_text(json.dumps(book, ensure_ascii=False, indent=1), "utf-8"))
    write_atomically(as_markdown, lambda p: p.write_text(markdown(book), "utf-8"))
    return count


def export_to(store: SurveyStore, versions: dict[tuple[str, int], Survey], path: Path, fmt: str = "csv",
              where: ExportWhere | None = None, include_free_text: bool = False, said: dict[str, Any] | None = None,
              progress: Callable[[Iterator[dict[str, Any]], int], Iterator[dict[str, Any]]] | None = None) -> int:
    """Export the answers `where` admits to `path` in `fmt`, with the codebook of the surveys it can hold beside
    it; `said` is how the analyst asked for it, for the codebook, and `progress` wraps the rows to show them go."""
    chosen = columns(include_free_text)
    described = {k: s for k, s in versions.items() if where is None or where.surveys is None or k[0] in where.surveys}
    book = codebook(chosen, described, {"format": fmt, **(said or {}),
                                        "free_text": "included" if include_free_text else "left out"})
    rows = answer_rows(store, versions, where, include_free_text)
    if progress is not None:
        rows = progress(rows, store.count_export_rows(where))
    return write_export(rows, chosen, fmt, path, book)
