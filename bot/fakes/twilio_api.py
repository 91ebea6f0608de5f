"""A local stand-in for Twilio's side of SMS, for tests and the offline demo (`sayit run` starts it when
SAYIT_TWILIO_AUTH_TOKEN is not set).

`POST /deliver` with {"from": "+447700900123", "body": "cześć"} plays a person texting the council's number:
like Twilio, the fake posts the text to the webhook as a form, signed with the account's auth token (twilio's
own RequestValidator computes the X-Twilio-Signature), then reads the TwiML answer as the texts it would send
back. It answers {"status", "messages"}, and `GET /received` lists every exchange.
    SAYIT_TWILIO_ACCOUNT_SID=AC... SAYIT_TWILIO_AUTH_TOKEN=... python -m bot.fakes.twilio_api --port 5072 \\
        --webhook http://127.0.0.1:5005/webhooks/sms/webhook
"""

from __future__ import annotations

import argparse
import json
import secrets
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

    def deliver(self, number: str, body: str, media: int = 0) -> tuple[int, list[str]]:
        """A text arriving from `number`: the webhook's status and the texts its TwiML sends back."""
        params = {"AccountSid": self.account_sid, "ApiVersion": "2010-04-01",
                  "MessageSid": "SM" + secrets.token_hex(16), "SmsStatus": "received", "From": number,
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

    def do_POST(self) -> None:  # noqa: N802 (the name http.server calls)
        if self.path.split("?")[0] != "/deliver":
            return self.send(404, b"not found", "text/plain")
        text: dict[str, Any] = json.loads(self.body())
        status, texts = self.server.deliver(str(text["from"]), str(text.get("body", "")), int(text.get("media", 0)))
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
