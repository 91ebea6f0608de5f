"""The web chat's sessions: the server issues each browser tab a signed, expiring token, and the person is known by
the random id inside it, never by an id the page chooses. Whoever does not hold the token cannot reach the
conversation; "End my session" revokes it, so the next person on a shared computer starts clean.

A token is `<id>.<expires>.<signature>`: the signature is an HMAC-SHA256, keyed by SAYIT_WEBCHAT_SECRET, of the
id and expiry. Each answer renews it for another idle period, so a token left in an open tab dies on its own.
Revocations are held in memory until the token would have expired anyway (a restarted Rasa server forgets them:
see the README's "Security" section), and with several Rasa servers in Redis too (channels/shared_revocations.py).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable

from channels.shared_revocations import SharedRevocations

TOKEN = re.compile(r"^([A-Za-z0-9_-]{22,64})\.(\d{1,12})\.([0-9a-f]{64})$")


class WebChatSessions:
    def __init__(self, secret: bytes, idle_seconds: int, clock: Callable[[], float] = time.time,
                 shared: SharedRevocations | None = None):
        if len(secret) < 16:
            raise ValueError("SAYIT_WEBCHAT_SECRET must be 16 or more characters (`sayit run` makes one)")
        self.secret, self.idle_seconds, self.clock, self.shared = secret, idle_seconds, clock, shared
        self.revoked: dict[str, float] = {}  # session id -> when its last token expires

    def _sign(self, sender: str, expires: int) -> str:
        return hmac.new(self.secret, f"{sender}.{expires}".encode(), hashlib.sha256).hexdigest()

    def issue(self, sender: str | None = None) -> str:
        """A token for a new session (or, given its id, the same session for another idle period)."""
        sender = sender or secrets.token_urlsafe(24)
        expires = int(self.clock()) + self.idle_seconds
        return f"{sender}.{expires}.{self._sign(sender, expires)}"

    def sender_of(self, token: object) -> str | None:
        """The session id a token holds, if it is genuine, unexpired and not revoked."""
        found = TOKEN.match(token) if isinstance(token, str) else None
        if not found:
            return None
        sender, expires, signature = found.group(1), int(found.group(2)), found.group(3)
        if not hmac.compare_digest(signature, self._sign(sender, expires)) or expires < self.clock():
            return None
        if sender in self.revoked or (self.shared is not None and self.shared.revoked(sender)):
            return None
        return sender

    def revoke(self, sender: str) -> None:
        now = self.clock()
        self.revoked = {s: until for s, until in self.revoked.items() if until >= now}
        self.revoked[sender] = now + self.idle_seconds
        if self.shared is not None:
            self.shared.revoke(sender, self.idle_seconds)
