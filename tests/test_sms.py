"""SMS end to end: the real `sayit run` with a local fake of Twilio, which posts each text to the webhook signed
with the account's auth token by twilio's own RequestValidator, and reads the TwiML answer as the texts a phone
would get."""

from __future__ import annotations

import csv
import subprocess

import pytest
import requests

from bot.rendering.sms import measure
from bot.surveys.loading import load_surveys
from bot.translation import messages as m
from bot.translation.rtl import RTL_MARK
from bot.translation.speaker import Speaker
from tests.running_bot import ROOT, SAYIT, Bot, serving

NUMBER = "+447700900123"  # a drama number, which must never be stored or logged


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    yield from serving(tmp_path_factory.mktemp("sms"))


def texted(bot: Bot, number: str, body: str) -> str:
    status, texts = bot.text(number, body)
    assert status == 200 and len(texts) == 1, (status, texts)  # one text a turn, so its parts arrive in order
    return texts[0]


def numbered(text: str, label: str) -> str:
    """The number a list in a text gives this label ("2 Rodzic lub opiekun" -> "2")."""
    return next(line.split(" ")[0].lstrip(RTL_MARK) for line in text.split("\n") if line.endswith(" " + label))


def test_a_polish_parent_answers_by_text_and_each_question_fits_two_texts(bot):
    pl = Speaker("pl", medium="text")  # a parent, or someone not known yet, by SMS
    offered = texted(bot, NUMBER, "Dzień dobry")
    assert offered.startswith(pl.say(m.ASK_LANGUAGE)) and "\n1 Polski\n" in offered  # the greeting's language first
    opening = texted(bot, NUMBER, "1")
    assert opening.startswith(pl.say(m.WELCOME)) and pl.say(m.ASK_ROLE) in opening
    first = texted(bot, NUMBER, numbered(opening, pl.say(m.ROLE_LABELS["parent_carer"])))
    parents = load_surveys()["shropshire_annual_review"].for_role("parent_carer")
    answered = []
    for q, reply in zip(parents[:4], ["4", "tak, zawsze", "5", "nie wiem"], strict=True):
        asked = first if not answered else answered[-1]
        assert pl.say(q.plain) in asked or pl.say(q.easy_read) in asked, q.id
        fit = measure(asked)
        assert fit.encoding == "UCS-2" and (fit.parts <= 2 or asked is first), (q.id, fit)
        assert "🙂" not in asked  # no faces: the answers go as numbered words
        answered.append(texted(bot, NUMBER, reply))

    out = bot.data_dir / "sms.csv"
    exported = subprocess.run(SAYIT + ["export", "--format", "csv", "--include-free-text", "--out", str(out)],
                              cwd=ROOT, env=bot.env, capture_output=True, text=True, timeout=120)
    assert exported.returncode == 0, exported.stderr
    with out.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["channel"] == "sms"]
    assert [r["question_id"] for r in rows] == [q.id for q in parents[:4]]
    assert {r["language"] for r in rows} == {"pl"}
    assert [r["raw_reply"] for r in rows] == ["4", "tak, zawsze", "5", "nie wiem"]

    # the number is nowhere on disk: not the database, not any log
    for path in bot.data_dir.rglob("*"):
        if path.is_file():
            assert NUMBER[1:].encode() not in path.read_bytes(), path


def test_arabic_texts_read_right_to_left(bot):
    offered = texted(bot, "+447700900124", "مرحبا")
    assert offered.startswith(RTL_MARK + Speaker("ar", medium="text").say(m.ASK_LANGUAGE))
    opening = texted(bot, "+447700900124", "1")
    assert all(line.startswith(RTL_MARK) for line in opening.split("\n") if line)


def test_a_picture_with_no_words_gets_a_kind_reply_and_starts_nothing(bot):
    status, texts = bot.text("+447700900125", "", media=1)
    assert status == 200 and texts == [Speaker("en").say(m.TEXT_ONLY)]
    # the next text is this number's first: it is asked for a language
    assert texted(bot, "+447700900125", "hello").startswith(Speaker("en", medium="text").say(m.ASK_LANGUAGE))


def test_a_text_not_signed_by_twilio_is_refused_and_changes_nothing(bot):
    url = f"http://127.0.0.1:{bot.port}/webhooks/sms/webhook"
    form = {"From": "+447700900126", "Body": "hello", "MessageSid": "SM" + "0" * 32}
    for headers in ({}, {"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"}):
        reply = requests.post(url, data=form, headers=headers, timeout=60)
        assert reply.status_code == 403 and "Twilio only" in reply.json()["error"]
    # had either been taken, this would carry on a session rather than ask for a language
    assert texted(bot, "+447700900126", "hello").startswith(Speaker("en", medium="text").say(m.ASK_LANGUAGE))
