"""The web chat's advocate view: an advocate signs in with their own account, starts a young person's session by
the reference the council uses, and sends, with each of the young person's answers, how it was given and a short
observation. The page is the web chat's own (`?advocate=1`); these are its routes.

- `POST advocate/sign-in` {username, password}: an advocate token (signed, expiring, revocable, like a session
  token, under a key of its own so neither passes for the other). A refusal says the same whatever was wrong, and
  each address may try only a few times a minute; the account's own lock is kept in the database.
- `POST advocate/start` {reference} with `Authorization: Bearer <advocate token>`: a session token for the young
  person, whose id is a keyed hash of the reference (`bot.pseudonym`): the reference itself is never kept or
  logged, and the same reference always reaches the same respondent.
- `POST advocate/sign-out`: the advocate token stops working.
- Each message of an advocate-led session carries the advocate token in `X-SayIt-Advocate`; the webhook asks
  `advocate_of` who it is, and refuses the message (401) if the token is not genuine or the account was disabled.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from typing import Any

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.accounts.staff_accounts import MAX_PASSWORD_CHARS, AdvocateAccounts
from bot.dialogue.incoming import capped_for_reading
from bot.pseudonym import respondent_key
from channels.rate_limit import RateLimit, Verdict
from channels.webchat_session import WebChatSessions

REFERENCE = re.compile(r"^[\w ./-]{1,64}$")  # a council's reference: letters, digits, spaces, . / - _
REFERENCE_LABEL = "advocate-reference"  # the reference's hash, apart from any channel's sender ids
NO_STORE = {"Cache-Control": "no-store"}


def advocate_notes(body: dict[str, Any], advocate: int) -> dict[str, Any]:
    """What the advocate's panel says of this answer, for the conversation to check and keep."""
    assistance, observation = body.get("assistance"), body.get("observation")
    return {"advocate_id": advocate,
            "assistance": assistance[:40] if isinstance(assistance, str) and assistance else None,
            "observation": capped_for_reading(observation) if isinstance(observation, str) else None}


def reference_sender(key: bytes, reference: str) -> str:
    """The young person's sender id: a keyed hash of the council's reference, the same for the same reference."""
    return respondent_key(key, REFERENCE_LABEL, " ".join(reference.split()).upper())


class AdvocateView:
    def __init__(self, secret: bytes, idle_seconds: int, pseudonym_key: bytes, accounts: AdvocateAccounts,
                 sign_ins_per_minute: int = 10):
        # a key of its own, so that a young person's session token can never pass as an advocate's
        self.tokens = WebChatSessions(hmac.new(secret, b"advocate tokens", hashlib.sha256).digest(), idle_seconds)
        self.pseudonym_key, self.accounts = pseudonym_key, accounts
        self.sign_ins = RateLimit(sign_ins_per_minute)  # per address; an account also locks after 5 wrong

    def account_in(self, token: str | None) -> tuple[str, int] | None:
        """The token's id and its account, if the token is genuine and unexpired (not yet whether it may act)."""
        held = self.tokens.sender_of(token)
        account = held.split("_", 1)[0] if held else ""
        return (held, int(account)) if held and account.isdecimal() else None

    async def acting(self, token: str | None) -> tuple[str, int] | None:
        """The token's id and account, if the token is genuine, unexpired and the account not disabled since."""
        held = self.account_in(token)
        if held is None or not await asyncio.to_thread(self.accounts.may_act, held[1]):
            return None
        return held

    async def advocate_of(self, token: str | None) -> int | None:
        held = await self.acting(token)
        return held[1] if held else None

    async def beside(self, request: Request, renewed: dict[str, str]) -> int | bool | None:
        """The advocate sending with this message (their token renewed in `renewed`), None if none is, False if
        the token sent is not one (not genuine, expired, signed out, or the account disabled)."""
        token = request.headers.get("x-sayit-advocate")
        if token is None:
            return None
        held = await self.acting(token)  # the token checked once, then renewed
        if held is None:
            return False
        renewed["X-SayIt-Advocate"] = self.tokens.issue(held[0])
        return held[1]

    def routes(self, webchat: Blueprint, session_tokens: WebChatSessions,
               bearer: Callable[[Request], str | None]) -> None:
        @webchat.route("/advocate/sign-in", methods=["POST"])
        async def sign_in(request: Request) -> HTTPResponse:
            if self.sign_ins.verdict(request.remote_addr or request.ip) != Verdict.ALLOW:
                return response.json({"error": "too_many_tries: wait a minute, then sign in again"}, status=429)
            body = request.json if isinstance(request.json, dict) else {}
            username, password = body.get("username"), body.get("password")
            if not isinstance(username, str) or not isinstance(password, str) or len(password) > MAX_PASSWORD_CHARS:
                return response.json({"error": "sign_in_refused"}, status=401, headers=NO_STORE)
            # Argon2 takes a moment on purpose: off the event loop, so other people's answers do not wait
            account = await asyncio.to_thread(self.accounts.sign_in, username, password)
            if account is None:
                return response.json({"error": "sign_in_refused"}, status=401, headers=NO_STORE)
            token = self.tokens.issue(f"{account}_{secrets.token_urlsafe(16)}")
            return response.json({"token": token, "expires_in": self.tokens.idle_seconds}, headers=NO_STORE)

        @webchat.route("/advocate/start", methods=["POST"])
        async def start(request: Request) -> HTTPResponse:
            if await self.advocate_of(bearer(request)) is None:
                return response.json({"error": "signed_out: sign in again"}, status=401, headers=NO_STORE)
            body = request.json if isinstance(request.json, dict) else {}
            reference = body.get("reference")
            if not isinstance(reference, str) or not REFERENCE.match(reference.strip()):
                return response.json({"error": "reference must be the council's reference for the young person: "
                                      "1-64 letters, digits, spaces, '.', '/', '-' or '_'"}, status=400)
            sender = reference_sender(self.pseudonym_key, reference.strip())
            return response.json({"token": session_tokens.issue(sender), "expires_in": session_tokens.idle_seconds},
                                 headers=NO_STORE)

        @webchat.route("/advocate/sign-out", methods=["POST"])
        async def sign_out(request: Request) -> HTTPResponse:
            held = self.account_in(bearer(request))
            if held is not None:
                self.tokens.revoke(held[0])
            return response.json({"signed_out": held is not None}, headers=NO_STORE)
