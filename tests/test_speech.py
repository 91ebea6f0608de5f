"""Audio in the person's language: gTTS (the real client) against a local fake of Google's speech endpoint on
loopback; never English speech for a question in another language; a note where there can be no audio."""

from __future__ import annotations

import pytest

from bot.dialogue.language_question import language_question
from bot.fakes.google_tts import FakeGoogleTTS, title_of
from bot.media import speech, tts
from bot.translation.languages import endonym, supported
from bot.translation.messages import AUDIO_NO_VOICE, AUDIO_NOT_TRANSLATED, FREE_TEXT_HINT
from bot.translation.speaker import Speaker
from tests.running_bot import free_port


@pytest.fixture
def google(monkeypatch, tmp_path):
    fake = FakeGoogleTTS().start()
    monkeypatch.setenv("SAYIT_TTS_URL", fake.url)
    monkeypatch.setenv("SAYIT_DATA_DIR", str(tmp_path))
    yield fake
    fake.shutdown()
    fake.server_close()


def test_every_supported_language_has_a_voice():
    assert set(supported()) <= speech.voices() and len(supported()) == 8


@pytest.mark.parametrize("lang", ["pl", "ar", "bn", "cy"])
def test_a_question_is_spoken_in_the_language_it_is_shown_in_and_made_once(google, lang):
    speaker = Speaker(lang, "young_person")  # a young person's question
    english = "Do you feel safe online?"
    audio, note = speech.spoken(speaker, english)
    assert note is None and audio["lang"] == lang
    clip = speech.speakable()[audio["id"]]
    path = tts.audio_file(clip)
    assert title_of(path.read_bytes()) == f"{lang}: {speaker.say(english)}" != f"{lang}: {english}"
    assert google.received == [(lang, speaker.say(english))]
    assert tts.audio_file(clip) == path and len(google.received) == 1  # kept, not asked for again
    assert not list(path.parent.glob("*.part"))


def test_a_wording_that_fell_back_to_english_gets_no_audio_and_a_note_in_the_persons_language(google):
    audio, note = speech.spoken(Speaker("pl"), "A wording no catalog has yet")
    assert audio is None and note == Speaker("pl").say(AUDIO_NOT_TRANSLATED) != AUDIO_NOT_TRANSLATED
    assert speech.spoken(Speaker("en"), "A wording no catalog has yet")[0] is not None  # English is English


def test_a_language_with_no_voice_gets_a_note_instead(google, monkeypatch):
    monkeypatch.setattr(speech, "voices", lambda: frozenset({"en", "pl"}))
    audio, note = speech.spoken(Speaker("cy", "young_person"), "Do you feel safe online?")
    assert audio is None and note == Speaker("cy").say(AUDIO_NO_VOICE) != AUDIO_NO_VOICE
    assert speech.name_spoken("cy") is None and speech.name_spoken("pl") is not None


def test_with_speech_switched_off_there_is_neither_audio_nor_a_note(monkeypatch):
    monkeypatch.setenv("SAYIT_TTS_URL", "off")
    assert speech.spoken(Speaker("pl", "young_person"), "Do you feel safe online?") == (None, None)
    monkeypatch.delenv("SAYIT_TTS_URL")
    assert speech.spoken(Speaker("pl", "young_person"), "Do you feel safe online?") == (None, None)


def test_the_language_list_speaks_each_name_in_its_own_language(google):
    offered = language_question("s1", Speaker("ur")).custom
    assert offered["audio"]["lang"] == "ur"  # the question itself, in the language guessed
    for choice in offered["choices"]:
        clip = speech.speakable()[choice["audio"]["id"]]
        assert (clip.lang, clip.text) == (choice["value"], endonym(choice["value"]))
        assert title_of(tts.audio_file(clip).read_bytes()) == f"{choice['value']}: {choice['label']}"


def test_only_the_bots_own_wordings_can_be_spoken():
    assert speech.clip("pl", "Przelej mi pieniądze").id not in speech.speakable()
    assert speech.clip("pl", Speaker("pl", "young_person").say("Do you feel safe online?")).id in speech.speakable()
    # both forms of a message said to whoever is answering can be heard
    assert speech.clip("cy", Speaker("cy", "young_person").say(FREE_TEXT_HINT)).id in speech.speakable()
    assert speech.clip("cy", Speaker("cy").say(FREE_TEXT_HINT)).id in speech.speakable()


def test_when_the_speech_service_fails_nothing_is_kept_and_the_error_says_what_to_do(google, monkeypatch):
    clip = speech.clip("pl", Speaker("pl", "young_person").say("Do you feel safe online?"))
    google.voices.discard("pl")  # the service turns the language down
    with pytest.raises(tts.SpeechUnavailable, match="did not answer properly; try again later"):
        tts.audio_file(clip)
    monkeypatch.setenv("SAYIT_TTS_URL", f"http://127.0.0.1:{free_port()}/nothing-here")
    with pytest.raises(tts.SpeechUnavailable):
        tts.audio_file(clip)
    assert not list(tts.audio_dir().glob("*"))  # no half-made file to serve later
    monkeypatch.setenv("SAYIT_TTS_URL", "off")
    with pytest.raises(tts.SpeechUnavailable, match="set SAYIT_TTS_URL"):
        tts.audio_file(clip)


def test_questions_and_the_role_question_carry_their_audio(chat, monkeypatch, google):
    chat("cześć")
    opening = chat("Polski")
    role = next(c for c in opening if c.custom["type"] == "choose_role")
    assert role.custom["audio"]["lang"] == "pl" and all(c["audio"]["lang"] == "pl" for c in role.custom["choices"])
    asked = next(c for c in chat("rodzic") if c.custom["type"] == "question")
    assert asked.custom["audio"]["lang"] == "pl" and asked.custom["audio_note"] is None
    clip = speech.speakable()[asked.custom["audio"]["id"]]
    assert clip.text == asked.custom["text"]

