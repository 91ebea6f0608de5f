"""The coder measured on the labelled replies (bot/understanding/evaluate.py), in the same run as the keyword
baseline."""

import json

from bot.understanding.evaluate import HELD_OUT, LABELLED, evaluate, keyword_baseline
from bot.understanding.lexicon import available_languages


def labelled(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_labelled_set_is_big_and_covers_every_kind_of_reply():
    items = labelled(LABELLED)
    assert len(items) >= 400
    assert {i["status"] for i in items} == {"answered", "skipped", "dont_know", "unclear", "control"}
    assert {i["control"] for i in items} >= {"help", "repeat", "back", "pause", "stop"}
    assert sum(i["concern"] for i in items) >= 30
    assert all(i["lang"] and i["kind"] in ("scale", "free_text") for i in items)


def test_the_coder_beats_the_keyword_baseline_by_far_on_both_sets_in_every_language():
    for path, floor in ((LABELLED, 0.97), (HELD_OUT, 0.75)):
        report = evaluate(path)
        assert set(report.coder) == set(available_languages()), path.name
        for lang, score in report.coder.items():
            baseline = report.baseline[lang]
            assert score.total >= 20, (path.name, lang)
            assert score.rate >= floor, (path.name, lang, score.rate)
            assert score.rate >= baseline.rate + 0.4, (path.name, lang)
            # a miss is almost always "asked again", not a wrong code
            assert score.wrong <= max(1, 0.02 * score.total), (path.name, lang, score.wrong)


def test_the_safeguarding_net_catches_disclosures_without_crying_wolf_in_every_language():
    for path in (LABELLED, HELD_OUT):
        report = evaluate(path)
        assert set(report.concerns) == set(available_languages()), path.name
        for lang, concerns in report.concerns.items():
            assert concerns.disclosures >= 3, (path.name, lang)
            assert concerns.recall >= 0.9 and concerns.false_alarm_rate <= 0.02, (path.name, lang, str(concerns))


def test_the_baseline_is_what_a_plain_sms_flow_understands():
    assert keyword_baseline(" 4 ", "scale").value == 4
    assert keyword_baseline("STOP", "scale").control == "stop"
    assert keyword_baseline("yeah mostly", "scale").status == "unclear"
    assert keyword_baseline("I like art", "free_text").status == "answered"
