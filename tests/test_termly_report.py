"""`sayit report`: the termly report's figures on made-up answers (one group of 4 respondents, suppressed everywhere
it shows, and the next smallest beside a lone hidden one), Wilson intervals against the formula, earlier terms
and the Preparing for Adulthood crosswalk; then the command's page and charts, read by axe-core in Chromium."""

from __future__ import annotations

import math
import os
import re
import subprocess
from datetime import datetime, timezone
from html import unescape

import pytest

from bot.reports.charts import charts
from bot.reports.indicators import current_term
from bot.reports.termly import earlier_terms, suppress_cells, termly, wilson
from bot.reports.termly_page import page
from tests.running_bot import ROOT, SAYIT
from tests.test_webchat import open_browser
from tests.test_webchat_access import axe_violations

SURVEY = "bromley_outcomes"
AUTUMN = datetime(2026, 10, 5, 10, tzinfo=timezone.utc)
SUMMER = datetime(2026, 6, 5, 10, tzinfo=timezone.utc)


def versions_of(surveys):
    return {(s.id, s.version): s for s in surveys.values()}


def made_up(surveys, people, role, value, when=AUTUMN, language="en", channel="webchat", survey=SURVEY, start=0):
    """`people` sessions, each answering every scale question of `role` with `value`."""
    s = surveys[survey]
    return [{"session_id": f"{survey}-{role}-{when:%m}-{start + n}", "survey": survey, "survey_version": s.version,
             "role": role, "language": language, "channel": channel, "area": q.area, "question_id": q.id,
             "status": "answered", "value": value, "answered_at": when}
            for n in range(people) for q in s.for_role(role) if q.is_scale]


@pytest.fixture
def rows(surveys):
    return (made_up(surveys, 6, "young_person", 5) + made_up(surveys, 3, "young_person", 2, language="pl", start=6)
            + made_up(surveys, 4, "parent_carer", 4, channel="sms")  # 4 parents: fewer than 5
            + made_up(surveys, 7, "young_person", 1, when=SUMMER)
            + made_up(surveys, 5, "young_person", 4, survey="shropshire_annual_review"))


def shared_area(survey):
    """An outcome area both young people and parents are asked about."""
    return next(a.id for a in survey.areas if {q.role for q in survey.questions if q.area == a.id and q.is_scale}
                >= {"young_person", "parent_carer"})


def test_a_group_of_four_is_suppressed_wherever_it_shows(rows, surveys):
    report = termly(rows, versions_of(surveys), surveys[SURVEY], "2026-autumn")
    area = shared_area(surveys[SURVEY])
    parents = report.areas[(area, "parent_carer", "2026-autumn")]
    assert parents.respondents == 4 and parents.suppressed and parents.percent is None
    assert set(parents.cells().values()) == {None}
    young = report.areas[(area, "young_person", "2026-autumn")]
    assert (young.respondents, young.suppressed) == (9, False)
    # languages: 6 English and 3 Polish young people, 4 English parents; channels: 9 webchat and 4 sms
    assert report.heard.by["role"] == {"parent_carer": None, "young_person": None}  # 4 hidden, so 9 is too
    assert report.heard.by["language"] == {"en": None, "pl": None}  # 3 hidden, and so 10 beside it of 13
    assert report.heard.by["channel"] == {"sms": None, "webchat": None}
    assert not [t for t in report.indicators.tallies if t.role == "parent_carer" and not t.suppressed]
    html = page(report, charts(report))
    assert "Parents and carers, 2026-autumn</th><td class=\"n\">fewer than 5</td>" in html
    assert not re.search(r">4</td>", html)  # the four parents are nowhere a figure


def test_the_next_smallest_cell_is_hidden_beside_a_lone_hidden_one():
    assert suppress_cells({"a": 10, "b": 3, "c": 6, "d": 0}, 5) == {"b", "c"}
    assert suppress_cells({"a": 10, "b": 3, "c": 2}, 5) == {"b", "c"}
    assert suppress_cells({"a": 10, "b": 6}, 5) == set()


def test_shares_and_their_wilson_intervals(rows, surveys):
    report = termly(rows, versions_of(surveys), surveys[SURVEY], "2026-autumn")
    area = shared_area(surveys[SURVEY])
    young = report.areas[(area, "young_person", "2026-autumn")]
    asked = sum(1 for q in surveys[SURVEY].for_role("young_person") if q.is_scale and q.area == area)
    assert (young.positive, young.answers) == (6 * asked, 9 * asked)
    assert young.percent == pytest.approx(100 * 6 / 9)
    n, p, z = young.answers, young.positive / young.answers, 1.959963984540054
    centre, half = (p + z * z / (2 * n)), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low, high = (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)
    assert young.interval == pytest.approx((100 * low, 100 * high))
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == pytest.approx(1.0)


def test_earlier_terms_and_the_crosswalk_across_surveys(rows, surveys):
    assert earlier_terms("2026-autumn", 3) == ["2026-summer", "2026-spring", "2025-autumn"]
    report = termly(rows, versions_of(surveys), surveys[SURVEY], "2026-autumn")
    area = shared_area(surveys[SURVEY])
    summer = report.areas[(area, "young_person", "2026-summer")]
    assert (summer.respondents, summer.percent) == (7, 0.0)
    outcomes = {o for q in surveys["shropshire_annual_review"].for_role("young_person") for o in q.pfa}
    from_shropshire = {o for o in outcomes if report.pfa[o].respondents >= 5}
    assert from_shropshire == outcomes  # five Shropshire young people count in the crosswalk, not in Bromley's areas


def test_the_command_writes_a_page_axe_finds_nothing_on_and_charts_with_alt_text(tmp_path, chat, store, db_url):
    for n in range(6):
        for text in ("English", "me", "5", "4", "stop"):
            chat(text, sender=f"young-{n}")
    out = tmp_path / "report"
    term = current_term(datetime.now(timezone.utc).date())
    done = subprocess.run(SAYIT + ["report", "--survey", "shropshire_annual_review", "--term", term, "--out",
                                   str(out)], cwd=ROOT, env={**os.environ, "SAYIT_DB_URL": db_url},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "6 respondents this term" in done.stderr
    names = sorted(p.name for p in out.iterdir())
    assert "report.html" in names and len(names) == 13 and all((out / n).stat().st_size for n in names)
    html = (out / "report.html").read_text("utf-8")
    alts = [unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]+)"', html)]
    assert len(alts) == 6 and all("The table below gives the same figures" in a or "Stacked" in a for a in alts)
    assert "100%" in alts[0]  # six young people, every answer 5 or 4
    browser = open_browser()
    try:
        browser.set_script_timeout(60)
        for width in (1280, 320):
            browser.set_window_size(width, 1000)
            browser.get((out / "report.html").as_uri())
            assert axe_violations(browser) == []
            assert browser.execute_script("return document.documentElement.scrollWidth <= innerWidth + 1")
    finally:
        browser.quit()
