"""End to end: the real `sayit run` (Rasa server + action server) on free loopback ports, driven over HTTP.

A young person and a parent carer complete the survey over Rasa's REST channel; the servers are stopped
with Ctrl-C and started again in the middle of the young person's survey, which carries on where it was;
then `sayit export` writes the CSV, which is checked row by row.
"""

from __future__ import annotations

import csv
import re
import subprocess

import pytest

from bot.catalogs.files import TEMPLATE, read_catalog
from bot.fakes.google_tts import title_of
from bot.translation.languages import endonym, supported
from bot.translation.rtl import without_bidi_controls
from bot.translation.speaker import Speaker, reader_of
from bot.understanding.lexicon import scale_words, word_list
from bot.understanding.reading import code_reply
from tests.running_bot import ROOT, SAYIT, Bot

YOUNG = "447700900001"  # sender ids shaped like phone numbers: they must never be stored or logged
PARENT = "447700900002"
YOUNG_REPLIES = ["5", "yeah mostly", "😀", "not really", "3", "skip", "dunno", "4/5", "never", "🙂",
                 "sometimes", "all the time", "2", "1", "hardly ever", "yes", "4", "three", "in between",
                 "swimming", "loud noises", "my dog", "maths", "moving school", "be a vet"]
YOUNG_EXPECTED = [(5, "answered"), (4, "answered"), (5, "answered"), (2, "answered"), (3, "answered"),
                  (None, "skipped"), (None, "dont_know"), (4, "answered"), (1, "answered"), (4, "answered"),
                  (3, "answered"), (5, "answered"), (2, "answered"), (1, "answered"), (2, "answered"),
                  (5, "answered"), (4, "answered"), (3, "answered"), (3, "answered")] + [(None, "answered")] * 6


def question(customs: list[dict]) -> str | None:
    asked = [c for c in customs if c.get("type") == "question"]
    return asked[-1]["question_id"] if asked else None


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    b = Bot(tmp_path_factory.mktemp("e2e"))
    b.start()
    yield b
    if b.process and b.process.poll() is None:
        b.stop()


def test_two_surveys_with_a_restart_in_the_middle_then_the_export(bot, surveys):
    survey = surveys["shropshire_annual_review"]
    young_questions = [q.id for q in survey.for_role("young_person")]
    parent_questions = [q.id for q in survey.for_role("parent_carer")]

    assert [c["type"] for c in bot.say(YOUNG, "hello")] == ["choose_language"]
    assert [c["type"] for c in bot.say(YOUNG, "1")] == ["welcome", "privacy_notice", "choose_role"]
    assert question(bot.say(YOUNG, "me")) == young_questions[0]
    for i, reply in enumerate(YOUNG_REPLIES[:10]):
        assert question(bot.say(YOUNG, reply)) == young_questions[i + 1], reply

    bot.stop()
    bot.start()

    assert question(bot.say(YOUNG, YOUNG_REPLIES[10])) == young_questions[11]  # carries on, nothing lost
    for i, reply in enumerate(YOUNG_REPLIES[11:-1], start=11):
        assert question(bot.say(YOUNG, reply)) == young_questions[i + 1], reply
    done = bot.say(YOUNG, YOUNG_REPLIES[-1])
    assert [c["type"] for c in done] == ["survey_complete", "summary"]
    assert done[1]["answered"] == 23

    bot.say(PARENT, "hi")
    bot.say(PARENT, "English")
    assert question(bot.say(PARENT, "parent or carer")) == parent_questions[0]
    tap = bot.say(PARENT, f'/answer{{"question_id":"{parent_questions[0]}","value":4}}')
    assert question(tap) == parent_questions[1]
    for _ in parent_questions[1:21]:
        bot.say(PARENT, "3")
    for _ in parent_questions[21:-1]:
        bot.say(PARENT, "when things are calm")
    assert [c["type"] for c in bot.say(PARENT, "a quiet house")][0] == "survey_complete"

    out = bot.data_dir / "answers.csv"
    exported = subprocess.run(SAYIT + ["export", "--format", "csv", "--include-free-text", "--out", str(out)],
                              cwd=ROOT, env=bot.env, capture_output=True, text=True, timeout=120)
    assert exported.returncode == 0, exported.stderr
    assert "Wrote 52 answer rows" in exported.stderr  # the languages test below runs after this one
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    young_rows, parent_rows = rows[:25], rows[25:]
    assert [r["question_id"] for r in young_rows] == young_questions
    assert [r["question_id"] for r in parent_rows] == parent_questions
    for row, reply, (value, status), qid in zip(young_rows, YOUNG_REPLIES, YOUNG_EXPECTED, young_questions,
                                                    strict=True):
        assert (row["value"], row["status"], row["raw_reply"]) == ("" if value is None else str(value), status, reply)
        assert row["area"] == survey.question(qid).area
        assert row["question"] == survey.question(qid).seed
        assert (row["role"], row["channel"], row["survey"], row["survey_version"]) == (
            "young_person", "rest", "shropshire_annual_review", "1")
        assert row["given_via"] == "typed" and row["session_status"] == "finished" and row["language"] == "en"
    assert (parent_rows[0]["value"], parent_rows[0]["given_via"]) == ("4", "button")
    assert {r["value"] for r in parent_rows[1:21]} == {"3"}
    assert parent_rows[-1]["raw_reply"] == "a quiet house"
    assert len({r["session_id"] for r in rows}) == 2 and len({r["respondent"] for r in rows}) == 2

    bot.stop()
    for path in bot.data_dir.rglob("*"):  # the database and every log
        if path.is_file():
            data = path.read_bytes()
            assert YOUNG.encode() not in data and PARENT.encode() not in data, path


def heard(bot, audio: dict) -> str:
    """The words and language a clip was made from, as the fake speech service tagged it."""
    reply = bot.audio(audio["id"])
    assert reply.status_code == 200 and reply.headers["content-type"] == "audio/mpeg", reply.text[:200]
    return title_of(reply.content)


def words(text: str) -> list[str]:
    """The words of a text, for comparing what was spoken with what was shown (gTTS drops the commas it splits at)."""
    return re.findall(r"\w+", text)


def _word_for(lang: str, value: int) -> str:
    """A word a speaker of `lang` might type for a point on the scale, as its word list has it."""
    return next(str(w) for w in scale_words(word_list(lang))[value] if code_reply(str(w), lang).value == value)


FREE_TEXT = {"en": "my friends", "cy": "fy ffrindiau", "pl": "moi przyjaciele", "ro": "prietenii mei",
             "uk": "мої друзі", "ar": "أصدقائي", "ur": "میرے دوست", "bn": "আমার বন্ধুরা"}


def test_a_whole_survey_in_every_language_over_rest_then_the_export(bot, surveys):
    """Each language end to end: greeting, choosing the language by name, the role in that language, every
    question answered in words of that language, and the export recording the language of every answer."""
    if bot.process is None or bot.process.poll() is not None:
        bot.start()  # the test above ends by stopping the servers
    survey = surveys["shropshire_annual_review"]
    parents = survey.for_role("parent_carer")
    expected = {}
    for n, lang in enumerate(supported()):
        sender = f"4477009001{n:02d}"
        greeting = str(word_list(lang)["greetings"][0])
        offered = bot.say(sender, greeting)[0]
        assert offered["preselected"] == lang  # a greeting in a language is a hint
        # the list's names, each spoken in its own language
        assert {heard(bot, c["audio"]) for c in offered["choices"]} == {f"{c['value']}: {c['label']}"
                                                                         for c in offered["choices"]}
        opening = bot.say(sender, endonym(lang))
        assert [c["type"] for c in opening] == ["welcome", "privacy_notice", "choose_role"]
        assert opening[2]["language"] == lang
        parent = next(str(w) for w in word_list(lang)["roles"]["parent_carer"] if "_" not in str(w))
        first = bot.say(sender, parent)
        assert question(first) == parents[0].id, lang
        # the first question: where it is and its wording, then each answer's label, spoken in this language
        asked = next(c for c in first if c["type"] == "question")
        assert words(heard(bot, asked["audio"])) == words(f"{lang}: {asked['position_text']} {asked['text']}")
        assert asked["audio_note"] is None
        assert words(heard(bot, opening[0]["audio"])) == words(f"{lang}: {opening[0]['text']}")  # the welcome
        assert heard(bot, asked["choices"][0]["audio"]) == f"{lang}: {asked['choices'][0]['label']}"
        for i, q in enumerate(parents):
            value = i % 5 + 1
            replies = bot.say(sender, _word_for(lang, value) if q.is_scale else FREE_TEXT[lang])
            assert all(c.get("language", lang) == lang for c in replies), (lang, q.id)
            expected[(lang, q.id)] = value if q.is_scale else None
        assert replies[0]["type"] == "survey_complete", lang

    english = {m.id for m in read_catalog(TEMPLATE) if isinstance(m.id, str)}
    spoken = bot.speech_asked()
    assert {lang for lang, _ in spoken} == set(supported())
    assert not [(lang, text) for lang, text in spoken if lang != "en" and text in english]  # never English words
    assert bot.audio("0" * 32).status_code == 404  # only the bot's own wordings can be spoken

    out = bot.data_dir / "languages.csv"
    exported = subprocess.run(SAYIT + ["export", "--format", "csv", "--include-free-text", "--out", str(out)],
                              cwd=ROOT, env=bot.env, capture_output=True, text=True, timeout=120)
    assert exported.returncode == 0, exported.stderr
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    these = {r["session_id"] for r in rows if r["raw_reply"] in FREE_TEXT.values()}
    assert len(these) == len(supported())
    found = {(r["language"], r["question_id"]): r for r in rows if r["session_id"] in these}
    assert len(found) == len(expected)
    for (lang, qid), value in expected.items():
        row = found[(lang, qid)]
        assert row["value"] == ("" if value is None else str(value)), (lang, qid, row["raw_reply"])
        assert row["question"] == survey.question(qid).seed  # the English wording, for every analyst
        shown = Speaker(lang, reader_of(survey.question(qid).role)).say(survey.question(qid).plain)
        assert row["wording_asked"] == without_bidi_controls(shown)  # the words the person saw
        assert (row["wording_asked"] != survey.question(qid).plain) == (lang != "en"), (lang, qid)
        assert row["status"] == "answered" and row["session_status"] == "finished"


def test_an_oversized_body_is_refused_at_the_edge_and_the_bot_carries_on(bot):
    import requests

    huge = {"sender": "someone-big", "message": "a" * (1024 * 1024)}
    for path in ("/webhooks/rest/webhook", "/webhooks/webchat/webhook", "/webhooks/sms/webhook"):
        reply = requests.post(f"http://127.0.0.1:{bot.port}{path}", json=huge, timeout=60)
        assert reply.status_code == 413, path
    assert [c["type"] for c in bot.say("someone-small", "hello")] == ["choose_language"]


def test_every_file_the_bot_writes_is_readable_by_its_owner_alone(bot):
    assert bot.say("someone-private", "hello")  # so the database exists
    written = [p for p in bot.data_dir.rglob("*") if p.name != "run-output.log"]  # the test's own capture
    assert any(p.name == "sayit.db" for p in written) and any(p.suffix == ".log" for p in written)
    assert {str(p.relative_to(bot.data_dir)): oct(p.stat().st_mode & 0o077) for p in written
            if p.stat().st_mode & 0o077} == {}


def test_sayit_run_says_it_listens_on_this_machine_only(bot):
    assert "Listening on 127.0.0.1 only" in (bot.data_dir / "run-output.log").read_text()
