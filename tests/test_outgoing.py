"""One message contract (bot/dialogue/outgoing.py): every channel renders from `custom` alone. Each choice and
control carries its title and payload, and `text` and `buttons` are made from the payload in one place."""

from bot.dialogue import notices
from bot.rendering.sms import sms_reply
from bot.rendering.telegram import keyboard
from bot.translation import messages as m
from bot.translation.speaker import Speaker

SURVEY = ["hello", "English", "me", "4", "banana", "banana", "I want to hurt myself", "yes", "stop"]


def test_every_tap_carries_what_a_channel_needs_and_buttons_come_from_it(chat):
    sent = [reply for text in SURVEY for reply in chat(text)]
    tappable = [r for r in sent if r.custom.get("choices") or r.custom.get("controls")]
    assert {r.custom["type"] for r in tappable} >= {"choose_language", "choose_role", "question", "safeguarding"}
    for reply in tappable:
        taps = [*reply.custom.get("choices", []), *reply.custom.get("controls", [])]
        assert all({"value", "label", "title", "payload"} <= set(t) for t in taps), reply.custom["type"]
        assert reply.buttons == [{"title": t["title"], "payload": t["payload"]} for t in taps]
        # Telegram's keyboard from the payload alone, without Rasa's buttons beside it
        rows = keyboard({"custom": reply.custom})
        assert [b.data for row in rows for b in row if not b.data.startswith("listen:")] == [
            t["payload"] for t in taps]


def test_the_words_only_form_lists_the_choices_and_the_position_in_words(chat):
    chat("hello")
    chat("English")
    asked = chat("me")[-1]
    assert asked.custom["position_text"] == "Question 1 of 25."
    assert asked.text.split("\n")[:2] == ["Question 1 of 25.", asked.custom["text"]]
    assert "1 😞 No, never 2 🙁 Not often" in asked.text and asked.text.endswith(asked.custom["hint"])
    faces = chat("banana")[-1]
    faces = chat("banana")[-1]
    assert faces.custom["faces_only"] and "1 😞 2 🙁 3 😐" in faces.text


def test_what_a_channel_says_when_a_message_never_reaches_the_conversation_comes_from_the_core():
    for notice, english in ((notices.text_only, m.TEXT_ONLY), (notices.private_only, m.PRIVATE_ONLY),
                            (notices.audio_unavailable, m.AUDIO_UNAVAILABLE)):
        said = notice("uk").as_dict()
        assert said["text"] == Speaker("uk").say(english) != english and said["custom"]["language"] == "uk"
        assert sms_reply([said]) == said["text"]
