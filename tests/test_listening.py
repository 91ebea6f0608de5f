"""Spoken answers (bot/listening): real espeak-ng clips through real ffmpeg and pocketsphinx, coded by the real
coder; a council's engine plugged in by SAYIT_SPEECH_ENGINES; `sayit listen` and `sayit evaluate --voice`.
Every clip is made in tmp_path as the tests run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.listening import CONFIRM_BELOW, CannotListen, Heard, can_hear, check_engines, hear, listen, phrases_for
from bot.listening.audio import MAX_BYTES, MAX_SECONDS
from bot.listening.evaluate import make_clip
from bot.listening.spoken_concern import concern_phrases
from bot.settings import SettingsError
from bot.understanding.reading import code_reply

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("five", "four", "sometimes", "not really", "never", "yes", "no", "skip", "help", "go back")
VOICES = ("en-us", "en-gb")
# Measured 2026-12-04 on this project's 2-core machine: 18 of these 20 clips (90%) are coded right, and 14 of the
# 15 not sent to confirmation (93%). The floors sit a little below, so a change that makes hearing worse fails here.
RIGHT_FLOOR = 0.8
KEPT_RIGHT_FLOOR = 0.85
# Disclosures that the keyphrase pass spots in espeak-ng's US voice at its usual speed (measured as above; it
# misses others, such as "someone hurts me" in this voice: the README gives its recall).
DISCLOSURES = ("i want to die", "my dad hits me", "i don't feel safe at home")


def espeak_wav(text: str, folder: Path, voice: str = "en-us", speed: int = 175) -> bytes:
    return make_clip(text, voice, speed, None, folder)


def ffmpeg(wav: bytes, *args: str) -> bytes:
    return subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "wav", "-i", "pipe:0", *args, "pipe:1"],
                          input=wav, capture_output=True, check=True, timeout=60).stdout


@pytest.fixture(scope="module")
def question(surveys):
    survey = surveys["shropshire_annual_review"]
    return survey, next(q for q in survey.questions if q.is_scale)


@pytest.fixture(scope="module")
def heard_clips(question, tmp_path_factory):
    """Each word in each voice, heard as an answer to a scale question: (word, voice, what listen gave)."""
    survey, q = question
    folder = tmp_path_factory.mktemp("clips")
    return [(word, voice, listen(espeak_wav(word, folder, voice), "en", survey, q))
            for word in WORDS for voice in VOICES]


def right(word: str, got: dict) -> bool:
    want = code_reply(word, "en")
    return (got["status"], got["value"], got["control"]) == (want.status, want.value, want.control)


def test_espeak_clips_are_mostly_heard_and_coded_right(heard_clips):
    share = sum(right(word, got) for word, _, got in heard_clips) / len(heard_clips)
    assert share >= RIGHT_FLOOR, [(w, v, g["transcript"]) for w, v, g in heard_clips if not right(w, g)]


def test_what_is_not_sent_to_confirmation_is_mostly_right(heard_clips):
    kept = [(word, got) for word, _, got in heard_clips if got["confidence"] >= CONFIRM_BELOW]
    assert kept, "every clip was sent to confirmation"
    assert sum(right(word, got) for word, got in kept) / len(kept) >= KEPT_RIGHT_FLOOR


def test_no_ordinary_answer_raises_a_concern(heard_clips):
    assert [(w, v) for w, v, got in heard_clips if got["concern"]] == []


@pytest.mark.parametrize("disclosure", DISCLOSURES)
def test_a_spoken_disclosure_raises_a_concern(disclosure, question, tmp_path):
    survey, q = question
    got = listen(espeak_wav(disclosure, tmp_path), "en", survey, q)
    assert got["concern"] is True, got


def test_a_voice_note_and_a_browser_recording_are_heard_as_the_wav_is(tmp_path):
    wav = espeak_wav("not really", tmp_path)
    phrases = ["not really", "sometimes", "mostly", "yes", "no"]
    ogg = ffmpeg(wav, "-c:a", "libopus", "-b:a", "24k", "-f", "ogg")  # as Telegram's voice notes are
    webm = ffmpeg(wav, "-c:a", "libopus", "-b:a", "32k", "-ar", "48000", "-f", "webm")  # as Chromium records
    assert ogg[:4] == b"OggS" and webm[:4] == b"\x1a\x45\xdf\xa3"
    as_wav = hear(wav, "en", phrases)
    assert as_wav.transcript == "not really"
    assert [hear(audio, "en", phrases).transcript for audio in (ogg, webm)] == ["not really", "not really"]


def test_the_quiet_before_and_after_a_word_does_not_change_what_is_heard(question, tmp_path):
    """A recording made by pressing a button has a second or two of quiet around the words; the grammar used to
    fill it with a phrase ("four" was heard as "tomorrow"). The silent edges are trimmed first."""
    survey, q = question
    for word in ("four", "mostly", "go back"):
        wav = espeak_wav(word, tmp_path)
        padded = ffmpeg(wav, "-af", "adelay=1500,apad=pad_dur=1.5", "-f", "wav")
        assert len(padded) > len(wav) + 32_000 * 2  # three seconds more of quiet, at 22 kHz
        assert listen(padded, "en", survey, q)["transcript"] == listen(wav, "en", survey, q)["transcript"] == word


def test_silence_is_heard_as_nothing(tmp_path):
    silence = ffmpeg(espeak_wav("yes", tmp_path), "-af", "volume=0", "-f", "wav")
    assert hear(silence, "en", ["yes", "no"]) == Heard("", 0.0, False)


def test_what_cannot_be_heard_says_so_kindly(tmp_path):
    with pytest.raises(CannotListen, match="could not play that voice message"):
        hear(b"this is not audio at all" * 100, "en", ["yes"])
    with pytest.raises(CannotListen, match="empty"):
        hear(b"", "en", ["yes"])
    with pytest.raises(CannotListen, match=f"under {MAX_SECONDS} seconds"):
        hear(b"\0" * (MAX_BYTES + 1), "en", ["yes"])
    long = subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-t", "wav", "-", "synth", str(MAX_SECONDS + 5),
                           "sine", "440"], capture_output=True, check=True).stdout
    with pytest.raises(CannotListen, match=f"longer than {MAX_SECONDS} seconds"):
        hear(long, "en", ["yes"])
    with pytest.raises(CannotListen, match="only listen to answers in English"):
        hear(espeak_wav("tak", tmp_path), "pl", ["tak"])


class FixedAnswer:
    """A council's own recogniser, as SAYIT_SPEECH_ENGINES names one: it hears whatever it was configured to."""

    def __init__(self, answer: str):
        self.answer = answer

    def recognise(self, pcm16k: bytes, phrases):
        assert len(pcm16k) % 2 == 0 and pcm16k, "it is handed 16-bit PCM"
        return Heard(self.answer if self.answer in phrases else "", 0.9)


def test_other_languages_are_heard_only_by_an_engine_a_council_configures(monkeypatch, question, tmp_path):
    survey, q = question
    assert can_hear("en") and not can_hear("pl")
    monkeypatch.setenv("SAYIT_SPEECH_ENGINES", "pl=tests.test_listening:FixedAnswer?answer=czasami")
    assert can_hear("pl") and can_hear("en")
    check_engines()
    got = listen(espeak_wav("czasami", tmp_path), "pl", survey, q)
    assert (got["transcript"], got["status"], got["value"], got["confidence"]) == ("czasami", "answered", 3, 0.9)


@pytest.mark.parametrize("setting, problem", [
    ("pl=vosk", "write each entry as LANG=pocketsphinx or LANG=module:ClassName"),
    ("pl=no_such_module_here:Engine", "cannot import no_such_module_here"),
    ("pl=tests.test_listening:NoSuchClass", "has no class NoSuchClass"),
    ("pl=tests.test_listening:FixedAnswer?model=/srv", "do not suit it"),
    ("pl=tests.test_listening:FixedAnswer?answer", "options must read name=value"),
])
def test_a_bad_engine_setting_stops_start_up_saying_what_to_fix(monkeypatch, setting, problem):
    monkeypatch.setenv("SAYIT_SPEECH_ENGINES", setting)
    with pytest.raises(SettingsError, match=problem):
        check_engines()


def test_the_phrases_come_from_the_survey_and_the_word_lists(question, surveys):
    survey, q = question
    english = phrases_for(q, "en", survey)
    for expected in ("no never", "yes always", "sometimes", "not really", "four", "4", "yes", "no", "skip",
                     "don't know", "help", "repeat", "go back", "pause", "stop"):
        assert expected in english
    assert "language" not in english and "five" in english and "twenty" not in english
    assert "czasami" in phrases_for(q, "pl", survey)  # the label as a Polish reader sees it
    free = next(x for x in survey.questions if not x.is_scale)
    assert "four" not in phrases_for(free, "en", survey) and "skip" in phrases_for(free, "en", survey)


def test_a_sentence_said_to_a_free_text_question_is_always_confirmed(question, tmp_path):
    survey, _ = question
    free = next(x for x in survey.questions if not x.is_scale)
    # the grammar holds only the controls, skip and don't know: in this voice this is heard as "i want to stop"
    # with a confidence of 1 on a scale question
    got = listen(espeak_wav("i want more time outside", tmp_path, "en-gb"), "en", survey, free)
    assert got["status"] == "control" and got["confidence"] < CONFIRM_BELOW


def test_words_the_dictionary_lacks_are_left_out_not_fatal(tmp_path):
    # "nevr" and "100%" are in the word lists but not in pocketsphinx's dictionary
    got = hear(espeak_wav("yes", tmp_path), "en", ["nevr", "100%", "yes", "no"])
    assert got.transcript == "yes"
    assert hear(espeak_wav("yes", tmp_path), "en", ["nevr", "100%"]) == Heard("", 0.0, False)


def test_the_safeguarding_phrases_are_the_word_lists_own():
    phrases = concern_phrases("en")
    assert {"hurts me", "want to die", "kill myself", "scared to go home"} <= set(phrases)
    for phrase in phrases:
        assert code_reply(phrase, "en").concern, phrase


def sayit(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), **(env or {})), timeout=120)


def test_sayit_listen_prints_what_was_heard_and_its_code(tmp_path):
    clip = tmp_path / "four.wav"
    clip.write_bytes(espeak_wav("four", tmp_path))
    done = sayit("listen", str(clip))
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert (got["transcript"], got["status"], got["value"], got["concern"]) == ("four", "answered", 4, False)
    assert got["question"] and 0 < got["confidence"] <= 1


def test_sayit_listen_refuses_kindly(tmp_path):
    junk = tmp_path / "junk.ogg"
    junk.write_bytes(b"not a voice note")
    done = sayit("listen", str(junk))
    assert done.returncode == 1 and "record it again" in done.stderr and not done.stdout
    done = sayit("listen", str(junk), "--question", "no_such_question")
    assert done.returncode == 2 and "sayit surveys" in done.stderr
    assert sayit("listen", str(tmp_path / "missing.wav")).returncode == 2


def test_sayit_evaluate_voice_runs_on_a_subset():
    done = sayit("evaluate", "--voice", "--json", "--words", "yes,skip", "--voices", "en-us", "--speeds", "175",
                 "--noise", "none,-30", "--no-disclosures")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["overall"]["clips"] == 4 and report["confirm_below"] == CONFIRM_BELOW
    assert set(report["noise"]) == {"none", "-30 dB"} and set(report["word"]) == {"yes", "skip"}
    assert report["overall"]["right"] >= 0.75
    assert "4/4 clips heard" in done.stderr
