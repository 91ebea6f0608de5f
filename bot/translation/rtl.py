"""Right-to-left text that keeps its numbers and names the right way round, wherever it is shown.

In Arabic or Urdu, the Unicode bidirectional algorithm lays out "0800 1111" as "1111 0800": the space between two
digit groups takes the direction of the Arabic around it, so the groups swap, and a right-to-left mark at the
start of the line does not stop it. So every piece of left-to-right material in right-to-left text is fixed
where the bot builds its messages, never by hand in a catalog:
- digit groups separated by a space are joined by a no-break space, which the algorithm treats as part of the
  number (rule W4), so even a display that knows nothing of isolates keeps "0800 1111" (and "٠٨٠٠ ١١١١") whole;
- each run of Latin-script words ("Childline", "EHC") and each number written with 0-9 ("+44 7700 900123",
  "4/5") is isolated (U+2066 LEFT-TO-RIGHT ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE), so it is laid out as one
  left-to-right unit and its neighbours cannot reorder it.

`rtl_safe` is idempotent: isolates already in a text are taken out and put back in the right places.
"""

from __future__ import annotations

from functools import cache

import regex
from babel import Locale

from bot.understanding.normalise import BIDI_CONTROLS

RTL_MARK = "\u200f"
LRI, PDI = "\u2066", "\u2069"
NO_BREAK_SPACE = "\u00a0"
ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))

DIGIT_GROUPS = regex.compile(r"(?<=\p{Nd})[ \u00a0](?=\p{Nd})")
_WORD = r"\p{Latin}[\p{Latin}\p{M}]*(?:['’.&-]\p{Latin}[\p{Latin}\p{M}]*)*"
_NUMBER = r"\+?[0-9]+(?:[\u00a0.,:/-][0-9]+)*%?"
_LATIN_RUN = rf"{_WORD}(?:[0-9]+(?:{_WORD})?)*(?: {_WORD}(?:[0-9]+(?:{_WORD})?)*)*"  # "Childline Online", "Y11"
_VERSIONED = rf"{_LATIN_RUN} [0-9]+(?:\.[0-9]+)+"  # "CC BY-SA 4.0": a name and its version are one run
_NUMBER_RUN = rf"{_NUMBER}(?:(?:{_WORD})(?:{_NUMBER})?)*"  # "0800 1111" (joined first), "+44 7700 900123", "4G"
# an email or web address is one run, or its "@" and "/" would be laid out around its parts
_ADDRESS = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|https?://[^\s\u2066-\u2069]+|www\.[^\s\u2066-\u2069]+"
# Latin words run on across single spaces; a number and a word stay apart, so "1 English" in a numbered list
# still reads right to left, number first
LEFT_TO_RIGHT = regex.compile(
    rf"(?<![\p{{Latin}}0-9])(?:{_ADDRESS}|{_VERSIONED}|{_LATIN_RUN}|{_NUMBER_RUN})(?![\p{{Latin}}0-9])")


@cache
def is_rtl(lang: str) -> bool:
    """Whether a language is written right to left (Arabic, Urdu), from Babel's locale data."""
    return Locale.parse(lang).character_order == "right-to-left"


def rtl_safe(text: str) -> str:
    """Right-to-left text with its digit groups joined and its left-to-right runs isolated (see above)."""
    text = DIGIT_GROUPS.sub(NO_BREAK_SPACE, text.translate(ISOLATES))
    return LEFT_TO_RIGHT.sub(lambda run: f"{LRI}{run.group(0)}{PDI}", text)


def without_bidi_controls(text: str) -> str:
    """The text as it is read aloud or compared: no invisible direction controls, ordinary spaces."""
    return text.translate(BIDI_CONTROLS).replace(NO_BREAK_SPACE, " ")


def marked_lines(text: str) -> str:
    """Each line opened with a right-to-left mark, for channels that lay out each line by its first strong
    letter (SMS apps, Telegram), so a line that starts with a number or a Latin word still reads right to left."""
    return "\n".join(RTL_MARK + line.removeprefix(RTL_MARK) for line in text.split("\n"))
