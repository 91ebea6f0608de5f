"""Revoked web chat sessions ("End my session") shared by every Rasa server through Redis, when there are several
(SAYIT_REDIS_URL): a token revoked on one server is refused by all of them. Each entry is a keyed hash of the
session id, and expires when the session's last token would have. If Redis cannot be reached, each server still
refuses the tokens revoked on it (and says so in its log): the person is never locked out by it."""

from __future__ import annotations

import hashlib
import hmac
import logging

import redis

logger = logging.getLogger(__name__)
PREFIX = "sayit:revoked:"


class SharedRevocations:
    def __init__(self, url: str, secret: bytes):
        self.red = redis.Redis.from_url(url, socket_timeout=2)
        self.secret = secret

    def _key(self, sender: str) -> str:
        return PREFIX + hmac.new(self.secret, sender.encode(), hashlib.sha256).hexdigest()[:32]

    def revoke(self, sender: str, seconds: int) -> None:
        try:
            self.red.set(self._key(sender), b"1", ex=max(1, seconds))
        except redis.RedisError as exc:
            logger.warning("a revoked web chat session could not be shared with the other servers (%s)",
                           type(exc).__name__)

    def revoked(self, sender: str) -> bool:
        try:
            return bool(self.red.exists(self._key(sender)))
        except redis.RedisError as exc:
            logger.warning("the other servers' revoked web chat sessions could not be read (%s)", type(exc).__name__)
            return False
