"""The privacy notice shown once, at the start, in the person's language: what we ask, who reads it, that they can
skip, stop or ask us to delete it, and when we would have to tell someone to keep them safe. Its wording has a
version, recorded with each session, so what a person agreed to can be traced to the words they read."""

from __future__ import annotations

from bot.dialogue.outgoing import Outgoing, said
from bot.media.speech import Configured, Said, shown, words
from bot.translation import messages as m
from bot.translation.speaker import Speaker

# Bump with any change to the English of the notice (tests/test_privacy_notice.py holds its words per version).
NOTICE_VERSION = 1


def privacy_notice(session_id: str, speaker: Speaker, contact: str | None) -> Outgoing:
    parts: list[Said] = list(m.PRIVACY_NOTICE_LINES)
    parts.append(words(m.PRIVACY_CONTACT, contact=Configured(contact)) if contact else m.PRIVACY_ASK_SENDER)
    return said(speaker, "privacy_notice", *parts, between="\n", session_id=session_id,
                notice_version=NOTICE_VERSION, lines=[shown(speaker, p) for p in parts])
