"""Who the bot is talking to and through what (bot/translation/messages.py): a young person gets the informal form and
an adult the polite one, in the bot's messages and in the survey wordings; SMS gets wordings with nothing to tap or
see."""

import pytest
import regex

from bot.catalogs import files as catalogs
from bot.catalogs.entries import channel_of
from bot.dialogue.conversation import Conversation
from bot.dialogue.incoming import Incoming
from bot.rendering.sms import sms_reply
from bot.translation import messages as m
from bot.translation.languages import endonym
from bot.translation.rtl import without_bidi_controls
from bot.translation.speaker import Speaker

# languages that address a child and a parent differently (Urdu uses آپ for both; Arabic has no polite "you")
POLITE_AND_INFORMAL = ["cy", "pl", "uk", "ro", "bn"]
TAP_OR_SEE = regex.compile(r"\b(tap|taps|tapping|click|press|pick|face|faces|button|buttons)\b", regex.IGNORECASE)


VALUES = {"n": 1, "total": 2, "items": "x", "previous": "x", "limit": 2000, "contact": "x", "heard": "x",
          "choice": "x"}


@pytest.mark.parametrize("lang", catalogs.catalog_languages()[1:])
def test_each_reader_gets_their_own_form_of_a_message(lang):
    """A message said to whoever is answering: its polite form (no context) to an adult, its young person's
    form to a young person, as the catalog has them; a message said only to a young person, its one form."""
    catalog = catalogs.read_catalog(catalogs.po_path(lang), lang)
    polite, young = Speaker(lang), Speaker(lang, "young_person")
    for message in sorted(m.ADDRESSED | m.YOUNG_ONLY):
        entries = {None: catalog.get(message), m.YOUNG_PERSON: catalog.get(message, m.YOUNG_PERSON)}
        if entries[None] is not None and isinstance(entries[None].id, tuple):
            continue  # plural forms: test_catalogs
        assert (entries[None] is None) == (message in m.YOUNG_ONLY) and entries[m.YOUNG_PERSON] is not None
        assert without_bidi_controls(young.say(message, **VALUES)) == entries[m.YOUNG_PERSON].string.format(**VALUES)
        if entries[None] is not None:
            assert without_bidi_controls(polite.say(message, **VALUES)) == entries[None].string.format(**VALUES)
    if lang in POLITE_AND_INFORMAL:
        assert Speaker(lang, "young_person").say(m.FREE_TEXT_HINT) != Speaker(lang).say(m.FREE_TEXT_HINT)


@pytest.mark.parametrize("lang", POLITE_AND_INFORMAL)
def test_a_parent_and_a_young_person_are_each_spoken_to_in_their_own_register(chat, lang):
    """The same bot, the same turn: the parent's question and hint in the polite form, the young person's in
    the informal one, and an advocate asked the young person's age politely."""
    polite, young = Speaker(lang), Speaker(lang, "young_person")
    for sender, role in (("parent", "2"), ("young", "1")):
        chat(endonym(lang), sender=sender)
        asked = chat(role, sender=sender)[-1].custom
        speaker = polite if sender == "parent" else young
        assert asked["hint"] == speaker.say(m.SCALE_HINT)
        assert asked["text"] in {speaker.say(q.plain) for s in chat.conversation.surveys.values() for q in s.questions}
    assert polite.say(m.SCALE_HINT) != young.say(m.SCALE_HINT)
    chat(endonym(lang), sender="advocate", survey="bristol_outcomes")
    age = chat("2", sender="advocate")[-1].custom  # Bristol asks young people only: me, or an advocate
    assert age["type"] == "ask_age" and age["text"] == polite.say(m.ASK_AGE["advocate"])
    first = chat("15", sender="advocate")[-1].custom
    assert first["hint"] == young.say(m.SCALE_HINT)  # the questions are the young person's, said to them


def test_by_sms_nothing_says_tap_or_face(store, surveys, settings):
    """A whole English survey by SMS, misunderstood replies included: no text asks to tap or pick a face."""
    talk = Conversation(store, surveys, settings)
    sent = []
    for text in ["hello", "1", "2", "banana", "banana", "banana", "3", "pause", "hi", "stop"]:
        sent.append(sms_reply([r.as_dict() for r in talk.handle(Incoming("sms", "+447700900001", text))]))
    assert "Reply with its number." in sent[0] and "Reply with a number from 1 to 5, or in your own words." in sent[2]
    assert "Reply with the number that fits best" in sent[4]
    for text in sent:
        assert not TAP_OR_SEE.search(text), text
    web = Conversation(store, surveys, settings).handle(Incoming("webchat", "someone-else", "hello"))
    assert "Tap one" in web[0].text  # where there are buttons, the bot says so


def test_no_english_wording_sent_by_sms_says_tap_or_face():
    for entry in catalogs.read_catalog(catalogs.TEMPLATE):
        if entry.id and channel_of(entry) != "screen":
            english = entry.id if isinstance(entry.id, str) else " ".join(entry.id)
            assert not TAP_OR_SEE.search(english), english
