"""A tracker store that keeps only each conversation's opening and its most recent turns, in memory.

SayIt keeps the survey's state in its own store (bot/store/survey_store.py), so Rasa's tracker needs only the last few
turns for its rules. Rasa's in-memory store keeps every event of every conversation forever and serialises
the whole history several times a turn, so a turn grew slower as a survey went on (20 ms at the first
question to 44 ms at the 25th, measured with `sayit bench`); with a bounded history it stays flat, and the
server's memory no longer grows with every message.
"""

from __future__ import annotations

from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

DEFAULT_MAX_EVENTS = 60


def _is_listen(event: Event) -> bool:
    return isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME


def recent_events(events: list[Event], max_events: int) -> list[Event]:
    """The opening (up to the first action_listen) and the last whole turns, at most about max_events."""
    if len(events) <= max_events:
        return events
    opening_end = next((i for i, e in enumerate(events) if _is_listen(e)), None)
    cut = next((i for i in range(len(events) - max_events, len(events)) if _is_listen(events[i])), None)
    if opening_end is None or cut is None or cut <= opening_end:
        return events
    # Both pieces end at an action_listen, so the kept history is a valid conversation turn by turn.
    return events[: opening_end + 1] + events[cut + 1:]


class RecentTrackerStore(InMemoryTrackerStore):
    def __init__(self, domain: Domain, event_broker: EventBroker | None = None,
                 max_events: int = DEFAULT_MAX_EVENTS, **kwargs: Any) -> None:
        if event_broker is not None:
            raise ValueError("RecentTrackerStore drops old events, so it cannot feed an event broker; "
                             "remove the event_broker from endpoints.yml or use another tracker store")
        self.max_events = int(max_events)
        kwargs.pop("host", None)
        super().__init__(domain, None, **kwargs)

    async def save(self, tracker: DialogueStateTracker) -> None:
        events = list(tracker.events)
        kept = recent_events(events, self.max_events)
        if len(kept) != len(events):
            tracker = DialogueStateTracker.from_events(tracker.sender_id, kept, slots=self.domain.slots,
                                                       max_event_history=tracker._max_event_history,
                                                       domain=self.domain)
        await super().save(tracker)
