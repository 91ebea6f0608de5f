"""Texts sent through Twilio's REST API (twilio's own client, asynchronous), for a reply to a text that waited in
the inbox: its webhook was answered at once with nothing, so the reply cannot go back in that answer as TwiML.

Twilio's client logs each request at INFO level; the logger it is given here says nothing, so no number or words
reach a log.
"""

from __future__ import annotations

import logging

from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from bot.settings import SmsSettings

QUIET = logging.getLogger("sayit.sms.twilio_client")
QUIET.disabled = True
TIMEOUT_S = 15


class SmsReplies:
    def __init__(self, settings: SmsSettings):
        self.client = Client(settings.account_sid, settings.auth_token,
                             http_client=AsyncTwilioHttpClient(timeout=TIMEOUT_S, logger=QUIET))
        self.client.api.base_url = settings.api_url  # Twilio's own, or the local fake's

    async def send(self, to: str, sender: str, body: str) -> None:
        """One text; raises twilio's TwilioRestException, or aiohttp's errors, when Twilio refuses or is away."""
        await self.client.messages.create_async(to=to, from_=sender, body=body)
