"""The readability check (bot/surveys/readability.py): every survey's young-person wordings read easily."""

import dataclasses

from bot.surveys.loading import load_surveys
from bot.surveys.readability import wording_problems


def test_every_survey_reads_easily():
    for survey in load_surveys().values():
        assert wording_problems(survey) == [], survey.id


def test_hard_wording_is_caught():
    survey = load_surveys()["shropshire_annual_review"]
    hard = dataclasses.replace(
        survey.questions[0],
        plain="Do practitioners demonstrate appropriate consideration of communication preferences when "
              "facilitating multidisciplinary decision-making processes concerning your educational, health and social "
              "care provision and the arrangements for reviewing it?",
        easy_read="People help me to say what I think and what I want at school and at home and at clubs.",
    )
    problems = wording_problems(dataclasses.replace(survey, questions=(hard,)))
    assert any("reading ease" in p for p in problems)
    assert any("words (at most 20)" in p for p in problems)
    assert any("easy-read sentence" in p for p in problems)
