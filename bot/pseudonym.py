"""Respondents are known by a keyed hash of channel and sender id, never by the id itself."""

from __future__ import annotations

import hashlib
import hmac


def respondent_key(secret: bytes, channel: str, sender_id: str) -> str:
    """A stable pseudonym: the same person on the same channel always maps to the same key."""
    message = f"{channel}\x1f{sender_id}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()
