"""An output channel that collects each bot message whole: text, buttons and the `custom` payload together.
Rasa's own collector would split a message's text and its custom payload into two; SayIt's channels render
from the payload, so they need them together."""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel


class WholeMessages(CollectingOutputChannel):
    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.messages.append({
            "recipient_id": recipient_id,
            "text": message.get("text"),
            "buttons": message.get("buttons") or [],
            "custom": message.get("custom"),
        })
