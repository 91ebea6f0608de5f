"""The analysts' page at /webhooks/analysts/: an analyst signs in with their own account (`sayit analysts add`),
picks a survey and a term, reads the termly report and downloads the coded answers in any export format. Every
download is logged with who and when (`sayit analysts downloads`); the words people typed are never offered.

Plain HTML forms, no script. Signing in sets a cookie holding a signed, expiring token (HttpOnly, SameSite=Strict,
and Secure behind https), under a key of its own so no web chat or advocate token passes for it. A refusal says
the same whatever was wrong, each address may try only a few times a minute, and an account locks after 5 wrong
passwords in a row (bot/accounts). Reports and exports are made off the event loop, so no one's answer waits.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from html import escape
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.accounts.staff_accounts import MAX_PASSWORD_CHARS
from bot.reports.analysts_desk import MEDIA_TYPES, AnalystsDesk, NotOffered
from bot.reports.export_batches import ExportInterrupted
from bot.reports.export_files import FORMATS
from bot.settings import Settings, sign_ins_per_minute_per_address, webchat_idle_seconds, webchat_secret
from channels.rate_limit import RateLimit, Verdict
from channels.webchat_session import WebChatSessions

COOKIE = "sayit_analyst"
PATH = "/webhooks/analysts"
POLICY = "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
# the report's page carries its own styles and its charts as data: images
REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
HEADERS = {"Content-Security-Policy": POLICY, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
           "Referrer-Policy": "no-referrer"}
REFUSED = ("That name and password did not sign you in. Check them and try again. After 5 wrong passwords in a row "
           "an account is locked for 15 minutes; your council's administrator can unlock it.")
STYLE = """
body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; margin: 0; line-height: 1.45; font-size: 1.1rem; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
label { display: block; font-weight: bold; margin: 1.2rem 0 0.3rem; }
input, select { font-size: 1.1rem; padding: 0.4rem; border: 2px solid #0b0c0c; min-height: 2.75rem;
                width: 100%; box-sizing: border-box; }
button { font-size: 1.1rem; margin-top: 1.2rem; padding: 0.6rem 1rem; min-height: 2.75rem; min-width: 2.75rem;
         background: #00703c; color: #fff; border: 0; box-shadow: 0 2px 0 #002d18; cursor: pointer; }
button.secondary { background: #f3f2f1; color: #0b0c0c; box-shadow: 0 2px 0 #929191; }
:focus { outline: 3px solid #ffdd00; box-shadow: 0 0 0 6px #0b0c0c; }
.error { border: 5px solid #d4351c; padding: 1rem; margin: 1rem 0; }
.error h2 { margin-top: 0; }
form { margin-bottom: 2rem; }
"""


def _page(title: str, body: str) -> str:
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{escape(title)}: SayIt analysts</title>'
            f'<link rel="stylesheet" href="{PATH}/page.css"></head><body><main id="main">{body}</main></body>'
            "</html>\n")


def sign_in_page(refused: str | None = None) -> str:
    error = (f'<div class="error" role="alert" tabindex="-1"><h2>There is a problem</h2><p>{escape(refused)}</p>'
             "</div>" if refused else "")
    return _page("Sign in", f"<h1>Sign in to SayIt's analysts' page</h1>{error}"
                 f'<form method="post" action="{PATH}/sign-in">'
                 '<label for="username">Your name (as your administrator made it)</label>'
                 '<input id="username" name="username" autocomplete="username" required maxlength="64">'
                 '<label for="password">Password</label>'
                 '<input id="password" name="password" type="password" autocomplete="current-password" required>'
                 "<button type=\"submit\">Sign in</button></form>")


def _options(name: str, values: list[tuple[str, str]]) -> str:
    return "".join(f'<option value="{escape(v)}">{escape(label)}</option>' for v, label in values)


def choose_page(desk: AnalystsDesk, username: str, csrf: str, problem: str | None = None) -> str:
    surveys = [(s.id, s.title) for s in sorted(desk.surveys.values(), key=lambda s: s.title)]
    terms = [(t, t) for t in desk.terms()]
    formats = [("xlsx", "Excel (.xlsx, with the codebook)"), ("csv", "CSV"), ("parquet", "Parquet (Power BI, R)"),
               ("sav", "SPSS (.sav, with labels)"), ("jsonl", "JSON lines")]
    assert {f for f, _ in formats} == set(FORMATS)
    error = (f'<div class="error" role="alert"><h2>There is a problem</h2><p>{escape(problem)}</p></div>'
             if problem else "")

    def picker(prefix: str) -> str:
        return (f'<label for="{prefix}-survey">Survey</label><select id="{prefix}-survey" name="survey">'
                f'{_options("survey", surveys)}</select><label for="{prefix}-term">Term</label>'
                f'<select id="{prefix}-term" name="term">{_options("term", terms)}</select>')

    return _page("Reports and exports", f"<h1>Reports and exports</h1>{error}"
                 f"<p>Signed in as {escape(username)}. Every report read and file downloaded here is logged with "
                 "your name and the time. Exports hold the coded answers, never the words people typed.</p>"
                 f'<h2>The termly report</h2><form method="get" action="{PATH}/report">{picker("report")}'
                 '<button type="submit">Read the report</button></form>'
                 f'<h2>The answers</h2><form method="get" action="{PATH}/export">{picker("export")}'
                 f'<label for="export-format">Format</label><select id="export-format" name="format">'
                 f'{_options("format", formats)}</select><button type="submit">Download the answers</button></form>'
                 f'<form method="post" action="{PATH}/sign-out"><input type="hidden" name="csrf" value="{csrf}">'
                 '<button type="submit" class="secondary">Sign out</button></form>')


class AnalystsPage(InputChannel):
    def __init__(self, secret: str, idle_seconds: int, desk_url: str, sign_ins_per_minute: int = 10):
        key = hmac.new(secret.encode(), b"analyst tokens", hashlib.sha256).digest()
        self.tokens, self.csrf_key = WebChatSessions(key, idle_seconds), hmac.new(key, b"csrf", "sha256").digest()
        self.desk_url = desk_url
        self._desk: AnalystsDesk | None = None  # opened at the first request, in the server process
        self.sign_ins = RateLimit(sign_ins_per_minute)

    @classmethod
    def name(cls) -> str:
        return "analysts"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(webchat_secret() or secrets.token_urlsafe(32), webchat_idle_seconds(), Settings.from_env().db_url,
                   sign_ins_per_minute_per_address())

    @property
    def desk(self) -> AnalystsDesk:
        if self._desk is None:
            self._desk = AnalystsDesk.open(self.desk_url)
        return self._desk

    def csrf(self, held: str) -> str:
        return hmac.new(self.csrf_key, held.encode(), hashlib.sha256).hexdigest()

    async def signed_in(self, request: Request) -> tuple[str, int, str] | None:
        """(token id, account id, name) of the analyst this request comes from, if still allowed."""
        held = self.tokens.sender_of(request.cookies.get(COOKIE))
        account = held.split("_", 1)[0] if held else ""
        if not held or not account.isdecimal():
            return None
        name = await asyncio.to_thread(self.desk.accounts.active_name, int(account))
        return None if name is None else (held, int(account), name)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        page = Blueprint("sayit_analysts", __name__)

        def html(body: str, status: int = 200, policy: str = POLICY) -> HTTPResponse:
            return response.html(body, status=status, headers={**HEADERS, "Content-Security-Policy": policy})

        @page.route("/page.css", methods=["GET"])
        async def css(_: Request) -> HTTPResponse:
            return response.text(STYLE, content_type="text/css; charset=utf-8", headers=HEADERS)

        @page.route("/", methods=["GET"])
        async def home(request: Request) -> HTTPResponse:
            who = await self.signed_in(request)
            if who is None:
                return html(sign_in_page())
            return html(choose_page(self.desk, who[2], self.csrf(who[0])))

        @page.route("/sign-in", methods=["POST"])
        async def sign_in(request: Request) -> HTTPResponse:
            if self.sign_ins.verdict(request.remote_addr or request.ip) != Verdict.ALLOW:
                return html(sign_in_page("Too many tries from here: wait a minute, then sign in again."), 429)
            username, password = request.form.get("username") or "", request.form.get("password") or ""
            account = None
            if len(password) <= MAX_PASSWORD_CHARS:  # Argon2 off the event loop: nobody's answer waits
                account = await asyncio.to_thread(self.desk.accounts.sign_in, username, password)
            if account is None:
                return html(sign_in_page(REFUSED), 401)
            token = self.tokens.issue(f"{account}_{secrets.token_urlsafe(16)}")
            done = response.redirect(f"{PATH}/", status=303, headers=HEADERS)
            done.cookies[COOKIE] = token
            for key, value in (("httponly", True), ("samesite", "Strict"), ("path", PATH),
                               ("max-age", self.tokens.idle_seconds)):
                done.cookies[COOKIE][key] = value
            if request.scheme == "https" or request.headers.get("x-forwarded-proto") == "https":
                done.cookies[COOKIE]["secure"] = True
            return done

        @page.route("/sign-out", methods=["POST"])
        async def sign_out(request: Request) -> HTTPResponse:
            who = await self.signed_in(request)
            given = request.form.get("csrf") or ""
            if who is not None and hmac.compare_digest(given, self.csrf(who[0])):
                self.tokens.revoke(who[0])
            done = response.redirect(f"{PATH}/", status=303, headers=HEADERS)
            del done.cookies[COOKIE]
            return done

        @page.route("/report", methods=["GET"])
        async def report(request: Request) -> HTTPResponse:
            who = await self.signed_in(request)
            if who is None:
                return html(sign_in_page("Sign in to read the report."), 401)
            try:
                made = await asyncio.to_thread(self.desk.report, who[1], request.args.get("survey"),
                                               request.args.get("term"))
            except NotOffered as exc:
                return html(choose_page(self.desk, who[2], self.csrf(who[0]), str(exc)), 400)
            return html(made, policy=REPORT_POLICY)

        @page.route("/export", methods=["GET"])
        async def export(request: Request) -> HTTPResponse:
            who = await self.signed_in(request)
            if who is None:
                return html(sign_in_page("Sign in to download the answers."), 401)
            with self.desk.scratch() as scratch:
                try:
                    path, name = await asyncio.to_thread(
                        self.desk.export, who[1], request.args.get("survey"), request.args.get("term"),
                        request.args.get("format"), Path(scratch))
                except NotOffered as exc:
                    return html(choose_page(self.desk, who[2], self.csrf(who[0]), str(exc)), 400)
                except ExportInterrupted as exc:
                    return html(choose_page(self.desk, who[2], self.csrf(who[0]), str(exc)), 409)
                data = await asyncio.to_thread(path.read_bytes)
            fmt = name.rsplit(".", 1)[1]
            return response.raw(data, content_type=MEDIA_TYPES[fmt], headers={
                **HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})

        return page
