"""The privacy notice (bot/dialogue/privacy_notice.py): shown once as a survey starts, in the person's language,
naming the council's contact when there is one, and recorded with the version of its wording."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest
import sqlalchemy as sa

from bot.dialogue.conversation import Conversation
from bot.dialogue.incoming import Incoming
from bot.dialogue.privacy_notice import NOTICE_VERSION, privacy_notice
from bot.store.schema import sessions
from bot.translation import messages as m
from bot.translation.speaker import Speaker

# The English of each version of the notice, as a hash: changing a word without a new version fails here, so
# every session's notice_version names the words that person read. Bump NOTICE_VERSION and add its hash.
WORDINGS = {1: "4028530b"}


def english_hash() -> str:
    words = "\n".join([*m.PRIVACY_NOTICE_LINES, m.PRIVACY_CONTACT, m.PRIVACY_ASK_SENDER])
    return hashlib.sha256(words.encode()).hexdigest()[:8]


def test_the_wording_has_a_version_of_its_own():
    assert WORDINGS.get(NOTICE_VERSION) == english_hash(), (
        f"the notice's English changed: give it NOTICE_VERSION {NOTICE_VERSION + 1} and the hash {english_hash()}")


@pytest.mark.parametrize("contact", [None, "privacy@shropshire.gov.uk"])
def test_the_notice_says_who_to_ask_in_the_persons_language(contact):
    notice = privacy_notice("s1", Speaker("pl"), contact)
    assert notice.custom["type"] == "privacy_notice" and notice.custom["notice_version"] == NOTICE_VERSION
    assert notice.custom["lines"][0] == Speaker("pl").say(m.PRIVACY_NOTICE_LINES[0]) != m.PRIVACY_NOTICE_LINES[0]
    assert len(notice.custom["lines"]) == len(m.PRIVACY_NOTICE_LINES) + 1
    assert (contact in notice.text) if contact else notice.custom["lines"][-1] == Speaker("pl").say(
        m.PRIVACY_ASK_SENDER)


def test_a_session_records_the_notice_it_was_shown_once(store, surveys, settings):
    talk = Conversation(store, surveys, dataclasses.replace(settings, privacy_contact="dpo@council.example"))

    def types(text):
        return [r.custom["type"] for r in talk.handle(Incoming("rest", "someone", text))]

    assert types("hello") == ["choose_language"]
    opening = talk.handle(Incoming("rest", "someone", "English"))
    assert [r.custom["type"] for r in opening] == ["welcome", "privacy_notice", "choose_role"]
    assert "dpo@council.example" in opening[1].text
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(sessions.c.notice_version, sessions.c.notice_shown_at)
                           .where(sessions.c.id == opening[1].custom["session_id"])).one()
    assert row.notice_version == NOTICE_VERSION and row.notice_shown_at is not None
    types("me")
    assert "privacy_notice" not in types("language") + types("English")  # switching language: not again
