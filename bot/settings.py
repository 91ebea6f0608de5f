"""Settings from the environment, with safe local defaults. Secrets are read here and nowhere else."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class SettingsError(RuntimeError):
    """A setting is missing or wrong; the message says which variable to set."""


def data_dir() -> Path:
    return Path(os.environ.get("SAYIT_DATA_DIR", PROJECT_ROOT / "var"))


def database_url() -> str:
    return os.environ.get("SAYIT_DB_URL") or f"sqlite:///{data_dir() / 'sayit.db'}"


@dataclass(frozen=True)
class Settings:
    db_url: str
    pseudonym_key: bytes
    survey: str
    language: str

    @classmethod
    def from_env(cls) -> Settings:
        key = os.environ.get("SAYIT_PSEUDONYM_KEY", "")
        if len(key) < 16:
            raise SettingsError(
                "SAYIT_PSEUDONYM_KEY must be set to a secret of 16 or more characters: it keys the hash that "
                "stands in for phone numbers and chat ids. `sayit run` makes one for a local demo."
            )
        return cls(
            db_url=database_url(),
            pseudonym_key=key.encode("utf-8"),
            survey=os.environ.get("SAYIT_SURVEY", "shropshire_annual_review"),
            language=os.environ.get("SAYIT_LANGUAGE", "en"),
        )


GOOGLE_TTS_URL = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"


def tts_url() -> str:
    """Where speech is made: Google's endpoint in production (`SAYIT_TTS_URL=google`), a local fake that
    `sayit run` starts by default, or "" (speech off: questions go out as text with no audio)."""
    url = os.environ.get("SAYIT_TTS_URL", "").strip()
    return GOOGLE_TTS_URL if url == "google" else ("" if url == "off" else url)


TELEGRAM_API_URL = "https://api.telegram.org/bot"
WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{16,256}$")  # what Telegram allows in a secret_token, at least 16


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    webhook_secret: str
    api_url: str


def telegram_settings() -> TelegramSettings | None:
    """The Telegram bot's token and webhook secret, or None when Telegram is not set up on this server."""
    token = os.environ.get("SAYIT_TELEGRAM_TOKEN", "").strip()
    if not token:
        return None
    secret = os.environ.get("SAYIT_TELEGRAM_WEBHOOK_SECRET", "").strip()
    if not WEBHOOK_SECRET.match(secret):
        raise SettingsError(
            "SAYIT_TELEGRAM_WEBHOOK_SECRET must be set to 16 to 256 letters, digits, _ or - when "
            "SAYIT_TELEGRAM_TOKEN is: Telegram sends it back with every update, so only Telegram can post to "
            "the webhook. Make one with `python -c 'import secrets; print(secrets.token_urlsafe(32))'`."
        )
    return TelegramSettings(token, secret, os.environ.get("SAYIT_TELEGRAM_API_URL", "").strip() or TELEGRAM_API_URL)


TWILIO_ACCOUNT_SID = re.compile(r"^AC[0-9a-f]{32}$")


@dataclass(frozen=True)
class SmsSettings:
    account_sid: str
    auth_token: str
    webhook_url: str  # the address Twilio posts to, as set in its console ("": the address the request came to)


def sms_settings() -> SmsSettings | None:
    """The Twilio account that texts come through, or None when SMS is not set up on this server."""
    token = os.environ.get("SAYIT_TWILIO_AUTH_TOKEN", "").strip()
    if not token:
        return None
    sid = os.environ.get("SAYIT_TWILIO_ACCOUNT_SID", "").strip()
    if not TWILIO_ACCOUNT_SID.match(sid):
        raise SettingsError("SAYIT_TWILIO_ACCOUNT_SID must be set to the Twilio account's SID (AC and 32 hex "
                            "digits, from the Twilio console) when SAYIT_TWILIO_AUTH_TOKEN is.")
    return SmsSettings(sid, token, os.environ.get("SAYIT_SMS_WEBHOOK_URL", "").strip())
