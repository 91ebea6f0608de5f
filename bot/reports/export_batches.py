"""The export's answers read a column at a time: each batch of rows from the store becomes one Arrow record batch
of the export's columns (bot/reports/export.py says what each means), which every file format writes as it is.

A million answers are to a few hundred questions in a few languages: each question's wordings, indicators and
labels are worked out once (describe_question) and a batch takes them by index, in Arrow; times are parsed a
column at a time. What stays in Python for each answer is finding its question's index and two small cells.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from bot.reports import export
from bot.reports.export import COLUMNS, DESCRIBED, FREE_TEXT, Column, age_band, columns, spreadsheet_safe
from bot.reports.read_ahead import ReadAhead
from bot.store.export_reads import ExportWhere
from bot.store.survey_store import SurveyStore
from bot.surveys.model import Survey
from bot.vocabulary import Assistance

ARROW_TYPES = {"text": pa.string(), "integer": pa.int64(), "number": pa.float64(),
               "time": pa.timestamp("us", tz="UTC")}
BATCH = 10_000  # answers to a batch (and to a Parquet row group): memory stays flat, Arrow's calls stay few
LOOKED_UP = (*DESCRIBED, "value_label")  # the cells each answer takes from its question's description


def arrow_schema(chosen: tuple[Column, ...], metadata: dict[str, str] | None = None) -> pa.Schema:
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.type], metadata={"label": c.label, "meaning": c.meaning})
                      for c in chosen], metadata=metadata)


POINTS = 7  # each question's value labels, at 0-5 and, for an empty or odd value, none at 6
KEY_SEP = "\x1f"  # between the parts of a question's key, each part escaped so that no two keys are alike


def _key_part(values: pa.Array) -> pa.Array:
    text = values if pa.types.is_string(values.type) else values.cast(pa.string())
    return pc.replace_substring(pc.replace_substring(text, "\\", "\\\\"), KEY_SEP, "\\s")


class Descriptions:
    """What describe_question says of each (survey, version, question, area, language), asked once, with the
    labels of its scale's values: a batch looks its answers up here by index, in Arrow."""

    def __init__(self, surveys: dict[tuple[str, int], Survey]):
        self.surveys = surveys
        self.index: dict[str, int] = {}
        self.cells: dict[str, list[Any]] = {name: [] for name in LOOKED_UP}
        self.arrays: dict[str, pa.Array] = {}

    def add(self, key: tuple[Any, ...]) -> int:
        survey, version, question_id, area, language = key
        about = {"area": area, "question_id": question_id, "language": language}
        described = self.surveys.get((survey, version))
        export.describe_question(about, described)
        for name in DESCRIBED:
            # the survey's and the translators' words, made safe for a spreadsheet once, here, not in every row
            self.cells[name].append(spreadsheet_safe(about.get(name)))
        labels = {c.value: c.label for c in described.scale} if described and about.get("question_kind") == "scale" \
            else {}
        self.cells["value_label"] += [labels.get(value) for value in range(POINTS)]
        self.arrays = {}  # made again from the cells when next taken
        return len(self.cells["framework"]) - 1

    def positions(self, surveys: pa.Array, versions: pa.Array, questions: pa.Array, areas: pa.Array,
                  languages: pa.Array) -> pa.Array:
        """Each answer's description, found once for each distinct one in the batch (Arrow finds those)."""
        parts = (surveys, versions, questions, areas, languages)
        keys = pc.binary_join_element_wise(*(_key_part(p) for p in parts), KEY_SEP)
        distinct = pc.dictionary_encode(keys)
        found = list(map(self.index.get, distinct.dictionary.to_pylist()))
        if None in found:  # a question this export has not met before: described from its first answer
            first: dict[int, int] = {}
            for row, key in enumerate(distinct.indices.to_pylist()):
                first.setdefault(key, row)
            for key, at in enumerate(found):
                if at is None:
                    added = self.add(tuple(p[first[key]].as_py() for p in parts))
                    self.index[distinct.dictionary[key].as_py()] = found[key] = added
        return pa.array(found, pa.int32()).take(distinct.indices)

    def taken(self, at: pa.Array, values: pa.Array) -> dict[str, pa.Array]:
        """The described cells of the answers whose descriptions are `at` and whose values are `values`."""
        if not self.arrays:
            self.arrays = {name: pa.array(cells, pa.string()) for name, cells in self.cells.items()}
        point = pc.if_else(pc.and_(pc.greater_equal(values, 0), pc.less(values, POINTS - 1)), values, POINTS - 1)
        labels = pc.add(pc.multiply(at, POINTS), pc.fill_null(point, POINTS - 1))
        return {name: self.arrays[name].take(labels if name == "value_label" else at) for name in LOOKED_UP}


def _times(values: tuple[Any, ...]) -> pa.Array:
    """SQLite's times are text ("2026-10-16 22:15:09.870307", UTC), PostgreSQL's datetimes with a zone."""
    array = pa.array(values)
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        array = array.cast(pa.timestamp("us"))
    return array.cast(ARROW_TYPES["time"])  # a time without a zone is UTC, as the store writes it


class ExportInterrupted(RuntimeError):
    """The store changed under an export in a way it cannot carry on through; the message says what to do."""


class Sessions:
    """Every exported session's own cells as Arrow columns, read once: each answer takes its session's by index.
    A session the answers name that was not read (it began while the export was starting: the answers are read
    on another connection, a moment later) is read when it is first met."""

    def __init__(self, read: Callable[[list[str] | None], tuple[list[str], list[Any]]]):
        self.read = read
        self.index: dict[str, int] = {}
        self.columns: dict[str, pa.Array] = {}
        self._add(*read(None))

    def _add(self, names: list[str], rows: list[Any]) -> None:
        stored = dict(zip(names, zip(*rows, strict=True), strict=True)) if rows else {n: () for n in names}
        for session_id in stored.pop("session_id"):  # each answer carries its own: the index is enough
            self.index[session_id] = len(self.index)
        ages = stored.pop("age")  # exported as a band, never as an age
        bands = {age: age_band(age) for age in set(ages)}
        added = {name: _array(name, values) for name, values in stored.items()}
        added["age_band"] = pa.array([bands[age] for age in ages], pa.string())
        self.columns = {name: pa.concat_arrays([self.columns[name], column]) if self.columns else column
                        for name, column in added.items()}

    def take(self, session_ids: pa.Array) -> dict[str, pa.Array]:
        """The cells of each answer's session, found once for each distinct session in the batch."""
        distinct = pc.dictionary_encode(session_ids)
        ids = distinct.dictionary.to_pylist()
        missed = [s for s in ids if s not in self.index]
        if missed:
            self._add(*self.read(missed))
        found = list(map(self.index.get, ids))
        if None in found:
            raise ExportInterrupted("A session was removed while its answers were being exported (someone asked "
                                    "for their answers to be erased): run the export again.")
        at = pa.array(found, pa.int32()).take(distinct.indices)
        return {name: column.take(at) for name, column in self.columns.items()}


TYPES = {c.name: c.type for c in COLUMNS}


def _array(name: str, values: tuple[Any, ...]) -> pa.Array:
    kind = TYPES.get(name, "text")
    return _times(values) if kind == "time" else pa.array(values, ARROW_TYPES[kind])


def answer_batches(store: SurveyStore, surveys: dict[tuple[str, int], Survey], where: ExportWhere | None = None,
                   include_free_text: bool = False) -> Iterator[pa.RecordBatch]:
    """Every answer `where` admits, oldest first, a batch at a time, in the export's columns (None for an empty
    cell). `surveys` holds every version, so each answer is read against the version it was given to."""
    chosen = columns(include_free_text)
    schema = arrow_schema(chosen)
    descriptions = Descriptions(surveys)
    # the database sorts the answers and reads the next batch while the sessions are read and each batch is
    # made and written
    with ReadAhead(store.export_answers(where, free_text=include_free_text, size=BATCH)) as answers:
        sessions = Sessions(lambda ids: store.export_sessions(where, ids))
        for names, rows in answers:
            stored = dict(zip(names, zip(*rows, strict=True), strict=True))
            yield _batch(stored, sessions, descriptions, chosen, schema)


def _batch(stored: dict[str, tuple[Any, ...]], sessions: Sessions, descriptions: Descriptions,
           chosen: tuple[Column, ...], schema: pa.Schema) -> pa.RecordBatch:
    answer = {name: _array(name, stored[name]) for name in ("session_id", "survey_version", "question_id", "area",
                                                              "language")}
    of_session = sessions.take(answer["session_id"])
    at = descriptions.positions(of_session["survey"], answer["survey_version"], answer["question_id"],
                                answer["area"], answer["language"])
    value = pa.array(stored["value"], pa.int64())
    assistance = pa.array(stored["assistance"], pa.string())
    made = {
        **answer,
        **of_session,
        # helped by an advocate, unless the young person had asked them to step back
        "assisted": pc.and_kleene(pc.is_valid(of_session["advocate"]), pc.fill_null(
            pc.not_equal(assistance, Assistance.UNASSISTED.value), True)).cast(pa.int64()),
        "assistance": assistance,
        "value": value,
        **descriptions.taken(at, value),
    }
    concern = pa.array(stored["concern"]).cast(pa.bool_())  # SQLite's are 0 and 1
    arrays = []
    for column in chosen:
        array = made[column.name] if column.name in made else _array(column.name, stored[column.name])
        if column.name in FREE_TEXT:  # a concern's words are the safeguarding lead's to read, in `sayit concerns`
            array = pc.if_else(concern, pa.scalar(None, array.type), array)
        arrays.append(array)
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def answer_rows(store: SurveyStore, surveys: dict[tuple[str, int], Survey], where: ExportWhere | None = None,
                include_free_text: bool = False) -> Iterator[dict[str, Any]]:
    """The same answers as `answer_batches`, a row at a time (times as datetimes in UTC)."""
    for batch in answer_batches(store, surveys, where, include_free_text):
        yield from batch.to_pylist()
