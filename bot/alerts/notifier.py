"""Tell the safeguarding lead that a concern was raised, through whatever the council configures: a webhook
(bot/alerts/by_webhook.py), an email (bot/alerts/by_email.py), or both.

An alert carries ids and times, never the words: a child's disclosure stays in SayIt's database, where the lead
reads it with `sayit concerns`. Sending happens off the conversation's path, so a slow or broken mail server never
delays a young person's next question; a concern no channel delivered shows as not notified in `sayit concerns`.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Protocol

logger = logging.getLogger(__name__)
NEXT_STEP = "read and review it with `sayit concerns`"


@dataclass(frozen=True)
class ConcernAlert:
    concern_id: int
    session_id: str
    survey: str

    def fields(self) -> dict:
        return {"event": "concern_raised", "concern_id": self.concern_id, "session_id": self.session_id,
                "survey": self.survey, "sent_at": datetime.now(timezone.utc).isoformat(), "next_step": NEXT_STEP}

    def body(self) -> bytes:
        return json.dumps(self.fields()).encode()


class AlertChannel(Protocol):
    name: str

    def deliver(self, alert: ConcernAlert) -> None:
        """Deliver the alert or raise OSError (network, refused, rejected) saying why not."""


class Notifier:
    """Sends each alert through every configured channel; `on_sent` records it once at least one delivered."""

    def __init__(self, channels: Sequence[AlertChannel], on_sent: Callable[[int], None]):
        self.channels = tuple(channels)
        self.on_sent = on_sent

    @classmethod
    def from_env(cls, on_sent: Callable[[int], None]) -> Notifier | None:
        # imported here so each channel's module stays the one place that reads its own settings
        from bot.alerts.by_email import EmailChannel
        from bot.alerts.by_webhook import WebhookChannel

        channels = [c for c in (WebhookChannel.from_env(), EmailChannel.from_env()) if c is not None]
        return cls(channels, on_sent) if channels else None

    def send(self, alert: ConcernAlert) -> bool:
        delivered = False
        for channel in self.channels:
            try:
                channel.deliver(alert)
                delivered = True
            except OSError as exc:
                logger.warning("Concern %s: the safeguarding %s alert failed (%s: %s); it shows as not notified "
                               "in `sayit concerns` unless another channel delivered it", alert.concern_id,
                               channel.name, type(exc).__name__, exc)
        if delivered:
            self.on_sent(alert.concern_id)
        return delivered

    def send_soon(self, alert: ConcernAlert) -> threading.Thread:
        thread = threading.Thread(target=self.send, args=(alert,), name=f"concern-{alert.concern_id}", daemon=True)
        thread.start()
        return thread
