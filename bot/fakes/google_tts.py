"""A local stand-in for Google Translate's speech endpoint, for tests and the offline demo (`sayit run` starts it
when SAYIT_TTS_URL is not set). It answers gTTS's own request the way Google does, with an MP3 of silence as
long as the words would take to say (longer when gTTS asks for slow speech), tagged (ID3 title) with the
language and the words, so a test can tell which language and which words it was asked for. It refuses a
language Google has no voice for, and a test can make it fail (`failing`) as a real service sometimes does.

    python -m bot.fakes.google_tts --port 5070
"""

from __future__ import annotations

import argparse
import base64
import json
import struct
import urllib.parse

from gtts.lang import tts_langs

from bot.fakes.loopback import FakeHandler, LoopbackFake

PATH = "/_/TranslateWebserverUi/data/batchexecute"
# One MPEG-1 Layer III frame, 32 kbit/s, 44.1 kHz, mono, no CRC: 104 bytes; all-zero side information and
# main data decode as 26 ms of silence in any MP3 decoder.
FRAME = bytes([0xFF, 0xFB, 0x10, 0xC0]) + bytes(100)
FRAMES_PER_WORD = 15  # about 0.4 s a word, a calm speaking pace
SLOW_FRAMES_PER_WORD = 23  # gTTS's slow speech, about half as slow again


def id3_title(title: str) -> bytes:
    """An ID3v2.3 tag with one title frame (UTF-16 with a byte-order mark: any script)."""
    body = b"\x01" + title.encode("utf-16")
    frame = b"TIT2" + struct.pack(">I", len(body)) + b"\x00\x00" + body
    size = len(frame)
    syncsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    return b"ID3\x03\x00\x00" + syncsafe + frame


def silent_mp3(lang: str, text: str, slow: bool = False) -> bytes:
    per_word = SLOW_FRAMES_PER_WORD if slow else FRAMES_PER_WORD
    return id3_title(f"{lang}: {text}") + FRAME * (per_word * max(1, len(text.split())))


def title_of(mp3: bytes) -> str:
    """The words a fake clip was made from (for tests): "pl: Czy ...". gTTS asks for a long text in pieces of
    up to 100 characters, split where a comma or a full stop is (and drops it), so a clip is one tagged part a
    piece: their words come back joined with spaces."""
    assert mp3[:3] == b"ID3" and mp3[10:14] == b"TIT2", "not a clip from the fake"
    parts = []
    start = 0
    while (start := mp3.find(b"ID3\x03\x00\x00", start)) >= 0 and mp3[start + 10:start + 14] == b"TIT2":
        size = struct.unpack(">I", mp3[start + 14:start + 18])[0]
        lang, _, words = mp3[start + 21:start + 20 + size].decode("utf-16").partition(": ")
        parts.append(words)
        start += 20 + size
    return f"{lang}: {' '.join(parts)}"


def parse_request(body: str) -> tuple[str, str, bool]:
    """gTTS's `f.req` form field: the text, the language it asks for, and whether slowly."""
    rpc = json.loads(urllib.parse.parse_qs(body)["f.req"][0])
    text, lang, speed = json.loads(rpc[0][0][1])[:3]
    return text, lang, bool(speed)


def google_reply(mp3: bytes) -> bytes:
    """The shape of Google's batchexecute answer, which gTTS searches line by line for the audio."""
    payload = base64.b64encode(mp3).decode("ascii")
    line = '[["wrb.fr","jQ1olc","[\\"' + payload + '\\"]",null,null,null,"generic"]]'
    return (")]}'\n\n" + str(len(line)) + "\n" + line + "\n").encode("ascii")


class FakeGoogleTTS(LoopbackFake):
    """Runs on loopback; `received` lists (language, text) of every clip asked for, in order, and `slow` those
    asked for slowly. While `failing` is an HTTP status, it answers every request with it."""

    def __init__(self, port: int = 0):
        super().__init__(port, _Handler)
        self.voices = set(tts_langs())
        self.slow: list[tuple[str, str]] = []
        self.failing: int | None = None

    @property
    def url(self) -> str:
        return self.root + PATH


class _Handler(FakeHandler):
    server: FakeGoogleTTS

    def do_POST(self) -> None:  # noqa: N802 (the name http.server calls)
        if self.path.split("?")[0] != PATH:
            return self.send(404, b"not found", "text/plain")
        try:
            text, lang, slow = parse_request(self.body().decode("utf-8"))
        except (KeyError, IndexError, ValueError):
            return self.send(400, b"bad f.req", "text/plain")
        if self.server.failing:
            return self.send(self.server.failing, b"failing, as asked", "text/plain")
        if lang not in self.server.voices:
            return self.send(400, b"no voice for this language", "text/plain")
        self.server.record((lang, text))
        if slow:
            with self.server.lock:
                self.server.slow.append((lang, text))
        self.send(200, google_reply(silent_mp3(lang, text, slow)), "application/json; charset=utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="A local fake of Google's speech endpoint, for gTTS.")
    parser.add_argument("--port", type=int, default=5070, help="loopback port to listen on (default 5070)")
    args = parser.parse_args()
    server = FakeGoogleTTS(args.port)
    print(f"Fake Google speech at {server.url}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
