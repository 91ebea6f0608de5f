"""Just enough of MP3 to tell real audio from an empty or broken file: walk the MPEG Layer III frames (past any
ID3v2 tags, which gTTS's pieces and the local fake carry) and add up how long they play. No decoder needed."""

from __future__ import annotations

# kbit/s by bitrate index, and Hz by sample-rate index, for MPEG-1 and for MPEG-2 / 2.5 Layer III
BITRATES = {1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
            2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)}
SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _id3_length(data: bytes, at: int) -> int:
    if data[at:at + 3] != b"ID3" or len(data) < at + 10:
        return 0
    size = data[at + 6:at + 10]
    return 10 + ((size[0] & 0x7F) << 21 | (size[1] & 0x7F) << 14 | (size[2] & 0x7F) << 7 | (size[3] & 0x7F))


def _frame(data: bytes, at: int) -> tuple[int, float] | None:
    """(bytes, seconds) of the Layer III frame starting at `at`, or None if none starts there."""
    if len(data) < at + 4 or data[at] != 0xFF or data[at + 1] & 0xE0 != 0xE0:
        return None
    version, layer = (data[at + 1] >> 3) & 3, (data[at + 1] >> 1) & 3
    bitrate_index, rate_index = data[at + 2] >> 4, (data[at + 2] >> 2) & 3
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    rate = SAMPLE_RATES[version][rate_index]
    bitrate = BITRATES[1 if version == 3 else 2][bitrate_index] * 1000
    samples = 1152 if version == 3 else 576
    length = samples // 8 * bitrate // rate + ((data[at + 2] >> 1) & 1)
    return length, samples / rate


def seconds(data: bytes) -> float:
    """How long the MP3 in `data` plays; 0.0 for no frames at all. Bytes that are not a frame are stepped over,
    as a decoder would."""
    at, total = 0, 0.0
    while at < len(data):
        tag = _id3_length(data, at)
        if tag:
            at += tag
            continue
        frame = _frame(data, at)
        if frame is None:
            at += 1
            continue
        at += frame[0]
        total += frame[1]
    return total
