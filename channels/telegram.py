"""Telegram: Telegram posts each update to /webhooks/telegram/webhook; replies go out through
python-telegram-bot's Bot (SAYIT_TELEGRAM_API_URL points it at a local fake in tests and the demo).

Only Telegram can post here: every update must carry the secret set with setWebhook (`sayit telegram webhook`).
The webhook keeps each update in the webhook inbox and answers at once (channels/telegram_inbox.py); the chat id
is needed to reply, so it waits there sealed until the update is handled: Rasa and the survey store know the
person by a keyed hash of it. Names, usernames and phone numbers in an update are never read. The bot talks
only in private chats, so nobody else in a group sees a child's answers.

A person can choose pictures: `/pictures` (or the link t.me/<bot>?start=pictures, which Telegram sends as
"/start pictures"), and `/pictures off`. The choice is kept with the respondent (`bot.media.pictures`); from
then on each question goes as its picture card with its words as the caption and the same buttons, and as
text, as before, whenever a card cannot be made.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update, Voice
from telegram.constants import ChatAction
from telegram.error import Forbidden

from bot.dialogue import notices
from bot.dialogue.incoming import capped_for_reading
from bot.dialogue.outgoing import Outgoing
from bot.media import pictures
from bot.media.cards import card_file
from bot.media.tts import SpeechUnavailable
from bot.pseudonym import channel_sender
from bot.rendering.telegram import (
    ANSWERED,
    LISTEN,
    MAX_CAPTION,
    Button,
    answered_keyboard,
    is_question,
    keyboard,
    pictures_chosen,
    telegram_caption,
    telegram_text,
)
from bot.settings import Settings, TelegramSettings, telegram_settings
from bot.translation.languages import marked_for_direction, negotiate
from bot.translation.speaker import Speaker, reader_of
from channels.audio_clips import clip_path, find_clip
from channels.inbox_worker import InboxWorker
from channels.rate_limit import RateLimit, Verdict
from channels.telegram_commands import pictures_command, typed
from channels.telegram_inbox import FROM_INBOX, TurnNotDone, chat_of, telegram_worker
from channels.voice_answers import MAX_VOICE_BYTES, SPOKEN, VoiceTooLarge, keep_voice, spoken_metadata

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # how Telegram proves an update is from Telegram
logger = logging.getLogger(__name__)

NOT_SET_UP = ("Telegram is not set up on this server: set SAYIT_TELEGRAM_TOKEN and SAYIT_TELEGRAM_WEBHOOK_SECRET, "
              "restart, then run `sayit telegram webhook --url https://<this server>/webhooks/telegram/webhook`")


def markup(rows: list[list[Button]]) -> InlineKeyboardMarkup | None:
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.text, callback_data=b.data) for b in row]
                                 for row in rows]) if rows else None


def file_url(api_url: str) -> str:
    """Where Telegram serves files, beside its API: https://api.telegram.org/bot -> .../file/bot (the fake too)."""
    root, _, _ = api_url.rstrip("/").rpartition("/bot")
    return f"{root}/file/bot"


def update_of(body: Any, bot: Bot) -> Update | None:
    """The request's JSON as a Telegram Update, or None when it is not one (the webhook answers 400).
    python-telegram-bot checks few types, so what `handle` reads is checked here: Telegram sends nothing else."""
    if not isinstance(body, dict):
        return None
    try:
        update = Update.de_json(body, bot)
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError):  # OverflowError: a date out of time
        return None
    return update if update is not None and _readable(update) else None


def _readable(update: Update) -> bool:
    """Whether what `handle` reads has the types Telegram gives it: whole-number update and chat ids, a person
    behind every tap, and words, button data and language code as text."""
    query = update.callback_query
    said = query.message if query is not None else update.message
    person = query.from_user if query is not None else getattr(said, "from_user", None)
    if not isinstance(update.update_id, int) or (query is not None and person is None):
        return False
    if said is not None and not isinstance(getattr(getattr(said, "chat", None), "id", None), int):
        return False
    voice = getattr(said, "voice", None)
    if voice is not None and not (isinstance(voice.file_id, str) and isinstance(voice.file_size or 0, int)):
        return False
    texts = (getattr(said, "text", None), getattr(query, "data", None), getattr(person, "language_code", None))
    return all(text is None or isinstance(text, str) for text in texts)


class TelegramOutput(OutputChannel):
    """Sends one update's replies to the chat it came from; each question as its picture card for a person
    who chose pictures."""

    def __init__(self, bot: Bot, chat_id: int, pictures: bool = False):
        self.bot, self.chat_id, self.pictures = bot, chat_id, pictures
        self.sent = 0

    @classmethod
    def name(cls) -> str:
        return "telegram"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        if self.pictures and is_question(message) and await self.send_card(message):
            return
        text = telegram_text(message)
        if text:
            await self.bot.send_message(self.chat_id, text, reply_markup=markup(keyboard(message)))
            self.sent += 1

    async def send_card(self, message: dict[str, Any]) -> bool:
        """The question as one photo: its card, its words as the caption, its buttons. False when the card
        cannot be made (the question then goes as text: never silence)."""
        try:
            card = await asyncio.get_running_loop().run_in_executor(None, card_file, message.get("custom") or {})
            photo = card.read_bytes()
        except Exception as exc:  # whatever went wrong, the question still goes, as text
            logger.warning("a picture card could not be made (%s); the question went as text", type(exc).__name__)
            return False
        await self.bot.send_photo(self.chat_id, photo, caption=telegram_caption(message), filename=card.name,
                                  reply_markup=markup(keyboard(message)))
        self.sent += 1
        return True

    async def send(self, message: Outgoing) -> None:
        await self.send_response("", message.as_dict())


class TelegramInput(InputChannel):
    def __init__(self, settings: TelegramSettings | None, pseudonym_key: bytes, language: str = "en",
                 messages_per_minute: int = 60):
        self.settings, self.pseudonym_key, self.language = settings, pseudonym_key, language
        # files (a voice message) come from beside the API: .../bot<token> and .../file/bot<token>
        self.bot = (Bot(settings.token, base_url=settings.api_url, base_file_url=file_url(settings.api_url))
                    if settings else None)
        self.ready = False
        self.per_sender = RateLimit(messages_per_minute)
        self.worker: InboxWorker | None = None

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        # the HTTP client logs each URL, which holds the bot's token; python-telegram-bot logs chat ids at debug
        for noisy in ("httpx", "httpcore", "telegram"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        core = Settings.from_env()
        return cls(telegram_settings(), core.pseudonym_key, core.language, core.messages_per_minute)

    def sender(self, chat_id: int) -> str:
        return channel_sender(self.pseudonym_key, self.name(), str(chat_id))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram = Blueprint("sayit_telegram", __name__)

        @telegram.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "set_up": self.settings is not None})

        @telegram.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if self.settings is None or self.bot is None:
                return response.json({"error": NOT_SET_UP}, status=503)
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), self.settings.webhook_secret.encode()):
                return response.json({"error": "this webhook takes updates from Telegram only"}, status=403)
            update = update_of(request.json, self.bot)
            if update is None:
                return response.json({"error": "the body must be a Telegram Update in JSON"}, status=400)
            if not await self.kept(update, request.json, on_new_message):
                await self.handle_update(update, on_new_message)  # handled at once, not lost
            return response.json({"ok": True})

        @telegram.listener("after_server_start")
        async def start_worker(*_: Any) -> None:
            if self.settings is not None:
                self.worker_for(on_new_message).start()

        return telegram

    def worker_for(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> InboxWorker:
        if self.worker is None:
            self.worker = telegram_worker(self, on_new_message)
        return self.worker

    async def kept(self, update: Update, body: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> bool:
        """Keep an update in the inbox for the worker; False if it is from no chat, or the store cannot be written
        just now."""
        chat = chat_of(update)
        if chat is None:
            return False
        worker = self.worker_for(on_new_message)
        try:
            await asyncio.to_thread(worker.inbox.keep, f"telegram-{update.update_id}", self.sender(chat[0]), body)
        except Exception:
            return False
        worker.wake()
        return True

    async def handle_update(self, update: Update, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        """One update, with the token checked (getMe) the first time; a person who blocked the bot is left alone."""
        assert self.bot is not None
        if not self.ready:
            await self.bot.initialize()
            self.ready = True
        try:
            await self.handle(update, on_new_message)
        except Forbidden:  # nothing can reach them, nor would trying again
            logger.warning("Telegram refused a reply (the bot was blocked); update dropped")

    async def handle(self, update: Update, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        assert self.bot is not None
        query = update.callback_query
        if query is not None:
            await self.bot.answer_callback_query(query.id)  # stops the button's spinner
            tapped = query.message
            if tapped is None or not query.data or query.data == ANSWERED:
                return
            hints = [query.from_user.language_code]
            if query.data.startswith(LISTEN):
                return await self.listen(tapped.chat.id, query.data.removeprefix(LISTEN))
            rows = getattr(getattr(tapped, "reply_markup", None), "inline_keyboard", ())
            title = next((b.text for row in rows for b in row if b.callback_data == query.data), None)
            if title:  # the buttons become a tick and the answer given, so an old question is not tapped again
                await self.bot.edit_message_reply_markup(tapped.chat.id, tapped.message_id,
                                                         reply_markup=markup(answered_keyboard(title)))
            return await self.turn(on_new_message, update.update_id, tapped.chat.id, query.data, "button", hints)
        message = update.message
        if message is None or message.from_user is None:
            return  # an edit, a channel post or a membership change: nothing was said to the bot
        hints = [message.from_user.language_code]
        out = TelegramOutput(self.bot, message.chat.id)
        lang = negotiate(hints, default=self.language)
        if message.chat.type != "private":
            return await out.send(notices.private_only(lang))
        if message.voice is not None:
            return await self.voice_note(on_new_message, update.update_id, message.chat.id, message.voice, hints)
        if not message.text:
            return await out.send(notices.words_or_voice_only(lang))
        chose = pictures_command(message.text.strip())
        if chose is not None:
            return await self.choose_pictures(on_new_message, update.update_id, message.chat.id, chose,
                                              message.text.strip().startswith("/start"), hints)
        text, invited, survey, family = typed(message.text.strip())
        await self.turn(on_new_message, update.update_id, message.chat.id, capped_for_reading(text),
                        "button" if text.startswith("/") else "typed", [invited, *hints], survey, family)

    async def allowed(self, chat_id: int, lang: str) -> bool:
        """Whether this chat may send now: one "please wait" a minute over the limit, then quiet."""
        assert self.bot is not None
        limited = self.per_sender.verdict(self.sender(chat_id))
        if limited == Verdict.TELL:
            await TelegramOutput(self.bot, chat_id).send(notices.rate_limited(lang))
        return limited == Verdict.ALLOW

    async def presentation(self, chat_id: int, chose: bool | None = None) -> pictures.Presentation | None:
        """Whether this chat chose pictures (and where its person is), after keeping a new choice if there is
        one; None when the store cannot be read or written just now."""
        loop, sender = asyncio.get_running_loop(), self.sender(chat_id)
        try:
            if chose is None:
                return await loop.run_in_executor(None, pictures.chosen, self.pseudonym_key, self.name(), sender)
            return await loop.run_in_executor(None, pictures.choose, self.pseudonym_key, self.name(), sender, chose)
        except Exception as exc:  # the store is down: the turn still gets its answer, in words
            logger.warning("could not read or keep the choice of pictures (%s)", type(exc).__name__)
            return None

    async def choose_pictures(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], update_id: int,
                              chat_id: int, chose: bool, starting: bool, hints: list[str | None]) -> None:
        """/pictures or /pictures off: kept, said in the person's language, and with pictures on, the question
        they are on comes again at once as its card; the link that chooses pictures then starts as /start does."""
        assert self.bot is not None
        lang = negotiate(hints, default=self.language)
        if not await self.allowed(chat_id, lang):
            return
        now = await self.presentation(chat_id, chose)
        if now is None:  # not kept: saying so would be untrue, so the person is asked to send it again
            return await TelegramOutput(self.bot, chat_id).send(notices.turn_failed(lang))
        speaker = Speaker(now.language or lang, reader_of(now.role))
        await TelegramOutput(self.bot, chat_id).send(pictures_chosen(speaker, chose))
        if starting or (chose and now.asking):
            await self.converse(on_new_message, update_id, chat_id, "/greet" if starting else "/repeat", "button",
                                hints, pictures_on=now.pictures)

    async def turn(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], update_id: int, chat_id: int,
                   text: str, via: str, hints: list[str | None], survey: str | None = None,
                   family: str | None = None) -> None:
        if not await self.allowed(chat_id, negotiate(hints, default=self.language)):
            return
        now = await self.presentation(chat_id)  # the store unreadable: words, as before pictures were chosen
        await self.converse(on_new_message, update_id, chat_id, text, via, hints, survey, bool(now and now.pictures),
                            family=family)

    async def voice_note(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], update_id: int, chat_id: int,
                         voice: Voice, hints: list[str | None]) -> None:
        """A spoken answer: fetched from Telegram (getFile, then the file), kept for the conversation to hear, and
        named in a turn like any other; one too large or not fetched gets kind words and nothing is kept."""
        assert self.bot is not None
        lang = negotiate(hints, default=self.language)
        if not await self.allowed(chat_id, lang):
            return
        out = TelegramOutput(self.bot, chat_id)
        if (voice.file_size or 0) > MAX_VOICE_BYTES:
            return await out.send(notices.not_heard(lang))
        try:
            await self.bot.send_chat_action(chat_id, ChatAction.TYPING)  # "typing…" while it is heard
            audio = bytes(await (await self.bot.get_file(voice.file_id)).download_as_bytearray())
            clip_id = await keep_voice(audio)
        except VoiceTooLarge:
            return await out.send(notices.not_heard(lang))
        except Exception as exc:  # Telegram or the store failed: the person is asked to send it again
            logger.warning("could not take in a voice message (%s)", type(exc).__name__)
            return await out.send(notices.turn_failed(lang))
        now = await self.presentation(chat_id)
        await self.converse(on_new_message, update_id, chat_id, SPOKEN, "voice", hints,
                            pictures_on=bool(now and now.pictures), spoken=spoken_metadata(clip_id))

    async def converse(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], update_id: int, chat_id: int,
                       text: str, via: str, hints: list[str | None], survey: str | None = None,
                       pictures_on: bool = False, spoken: dict[str, Any] | None = None,
                       family: str | None = None) -> None:
        """One turn through Rasa, its replies sent to the chat (questions as cards when pictures are on)."""
        assert self.bot is not None
        out, sender = TelegramOutput(self.bot, chat_id, pictures_on), self.sender(chat_id)
        lang = negotiate(hints, default=self.language)
        await on_new_message(UserMessage(
            text, out, sender, input_channel=self.name(),
            # Telegram sends an update again until it is acknowledged: the core acts on each update once
            message_id=f"telegram-{update_id}",
            metadata={"via": via, "survey": survey, "family": family, "language_hints": [h for h in hints if h][:5],
                      **(spoken or {})},
        ))
        if out.sent == 0:  # the turn failed on the way (the action server down, say)
            if FROM_INBOX.get():
                raise TurnNotDone  # tried again later
            await out.send(notices.turn_failed(lang))  # kind words, not silence

    async def listen(self, chat_id: int, clip_id: str) -> None:
        """A 🔊 tap: the clip as a voice message, its words as the caption."""
        assert self.bot is not None
        clip = None
        try:
            clip = await find_clip(clip_id)
            if clip is None:
                return
            path = await clip_path(clip)
        except SpeechUnavailable:
            lang = clip.lang if clip else self.language
            return await TelegramOutput(self.bot, chat_id).send(notices.audio_unavailable(lang))
        await self.bot.send_voice(chat_id, voice=path.read_bytes(), filename=f"{clip.id}.mp3",
                                  caption=marked_for_direction(clip.text, clip.lang)[:MAX_CAPTION])
