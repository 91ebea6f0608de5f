"""Saying the bot's messages (`bot.translation.messages`) in one language, to one reader, through one medium,
from the compiled catalogs in the `locales` package (read through Babel)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

import locales
from bot.translation.messages import YOUNG_PERSON, ByMedium
from bot.translation.rtl import is_rtl, rtl_safe
from bot.vocabulary import Role

LOCALE_DIR = Path(locales.__file__).parent  # found from the package, wherever it is installed
DOMAIN = "sayit"
SOURCE_LANGUAGE = "en"

Reader = Literal["young_person", "adult"]
Medium = Literal["buttons", "text"]
TEXT_ONLY_CHANNELS = frozenset({"sms"})  # channels that show no buttons, faces or pictures


def catalog_languages() -> tuple[str, ...]:
    """Languages with a catalog, English (the source language, which needs none) first."""
    found = sorted(p.parts[-3] for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *found)


def reader_of(role: str | None) -> Reader:
    """Who reads the bot's words in a session: a young person's questions are said to the young person, also
    when an advocate helps them answer; a parent or carer, or someone who has not said yet, is an adult."""
    return "young_person" if role in (Role.YOUNG_PERSON, Role.ADVOCATE) else "adult"


def medium_of(channel: str | None) -> Medium:
    return "text" if channel in TEXT_ONLY_CHANNELS else "buttons"


@cache
def catalog(lang: str) -> NullTranslations:
    return Translations.load(str(LOCALE_DIR), [lang], DOMAIN)


class Speaker:
    """The bot's words in one language, to one reader, through one medium. In a right-to-left language every
    message comes out with its numbers and Latin-script names made safe (`bot.translation.rtl`)."""

    def __init__(self, lang: str, reader: Reader = "adult", medium: Medium = "buttons"):
        self.lang = lang
        self.reader = reader
        self.medium = medium
        self._t = catalog(lang)
        self._rtl = is_rtl(lang)

    def _worded(self, message: str | ByMedium) -> str:
        if isinstance(message, ByMedium):
            return message.text if self.medium == "text" else message.buttons
        return message

    def _young(self, key: str | tuple[str, int]) -> bool:
        """Whether the reader is a young person and this language has a young person's form of the message
        (gettext keeps a message in a context as "context\x04message", a plural form as (that, n))."""
        if self.reader != "young_person":
            return False
        found = (f"{YOUNG_PERSON}\x04{key[0]}", key[1]) if isinstance(key, tuple) else f"{YOUNG_PERSON}\x04{key}"
        return found in getattr(self._t, "_catalog", {})

    def _shown(self, text: str) -> str:
        return rtl_safe(text) if self._rtl else text

    def say(self, message: str | ByMedium, **values: object) -> str:
        msgid = self._worded(message)
        text = self._t.pgettext(YOUNG_PERSON, msgid) if self._young(msgid) else self._t.gettext(msgid)
        return self._shown(str(text).format(**values))

    def translates(self, message: str | ByMedium | tuple[str, str]) -> bool:
        """Whether this language's catalog has the message (or, given a pair, its plural forms) for this reader
        (English always does): where it has not, `say` falls back to the English, which must never be spoken
        in a Polish voice."""
        key: str | tuple[str, int] = (message[0], 0) if isinstance(message, tuple) else self._worded(message)
        return self.lang == SOURCE_LANGUAGE or self._young(key) or key in getattr(self._t, "_catalog", {})

    def say_n(self, forms: tuple[str, str], n: int, **values: object) -> str:
        """The right plural form for `n` in this language, with `n` written as this language writes numbers."""
        number = format_decimal(n, locale=self.lang, numbering_system="default")
        if self._young((forms[0], 0)):
            text = self._t.npgettext(YOUNG_PERSON, forms[0], forms[1], n)
        else:
            text = self._t.ngettext(forms[0], forms[1], n)
        return self._shown(str(text).format(n=number, **values))


