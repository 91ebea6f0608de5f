"""Right-to-left text as a screen lays it out (bot/translation/rtl.py): every message and every survey wording in
Arabic and Urdu, and what the SMS and Telegram channels send, put through the Unicode bidirectional algorithm
(python-bidi), keeps every digit sequence in its order: "0800 1111" above all."""

import pytest
import regex
from bidi import get_display

from bot.catalogs import files as catalogs
from bot.dialogue.conversation import Conversation
from bot.dialogue.incoming import Incoming
from bot.dialogue.outgoing import question_message
from bot.rendering.sms import sms_reply, survey_fits
from bot.rendering.telegram import keyboard, telegram_text
from bot.translation import messages as m
from bot.translation.languages import marked_for_direction, supported
from bot.translation.rtl import LRI, NO_BREAK_SPACE, PDI, RTL_MARK, is_rtl, rtl_safe, without_bidi_controls
from bot.translation.speaker import Speaker, catalog, reader_of

RIGHT_TO_LEFT = [lang for lang in supported() if is_rtl(lang)]
DIGIT_RUN = regex.compile(r"\p{Nd}+(?:[ \u00a0]\p{Nd}+)*")
SAMPLES = {"n": 3, "total": 25, "previous": "4/5", "items": "0800 1111", "limit": 2000,
           "contact": "privacy@shropshire.gov.uk or 01743 250000", "heard": "4", "choice": "4"}


def laid_out(line: str, base: str | None) -> str:
    """A line as it appears on a screen, left to right, with the invisible controls gone."""
    return without_bidi_controls(get_display(line, base_dir=base))


def numbers_out_of_order(text: str, base: str | None = "R") -> list[str]:
    """The digit sequences of `text` that a display shows in another order (base None: each line's direction
    from its first strong letter, as SMS apps and Telegram do; "R": a right-to-left page)."""
    wrong = []
    for line in text.split("\n"):
        shown = laid_out(line, base)
        wrong += [run for run in DIGIT_RUN.findall(without_bidi_controls(line)) if run not in shown]
    return wrong


def test_the_childline_number_is_reversed_without_this_and_kept_with_it():
    """The finding itself: in Arabic the plain catalog text shows "1111 0800"; made safe, "0800 1111"."""
    raw = str(catalog("ar").gettext(m.SAFEGUARDING))
    assert "0800 1111" in raw and numbers_out_of_order(raw) == ["0800 1111"]
    assert "1111 0800" in laid_out(raw, "R")
    said = Speaker("ar").say(m.SAFEGUARDING)
    assert numbers_out_of_order(said) == [] and "0800 1111" in laid_out(said, "R")
    assert numbers_out_of_order(marked_for_direction(raw, "ar"), base=None) == []


@pytest.mark.parametrize("text,expected", [
    ("اتصل بخط Childline على 0800 1111.", f"اتصل بخط {LRI}Childline{PDI} على {LRI}0800{NO_BREAK_SPACE}1111{PDI}."),
    ("1 English", f"{LRI}1{PDI} {LRI}English{PDI}"),  # a list's number stays apart from the name after it
    ("رقم +44 7700 900123", f"رقم {LRI}+44{NO_BREAK_SPACE}7700{NO_BREAK_SPACE}900123{PDI}"),
    ("EHC پلان 4/5", f"{LRI}EHC{PDI} پلان {LRI}4/5{PDI}"),
    ("اتصل ٠٨٠٠ ١١١١", f"اتصل ٠٨٠٠{NO_BREAK_SPACE}١١١١"),  # Arabic-Indic digits: joined, not isolated
    ("Childline Online و SENCo.", f"{LRI}Childline Online{PDI} و {LRI}SENCo{PDI}."),
    ("راسلنا: privacy@shropshire.gov.uk.", f"راسلنا: {LRI}privacy@shropshire.gov.uk{PDI}."),  # one run, "@" inside
    ("انظر https://sayit.example/privacy", f"انظر {LRI}https://sayit.example/privacy{PDI}"),
    ("الترخيص CC BY-SA 4.0.", f"الترخيص {LRI}CC BY-SA 4.0{PDI}."),  # a name and its version: one run, in order
])
def test_left_to_right_runs_are_isolated_and_digit_groups_joined(text, expected):
    assert rtl_safe(text) == expected
    assert rtl_safe(expected) == expected  # made safe twice is made safe once
    assert numbers_out_of_order(expected) == []


def test_left_to_right_languages_are_left_as_written():
    assert Speaker("pl").say(m.SAFEGUARDING) == str(catalog("pl").gettext(m.SAFEGUARDING))
    assert marked_for_direction("Zadzwoń pod 0800 1111", "pl") == "Zadzwoń pod 0800 1111"


@pytest.mark.parametrize("lang", RIGHT_TO_LEFT)
def test_every_message_and_wording_keeps_its_numbers_in_order(lang):
    """Every entry of the catalog (bot's messages in both forms, every survey wording, scale labels), said with
    numbers in its placeholders, on a right-to-left page."""
    said = 0
    for entry in catalogs.read_catalog(catalogs.TEMPLATE):
        if not entry.id:
            continue
        speaker = Speaker(lang, "young_person" if entry.context == m.YOUNG_PERSON else "adult")
        if isinstance(entry.id, tuple):
            values = {k: v for k, v in SAMPLES.items() if k != "n"}
            texts = [speaker.say_n((entry.id[0], entry.id[1]), n, **values) for n in (0, 1, 2, 3, 11, 25, 1111)]
        else:
            texts = [speaker.say(entry.id, **SAMPLES)]
        for text in texts:
            assert numbers_out_of_order(text) == [], (entry.id, text)
            said += 1
    assert said > 600


@pytest.mark.parametrize("lang", RIGHT_TO_LEFT)
def test_every_question_keeps_its_numbers_by_sms_and_in_telegram(lang, surveys):
    """Each line laid out by its own first strong letter, as a phone's messaging app and Telegram do."""
    for survey in surveys.values():
        for qid, fit in survey_fits(survey, lang):
            assert numbers_out_of_order(fit.text, base=None) == [], (survey.id, qid, fit.text)
        for i, question in enumerate(survey.questions, 1):
            message = question_message(survey, question, "s", i, len(survey.questions),
                                       Speaker(lang, reader_of(question.role))).as_dict()
            assert numbers_out_of_order(telegram_text(message), base=None) == [], (survey.id, question.id)
            for row in keyboard(message):
                for button in row:
                    assert numbers_out_of_order(marked_for_direction(button.text, lang), base=None) == []


@pytest.mark.parametrize("channel", ["sms", "telegram"])
def test_a_conversation_in_arabic_keeps_the_childline_number_by_sms_and_telegram(channel, store, surveys, settings):
    talk = Conversation(store, surveys, settings)
    sent = []
    for text in ["مرحبا", "1", "1", "أريد أن أؤذي نفسي", "توقف"]:  # hello, Arabic, me, a disclosure, stop
        sent += [reply.as_dict() for reply in talk.handle(Incoming(channel, "someone", text))]
    rendered = [sms_reply([message]) if channel == "sms" else telegram_text(message) for message in sent]
    assert any("0800 1111" in without_bidi_controls(text) for text in rendered)
    for text in rendered:
        assert all(line.startswith(RTL_MARK) for line in text.split("\n") if line), text
        assert numbers_out_of_order(text, base=None) == [], text
