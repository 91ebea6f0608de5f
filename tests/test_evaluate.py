"""The coder measured on the labelled replies (bot/understanding/evaluate.py), in the same run as the keyword
baseline."""

import json

from bot.understanding.evaluate import evaluate, keyword_baseline, table
from bot.understanding.example_sets import HELD_OUT, LABELLED, TUNED_SETS, read_labelled
from bot.understanding.lexicon import available_languages


def test_the_labelled_set_is_big_and_covers_every_kind_of_reply():
    items = read_labelled(LABELLED)
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


# A set looked at for tuning this week: held to what it measured before it was looked at (its README's table:
# right, wrong codes), with its disclosures caught as it is tuned, until it reaches the floor the others hold.
BEING_TUNED = {"tuned_2026-12-06": {"ar": (0.934, 1), "bn": (0.907, 2), "cy": (0.917, 2), "en": (0.918, 11),
                                    "pl": (0.986, 1), "ro": (0.945, 2), "uk": (0.873, 2), "ur": (0.933, 2)},
               "tuned_2026-12-07": {"ar": (0.768, 8), "bn": (0.842, 11), "cy": (0.785, 10), "en": (0.892, 17),
                                    "pl": (0.907, 6), "ro": (0.887, 6), "uk": (0.847, 6), "ur": (0.822, 7)},
               "tuned_2026-12-08": {"ar": (0.794, 7), "bn": (0.822, 7), "cy": (0.835, 7), "en": (0.907, 15),
                                    "pl": (0.897, 2), "ro": (0.858, 5), "uk": (0.862, 3), "ur": (0.877, 7)},
               "tuned_2026-12-10": {"ar": (0.762, 7), "bn": (0.767, 14), "cy": (0.832, 9), "en": (0.915, 12),
                                    "pl": (0.853, 5), "ro": (0.855, 6), "uk": (0.875, 4), "ur": (0.844, 9)},
               "tuned_2026-12-09": {"ar": (0.88, 2), "bn": (0.86, 6), "cy": (0.867, 5), "en": (0.891, 9),
                                    "pl": (0.90, 2), "ro": (0.956, 0), "uk": (0.90, 2), "ur": (0.87, 3)}}


def assert_no_worse_than_first_measured(report, first):
    for lang, score in report.coder.items():
        right, wrong = first[lang]
        assert score.rate >= right - 0.0005 and score.wrong <= wrong, (lang, score.rate, score.wrong)
        # before it was looked at: 55-75% of its disclosures caught, 1.4-3.4% false alarms
        assert report.concerns[lang].recall >= 0.9, lang
        assert report.concerns[lang].false_alarm_rate <= 0.05, lang


def test_the_sets_once_held_out_and_tuned_on_since_hold_what_they_reached():
    # what the tuning reached, as a floor against going back: the targets (95% right, one wrong code in
    # 200) are not yet met on English here, and the README says so
    assert TUNED_SETS, "the looked-at held-out sets are tuned on, and measured here"
    for path in TUNED_SETS:
        report = evaluate(path)
        assert set(report.coder) == set(available_languages()), path
        if path.parent.name in BEING_TUNED:
            assert_no_worse_than_first_measured(report, BEING_TUNED[path.parent.name])
            continue
        for lang, score in report.coder.items():
            assert score.rate >= 0.92, (path, lang, score.rate)
            assert score.wrong <= max(1, score.total / 100), (path, lang, score.wrong)
            assert report.concerns[lang].recall == 1.0, (path, lang)
            assert report.concerns[lang].false_alarm_rate <= 0.05, (path, lang)


def test_right_asked_again_and_wrong_are_counted_apart(tmp_path):
    rows = [("4", "answered", 4), ("5", "answered", 4), ("banana", "answered", 3), ("ofen", "answered", 4),
            ("mostly", "unclear", None)]
    path = tmp_path / "replies.jsonl"
    path.write_text("".join(json.dumps({"lang": "en", "kind": "scale", "text": t, "status": st, "value": v,
                                        "control": None, "concern": False}) + "\n" for t, st, v in rows))
    report = evaluate(path)
    score = report.coder["en"]
    # "5" for a 4 and "mostly" for an unclear are wrong codes; "banana" and "ofen" are asked again, "ofen" with a
    # right guess
    assert (score.total, score.right, score.wrong, score.asked_again, score.confirmed) == (5, 1, 2, 2, 1)
    assert "| replies | en | 5 | 20.0% | 40.0% (1) | 2 |" in table({"replies": report})
    assert report.seconds > 0 and "(guess 4)" in "\n".join(report.misses)


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
