"""Symbol images (bot/media/symbols.py): each language's is the first letters of its own name in its own script,
in a speech bubble; every other name a message or the web page uses is an OpenMoji image, or a few put together,
as media/symbols.yml says, so no message ever names a symbol without a picture."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml

from bot.dialogue import notices
from bot.dialogue.language_question import language_question
from bot.dialogue.outgoing import MESSAGE_SYMBOLS, message_symbol, question_message
from bot.dialogue.privacy_notice import privacy_notice
from bot.dialogue.prompts import age_question, check_in_question, offered_roles, paused_message, role_question
from bot.media import symbols
from bot.media.symbols import (
    ATTRIBUTION,
    MAPPING,
    SymbolMappingError,
    SymbolsUnavailable,
    mapping,
    openmoji_file,
    symbol_svg,
)
from bot.settings import PROJECT_ROOT
from bot.store.survey_store import SessionState
from bot.surveys.loading import load_surveys
from bot.translation import messages as m
from bot.translation.languages import supported
from bot.translation.speaker import Speaker, reader_of
from bot.vocabulary import Status

SVG = "{http://www.w3.org/2000/svg}"
FACES = ("face-very-sad", "face-sad", "face-neutral", "face-happy", "face-very-happy")


@pytest.fixture
def fresh(monkeypatch):
    """The mapping read again, and read again afterwards, so a test's changes leave nothing behind."""
    caches = (symbols.mapping, symbols.drawn, symbols._openmoji)
    for cached in caches:
        cached.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    for cached in caches:
        cached.cache_clear()


def test_each_language_has_its_own_symbol_in_its_own_script():
    drawn = {lang: symbol_svg(f"language-{lang}") for lang in supported()}
    assert len(set(drawn.values())) == len(drawn)  # Arabic and Urdu both begin with alif, yet differ
    assert ">ار</text>" in drawn["ur"] and ">ال</text>" in drawn["ar"] and 'direction="rtl"' in drawn["ar"]
    assert ">বাংলা</text>" in drawn["bn"]  # letters keep their vowel signs
    assert symbol_svg("language-xx") is None and symbol_svg("no-such-symbol") is None


def hexcodes(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "openmoji":
                yield inner
            yield from hexcodes(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from hexcodes(inner)


def test_every_mapped_name_is_a_well_formed_svg_of_openmoji_images_that_are_installed():
    raw = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))["symbols"]
    assert set(raw) == set(mapping()) and len(raw) >= 75
    for name, entry in raw.items():
        codes = list(hexcodes(entry))
        assert codes and all(openmoji_file(code).is_file() for code in codes), name
        svg = ElementTree.fromstring(symbol_svg(name))
        assert svg.tag == f"{SVG}svg" and svg.get("viewBox") == "0 0 72 72", name
        assert svg.findtext(f"{SVG}title") == entry["title"], name
        nested = svg.findall(f"{SVG}svg")
        if "compose" in entry:
            assert "composed" in entry["why"], name  # a composed symbol says so
            assert len(nested) == len(codes) and all(n.get("viewBox") == "0 0 72 72" for n in nested), name
        else:
            assert nested == [] and svg.find(f"{SVG}g") is not None, name
    assert len(re.findall(r' id="', symbol_svg("safe-online") or "")) == 0  # two parts, no id twice


def test_the_mapping_states_the_licence_and_the_attribution():
    header = MAPPING.read_text(encoding="utf-8").split("\nsymbols:")[0]
    assert "CC BY-SA 4.0" in header and "https://openmoji.org/" in header and "adaptation" in header
    assert ATTRIBUTION == "Symbols: OpenMoji – the open-source emoji and icon project. License: CC BY-SA 4.0"
    assert ATTRIBUTION in " ".join(line.lstrip("# ") for line in header.splitlines())


def session(survey, lang: str, role: str | None) -> SessionState:
    return SessionState("s", 0, survey.id, survey.version, role, lang, "webchat", Status.ACTIVE, None, None, 0, None)


def every_message() -> Iterator[dict[str, Any]]:
    """Every kind of message the bot sends, built by the functions the conversation sends them with: every
    question of every survey, for every role, in every language, plainly, as faces only and in easy read."""
    surveys = load_surveys()
    for lang in supported():
        yield language_question("s", Speaker(lang)).custom
        yield privacy_notice("s", Speaker(lang), None).custom
        for notice in (notices.text_only, notices.private_only, notices.audio_unavailable, notices.turn_failed,
                       notices.rate_limited):
            yield notice(lang).custom
        for survey in surveys.values():
            yield role_question(session(survey, lang, None), survey, Speaker(lang)).custom
            for role in offered_roles(survey):
                speaker = Speaker(lang, reader_of(role))
                yield age_question(session(survey, lang, role), speaker).custom
                yield check_in_question(session(survey, lang, role), speaker).custom
                yield paused_message(session(survey, lang, role), speaker, m.PAUSED).custom
            for role in survey.roles:
                speaker = Speaker(lang, reader_of(role))
                asked = survey.for_role(role)
                for n, question in enumerate(asked, 1):
                    for variant in ({}, {"faces_only": True}, {"easy_read": True}):
                        yield question_message(survey, question, "s", n, len(asked), speaker, **variant).custom


def symbols_named(value: Any) -> Iterator[str]:
    """Every value under a key `symbol`, or in a list under `symbols`, however deep."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "symbol":
                yield inner
            elif key == "symbols" and isinstance(inner, list):
                yield from inner
            yield from symbols_named(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from symbols_named(inner)


def test_every_symbol_any_message_names_in_any_language_has_an_image():
    named: set[str] = set()
    kinds: set[str] = set()
    without: list[str] = []
    for custom in every_message():
        kinds.add(custom["type"])
        named.update(symbols_named(custom))
        if custom["type"] == "question":
            without += [f"{custom['question_id']}: {c['value']}" for c in custom["controls"] if not c.get("symbol")]
    assert {"question", "choose_language", "choose_role", "ask_age", "safeguarding", "privacy_notice"} <= kinds
    named.update([*MESSAGE_SYMBOLS.values(), message_symbol("anything else")])
    assert len(named) > 60
    assert sorted(name for name in named if symbol_svg(name) is None) == []
    assert without == []  # every control on a question's buttons has its symbol


def test_every_symbol_the_web_page_names_has_an_image():
    static = PROJECT_ROOT / "channels" / "static"
    page = (static / "webchat.html").read_text(encoding="utf-8") + (static / "webchat.js").read_text(encoding="utf-8")
    named = set(re.findall(r"symbols/([a-z0-9_-]+)\.svg", page))
    named |= set(re.findall(r"""(?:symbolImg\(|symbol: )["']([a-z0-9_-]+)["']""", page))
    named |= set(re.findall(r"""["']((?:control|message)-[a-z0-9_]+)["']""", page))
    assert "control-listen" in named
    assert sorted(name for name in named if symbol_svg(name) is None) == []


def test_the_five_faces_are_five_different_openmoji_faces_in_the_scales_order():
    scale = yaml.safe_load((PROJECT_ROOT / "bot" / "surveys" / "_scales.yml").read_text(encoding="utf-8"))
    assert tuple(c["symbol"] for c in scale["faces_1_to_5"]) == FACES
    faces = [mapping()[name] for name in FACES]
    assert all(len(face.parts) == 1 and not face.composed for face in faces)
    files = [openmoji_file(face.parts[0].hexcode).read_bytes() for face in faces]
    assert len(set(files)) == 5 and len({symbol_svg(name) for name in FACES}) == 5


@pytest.mark.parametrize("name", ["../etc/passwd", "face-very-sad/../../x", "..", "face-very-sad.svg",
                                  "Face-Happy", "face happy", "", "language-../../pl", "face-very-sad\x00",
                                  "%2e%2e%2fetc", "control-", "-face", "face--sad"])
def test_a_name_that_is_not_a_symbol_name_has_no_image(name):
    assert symbol_svg(name) is None


def test_without_openmoji_installed_a_symbol_says_to_run_make_setup(fresh, tmp_path):
    fresh.setenv("SAYIT_OPENMOJI_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(SymbolsUnavailable, match="make setup"):
        symbol_svg("face-happy")
    assert symbol_svg("language-pl") is not None  # drawn here, with no OpenMoji


@pytest.mark.parametrize(("entry", "problem"), [
    ('title: T\n    openmoji: "FFFFF"\n    why: w', "no OpenMoji image"),
    ("title: T\n    openmoji: 2639\n    why: w", "quoted string"),
    ('title: T\n    openmoji: "1F600"\n    compose: []\n    why: w', "either `openmoji` or `compose`"),
    ('title: T\n    openmoji: "1F600"', "`why`"),
    ('title: T\n    compose:\n      - {openmoji: "1F600", at: whole}\n      - {openmoji: "1F600", at: middle}\n'
     "    why: composed", "`at` one of"),
    ('title: T\n    compose:\n      - {openmoji: "1F600", at: whole}\n    why: composed', "two or more"),
])
def test_a_malformed_entry_is_refused_by_name(fresh, tmp_path, entry, problem):
    broken = tmp_path / "symbols.yml"
    broken.write_text(f'symbols:\n  face-happy:\n    title: Mostly\n    openmoji: "1F60A"\n    why: w\n'
                      f"  broken-entry:\n    {entry}\n", encoding="utf-8")
    fresh.setattr(symbols, "MAPPING", broken)
    with pytest.raises(SymbolMappingError, match=rf"broken-entry: .*{re.escape(problem)}"):
        symbol_svg("face-happy")
