"""The web chat: a page at /webhooks/webchat/chat and a JSON webhook that the page talks to.

Each bot message goes back whole (text, buttons and the `custom` payload together), so the page renders
from the payload and never parses text. The page holds a signed session token the server issued
(channels/webchat_session.py), sends its own id for each message, reused when it resends, so a message sent
twice (a double tap, a retry after a dropped connection) is acted on once, and sends with a typed reply the id
of the question on screen, so a reply typed for an earlier question is never stored against a later one.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.accounts.staff_accounts import AdvocateAccounts
from bot.dialogue import notices
from bot.dialogue.incoming import capped_for_reading
from bot.dialogue.outgoing import Outgoing
from bot.media.symbols import SymbolsUnavailable, symbol_svg
from bot.media.tts import SpeechUnavailable
from bot.pseudonym import FAMILY_KEY
from bot.settings import (
    Settings,
    SettingsError,
    redis_url,
    requests_per_minute_per_address,
    sign_ins_per_minute_per_address,
    webchat_idle_seconds,
    webchat_secret,
)
from bot.translation import messages as m
from bot.translation.languages import LANG_TAG, accept_language, direction, negotiate, supported
from bot.translation.speaker import Speaker
from channels.advocate_view import AdvocateView, advocate_notes
from channels.audio_clips import clip_path, find_clip, pace_of
from channels.rate_limit import RateLimit, Verdict
from channels.shared_revocations import SharedRevocations
from channels.voice_answers import MAX_VOICE_BYTES, SPOKEN, VoiceTooLarge, keep_voice, spoken_metadata
from channels.webchat_session import WebChatSessions
from channels.whole_messages import WholeMessages

STATIC = Path(__file__).parent / "static"
PAGE_FILES = {"chat": ("webchat.html", "text/html"), "chat.css": ("webchat.css", "text/css"),
              "chat.js": ("webchat.js", "text/javascript"), "advocate.js": ("advocate.js", "text/javascript")}
# the page runs only its own script and shows only its own images and sound: nothing injected can run or load
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; "
               "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
PAGE_HEADERS = {"Content-Security-Policy": PAGE_POLICY, "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer", "Cache-Control": "no-cache"}
SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
SURVEY_ID = re.compile(r"^[a-z0-9_]{1,100}$")
QUESTION_ID = re.compile(r"^[A-Za-z0-9_]{1,100}$")
NO_STORE = {"Cache-Control": "no-store"}
# what MediaRecorder makes (webm or ogg in Chromium and Firefox, mp4 in Safari), and WAV
VOICE_TYPES = frozenset({"audio/webm", "audio/ogg", "audio/wav", "audio/mp4"})
log = logging.getLogger(__name__)


def refused_invitation(survey: object, family: object) -> HTTPResponse | None:
    """What the page sent of its invitation link (?survey=...&family=...), checked: a 400 saying what is wrong,
    or None when both are absent or well formed."""
    if survey is not None and (not isinstance(survey, str) or not SURVEY_ID.match(survey)):
        return response.json({"error": "survey must be a survey id such as shropshire_annual_review"}, status=400)
    if family is not None and (not isinstance(family, str) or not FAMILY_KEY.match(family)):
        return response.json({"error": "family must be the 16 hex digits of an invitation link"}, status=400)
    return None


def bearer(request: Request) -> str | None:
    found = request.headers.get("authorization", "")
    return found[7:].strip() if found.lower().startswith("bearer ") else None


def page_hints(request: Request, *named: object) -> list[str]:
    """The language on screen, then the invitation link's, then the browser's: they preselect, and say which
    language a notice from the channel itself is in; the person chooses."""
    hints = [h for h in named if isinstance(h, str) and LANG_TAG.match(h)]
    return hints + accept_language(request.headers.get("accept-language", ""))


async def body_within(request: Request, limit: int) -> bytes | None:
    """A streamed request's body, or None as soon as it is longer than `limit` (read no further)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    body, stream = bytearray(), request.stream
    if stream is None:  # nothing was sent
        return b""
    while (chunk := await stream.read()) is not None:
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


def whole(notice: Outgoing) -> dict[str, Any]:
    """A notice from the channel itself, in the shape of a message from the bot."""
    return {"recipient_id": None, "text": notice.text, "buttons": [], "custom": notice.custom}


class WebChatOutput(WholeMessages):
    @classmethod
    def name(cls) -> str:
        return "webchat"


class WebChatInput(InputChannel):
    def __init__(self, secret: str, idle_seconds: int, messages_per_minute: int, requests_per_minute: int,
                 language: str = "en", advocates: AdvocateView | None = None):
        shared = SharedRevocations(redis_url(), secret.encode()) if redis_url() else None
        self.sessions = WebChatSessions(secret.encode(), idle_seconds, shared=shared)
        self.advocates = advocates  # the advocate view (channels/advocate_view.py), where there is a store
        self.per_sender, self.per_address = RateLimit(messages_per_minute), RateLimit(requests_per_minute)
        self.language = language

    @classmethod
    def name(cls) -> str:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        core = Settings.from_env()
        secret = webchat_secret()
        if not secret:
            raise SettingsError("SAYIT_WEBCHAT_SECRET is not set: it keys the web chat's session tokens. Set it to "
                                "a long random secret (`sayit run` makes one for each run).")
        advocates = AdvocateView(secret.encode(), webchat_idle_seconds(), core.pseudonym_key,
                                 AdvocateAccounts.open(core.db_url), sign_ins_per_minute_per_address())
        return cls(secret, webchat_idle_seconds(), core.messages_per_minute, requests_per_minute_per_address(),
                   core.language, advocates)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webchat = Blueprint("sayit_webchat", __name__)

        @webchat.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        def page_file(name: str) -> Callable[[Request], Coroutine[Any, Any, HTTPResponse]]:
            """The page, its styles and its script: separate files, so the policy can forbid inline script."""
            file, kind = PAGE_FILES[name]

            async def serve(_: Request) -> HTTPResponse:
                return response.text((STATIC / file).read_text(encoding="utf-8"),
                                     content_type=f"{kind}; charset=utf-8", headers=PAGE_HEADERS)
            return serve

        for name in PAGE_FILES:
            webchat.add_route(page_file(name), f"/{name}", methods=["GET"], name=f"page_{name.replace('.', '_')}")

        @webchat.route("/labels", methods=["GET"])
        async def labels(request: Request) -> HTTPResponse:
            """The page's own words (its answer box, Send, Listen) in the language the person chose."""
            lang = request.args.get("lang", "en")
            speaker = Speaker(lang if lang in supported() else "en")
            words = {key: speaker.say(text) for key, text in m.PAGE_LABELS.items()}
            return response.json({**words, "direction": direction(speaker.lang)})

        @webchat.route("/audio/<name:str>", methods=["GET"])
        async def audio(request: Request, name: str) -> HTTPResponse:
            """A clip named in a message's `custom.audio`, made on first request and kept; `?pace=slow` asks
            for slower speech (made and kept apart)."""
            pace = pace_of(request.args.get("pace"))
            if pace is None:
                return response.json({"error": "pace must be normal or slow"}, status=400)
            try:
                c = await find_clip(name.removesuffix(".mp3"))
                if c is None:
                    return response.json({"error": "no such audio: use the id from a message's custom.audio"},
                                         status=404)
                path = await clip_path(c, pace)
            except SpeechUnavailable as exc:
                return response.json({"error": f"audio is not available just now ({exc})"}, status=503)
            return await response.file(path, mime_type="audio/mpeg",
                                       headers={"Cache-Control": "public, max-age=86400"})

        @webchat.route("/symbols/<name:str>", methods=["GET"])
        async def symbol(_: Request, name: str) -> HTTPResponse:
            try:
                svg = symbol_svg(name.removesuffix(".svg"))
            except SymbolsUnavailable:  # OpenMoji not installed: say so (not where), rather than 404 every picture
                return response.json({"error": "symbol images are not installed on this server"}, status=503)
            if svg is None:
                return response.json({"error": "no image for this symbol: use a name from a message's choices"},
                                     status=404)
            return response.text(svg, content_type="image/svg+xml; charset=utf-8",
                                  headers={"Cache-Control": "public, max-age=86400"})

        @webchat.route("/session", methods=["POST"])
        async def new_session(request: Request) -> HTTPResponse:
            """A token for a new session: the person is known by the id inside it, never one the page chose."""
            if self.per_address.verdict(request.remote_addr or request.ip) != Verdict.ALLOW:
                return response.json({"error": "too many new sessions from this address; wait a minute"},
                                     status=429)
            return response.json({"token": self.sessions.issue(), "expires_in": self.sessions.idle_seconds},
                                 headers=NO_STORE)

        @webchat.route("/end", methods=["POST"])
        async def end(request: Request) -> HTTPResponse:
            """"End my session": the token stops working, so the next person on this computer starts clean."""
            sender = self.sessions.sender_of(bearer(request))
            if sender is not None:
                self.sessions.revoke(sender)
            return response.json({"ended": sender is not None}, headers=NO_STORE)

        if self.advocates is not None:
            self.advocates.routes(webchat, self.sessions, bearer)

        @webchat.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if self.per_address.verdict(request.remote_addr or request.ip) == Verdict.QUIET:
                return response.json({"error": "too many requests from this address; wait a minute"}, status=429)
            sender = self.sessions.sender_of(bearer(request))
            if sender is None:
                return response.json({"error": "session_expired: ask /session for a new token"}, status=401)
            body = request.json if isinstance(request.json, dict) else {}
            text = body.get("message")
            if not isinstance(text, str) or not text.strip():
                return response.json({"error": "message must be text"}, status=400)
            survey, family = body.get("survey"), body.get("family")
            if refused := refused_invitation(survey, family):
                return refused
            hints = page_hints(request, body.get("shown_lang"), body.get("lang"))
            lang = negotiate(hints, default=self.language)
            renewed = {**NO_STORE, "X-SayIt-Token": self.sessions.issue(sender)}
            advocate = await self.advocates.beside(request, renewed) if self.advocates else None
            if advocate is False:
                return response.json({"error": "advocate_signed_out: sign in again"}, status=401)
            limited = self.per_sender.verdict(sender)
            if limited != Verdict.ALLOW:
                return response.json([whole(notices.rate_limited(lang))], status=429, headers=renewed)
            message_id = body.get("message_id")
            if message_id is not None and (not isinstance(message_id, str) or not SAFE_ID.match(message_id)):
                # refused, not replaced: a resend under a made-up id would no longer be known as one
                return response.json({"error": "message_id must be 8-64 letters, digits, - or _"}, status=400)
            question_id = body.get("question_id")
            tapped = text.startswith("/")
            collector = WebChatOutput()
            await on_new_message(UserMessage(
                capped_for_reading(text.strip()), collector, sender, input_channel=self.name(),
                message_id=f"webchat-{message_id or uuid.uuid4().hex}",
                metadata={"via": "button" if tapped else "typed", "survey": survey, "family": family,
                          "language_hints": hints[:5],
                          # a typed reply names the question on screen, as a tapped button does
                          "question_id": question_id if isinstance(question_id, str) and not tapped
                          and QUESTION_ID.match(question_id) else None,
                          **(advocate_notes(body, advocate) if advocate else {})},
            ))
            # a turn that failed on the way (the action server down, say) still gets kind words, never silence
            return response.json(collector.messages or [whole(notices.turn_failed(lang))], headers=renewed)

        self.add_voice_route(webchat, on_new_message)
        return webchat

    # ---- a spoken answer: the page's recording, sent whole (issue 15) ----
    def add_voice_route(self, webchat: Blueprint, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        # streamed, so Sanic's limit for every other request (SAYIT_MAX_REQUEST_BYTES, 256 KB) is lifted here
        # alone, and this route holds the body to MAX_VOICE_BYTES itself
        @webchat.route("/voice", methods=["POST"], stream=True)
        async def receive_voice(request: Request) -> HTTPResponse:
            """The raw recording as the body; the page's message id and the question on screen in the query, with
            the survey and language hints as /webhook takes them. Nothing is kept before the caller is known."""
            if self.per_address.verdict(request.remote_addr or request.ip) == Verdict.QUIET:
                return response.json({"error": "too many requests from this address; wait a minute"}, status=429)
            sender = self.sessions.sender_of(bearer(request))
            if sender is None:
                return response.json({"error": "session_expired: ask /session for a new token"}, status=401)
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind not in VOICE_TYPES:
                return response.json({"error": "a spoken answer must be sent as audio/webm, audio/ogg, audio/wav "
                                               "or audio/mp4: record it again, or tap or type the answer"},
                                     status=415)
            args = {name: request.args.get(name) for name in ("message_id", "question_id", "survey", "family", "lang",
                                                               "shown_lang", "assistance", "observation")}
            if refused := refused_invitation(args["survey"], args["family"]):
                return refused
            if not SAFE_ID.match(args["message_id"] or ""):
                return response.json({"error": "message_id must be 8-64 letters, digits, - or _"}, status=400)
            # a spoken answer is for the question on screen, and refused like a typed one if that has moved on
            if not QUESTION_ID.match(args["question_id"] or ""):
                return response.json({"error": "question_id must name the question on screen"}, status=400)
            hints = page_hints(request, args["shown_lang"], args["lang"])
            lang = negotiate(hints, default=self.language)
            renewed = {**NO_STORE, "X-SayIt-Token": self.sessions.issue(sender)}
            advocate = await self.advocates.beside(request, renewed) if self.advocates else None
            if advocate is False:
                return response.json({"error": "advocate_signed_out: sign in again"}, status=401)
            if self.per_sender.verdict(sender) != Verdict.ALLOW:
                return response.json([whole(notices.rate_limited(lang))], status=429, headers=renewed)
            audio = await body_within(request, MAX_VOICE_BYTES)
            if audio is None:
                return response.json([whole(notices.voice_too_long(lang))], status=413, headers=renewed)
            if not audio:
                return response.json({"error": "the recording was empty: record it again"}, status=400)
            try:
                clip_id = await keep_voice(audio)
            except VoiceTooLarge:
                return response.json([whole(notices.voice_too_long(lang))], status=413, headers=renewed)
            except Exception as exc:  # the store cannot be written just now: a turn that failed, as /webhook says it
                log.warning("a spoken answer could not be kept: %s", type(exc).__name__)
                return response.json([whole(notices.turn_failed(lang))], headers=renewed)
            collector = WebChatOutput()
            await on_new_message(UserMessage(
                SPOKEN, collector, sender, input_channel=self.name(), message_id=f"webchat-{args['message_id']}",
                metadata={"survey": args["survey"], "family": args["family"], "language_hints": hints[:5],
                          "question_id": args["question_id"],
                          **spoken_metadata(clip_id), **(advocate_notes(args, advocate) if advocate else {})},
            ))
            return response.json(collector.messages or [whole(notices.turn_failed(lang))], headers=renewed)
