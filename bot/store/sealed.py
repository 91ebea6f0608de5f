"""Sealing what must be kept for a short while and read back by SayIt alone: a text waiting in the webhook inbox
holds the phone number or chat id to answer, which is never stored in the clear (docs/decisions/0011).

Fernet (AES-128-CBC with an HMAC, from `cryptography`) under a key derived from SAYIT_PSEUDONYM_KEY with HKDF, so
no second secret needs keeping; a sealed value that was changed, or sealed under another key, does not open.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PURPOSE = b"sayit webhook inbox v1"


class Unsealable(ValueError):
    """A sealed value that was changed, or sealed under another key."""


def _fernet(secret: bytes) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: bytes, value: dict[str, Any]) -> bytes:
    return _fernet(secret).encrypt(json.dumps(value, ensure_ascii=False).encode("utf-8"))


def unseal(secret: bytes, sealed: bytes) -> dict[str, Any]:
    try:
        opened = json.loads(_fernet(secret).decrypt(sealed).decode("utf-8"))
    except InvalidToken as exc:
        raise Unsealable("this was sealed under another key, or changed since") from exc
    if not isinstance(opened, dict):
        raise Unsealable("a sealed value is an object")
    return opened
