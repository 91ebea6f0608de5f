"""One reading of each reply (bot/understanding/reading.py): a turn reads the text once, and the reading answers
everything a state asks of it (an answer of either kind, a control, a concern, an age, a role, carry on)."""

import pytest

from bot.dialogue.incoming import Incoming
from bot.understanding import reading
from bot.understanding.reading import Reading
from bot.vocabulary import Coded, Control, Role


def test_a_reading_says_everything_a_reply_could_mean():
    said = Reading("I'm 15 so yeah mostly :)", "en")
    assert said.answer("scale").value == 4  # what follows "so" concludes: the 15 is an age, said before it
    assert Reading("I'm 15, mostly", "en").answer("scale").status == Coded.UNCLEAR  # 15 is no point: two readings
    assert Reading("yeah mostly :)", "en").answer("scale").value == 4
    assert Reading("yeah mostly :)", "en").answer("free_text").status == Coded.ANSWERED
    assert said.age == 15 and said.role() is None and not said.concern
    assert Reading("stop", "en").control == Control.STOP
    assert Reading("język", "en").control == Control.LANGUAGE  # "language" in any language
    assert Reading("an advocate helping a young person", "en").role() == Role.ADVOCATE
    assert Reading("yes, carry on", "en").carry_on is True and Reading("no", "en").carry_on is False
    assert Reading("my dad hits me", "en").concern and Reading("my dad hits me", "en").answer().concern


@pytest.mark.parametrize("replies", [["hello", "English", "me", "yeah mostly", "help", "dunno", "stop"]])
def test_each_turn_reads_the_reply_once(chat, monkeypatch, replies):
    """Before, one turn normalised the same text up to seven times, once in each coder a state called."""
    readings = []
    made = reading.Reading.__init__

    def counted(self, text, lang):
        readings.append(text)
        made(self, text, lang)

    monkeypatch.setattr(reading.Reading, "__init__", counted)
    for text in replies:
        readings.clear()
        chat(text)
        assert readings == [text], (text, readings)


def test_a_tap_is_not_read_as_words(chat):
    chat("hello")
    chat("English")
    asked = chat("me")[-1].custom
    tapped = asked["choices"][2]
    replies = chat(tapped["payload"], payload={"question_id": asked["question_id"], "value": 3}, via="button")
    assert replies[-1].custom["question_id"] != asked["question_id"]
    assert isinstance(Incoming("rest", "x", "y").via, str)
