"""How long an MP3 plays, to tell real audio from an empty or broken file (mutagen reads the frames' headers; no
decoder needed)."""

from __future__ import annotations

import io

from mutagen import MutagenError
from mutagen.mp3 import MP3


def seconds(data: bytes) -> float:
    """How long the MP3 in `data` plays; 0.0 when it holds no audio frames."""
    try:
        info = MP3(io.BytesIO(data)).info
    except MutagenError:  # no frame found, or not an MP3 at all
        return 0.0
    return float(info.length) if info else 0.0
