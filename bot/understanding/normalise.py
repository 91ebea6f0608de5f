"""How a reply is made comparable with the word lists, in every script: one fold, applied alike to what people
type and to the lexicon's own phrases and concern patterns, so the word lists can be written properly.

- lower case, compatibility forms (NFKC), curly and modifier apostrophes as "'";
- digits of any script (Arabic-Indic, Extended Arabic-Indic as used in Urdu, Bengali ...) as 0-9;
- accents on Latin letters dropped, because phones often leave them out ("nu stiu" is "nu știu", "zle" is "źle");
  Cyrillic, Bengali and Arabic-script letters keep theirs (й is not и, and Bengali vowel signs are letters);
- Arabic-script spellings that keyboards mix up folded together (Arabic and Urdu yeh, kaf and heh; hamza on
  alif; short-vowel marks and the tatweel, which people rarely type and never consistently).
"""

from __future__ import annotations

import re
import unicodedata

import regex

# isolates, embeddings, overrides and marks: invisible, added to right-to-left text by bot.translation.rtl, so
# dropped before a text is compared (or spoken)
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
LOOK_ALIKES = str.maketrans({"\u0142": "l", "\u0141": "L",  # Polish l with stroke has no accent to drop
                             "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u0060": "'", "\u00b4": "'",
                             "\ufe0f": None, "\ufe0e": None,  # emoji presentation selectors
                             # the joiner and modifiers of one emoji ("🤷‍♀️", "👍🏽"): the emoji is what it means
                             "\u200d": None, "\u2640": None, "\u2642": None,
                             **{chr(c): None for c in range(0x1F3FB, 0x1F400)},
                             **{chr(c): None for c in BIDI_CONTROLS}})  # direction controls, as in the bot's words
ARABIC_SCRIPT = str.maketrans({
    "\u064a": "\u06cc", "\u0649": "\u06cc",  # Arabic yeh and alef maksura -> Farsi/Urdu yeh
    "\u0643": "\u06a9",  # Arabic kaf -> keheh
    "\u06c1": "\u0647", "\u06be": "\u0647",  # Urdu heh goal and do-chashmi heh -> heh
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627",  # alif with hamza or madda -> alif
    "\u0629": "\u0647",  # teh marbuta, often typed as heh
    "\u0640": None,  # tatweel
    **{chr(c): None for c in range(0x064B, 0x0660)}, "\u0670": None,  # harakat, tanween, superscript alif
})
# a word: letters with their combining marks (Bengali vowel signs), digits, apostrophes; a hyphen joins words
# ("twenty-one", "so-so") but not numbers ("4-5" is a range); any other mark (emoji, "?") is a word of its own
LONG_RUNS = regex.compile(r"(\p{L})\1{2,}")
WORD = regex.compile(r"[\p{L}\p{M}\p{N}_'%]+(?:-[\p{L}\p{M}]+)*|[^\p{L}\p{M}\p{N}_\s]")


# What a reply may hold before it is coded or stored: longer is cut (a survey answer is never this long), and
# control characters (NUL above all: PostgreSQL refuses it, and it breaks exports and SMS XML) are dropped.
MAX_REPLY_CHARS = 2000
# a run of spaces and controls together, so that "a \x00 b" becomes "a b", as "a  b" does
CONTROL_CHARS = regex.compile(r"(?:[^\S\n]|(?!\n)[\p{Cc}\p{Cs}\ufffe\uffff])+")


MAX_NOTE_CHARS = 500  # an advocate's observation on one answer: a sentence or two


def clean_note(text: str | None) -> str | None:
    """A short note (an advocate's observation) as it may be kept: cleaned as a reply is, cut to MAX_NOTE_CHARS;
    None if nothing is left."""
    return clean_reply(text or "")[:MAX_NOTE_CHARS].rstrip() or None


def without_controls(text: str) -> str:
    """Every run of spaces and space-like controls (tab, carriage return, form feed) one plain space, every other
    control character removed; newlines kept."""
    return CONTROL_CHARS.sub(lambda hit: " " if any(ch.isspace() for ch in hit.group()) else "", text)


def clean_reply(text: str) -> str:
    """A reply as it may be kept: Unicode in its composed form (NFC), without controls, cut to MAX_REPLY_CHARS
    (the conversation refuses a longer one with a kind message: see `is_too_long`)."""
    # controls out before composing (an accent after a NUL composes once the NUL is gone), and the end trimmed
    # again after the cut: a cleaned reply cleaned again is the same
    return unicodedata.normalize("NFC", without_controls(text or "")).strip()[:MAX_REPLY_CHARS].rstrip()


def is_too_long(text: str) -> bool:
    """Longer than a reply may be, once cleaned: the conversation asks for a shorter one and stores nothing."""
    return len(unicodedata.normalize("NFC", without_controls(text or "")).strip()) > MAX_REPLY_CHARS


def _drop_latin_accents(text: str) -> str:
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and out and "LATIN" in unicodedata.name(out[-1], ""):
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def fold(text: str) -> str:
    """Apostrophes, Latin accents and Arabic-script spellings folded, case kept: safe for regular expressions."""
    return _drop_latin_accents(unicodedata.normalize("NFKC", text).translate(LOOK_ALIKES)).translate(ARABIC_SCRIPT)


def normalise(text: str) -> str:
    """The folded form of a reply or of a word-list phrase, lower case, digits as 0-9 (see the module docstring)."""
    text = fold(text or "").lower()
    chars = []
    for ch in text:
        digit = unicodedata.decimal(ch, None)
        chars.append(str(digit) if digit is not None and not ch.isascii() else ch)
    text = LONG_RUNS.sub(r"\1\1", "".join(chars))  # "yesssss", "nooooo", "defffo": stretched for feeling
    return re.sub(r"\s+", " ", text).strip()


def tokens(text: str) -> tuple[str, ...]:
    """Split normalised text into words, keeping apostrophes inside words and emoji as their own tokens."""
    return tuple(WORD.findall(text))


def is_punctuation(word: str) -> bool:
    """Whether a word (a token of `tokens`) is one punctuation mark."""
    return len(word) == 1 and unicodedata.category(word).startswith("P")


def holds(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """Whether the words hold the phrase, word for word, anywhere."""
    n = len(phrase)
    return any(words[i:i + n] == phrase for i in range(len(words) - n + 1))
