"""The indicator report (bot/reports/indicators.py, `sayit indicators`): each framework indicator computed from
answers."""

import json
import os
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from bot.reports.indicators import compute, markdown, term_dates
from bot.surveys.loading import load_versions

ROOT = Path(__file__).resolve().parents[1]


def bromley_young_people(chat, first_answers):
    """One young person a reply to Bromley's first question (br_listened_to), then stop."""
    for number, reply in enumerate(first_answers):
        sender = f"young-person-{number}"
        chat("English", sender=sender, survey="bromley_outcomes")
        chat("me", sender=sender, survey="bromley_outcomes")
        chat(reply, sender=sender, survey="bromley_outcomes")
        chat("stop", sender=sender, survey="bromley_outcomes")


def versions(surveys):
    return {**load_versions(), **{(s.id, s.version): s for s in surveys.values()}}


def tally(report, indicator, role="young_person"):
    return next(t for t in report.tallies if t.indicator == indicator and t.role == role)


def test_a_percent_positive_indicator_from_real_conversations(chat, store, surveys):
    bromley_young_people(chat, ["5", "yeah mostly", "not really", "always", "skip", "never", "4"])
    report = compute(store.export_rows(), versions(surveys), "bromley_outcomes")
    listened = tally(report, "br_listened_to")
    assert (listened.respondents, listened.respondents_positive, listened.skipped) == (6, 4, 1)
    assert listened.percent_respondents_positive == 66.7 and not listened.suppressed
    assert "| bromley_outcomes | br_listened_to | voice | young_person | percent_positive | 66.7% of 6 |" \
        in markdown(report)
    assert [t.indicator for t in report.tallies] == ["br_listened_to"]  # nothing else was answered
    # the same answers, with a higher bar for publishing: suppressed, and nothing shows the counts
    strict = tally(compute(store.export_rows(), versions(surveys), "bromley_outcomes", min_count=7),
                   "br_listened_to")
    assert strict.suppressed and strict.percent_respondents_positive is None
    assert strict.as_dict()["respondents"] is None and strict.as_dict()["respondents_positive"] is None


def row(session, question, value, role="young_person", status="answered", day=date(2026, 10, 1)):
    return {"session_id": session, "survey": "bromley_outcomes", "survey_version": 1, "role": role,
            "question_id": question, "status": status, "value": value,
            "answered_at": datetime(day.year, day.month, day.day, 12)}


def test_respondents_are_positive_only_when_every_answer_is_and_roles_are_kept_apart(surveys):
    # br_right_education is asked of young people and of parent carers; br_stay_healthy of young people twice
    rows = [row(f"yp{i}", "br_yp_right_education", v) for i, v in enumerate([5, 4, 4, 2, 1, 5])]
    rows += [row(f"pc{i}", "br_pc_right_education", v, role="parent_carer") for i, v in enumerate([1, 2, 2, 5, 3])]
    healthy = [q.id for q in surveys["bromley_outcomes"].questions if "br_stay_healthy" in q.indicators]
    assert len(healthy) == 2
    for i, (a, b) in enumerate([(5, 5), (5, 2), (4, 4), (3, 5), (4, 5)]):
        rows += [row(f"yp{i}", healthy[0], a), row(f"yp{i}", healthy[1], b)]
    report = compute(rows, versions(surveys))

    young, parents, everyone = (tally(report, "br_right_education", role)
                                for role in ("young_person", "parent_carer", "all"))
    assert (young.respondents, young.respondents_positive) == (6, 4)
    assert (parents.respondents, parents.respondents_positive) == (5, 1)
    assert (everyone.respondents, everyone.respondents_positive) == (11, 5)
    stay_healthy = tally(report, "br_stay_healthy")
    assert (stay_healthy.respondents, stay_healthy.respondents_positive) == (5, 3)  # every answer 4 or 5
    assert (stay_healthy.answers, stay_healthy.answers_positive) == (10, 8)
    assert stay_healthy.percent_answers_positive == 80.0
    assert report.pfa["good_health"][0] >= 10

    few_parents = compute([r for r in rows if r["session_id"] not in ("pc0", "pc1")], versions(surveys))
    assert tally(few_parents, "br_right_education", "parent_carer").suppressed
    # young people's 6 shown, so the total would give the parents' 3 away by subtraction: hidden too
    assert tally(few_parents, "br_right_education", "all").suppressed
    assert not tally(few_parents, "br_right_education", "young_person").suppressed


def test_a_term_counts_only_its_own_answers(surveys):
    rows = [row(f"s{i}", "br_yp_listened_to", 5, day=date(2026, 10, 1)) for i in range(5)]
    rows += [row(f"old{i}", "br_yp_listened_to", 1, day=date(2026, 6, 1)) for i in range(5)]
    autumn = compute(rows, versions(surveys), start=term_dates("2026-autumn")[0], end=term_dates("2026-autumn")[1])
    assert tally(autumn, "br_listened_to").percent_respondents_positive == 100.0
    everything = compute(rows, versions(surveys))
    assert tally(everything, "br_listened_to").percent_respondents_positive == 50.0
    assert term_dates("2027-spring") == (date(2027, 1, 1), date(2027, 3, 31))
    with pytest.raises(ValueError, match="2026-autumn"):
        term_dates("autumn")


def sayit(*args, db):
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), SAYIT_DB_URL=db), timeout=120)


def test_the_command_prints_json_and_csv_and_explains_bad_input(chat, store, db_url, tmp_path):
    bromley_young_people(chat, ["5", "4", "2", "5", "1"])
    today = str(datetime.now(timezone.utc).date())  # answers are stamped in UTC
    result = sayit("indicators", "--survey", "bromley_outcomes", "--from", today, "--to", today, "--json", db=db_url)
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)["indicators"]
    assert [(t["indicator"], t["respondents"], t["percent_respondents_positive"]) for t in listed] == \
        [("br_listened_to", 5, 60.0)]
    out = tmp_path / "indicators.csv"
    assert sayit("indicators", "--csv", str(out), db=db_url).returncode == 0
    assert "br_listened_to,voice,percent_positive" in out.read_text(encoding="utf-8")
    wrong = sayit("indicators", "--term", "autumn", db=db_url)
    assert wrong.returncode == 2 and "2026-autumn" in wrong.stderr
    assert sayit("indicators", "--survey", "nope", db=db_url).returncode == 2
