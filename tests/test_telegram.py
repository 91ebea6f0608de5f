"""Telegram end to end: the real `sayit run`, which registers its webhook with a local fake of Telegram's Bot
API through python-telegram-bot; the fake then posts updates as Telegram does (with the webhook's secret) and
keeps every Bot API call the bot makes, so a test sees exactly what a person would."""

from __future__ import annotations

import base64
import csv
import io
import itertools
import subprocess

import pytest
import requests
from PIL import Image

from bot.dialogue.outgoing import question_message
from bot.fakes.google_tts import title_of
from bot.rendering.telegram import LISTEN, MAX_CALLBACK_DATA, keyboard, telegram_text
from bot.surveys.loading import load_surveys
from bot.translation import messages as m
from bot.translation.languages import endonym, supported
from bot.translation.rtl import RTL_MARK
from bot.translation.speaker import Speaker, reader_of
from channels.telegram_commands import typed
from tests.running_bot import ROOT, SAYIT, Bot, serving

CHAT = 987_654_321  # a chat id that must never be stored or logged
updates = itertools.count(1000)


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    yield from serving(tmp_path_factory.mktemp("telegram"))


def person(chat_id: int, lang: str) -> dict:
    return {"id": chat_id, "is_bot": False, "first_name": "Ola", "username": "ola_k", "language_code": lang}


def typed_update(chat_id: int, text: str | None, lang: str = "en", chat_type: str = "private", **extra) -> dict:
    chat = {"id": chat_id, "type": chat_type, "first_name": "Ola"}
    message = {"message_id": next(updates), "date": 1_790_000_000, "chat": chat, "from": person(chat_id, lang),
               **({"text": text} if text is not None else {}), **extra}
    return {"update_id": next(updates), "message": message}


def tap_update(chat_id: int, sent: dict, data: str, lang: str = "en") -> dict:
    """A tap on one of the buttons of a message the bot sent (as the fake recorded it): words, or a photo."""
    message = {"message_id": sent["message_id"], "date": 1_790_000_000, "chat": {"id": chat_id, "type": "private"},
               "reply_markup": sent["params"]["reply_markup"]}
    if sent["method"] == "sendPhoto":
        message.update(caption=sent["params"].get("caption", ""),
                       photo=[{"file_id": f"photo-{sent['message_id']}", "file_unique_id": "p", "width": 1024,
                               "height": 1024}])
    else:
        message["text"] = sent["params"]["text"]
    return {"update_id": next(updates), "callback_query": {"id": str(next(updates)), "from": person(chat_id, lang),
                                                           "chat_instance": "1", "data": data, "message": message}}


def exchange(bot: Bot, update: dict) -> list[dict]:
    """Deliver one update; the Bot API calls it caused."""
    before = len(bot.telegram_calls())
    assert bot.telegram_deliver(update) == 200
    return bot.telegram_calls()[before:]


def sent(calls: list[dict]) -> list[dict]:
    return [c for c in calls if c["method"] == "sendMessage"]


def posted(calls: list[dict]) -> list[dict]:
    """What the person sees arrive: messages in words and photos, in order."""
    return [c for c in calls if c["method"] in ("sendMessage", "sendPhoto")]


def picture(call: dict) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(call["params"]["photo"]["base64"])))


def button(message: dict, title: str) -> str:
    rows = message["params"]["reply_markup"]["inline_keyboard"]
    return next(b["callback_data"] for row in rows for b in row if b["text"] == title)


def titles(message: dict) -> list[list[str]]:
    return [[b["text"] for b in row] for row in message["params"].get("reply_markup", {}).get("inline_keyboard", [])]


def test_a_survey_over_telegram_with_taps_audio_and_a_switch_to_arabic(bot):
    pl = Speaker("pl")
    # "Start" in a Polish Telegram: the language list, Polish first, in Polish, every name with its own 🔊
    offered = sent(exchange(bot, typed_update(CHAT, "/start", "pl")))[-1]
    assert offered["params"]["text"].startswith(pl.say(m.ASK_LANGUAGE))
    rows = titles(offered)
    assert rows[0] == [f"🔊 {pl.say(m.LISTEN_LABEL)}"] and rows[1] == ["Polski", "🔊"]
    assert {row[0] for row in rows[1:]} == {endonym(lang) for lang in supported()}
    assert all(len(b["callback_data"].encode()) <= MAX_CALLBACK_DATA
               for row in offered["params"]["reply_markup"]["inline_keyboard"] for b in row)

    # tapping Polski: the spinner stops, the buttons become "✓ Polski", then the welcome and who is answering
    calls = exchange(bot, tap_update(CHAT, offered, button(offered, "Polski"), "pl"))
    assert [c["method"] for c in calls[:2]] == ["answerCallbackQuery", "editMessageReplyMarkup"]
    assert calls[1]["params"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "✓ Polski"
    role = sent(calls)[-1]
    assert pl.say(m.ASK_ROLE) in role["params"]["text"]
    young = pl.say(m.ROLE_LABELS["young_person"])
    first = sent(exchange(bot, tap_update(CHAT, role, button(role, young), "pl")))[-1]
    survey = load_surveys()["shropshire_annual_review"]
    q1 = survey.for_role("young_person")[0]
    to_young = Speaker("pl", "young_person")  # from here on the bot talks to a young person
    assert to_young.say(q1.plain) in first["params"]["text"]
    # five faces, each with its own 🔊, then skip / don't know / help on one row
    rows = titles(first)
    assert rows[0] == [f"🔊 {pl.say(m.LISTEN_LABEL)}"]
    assert [len(r) for r in rows[1:6]] == [2] * 5 and rows[6] == [pl.say(m.SKIP_LABEL), pl.say(m.DONT_KNOW_LABEL),
                                                                     pl.say(m.HELP_LABEL)]

    # 🔊: the question, where it is and all, as a Polish voice message, its words as the caption
    voice = exchange(bot, tap_update(CHAT, first, button(first, f"🔊 {pl.say(m.LISTEN_LABEL)}"), "pl"))[-1]
    assert voice["method"] == "sendVoice"
    position = to_young.say(m.QUESTION_POSITION, n=1, total=len(survey.for_role("young_person")))
    assert voice["params"]["caption"] == f"{position} {to_young.say(q1.plain)}"
    assert title_of(base64.b64decode(voice["params"]["voice"]["base64"])) == f"pl: {voice['params']['caption']}"

    # a tap on "4" answers, and the next question comes
    four = rows[4][0]
    second = sent(exchange(bot, tap_update(CHAT, first, button(first, four), "pl")))[-1]
    q2 = survey.for_role("young_person")[1]
    assert to_young.say(q2.plain) in second["params"]["text"]

    # "język" brings the list back; العربية re-asks the question in Arabic, every line right to left
    listed = sent(exchange(bot, typed_update(CHAT, "język", "pl")))[-1]
    arabic = sent(exchange(bot, tap_update(CHAT, listed, button(listed, "العربية"), "pl")))
    again = arabic[-1]["params"]["text"]
    assert Speaker("ar", "young_person").say(q2.plain) in again
    assert all(line.startswith(RTL_MARK) for line in again.split("\n"))
    assert titles(arabic[-1])[0] == [f"🔊 {Speaker('ar').say(m.LISTEN_LABEL)}"]

    # the export has the answer, given over Telegram in Polish
    out = bot.data_dir / "telegram.csv"
    exported = subprocess.run(SAYIT + ["export", "--format", "csv", "--include-free-text", "--out", str(out)],
                              cwd=ROOT, env=bot.env, capture_output=True, text=True, timeout=120)
    assert exported.returncode == 0, exported.stderr
    with out.open(encoding="utf-8", newline="") as f:
        answered = [row for row in csv.DictReader(f) if row["question_id"] == q1.id]
    assert [(row["channel"], row["language"], row["value"]) for row in answered] == [("telegram", "pl", "4")]

    # nothing on disk holds the chat id or the bot's token: not the database, not any log
    for path in bot.data_dir.rglob("*"):
        if path.is_file():
            assert str(CHAT).encode() not in path.read_bytes(), path
            assert b"sayit-local-" not in path.read_bytes(), path  # the local token's prefix


def test_an_update_without_the_webhook_secret_or_not_an_update_is_refused_and_changes_nothing(bot):
    before = len(bot.telegram_calls())
    url = f"http://127.0.0.1:{bot.port}/webhooks/telegram/webhook"
    for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "guessed-secret-0123456789"}):
        reply = requests.post(url, json=typed_update(CHAT + 1, "hello"), headers=headers, timeout=60)
        assert reply.status_code == 403 and "Telegram only" in reply.json()["error"]
    assert bot.telegram_deliver({"message": "not an update"}) == 400  # with the secret, but not an Update
    assert len(bot.telegram_calls()) == before


def test_group_chats_stickers_and_voice_before_a_question_get_a_kind_reply_in_the_persons_language(bot):
    group = sent(exchange(bot, typed_update(-100_200_300, "hello", "uk", chat_type="group")))
    assert [c["params"]["text"] for c in group] == [Speaker("uk").say(m.PRIVATE_ONLY)]
    sticker = {"file_id": "s1", "file_unique_id": "s1", "width": 512, "height": 512, "is_animated": False,
               "is_video": False, "type": "regular"}
    stuck = sent(exchange(bot, typed_update(CHAT + 2, None, "ar", sticker=sticker)))
    assert [c["params"]["text"] for c in stuck] == [RTL_MARK + Speaker("ar").say(m.TEXT_ONLY)]  # Arabic: no voice
    english = sent(exchange(bot, typed_update(CHAT + 8, None, "en", sticker=sticker)))
    assert [c["params"]["text"] for c in english] == [Speaker("en").say(m.WORDS_OR_VOICE_ONLY)]
    early = sent(exchange(bot, typed_update(CHAT + 2, None, "ar", voice=bot.telegram_voice(ogg("hello")))))
    assert [c["params"]["text"] for c in early] == [RTL_MARK + Speaker("ar").say(m.VOICE_NOT_NOW)]
    missing = {"file_id": "not-a-file", "file_unique_id": "x", "duration": 1}
    lost = sent(exchange(bot, typed_update(CHAT + 2, None, "ar", voice=missing)))
    assert [c["params"]["text"] for c in lost] == [RTL_MARK + Speaker("ar").say(m.TURN_FAILED)]
    # none started a survey: the next message from that chat is its first, so it is asked for a language
    first = sent(exchange(bot, typed_update(CHAT + 2, "مرحبا", "ar")))[-1]
    assert first["params"]["text"].startswith(RTL_MARK + Speaker("ar").say(m.ASK_LANGUAGE))


def ogg(words: str) -> bytes:
    """A voice message as Telegram's apps record one: OGG/Opus, here of espeak-ng saying `words`."""
    wav = subprocess.run(["espeak-ng", "-v", "en-gb", "--stdout", words], capture_output=True, check=True).stdout
    return subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "wav", "-i", "pipe:0", "-c:a", "libopus", "-f", "ogg",
                           "pipe:1"], input=wav, capture_output=True, check=True).stdout


def test_a_voice_message_is_fetched_heard_and_stored_as_spoken(bot):
    chat = CHAT + 9
    offered = sent(exchange(bot, typed_update(chat, "hello")))[-1]
    role = sent(exchange(bot, tap_update(chat, offered, button(offered, "English"))))[-1]
    first = sent(exchange(bot, tap_update(chat, role, button(role, Speaker("en").say(m.ROLE_LABELS["young_person"])))))
    q1 = load_surveys()["shropshire_annual_review"].question("yp_voice_communicate")
    assert Speaker("en", "young_person").say(q1.plain) in first[-1]["params"]["text"]
    replies = sent(exchange(bot, typed_update(chat, None, voice=bot.telegram_voice(ogg("mostly")))))
    calls = [c["method"] for c in bot.telegram_calls()]
    assert calls[-len(replies) - 2:-len(replies)] == ["sendChatAction", "getFile"]  # "typing…" while it is heard
    asked = [c for c in bot.telegram_calls() if c["method"] == "getFile"]
    assert asked[-1]["params"]["file_id"].startswith("person-voice-")
    if "Is that right?" in replies[-1]["params"]["text"]:  # unsure, so it asks first; Yes stores it
        assert replies[-1]["params"]["text"].startswith("I heard “Mostly”. Is that right?")
        replies = sent(exchange(bot, tap_update(chat, replies[-1], button(replies[-1], "Yes, that's right"))))
    assert "Question 2 of 25" in replies[-1]["params"]["text"]
    out = bot.data_dir / "voice.csv"
    exported = subprocess.run(SAYIT + ["export", "--format", "csv", "--include-free-text", "--out", str(out)],
                              cwd=ROOT, env=bot.env, capture_output=True, text=True, timeout=120)
    assert exported.returncode == 0, exported.stderr
    rows = [r for r in csv.DictReader(out.open(encoding="utf-8")) if r["given_via"] == "voice"]
    assert [(r["channel"], r["question_id"], r["value"], r["transcript"]) for r in rows] == [
        ("telegram", q1.id, "4", "mostly")]
    assert 0 < float(rows[0]["confidence"]) <= 1


def test_an_invitation_link_preselects_its_language_and_survey(bot):
    offered = sent(exchange(bot, typed_update(CHAT + 3, "/start bromley_outcomes-cy", "en")))[-1]
    assert offered["params"]["text"].startswith(Speaker("cy").say(m.ASK_LANGUAGE))
    assert titles(offered)[1] == ["Cymraeg", "🔊"]
    cy = Speaker("cy")
    role = sent(exchange(bot, tap_update(CHAT + 3, offered, button(offered, "Cymraeg"))))[-1]
    first = sent(exchange(bot, tap_update(CHAT + 3, role, button(role, cy.say(m.ROLE_LABELS["parent_carer"])))))
    bromley = load_surveys()["bromley_outcomes"].for_role("parent_carer")[0]
    assert cy.say(bromley.plain) in first[-1]["params"]["text"]


def test_every_question_fits_telegram_in_every_language():
    """Every answer of every question becomes a button (its data at most 64 bytes), in every language."""
    for survey in load_surveys().values():
        for q in survey.questions:
            for lang in supported():
                message = question_message(survey, q, "s", 1, 2, Speaker(lang, reader_of(q.role))).as_dict()
                rows = keyboard(message)
                answers = [r[0] for r in rows if r[0].data.startswith("/answer")]
                assert len(answers) == (5 if q.is_scale else 0), (survey.id, q.id, lang)
                assert all(len(b.data.encode()) <= MAX_CALLBACK_DATA for r in rows for b in r)
                assert all(b.data.startswith(("/", LISTEN)) for r in rows for b in r)
                assert len(telegram_text(message)) <= 4096


def test_typed_commands_and_invitations():
    assert typed("/start") == ("/greet", None, None, None)
    assert typed("/start pl") == ("/greet", "pl", None, None)
    assert typed("/start bristol_outcomes-ur") == ("/greet", "ur", "bristol_outcomes", None)
    assert typed("/start bristol_outcomes") == ("/greet", None, "bristol_outcomes", None)
    assert typed("/start ../../etc") == ("/greet", None, None, None)
    assert typed("/start bristol_outcomes-polish") == ("/greet", None, None, None)
    assert typed("/start bristol_outcomes-ur-0123456789abcdef") == ("/greet", "ur", "bristol_outcomes",
                                                                   "0123456789abcdef")
    assert typed("/start bristol_outcomes-0123456789abcdef") == ("/greet", None, "bristol_outcomes",
                                                                "0123456789abcdef")
    assert typed("/start bristol_outcomes-ur-0123456789ABCDEF") == ("/greet", None, None, None)
    assert typed("/help@sayit_bot") == ("/help", None, None, None)
    assert typed("/language") == ("/change_language", None, None, None)
    # a typed "/answer{...}" is words, never a button press
    assert typed('/answer{"value":5}') == ('answer{"value":5}', None, None, None)
    assert typed("mostly yes") == ("mostly yes", None, None, None)


def test_sayit_telegram_needs_its_settings(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "SAYIT_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(SAYIT + ["telegram", "info"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "set SAYIT_TELEGRAM_TOKEN" in done.stderr
    env.update(SAYIT_TELEGRAM_TOKEN="123:abc", SAYIT_TELEGRAM_WEBHOOK_SECRET="short")
    done = subprocess.run(SAYIT + ["telegram", "info"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "SAYIT_TELEGRAM_WEBHOOK_SECRET must be" in done.stderr


def test_a_person_who_chooses_pictures_gets_each_question_as_a_picture_card_with_its_buttons(bot):
    """/pictures: a confirmation, then the question again as its card (its words the caption, its buttons as
    before); a tap on a face on the card answers and the next comes as a card; /pictures off: words again."""
    chat, en = CHAT + 5, Speaker("en")
    to_young = Speaker("en", "young_person")
    offered = sent(exchange(bot, typed_update(chat, "/start")))[-1]
    role = sent(exchange(bot, tap_update(chat, offered, button(offered, "English"))))[-1]
    as_words = sent(exchange(bot, tap_update(chat, role, button(role, en.say(m.ROLE_LABELS["young_person"])))))[-1]
    survey = load_surveys()["shropshire_annual_review"]
    q1, q2, q3 = survey.for_role("young_person")[:3]
    assert to_young.say(q1.plain) in as_words["params"]["text"]

    chose = posted(exchange(bot, typed_update(chat, "/pictures")))
    assert [c["method"] for c in chose] == ["sendMessage", "sendPhoto"]
    assert chose[0]["params"]["text"].split("\n")[0] == to_young.say(m.PICTURES_ON)
    card = chose[1]
    assert to_young.say(q1.plain) in card["params"]["caption"]
    assert to_young.say(m.REPEAT_INTRO) in card["params"]["caption"]
    assert titles(card) == titles(as_words)  # the same buttons, sending the same answers (the question's own
    # 🔊 first says "Here is the question again" too, so its clip is another)
    assert card["params"]["reply_markup"]["inline_keyboard"][1:] == as_words["params"]["reply_markup"][
        "inline_keyboard"][1:]
    image = picture(card)
    assert image.format == "PNG" and image.width == 1024 and image.height > 600

    four = titles(card)[4][0]
    calls = exchange(bot, tap_update(chat, card, button(card, four)))
    assert [c["method"] for c in calls[:2]] == ["answerCallbackQuery", "editMessageReplyMarkup"]
    assert calls[1]["params"]["message_id"] == str(card["message_id"])
    assert calls[1]["params"]["reply_markup"]["inline_keyboard"][0][0]["text"] == f"✓ {four}"
    second = posted(calls)
    assert [c["method"] for c in second] == ["sendPhoto"]
    assert to_young.say(q2.plain) in second[0]["params"]["caption"]
    assert picture(second[0]).tobytes() != image.tobytes()

    off = posted(exchange(bot, typed_update(chat, "/pictures off")))
    assert [c["params"]["text"].split("\n")[0] for c in off] == [to_young.say(m.PICTURES_OFF)]
    third = posted(exchange(bot, tap_update(chat, second[0], button(second[0], titles(second[0])[2][0]))))
    assert [c["method"] for c in third] == ["sendMessage"]
    assert to_young.say(q3.plain) in third[0]["params"]["text"]

    # both taps were stored, given by button over Telegram
    out = bot.data_dir / "pictures.csv"
    exported = subprocess.run(SAYIT + ["export", "--format", "csv", "--include-free-text", "--out", str(out)],
                              cwd=ROOT, env=bot.env, capture_output=True, text=True, timeout=120)
    assert exported.returncode == 0, exported.stderr
    rows = [r for r in csv.DictReader(out.open(encoding="utf-8")) if r["channel"] == "telegram"
            and r["question_id"] in (q1.id, q2.id) and r["language"] == "en"
            and r["given_via"] != "voice"]  # the voice message test's answer is another person's
    assert sorted((r["question_id"], r["value"], r["given_via"]) for r in rows) == sorted(
        [(q1.id, "4", "button"), (q2.id, "2", "button")])

    # the link t.me/<bot>?start=pictures, in an Arabic Telegram: pictures from the first question on
    chat, ar = CHAT + 6, Speaker("ar")
    started = posted(exchange(bot, typed_update(chat, "/start pictures", "ar")))
    assert started[0]["params"]["text"].split("\n")[0] == RTL_MARK + ar.say(m.PICTURES_ON)
    offered = started[-1]
    assert offered["method"] == "sendMessage" and titles(offered)[1] == ["العربية", "🔊"]
    role = sent(exchange(bot, tap_update(chat, offered, button(offered, "العربية"), "ar")))[-1]
    first = posted(exchange(bot, tap_update(chat, role, button(role, ar.say(m.ROLE_LABELS["young_person"])), "ar")))
    assert [c["method"] for c in first][-1] == "sendPhoto"
    caption = first[-1]["params"]["caption"]
    assert Speaker("ar", "young_person").say(q1.plain) in caption
    assert all(line.startswith(RTL_MARK) for line in caption.split("\n"))
    assert picture(first[-1]).width == 1024

    # the cards are kept with the rest, and nothing on disk holds either chat id
    assert list((bot.data_dir / "cards").glob("*.png"))
    for path in bot.data_dir.rglob("*"):
        if path.is_file():
            held = path.read_bytes()
            assert str(CHAT + 5).encode() not in held and str(CHAT + 6).encode() not in held, path
