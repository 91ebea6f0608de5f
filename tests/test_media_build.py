"""`sayit media build` (bot/cli/media.py): every clip of a survey's messages made ahead, with a progress bar,
skipping what is kept on a second run (counted in calls to the engine, not in time), saying what could not be made
and why, and the messages a conversation then sends naming clips that are there already."""

from __future__ import annotations

import json
import re

import pytest

from bot.cli.main import main
from bot.media import espeak, tts
from tests.test_speech import audio_of, tapped

SURVEY = "bromley_outcomes"


def build(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["media", "build", "--survey", SURVEY, "--jobs", "2", *args])
    out, err = capsys.readouterr()
    return code, out, err


def figures(report: str) -> tuple[int, int, int, int]:
    """(asked, made, kept, failed) from the report's first line."""
    found = re.search(r"(\d+) clips asked for: (\d+) made now .*?, (\d+) kept from before, (\d+) could not", report)
    assert found, report
    asked, made, kept, failed = map(int, found.groups())
    return asked, made, kept, failed


@pytest.fixture
def engine_calls(monkeypatch):
    """Every clip asked of Google's speech (through the fake): (clip id, pace)."""
    calls = []
    google = tts._google

    def counted(c, pace):
        calls.append((c.id, pace))
        return google(c, pace)

    monkeypatch.setattr(tts, "_google", counted)
    return calls


def test_a_build_makes_each_clip_once_shows_its_progress_and_skips_what_is_kept(google, capsys, engine_calls):
    code, out, err = build(capsys, "--lang", "cy", "--pace", "normal")
    asked, made, kept, failed = figures(out)
    assert code == 0 and asked == made > 100 and kept == failed == 0
    assert f"{asked}/{asked}" in err and "\r" in err  # the progress bar, on stderr
    assert f"by engine: gtts {made}" in out
    singles = len(engine_calls)
    assert singles == len(set(engine_calls)) == made  # each clip asked of the engine once
    assert re.search(r"\d+ messages spoken in several parts are joined from these clips when first asked", out)
    assert {lang for lang, _ in google.received} - {"cy"} == {"en", "pl", "ro", "uk", "ar", "ur", "bn"}  # names

    code, out, _ = build(capsys, "--lang", "cy", "--pace", "normal")
    assert code == 0 and figures(out) == (asked, 0, asked, 0)
    assert len(engine_calls) == singles  # nothing asked of the engine again

    code, out, _ = build(capsys, "--lang", "cy")  # both paces: only the slow ones are new
    assert code == 0 and figures(out) == (2 * asked, asked, asked, 0)
    assert len(engine_calls) == 2 * singles and {p for _, p in engine_calls[singles:]} == {"slow"}
    assert google.slow

    code, out, _ = build(capsys, "--lang", "cy", "--pace", "normal", "--joined")  # the messages in parts too
    joined, made, kept, _ = figures(out)
    assert code == 0 and kept == asked and made == joined - asked > 0 and "joined from these" not in out
    assert len(engine_calls) == 2 * singles  # joined from the clips kept: the engine is not asked again


def test_after_a_build_the_conversation_names_only_clips_already_made(google, capsys, chat, monkeypatch, db_url,
                                                                       engine_calls):
    monkeypatch.setenv("SAYIT_DB_URL", db_url)
    assert build(capsys, "--lang", "cy", "--pace", "normal")[0] == 0
    before = len(engine_calls)
    sent = chat("hello", survey=SURVEY) + tapped(chat, "person-1", "choose_language", language="cy")
    sent += tapped(chat, "person-1", "choose_role", role="parent_carer")
    asked = sent[-1].custom
    sent += tapped(chat, "person-1", "help", question_id=asked["question_id"])
    sent += tapped(chat, "person-1", "answer", question_id=asked["question_id"], value=5)
    clips = [a for r in sent if r.custom["language"] == "cy" for a in audio_of(r.custom)]
    assert len(clips) > 30
    for audio in clips:  # each there already, or joined from parts that are
        clip = tts.known_clip(audio["id"])
        assert clip.parts or tts.audio_path(clip).exists(), audio
        tts.audio_file(clip)
    assert len(engine_calls) == before  # nothing the conversation names needed the engine


def test_a_build_says_what_could_not_be_made_and_why_and_fails_only_when_it_made_nothing(google, capsys,
                                                                                          monkeypatch):
    google.failing = 500
    monkeypatch.setattr(espeak, "_voice_names", lambda: frozenset())  # no voice at all on this machine
    code, out, _ = build(capsys, "--lang", "cy", "--pace", "normal")
    asked, made, kept, failed = figures(out)
    assert (code, made, kept) == (1, 0, 0) and failed == asked > 0
    assert re.search(r"cy: \d+ could not be made: .*did not answer properly.*espeak-ng has no voice for 'cy'", out)

    monkeypatch.setattr(espeak, "_voice_names", lambda: frozenset({"en-gb", "pl"}))  # no Welsh voice
    code, out, _ = build(capsys, "--lang", "cy", "--lang", "pl", "--pace", "normal")
    asked, made, kept, failed = figures(out)
    assert code == 0 and made > 0 and f"by engine: espeak-ng {made}" in out
    by_language = dict(re.findall(r"^  (\w+): (\d+) could not be made", out, re.M))
    assert set(by_language) == {"cy", "ar", "bn", "ro", "uk", "ur"}  # Welsh, and the other languages' own names
    assert int(by_language["cy"]) > 100 and sum(map(int, by_language.values())) == failed


def test_the_clips_espeak_made_are_listed_and_made_again_by_google_when_asked(google, capsys, monkeypatch):
    google.failing = 500
    code, out, _ = build(capsys, "--lang", "pl", "--pace", "slow")
    made = figures(out)[1]
    assert code == 0 and f"by engine: espeak-ng {made}" in out

    assert main(["media", "list", "--engine", "espeak-ng"]) == 0
    listed = capsys.readouterr().out
    assert f"{made} clips made by espeak-ng" in listed and re.search(r"espeak-ng\s+pl\s+slow\s+\d+", listed)
    assert main(["media", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == made and {r["engine"] for r in rows} == {"espeak-ng"} and all(r["text"] for r in rows)

    google.failing = None
    code, out, _ = build(capsys, "--lang", "pl", "--pace", "slow", "--remake", "espeak-ng")
    assert code == 0 and f"by engine: gtts {made}" in out
    assert main(["media", "list", "--engine", "espeak-ng"]) == 0
    assert "0 clips made by espeak-ng" in capsys.readouterr().out


def test_with_speech_switched_off_the_build_says_how_to_switch_it_on(monkeypatch, capsys):
    monkeypatch.setenv("SAYIT_TTS_URL", "off")
    assert main(["media", "build"]) == 2
    assert "SAYIT_TTS_URL" in capsys.readouterr().err


@pytest.mark.parametrize("action", ["build", "list"])
def test_each_media_command_has_help(action, capsys):
    with pytest.raises(SystemExit) as done:
        main(["media", action, "--help"])
    assert done.value.code == 0 and f"usage: sayit media {action}" in capsys.readouterr().out
