"""A local stand-in for Telegram's Bot API, for tests and the offline demo (`sayit run` starts it when
SAYIT_TELEGRAM_TOKEN is not set).

It answers python-telegram-bot's requests at `/bot<token>/<method>` the way Telegram does, refusing what
Telegram refuses (a wrong token, an empty or over-long text, a button whose data is over 64 bytes, a photo that
is not a PNG or JPEG of a size Telegram takes, an over-long caption), and keeps every call for `GET /received`.
Like Telegram, it delivers updates to the webhook registered with setWebhook, with the secret token in the
header: `POST /deliver` with an Update's JSON plays a person writing to the bot. A voice note a person sends is
first given to `add_voice` (in a test) or `POST /voice` (its bytes; the answer is the Voice to put in an Update),
then fetched by the bot as Telegram serves files: `getFile` names a path, `GET /file/bot<token>/<path>` is the file.
    python -m bot.fakes.telegram_api --port 5071 --token 123:local
"""

from __future__ import annotations

import argparse
import base64
import email.parser
import email.policy
import json
import struct
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from bot.fakes.loopback import FakeHandler, LoopbackFake

MAX_TEXT = 4096
BOT_USER = {"id": 7000001, "is_bot": True, "first_name": "SayIt", "username": "sayit_local_bot"}

# Telegram's own rules, from the Bot API documentation (not from SayIt's code, so a mistake there shows here)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_CALLBACK_DATA = 64  # bytes of callback_data a button may carry
MAX_CAPTION = 1024  # characters of a photo's caption
MAX_PHOTO_BYTES = 10 * 1024 * 1024  # a photo sent by upload
MAX_PHOTO_SIDES = 10_000  # width and height together
MAX_PHOTO_RATIO = 20
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # the largest file getFile lets a bot download
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class FakeTelegram(LoopbackFake):
    """`received` holds {"method", "params", "message_id" (of a message sent)} for every Bot API call, in order."""

    def __init__(self, token: str, port: int = 0):
        super().__init__(port, _Handler)
        self.token = token
        self.webhook: dict[str, str] = {}
        self.last_message_id = 0
        self.files: dict[str, bytes] = {}  # by file_path: what people sent, for the bot to download

    @property
    def api_url(self) -> str:
        """What to give python-telegram-bot's Bot as base_url."""
        return self.root + "/bot"

    def add_voice(self, data: bytes, duration: int = 1) -> dict[str, Any]:
        """Keep a voice note a person sends (OGG/Opus, as Telegram's apps record them); the Voice object for the
        Update's message."""
        with self.lock:
            n = len(self.files) + 1
            self.files[f"voice/file_{n}.oga"] = data
        return {"file_id": f"person-voice-{n}", "file_unique_id": f"pv{n}", "duration": duration,
                "mime_type": "audio/ogg", "file_size": len(data)}

    def file_of(self, file_id: str) -> dict[str, Any] | None:
        """getFile's answer for a file a person sent, or None if there is no such file."""
        n = file_id.removeprefix("person-voice-")
        path = f"voice/file_{n}.oga"
        if not file_id.startswith("person-voice-") or path not in self.files:
            return None
        return {"file_id": file_id, "file_unique_id": f"pv{n}", "file_size": len(self.files[path]), "file_path": path}

    def deliver(self, update: dict[str, Any]) -> int:
        """Post an update to the registered webhook as Telegram would; the webhook's HTTP status."""
        if not self.webhook.get("url"):
            raise RuntimeError("no webhook is set: call setWebhook first (`sayit telegram webhook --url ...`)")
        request = urllib.request.Request(self.webhook["url"], data=json.dumps(update).encode("utf-8"),
                                         headers={"Content-Type": "application/json"})
        if self.webhook.get("secret_token"):
            request.add_header(SECRET_HEADER, self.webhook["secret_token"])
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:
                return answer.status
        except urllib.error.HTTPError as refused:
            return refused.code


def parse_params(content_type: str, body: bytes) -> dict[str, Any]:
    """A Bot API request's parameters: form fields, or multipart with files (kept as name and base64)."""
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        params: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            data = part.get_payload(decode=True)
            data = data if isinstance(data, bytes) else b""
            filename = part.get_filename()
            params[str(name)] = ({"filename": filename, "base64": base64.b64encode(data).decode("ascii")}
                                 if filename else data.decode("utf-8"))
    else:
        params = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
    if isinstance(params.get("reply_markup"), str):
        params["reply_markup"] = json.loads(params["reply_markup"])
    return params


def photo_size(data: bytes) -> tuple[int, int] | None:
    """A PNG's or JPEG's width and height, read from its header as Telegram's image check would; None when the
    bytes are neither."""
    if data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data.startswith(b"\xff\xd8"):
        at = 2
        while at + 9 < len(data) and data[at] == 0xFF:
            marker, length = data[at + 1], struct.unpack(">H", data[at + 2:at + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                height, width = struct.unpack(">HH", data[at + 5:at + 9])
                return width, height
            at += 2 + length
    return None


def photo_refusal(params: dict[str, Any]) -> str | None:
    photo = params.get("photo")
    if not isinstance(photo, dict):  # a file id or an address: this fake has no files to name
        return "Bad Request: there is no photo in the request" if not photo else "Bad Request: wrong file identifier"
    data = base64.b64decode(photo["base64"])
    size = photo_size(data)
    if len(data) > MAX_PHOTO_BYTES:
        return "Bad Request: file is too big"
    if size is None:
        return "Bad Request: IMAGE_PROCESS_FAILED"
    width, height = size
    if not width or not height or width + height > MAX_PHOTO_SIDES or max(size) / min(size) > MAX_PHOTO_RATIO:
        return "Bad Request: PHOTO_INVALID_DIMENSIONS"
    if len(str(params.get("caption", ""))) > MAX_CAPTION:
        return "Bad Request: message caption is too long"
    return None


def refusal(method: str, params: dict[str, Any]) -> str | None:
    """What Telegram would say is wrong with this call, if anything."""
    if method == "sendPhoto":
        problem = photo_refusal(params)
        if problem:
            return problem
    if method == "sendMessage":
        if not str(params.get("text", "")).strip():
            return "Bad Request: message text is empty"
        if len(params["text"]) > MAX_TEXT:
            return "Bad Request: message is too long"
    for row in (params.get("reply_markup") or {}).get("inline_keyboard", []):
        for button in row:
            if len(button.get("callback_data", "").encode("utf-8")) > MAX_CALLBACK_DATA:
                return "Bad Request: BUTTON_DATA_INVALID"
    return None


class _Handler(FakeHandler):
    server: FakeTelegram

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        if self.path.startswith("/file/"):
            return _serve_file(self)
        super().do_GET()

    def do_POST(self) -> None:  # noqa: N802 (the name http.server calls)
        path = self.path.split("?")[0]
        if path == "/deliver":
            return self.send_json(200, {"status": self.server.deliver(json.loads(self.body()))})
        if path == "/voice":
            return self.send_json(200, self.server.add_voice(self.body()))
        prefix = f"/bot{self.server.token}/"
        if not path.startswith(prefix):
            return self.send_json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        method = path.removeprefix(prefix)
        params = parse_params(self.headers.get("Content-Type", ""), self.body())
        problem = refusal(method, params)
        if problem:
            return self.send_json(400, {"ok": False, "error_code": 400, "description": problem})
        result = self.answer(method, params)
        if result is None:
            return self.send_json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        sent = result.get("message_id") if isinstance(result, dict) else None
        self.server.record({"method": method, "params": params, "message_id": sent})
        self.send_json(200, {"ok": True, "result": result})

    def answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "setWebhook":
            self.server.webhook = {"url": params.get("url", ""), "secret_token": params.get("secret_token", "")}
            return True
        if method == "deleteWebhook":
            self.server.webhook = {}
            return True
        if method == "getWebhookInfo":
            return {"url": self.server.webhook.get("url", ""), "has_custom_certificate": False,
                    "pending_update_count": 0}
        if method in ("answerCallbackQuery", "editMessageReplyMarkup", "sendChatAction"):
            return True
        if method == "getFile":
            return self.server.file_of(str(params.get("file_id", "")))
        if method in ("sendMessage", "sendVoice", "sendAudio", "sendPhoto"):
            with self.server.lock:
                self.server.last_message_id += 1
                message_id = self.server.last_message_id
            message: dict[str, Any] = {"message_id": message_id, "date": int(time.time()), "from": BOT_USER,
                                       "chat": {"id": int(params.get("chat_id", 0)), "type": "private"}}
            if method == "sendMessage":
                message["text"] = params["text"]
            elif method == "sendPhoto":
                width, height = photo_size(base64.b64decode(params["photo"]["base64"])) or (0, 0)
                message["photo"] = [{"file_id": f"photo-{message_id}", "file_unique_id": f"p{message_id}",
                                     "width": width, "height": height}]
                if params.get("caption"):
                    message["caption"] = params["caption"]
            else:
                message["voice"] = {"file_id": f"voice-{message_id}", "file_unique_id": f"v{message_id}",
                                    "duration": 1}
            return message
        return None


def _serve_file(handler: _Handler) -> None:
    """`GET /file/bot<token>/<file_path>`: the file, as Telegram serves it (404 for a wrong token or path)."""
    prefix = f"/file/bot{handler.server.token}/"
    path = urllib.parse.unquote(handler.path.split("?")[0])  # httpx writes the token's colon as %3A
    data = handler.server.files.get(path.removeprefix(prefix)) if path.startswith(prefix) else None
    if data is None or len(data) > MAX_DOWNLOAD_BYTES:
        return handler.send_json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
    handler.send(200, data, "application/octet-stream")


def main() -> None:
    parser = argparse.ArgumentParser(description="A local fake of Telegram's Bot API.")
    parser.add_argument("--port", type=int, default=5071, help="loopback port to listen on (default 5071)")
    parser.add_argument("--token", required=True, help="the bot token it accepts")
    args = parser.parse_args()
    server = FakeTelegram(args.token, args.port)
    print(f"Fake Telegram Bot API at {server.api_url}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
