"""Symbol images named in the structured messages. A language's symbol is a speech bubble holding the first
two letters of the language's own name in its own script ("Po" for Polski, "ار" for اردو, "ال" for العربية), so
a person who knows their script by sight finds it; never a flag, because a language is not a country.

Every other symbol is an OpenMoji image (CC BY-SA 4.0), or a few put together, as `media/symbols.yml` says.
OpenMoji is installed from npm by `make setup` into node_modules/openmoji (`settings.symbols_dir()`), never
committed; the mapping is read and checked once, when a symbol is first asked for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

import yaml

import media
from bot.settings import symbols_dir
from bot.translation.languages import direction, endonym, supported

LANGUAGE_PREFIX = "language-"
MAPPING = Path(media.__file__).parent / "symbols.yml"
ATTRIBUTION = "Symbols: OpenMoji – the open-source emoji and icon project. License: CC BY-SA 4.0"
ATTRIBUTION_URL = "https://openmoji.org/"

# A name comes from a URL: lower-case words joined by - or _, so it can never name a path
NAME = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
HEXCODE = re.compile(r"[0-9A-F]{2,6}(?:-[0-9A-F]{2,6})*")
SVG = "{http://www.w3.org/2000/svg}svg"
# Where a part of a composed symbol goes on OpenMoji's 72 x 72 canvas: x, y, size. A corner part is a badge
# on a white disc, so it reads apart from the picture under it.
PLACES = {"whole": (0, 0, 72), "left": (-2, 14, 44), "right": (30, 14, 44),
          "top-right": (40, 0, 32), "bottom-right": (40, 40, 32)}
BADGES = ("top-right", "bottom-right")


class SymbolsUnavailable(RuntimeError):
    """OpenMoji is not installed where the settings say."""


class SymbolMappingError(ValueError):
    """An entry of media/symbols.yml is malformed or names an OpenMoji image that is not there."""


def first_letters(word: str, n: int = 2) -> str:
    """The first `n` letters, each with the marks that belong to it (Bengali's vowel signs, Arabic's harakat).
    Two, because one is not enough: Arabic's العربية and Urdu's اردو both begin with alif."""
    letters: list[str] = []
    for ch in word:
        if letters and unicodedata.category(ch) in ("Mn", "Mc"):
            letters[-1] += ch
        elif len(letters) < n:
            letters.append(ch)
        else:
            break
    return "".join(letters)


def language_symbol(lang: str) -> str:
    letters = first_letters(endonym(lang))
    size = 22 if len(letters) <= 3 else 16  # Bengali's first two letters carry three signs: বাংলা is five wide
    letters = escape(letters)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64" role="img">'
        '<path d="M8 6h48a6 6 0 0 1 6 6v30a6 6 0 0 1-6 6H26l-12 11v-11H8a6 6 0 0 1-6-6V12a6 6 0 0 1 6-6z" '
        'fill="#fff" stroke="#335" stroke-width="3"/>'
        f'<text x="32" y="36" font-size="{size}" font-family="sans-serif" text-anchor="middle" fill="#123" '
        f'xml:lang="{lang}" direction="{direction(lang)}">{letters}</text></svg>'
    )


@dataclass(frozen=True)
class Part:
    hexcode: str
    at: str = "whole"


@dataclass(frozen=True)
class Symbol:
    name: str
    title: str
    parts: tuple[Part, ...]
    composed: bool


@dataclass(frozen=True)
class OpenMoji:
    """One OpenMoji image: its viewBox and what is inside its <svg>."""

    view_box: str
    inner: str


def openmoji_file(hexcode: str) -> Path:
    return symbols_dir() / "color" / "svg" / f"{hexcode}.svg"


@cache
def mapping() -> dict[str, Symbol]:
    """media/symbols.yml, checked entry by entry against the OpenMoji installed: once, on first use."""
    if not (symbols_dir() / "color" / "svg").is_dir():
        raise SymbolsUnavailable(f"OpenMoji is not installed in {symbols_dir()}: run `make setup` (scripts/setup.sh), "
                                 "or set SAYIT_OPENMOJI_DIR to where its npm package is")
    if not MAPPING.is_file():  # package data of the top-level `media` package
        raise SymbolsUnavailable(f"{MAPPING} is missing: reinstall SayIt (`make setup`), whose media package holds it")
    loaded = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict) or not isinstance(loaded.get("symbols"), dict):
        raise SymbolMappingError(f"{MAPPING}: expected a `symbols:` mapping of names to entries")
    symbols = {name: _entry(name, entry) for name, entry in loaded["symbols"].items()}
    for symbol in symbols.values():
        for part in symbol.parts:
            try:
                _openmoji(part.hexcode)
            except (OSError, ElementTree.ParseError, SymbolMappingError) as exc:
                raise SymbolMappingError(f"{MAPPING}: {symbol.name}: {part.hexcode}: {exc}") from exc
    return symbols


def _entry(name: Any, entry: Any) -> Symbol:
    def bad(problem: str) -> SymbolMappingError:
        return SymbolMappingError(f"{MAPPING}: {name}: {problem}")

    if not isinstance(name, str) or not NAME.fullmatch(name) or name.startswith(LANGUAGE_PREFIX):
        raise bad("a name is lower-case words joined by - or _ (language symbols are drawn, not mapped)")
    if not isinstance(entry, dict) or set(entry) - {"title", "openmoji", "compose", "why"}:
        raise bad("an entry has `title`, `openmoji` or `compose`, and `why`")
    if not isinstance(entry.get("title"), str) or not isinstance(entry.get("why"), str):
        raise bad("`title` (the idea in English) and `why` are both needed")
    if ("openmoji" in entry) == ("compose" in entry):
        raise bad("give either `openmoji` or `compose`, not both or neither")
    if "openmoji" in entry:
        return Symbol(name, entry["title"], (_part(entry, bad),), composed=False)
    parts = entry["compose"]
    if not isinstance(parts, list) or len(parts) < 2:
        raise bad("`compose` is a list of two or more parts")
    composed = tuple(_part(p, bad) for p in parts)
    if any(p.at not in PLACES for p in composed) or composed[0].at in BADGES:
        raise bad(f"each part is `at` one of {', '.join(PLACES)}, and a corner badge needs a part before it")
    return Symbol(name, entry["title"], composed, composed=True)


def _part(part: Any, bad: Callable[[str], SymbolMappingError]) -> Part:
    code = part.get("openmoji") if isinstance(part, dict) else None
    if not isinstance(code, str) or not HEXCODE.fullmatch(code):
        raise bad(f"{code!r} is not an OpenMoji hexcode written as a quoted string, such as \"1F600\"")
    at = part.get("at", "whole")
    return Part(code, at if isinstance(at, str) else repr(at))


@cache
def _openmoji(hexcode: str) -> OpenMoji:
    path = openmoji_file(hexcode)
    if not path.is_file():
        raise SymbolMappingError(f"no OpenMoji image {path}")
    text = path.read_text(encoding="utf-8")
    root = ElementTree.fromstring(text)
    if root.tag != SVG or not root.get("viewBox"):
        raise SymbolMappingError(f"{path} is not an SVG with a viewBox")
    inner = text[text.index(">", text.index("<svg")) + 1:text.rindex("</svg>")]
    # OpenMoji names its groups id="color", id="line" in every file: two parts in one image would repeat them
    return OpenMoji(root.get("viewBox", ""), re.sub(r'\s+id="[^"]*"', "", inner))


@cache
def drawn(name: str) -> str:
    """A mapped symbol as one SVG. Each part keeps its own viewBox, nested as an <svg> where `at` puts it."""
    symbol = mapping()[name]
    if not symbol.composed:
        image = _openmoji(symbol.parts[0].hexcode)
        view_box, body = image.view_box, image.inner
    else:
        view_box, pieces = "0 0 72 72", []
        for part in symbol.parts:
            image, (x, y, size) = _openmoji(part.hexcode), PLACES[part.at]
            if part.at in BADGES:
                pieces.append(f'<circle cx="{x + size / 2}" cy="{y + size / 2}" r="{size / 2}" fill="#fff"/>')
            pieces.append(f'<svg x="{x}" y="{y}" width="{size}" height="{size}" viewBox={quoteattr(image.view_box)}>'
                          f'{image.inner}</svg>')
        body = "".join(pieces)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox={quoteattr(view_box)} width="72" height="72">'
            f'<title>{escape(symbol.title)}</title>{body}</svg>')


def symbol_svg(name: str) -> str | None:
    """The image for a symbol name from a message, or None for a name with no image. Raises SymbolsUnavailable
    when OpenMoji is not installed, rather than answer as if no symbol had an image."""
    if not NAME.fullmatch(name):
        return None
    if name.startswith(LANGUAGE_PREFIX):
        lang = name[len(LANGUAGE_PREFIX):]
        return language_symbol(lang) if lang in supported() else None
    return drawn(name) if name in mapping() else None
