"""The safeguarding alert as a signed webhook: a JSON body of ids, signed with HMAC-SHA256 in X-SayIt-Signature
using SAYIT_CONCERN_WEBHOOK_SECRET, so the receiver can check it came from SayIt."""

from __future__ import annotations

import hashlib
import hmac
import urllib.request

from bot.alerts.notifier import ConcernAlert
from bot.settings import webhook_alert_settings

TIMEOUT_SECONDS = 10


def signature(secret: bytes, body: bytes) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


class WebhookChannel:
    name = "webhook"

    def __init__(self, url: str, secret: bytes):
        self.url = url
        self.secret = secret

    @classmethod
    def from_env(cls) -> WebhookChannel | None:
        s = webhook_alert_settings()
        return cls(s.url, s.secret) if s else None

    def deliver(self, alert: ConcernAlert) -> None:
        body = alert.body()
        request = urllib.request.Request(self.url, body, {"Content-Type": "application/json",
                                                          "X-SayIt-Signature": signature(self.secret, body)})
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as reply:
            if not 200 <= reply.status < 300:
                raise OSError(f"the webhook answered HTTP {reply.status}")
