"""A local stand-in for Twilio's side of SMS, for tests and the offline demo (`sayit run` starts it when
SAYIT_TWILIO_AUTH_TOKEN is not set).

`POST /deliver` with {"from": "+447700900123", "body": "cześć"} plays a person texting the council's number:
like Twilio, the fake posts the text to the webhook as a form, signed with the account's auth token (twilio's
own RequestValidator computes the X-Twilio-Signature). The texts back are what the webhook's TwiML answer asks
for, or else the next text the bot sends that number through the REST API (`POST /2010-04-01/Accounts/<sid>/
Messages.json`, with the account's Basic auth, as twilio's client sends it), waited for up to "wait" seconds
(default 60); "sid" sends Twilio's MessageSid of a text sent again. It answers {"status", "messages"};
`GET /received` lists every exchange, and `GET /sent` every text sent through the API.
    SAYIT_TWILIO_ACCOUNT_SID=AC... SAYIT_TWILIO_AUTH_TOKEN=... python -m bot.fakes.twilio_api --port 5072 \\
        --webhook http://127.0.0.1:5005/webhooks/sms/webhook
"""

from __future__ import annotations

import argparse
import base64
import hmac
import json
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from typing import Any

from twilio.request_validator import RequestValidator

from bot.fakes.loopback import FakeHandler, LoopbackFake
from bot.settings import sms_settings

COUNCIL_NUMBER = "+447700900000"  # a number Ofcom keeps for drama: never a real phone


class FakeTwilio(LoopbackFake):
    def __init__(self, webhook: str, account_sid: str, auth_token: str, port: int = 0):
        super().__init__(port, _Handler)
        self.webhook, self.account_sid = webhook, account_sid
        self.validator = RequestValidator(auth_token)
        self.basic = "Basic " + base64.b64encode(f"{account_sid}:{auth_token}".encode()).decode()
        self.sent: list[dict[str, str]] = []
        self.sent_changed = threading.Condition(self.lock)

    def send_text(self, form: dict[str, str]) -> dict[str, str]:
        """A text the bot sends through the REST API."""
        text = {"to": form.get("To", ""), "from": form.get("From", ""), "body": form.get("Body", ""),
                "sid": "SM" + secrets.token_hex(16)}
        with self.sent_changed:
            self.sent.append(text)
            self.sent_changed.notify_all()
        return text

    def sent_to(self, number: str, after: int, wait: float) -> list[str]:
        """The first text sent to `number` after the first `after` texts, waiting up to `wait` seconds for it."""
        deadline = time.monotonic() + wait
        with self.sent_changed:
            while True:
                found = [t["body"] for t in self.sent[after:] if t["to"] == number]
                left = deadline - time.monotonic()
                if found or left <= 0:
                    return found[:1]
                self.sent_changed.wait(left)

    def deliver(self, number: str, body: str, media: int = 0, wait: float = 60,
                sid: str | None = None) -> tuple[int, list[str]]:
        """A text arriving from `number`: the webhook's status and the texts sent back, in its TwiML answer or
        else through the API."""
        with self.lock:
            before = len(self.sent)
        params = {"AccountSid": self.account_sid, "ApiVersion": "2010-04-01",
                  "MessageSid": sid or "SM" + secrets.token_hex(16), "SmsStatus": "received", "From": number,
                  "To": COUNCIL_NUMBER, "Body": body,
                  "NumMedia": str(media), "NumSegments": "1", "FromCountry": "GB", "ToCountry": "GB"}
        request = urllib.request.Request(self.webhook, data=urllib.parse.urlencode(params).encode("utf-8"),
                                         headers={"Content-Type": "application/x-www-form-urlencoded",
                                                  "X-Twilio-Signature": self.validator.compute_signature(
                                                      self.webhook, params)})
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:
                status, texts = answer.status, replies_in(answer.read())
        except urllib.error.HTTPError as refused:
            status, texts = refused.code, []
        if status == 200 and not texts and wait > 0:
            texts = self.sent_to(number, before, wait)
        self.record({"to": number, "status": status, "messages": texts})
        return status, texts


def replies_in(twiml: bytes) -> list[str]:
    """The texts a TwiML answer asks Twilio to send."""
    root = ET.fromstring(twiml)
    if root.tag != "Response":
        raise ValueError("a TwiML answer is a <Response>")
    return [message.text or "" for message in root.iter("Message")]


class _Handler(FakeHandler):
    server: FakeTwilio

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        if self.path.split("?")[0] == "/sent":
            with self.server.lock:
                return self.send_json(200, list(self.server.sent))
        return super().do_GET()

    def do_POST(self) -> None:  # noqa: N802 (the name http.server calls)
        path = self.path.split("?")[0]
        if path == f"/2010-04-01/Accounts/{self.server.account_sid}/Messages.json":
            if not hmac.compare_digest(self.headers.get("Authorization", ""), self.server.basic):
                return self.send_json(401, {"code": 20003, "message": "Authenticate"})
            form = {k: v[0] for k, v in urllib.parse.parse_qs(self.body().decode("utf-8")).items()}
            return self.send_json(201, {**self.server.send_text(form), "status": "queued",
                                        "account_sid": self.server.account_sid})
        if path != "/deliver":
            return self.send(404, b"not found", "text/plain")
        text: dict[str, Any] = json.loads(self.body())
        status, texts = self.server.deliver(str(text["from"]), str(text.get("body", "")), int(text.get("media", 0)),
                                            float(text.get("wait", 60)), text.get("sid"))
        self.send_json(200, {"status": status, "messages": texts})


def main() -> None:
    parser = argparse.ArgumentParser(description="A local fake of Twilio's side of SMS; the account comes from "
                                     "SAYIT_TWILIO_ACCOUNT_SID and SAYIT_TWILIO_AUTH_TOKEN.")
    parser.add_argument("--port", type=int, default=5072, help="loopback port to listen on (default 5072)")
    parser.add_argument("--webhook", required=True, help="where to post incoming texts (the bot's SMS webhook)")
    args = parser.parse_args()
    settings = sms_settings()
    if settings is None:
        parser.error("set SAYIT_TWILIO_ACCOUNT_SID and SAYIT_TWILIO_AUTH_TOKEN")
    server = FakeTwilio(args.webhook, settings.account_sid, settings.auth_token, args.port)
    print(f"Fake Twilio on {server.root}: POST /deliver to text the bot", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
