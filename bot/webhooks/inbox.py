"""One channel's side of the webhook inbox (bot/store/inbox.py): keep a message sealed, take the next ones opened,
and say how each went. Every call is a short database transaction; a channel runs them off its event loop."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.settings import database_url
from bot.store import inbox
from bot.store.sealed import Unsealable, seal, unseal
from bot.store.survey_store import opened

logger = logging.getLogger(__name__)
# seconds before each try again: about an hour in all, then the person is told it did not go through
RETRY_DELAYS = (2, 5, 15, 30, 60, 120, 300, 600, 600, 600, 600)


@dataclass(frozen=True)
class Letter:
    """A message taken from the inbox, opened: what the channel kept (a number or chat id, the words, ...)."""

    id: int
    message_key: str
    sender: str
    content: dict[str, Any]
    attempts: int


class Inbox:
    def __init__(self, channel: str, secret: bytes):
        self.channel, self.secret = channel, secret
        self.engine = opened(database_url()).engine

    def keep(self, message_key: str, sender: str, content: dict[str, Any]) -> bool:
        """Keep a message to handle; False if it was kept already (sent again by Twilio or Telegram)."""
        return inbox.put(self.engine, self.channel, message_key, sender, seal(self.secret, content))

    def take(self, most: int) -> list[Letter]:
        letters = []
        for waiting in inbox.take(self.engine, self.channel, most):
            try:
                letters.append(Letter(waiting.id, waiting.message_key, waiting.sender,
                                      unseal(self.secret, waiting.sealed), waiting.attempts))
            except Unsealable:
                # sealed under a key this server does not have: no use to anyone, and nothing can answer it
                logger.error("A message in the %s inbox could not be opened (sealed under another "
                             "SAYIT_PSEUDONYM_KEY?); it was dropped", self.channel)
                inbox.done(self.engine, waiting.id)
        return letters

    def done(self, letter: Letter) -> None:
        inbox.done(self.engine, letter.id)

    def try_again(self, letter: Letter) -> bool:
        """Put a message back to be tried again later; False when it has been tried for long enough."""
        if letter.attempts >= len(RETRY_DELAYS):
            return False
        inbox.later(self.engine, letter.id, timedelta(seconds=RETRY_DELAYS[letter.attempts]))
        return True

    def waiting(self) -> int:
        return inbox.waiting(self.engine, self.channel)
