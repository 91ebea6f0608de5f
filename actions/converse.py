"""action_converse: every user turn goes to bot/dialogue/conversation.py; its structured replies go back out."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.runtime import conversation
from bot.dialogue import notices
from bot.dialogue.incoming import Incoming
from bot.dialogue.outgoing import Outgoing
from bot.pseudonym import FAMILY_KEY
from bot.translation.languages import negotiate

log = logging.getLogger(__name__)

PAYLOAD_ENTITIES = ("question_id", "value", "role", "language")
VOICE_CLIP_ID = re.compile(r"^[0-9a-f]{32}$")  # how bot/store/voice_inbox.py names a clip
CHANNEL_VIAS = ("typed", "voice")  # what a channel may say of an untapped message


def incoming_from_tracker(tracker: Tracker) -> Incoming:
    latest = tracker.latest_message or {}
    user_event: dict[str, Any] = next((e for e in reversed(tracker.events) if e.get("event") == "user"), {})
    metadata = user_event.get("metadata") or {}
    text = latest.get("text") or ""
    intent = latest.get("intent") or {}
    tapped = text.startswith("/")
    said_via = metadata.get("via")
    via = "button" if tapped else said_via if isinstance(said_via, str) and said_via in CHANNEL_VIAS else "typed"
    payload = {e["entity"]: e["value"] for e in latest.get("entities", []) if e.get("entity") in PAYLOAD_ENTITIES}
    return Incoming(
        channel=tracker.get_latest_input_channel() or "rest",
        sender_id=tracker.sender_id,
        text=text,
        via=via,
        payload=payload if tapped else {},
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        message_key=user_event.get("message_id"),
        survey=metadata.get("survey"),
        family=family if isinstance(family := metadata.get("family"), str) and FAMILY_KEY.match(family) else None,
        language_hints=[h for h in metadata.get("language_hints") or [] if isinstance(h, str)],
        question_id=metadata["question_id"] if isinstance(metadata.get("question_id"), str) else None,
        voice_clip=clip if via == "voice" and isinstance(clip := metadata.get("voice_clip"), str)
        and VOICE_CLIP_ID.match(clip) else None,
        # set by the web chat alone, once it has checked the advocate's own token (channels/advocate_view.py)
        advocate_id=metadata["advocate_id"] if type(metadata.get("advocate_id")) is int else None,
        assistance=metadata["assistance"] if isinstance(metadata.get("assistance"), str) else None,
        observation=metadata["observation"] if isinstance(metadata.get("observation"), str) else None,
    )


class ActionConverse(Action):
    def name(self) -> str:
        return "action_converse"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        msg = incoming_from_tracker(tracker)
        try:
            # The store is blocking I/O: keep it off the action server's event loop.
            replies = await asyncio.to_thread(conversation().handle, msg)
        except Exception as exc:  # noqa: BLE001 - whatever went wrong, the person hears so, and nothing was stored
            # the kind of failure only: its message may quote the reply or an id
            log.error("A turn failed (%s); the person was asked to send it again.", type(exc).__name__)
            replies = [failed_turn(msg)]
        for reply in replies:
            dispatcher.utter_message(text=reply.text, buttons=reply.buttons, json_message=reply.custom)
        return []


def failed_turn(msg: Incoming) -> Outgoing:
    """The kind words for a turn that did not go through, in the language the channel hints (the store, which
    knows the session's language, may be what failed)."""
    return notices.turn_failed(negotiate(msg.language_hints, default="en"))
