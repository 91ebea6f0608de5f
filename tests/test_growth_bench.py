"""`sayit bench --growth`'s pieces (bot/running/growth_bench.py): the long surveys it measures are real surveys."""

from bot.running.growth_bench import figures, long_survey
from bot.surveys.loading import SURVEY_DIR, load_survey, load_surveys


def test_a_long_survey_has_that_many_young_persons_questions_and_loads_beside_the_shipped_ones(tmp_path, monkeypatch):
    source = SURVEY_DIR / "shropshire_annual_review.yml"
    shipped = load_survey(source)
    survey_id = long_survey(source, 200, tmp_path)
    monkeypatch.setenv("SAYIT_SURVEY_DIR", str(tmp_path))
    long = load_surveys()[survey_id]
    young = long.for_role("young_person")
    assert len(young) == 200 and len({q.id for q in young}) == 200
    assert [q.plain for q in young[:3]] == [q.plain for q in shipped.for_role("young_person")[:3]]
    assert len(long.for_role("parent_carer")) == len(shipped.for_role("parent_carer"))


def test_the_figures_compare_a_surveys_first_and_last_turns():
    runs = [[10.0] * 10 + [20.0] * 30 + [30.0] * 10, [10.0] * 10 + [20.0] * 30 + [30.0] * 10]
    got = figures(runs)
    assert got["turns"] == 50 and got["first_10_median_ms"] == 10.0 and got["last_10_median_ms"] == 30.0
    assert got["turn_median_ms"] == 20.0
