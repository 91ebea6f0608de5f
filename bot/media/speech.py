"""What the bot can say aloud, and in which voice: a clip is a wording in one language, named by a hash of
both, so every channel fetches the same audio for the same words.

Only wordings the catalogs hold can be spoken (survey wordings, answer labels, bot messages without
placeholders, and each language's own name), so the audio address is no way to make the speech service read
out arbitrary text. Speech is never in a language other than the words shown: a wording that fell back to
English in a Polish session gets no audio and a note, and so does a language with no voice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from gtts.lang import tts_langs

from bot.catalogs.entries import PLACEHOLDER
from bot.catalogs.files import TEMPLATE, read_catalog
from bot.settings import tts_url
from bot.translation import messages as m
from bot.translation.languages import endonym, supported
from bot.translation.rtl import without_bidi_controls
from bot.translation.speaker import Speaker


@dataclass(frozen=True)
class Clip:
    id: str
    lang: str
    text: str


def clip(lang: str, text: str) -> Clip:
    """The clip of words as shown; what is spoken leaves out the invisible controls that keep numbers in order."""
    words = without_bidi_controls(text)
    return Clip(hashlib.sha256(f"{lang}\n{words}".encode()).hexdigest()[:32], lang, words)


@cache
def voices() -> frozenset[str]:
    """Languages Google's speech has a voice for (gTTS's own list, no network needed)."""
    return frozenset(tts_langs())


def has_voice(lang: str) -> bool:
    return lang in voices()


def speech_on() -> bool:
    return tts_url() != ""


def spoken(speaker: Speaker, english: str | m.ByMedium) -> tuple[dict[str, Any] | None, str | None]:
    """The audio for a wording as `speaker` shows it, or None and a note (in the person's language) saying why
    not. With speech switched off for the deployment there is neither audio nor a note."""
    if not speech_on():
        return None, None
    if not speaker.translates(english):
        return None, speaker.say(m.AUDIO_NOT_TRANSLATED)
    if not has_voice(speaker.lang):
        return None, speaker.say(m.AUDIO_NO_VOICE)
    return audio_ref(clip(speaker.lang, speaker.say(english))), None


def audio_ref(c: Clip) -> dict[str, Any]:
    """How a clip travels in the `custom` payload; each channel turns the id into an address it can serve."""
    return {"id": c.id, "lang": c.lang, "format": "mp3"}


def name_spoken(lang: str) -> dict[str, Any] | None:
    """A language's own name spoken in that language, for the language list."""
    return audio_ref(clip(lang, endonym(lang))) if speech_on() and has_voice(lang) else None


@cache
def speakable() -> dict[str, Clip]:
    """Every clip the bot can ask for, by id: each catalog message without placeholders, in each form (to a
    young person, to an adult), in each supported language that translates it and has a voice, and each
    language's own name."""
    clips: dict[str, Clip] = {}
    english = [(msg.id, "young_person" if msg.context == m.YOUNG_PERSON else "adult") for msg in read_catalog(TEMPLATE)
               if isinstance(msg.id, str) and msg.id and not PLACEHOLDER.search(msg.id)]
    for lang in supported():
        if not has_voice(lang):
            continue
        adult, young = Speaker(lang), Speaker(lang, "young_person")
        said = [clip(lang, s.say(e)) for e, s in ((e, young if r == "young_person" else adult) for e, r in english)
                if s.translates(e)]
        for c in [*said, clip(lang, endonym(lang))]:
            clips[c.id] = c
    return clips
