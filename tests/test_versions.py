"""Survey versions (bot/surveys/loading.py's archive): changing a live survey never rewrites what was already
answered."""

import dataclasses

from bot.dialogue.conversation import Conversation
from bot.dialogue.incoming import Incoming
from bot.surveys.loading import load_surveys, load_versions
from tests.test_export import csv_rows


def test_every_live_survey_is_archived_exactly_as_it_is():
    """Edit a live survey and this fails: give it a new version number and archive the new file beside the old."""
    versions = load_versions()
    for survey in load_surveys().values():
        assert versions.get((survey.id, survey.version)) == survey, (
            f"{survey.id} version {survey.version} differs from bot/surveys/archive/{survey.id}.v{survey.version}.yml")


def test_a_session_finishes_on_the_version_it_started_with(store, surveys, settings, tmp_path):
    v1 = surveys["shropshire_annual_review"]
    reworded = dataclasses.replace(v1.questions[1], plain="Do grown-ups listen to you?")
    v2 = dataclasses.replace(v1, version=2, questions=(reworded,) + v1.questions[2:])
    archive = {(v1.id, 1): v1}

    before = Conversation(store, {v1.id: v1}, settings, archive)
    before.handle(Incoming("rest", "early", "English"))
    before.handle(Incoming("rest", "early", "me"))
    before.handle(Incoming("rest", "early", "4"))

    after = Conversation(store, {v2.id: v2}, settings, archive)  # version 2 goes live mid-survey
    carried_on = after.handle(Incoming("rest", "early", "5"))[0].custom
    assert (carried_on["question_id"], carried_on["survey_version"]) == ("yp_voice_plan_decisions", 1)
    after.handle(Incoming("rest", "late", "English"))
    fresh = after.handle(Incoming("rest", "late", "me"))[-1].custom
    assert (fresh["question_id"], fresh["survey_version"], fresh["text"]) == (
        "yp_voice_listened_to", 2, "Do grown-ups listen to you?")
    after.handle(Incoming("rest", "late", "2"))

    rows = csv_rows(store, {(v1.id, 1): v1, (v2.id, 2): v2}, tmp_path / "a.csv")
    assert [(r["question_id"], r["survey_version"], r["value"]) for r in rows] == [
        ("yp_voice_communicate", "1", "4"), ("yp_voice_listened_to", "1", "5"), ("yp_voice_listened_to", "2", "2")]
