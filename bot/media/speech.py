"""What the bot can say aloud, and in which voice: a clip is some of the bot's own words in one language, named by
a hash, so every channel fetches the same audio for the same words.

Only the bot's own words are ever spoken. What a message says is built from `Words`: a catalog wording (a bot
message or a survey wording) whose placeholders are filled by numbers, by other Words, by a setting of the
deployment (`Configured`, such as the privacy contact) or by a person's own reply (`Quoted`), which is shown but
never spoken: a part of a message that quotes anyone is left out of its audio, and a wording the catalogs do not
hold is not spoken at all. Speech is never in a language other than the words shown: a wording that fell back to
English in a Polish session gets no audio and a note, and so does a language with no voice.

A catalog wording alone is a clip the audio address can always name (`speakable`). A message in several parts
(intro, position, question) is one clip whose audio is its parts' audio joined, and it, like a wording with
numbers filled in ("Question 3 of 25."), is registered in the store by the action server as it builds the message
(`bot.store.clips`). Either way the address names only words the bot itself said, so it is no way to make the
speech service read out arbitrary text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Union

from gtts.lang import tts_langs

from bot.catalogs.entries import PLACEHOLDER
from bot.catalogs.files import TEMPLATE, read_catalog
from bot.media import espeak
from bot.settings import ESPEAK_ONLY, tts_url
from bot.store.clips import SpokenText
from bot.translation import messages as m
from bot.translation.languages import endonym, supported
from bot.translation.messages import ByMedium
from bot.translation.rtl import without_bidi_controls
from bot.translation.speaker import Speaker

PACES = ("normal", "slow")
GTTS = "gtts"
Wording = str | ByMedium | tuple[str, str]  # a message, a message by medium, or its plural forms


# A clip is one of the bot's spoken texts as the store's registry keeps it: id, language, words, and for a message
# in several parts its parts' ids. One type, so a clip is registered, found and recorded as it is.
Clip = SpokenText


def clip(lang: str, text: str) -> Clip:
    """The clip of words as shown; what is spoken leaves out the invisible controls that keep numbers in order."""
    words = without_bidi_controls(text)
    return Clip(hashlib.sha256(f"{lang}\n{words}".encode()).hexdigest()[:32], lang, words)


def joined(lang: str, parts: tuple[Clip, ...]) -> Clip:
    """One clip for a message in several parts, heard one after the other; a single part is its own clip."""
    if len(parts) == 1:
        return parts[0]
    key = "\n".join(["parts", lang, *(p.id for p in parts)])
    return Clip(hashlib.sha256(key.encode()).hexdigest()[:32], lang, " ".join(p.text for p in parts),
                tuple(p.id for p in parts))


# ---- the bot's own words -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Quoted:
    """A person's own words inside one of the bot's wordings ("Before, you said: ..."): shown, never spoken."""
    text: str


@dataclass(frozen=True)
class Configured:
    """A deployment's own setting inside a wording (SAYIT_PRIVACY_CONTACT): shown and spoken."""
    text: str


@dataclass(frozen=True)
class Joined:
    """Several Words said one after another, with a catalog wording between them ("; ")."""
    separator: str
    items: tuple[Words, ...]


Value = Union[int, "Words", Joined, Quoted, Configured]


@dataclass(frozen=True)
class Words:
    """A catalog wording with its placeholders filled (`count` picks the plural form). A value is a number, other
    Words, a `Configured` setting or a `Quoted` reply: never a bare string, so nobody's words can slip into speech
    unmarked."""
    english: Wording
    values: tuple[tuple[str, Value], ...] = ()
    count: int | None = None

    def __post_init__(self) -> None:
        for name, value in self.values:
            if isinstance(value, bool) or not isinstance(value, (int, Words, Joined, Quoted, Configured)):
                raise TypeError(f"{{{name}}} must be a number, Words, Joined, Configured or Quoted (a person's own "
                                f"words), not {type(value).__name__}")


def words(english: Wording, count: int | None = None, **values: Value) -> Words:
    return Words(english, tuple(values.items()), count)


Said = Words | str | ByMedium  # a bare wording is Words with nothing to fill in


def as_words(part: Said) -> Words:
    return part if isinstance(part, Words) else Words(part)


def shown(speaker: Speaker, part: Said) -> str:
    """The words as this person sees them."""
    w = as_words(part)
    values = {name: _filled(speaker, value) for name, value in w.values}
    if isinstance(w.english, tuple):
        return speaker.say_n(w.english, w.count or 0, **values)
    return speaker.say(w.english, **values)


def _filled(speaker: Speaker, value: Value) -> object:
    if isinstance(value, (Quoted, Configured)):
        return value.text
    if isinstance(value, Joined):
        return speaker.say(value.separator).join(shown(speaker, item) for item in value.items)
    if isinstance(value, Words):
        return shown(speaker, value)
    return value


def _inside(w: Words) -> Iterator[Value]:
    for _, value in w.values:
        yield value
        if isinstance(value, Words):
            yield from _inside(value)
        if isinstance(value, Joined):
            for item in value.items:
                yield item
                yield from _inside(item)


def quotes(part: Said) -> bool:
    """Whether these words repeat anything a person said."""
    return any(isinstance(v, Quoted) for v in _inside(as_words(part)))


def wordings(part: Said) -> list[Wording]:
    """Every catalog wording these words are made of."""
    w = as_words(part)
    found: list[Wording] = [w.english]
    for value in _inside(w):
        if isinstance(value, Words):
            found.append(value.english)
        elif isinstance(value, Joined):
            found.append(value.separator)
    return found


@cache
def catalog_wordings() -> frozenset[Any]:
    """Every wording the catalogs hold (messages and survey wordings; plural forms as their pair)."""
    return frozenset(msg.id for msg in read_catalog(TEMPLATE) if msg.id)


def _in_catalog(speaker: Speaker, wording: Wording) -> bool:
    if isinstance(wording, ByMedium):
        wording = wording.text if speaker.medium == "text" else wording.buttons
    return wording in catalog_wordings()


# ---- voices and engines ---------------------------------------------------------------------------------------
def engines() -> tuple[str, ...]:
    """The engines clips are made with, in the order tried: Google's speech (or whatever answers as it does at
    SAYIT_TTS_URL), then espeak-ng on this machine; with SAYIT_TTS_URL=espeak-ng, espeak-ng alone."""
    url = tts_url()
    if not url:
        return ()
    return (espeak.ENGINE,) if url == ESPEAK_ONLY else (GTTS, espeak.ENGINE)


@cache
def voices() -> frozenset[str]:
    """Languages Google's speech has a voice for (gTTS's own list, no network needed)."""
    return frozenset(tts_langs())


def has_voice(lang: str) -> bool:
    used = engines()
    return (GTTS in used and lang in voices()) or (espeak.ENGINE in used and espeak.voice(lang) is not None)


def speech_on() -> bool:
    return tts_url() != ""


# ---- audio in a message ---------------------------------------------------------------------------------------
class AudioRef(dict[str, Any]):
    """How a clip travels in the `custom` payload: {"id", "lang", "format"}. Each channel turns the id into an
    address it can serve (the web chat's `/audio/<id>.mp3`, with `?pace=slow` for slower speech). It also holds,
    never sent, its clips (its parts, then the whole), and which of them only the store's registry can name
    (`unlisted`): the action server registers those as it builds the message."""

    def __init__(self, c: Clip, parts: tuple[Clip, ...] = (), unlisted: tuple[Clip, ...] = ()):
        super().__init__(id=c.id, lang=c.lang, format="mp3")
        self.clips = (*parts, c) if c.parts else (c,)
        self.unlisted = unlisted


def spoken(speaker: Speaker, *parts: Said | None) -> tuple[AudioRef | None, str | None]:
    """The audio of a message's parts as `speaker` shows them, heard one after the other, or None and a note (in
    the person's language) saying why not. A part that quotes a person is left out. With speech switched off
    for the deployment there is neither audio nor a note."""
    if not speech_on():
        return None, None
    said = [as_words(p) for p in parts if p is not None]
    said = [w for w in said if not quotes(w)]
    used = [wording for w in said for wording in wordings(w)]
    if not said:
        return None, None
    if not all(speaker.translates(wording) for wording in used):
        return None, speaker.say(m.AUDIO_NOT_TRANSLATED)
    if not all(_in_catalog(speaker, wording) for wording in used):
        return None, None  # not the bot's own words: never spoken
    if not has_voice(speaker.lang):
        return None, speaker.say(m.AUDIO_NO_VOICE)
    clips = tuple(clip(speaker.lang, shown(speaker, w)) for w in said)
    whole = joined(speaker.lang, clips)
    # a wording alone is in `speakable`; a filled-in wording, or a message in parts, needs the registry
    unlisted = tuple(c for c, w in zip(clips, said, strict=True) if w.values or w.count is not None)
    return AudioRef(whole, clips, unlisted + ((whole,) if whole.parts else ())), None


def name_spoken(lang: str) -> AudioRef | None:
    """A language's own name spoken in that language, for the language list."""
    return AudioRef(clip(lang, endonym(lang))) if speech_on() and has_voice(lang) else None


@cache
def speakable() -> dict[str, Clip]:
    """Every clip the bot can name without the registry, by id: each catalog message without placeholders, in
    each form (to a young person, to an adult), in each supported language that translates it, and each
    language's own name. (Whether a language has a voice is asked when a clip is named and made.)"""
    clips: dict[str, Clip] = {}
    english = [(msg.id, "young_person" if msg.context == m.YOUNG_PERSON else "adult") for msg in read_catalog(TEMPLATE)
               if isinstance(msg.id, str) and msg.id and not PLACEHOLDER.search(msg.id)]
    for lang in supported():
        adult, young = Speaker(lang), Speaker(lang, "young_person")
        said = [clip(lang, s.say(e)) for e, s in ((e, young if r == "young_person" else adult) for e, r in english)
                if s.translates(e)]
        for c in [*said, clip(lang, endonym(lang))]:
            clips[c.id] = c
    return clips
