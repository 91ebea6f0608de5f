"""SMS counted as the network counts it (GSM 03.38 or UCS-2, through smsutil) and each question shaped to fit."""

from __future__ import annotations

import pytest

from bot.dialogue.outgoing import question_message
from bot.rendering.sms import measure, plain, question_sms, shape, sms_speaker
from bot.translation.languages import supported
from bot.translation.rtl import RTL_MARK


def test_latin_text_is_gsm_and_any_other_script_or_an_emoji_is_ucs2():
    assert (measure("a" * 160).encoding, measure("a" * 160).parts, measure("a" * 160).units) == ("GSM-7", 1, 160)
    assert (measure("a" * 161).encoding, measure("a" * 161).parts) == ("GSM-7", 2)
    assert measure("€").units == 2  # an escape character and the euro
    assert (measure("ą" * 70).encoding, measure("ą" * 70).parts) == ("UCS-2", 1)
    assert measure("ą" * 71).parts == 2  # 70 to a text, 67 a part once split
    assert measure("ب" * 134).parts == 2 and measure("ب" * 135).parts == 3
    assert (measure("Hello 😀").encoding, measure("Hello 😀").units) == ("UCS-2", 8)  # an emoji is two


def test_plain_keeps_english_in_gsm_and_marks_each_right_to_left_line():
    assert measure(plain("That’s “fine” – really…", "en")).encoding == "GSM-7"
    assert plain("Cześć – tak", "pl") == "Cześć – tak"  # UCS-2 anyway: the dash may stay
    marked = plain("EHC پلان\n1 کبھی نہیں", "ur")
    assert all(line.startswith(RTL_MARK) for line in marked.split("\n"))


def test_shaping_takes_the_fullest_form_that_fits_else_the_leanest():
    long, short = "word " * 100, "a short one"
    assert shape([long, short], "en", budget=1).text == short
    assert shape([long, "word " * 60], "en", budget=1).text == ("word " * 60)  # nothing fits: fewest parts


@pytest.mark.parametrize("lang", supported())
def test_every_question_of_every_survey_fits_on_a_phone_in_every_language(lang, surveys):
    shaped = []
    for survey in surveys.values():
        for i, q in enumerate(survey.questions, 1):
            speaker = sms_speaker(lang, q.role)
            custom = question_message(survey, q, "s", i, len(survey.questions), speaker).custom
            fit = question_sms(custom)
            assert fit.parts <= 3, (lang, q.id, fit)
            assert speaker.say(q.easy_read) in fit.text or custom["text"] in fit.text  # a whole wording, never cut
            assert "😀" not in fit.text  # faces are for screens: in an SMS they would cost a UCS-2 text
            if lang in ("ar", "ur"):
                assert all(line.startswith(RTL_MARK) for line in fit.text.split("\n"))
            shaped.append(fit)
    within_two = sum(f.parts <= 2 for f in shaped) / len(shaped)
    assert within_two >= 0.98, within_two
    expected = {"en": {"GSM-7"}, "cy": {"GSM-7", "UCS-2"}}.get(lang, {"UCS-2"})  # Welsh ŵ, ŷ are not GSM
    assert {f.encoding for f in shaped} <= expected
