"""Spoken answers in the conversation (bot/dialogue/hearing.py, confirming.py), with a real store, real audio
made by espeak-ng and converted by ffmpeg, and either pocketsphinx or a council's own recogniser plugged in by
SAYIT_SPEECH_ENGINES (tests/scripted_recogniser.py) so a test can choose how sure it is."""

from __future__ import annotations

import subprocess

import pytest
import sqlalchemy as sa

from bot.dialogue.conversation import Conversation
from bot.dialogue.incoming import SPOKEN, Incoming
from bot.store.privacy import erase, held_about
from bot.store.schema import voice_clips
from bot.store.voice_inbox import receive
from bot.translation import messages as m
from bot.translation.speaker import Speaker, reader_of
from tests.test_export import csv_rows

FIRST = "yp_voice_communicate"
SECOND = "yp_voice_listened_to"


@pytest.fixture(scope="module")
def spoken(tmp_path_factory):
    """WAV files of words said by espeak-ng."""
    folder = tmp_path_factory.mktemp("spoken")

    def say(text: str) -> bytes:
        path = folder / f"{text.replace(' ', '_')}.wav"
        if not path.exists():
            subprocess.run(["espeak-ng", "-v", "en-gb", "-s", "150", "-w", str(path), text], check=True)
        return path.read_bytes()

    return say


@pytest.fixture
def hears(monkeypatch):
    """Plug in a recogniser that hears `transcript` with `confidence` (and maybe a concern)."""
    def plug(transcript: str, confidence: float, concern: bool = False, lang: str = "en") -> None:
        options = f"transcript={transcript.replace(' ', '+')}&confidence={confidence}&concern={int(concern)}"
        monkeypatch.setenv("SAYIT_SPEECH_ENGINES", f"{lang}=tests.scripted_recogniser:Scripted?{options}")
    return plug


def say_it(chat, store, audio: bytes, **kw):
    return chat(SPOKEN, via="voice", voice_clip=receive(store.engine, audio), **kw)


def clips_left(store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(voice_clips)).scalar_one())


def session(store):
    return store.latest_session(1)


def test_a_word_said_aloud_is_heard_by_pocketsphinx_coded_and_stored_as_spoken(young_person, store, spoken):
    replies = say_it(young_person, store, spoken("four"))
    if replies[-1].custom["type"] == "voice_confirm":  # unsure: it asks, and a yes stores it
        assert replies[-1].text == "I heard “Mostly”. Is that right?"
        replies = young_person("yes")
    assert replies[-1].custom["question_id"] == SECOND
    answer = store.answers(session(store).id)[FIRST]
    assert (answer["value"], answer["given_via"], answer["transcript"]) == (4, "voice", "four")
    assert 0 < answer["confidence"] <= 1 and answer["raw_reply"] == "four"
    assert clips_left(store) == 0  # heard, and the audio is gone


def test_a_sure_recogniser_stores_the_answer_at_once(young_person, store, spoken, hears):
    hears("mostly", 0.9)
    replies = say_it(young_person, store, spoken("mostly"))
    assert replies[-1].custom["question_id"] == SECOND
    answer = store.answers(session(store).id)[FIRST]
    assert (answer["value"], answer["given_via"], answer["transcript"], answer["confidence"]) == (4, "voice",
                                                                                                  "mostly", 0.9)


def test_an_unsure_answer_is_confirmed_before_anything_is_stored_and_yes_stores_it(google, young_person, store, spoken,
                                                                                    hears, surveys, settings):
    hears("sometimes", 0.2)
    confirm = say_it(young_person, store, spoken("sometimes"))[-1]
    assert confirm.custom["type"] == "voice_confirm" and confirm.text == "I heard “Sometimes”. Is that right?"
    assert [c["value"] for c in confirm.custom["controls"]] == ["confirm", "not_right"]
    assert [c["label"] for c in confirm.custom["controls"]] == ["Yes, that's right", "No"]
    assert confirm.custom["audio"]  # heard too: "Sometimes" is the bot's own word for the face
    assert store.answers(session(store).id) == {} and session(store).status == "confirming_voice"
    # the servers restart while it waits: the answer waits on the session, not in memory
    again = Conversation(store, surveys, settings)
    tap_yes = confirm.custom["controls"][0]
    replies = again.handle(Incoming("rest", "person-1", tap_yes["payload"], intent="greet", via="button",
                                    payload={"question_id": FIRST}))
    assert replies[-1].custom["question_id"] == SECOND
    answer = store.answers(session(store).id)[FIRST]
    assert (answer["value"], answer["given_via"], answer["transcript"], answer["confidence"]) == (3, "voice",
                                                                                                  "sometimes", 0.2)
    assert session(store).status == "active" and session(store).pending_answer is None


def test_no_asks_for_it_again_and_stores_nothing(young_person, store, spoken, hears):
    hears("never", 0.3)
    assert say_it(young_person, store, spoken("never"))[-1].custom["type"] == "voice_confirm"
    replies = young_person("no")
    assert replies[-1].custom["question_id"] == FIRST
    assert replies[-1].custom["intro"] == "Sorry I got that wrong. Please say your answer again, or tap it."
    assert store.answers(session(store).id) == {} and session(store).status == "active"


def test_while_confirming_another_face_tapped_is_the_answer_and_stop_still_stops(young_person, store, spoken, hears):
    hears("never", 0.3)
    say_it(young_person, store, spoken("never"))
    replies = young_person(f'/answer{{"question_id":"{FIRST}","value":5}}', via="button", intent="answer",
                           payload={"question_id": FIRST, "value": 5})
    assert replies[-1].custom["question_id"] == SECOND
    answer = store.answers(session(store).id)[FIRST]
    assert (answer["value"], answer["given_via"], answer["transcript"]) == (5, "button", None)
    say_it(young_person, store, spoken("never"))
    assert young_person("stop")[0].custom["type"] == "survey_stopped"
    assert session(store).status == "stopped" and SECOND not in store.answers(session(store).id)


def test_an_unsure_stop_or_go_back_is_not_acted_on(young_person, store, spoken, hears):
    hears("stop", 0.2)
    replies = say_it(young_person, store, spoken("stop"))
    assert replies[-1].custom["question_id"] == FIRST
    assert replies[-1].custom["intro"] == ("Sorry, I could not hear that clearly. Please try again, or tap or type "
                                           "your answer.")
    assert session(store).status == "active"


def test_no_voice_in_a_language_without_a_recogniser_and_the_question_says_why(chat, store, spoken):
    chat("hello")
    chat("Polski")
    question = chat("1")[-1].custom
    polish = Speaker("pl", reader_of("young_person"))
    assert question["voice"] is False and question["voice_unavailable"] == polish.say(m.VOICE_NOT_IN_LANGUAGE)
    assert question["voice_unavailable"] != m.VOICE_NOT_IN_LANGUAGE  # in Polish, not English
    replies = say_it(chat, store, spoken("four"))
    assert replies[-1].custom["intro"] == polish.say(m.VOICE_NOT_IN_LANGUAGE)
    assert replies[-1].custom["question_id"] == FIRST
    assert store.answers(session(store).id) == {} and clips_left(store) == 0  # not guessed from English, not kept


def test_an_english_question_offers_the_microphone(young_person):
    question = young_person("repeat")[-1].custom
    assert question["voice"] is True and question["voice_unavailable"] is None


def test_voice_before_there_is_a_question_is_not_heard(chat, store, spoken):
    chat("hello")
    replies = say_it(chat, store, spoken("English"))
    assert replies[-1].custom["intro"] == m.VOICE_NOT_NOW and replies[-1].custom["type"] == "choose_language"
    assert clips_left(store) == 0 and session(store).status == "choosing_language"


def test_audio_that_cannot_be_read_or_a_made_up_clip_changes_nothing(young_person, store):
    for replies in (say_it(young_person, store, b"not audio at all" * 100),
                    young_person(SPOKEN, via="voice", voice_clip="0" * 32),
                    young_person(SPOKEN, via="voice")):
        assert replies[-1].custom["intro"] == m.VOICE_NOT_HEARD
        assert replies[-1].custom["question_id"] == FIRST
    assert store.answers(session(store).id) == {} and clips_left(store) == 0


def test_a_disclosure_spotted_in_speech_is_a_concern(young_person, store, spoken, hears):
    hears("", 0.1, concern=True)  # spotted by the safeguarding pass though the grammar heard nothing
    replies = say_it(young_person, store, spoken("someone hurts me"))
    assert replies[-1].custom["type"] == "safeguarding"
    assert len(store.concerns()) == 1 and session(store).status == "checking_in"


def test_voice_kept_by_the_deployment_is_tied_to_its_session_shown_in_subject_access_and_erased(
        young_person, store, spoken, hears, monkeypatch):
    monkeypatch.setenv("SAYIT_KEEP_VOICE_DAYS", "7")
    hears("mostly", 0.9)
    say_it(young_person, store, spoken("mostly"))
    assert clips_left(store) == 1
    assert held_about(store, 1)["sessions"][0]["voice_clips_kept"] == 1
    erase(store, 1)
    assert clips_left(store) == 0


def test_the_export_carries_how_it_was_given_what_was_heard_and_how_sure(young_person, store, spoken, hears,
                                                                         surveys, tmp_path):

    hears("not really", 0.8)
    say_it(young_person, store, spoken("not really"))
    young_person("5")
    rows = {r["question_id"]: r for r in csv_rows(store, {(s.id, s.version): s for s in surveys.values()},
                                                   tmp_path / "a.csv")}
    assert (rows[FIRST]["given_via"], rows[FIRST]["transcript"], rows[FIRST]["confidence"],
            rows[FIRST]["value"]) == ("voice", "not really", "0.8", "2")
    assert (rows[SECOND]["given_via"], rows[SECOND]["transcript"], rows[SECOND]["confidence"]) == ("typed", "", "")


def test_sayit_run_stops_at_once_on_a_recogniser_it_cannot_make(tmp_path):
    import os

    from tests.running_bot import ROOT, SAYIT

    env = dict(os.environ, SAYIT_DATA_DIR=str(tmp_path), SAYIT_DB_URL=f"sqlite:///{tmp_path / 'sayit.db'}",
               SAYIT_SPEECH_ENGINES="pl=council_speech_not_installed:Recogniser?model=/srv/pl")
    ran = subprocess.run(SAYIT + ["run", "--port", "0"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert ran.returncode == 1
    assert "SayIt could not start: SAYIT_SPEECH_ENGINES's pl=council_speech_not_installed:Recogniser" in ran.stdout
    assert "install it, or fix the name" in ran.stdout


def test_kept_voice_goes_when_its_days_are_up_and_unheard_audio_after_an_hour(store):
    from datetime import timedelta

    from bot.store.survey_store import now
    from bot.store.voice_inbox import expire

    fresh, forgotten, heard_long_ago = (receive(store.engine, b"RIFF" * 100) for _ in range(3))
    with store.engine.begin() as conn:
        conn.execute(voice_clips.update().where(voice_clips.c.id == forgotten)
                     .values(received_at=now() - timedelta(hours=2)))
        conn.execute(voice_clips.update().where(voice_clips.c.id == heard_long_ago)
                     .values(heard_at=now() - timedelta(days=8)))
    assert expire(store.engine, 7) == 2
    with store.engine.connect() as conn:
        assert list(conn.execute(sa.select(voice_clips.c.id)).scalars()) == [fresh]


def test_a_spoken_answer_to_a_question_in_words_is_always_confirmed(young_person, store, spoken, hears):
    for _ in range(19):  # the scale questions, typed
        asked = young_person("3")[-1].custom
    assert asked["kind"] == "free_text"
    hears("skip", 1.0)  # however sure the recogniser, its grammar could only force a sentence into a control
    confirm = say_it(young_person, store, spoken("skip"))[-1]
    assert confirm.custom["type"] == "voice_confirm" and confirm.text == "I heard “Skip”. Is that right?"
    assert asked["question_id"] not in store.answers(session(store).id)
