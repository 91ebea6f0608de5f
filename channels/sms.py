"""SMS through Twilio: Twilio posts each text to /webhooks/sms/webhook, which keeps it in the webhook inbox and
answers at once with empty TwiML (Twilio gives up after 15 seconds and never posts again, so a burst must not
wait on the turns). A worker takes it from the inbox and sends the reply through Twilio's API (channels/sms_replies.py),
one message per turn so its parts arrive in order; a turn that cannot be done yet (the action server down) is
tried again later rather than lost. If the inbox cannot be written, the text is handled at once, the old way, and
the reply goes back in the webhook's answer as TwiML.

Only Twilio can post here: each request must carry a valid X-Twilio-Signature (twilio's RequestValidator, keyed
by the account's auth token, over the address set in the Twilio console: SAYIT_SMS_WEBHOOK_URL behind a proxy).
The phone number waits sealed in the inbox until the reply is sent (docs/decisions/0011-webhook-inbox.md); Rasa
and the survey store know the person by a keyed hash of it.
"""

from __future__ import annotations

import asyncio
import hmac
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot.dialogue import notices
from bot.dialogue.incoming import capped_for_reading
from bot.pseudonym import channel_sender
from bot.rendering.sms import sms_reply
from bot.settings import Settings, SmsSettings, sms_settings
from bot.translation.languages import negotiate
from bot.webhooks.inbox import Inbox, Letter
from channels.inbox_worker import InboxWorker
from channels.rate_limit import RateLimit, Verdict
from channels.sms_replies import SmsReplies
from channels.whole_messages import WholeMessages

MESSAGE_SID = re.compile(r"^[SM]M[0-9a-f]{32}$")
NOT_SET_UP = ("SMS is not set up on this server: set SAYIT_TWILIO_ACCOUNT_SID and SAYIT_TWILIO_AUTH_TOKEN, restart, "
              "and point the Twilio number's incoming-message webhook at https://<this server>/webhooks/sms/webhook")


def twilio_form(body: bytes) -> dict[str, str]:
    """Twilio's form, blank fields kept: the signature covers every field, an empty Body too (a picture)."""
    try:
        return {k: v[0] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
    except UnicodeDecodeError:
        return {}


@dataclass(frozen=True)
class Text:
    """One text, as Twilio's form gives it: the number it came from, its words ("" for a picture or a voice note
    with no words) and its message id, if Twilio gave a well-formed one."""

    number: str
    words: str
    message_id: str | None


def read_text(params: dict[str, str]) -> Text | None:
    """The text in Twilio's (signed) form, or None when it has no From number (the webhook answers 400)."""
    number, words = params.get("From", ""), params.get("Body", "").strip()
    if not number:
        return None
    if words:  # "/" would make Rasa read the words as a button press; a text is never one
        words = capped_for_reading(words.lstrip("/ ")) or "?"
    sid = params.get("MessageSid", "")
    return Text(number, words, f"sms-{sid}" if MESSAGE_SID.match(sid) else None)


class SmsOutput(WholeMessages):
    @classmethod
    def name(cls) -> str:
        return "sms"


def twiml(text: str) -> HTTPResponse:
    reply = MessagingResponse()
    if text:
        reply.message(text)
    return response.text(str(reply), content_type="text/xml; charset=utf-8")


class SmsInput(InputChannel):
    def __init__(self, settings: SmsSettings | None, pseudonym_key: bytes, language: str = "en",
                 messages_per_minute: int = 60):
        self.settings, self.pseudonym_key, self.language = settings, pseudonym_key, language
        self.validator = RequestValidator(settings.auth_token) if settings else None
        self.per_sender = RateLimit(messages_per_minute)
        self.worker: InboxWorker | None = None

    @classmethod
    def name(cls) -> str:
        return "sms"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        core = Settings.from_env()
        return cls(sms_settings(), core.pseudonym_key, core.language, core.messages_per_minute)

    def sender(self, number: str) -> str:
        return channel_sender(self.pseudonym_key, self.name(), number)

    def signed_by_twilio(self, request: Request, params: dict[str, str]) -> bool:
        assert self.settings is not None and self.validator is not None
        url = self.settings.webhook_url or request.url
        return self.validator.validate(url, params, request.headers.get("X-Twilio-Signature", "")) and \
            hmac.compare_digest(params.get("AccountSid", ""), self.settings.account_sid)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sms = Blueprint("sayit_sms", __name__)

        @sms.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "set_up": self.settings is not None})

        @sms.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if self.settings is None:
                return response.json({"error": NOT_SET_UP}, status=503)
            params = twilio_form(request.body)
            if not self.signed_by_twilio(request, params):
                return response.json({"error": "this webhook takes texts from Twilio only (bad signature)"},
                                     status=403)
            text = read_text(params)
            if text is None:
                return response.json({"error": "a text from Twilio has a From number"}, status=400)
            lang = negotiate([], default=self.language)  # a text carries no hint of its language
            sender = self.sender(text.number)
            limited = self.per_sender.verdict(sender)
            if limited != Verdict.ALLOW:  # one "please wait", then no reply at all: a flood is not answered
                return twiml(sms_reply([notices.rate_limited(lang).as_dict()]) if limited == Verdict.TELL else "")
            if not text.words:  # a picture or a voice note with no words (MMS)
                return twiml(sms_reply([notices.text_only(lang).as_dict()]))
            key = text.message_id or f"sms-{secrets.token_hex(16)}"
            letter = {"number": text.number, "words": text.words, "to": params.get("To", "")}
            try:
                await asyncio.to_thread(self.worker_for(on_new_message).inbox.keep, key, sender, letter)
            except Exception:  # the store cannot be written: this text is handled now, not lost
                replies = await self.turn(on_new_message, text.words, sender, key)
                # a turn that failed on the way (the action server down, say) gets kind words, never silence
                return twiml(sms_reply(replies or [notices.turn_failed(lang).as_dict()]))
            self.worker_for(on_new_message).wake()
            return twiml("")

        @sms.listener("after_server_start")
        async def start_worker(*_: Any) -> None:
            if self.settings is not None:
                self.worker_for(on_new_message).start()

        return sms

    async def turn(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], words: str, sender: str,
                   key: str) -> list[dict[str, Any]]:
        collector = SmsOutput()
        await on_new_message(UserMessage(words, collector, sender, input_channel=self.name(), message_id=key,
                                         metadata={"via": "typed", "language_hints": []}))
        return collector.messages

    def worker_for(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> InboxWorker:
        """The worker that handles what this webhook keeps (made on first use: it needs the running loop)."""
        if self.worker is None:
            assert self.settings is not None
            replies = SmsReplies(self.settings)
            lang = negotiate([], default=self.language)

            async def handle(letter: Letter) -> bool:
                said = letter.content
                answered = await self.turn(on_new_message, said["words"], letter.sender, letter.message_key)
                if not answered:  # the turn failed on the way: tried again later, not lost
                    return False
                await replies.send(said["number"], said["to"], sms_reply(answered))
                return True

            async def give_up(letter: Letter) -> None:
                await replies.send(letter.content["number"], letter.content["to"],
                                   sms_reply([notices.turn_failed(lang).as_dict()]))

            self.worker = InboxWorker(Inbox(self.name(), self.pseudonym_key), handle, give_up)
        return self.worker
