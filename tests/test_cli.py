"""The `sayit` command line (bot/cli/): code, export and every command's --help."""

import argparse
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import main, parser
from bot.reports.export import columns
from bot.surveys.loading import load_surveys

ROOT = Path(__file__).resolve().parents[1]


def sayit(*args, stdin=None, env=None):
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT), **(env or {})), timeout=120)


def test_code_prints_one_json_object():
    done = sayit("code", "--lang", "en", "yeah mostly")
    assert done.returncode == 0
    assert json.loads(done.stdout) == {"status": "answered", "value": 4, "control": None, "concern": False,
                                      "guess": None}


def test_code_jsonl_answers_line_for_line_in_order():
    lines = [{"lang": "en", "text": t} for t in ["5", "stop", "dunno", "my dad hits me", "banana", "skip"]]
    done = sayit("code", "--jsonl", stdin="".join(json.dumps(x) + "\n" for x in lines))
    assert done.returncode == 0
    got = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(g["status"], g["value"], g["control"], g["concern"]) for g in got] == [
        ("answered", 5, None, False), ("control", None, "stop", False), ("dont_know", None, None, False),
        ("unclear", None, None, True), ("unclear", None, None, False), ("skipped", None, None, False)]


def test_code_jsonl_refuses_a_bad_line_kindly():
    done = sayit("code", "--jsonl", stdin='{"lang": "en", "text": "5"}\nnot json\n')
    assert done.returncode == 2
    assert "line 2" in done.stderr and "JSON object" in done.stderr
    assert len(done.stdout.splitlines()) == 1


def test_code_without_text_says_what_to_do(capsys):
    assert main(["code"]) == 2
    assert "--jsonl" in capsys.readouterr().err


def commands() -> list[list[str]]:
    """Every sub-command the parser has, so a new one cannot be left without --help."""
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return [[]] + [[name] for name in sub.choices]


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help(command):
    done = sayit(*command, "--help")
    assert done.returncode == 0 and "usage: sayit" in done.stdout


def test_sms_says_how_each_question_goes_out_and_refuses_an_unknown_language(capsys):
    assert main(["sms", "--survey", "shropshire_annual_review", "--lang", "ar", "--list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ar: ") and "UCS-2" in out and "GSM-7" not in out
    assert out.count("\n  shropshire_annual_review ") == len(load_surveys()["shropshire_annual_review"].questions)
    assert main(["sms", "--lang", "xx"]) == 2
    assert "languages: en" in capsys.readouterr().err


def test_export_of_an_empty_store_is_just_the_header(tmp_path):
    out = tmp_path / "answers.csv"
    done = sayit("export", "--format", "csv", "--out", str(out), env={"SAYIT_DB_URL": f"sqlite:///{tmp_path}/e.db"})
    assert done.returncode == 0 and "Wrote 0 answer rows" in done.stderr
    with out.open() as f:
        assert next(csv.reader(f)) == [c.name for c in columns(include_free_text=False)]


def test_remove_deletes_a_sessions_answers_on_request(tmp_path, surveys):
    from bot.dialogue.conversation import Conversation
    from bot.dialogue.incoming import Incoming
    from bot.settings import Settings
    from bot.store.survey_store import SurveyStore

    url = f"sqlite:///{tmp_path}/r.db"
    store = SurveyStore.open(url)
    talk = Conversation(store, surveys, Settings(url, b"k" * 20, "shropshire_annual_review", "en"))
    for text in ("English", "me", "5", "my dad hits me", "yes", "4", "stop"):
        talk.handle(Incoming("rest", "someone", text))
    session = store.latest_session(1).id
    assert len(store.answers(session)) == 2

    done = sayit("remove", "--session", session, env={"SAYIT_DB_URL": url})
    assert done.returncode == 0 and "Removed 2 answers" in done.stderr
    assert store.answers(session) == {}
    assert store.latest_session(1).status == "removed"
    assert len(store.concerns()) == 1  # kept for the safeguarding lead
    missing = sayit("remove", "--session", "no-such-session", env={"SAYIT_DB_URL": url})
    assert missing.returncode == 2 and "session_id column" in missing.stderr
    store.close()


def test_surveys_lists_each_survey_for_people_and_for_scripts():
    shown = sayit("surveys")
    assert shown.returncode == 0
    assert "shropshire_annual_review (version 1)" in shown.stdout
    assert "young_person: 19 scale, 6 free-text questions" in shown.stdout
    assert "parent_carer: 21 scale, 6 free-text questions" in shown.stdout
    listed = json.loads(sayit("surveys", "--json").stdout)
    shropshire = next(s for s in listed if s["id"] == "shropshire_annual_review")
    assert shropshire["version"] == 1 and len(shropshire["areas"]) == 6
    assert shropshire["questions"]["parent_carer"] == {"scale": 21, "free_text": 6}
    checked = sayit("surveys", "--check")
    assert checked.returncode == 0 and "within the readability limits" in checked.stderr
