"""What the channels check before a message reaches the conversation: a web chat session token that is genuine,
unexpired and not revoked (channels/webchat_session.py), how fast one sender or address may write
(channels/rate_limit.py), and which channels a run opens (Rasa's REST channel only locally, on loopback)."""

from __future__ import annotations

import re

import pytest

from bot.running.server_config import channel_credentials
from bot.settings import SettingsError, profile
from channels.rate_limit import WINDOW, RateLimit, Verdict
from channels.webchat_session import WebChatSessions

REST = re.compile(r"(?m)^channels\.rest\.LocalRestInput:")


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_token_holds_its_session_until_it_is_idle_too_long_or_revoked():
    clock = Clock()
    sessions = WebChatSessions(b"a-secret-of-sixteen-or-more", idle_seconds=3600, clock=clock)
    token = sessions.issue()
    sender = sessions.sender_of(token)
    assert sender and sender == token.split(".")[0] and len(sender) >= 22
    clock.now += 3000
    renewed = sessions.issue(sender)  # each answer renews it for another idle period
    clock.now += 3000
    assert sessions.sender_of(token) is None and sessions.sender_of(renewed) == sender
    sessions.revoke(sender)
    assert sessions.sender_of(renewed) is None and sessions.sender_of(sessions.issue(sender)) is None
    assert sessions.sender_of(sessions.issue()) not in (None, sender)  # the next person is someone new


def test_a_token_signed_with_another_secret_or_altered_is_refused():
    clock = Clock()
    ours = WebChatSessions(b"a-secret-of-sixteen-or-more", 3600, clock)
    theirs = WebChatSessions(b"another-secret-sixteen-plus", 3600, clock)
    token = theirs.issue()
    sender, expires, signature = token.split(".")
    assert ours.sender_of(token) is None
    for altered in (f"{sender}.{int(expires) + 1}.{signature}", f"{sender}x.{expires}.{signature}", token + "0",
                    None, 42, "", "a.b.c"):
        assert theirs.sender_of(altered) is None, altered
    with pytest.raises(ValueError, match="SAYIT_WEBCHAT_SECRET"):
        WebChatSessions(b"short", 3600)


def test_beyond_the_limit_one_kind_word_then_quiet_until_the_minute_has_passed():
    clock = Clock()
    limit = RateLimit(per_minute=3, clock=clock)
    assert [limit.verdict("a") for _ in range(5)] == [Verdict.ALLOW] * 3 + [Verdict.TELL, Verdict.QUIET]
    assert limit.verdict("b") == Verdict.ALLOW  # someone else is not held up
    clock.now += WINDOW + 0.1
    assert limit.verdict("a") == Verdict.ALLOW


def test_the_rest_channel_is_open_only_in_the_local_profile_on_loopback(monkeypatch):
    monkeypatch.delenv("SAYIT_PROFILE", raising=False)
    assert profile() == "local"
    assert REST.search(channel_credentials("127.0.0.1"))
    assert not REST.search(channel_credentials("0.0.0.0"))
    monkeypatch.setenv("SAYIT_PROFILE", "production")
    local = channel_credentials("127.0.0.1")
    assert not REST.search(local) and "channels.webchat.WebChatInput:" in local
    monkeypatch.setenv("SAYIT_PROFILE", "staging")
    with pytest.raises(SettingsError, match="local, production"):
        profile()
