"""Rasa's tracker store and lock store in Redis, for several Rasa servers sharing the conversations
(`sayit run --rasa-servers N`, docs/deployment.md). Both are configured by one `url: ${SAYIT_REDIS_URL}`, so the
password stays in the environment.

The tracker store keeps what the in-memory one keeps (the opening and the last turns: SayIt's store holds the
survey) and none of the person's words: a user turn keeps only its intent, a bot turn nothing but that it
happened. Each conversation's tracker expires an hour after its last turn (`expire_after`), far inside any
retention period, so `sayit purge` needs nothing here; `sayit erase --channel --sender` deletes it at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import redis
import redis.asyncio
from rasa.core.brokers.broker import EventBroker
from rasa.core.lock import TicketLock
from rasa.core.lock_store import DEFAULT_SOCKET_TIMEOUT_IN_SECONDS, LOCK_LIFETIME, LockError, RedisLockStore
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.settings import REDIS_SCHEMES
from bot.store.rasa_trackers import TRACKER_PREFIX, tracker_key
from rasa_extensions.recent_tracker_store import DEFAULT_MAX_EVENTS, recent_events

LOCK_PREFIX = "sayit"  # Rasa's RedisLockStore makes it sayit:lock:<conversation>
DEFAULT_EXPIRE_AFTER = 3600  # seconds after a conversation's last turn


def without_words(event: dict[str, Any]) -> dict[str, Any]:
    """A serialised event with nothing a person said or was shown: what Rasa's rules read is left."""
    kind = event.get("event")
    if kind == "user":
        intent = (event.get("parse_data") or {}).get("intent") or {}
        return {**event, "text": None, "metadata": {},
                "parse_data": {"intent": intent, "entities": [], "text": None}}
    if kind == "bot":
        return {**event, "text": None, "data": {}, "metadata": {}}
    if kind in ("slot", "entities"):
        return {**event, "value": None, "entities": []}
    return event


class RecentRedisTrackerStore(TrackerStore):
    def __init__(self, domain: Domain, host: str = "", event_broker: EventBroker | None = None,
                 max_events: int = DEFAULT_MAX_EVENTS, expire_after: int = DEFAULT_EXPIRE_AFTER,
                 **kwargs: Any) -> None:
        if event_broker is not None:
            raise ValueError("RecentRedisTrackerStore keeps no words and drops old events, so it cannot feed an "
                             "event broker; remove the event_broker from endpoints.yml")
        if not host.startswith(REDIS_SCHEMES):
            raise ValueError("the Redis tracker store's url must be a Redis URL such as redis://127.0.0.1:6379/0 "
                             "(set SAYIT_REDIS_URL)")
        self.max_events, self.expire_after = int(max_events), int(expire_after)
        # asyncio's client: a turn waits on Redis without holding up every other conversation on this server
        self.red = redis.asyncio.Redis.from_url(host, socket_timeout=DEFAULT_SOCKET_TIMEOUT_IN_SECONDS)
        super().__init__(domain, None, **kwargs)

    def stored_form(self, tracker: DialogueStateTracker) -> str:
        events = recent_events(list(tracker.events), self.max_events)
        return json.dumps({"name": tracker.sender_id, "events": [without_words(e.as_dict()) for e in events]})

    async def save(self, tracker: DialogueStateTracker) -> None:
        # One writer at a time per conversation (the Redis lock store), so no read-and-merge is needed
        await self.red.set(tracker_key(tracker.sender_id), self.stored_form(tracker), ex=self.expire_after)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        stored = await self.red.get(tracker_key(sender_id))
        return None if stored is None else self.deserialise_tracker(sender_id, stored)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        return await self.retrieve(sender_id)

    async def keys(self) -> list[str]:
        return [key.decode()[len(TRACKER_PREFIX):] async for key in self.red.scan_iter(TRACKER_PREFIX + "*")]


KEEP = object()  # a change that leaves the lock as it was


class UrlRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store, reached by a URL (one setting, SAYIT_REDIS_URL, names Redis for both stores), and
    safe between servers. Rasa's reads a conversation's lock, changes it and writes it back, so two servers taking
    a ticket at the same moment both got ticket 0 and handled two messages of one conversation at once (seen in
    tests/test_several_servers.py); here every change is one Redis transaction (WATCH, then MULTI), tried again
    if another server changed the lock in between."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(key_prefix=LOCK_PREFIX)
        self.red = redis.StrictRedis.from_url(endpoint_config.url, socket_timeout=DEFAULT_SOCKET_TIMEOUT_IN_SECONDS)

    def _change(self, conversation_id: str, change: Callable[[TicketLock | None], tuple[Any, Any]]) -> Any:
        """Apply `change` to the stored lock atomically: it returns (result, the lock to keep, None to delete it,
        or KEEP)."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(stored)) if stored else None
                    result, kept = change(lock)
                    pipe.multi()
                    if kept is None:
                        pipe.delete(key)
                    elif kept is not KEEP:
                        pipe.set(key, kept.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take(lock: TicketLock | None) -> tuple[int, TicketLock]:
            lock = lock or self.create_lock(conversation_id)
            return lock.issue_ticket(lock_lifetime), lock
        try:
            return int(self._change(conversation_id, take))
        except redis.RedisError as exc:
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc

    def _change_held(self, conversation_id: str, change: Callable[[TicketLock], TicketLock | None]) -> None:
        """Change a lock that is there (one that is not stays so): `change` gives it back, or None to delete it."""
        self._change(conversation_id, lambda lock: (None, KEEP if lock is None else change(lock)))

    def update_lock(self, conversation_id: str) -> None:
        def expire(lock: TicketLock) -> TicketLock:
            lock.remove_expired_tickets()
            return lock
        self._change_held(conversation_id, expire)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change_held(conversation_id, lambda lock: served(lock, ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        def finish_and_drop_if_idle(lock: TicketLock) -> TicketLock | None:
            served(lock, ticket_number)
            return lock if lock.is_someone_waiting() else None
        self._change_held(conversation_id, finish_and_drop_if_idle)


def served(lock: TicketLock, ticket_number: int) -> TicketLock:
    lock.remove_ticket_for(ticket_number)
    return lock
