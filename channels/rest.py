"""Rasa's REST channel, for local use and the tests only: `sayit run` leaves it out in the production profile and
whenever it listens beyond this machine (bot/running/runner.py), because it believes whatever sender id it is
given. Even so, it takes only `{"sender": text, "message": text}`: anything else is refused with 400 rather than
failing inside Rasa (500), and the channel is always "rest", whatever the body names, so a REST request can never
reach a web chat, SMS or Telegram conversation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.dialogue.incoming import capped_for_reading


class LocalRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        rest = super().blueprint(on_new_message)

        @rest.middleware("request")
        async def well_formed(request: Request) -> HTTPResponse | None:
            if request.method != "POST":
                return None
            body = request.json
            if not isinstance(body, dict) or not isinstance(body.get("sender"), str) or not body["sender"].strip() \
                    or not isinstance(body.get("message"), str):
                return response.json({"error": 'the body must be {"sender": "...", "message": "..."}'}, status=400)
            return None

        return rest

    def _extract_message(self, req: Request) -> str | None:
        return capped_for_reading(req.json["message"])

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()  # never the channel the body names

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        return None
