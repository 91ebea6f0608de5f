"""Telling Telegram where SayIt's webhook is (`sayit telegram webhook --url ...`) and asking what it has."""

from __future__ import annotations

import asyncio

from telegram import Bot
from telegram.error import TelegramError

from bot.settings import SettingsError, TelegramSettings, telegram_settings


class TelegramRefused(RuntimeError):
    """Telegram would not do what was asked; the message says what it said."""


ALLOWED_UPDATES = ["message", "callback_query"]  # typed messages and button taps; nothing else is read


def configured() -> TelegramSettings:
    settings = telegram_settings()
    if settings is None:
        raise SettingsError("Telegram is not set up: set SAYIT_TELEGRAM_TOKEN (from @BotFather) and "
                            "SAYIT_TELEGRAM_WEBHOOK_SECRET, then run this again.")
    return settings


async def _set_webhook(settings: TelegramSettings, url: str) -> None:
    async with Bot(settings.token, base_url=settings.api_url) as bot:
        await bot.set_webhook(url, secret_token=settings.webhook_secret, allowed_updates=ALLOWED_UPDATES)


async def _webhook_url(settings: TelegramSettings) -> str:
    async with Bot(settings.token, base_url=settings.api_url) as bot:
        return (await bot.get_webhook_info()).url


def set_webhook(url: str) -> None:
    """Register the webhook, with the secret Telegram will send back on every update."""
    try:
        asyncio.run(_set_webhook(configured(), url))
    except TelegramError as exc:
        raise TelegramRefused(str(exc)) from exc


def webhook_url() -> str:
    try:
        return asyncio.run(_webhook_url(configured()))
    except TelegramError as exc:
        raise TelegramRefused(str(exc)) from exc
