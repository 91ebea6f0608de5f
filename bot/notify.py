"""Tell the safeguarding lead that a concern was raised, through a webhook the council configures.

The alert carries ids and times, never the words: a child's disclosure stays in SayIt's database, where the lead
reads it with `sayit concerns`. The body is signed (HMAC-SHA256 in X-SayIt-Signature) with
SAYIT_CONCERN_WEBHOOK_SECRET so the receiver can check it came from SayIt. Sending happens off the conversation's
path, so a slow or broken webhook never delays a young person's next question; a concern whose alert failed shows
as not notified in `sayit concerns`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class ConcernAlert:
    concern_id: int
    session_id: str
    survey: str

    def body(self) -> bytes:
        return json.dumps({
            "event": "concern_raised",
            "concern_id": self.concern_id,
            "session_id": self.session_id,
            "survey": self.survey,
            "sent_at": datetime.now(timezone.utc).isoformat(),
            "next_step": "read and review it with `sayit concerns`",
        }).encode()


def signature(secret: bytes, body: bytes) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


class WebhookNotifier:
    def __init__(self, url: str, secret: bytes, on_sent: Callable[[int], None]):
        self.url = url
        self.secret = secret
        self.on_sent = on_sent

    @classmethod
    def from_env(cls, on_sent: Callable[[int], None]) -> WebhookNotifier | None:
        url = os.environ.get("SAYIT_CONCERN_WEBHOOK", "")
        if not url:
            return None
        return cls(url, os.environ.get("SAYIT_CONCERN_WEBHOOK_SECRET", "").encode(), on_sent)

    def send(self, alert: ConcernAlert) -> bool:
        body = alert.body()
        request = urllib.request.Request(self.url, body, {"Content-Type": "application/json",
                                                          "X-SayIt-Signature": signature(self.secret, body)})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as reply:
                ok = 200 <= reply.status < 300
        except OSError as exc:
            logger.warning("Concern %s: the safeguarding webhook failed (%s); it shows as not notified in "
                           "`sayit concerns`", alert.concern_id, type(exc).__name__)
            return False
        if ok:
            self.on_sent(alert.concern_id)
        return ok

    def send_soon(self, alert: ConcernAlert) -> threading.Thread:
        thread = threading.Thread(target=self.send, args=(alert,), name=f"concern-{alert.concern_id}", daemon=True)
        thread.start()
        return thread
