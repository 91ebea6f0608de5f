"""The bounded tracker store (rasa_extensions/recent_tracker_store.py) that `sayit run` configures in endpoints.yml."""

from pathlib import Path

import pytest
from rasa.core.tracker_store import create_tracker_store
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from rasa_extensions.recent_tracker_store import RecentTrackerStore, recent_events

ROOT = Path(__file__).resolve().parents[1]


def conversation(turns):
    events = [ActionExecuted(ACTION_SESSION_START_NAME), SessionStarted(), ActionExecuted(ACTION_LISTEN_NAME)]
    for n in range(turns):
        events += [UserUttered(str(n), {"name": "answer", "confidence": 1.0}), ActionExecuted("action_converse"),
                   BotUttered(f"question {n + 1}"), ActionExecuted(ACTION_LISTEN_NAME)]
    return events


@pytest.fixture
def domain():
    return Domain.load(ROOT / "domain.yml")


def test_endpoints_yml_really_loads_it(domain):
    # Rasa quietly falls back to its in-memory store if the class cannot be imported: make sure it can.
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
    store = create_tracker_store(config, domain)
    assert isinstance(store, RecentTrackerStore) and store.max_events == 20


def test_short_conversations_are_kept_whole():
    events = conversation(5)
    assert recent_events(events, 60) == events


def test_long_conversations_keep_the_opening_and_the_last_whole_turns():
    events = conversation(100)
    kept = recent_events(events, 60)
    assert 3 < len(kept) <= 63
    assert kept[:3] == events[:3]
    assert isinstance(kept[3], UserUttered)  # the tail starts at a whole turn
    assert kept[-4:] == events[-4:]


async def test_saved_history_is_bounded_and_still_a_valid_tracker(domain):
    store = RecentTrackerStore(domain, max_events=60)
    tracker = DialogueStateTracker.from_events("someone", conversation(100), slots=domain.slots)
    await store.save(tracker)
    again = await store.retrieve("someone")
    assert len(again.events) <= 63
    assert again.latest_message.text == "99"
    assert again.latest_action_name == ACTION_LISTEN_NAME


def test_an_event_broker_is_refused_with_a_reason(domain):
    with pytest.raises(ValueError, match="event broker"):
        RecentTrackerStore(domain, event_broker=object())
