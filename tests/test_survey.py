"""Survey files (bot/surveys/loading.py): the Shropshire survey loads whole, and broken files are refused clearly."""

import html
import re
from pathlib import Path

import pytest
import yaml

from bot.surveys.loading import SURVEY_DIR, load_survey, load_surveys
from bot.surveys.model import SurveyError

SHROPSHIRE = SURVEY_DIR / "shropshire_annual_review.yml"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "003_1bccbdee28a9657e.txt"


def test_shropshire_has_every_annual_review_question_for_both_roles():
    survey = load_surveys()["shropshire_annual_review"]
    young = survey.for_role("young_person")
    parent = survey.for_role("parent_carer")
    assert sum(q.is_scale for q in young) == 19 and sum(not q.is_scale for q in young) == 6
    assert sum(q.is_scale for q in parent) == 21 and sum(not q.is_scale for q in parent) == 6
    assert {q.area for q in survey.questions} == {a.id for a in survey.areas}
    assert len(survey.areas) == 6
    assert [c.value for c in survey.scale] == [1, 2, 3, 4, 5]


def test_seed_wording_is_the_seeds_own():
    """Every seed wording appears in the seed document (allowing for its line breaks)."""
    if not SEED.exists():
        pytest.fail(f"the seed document is missing at {SEED}; CI runs with ../shared beside the checkout")
    # The seed's tables have two tab-separated columns whose cells wrap onto the next line, so read each
    # column as its own stream as well as the whole text.
    lines = SEED.read_text(encoding="utf-8").splitlines()
    columns = [[line.split("\t")[i] if "\t" in line else line for line in lines if "\t" in line or line.strip()]
               for i in (0, 1)]
    streams = [" ".join(" ".join(lines).split())] + [" ".join(" ".join(c).split()) for c in columns]
    for q in load_surveys()["shropshire_annual_review"].questions:
        wording = " ".join(q.seed.split())
        assert any(wording in stream for stream in streams), q.id


def broken(tmp_path, change):
    data = yaml.safe_load(SHROPSHIRE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "broken.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_duplicate_id_is_refused_naming_file_and_question(tmp_path):
    def dup(d):
        d["questions"][1]["id"] = d["questions"][0]["id"]
    with pytest.raises(SurveyError) as err:
        load_survey(broken(tmp_path, dup))
    assert "broken.yml" in str(err.value) and "yp_voice_communicate" in str(err.value) and "twice" in str(err.value)


def test_unmapped_question_is_refused(tmp_path):
    def unmapped(d):
        d["questions"][2]["area"] = "nowhere"
    with pytest.raises(SurveyError, match="yp_voice_plan_decisions.*area 'nowhere'"):
        load_survey(broken(tmp_path, unmapped))


def test_missing_wording_is_refused(tmp_path):
    def missing(d):
        del d["questions"][3]["plain"]
    with pytest.raises(SurveyError, match="yp_progress_learning.*missing plain"):
        load_survey(broken(tmp_path, missing))


def test_unknown_role_and_kind_are_refused(tmp_path):
    with pytest.raises(SurveyError, match="role 'teacher'"):
        load_survey(broken(tmp_path, lambda d: d["questions"][0].update(role="teacher")))
    with pytest.raises(SurveyError, match="kind 'slider'"):
        load_survey(broken(tmp_path, lambda d: d["questions"][0].update(kind="slider")))


def test_area_without_questions_is_refused(tmp_path):
    with pytest.raises(SurveyError, match="lonely"):
        load_survey(broken(tmp_path, lambda d: d["areas"].append({"id": "lonely", "name": "No questions"})))


def test_bad_yaml_is_refused(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(SurveyError, match="bad.yml: is not valid YAML"):
        load_survey(path)


def test_every_question_carries_easy_read_symbol_pfa_and_indicators():
    survey = load_surveys()["shropshire_annual_review"]
    assert {i.area for i in survey.indicators} == {a.id for a in survey.areas}
    for q in survey.questions:
        assert q.easy_read and q.symbol and q.pfa and q.indicators, q.id
        assert all(survey.area(i.area) for i in survey.indicators if i.id in q.indicators)


def test_unknown_pfa_outcome_and_undefined_indicator_are_refused(tmp_path):
    with pytest.raises(SurveyError, match="yp_voice_communicate.*pfa happiness"):
        load_survey(broken(tmp_path, lambda d: d["questions"][0].update(pfa=["happiness"])))
    with pytest.raises(SurveyError, match="indicator.*nope.*not defined"):
        load_survey(broken(tmp_path, lambda d: d["questions"][0].update(indicators=["nope"])))


def test_an_indicator_no_question_feeds_is_refused(tmp_path):
    extra = {"id": "orphan", "area": "voice", "text": "Nobody asks this", "measure": "percent_positive"}
    with pytest.raises(SurveyError, match="orphan.*fed by no question"):
        load_survey(broken(tmp_path, lambda d: d["indicators"].append(extra)))


def seed_text(name):
    path = SEED.parent / name
    if not path.exists():
        pytest.fail(f"the seed document is missing at {path}; CI runs with ../shared beside the checkout")
    return html.unescape(path.read_text(encoding="utf-8"))


def test_bromley_asks_about_every_indicator_that_people_report():
    """Every Appendix 1 indicator that children, young people, parent carers or families 'report' (or 'agree'
    to) is in the survey, worded as the framework words it, and some question feeds it."""
    text = seed_text("000_75a39e303469f97e.txt")
    items = {" ".join(li.split()) for li in re.findall(r"<li>•\s*(.*?)</li>", text)}
    reported = {i for i in items if re.search(r"\b(report|agree)\b", i)}
    assert len(reported) >= 15
    survey = load_surveys()["bromley_outcomes"]
    indicators = {i.text for i in survey.indicators}
    assert reported <= indicators, reported - indicators
    fed = {i for q in survey.questions for i in q.indicators}
    assert fed == {i.id for i in survey.indicators}
    assert len(survey.areas) == 8


def test_indicators_for_families_are_asked_of_parents_and_for_cyp_of_young_people():
    survey = load_surveys()["bromley_outcomes"]
    for q in survey.questions:
        texts = [i.text for i in survey.indicators if i.id in q.indicators]
        if q.role == "parent_carer":
            assert all(re.search(r"families|Parent carers", t) for t in texts), q.id
        else:
            assert all("CYP" in t for t in texts), q.id


def test_bristol_has_every_numbered_i_statement_and_the_post_14_focus():
    text = seed_text("004_b770db191ed7d93e.txt")
    row = next(line for line in text.splitlines() if line.startswith("1. I have developed the right skills"))
    statements = [" ".join(s.split()) for cell in row.split("\t")[:4]
                  for s in re.split(r"\s(?=\d\.\s)", cell.strip())]
    assert len(statements) == 21
    survey = load_surveys()["bristol_outcomes"]
    assert {i.text for i in survey.indicators} >= set(statements)
    assert {q.seed for q in survey.questions} >= set(statements)
    post_14 = [q for q in survey.questions if q.area == "post_14"]
    assert len(post_14) == 4 and all(q.min_age == 14 for q in post_14)
    assert survey.questions_for("young_person", 13) == tuple(q for q in survey.questions if q.area != "post_14")
    assert len(survey.questions_for("young_person", 14)) == 25


def test_the_reforms_family_survey_words_each_measure_as_the_framework_does():
    text = " ".join(re.sub(r"<[^>]+>", " ", seed_text("002_e0cea4dfe2082c50.txt")).split())
    survey = load_surveys()["send_reforms_family_experience"]
    assert survey.roles == ("parent_carer",)
    for indicator in survey.indicators:
        assert " ".join(indicator.text.split()) in text, indicator.id
    for area in survey.areas:
        assert area.name.split(",")[0] in text, area.id
    assert "Families know about the universal services and support networks" in " ".join(
        i.text for i in survey.indicators)
    assert "All families accessing services and settings feel welcome." in {i.text for i in survey.indicators}


def test_every_survey_is_unique_and_every_question_feeds_an_indicator_of_its_own_area():
    surveys = load_surveys()
    assert set(surveys) == {"shropshire_annual_review", "bromley_outcomes", "bristol_outcomes",
                            "send_reforms_family_experience"}
    for survey in surveys.values():
        areas = {i.id: i.area for i in survey.indicators}
        for q in survey.questions:
            assert all(areas[i] == q.area for i in q.indicators), (survey.id, q.id)


def test_a_question_id_too_long_for_a_telegram_button_is_refused(tmp_path):
    long_id = "yp_voice_communicate_with_every_adult_around_me"
    with pytest.raises(SurveyError, match=f"{long_id}.*at most 36.*Telegram button"):
        load_survey(broken(tmp_path, lambda d: d["questions"][0].update(id=long_id)))
    with pytest.raises(SurveyError, match="Yp-Voice.*lower-case"):
        load_survey(broken(tmp_path, lambda d: d["questions"][0].update(id="Yp-Voice")))


def test_a_councils_own_surveys_load_beside_the_shipped_ones(tmp_path, monkeypatch):
    from bot.settings import SettingsError

    own = SHROPSHIRE.read_text(encoding="utf-8").replace("id: shropshire_annual_review", "id: our_own_review", 1)
    (tmp_path / "our_own_review.yml").write_text(own, encoding="utf-8")
    monkeypatch.setenv("SAYIT_SURVEY_DIR", str(tmp_path))
    surveys = load_surveys()
    assert "our_own_review" in surveys and "shropshire_annual_review" in surveys
    assert "our_own_review" not in load_surveys(SURVEY_DIR / "archive")  # only beside the shipped folder
    (tmp_path / "again.yml").write_text(SHROPSHIRE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(SurveyError, match="already used"):
        load_surveys()
    monkeypatch.setenv("SAYIT_SURVEY_DIR", str(tmp_path / "missing"))
    with pytest.raises(SettingsError, match="not a folder"):
        load_surveys()
