"""The web chat: a page at /webhooks/webchat/chat and a JSON webhook that the page talks to.

Each bot message goes back whole (text, buttons and the `custom` payload together), so the page renders
from the payload and never parses text. The page sends its own id for each message, so a message sent
twice (a double tap, a retry after a dropped connection) is acted on once.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.media.symbols import symbol_svg
from bot.media.tts import SpeechUnavailable
from bot.translation import messages as m
from bot.translation.languages import LANG_TAG, accept_language, direction, supported
from bot.translation.speaker import Speaker
from channels.audio_clips import clip_path, known_clip
from channels.whole_messages import WholeMessages

PAGE = Path(__file__).parent / "static" / "webchat.html"
SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
SURVEY_ID = re.compile(r"^[a-z0-9_]{1,100}$")


class WebChatOutput(WholeMessages):
    @classmethod
    def name(cls) -> str:
        return "webchat"


class WebChatInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "webchat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webchat = Blueprint("sayit_webchat", __name__)

        @webchat.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webchat.route("/chat", methods=["GET"])
        async def page(_: Request) -> HTTPResponse:
            return response.html(PAGE.read_text(encoding="utf-8"))

        @webchat.route("/labels", methods=["GET"])
        async def labels(request: Request) -> HTTPResponse:
            """The page's own words (its answer box, Send, Listen) in the language the person chose."""
            lang = request.args.get("lang", "en")
            speaker = Speaker(lang if lang in supported() else "en")
            words = {key: speaker.say(text) for key, text in m.PAGE_LABELS.items()}
            return response.json({**words, "direction": direction(speaker.lang)})

        @webchat.route("/audio/<name:str>", methods=["GET"])
        async def audio(_: Request, name: str) -> HTTPResponse:
            """A clip named in a message's `custom.audio`, made on first request and kept."""
            c = known_clip(name.removesuffix(".mp3"))
            if c is None:
                return response.json({"error": "no such audio: use the id from a message's custom.audio"},
                                     status=404)
            try:
                path = await clip_path(c)
            except SpeechUnavailable as exc:
                return response.json({"error": f"audio is not available just now ({exc})"}, status=503)
            return await response.file(path, mime_type="audio/mpeg",
                                       headers={"Cache-Control": "public, max-age=86400"})

        @webchat.route("/symbols/<name:str>", methods=["GET"])
        async def symbol(_: Request, name: str) -> HTTPResponse:
            svg = symbol_svg(name.removesuffix(".svg"))
            if svg is None:
                return response.json({"error": "no image for this symbol: use a name from a message's choices"},
                                     status=404)
            return response.text(svg, content_type="image/svg+xml; charset=utf-8",
                                  headers={"Cache-Control": "public, max-age=86400"})

        @webchat.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = request.json if isinstance(request.json, dict) else {}
            sender, text = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not SAFE_ID.match(sender):
                return response.json({"error": "sender must be 8-64 letters, digits, - or _"}, status=400)
            if not isinstance(text, str) or not text.strip() or len(text) > 2000:
                return response.json({"error": "message must be text of 1 to 2000 characters"}, status=400)
            survey = body.get("survey")
            if survey is not None and (not isinstance(survey, str) or not SURVEY_ID.match(survey)):
                return response.json({"error": "survey must be a survey id such as shropshire_annual_review"},
                                     status=400)
            # the invitation link's language first, then the browser's; they preselect, the person chooses
            invited = body.get("lang") if isinstance(body.get("lang"), str) and LANG_TAG.match(body["lang"]) else None
            hints = [invited, *accept_language(request.headers.get("accept-language", ""))]
            message_id = body.get("message_id")
            if not isinstance(message_id, str) or not SAFE_ID.match(message_id):
                message_id = uuid.uuid4().hex
            collector = WebChatOutput()
            await on_new_message(UserMessage(
                text.strip(), collector, sender, input_channel=self.name(), message_id=f"webchat-{message_id}",
                metadata={"via": "button" if text.startswith("/") else "typed", "survey": survey,
                          "language_hints": [h for h in hints if h][:5]},
            ))
            return response.json(collector.messages)

        return webchat
