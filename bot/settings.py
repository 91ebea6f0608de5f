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


def symbols_dir() -> Path:
    """Where OpenMoji's npm package is (its `color/svg/` and `data/`): installed by `make setup`, never committed."""
    return Path(os.environ.get("SAYIT_OPENMOJI_DIR", PROJECT_ROOT / "node_modules" / "openmoji"))


def council_survey_dir() -> Path | None:
    """A folder of a council's own survey files, loaded beside the shipped ones (SAYIT_SURVEY_DIR), if set."""
    folder = os.environ.get("SAYIT_SURVEY_DIR", "").strip()
    if folder and not Path(folder).is_dir():
        raise SettingsError(f"SAYIT_SURVEY_DIR is '{folder}', which is not a folder: point it at the folder of "
                            "your survey files (each checked as the shipped ones are: `sayit surveys --check`)")
    return Path(folder) if folder else None


def database_url() -> str:
    return os.environ.get("SAYIT_DB_URL") or f"sqlite:///{data_dir() / 'sayit.db'}"


@dataclass(frozen=True)
class Settings:
    db_url: str
    pseudonym_key: bytes
    survey: str
    language: str
    # `privacy_contact()`: unset, the privacy notice tells the person to ask whoever sent them the survey
    privacy_contact: str | None = None
    # how many messages one person may send a minute before the bot asks them to slow down
    messages_per_minute: int = 60

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
            survey=default_survey(),
            language=os.environ.get("SAYIT_LANGUAGE", "en"),
            privacy_contact=privacy_contact(),
            messages_per_minute=positive_int("SAYIT_MESSAGES_PER_MINUTE", 60),
        )


def pseudonym_key() -> bytes | None:
    """SAYIT_PSEUDONYM_KEY, where it is set well enough to key a hash (a family's key in invitation links)."""
    key = os.environ.get("SAYIT_PSEUDONYM_KEY", "")
    return key.encode("utf-8") if len(key) >= 16 else None


def default_survey() -> str:
    """The survey a new session takes (SAYIT_SURVEY), and what `sayit listen` hears answers to unless told."""
    return os.environ.get("SAYIT_SURVEY", "shropshire_annual_review")


GOOGLE_TTS_URL = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"
ESPEAK_ONLY = "espeak-ng"  # SAYIT_TTS_URL=espeak-ng: no Google at all, every clip made on this machine


def tts_url() -> str:
    """Where speech is made: Google's endpoint in production (`SAYIT_TTS_URL=google`), a local fake that
    `sayit run` starts by default, "espeak-ng" (this machine's espeak-ng alone, never Google), or "" (speech
    off: questions go out as text with no audio). Whenever Google's speech fails, espeak-ng makes the clip."""
    url = os.environ.get("SAYIT_TTS_URL", "").strip()
    return GOOGLE_TTS_URL if url == "google" else ("" if url == "off" else url)


SPEECH_ENGINES_DEFAULT = "en=pocketsphinx"
ENGINE_ENTRY = re.compile(r"^(?P<lang>[a-z]{2,3})=(?P<engine>pocketsphinx|[A-Za-z_][\w.]*:[A-Za-z_]\w*)"
                          r"(?:\?(?P<options>[^?]*))?$")


@dataclass(frozen=True)
class EngineSetting:
    """One language's speech recogniser: `pocketsphinx`, or a class named `module:Class`, with its options."""
    lang: str
    engine: str
    options: dict[str, str]


def speech_engines() -> dict[str, EngineSetting]:
    """Who hears spoken answers in each language (SAYIT_SPEECH_ENGINES): entries such as `en=pocketsphinx` or
    `pl=council.speech:Recogniser?model=/srv/models/pl`, separated by commas, each replacing that language's
    default (English by pocketsphinx; no other language has one)."""
    raw = os.environ.get("SAYIT_SPEECH_ENGINES", "").strip()
    engines = {}
    for entry in filter(None, (e.strip() for e in f"{SPEECH_ENGINES_DEFAULT},{raw}".split(","))):
        found = ENGINE_ENTRY.match(entry)
        if not found:
            raise SettingsError(f"SAYIT_SPEECH_ENGINES has '{entry}': write each entry as LANG=pocketsphinx or "
                                f"LANG=module:ClassName, optionally followed by ?option=value&..., e.g. "
                                f"'pl=council.speech:Recogniser?model=/srv/models/pl', or unset it for English alone")
        options = {}
        for pair in filter(None, (found["options"] or "").split("&")):
            key, sep, value = pair.partition("=")
            if not sep or not key.isidentifier():
                raise SettingsError(f"SAYIT_SPEECH_ENGINES has '{entry}': its options must read name=value&name=value")
            options[key] = value
        engines[found["lang"]] = EngineSetting(found["lang"], found["engine"], options)
    return engines


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
    api_url: str = "https://api.twilio.com"  # where replies are sent (the local fake's address in the demo and tests)


def sms_settings() -> SmsSettings | None:
    """The Twilio account that texts come through, or None when SMS is not set up on this server."""
    token = os.environ.get("SAYIT_TWILIO_AUTH_TOKEN", "").strip()
    if not token:
        return None
    sid = os.environ.get("SAYIT_TWILIO_ACCOUNT_SID", "").strip()
    if not TWILIO_ACCOUNT_SID.match(sid):
        raise SettingsError("SAYIT_TWILIO_ACCOUNT_SID must be set to the Twilio account's SID (AC and 32 hex "
                            "digits, from the Twilio console) when SAYIT_TWILIO_AUTH_TOKEN is.")
    return SmsSettings(sid, token, os.environ.get("SAYIT_SMS_WEBHOOK_URL", "").strip(),
                       os.environ.get("SAYIT_TWILIO_API_URL", "").strip() or "https://api.twilio.com")


@dataclass(frozen=True)
class WebhookAlertSettings:
    url: str
    secret: bytes  # keys the alert's X-SayIt-Signature


def webhook_alert_settings() -> WebhookAlertSettings | None:
    """Where a safeguarding alert is POSTed (SAYIT_CONCERN_WEBHOOK), or None when no webhook is set."""
    url = os.environ.get("SAYIT_CONCERN_WEBHOOK", "")
    return WebhookAlertSettings(url, os.environ.get("SAYIT_CONCERN_WEBHOOK_SECRET", "").encode()) if url else None


@dataclass(frozen=True)
class EmailAlertSettings:
    recipients: list[str]
    sender: str
    host: str
    port: int
    starttls: bool
    user: str = ""
    password: str = ""


def email_alert_settings() -> EmailAlertSettings | None:
    """Who is emailed a safeguarding alert and through which mail server, or None when no one is."""
    recipients = [a.strip() for a in os.environ.get("SAYIT_CONCERN_EMAIL_TO", "").split(",") if a.strip()]
    if not recipients:
        return None
    host = os.environ.get("SAYIT_SMTP_HOST", "")
    if not host:
        raise SettingsError("SAYIT_CONCERN_EMAIL_TO is set but SAYIT_SMTP_HOST is not: set it to your mail "
                            "server (and SAYIT_SMTP_PORT, SAYIT_SMTP_USER, SAYIT_SMTP_PASSWORD if it needs them)")
    starttls = os.environ.get("SAYIT_SMTP_STARTTLS", "1") != "0"
    port = os.environ.get("SAYIT_SMTP_PORT", "587" if starttls else "25")
    if not port.isdigit():
        raise SettingsError(f"SAYIT_SMTP_PORT is '{port}': set it to the mail server's port number, e.g. 587")
    return EmailAlertSettings(recipients, os.environ.get("SAYIT_CONCERN_EMAIL_FROM", "sayit@localhost"), host,
                              int(port), starttls, os.environ.get("SAYIT_SMTP_USER", ""),
                              os.environ.get("SAYIT_SMTP_PASSWORD", ""))


def safeguarding_lead() -> str | None:
    return os.environ.get("SAYIT_SAFEGUARDING_LEAD") or None


def lawful_basis() -> str:
    """The council's lawful basis for holding the answers, as `sayit subject-access` states it."""
    return os.environ.get("SAYIT_LAWFUL_BASIS", "").strip() or (
        "public task (UK GDPR Article 6(1)(e)), with Article 9(2)(g) for health data")


def privacy_contact() -> str | None:
    """Where a person asks about their data or for it to be deleted (an email, a phone number, a web address):
    the privacy notice and every subject access file name it."""
    return os.environ.get("SAYIT_PRIVACY_CONTACT", "").strip() or None


def retention_days() -> int:
    """How long a session is kept after it last changed, for `sayit purge` (two years unless set)."""
    return positive_int("SAYIT_RETENTION_DAYS", 730)


@dataclass(frozen=True)
class StoreKeys:
    """The store's own key, which hashes each respondent's pseudonym once more before it is stored, and the
    key before it while `sayit rekey` is under way (docs/decisions/0007-pseudonym-key-rotation.md)."""

    current: bytes | None
    previous: bytes | None


def store_keys() -> StoreKeys:
    current = os.environ.get("SAYIT_STORE_KEY", "").strip()
    previous = os.environ.get("SAYIT_PREVIOUS_STORE_KEY", "").strip()
    for name, key in (("SAYIT_STORE_KEY", current), ("SAYIT_PREVIOUS_STORE_KEY", previous)):
        if key and len(key) < 16:
            raise SettingsError(f"{name} must be a secret of 16 or more characters: `sayit rekey --new-key-file "
                                "FILE` makes one")
    if previous and not current:
        raise SettingsError("SAYIT_PREVIOUS_STORE_KEY is set but SAYIT_STORE_KEY is not: set SAYIT_STORE_KEY to "
                            "the new key (see `sayit rekey --help`), or unset both")
    if previous and previous == current:
        raise SettingsError("SAYIT_PREVIOUS_STORE_KEY is the same as SAYIT_STORE_KEY: the previous key is the one "
                            "SAYIT_STORE_KEY had before `sayit rekey`, or unset it on a first rotation")
    return StoreKeys(current.encode() if current else None, previous.encode() if previous else None)


def voice_keep_days() -> int:
    """How many days a spoken answer's audio is kept after it is heard: none (0, the default) unless a deployment
    sets SAYIT_KEEP_VOICE_DAYS, say for a therapist to listen back; never more than 90."""
    raw = os.environ.get("SAYIT_KEEP_VOICE_DAYS", "").strip()
    if not raw or raw == "0":
        return 0
    days = positive_int("SAYIT_KEEP_VOICE_DAYS", 0)
    if days > 90:
        raise SettingsError(f"SAYIT_KEEP_VOICE_DAYS is {days}: keep a child's voice for 90 days at most, or unset it")
    return days


def public_url() -> str:
    """The web chat's public address, for the links `sayit invitations` writes."""
    return os.environ.get("SAYIT_PUBLIC_URL", "http://localhost:5005")


def telegram_bot_name() -> str | None:
    """The Telegram bot's @name without the @, for invitation links, if Telegram is offered."""
    return os.environ.get("SAYIT_TELEGRAM_BOT_NAME", "").lstrip("@") or None


def action_server_token() -> str:
    """The secret the Rasa server shows the action server with every call (`sayit run` makes one if unset)."""
    return os.environ.get("SAYIT_ACTION_SERVER_TOKEN", "").strip()


def max_request_bytes() -> int:
    """The largest request body a server takes (413 beyond it): an answer, an Update or a text is a few KB."""
    return positive_int("SAYIT_MAX_REQUEST_BYTES", 256 * 1024)


def log_max_bytes() -> int:
    """How large a server's log grows before it is rotated (10 MB unless SAYIT_LOG_MAX_MB says)."""
    return positive_int("SAYIT_LOG_MAX_MB", 10) * 1024 * 1024


def log_backups() -> int:
    """How many rotated logs each server keeps (5 unless SAYIT_LOG_BACKUPS says); the oldest goes first."""
    return positive_int("SAYIT_LOG_BACKUPS", 5)


REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def redis_url() -> str:
    """Where several Rasa servers share their conversations' trackers and locks (SAYIT_REDIS_URL), or ""."""
    url = os.environ.get("SAYIT_REDIS_URL", "").strip()
    if url and not url.startswith(REDIS_SCHEMES):
        raise SettingsError(f"SAYIT_REDIS_URL must be a Redis URL such as redis://127.0.0.1:6379/0 (with "
                            f"redis://:PASSWORD@host:port/db if it needs a password), not '{url[:40]}'")
    return url


PROFILES = ("local", "production")


def profile() -> str:
    """`local` (the default: a demo, or the tests) or `production`, which turns off what only local use needs."""
    chosen = os.environ.get("SAYIT_PROFILE", "").strip() or "local"
    if chosen not in PROFILES:
        raise SettingsError(f"SAYIT_PROFILE is '{chosen}': set it to one of {', '.join(PROFILES)}, or unset it")
    return chosen


def webchat_secret() -> str:
    """Keys the web chat's session tokens (`sayit run` makes one for each run if unset)."""
    return os.environ.get("SAYIT_WEBCHAT_SECRET", "").strip()


def webchat_idle_seconds() -> int:
    """How long a web chat session lasts with no answer sent: then a shared computer's next person starts clean."""
    return 60 * positive_int("SAYIT_WEBCHAT_IDLE_MINUTES", 60)


def sign_ins_per_minute_per_address() -> int:
    """How many times one network address may try to sign in as an advocate a minute (each account also locks
    after 5 wrong passwords in a row, whatever the address)."""
    return positive_int("SAYIT_SIGN_INS_PER_MINUTE_PER_ADDRESS", 10)


def requests_per_minute_per_address() -> int:
    """How many requests one network address may make a minute (a school's whole class may share one)."""
    return positive_int("SAYIT_REQUESTS_PER_MINUTE_PER_ADDRESS", 600)


def positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdecimal() or int(raw) < 1:
        raise SettingsError(f"{name} is '{raw}': set it to a whole number of 1 or more, or unset it for {default}")
    return int(raw)


# `sayit run` and the benchmark hand settings to the servers they start, through their environment
def is_set(name: str) -> bool:
    return bool(os.environ.get(name, "").strip())


def given(name: str) -> str | None:
    return os.environ.get(name)


def provide(**values: str) -> None:
    """Settings for this process and the servers it starts (a local fake's address, a made-up local key)."""
    os.environ.update(values)


def withdraw(name: str) -> None:
    os.environ.pop(name, None)


def environment() -> dict[str, str]:
    """The environment a child server starts with."""
    return dict(os.environ)
