"""The languages SayIt speaks: those with both a catalog (`locales/`) and a word list
(`bot/understanding/word_lists/`), so adding one is a data change. Names, writing direction and the choice from a
channel's hints all come from Babel's locale data (CLDR), not from tables of our own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from babel import Locale, negotiate_locale

from bot.translation.rtl import is_rtl, marked_lines, rtl_safe
from bot.translation.speaker import SOURCE_LANGUAGE, catalog_languages
from bot.understanding.lexicon import available_languages, load_lexicon
from bot.understanding.normalise import holds
from bot.understanding.other_replies import names_of_languages

QUALITY = re.compile(r"^\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


@cache
def supported() -> tuple[str, ...]:
    understood = set(available_languages())
    return tuple(lang for lang in catalog_languages() if lang in understood)


def endonym(lang: str) -> str:
    """The language's name in itself, as a person looks for it in a list: "Cymraeg", "Polski", "اردو"."""
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


def direction(lang: str) -> str:
    """"rtl" for languages written right to left (Arabic, Urdu), else "ltr"."""
    return "rtl" if is_rtl(lang) else "ltr"


LANG_TAG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$")  # "pl", "pl-PL", "zh_Hant_TW"


def marked_for_direction(text: str, lang: str) -> str:
    """Plain text for a channel that lays out each line by its first strong letter (SMS apps, Telegram): in a
    right-to-left language its numbers and Latin-script names are made safe (`bot.translation.rtl`, also for text the
    channel put together itself) and every line opens with a right-to-left mark, so a line that starts with a
    number or a Latin word ("EHC پلان") still reads right to left."""
    return marked_lines(rtl_safe(text)) if is_rtl(lang) else text


def accept_language(header: str) -> list[str]:
    """An HTTP Accept-Language header as language tags, most wanted first ("pl-PL,pl;q=0.9,en;q=0.8")."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        match = QUALITY.match(part)
        if match:
            try:
                quality = float(match.group(2)) if match.group(2) else 1.0
            except ValueError:
                continue
            if quality > 0:
                ranked.append((-quality, position, match.group(1)))
    return [tag for _, _, tag in sorted(ranked)]


def negotiate(hints: Iterable[str | None], default: str = SOURCE_LANGUAGE) -> str:
    """The supported language that best fits a channel's hints (Telegram's language_code, the browser's
    Accept-Language, an invitation's language column), first hint first; `default` when none fits."""
    preferred = [h.replace("-", "_") for h in hints if h]
    found = negotiate_locale(preferred, list(supported()), sep="_") if preferred else None
    if found is None:  # "pl_PL" against "pl": try the language part alone
        found = negotiate_locale([h.split("_")[0].lower() for h in preferred], list(supported()), sep="_")
    return found or default


def named_language(words: tuple[str, ...], offered: list[str], by_number: bool = True) -> str | None:
    """The language a reply (its normalised words, as a `Reading` has them) picks: its number in the list, its
    code, or its name in any supported language ("Polish please", "بالعربي"). None when it names none, or more
    than one."""
    if by_number and len(words) == 1 and words[0].isdecimal() and 1 <= int(words[0]) <= len(offered):
        return offered[int(words[0]) - 1]
    if len(words) == 1 and words[0] in offered:
        return words[0]
    found = {lang for name, lang in names_of_languages(supported()).items() if lang in offered and holds(words, name)}
    return found.pop() if len(found) == 1 else None


def greeted_in(words: tuple[str, ...]) -> str | None:
    """The language a first message (its normalised words) greets in ("cześć", "السلام عليكم"), when only one
    greets that way."""
    found = {lang for lang in supported() if words in load_lexicon(lang).greetings}
    return found.pop() if len(found) == 1 else None
