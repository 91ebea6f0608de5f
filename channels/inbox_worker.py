"""The worker in each Rasa server that handles what the SMS and Telegram webhooks kept in the inbox
(bot/webhooks/inbox.py): it takes messages in turn (each sender's oldest, so one person's come in order), runs
up to CONCURRENT turns at once, and puts back any it could not handle to be tried again later. A webhook that has
just kept a message wakes it, so an idle server answers at once; otherwise it looks every POLL_S seconds (for
messages another server kept, or that are due again).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.webhooks.inbox import Inbox, Letter

logger = logging.getLogger(__name__)
CONCURRENT = 16  # turns at once: a Rasa server carries about 70 a second, each mostly waiting on the action server
POLL_S = 0.5

Handle = Callable[[Letter], Awaitable[bool]]  # True: done; False: try again later
GiveUp = Callable[[Letter], Awaitable[None]]  # tell the person it did not go through


class InboxWorker:
    def __init__(self, inbox: Inbox, handle: Handle, give_up: GiveUp):
        self.inbox, self.handle, self.give_up = inbox, handle, give_up
        self.running: set[asyncio.Task] = set()
        self.woken = asyncio.Event()
        self.task: asyncio.Task | None = None

    def start(self) -> None:
        if self.task is None:
            self.task = asyncio.get_running_loop().create_task(self.run(), name=f"{self.inbox.channel} inbox")

    def wake(self) -> None:
        self.woken.set()

    async def run(self) -> None:
        while True:
            try:
                free = CONCURRENT - len(self.running)
                letters = await asyncio.to_thread(self.inbox.take, free) if free > 0 else []
                for letter in letters:
                    task = asyncio.create_task(self._one(letter))
                    self.running.add(task)
                    task.add_done_callback(self._finished)
                if letters and len(self.running) < CONCURRENT:
                    continue  # more may be waiting
            except Exception as exc:  # the store down a moment: look again shortly, never stop
                logger.error("The %s inbox could not be read (%s); trying again", self.inbox.channel,
                             type(exc).__name__)
            self.woken.clear()
            try:
                await asyncio.wait_for(self.woken.wait(), POLL_S)
            except asyncio.TimeoutError:
                pass

    def _finished(self, task: asyncio.Task) -> None:
        self.running.discard(task)
        self.woken.set()  # a slot is free

    async def _one(self, letter: Letter) -> None:
        try:
            handled = await self.handle(letter)
        except Exception as exc:
            logger.error("A %s message could not be handled (%s); it will be tried again", self.inbox.channel,
                         type(exc).__name__)
            handled = False
        try:
            if handled:
                await asyncio.to_thread(self.inbox.done, letter)
            elif not await asyncio.to_thread(self.inbox.try_again, letter):
                await self.give_up(letter)
                await asyncio.to_thread(self.inbox.done, letter)
        except Exception as exc:  # its lease runs out and it is taken again
            logger.error("A %s message's outcome could not be kept (%s)", self.inbox.channel, type(exc).__name__)
