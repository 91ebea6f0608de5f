"""The export's file formats, each written complete or not at all: CSV, JSON lines, XLSX (with the codebook as its
second sheet), Parquet and SPSS's SAV (with variable and value labels), and the codebook beside each as JSON and
Markdown.

Each takes the answers as Arrow record batches (bot/reports/export_batches.py). CSV, JSON lines, XLSX and Parquet
stream: a batch of rows is held at a time. SAV is written by pyreadstat from one
table, so a SAV export holds its rows in memory; filter a very large one (by term, survey or role).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from bot.reports.codebook import codebook, markdown, sheet_rows
from bot.reports.export import DESCRIBED, Column, columns, spreadsheet_safe
from bot.reports.export_batches import answer_batches, arrow_schema
from bot.reports.xlsx_workbook import Workbook
from bot.store.export_reads import ExportWhere
from bot.store.survey_store import SurveyStore
from bot.surveys.model import Survey

FORMATS = ("csv", "xlsx", "parquet", "jsonl", "sav")
EXCEL_ROWS = 1_048_576  # the rows of one Excel sheet, its header among them


Batches = Iterable[pa.RecordBatch]


def spreadsheet_cells(batch: pa.RecordBatch, chosen: tuple[Column, ...]) -> pa.RecordBatch:
    """The batch as a spreadsheet (CSV or XLSX) may hold it: every text from the store never a formula and without
    control characters (spreadsheet_safe). Its cells repeat (a code, a session's respondent), so each distinct
    one is made safe once; the surveys' own words were made safe once per question already."""
    arrays = []
    for column, array in zip(chosen, batch.columns, strict=True):
        if column.type == "text" and column.name not in DESCRIBED:
            distinct = pc.dictionary_encode(array)
            safe = pa.array([spreadsheet_safe(v) for v in distinct.dictionary.to_pylist()], pa.string())
            array = safe.take(distinct.indices)
        arrays.append(array)
    return pa.RecordBatch.from_arrays(arrays, schema=batch.schema)


def _times_as(batch: pa.RecordBatch, chosen: tuple[Column, ...], make: Callable[[pa.Array], pa.Array]
              ) -> pa.RecordBatch:
    arrays = [make(a) if c.type == "time" else a for c, a in zip(chosen, batch.columns, strict=True)]
    return pa.RecordBatch.from_arrays(arrays, names=batch.schema.names)


def _iso_text(times: pa.Array) -> pa.Array:
    """ISO 8601 in UTC, "2026-10-16T22:15:09.870307+00:00": a time without its zone is written twenty times
    faster than strftime or a time with one, and every time here is UTC."""
    text = pc.replace_substring(times.cast(pa.timestamp("us")).cast(pa.string()), " ", "T", max_replacements=1)
    return pc.binary_join_element_wise(text, "+00:00", "")


def _csv(batches: Batches, chosen: tuple[Column, ...], path: Path, book: dict[str, Any]) -> int:
    """Times as ISO 8601 in UTC; Arrow's writer quotes every text, and leaves an empty cell unquoted."""
    count = 0
    # the cells' schema, times as text: the header is written even when no answer comes
    schema = _times_as(pa.RecordBatch.from_pylist([], schema=arrow_schema(chosen)), chosen, _iso_text).schema
    with path.open("wb") as out, pa_csv.CSVWriter(out, schema) as writer:
        for batch in batches:
            writer.write_batch(_times_as(spreadsheet_cells(batch, chosen), chosen, _iso_text))
            count += batch.num_rows
    return count


def _jsonl(batches: Batches, chosen: tuple[Column, ...], path: Path, book: dict[str, Any]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for batch in batches:
            for row in _times_as(batch, chosen, _iso_text).to_pylist():
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += batch.num_rows
    return count


def _xlsx(batches: Batches, chosen: tuple[Column, ...], path: Path, book: dict[str, Any]) -> int:
    """The answers on as many sheets as Excel's row limit needs ("answers", then "answers 2"...), the codebook
    always the second sheet, written a column at a time (bot/reports/xlsx_workbook.py)."""
    header = [c.name for c in chosen]
    count, sheets = 0, 1
    with Workbook(path) as workbook:
        workbook.add_sheet("answers", header)
        for batch in batches:
            cells = spreadsheet_cells(batch, chosen)
            while cells.num_rows:
                if workbook.rows == EXCEL_ROWS:
                    sheets += 1
                    workbook.add_sheet(f"answers {sheets}", header)
                room = EXCEL_ROWS - workbook.rows
                workbook.append_batch(cells.slice(0, room))
                cells = cells.slice(room)
            count += batch.num_rows
        book = {**book, "export": {**book["export"], "rows": count, "answer_sheets": sheets}}
        header, *lines = sheet_rows(book)
        workbook.add_sheet("codebook", [spreadsheet_safe(v) for v in header], at=1)
        for line in lines:
            workbook.append([spreadsheet_safe(v) for v in line])
    return count


def _parquet(batches: Batches, chosen: tuple[Column, ...], path: Path, book: dict[str, Any]) -> int:
    import pyarrow.parquet as pq

    schema = arrow_schema(chosen, {"codebook": json.dumps(book["codes"], ensure_ascii=False)})
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in batches:
            writer.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema))
            count += batch.num_rows
    return count


def _sav(batches: Batches, chosen: tuple[Column, ...], path: Path, book: dict[str, Any]) -> int:
    """SPSS: variable labels from the columns, value labels from the codebook's code lists."""
    import pyreadstat

    table = pa.Table.from_batches(list(batches), schema=arrow_schema(chosen))
    frame = pa.table({c.name: _sav_column(table.column(c.name), c) for c in chosen}).to_pandas()
    labels: dict[str, dict[Any, str]] = {}
    for c in chosen:
        codes = book["codes"].get(c.codes or "")
        if codes and c.type == "integer":
            labels[c.name] = {float(code): label for code, label in codes.items()}
        elif codes and c.codes not in ("area", "question"):  # those are survey:id, not the cell's own value
            labels[c.name] = dict(codes)
    pyreadstat.write_sav(frame, str(path), column_labels=[c.label for c in chosen], variable_value_labels=labels)
    return len(frame)


def _sav_column(values: pa.ChunkedArray, column: Column) -> pa.ChunkedArray:
    if column.type == "time":
        return values.cast(pa.timestamp("us"))
    if column.type in ("integer", "number"):
        return values.cast(pa.float64())  # SPSS numbers are doubles; empty cells are system-missing
    return pc.fill_null(values, "")


WRITERS: dict[str, Callable[[Batches, tuple[Column, ...], Path, dict[str, Any]], int]] = {
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


def write_export(batches: Batches, chosen: tuple[Column, ...], fmt: str, path: Path, book: dict[str, Any]) -> int:
    """Write the answers in `fmt` to `path`, then its codebook beside it; return the number of answer rows."""
    count = write_atomically(path, lambda partial: WRITERS[fmt](batches, chosen, partial, book))
    book = {**book, "export": {**book["export"], "rows": count}}
    as_json, as_markdown = codebook_paths(path)
    write_atomically(as_json, lambda p: p.write_text(json.dumps(book, ensure_ascii=False, indent=1), "utf-8"))
    write_atomically(as_markdown, lambda p: p.write_text(markdown(book), "utf-8"))
    return count


def export_to(store: SurveyStore, versions: dict[tuple[str, int], Survey], path: Path, fmt: str = "csv",
              where: ExportWhere | None = None, include_free_text: bool = False, said: dict[str, Any] | None = None,
              progress: Callable[[Iterator[pa.RecordBatch], int], Iterator[pa.RecordBatch]] | None = None) -> int:
    """Export the answers `where` admits to `path` in `fmt`, with the codebook of the surveys it can hold beside
    it; `said` is how the analyst asked for it, for the codebook, and `progress` wraps the batches to show them
    go."""
    chosen = columns(include_free_text)
    described = {k: s for k, s in versions.items() if where is None or where.surveys is None or k[0] in where.surveys}
    book = codebook(chosen, described, {"format": fmt, **(said or {}),
                                        "free_text": "included" if include_free_text else "left out"})
    batches = answer_batches(store, versions, where, include_free_text)
    if progress is not None:
        batches = progress(batches, store.count_export_rows(where))
    return write_export(batches, chosen, fmt, path, book)
