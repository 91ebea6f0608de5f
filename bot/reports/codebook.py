"""The codebook that goes beside every export: every column with what it means, every code with its label, and
every question of every version with all its wordings, enough for a statistician who has never seen the bot.
Made as a dict (written as JSON), as Markdown, and as rows for the XLSX export's second sheet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from babel import Locale

from bot.reports.export import AGE_BANDS, Column
from bot.surveys.loading import PFA_OUTCOMES
from bot.surveys.model import ROLES, Survey
from bot.translation.languages import endonym, supported
from bot.translation.rtl import without_bidi_controls
from bot.translation.speaker import Speaker, reader_of
from bot.vocabulary import Assistance, Coded, Kind, Role, Status, Via

STATUS_LABELS = {Coded.ANSWERED: "Answered", Coded.SKIPPED: "Skipped", Coded.DONT_KNOW: "Don't know",
                 Coded.UNCLEAR: "Not understood"}
VIA_LABELS = {Via.TYPED: "Typed", Via.BUTTON: "Tapped a button or a symbol", Via.VOICE: "Spoken"}
ROLE_LABELS = {Role.YOUNG_PERSON: "Young person", Role.PARENT_CARER: "Parent or carer"}
ASSISTANCE_LABELS = {Assistance.CHOSE_THEMSELVES: "Chose it themselves", Assistance.USED_AID:
                     "Pointed or used their communication aid", Assistance.INTERPRETED:
                     "The advocate interpreted their response", Assistance.UNASSISTED:
                     "On their own, having asked the advocate to step back"}
CHANNEL_LABELS = {"webchat": "The web chat", "sms": "SMS (text message)", "telegram": "Telegram",
                  "rest": "Rasa's REST channel (integrations and testing)"}
PFA_LABELS = {"employment": "Employment", "independent_living": "Independent living",
              "friends_relationships_community": "Friends, relationships and community", "good_health": "Good health"}
KIND_LABELS = {Kind.SCALE: "A 1-5 scale", Kind.FREE_TEXT: "Free text"}


def _codes(surveys: list[Survey]) -> dict[str, dict[str, str]]:
    scale_labels: dict[str, str] = {}
    for survey in surveys:
        for choice in survey.scale:
            scale_labels.setdefault(str(choice.value), choice.label)
    return {
        "status": {str(k): v for k, v in STATUS_LABELS.items()},
        "given_via": {str(k): v for k, v in VIA_LABELS.items()},
        "role": {str(r): ROLE_LABELS[r] for r in ROLES},
        "assistance": {str(k): v for k, v in ASSISTANCE_LABELS.items()},
        "assisted": {"0": "No", "1": "Yes"},
        "session_status": {str(s): s.name.replace("_", " ").capitalize() for s in Status},
        "question_kind": {str(k): v for k, v in KIND_LABELS.items()},
        "age_band": {band: band for _, _, band in AGE_BANDS},
        "language": {lang: f"{Locale.parse(lang).get_display_name('en')} ({endonym(lang)})" for lang in supported()},
        "channel": CHANNEL_LABELS,
        "value": scale_labels,
        "pfa": {p: PFA_LABELS[p] for p in PFA_OUTCOMES},
        "survey": {s.id: s.title for s in surveys},
        "area": {f"{s.id}:{a.id}": a.name for s in surveys for a in s.areas},
        "question": {f"{s.id}:{q.id}": q.seed for s in surveys for q in s.questions},
    }


def _wordings(survey: Survey) -> Iterator[dict[str, Any]]:
    for q in survey.questions:
        asked = {lang: without_bidi_controls(Speaker(lang, reader_of(q.role)).say(q.plain)) for lang in supported()}
        yield {"survey": survey.id, "version": survey.version, "id": q.id, "role": q.role, "kind": q.kind,
               "area": q.area, "indicators": list(q.indicators), "pfa": list(q.pfa), "min_age": q.min_age,
               "seed": q.seed, "plain": q.plain, "easy_read": q.easy_read, "asked": asked}


def codebook(columns: tuple[Column, ...], surveys: dict[tuple[str, int], Survey], export: dict[str, Any]
             ) -> dict[str, Any]:
    """The codebook of an export with these `columns`, over every version in `surveys`; `export` says how the
    file was made (format, filters, rows)."""
    ordered = [surveys[key] for key in sorted(surveys)]
    return {
        "about": "The codebook of a SayIt export: one row per answer to one question. Codes are stored as the "
                 "values in 'codes'; times are UTC. Area and question codes are listed as survey:id.",
        "made_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "export": export,
        "columns": [{"name": c.name, "label": c.label, "meaning": c.meaning, "type": c.type, "codes": c.codes}
                    for c in columns],
        "codes": _codes(ordered),
        "indicators": [{"survey": s.id, "version": s.version, "id": i.id, "area": i.area, "text": i.text,
                        "measure": i.measure} for s in ordered for i in s.indicators],
        "questions": [w for s in ordered for w in _wordings(s)],
    }


def sheet_rows(book: dict[str, Any]) -> Iterator[list[Any]]:
    """The codebook as rows of one sheet: the columns, then the codes, then the questions."""
    yield ["SayIt export codebook", book["made_at"]]
    yield [book["about"]]
    yield [f"{k}: {v}" for k, v in book["export"].items()]
    yield []
    yield ["column", "label", "type", "codes", "meaning"]
    yield from ([c["name"], c["label"], c["type"], c["codes"] or "", c["meaning"]] for c in book["columns"])
    yield []
    yield ["code list", "code", "label"]
    for name, codes in book["codes"].items():
        yield from ([name, code, label] for code, label in codes.items())
    yield []
    yield ["survey", "version", "question", "role", "kind", "area", "indicators", "pfa", "English (seed)",
           "plain", "easy read"]
    for q in book["questions"]:
        yield [q["survey"], q["version"], q["id"], q["role"], q["kind"], q["area"], ";".join(q["indicators"]),
               ";".join(q["pfa"]), q["seed"], q["plain"], q["easy_read"]]


def _cell(value: Any) -> str:
    return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")


def markdown(book: dict[str, Any]) -> str:
    """The codebook for reading: the columns, each code list and every question with its wordings."""
    out = ["# SayIt export codebook", "", book["about"], "", f"Made {book['made_at']}.", ""]
    out += [f"- {k}: {_cell(v)}" for k, v in book["export"].items()]
    out += ["", "## Columns", "", "| column | label | type | codes | meaning |", "|---|---|---|---|---|"]
    out += [f"| {c['name']} | {c['label']} | {c['type']} | {c['codes'] or ''} | {_cell(c['meaning'])} |"
            for c in book["columns"]]
    out += ["", "## Codes"]
    for name, codes in book["codes"].items():
        out += ["", f"### {name}", "", "| code | label |", "|---|---|"]
        out += [f"| {_cell(code)} | {_cell(label)} |" for code, label in codes.items()]
    out += ["", "## Indicators", "", "| survey | version | indicator | area | text | measure |",
            "|---|---|---|---|---|---|"]
    out += ["| " + " | ".join(_cell(i[k]) for k in ("survey", "version", "id", "area", "text", "measure")) + " |"
            for i in book["indicators"]]
    out += ["", "## Questions"]
    for q in book["questions"]:
        out += ["", f"### {q['survey']} v{q['version']}: {q['id']}", "",
                f"{q['role']}, {q['kind']}, area {q['area']}; indicators {', '.join(q['indicators']) or 'none'}; "
                f"Preparing for Adulthood {', '.join(q['pfa']) or 'none'}"
                + (f"; from age {q['min_age']}" if q["min_age"] is not None else ""), "",
                f"- English (seed): {_cell(q['seed'])}", f"- Plain: {_cell(q['plain'])}",
                f"- Easy read: {_cell(q['easy_read'])}"]
        out += [f"- As asked in {lang}: {_cell(text)}" for lang, text in q["asked"].items()]
    return "\n".join(out) + "\n"
