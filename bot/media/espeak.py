"""The speech engine on this machine, for when Google's cannot be reached: espeak-ng (Debian's `espeak-ng`) says
the words as WAV and lame (Debian's `lame`) makes it an MP3 like Google's (24 kHz, mono, no header frame), so
clips from either engine can be joined into one message. Both are installed by scripts/setup.sh.

The words go to espeak-ng on its standard input, never on its command line, so no wording can be read as an
option.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

ENGINE = "espeak-ng"
# words a minute: espeak-ng's own 175 is brisk for someone still learning to read; slow is for a person who
# asked for slower speech
WORDS_PER_MINUTE = {"normal": 150, "slow": 110}
VOICE_OF = {"en": "en-gb"}  # where espeak-ng's voice for a language is not simply its code: British English here
TIMEOUT_SECONDS = 60


class EspeakFailed(RuntimeError):
    pass


def installed() -> bool:
    return bool(shutil.which("espeak-ng") and shutil.which("lame"))


@cache
def _voice_names() -> frozenset[str]:
    """The language codes espeak-ng has a voice for (its `--voices` list's second column)."""
    try:
        listed = subprocess.run(["espeak-ng", "--voices"], capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                                check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.split()[1] for line in listed.splitlines()[1:] if len(line.split()) > 1)


def voice(lang: str) -> str | None:
    """espeak-ng's voice for a language, or None when it has none (or is not installed)."""
    if not installed():
        return None
    name = VOICE_OF.get(lang, lang)
    return name if name in _voice_names() else None


def voices(langs: frozenset[str] | set[str] | tuple[str, ...]) -> frozenset[str]:
    return frozenset(lang for lang in langs if voice(lang))


def mp3(text: str, lang: str, pace: str = "normal") -> bytes:
    """The words spoken by espeak-ng, as MP3. Raises EspeakFailed when it cannot say them."""
    name = voice(lang)
    if name is None:
        raise EspeakFailed(f"espeak-ng has no voice for '{lang}'" if installed() else
                           "espeak-ng and lame are not installed (scripts/setup.sh installs them)")
    try:
        wav = subprocess.run(["espeak-ng", "-v", name, "-s", str(WORDS_PER_MINUTE[pace]), "-b", "1", "--stdin",
                              "--stdout"], input=text.encode("utf-8"), capture_output=True, timeout=TIMEOUT_SECONDS,
                             check=True).stdout
        # --resample 24: Google's rate, so the two engines' clips can follow each other in one file; -t: no
        # header frame, whose length would be wrong once joined
        return subprocess.run(["lame", "--quiet", "--resample", "24", "-m", "m", "-b", "48", "-t", "-", "-"],
                              input=wav, capture_output=True, timeout=TIMEOUT_SECONDS, check=True).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise EspeakFailed(f"espeak-ng could not say it ({type(exc).__name__})") from exc
