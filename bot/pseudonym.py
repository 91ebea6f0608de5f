"""Respondents are known by a keyed hash of channel and sender id, never by the id itself."""

from __future__ import annotations

import hashlib
import hmac
import re


def respondent_key(secret: bytes, channel: str, sender_id: str) -> str:
    """A stable pseudonym: the same person on the same channel always maps to the same key."""
    message = f"{channel}\x1f{sender_id}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


# A phone number or a Telegram chat id is hashed by its channel before Rasa sees it, each under its own label.
HASHED_BY_CHANNEL = {"sms": "sms-number", "telegram": "telegram-chat"}


def channel_sender(secret: bytes, channel: str, raw_id: str) -> str:
    """The sender id a channel hands Rasa: for SMS and Telegram a keyed hash, so Rasa (its tracker, its logs)
    never holds a number or a chat id; the web chat's is already a random id from its session token."""
    label = HASHED_BY_CHANNEL.get(channel)
    return respondent_key(secret, label, raw_id) if label else raw_id


FAMILY_KEY = re.compile(r"^[0-9a-f]{16}$")  # what an invitation link carries: short enough for Telegram's links


def family_key(secret: bytes, reference: str) -> str:
    """A family's key from the council's family reference (the same in the parent's and the child's invitations):
    a keyed hash, so the reference itself never reaches SayIt's store, an export or a link."""
    return respondent_key(secret, "family", " ".join(reference.split()).upper())[:16]
