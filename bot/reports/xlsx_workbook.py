"""An XLSX workbook whose answer sheets are written a column at a time.

openpyxl (and XlsxWriter) make each cell a Python object and then its XML, some microseconds a cell: 100,000
answers of thirty-odd columns took them 21-30 s. Here each column of a batch becomes its cells' XML in Arrow,
in C, and each row is its cells joined; only the package around the sheets (a few fixed parts, below) is
written by hand, as the Office Open XML spec (ECMA-376 Part 1) gives it. The small sheets (the header, the
codebook) go cell by cell through the same XML. openpyxl reads every workbook this writes, in the tests.

Text is inline (no shared-strings part), every cell carries its reference, and a time is Excel's serial day
number in UTC with a date format (Excel has no time zones; the codebook says every time is UTC).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

import pyarrow as pa
import pyarrow.compute as pc

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
TIME_STYLE = 1  # the second cell format in STYLES: a date and time
STYLES = (f'{HEAD}<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
          'formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/>'
          '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
          'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/>'
          '<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
          'borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
          'xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
          '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
          '</styleSheet>')
EPOCH_DAYS = 25569  # 1970-01-01 as Excel counts days (from 1899-12-30)
DAY_US = 86_400_000_000
SHEET_START = f'{HEAD}<worksheet xmlns="{MAIN}"><sheetData>'
SHEET_END = "</sheetData></worksheet>"
XML_ROWS = 2500


def column_letter(index: int) -> str:
    """A, B, ... Z, AA, AB...: the column at 0-based `index`."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _text_xml(text: str) -> str:
    return f'<is><t xml:space="preserve">{escape(text)}</t></is>'


def cell_xml(reference: str, value: Any) -> str:
    """One cell, for the small sheets: text, a number or a time; empty for nothing."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        utc = value.astimezone(timezone.utc) if value.tzinfo else value
        serial = (utc.replace(tzinfo=None) - datetime(1970, 1, 1)).total_seconds() / 86400 + EPOCH_DAYS
        return f'<c r="{reference}" s="{TIME_STYLE}"><v>{serial!r}</v></c>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    return f'<c r="{reference}" t="inlineStr">{_text_xml(str(value))}</c>'


def row_xml(number: int, values: Iterable[Any]) -> str:
    cells = "".join(cell_xml(f"{column_letter(i)}{number}", v) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def _escaped(text: pa.Array) -> pa.Array:
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):  # & first: the others bring one
        text = pc.replace_substring(text, char, entity)
    return text


def _cells(letter: str, numbers: pa.Array, values: pa.Array) -> pa.Array:
    """A column's cells as XML, in Arrow: text inline, numbers as they are, times as serial days; an empty
    value is no cell at all."""
    kind = values.type
    if pa.types.is_timestamp(kind):
        days = pc.add(pc.divide(values.cast(pa.timestamp("us", tz=kind.tz)).cast(pa.int64()).cast(pa.float64()),
                                float(DAY_US)), float(EPOCH_DAYS))
        parts = [f'<c r="{letter}', numbers, f'" s="{TIME_STYLE}"><v>', days.cast(pa.string()), "</v></c>"]
    elif pa.types.is_string(kind):
        parts = [f'<c r="{letter}', numbers, '" t="inlineStr"><is><t xml:space="preserve">', _escaped(values),
                 "</t></is></c>"]
    else:
        parts = [f'<c r="{letter}', numbers, '"><v>', values.cast(pa.string()), "</v></c>"]
    return pc.fill_null(pc.binary_join_element_wise(*parts, ""), "")


class Workbook:
    """Sheets added in order, each written as it comes; the workbook's own parts when it is closed."""

    def __init__(self, path: Path):
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self._sheets: list[tuple[str, int]] = []  # (name, part number) in the order the workbook shows them
        self._file: IO[bytes] | None = None
        self._rows = 0

    def add_sheet(self, name: str, header: list[str], at: int | None = None) -> None:
        """Start sheet `name` (ending the one before) with its header row; `at` places it among the sheets
        already added (0 first), which a sheet written last but shown second needs."""
        self._end_sheet()
        part = len(self._sheets) + 1
        self._sheets.insert(len(self._sheets) if at is None else at, (name, part))
        self._file = self._zip.open(f"xl/worksheets/sheet{part}.xml", "w")
        self._file.write(SHEET_START.encode())
        self._rows = 0
        self.append(header)

    def append(self, values: Iterable[Any]) -> None:
        self._rows += 1
        self._write(row_xml(self._rows, values))

    def append_batch(self, batch: pa.RecordBatch) -> None:
        """A batch's rows, each after the rows so far, a few thousand at a time: a row's XML is ten times its
        cells, and memory stays flat."""
        for start in range(0, batch.num_rows, XML_ROWS):
            self._append_rows(batch.slice(start, XML_ROWS))

    def _append_rows(self, batch: pa.RecordBatch) -> None:
        numbers = pa.array(range(self._rows + 1, self._rows + 1 + batch.num_rows), pa.int64()).cast(pa.string())
        cells = [_cells(column_letter(i), numbers, column) for i, column in enumerate(batch.columns)]
        rows = pc.binary_join_element_wise('<row r="', numbers, '">', *cells, "</row>", "")
        assert self._file is not None, "add_sheet first"
        # joined into one in Arrow and written from its buffer: no Python string made for each row
        whole = pc.binary_join(pa.ListArray.from_arrays(pa.array([0, len(rows)], pa.int32()), rows), "")[0]
        self._file.write(memoryview(whole.as_buffer()))
        self._rows += batch.num_rows

    @property
    def rows(self) -> int:
        """The rows of the sheet being written, its header among them."""
        return self._rows

    def _write(self, xml: str) -> None:
        assert self._file is not None, "add_sheet first"
        self._file.write(xml.encode())

    def _end_sheet(self) -> None:
        if self._file is not None:
            self._file.write(SHEET_END.encode())
            self._file.close()
            self._file = None

    def close(self) -> None:
        self._end_sheet()
        sheets = range(1, len(self._sheets) + 1)
        parts = {
            "[Content_Types].xml": f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            f'PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/><Override '
            f'PartName="/xl/styles.xml" ContentType="{TYPES}.styles+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{TYPES}.worksheet+xml"/>'
                      for n in sheets) + "</Types>",
            "_rels/.rels": f'{HEAD}<Relationships xmlns="{PACKAGE_RELATIONS}"><Relationship Id="rId1" '
            f'Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
            "xl/workbook.xml": f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheets>'
            + "".join(f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
                      for name, n in self._sheets) + "</sheets></workbook>",
            "xl/_rels/workbook.xml.rels": f'{HEAD}<Relationships xmlns="{PACKAGE_RELATIONS}">'
            + "".join(f'<Relationship Id="rId{n}" Type="{RELATIONS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                      for n in sheets)
            + f'<Relationship Id="rId{len(self._sheets) + 1}" Type="{RELATIONS}/styles" Target="styles.xml"/>'
            "</Relationships>",
            "xl/styles.xml": STYLES,
        }
        for name, xml in parts.items():
            self._zip.writestr(name, xml)
        self._zip.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            self.close()
        else:  # interrupted: the file is left unfinished, for write_atomically to remove
            if self._file is not None:
                self._file.close()
            self._zip.close()
