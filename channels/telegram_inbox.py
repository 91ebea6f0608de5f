"""Telegram updates through the webhook inbox (bot/webhooks/inbox.py, docs/decisions/0011-webhook-inbox.md): the
webhook keeps each update, sealed (it holds the chat id and the words), and answers Telegram at once; the worker
(channels/inbox_worker.py) hands it to the channel's own `handle`, as the webhook used to. A turn that could not be
done (the action server down) is not answered "did not go through" but tried again later; after about an hour of
trying, it is."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from rasa.core.channels.channel import UserMessage
from telegram import Update

from bot.dialogue import notices
from bot.translation.languages import negotiate
from bot.webhooks.inbox import Inbox, Letter
from channels.inbox_worker import InboxWorker

if TYPE_CHECKING:
    from channels.telegram import TelegramInput

FROM_INBOX: ContextVar[bool] = ContextVar("from_inbox", default=False)  # set in the worker's task for one update


class TurnNotDone(Exception):
    """Raised by a turn taken from the inbox that sent nothing, so it is tried again later."""


def chat_of(update: Update) -> tuple[int, list[str | None]] | None:
    """The chat an update is from and its language hint, or None when it is from no chat the bot talks in."""
    if update.callback_query is not None and update.callback_query.message is not None:
        return update.callback_query.message.chat.id, [update.callback_query.from_user.language_code]
    if update.message is not None and update.message.from_user is not None:
        return update.message.chat.id, [update.message.from_user.language_code]
    return None


def telegram_worker(channel: TelegramInput, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> InboxWorker:
    from channels.telegram import TelegramOutput, update_of

    assert channel.bot is not None
    bot = channel.bot

    async def handle(letter: Letter) -> bool:
        update = update_of(letter.content, bot)
        if update is None:  # it was checked before it was kept: nothing to do
            return True
        FROM_INBOX.set(True)
        try:
            await channel.handle_update(update, on_new_message)
        except TurnNotDone:
            return False
        return True

    async def give_up(letter: Letter) -> None:
        update = update_of(letter.content, bot)
        chat = chat_of(update) if update is not None else None
        if chat is not None:
            await TelegramOutput(bot, chat[0]).send(notices.turn_failed(negotiate(chat[1],
                                                                                  default=channel.language)))

    return InboxWorker(Inbox(channel.name(), channel.pseudonym_key), handle, give_up)
