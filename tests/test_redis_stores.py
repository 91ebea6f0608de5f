"""The Redis tracker and lock stores (rasa_extensions/redis_stores.py) that several Rasa servers share, on a real
Redis server."""

import json
import uuid

import pytest
import redis
from rasa.core.lock_store import LockStore
from rasa.core.tracker_store import create_tracker_store
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.store.rasa_trackers import tracker_key
from rasa_extensions.redis_stores import RecentRedisTrackerStore, UrlRedisLockStore
from tests.test_recent_tracker_store import ROOT, conversation


@pytest.fixture
def domain():
    return Domain.load(ROOT / "domain.yml")


@pytest.fixture
def store(domain, redis_url):
    config = EndpointConfig(url=redis_url, type="rasa_extensions.redis_stores.RecentRedisTrackerStore",
                            max_events=20, expire_after=600)
    return create_tracker_store(config, domain)


def said(text):
    return UserUttered(text, {"name": "answer", "confidence": 0.9},
                       [{"entity": "value", "value": text, "start": 0, "end": len(text)}],
                       metadata={"question_id": "q1"}, input_channel="sms")


async def test_a_saved_tracker_comes_back_bounded_with_its_intents_and_no_words(store, domain, redis_url):
    assert isinstance(store, RecentRedisTrackerStore)  # Rasa falls back to its in-memory store quietly if not
    sender = f"someone-{uuid.uuid4().hex}"
    events = conversation(40) + [said("my secret reply")]
    await store.save(DialogueStateTracker.from_events(sender, events, slots=domain.slots))

    raw = redis.Redis.from_url(redis_url).get(tracker_key(sender)).decode()
    assert "my secret reply" not in raw and "question 40" not in raw and "q1" not in raw
    again = await store.retrieve(sender)
    assert again is not None and len(again.events) <= 23
    assert again.latest_message.intent["name"] == "answer" and again.latest_message.text is None
    assert [e.as_dict()["event"] for e in list(again.events)[:3]] == ["action", "session_started", "action"]
    assert again.get_latest_input_channel() == "sms"
    assert json.loads(raw)["name"] == sender


async def test_each_conversation_expires_after_its_last_turn_and_is_listed(store, domain, redis_url):
    sender = f"someone-{uuid.uuid4().hex}"
    await store.save(DialogueStateTracker.from_events(sender, conversation(2), slots=domain.slots))
    assert 0 < redis.Redis.from_url(redis_url).ttl(tracker_key(sender)) <= 600
    assert sender in await store.keys()
    assert await store.retrieve(f"nobody-{uuid.uuid4().hex}") is None


async def test_a_tracker_saved_by_one_server_is_read_by_another(domain, redis_url):
    config = EndpointConfig(url=redis_url, type="rasa_extensions.redis_stores.RecentRedisTrackerStore")
    first, second = create_tracker_store(config, domain), create_tracker_store(config, domain)
    sender = f"someone-{uuid.uuid4().hex}"
    await first.save(DialogueStateTracker.from_events(sender, conversation(3), slots=domain.slots))
    tracker = await second.retrieve(sender)
    tracker.update(said("5"))
    await second.save(tracker)
    assert (await first.retrieve(sender)).latest_action_name == ACTION_LISTEN_NAME
    assert len((await first.retrieve(sender)).events) == len(conversation(3)) + 1


def test_the_tracker_store_refuses_what_is_not_a_redis_url(domain):
    with pytest.raises(ValueError, match="SAYIT_REDIS_URL"):
        RecentRedisTrackerStore(domain, host="localhost")


def test_the_lock_store_is_shared_between_servers(redis_url):
    config = EndpointConfig(url=redis_url, type="rasa_extensions.redis_stores.UrlRedisLockStore")
    first, second = LockStore.create(config), LockStore.create(config)
    assert isinstance(first, UrlRedisLockStore)
    conversation_id = f"someone-{uuid.uuid4().hex}"
    ticket = first.issue_ticket(conversation_id)
    waiting = second.issue_ticket(conversation_id)
    assert waiting == ticket + 1
    assert second.get_lock(conversation_id).now_serving == ticket
    first.finish_serving(conversation_id, ticket)
    assert second.get_lock(conversation_id).now_serving == waiting


def test_servers_taking_tickets_at_the_same_moment_each_get_their_own(redis_url):
    from concurrent.futures import ThreadPoolExecutor

    config = EndpointConfig(url=redis_url, type="rasa_extensions.redis_stores.UrlRedisLockStore")
    servers = [LockStore.create(config) for _ in range(4)]
    conversation_id = f"someone-{uuid.uuid4().hex}"
    with ThreadPoolExecutor(8) as pool:
        tickets = list(pool.map(lambda n: servers[n % 4].issue_ticket(conversation_id), range(200)))
    assert sorted(tickets) == list(range(200))  # Rasa's own store handed some out twice
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: servers[n % 4].cleanup(conversation_id, tickets[n]), range(200)))
    assert servers[0].get_lock(conversation_id) is None  # every ticket served, the lock gone


def test_a_web_chat_session_ended_on_one_server_is_refused_by_every_other(redis_url):
    from channels.shared_revocations import SharedRevocations
    from channels.webchat_session import WebChatSessions

    secret = b"a-web-chat-secret-0123456789"
    servers = [WebChatSessions(secret, 3600, shared=SharedRevocations(redis_url, secret)) for _ in range(2)]
    token = servers[0].issue()
    sender = servers[1].sender_of(token)
    assert sender is not None
    servers[0].revoke(sender)  # "End my session", reaching the first server
    assert servers[1].sender_of(token) is None and servers[0].sender_of(token) is None
    assert sender.encode() not in b"".join(redis.Redis.from_url(redis_url).keys("sayit:revoked:*"))
    unreachable = WebChatSessions(secret, 3600, shared=SharedRevocations("redis://127.0.0.1:1/0", secret))
    other = unreachable.issue()
    assert unreachable.sender_of(other) is not None  # Redis away: nobody is locked out
    unreachable.revoke(unreachable.sender_of(other))
    assert unreachable.sender_of(other) is None  # and what this server revoked it still refuses
