"""Fuzzing the untrusted edges with hypothesis (issue 13): whatever a person types, a forged button sends, a survey
author gets wrong or Twilio and Telegram post, the reply coder, the conversation, the survey loader, the export and
the SMS and Telegram channels' request parsing never fail, and nothing is stored that the person did not give.

Every test is derandomized, so CI sees the same examples on every run, and keeps no example database (no
.hypothesis folder). A case fuzzing once found is kept as an explicit @example. The web chat's request and Rasa's
REST channel are not fuzzed here: the web chat's request format is being rewritten.
"""

from __future__ import annotations

import asyncio
import copy
import csv
import dataclasses
import io
import itertools
import json
import tempfile
import unicodedata
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from telegram import Bot

from bot.dialogue.conversation import Conversation
from bot.dialogue.incoming import Incoming, capped_for_reading
from bot.dialogue.outgoing import tappable
from bot.dialogue.prompts import question_role
from bot.pseudonym import respondent_key
from bot.rendering.sms import sms_reply
from bot.rendering.telegram import MAX_CALLBACK_DATA, keyboard, telegram_text
from bot.reports.export import FORMULA_STARTS, columns, spreadsheet_safe
from bot.reports.export_files import export_to
from bot.settings import Settings
from bot.store.schema import concerns, handled_messages, respondents, responses, sessions
from bot.store.survey_store import SurveyStore, TurnChanges
from bot.surveys.loading import SURVEY_DIR, load_survey, load_surveys, load_versions
from bot.surveys.model import Survey, SurveyError
from bot.translation.languages import supported
from bot.understanding.lexicon import ROLE_NAMES, load_lexicon
from bot.understanding.normalise import MAX_REPLY_CHARS, clean_reply
from bot.understanding.other_replies import role_in
from bot.understanding.reading import Reading
from bot.vocabulary import Coded, Control, Kind, Status
from channels.sms import MESSAGE_SID, read_text, twilio_form, twiml
from channels.telegram import TelegramInput, markup, update_of

# No example database (database=None below), and hypothesis's caches (of Unicode data, of constants in the code)
# outside the checkout, so no .hypothesis folder appears in it.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "sayit-hypothesis")
FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW_FUZZ = settings(FUZZ, max_examples=40)  # a whole conversation, or a survey file, an example

SURVEYS = load_surveys()
VERSIONS = {**load_versions(), **{(s.id, s.version): s for s in SURVEYS.values()}}
LANGUAGES = supported()
QUESTION_IDS = sorted({q.id for s in VERSIONS.values() for q in s.questions})

# ---- what comes in ----------------------------------------------------------------------------------------------
# Anything a UTF-8 request can carry: every code point but the surrogates.
ANY_CHAR = st.characters(codec="utf-8")
TRICKY = [
    "", " ", "\x00", "\x00yes\x07 mos\x00tly\x1b", "\r\n", "\t5\t", "\x0b\x0c\x1c\x1f\x7f\x85\x9f", "\u2028\u2029",
    "\u202eyes\u202c", "\u2066٣\u2069", "\u200f4", "\ufeff4", "\u200b", "\ufffe\uffff", "\U0010ffff",
    "e\x00\u0301", "5\u0301", "²", "５", "𝟓", "Ⅳ", "½", "①", "፩", "\U00010a40", "٣", "۴", "৫", "४",
    "😀", "🙂", "😞", "👍🏽", "🏳️‍🌈", ":)", ":D", ":-(", "<3", "4/5", "4 out of 5", "3 or 4", "-1", "0", "6", "99",
    "1e9", "yes", "No.", "yeah mostly", "not really", "skip", "dunno", "help", "stop", "pause",
    "go back", "say that again", "language", "język", "زبان", "ভাষা", "English", "Polski", "عربي", "Cymraeg",
    "1", "2", "3", "me", "parent", "an advocate", "I'm 15", "fifteen", "14", "yes, carry on", "my dad hits me",
    "=1+1", "@SUM(A1)", "+44", "-2+3", "'; DROP TABLE responses; --", '/answer{"value": 3}', "/start", "/",
    "İ", "ß", "ﬀ", "ǅ", "Ω",
]
# long ones made when drawn, so a report of the strategy stays readable: (repeated, how often, then)
LONG = st.sampled_from([("9", 5000, ""), ("a", MAX_REPLY_CHARS - 1, " b"), ("x", MAX_REPLY_CHARS + 1, ""),
                        ("yes ", 600, ""), ("\x00", 3000, "5")]).map(lambda made: made[0] * made[1] + made[2])
RTL_OR_MARKS = st.characters(min_codepoint=0x0590, max_codepoint=0x08FF)  # Hebrew, Arabic, Syriac, Thaana ...
CONTROLS = st.characters(categories=("Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Co", "Cn"), codec="utf-8")
REPLIES = st.one_of(
    st.text(ANY_CHAR, max_size=40),
    st.sampled_from(TRICKY),
    LONG,
    st.lists(st.one_of(st.sampled_from(TRICKY), st.text(ANY_CHAR, max_size=6), st.text(CONTROLS, max_size=3)),
             max_size=5).map(" ".join),
    st.text(RTL_OR_MARKS, max_size=30),
    st.text(CONTROLS, max_size=20),
    st.tuples(st.text(ANY_CHAR, min_size=1, max_size=8), st.integers(200, 3000)).map(lambda t: t[0] * t[1]),
)
# any value JSON can carry, as a forged button's entities could
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(ANY_CHAR, max_size=12)
    | st.sampled_from([3, "3", " 4 ", "٣", "²", "፩", 3.0, True, "5\n", -1, 10**30]) | LONG,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=5,
)


def is_control(ch: str) -> bool:
    """C0 and C1 controls, surrogates and the two non-characters that no text should hold."""
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in "\ufffe\uffff"


# ---- cleaning and reading a reply -------------------------------------------------------------------------------
@FUZZ
@given(REPLIES)
@example("a" * (MAX_REPLY_CHARS - 1) + " b")  # cut just after a space: the space stayed at the end
@example("e\x00\u0301")  # composed before the NUL went: the accent met its letter only afterwards
@example("0 \x00 0")  # two spaces once the NUL between them went
def test_a_cleaned_reply_is_clean_and_stays_so(text):
    cleaned = clean_reply(text)
    assert clean_reply(cleaned) == cleaned
    assert len(cleaned) <= MAX_REPLY_CHARS
    assert not [ch for ch in cleaned if is_control(ch) and ch != "\n"]
    assert cleaned == cleaned.strip()


# What each question of each survey (every version) may be coded as: its choices, or nothing for free text.
CODABLE = sorted({(q.kind, tuple(c.value for c in s.choices(q))) for s in VERSIONS.values() for q in s.questions})


@FUZZ
@given(REPLIES, st.sampled_from(LANGUAGES))
@example("፩", "en")  # a digit (isdigit) that int() refuses
@example("\U00010a40 2", "en")
@example("9" * 5000, "en")
@example("😀" * MAX_REPLY_CHARS, "en")  # took 15 s: see the test below
def test_the_coder_reads_anything_in_any_language_as_one_of_the_choices_or_nothing(text, lang):
    reading = Reading(clean_reply(text), lang)
    for kind, choices in CODABLE:
        coding = reading.answer(kind)
        assert coding.status in set(Coded)
        assert coding.value is None or coding.value in choices, (kind, coding)
        # a value only for an answer to a scale, and every answer to a scale has one
        assert (coding.value is not None) == (kind == Kind.SCALE and coding.status == Coded.ANSWERED), coding
        assert (coding.control is not None) == (coding.status == Coded.CONTROL), coding
        assert coding.control is None or coding.control in set(Control)
    assert reading.age is None or 4 <= reading.age <= 25
    assert reading.role() in (*ROLE_NAMES, None)
    assert reading.carry_on in (True, False, None)
    assert reading.concern in (True, False)
    assert reading.control is None or reading.control in set(Control)


class CountedLookups(dict):
    """A phrase table that counts how often it is looked in."""

    looked = 0

    def get(self, key, default=None):
        self.looked += 1
        return super().get(key, default)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_longest_reply_of_emoji_or_marks_is_read_in_a_bounded_number_of_lookups(lang):
    """Each emoji or mark is a word of its own, and who is answering was looked for in every run of words: a
    reply of 2,000 emoji took 15 s to read (about two million lookups), holding up every other person's reply.
    Now no run longer than the longest role phrase is looked up: counted, not timed."""
    lex = load_lexicon(lang)
    roles = CountedLookups(lex.roles)
    longest = max(map(len, lex.roles))
    for long in ("😀" * MAX_REPLY_CHARS, ("\u0600" * 30 + " ") * 60):
        words = Reading(clean_reply(long), lang).words
        roles.looked = 0
        assert role_in(words, dataclasses.replace(lex, roles=roles), list(ROLE_NAMES)) is None
        assert 0 < roles.looked <= len(words) * longest


# ---- whole conversations ----------------------------------------------------------------------------------------
KEY = b"fuzz-pseudonym-key-0123456789"
CHANNELS = ("rest", "webchat", "telegram", "sms")
STEERING = ["1", "2", "3", "yes", "English", "Polski", "العربية", "me", "parent", "an advocate", "15", "12",
            "skip", "dunno", "5", "4/5", "yeah mostly", "not really", "swimming", "go back", "help", "say that again",
            "language", "pause", "hello", "yes, carry on", "no", "stop", "my dad hits me"]
INTENTS = [None, "greet", "answer", "skip", "dont_know", "help", "repeat", "go_back", "pause", "stop",
           "change_language", "choose_language", "choose_role", "nlu_fallback"]
senders = itertools.count(1)


@pytest.fixture(scope="module")
def conversation():
    """One store for every example (each is a new person in it), on tmpfs where there is one: the store syncs
    each turn to disk, and fuzzing takes many turns."""
    with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as where:
        url = f"sqlite:///{Path(where) / 'sayit.db'}"
        store = SurveyStore.open(url)
        settings_ = Settings(db_url=url, pseudonym_key=KEY, survey="shropshire_annual_review", language="en")
        yield Conversation(store, SURVEYS, settings_, versions=VERSIONS)
        store.close()


def entities(payload: str) -> tuple[str, dict[str, Any]]:
    """A button's payload ('/answer{"question_id": ..., "value": 4}') as Rasa reads it: its intent, its entities."""
    intent, brace, rest = payload.lstrip("/").partition("{")
    return intent, json.loads(brace + rest) if brace else {}


def a_message(draw: Any, shown: list[dict[str, Any]], channel: str, sender: str) -> Incoming:
    """One message: words (made up, or the ones that move a survey on), a tap on a button the bot showed, a tap
    on the question shown with any value at all, or a forged tap naming any question, role or language."""
    asked = [c["question_id"] for c in shown if c.get("question_id")]
    buttons = [b for c in shown for b in tappable(c) if b.get("payload")]
    how = draw(st.sampled_from(["typed", "steer", "steer", "button", "button", "tap_any_value", "forged"]))
    payload: dict[str, Any] = {}
    intent = draw(st.sampled_from(INTENTS))
    via = "typed"
    if how == "typed":
        text = draw(REPLIES)
    elif how == "steer" or (how == "button" and not buttons):
        text = draw(st.sampled_from(STEERING))
    elif how == "button":
        text = draw(st.sampled_from(buttons))["payload"]
        intent, payload = entities(text)
        via = "button"
    else:
        qid = draw(st.sampled_from(asked)) if asked and how == "tap_any_value" else draw(
            st.one_of(st.sampled_from(QUESTION_IDS), st.text(max_size=40), JSON))
        payload = {"question_id": qid, "value": draw(JSON)}
        for name, values in (("role", (*ROLE_NAMES, "teacher")), ("language", (*LANGUAGES, "zz", "klingon"))):
            if draw(st.booleans()):
                payload[name] = draw(st.one_of(st.sampled_from(values), JSON))
        if draw(st.booleans()):
            del payload[draw(st.sampled_from(sorted(payload)))]
        text = "/" + (intent or "answer") + json.dumps(payload, default=str)
        via = "button"
    return Incoming(
        channel, sender, text, via=via, payload=payload, intent=intent,
        confidence=draw(st.floats(0, 1) | st.sampled_from([0.95, 1.0])),
        message_key=draw(st.none() | st.sampled_from(["m1", "m2", "m3"]) | st.text(ANY_CHAR, max_size=12)),
        survey=draw(st.none() | st.sampled_from(sorted(SURVEYS)) | st.text(max_size=12)),
        language_hints=draw(st.lists(st.sampled_from(["pl", "pl-PL", "ar", "cy-GB", "zz", "", "en;q=0"])
                                     | st.text(max_size=8), max_size=3)),
        question_id=draw(st.none() | st.sampled_from(asked or QUESTION_IDS) | st.text(max_size=10)),
    )


def sessions_of(conversation: Conversation, channel: str, sender: str) -> list[dict[str, Any]]:
    store = conversation.store
    respondent = store.respondent(respondent_key(conversation.settings.pseudonym_key, channel, sender))
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(sessions).where(sessions.c.respondent_id == respondent))
                .mappings()]


def check_rendered(channel: str, replies: list[Any]) -> None:
    """What the channel would send for the turn: SMS as TwiML that parses, Telegram within its limits."""
    if channel == "sms":
        ElementTree.fromstring(twiml(sms_reply([r.as_dict() for r in replies])).body)
    if channel == "telegram":
        for reply in replies:
            assert len(telegram_text(reply.as_dict())) <= 4096
            rows = keyboard(reply.as_dict())
            assert all(len(b.data.encode()) <= MAX_CALLBACK_DATA for row in rows for b in row)
            markup(rows)


def check_stored(conversation: Conversation, channel: str, sender: str, asked: dict[str, set[str]]) -> None:
    """Everything stored for this person is something they gave, to a question they were asked."""
    store = conversation.store
    found = sessions_of(conversation, channel, sender)
    for session in found:
        survey = conversation.versions[(session["survey"], session["survey_version"])]
        assert session["language"] in LANGUAGES
        assert session["role"] in (*ROLE_NAMES, None)
        role_questions = {q.id: q for q in survey.for_role(question_role(session["role"]))}
        assert session["current_question"] is None or session["current_question"] in role_questions
        for question_id, row in store.answers(session["id"]).items():
            assert question_id in asked.get(session["id"], set()), (question_id, "was never asked")
            assert question_id in role_questions, (question_id, session["role"])
            question = role_questions[question_id]
            assert row["survey_version"] == session["survey_version"]
            assert row["area"] == question.area and row["language"] in LANGUAGES
            assert row["status"] in (Coded.ANSWERED, Coded.SKIPPED, Coded.DONT_KNOW)
            assert row["value"] is None or row["value"] in {c.value for c in survey.choices(question)}, row
            assert (row["value"] is not None) == (question.is_scale and row["status"] == Coded.ANSWERED), row
            assert not [ch for ch in row["raw_reply"] if is_control(ch) and ch != "\n"], row
            assert len(row["raw_reply"]) <= MAX_REPLY_CHARS
    for concern in store.concerns():
        if concern["session_id"] in {s["id"] for s in found}:
            assert not [ch for ch in concern["raw_reply"] if is_control(ch) and ch != "\n"], concern


@SLOW_FUZZ
@given(st.sampled_from(CHANNELS), st.data())
def test_a_whole_conversation_of_anything_never_fails_and_stores_only_what_was_given(conversation, channel, data):
    sender = f"fuzz-{next(senders)}"
    asked: dict[str, set[str]] = {}  # by session: the questions the person has been shown
    shown: list[dict[str, Any]] = []
    for _ in range(data.draw(st.integers(3, 16), label="turns")):
        msg = a_message(data.draw, shown, channel, sender)
        replies = conversation.handle(msg)
        assert replies, "every message gets an answer"
        for reply in replies:
            assert isinstance(reply.text, str) and reply.text.strip(), reply.custom
        check_stored(conversation, channel, sender, asked)  # answers only to questions asked before this turn
        shown = [r.custom for r in replies]
        for custom in shown:
            if custom.get("type") == "question":
                asked.setdefault(custom["session_id"], set()).add(custom["question_id"])
        check_rendered(channel, replies)
    reached = sessions_of(conversation, channel, sender)
    event(f"answers stored: {min(3, sum(len(conversation.store.answers(s['id'])) for s in reached))}+")
    event(f"last status: {reached[-1]['status'] if reached else None}")


@FUZZ
@given(st.sampled_from(CHANNELS), JSON)
@example("rest", "9" * 5000)  # int() refuses over 4,300 digits: the turn failed
@example("sms", " 4 ")
def test_a_tap_on_the_open_question_with_any_value_stores_a_choice_or_nothing(conversation, channel, value):
    sender = f"fuzz-{next(senders)}"
    conversation.handle(Incoming(channel, sender, "English"))
    asked = conversation.handle(Incoming(channel, sender, "me"))[-1].custom
    tap = {"question_id": asked["question_id"], "value": value}
    replies = conversation.handle(Incoming(channel, sender, "/answer" + json.dumps(tap, default=str), via="button",
                                           payload=tap, intent="answer", confidence=1.0))
    assert replies and all(r.text.strip() for r in replies)
    stored = conversation.store.answers(asked["session_id"]).get(asked["question_id"])
    choices = [c["value"] for c in asked["choices"]]
    if type(value) is int and value in choices:
        assert stored is not None and stored["value"] == value
    assert stored is None or (stored["value"] in choices and stored["raw_reply"] == str(stored["value"]))


# ---- the survey loader ------------------------------------------------------------------------------------------
def cut_down(doc: dict[str, Any]) -> dict[str, Any]:
    """A survey cut to its first area and the one asked from an age, three questions each, and the indicators
    they feed: still valid, and quick to write and read for every example."""
    keep = [doc["areas"][0]["id"], next(q["area"] for q in doc["questions"] if q.get("min_age"))]
    questions = [q for area in keep for q in [q for q in doc["questions"] if q["area"] == area][:3]]
    fed = {i for q in questions for i in q["indicators"]}
    return {**doc, "areas": [a for a in doc["areas"] if a["id"] in keep],
            "indicators": [i for i in doc["indicators"] if i["id"] in fed], "questions": questions}


SOURCE = cut_down(yaml.safe_load((SURVEY_DIR / "bristol_outcomes.yml").read_text(encoding="utf-8")))


def paths(node: Any, where: tuple = ()) -> list[tuple]:
    """Every place in a YAML document: each key of each mapping, each item of each list."""
    found = [where]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*where, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += paths(value, (*where, i))
    return found


ALL_PATHS = paths(SOURCE)
WRONG = st.one_of(
    JSON, LONG, st.sampled_from(["", "   ", "teacher", "slider", "nowhere", "Bad Id!", "a" * 37, 0, -3, 26, True,
                                 [], {}, [None], [[1]], [{"id": "x"}], {"id": []}]),
    st.sampled_from(QUESTION_IDS + [a["id"] for a in SOURCE["areas"]] + [i["id"] for i in SOURCE["indicators"]]),
    st.dictionaries(st.integers() | st.text(max_size=4), JSON, max_size=3),
)


def at(doc: Any, path: tuple) -> Any:
    """What is at a place in a document."""
    for step in path:
        doc = doc[step]
    return doc


@st.composite
def mutated_surveys(draw: Any) -> str:
    """A valid survey file with a few things broken: a key dropped or added, a value of the wrong type (a huge
    string, an unknown area, another's id), a list item repeated (duplicate ids); now and then the file's text
    itself cut or with characters put in."""
    doc = copy.deepcopy(SOURCE)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        how = draw(st.sampled_from(["drop", "replace", "repeat", "add_key"]))
        if not path:
            doc = draw(WRONG) if how == "replace" else doc
            continue
        try:
            parent, step = at(doc, path[:-1]), path[-1]
            if how == "drop":
                del parent[step]
            elif how == "replace":
                parent[step] = draw(WRONG)
            elif how == "repeat" and isinstance(parent, list):
                parent.append(copy.deepcopy(parent[step]))
            elif how == "add_key" and isinstance(at(doc, path), dict):
                at(doc, path)[draw(st.text(max_size=8) | st.integers())] = draw(WRONG)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change took this place away
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    if draw(st.integers(0, 4)) == 0:
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(ANY_CHAR, max_size=10)) + text[cut + draw(st.integers(0, 50)):]
    return text


@pytest.fixture(scope="module")
def survey_file(tmp_path_factory):
    return Path(tmp_path_factory.mktemp("surveys")) / "fuzzed.yml"


def assert_well_formed(survey: Survey) -> None:
    assert all(isinstance(v, str) and v for v in (survey.id, survey.framework, survey.title))
    assert type(survey.version) is int and survey.version >= 1
    assert all(isinstance(a.id, str) and isinstance(a.name, str) for a in survey.areas)
    assert all(q.min_age is None or type(q.min_age) is int for q in survey.questions)
    areas = {a.id for a in survey.areas}
    indicators = {i.id for i in survey.indicators}
    for q in survey.questions:
        assert q.area in areas and set(q.indicators) <= indicators and q.kind in set(Kind)
        survey.choices(q)
    survey.describe()
    for role in survey.roles:
        survey.questions_for(role, None)


def changed(change: Any) -> str:
    """The source survey's file with one change made (for the cases fuzzing found)."""
    doc = copy.deepcopy(SOURCE)
    change(doc)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


@SLOW_FUZZ
@given(mutated_surveys())
@example(changed(lambda d: None))
@example(changed(lambda d: d["questions"][0].update(indicators=[{"id": 1}])))  # TypeError: unhashable
@example(changed(lambda d: d["questions"][0].update({1: "x", "zz": "y"})))  # sorted() of a number and a word
@example(changed(lambda d: d.update(scale=["faces_1_to_5"])))  # TypeError: unhashable
@example(changed(lambda d: d.update(areas=5)))  # TypeError: not iterable
@example(changed(lambda d: d["areas"][0].update(id=["voice"])))  # TypeError: unhashable
@example(changed(lambda d: d["areas"][0].update(name=True)))  # loaded, with an area named True
@example(changed(lambda d: d.update(id=[1])))  # loaded, with a list for an id
@example(changed(lambda d: d.update(version=True)))  # loaded as version True
@example(changed(lambda d: d["questions"][-1].update(min_age=True)))  # loaded, asked from the age of True
def test_a_broken_survey_file_is_refused_with_a_reason_never_a_crash(survey_file, text):
    """Loads, or says what is wrong, and a survey that loads is one the bot can ask (SOURCE itself loads)."""
    survey_file.write_text(text, encoding="utf-8")
    try:
        survey = load_survey(survey_file)
    except SurveyError as refused:
        assert refused.problem and str(survey_file) in str(refused)
        event("refused: " + " ".join(refused.problem.split()[:3]))
        return
    event("loaded")
    assert_well_formed(survey)


# ---- the export -------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def export_store(tmp_path_factory):
    where = Path(tmp_path_factory.mktemp("export"))
    store = SurveyStore.open(f"sqlite:///{where / 'export.db'}")
    yield store, where
    store.close()


SOME_SURVEY = SURVEYS["shropshire_annual_review"]
ANSWER = st.fixed_dictionaries({
    "question_id": st.sampled_from([q.id for q in SOME_SURVEY.questions]) | st.text(ANY_CHAR, max_size=20),
    "area": st.sampled_from([a.id for a in SOME_SURVEY.areas]) | st.text(ANY_CHAR, max_size=20),
    "raw_reply": REPLIES | st.text(ANY_CHAR, max_size=200) | st.sampled_from(["=HYPERLINK(\"x\")", "\t=1", "\r+1"]),
    "given_via": st.sampled_from(["typed", "button", "voice"]) | st.text(ANY_CHAR, max_size=10),
    "status": st.sampled_from(["answered", "skipped", "dont_know"]) | st.text(ANY_CHAR, max_size=10),
    "value": st.none() | st.integers(1, 5),
    "concern": st.booleans(),
    "survey_version": st.sampled_from([SOME_SURVEY.version, 99]),
    "language": st.sampled_from(LANGUAGES) | st.text(ANY_CHAR, max_size=10),
})
SESSION = st.fixed_dictionaries({
    "survey": st.sampled_from(sorted(SURVEYS)) | st.text(ANY_CHAR, max_size=20),
    "role": st.sampled_from([*ROLE_NAMES, None]) | st.text(ANY_CHAR, max_size=20),
    "language": st.sampled_from(LANGUAGES) | st.text(ANY_CHAR, max_size=10),
    "channel": st.sampled_from(CHANNELS) | st.text(ANY_CHAR, max_size=20),
    "status": st.sampled_from(sorted(Status)) | st.text(ANY_CHAR, max_size=20),
    "answers": st.lists(ANSWER, max_size=4),
})


@settings(FUZZ, max_examples=80)  # a store's every table emptied and written again each time
@given(st.lists(SESSION, min_size=1, max_size=3))
@example([{"survey": "shropshire_annual_review", "role": None, "language": "en", "channel": "rest",
           "status": "active", "answers": [{"question_id": "yp_voice_communicate", "area": "no_such_area",
                                            "raw_reply": "x", "given_via": "typed", "status": "answered", "value": 3,
                                            "concern": False, "survey_version": 1, "language": "en"}]}])
@example([{"survey": "shropshire_annual_review", "role": None, "language": "en", "channel": "rest",
           "status": "finished", "answers": [{"question_id": "yp_voice_communicate", "area": "voice",
                                              "raw_reply": "x", "given_via": "typed", "status": "answered",
                                              "value": 3, "concern": False, "survey_version": 1, "language": "zz"}]}])
def test_the_export_of_anything_stored_is_complete_and_safe_to_open(export_store, given_sessions):
    """An area or a language a survey version does not have (Babel knows no language "zz") made the whole export
    fail; one bad row must never."""
    store, where = export_store
    with store.engine.begin() as conn:  # each example exports only its own rows
        for table in (responses, concerns, handled_messages, sessions, respondents):
            conn.execute(table.delete())
    kept: list[str] = []
    for n, given_session in enumerate(given_sessions):
        respondent = store.respondent(f"respondent-{n}")
        session = store.start_session(respondent, given_session["survey"], 1, given_session["language"],
                                      given_session["channel"])
        store.apply(TurnChanges(session.id, session_changes={"role": given_session["role"],
                                                             "status": given_session["status"]}))
        answered: dict[str, str] = {}
        for answer in given_session["answers"]:
            store.apply(TurnChanges(session.id, answer=answer))
            # an answer given again replaces the first; a concern's words are the safeguarding lead's, not exported
            answered[answer["question_id"]] = "" if answer["concern"] else answer["raw_reply"]
        kept += answered.values()

    path = where / "answers.csv"
    assert export_to(store, VERSIONS, path, include_free_text=True) == len(kept)
    names = [c.name for c in columns(include_free_text=True)]
    exported = path.read_text(encoding="utf-8")
    assert not {ch for ch in exported if is_control(ch)} - {"\r", "\n"}
    rows = list(csv.reader(io.StringIO(exported, newline="")))
    assert rows[0] == names and len(rows) == len(kept) + 1
    for row in rows[1:]:
        assert len(row) == len(names)
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), row
            assert not [ch for ch in cell if is_control(ch) and ch != "\n"], row
    assert sorted(row[names.index("raw_reply")] for row in rows[1:]) == sorted(map(spreadsheet_safe, kept))


# ---- the SMS channel's request ----------------------------------------------------------------------------------
FORM_FIELDS = st.dictionaries(
    st.sampled_from(["From", "Body", "MessageSid", "AccountSid", "NumMedia", "To"]) | st.text(max_size=10),
    st.text(ANY_CHAR, max_size=30) | st.sampled_from(TRICKY) | st.sampled_from(["SM" + "0" * 32, "+447700900123"]),
)


@FUZZ
@given(st.one_of(st.binary(max_size=300), FORM_FIELDS.map(lambda f: "&".join(f"{k}={v}" for k, v in f.items())
                                                          .encode())))
@example(b"From=%2B44&Body=%ff%fe&MessageSid=x")
@example(b"From&Body==&&=")
def test_any_body_posted_to_the_sms_webhook_is_a_form_of_text_fields(body):
    form = twilio_form(body)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in form.items())
    read_text(form)


@FUZZ
@given(FORM_FIELDS)
@example({"From": "+447700900123", "Body": "/ / "})
@example({"From": "+447700900123", "Body": "  "})
@example({"Body": "hello"})
def test_a_texts_form_is_a_message_or_a_clear_refusal(form):
    text = read_text(form)
    if not form.get("From"):
        assert text is None  # the webhook answers 400
        return
    assert text is not None and text.number == form["From"]
    assert text.words == "" or (0 < len(text.words) <= 2000 and not text.words.startswith(("/", " ")))
    assert text.words or not form.get("Body", "").strip()  # no words: a picture, answered with a kind notice
    assert text.message_id is None or (text.message_id.startswith("sms-") and MESSAGE_SID.match(text.message_id[4:]))


# ---- the Telegram channel's request -----------------------------------------------------------------------------
TELEGRAM = Bot("123456:fuzz")  # what an update is read with; it never calls Telegram here
CHAT_1 = {"id": 1, "type": "private"}
USER_1 = {"id": 1, "is_bot": False, "first_name": "A"}


class RecordingBot:
    """Stands in for python-telegram-bot's Bot: keeps each call instead of making it."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __getattr__(self, method: str) -> Any:
        async def called(*args: Any, **kwargs: Any) -> None:
            self.calls.append(method)
        return called


def mostly(good: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly what Telegram sends, sometimes any JSON at all."""
    return st.sampled_from([True] * 7 + [False]).flatmap(lambda sent: good if sent else JSON)


def fields(required: dict[str, st.SearchStrategy], **optional: st.SearchStrategy) -> st.SearchStrategy:
    """An object with its fields, now and then one of them missing."""
    missing = st.sampled_from([None] * 7 * len(required) + list(required))
    return st.tuples(st.fixed_dictionaries(required, optional=optional), missing).map(
        lambda made: {k: v for k, v in made[0].items() if k != made[1]})


USER = fields({"id": st.integers(1, 2**40), "is_bot": st.booleans(), "first_name": st.text(max_size=5),
               "language_code": mostly(st.sampled_from(["pl", "ar", "en-GB", "zz", ""]))})
CHAT = fields({"id": mostly(st.integers(-(2**40), 2**40)), "type": mostly(st.sampled_from(["private", "group"]))})
WORDS = st.one_of(REPLIES.filter(str.strip), st.sampled_from(["/start", "/start pl", "/start bromley_outcomes-pl",
                                                              "/stop@sayit_bot", "/unknown", "/", "/ /"]))
KEYBOARD = st.just({"inline_keyboard": [[{"text": "🙂 Mostly", "callback_data": "/answer{}"}]]})
MESSAGE = fields({"message_id": mostly(st.integers(1, 2**31)), "chat": mostly(CHAT), "from": mostly(USER),
                  "date": mostly(st.integers(0, 2**31)), "text": mostly(WORDS)},
                 reply_markup=mostly(KEYBOARD))
DATA = st.one_of(st.sampled_from(["answered", "listen:" + "0" * 32, "listen:x", "/answer{}", "", "/stop"]),
                 st.text(max_size=70))
QUERY = fields({"id": mostly(st.text(max_size=5)), "chat_instance": st.just("1"), "from": mostly(USER),
                "message": mostly(MESSAGE), "data": mostly(DATA)})
UPDATE = st.sampled_from(["message", "message", "callback_query", "callback_query", "edited_message"]).flatmap(
    lambda kind: fields({"update_id": mostly(st.integers(0, 2**40)),
                         kind: mostly(QUERY if kind == "callback_query" else MESSAGE)}))


@FUZZ
@given(st.one_of(UPDATE, UPDATE, UPDATE, JSON))
# each of these was a 500: python-telegram-bot reads them without a word, and `handle` then failed
@example({"update_id": 1, "message": {"message_id": 1, "date": 10**20, "chat": CHAT_1}})  # OverflowError
@example({"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": CHAT_1, "from": USER_1, "text": 5}})
@example({"update_id": 1, "message": {"message_id": 1, "date": 0, "from": USER_1, "text": "hi"}})  # no chat
@example({"update_id": 1, "callback_query": {"id": "1", "chat_instance": "1", "data": "/answer{}",  # no "from"
                                             "message": {"message_id": 1, "date": 1, "chat": CHAT_1}}})
@example({"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": CHAT_1,
                                      "from": {**USER_1, "language_code": 7}, "text": "hi"}})
def test_any_update_posted_to_the_telegram_webhook_is_a_message_or_a_clear_refusal(body):
    update = update_of(body, TELEGRAM)
    event("refused" if update is None else "read")
    if update is None:
        return  # the webhook answers 400
    channel = TelegramInput(None, KEY)
    channel.bot = RecordingBot()
    said: list[Any] = []

    async def on_new_message(message: Any) -> None:
        said.append(message)

    asyncio.run(channel.handle(update, on_new_message))
    event(f"said {len(said)}, called {sorted(set(channel.bot.calls))}")
    for message in said:
        # long enough for the conversation to say "too long", and no longer
        assert isinstance(message.text, str) and 0 < len(message.text) <= len(capped_for_reading("x" * 10**4))
        assert isinstance(message.sender_id, str) and message.message_id == f"telegram-{update.update_id}"
        hints = message.metadata["language_hints"]
        assert len(hints) <= 5 and all(isinstance(h, str) for h in hints)
        assert message.metadata["via"] in ("typed", "button")
