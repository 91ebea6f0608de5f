"""Where Rasa's Redis tracker store (rasa_extensions/redis_stores.py) keeps each conversation, so `sayit erase` can
remove it without importing Rasa. The key is the sender id Rasa is handed: already a keyed hash for SMS and Telegram
(bot/pseudonym.py channel_sender), a random id for the web chat."""

from __future__ import annotations

TRACKER_PREFIX = "sayit:tracker:"


def tracker_key(sender_id: str) -> str:
    return TRACKER_PREFIX + sender_id


def forget_tracker(redis_url: str, sender_id: str) -> bool:
    """Delete one conversation's tracker at once (it would expire within the hour); True if there was one."""
    import redis

    client = redis.Redis.from_url(redis_url, socket_timeout=5)
    try:
        return bool(client.delete(tracker_key(sender_id)))
    finally:
        client.close()
