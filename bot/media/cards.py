"""Picture cards: a question as one picture, for a person who follows pictures better than words (Telegram's
/pictures). A card shows how far through the survey the person is, the question's symbol, large, the question in
its easy-read words, and each answer (the five faces) in a box with its number, to reply by number, its symbol
and its word under it. In Arabic and Urdu the card is mirrored: the first answer is on the right.

The symbols are the same images every channel shows (`bot.media.symbols`), rasterised with CairoSVG; the words
are drawn by `bot.media.card_text`. A card is made from a question's `custom` payload, once, and kept under
the data directory in `cards/`, named by a hash of everything it shows. It only ever shows survey wordings and
the bot's own words: never an `intro`, which may quote what the person wrote (going back: "Before, you said").
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import cairosvg
from PIL import Image, ImageDraw

from bot.media.card_text import FontMissing, Style, draw_lines, fitted, font_files, latin_font, wrap
from bot.media.symbols import ATTRIBUTION, ATTRIBUTION_URL, SymbolMappingError, SymbolsUnavailable, symbol_svg
from bot.settings import data_dir
from bot.translation.languages import direction

LAYOUT = 2  # raise it when the drawing changes, so cards already kept are made again
WIDTH = 1024
MARGIN = 48
GAP = 16
PER_ROW = 5
SYMBOL = 300  # the question's symbol, in pixels
FACE = 148  # an answer's symbol
BADGE = 60  # the circle holding an answer's number
BACKGROUND, INK, QUIET = "#ffffff", "#0b0c0c", "#505a5f"
BOX, BOX_EDGE, ACCENT, TRACK = "#f3f2f1", "#b1b4b6", "#1d70b8", "#dee0e2"  # GOV.UK's greys and blue


class CardUnavailable(RuntimeError):
    """This message cannot be shown as a card (not a question, a symbol with no image, a font missing)."""


@dataclass(frozen=True)
class Answer:
    value: int
    label: str
    symbol: str


@dataclass(frozen=True)
class CardContent:
    """Everything a card shows, and nothing else: its hash names the card's file."""

    lang: str
    symbol: str
    words: str
    position: int
    total: int
    answers: tuple[Answer, ...]

    @classmethod
    def of(cls, custom: dict[str, Any]) -> CardContent:
        if custom.get("type") != "question":
            raise CardUnavailable("only a question is shown as a card")
        try:
            return cls(str(custom.get("language") or "en"), str(custom.get("symbol") or ""),
                       str(custom.get("easy_read") or custom["text"]), int(custom.get("position") or 0),
                       int(custom.get("total") or 0),
                       tuple(Answer(int(c["value"]), str(c["label"]), str(c["symbol"]))
                             for c in custom.get("choices") or []))
        except (KeyError, TypeError, ValueError) as exc:
            raise CardUnavailable("the question's payload is not one a card can show") from exc

    @property
    def rtl(self) -> bool:
        return direction(self.lang) == "rtl"

    def key(self) -> str:
        """A hash of what the card shows: its words, and its symbols' images as they are now."""
        images = {name: hashlib.sha256((symbol_svg(name) or "").encode()).hexdigest()
                  for name in (self.symbol, *(a.symbol for a in self.answers))}
        shown = {"layout": LAYOUT, "fonts": font_files(), "content": asdict(self), "images": images}
        return hashlib.sha256(json.dumps(shown, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:40]


@dataclass
class Card:
    image: Image.Image
    # each answer's value and where its symbol is drawn (left, top, right, bottom), for a test to look at
    slots: list[tuple[int, tuple[int, int, int, int]]]


def symbol_image(name: str, size: int) -> Image.Image:
    """A symbol rasterised at `size` pixels square, with its transparency."""
    svg = symbol_svg(name) if name else None
    if svg is None:
        raise CardUnavailable("a symbol has no image")
    # CairoSVG's default (unsafe=False) reads no file and no address a symbol names: only data: URLs
    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=size, output_height=size)
    return Image.open(io.BytesIO(png)).convert("RGBA")


class _Layout:
    """Where everything goes, top to bottom; `draw` then paints it."""

    def __init__(self, content: CardContent):
        self.content = content
        inner = WIDTH - 2 * MARGIN
        self.words_style, self.words = fitted(content.words, content.lang, inner, range(56, 33, -4), 4, bold=True)
        n = min(PER_ROW, len(content.answers)) or 1
        self.box_width = (inner - GAP * (n - 1)) / n
        self.face = min(FACE, int(self.box_width) - 24)
        self.labels = labels(content, self.box_width - 16)
        tallest = max((len(lines) * style.line_height for style, lines in self.labels), default=0)
        self.box_height = 16 + BADGE + 10 + self.face + 12 + tallest + 16
        rows = -(-len(content.answers) // PER_ROW)
        self.top_of_symbol = MARGIN + (40 if content.total else 0)
        self.top_of_words = self.top_of_symbol + (SYMBOL + 24 if content.symbol else 0)
        self.top_of_answers = self.top_of_words + len(self.words) * self.words_style.line_height + 32
        self.bottom = self.top_of_answers + rows * (self.box_height + GAP) + 44 + MARGIN // 2

    def box_left(self, index: int) -> float:
        """Boxes fill each row from the left, or in Arabic and Urdu from the right; a short last row is centred."""
        answers = len(self.content.answers)
        in_row = min(PER_ROW, answers - (index // PER_ROW) * PER_ROW)
        row_width = in_row * self.box_width + (in_row - 1) * GAP
        place = index % PER_ROW
        if self.content.rtl:
            place = in_row - 1 - place
        return (WIDTH - row_width) / 2 + place * (self.box_width + GAP)


def labels(content: CardContent, width: float) -> list[tuple[Style, list[str]]]:
    """Each answer's word in lines, all at one size: the largest at which every one fits two lines."""
    for size in range(30, 17, -2):
        style = Style(content.lang, size, bold=True)
        wrapped = [wrap(a.label, style, width) for a in content.answers]
        if all(lines is not None and len(lines) <= 2 for lines in wrapped):
            return [(style, lines or []) for lines in wrapped]
    return [fitted(a.label, content.lang, width, range(18, 11, -2), 2, bold=True) for a in content.answers]


def draw(content: CardContent) -> Card:
    """The card as an image (RGB, `WIDTH` wide)."""
    at = _Layout(content)
    image = Image.new("RGB", (WIDTH, int(at.bottom)), BACKGROUND)
    pen = ImageDraw.Draw(image)
    if content.total:  # how far through: a bar, filled from where the person reads
        pen.rounded_rectangle((MARGIN, MARGIN, WIDTH - MARGIN, MARGIN + 16), radius=8, fill=TRACK)
        done = (WIDTH - 2 * MARGIN) * min(content.position, content.total) / content.total
        filled = (WIDTH - MARGIN - done, MARGIN) if content.rtl else (MARGIN, MARGIN)
        if done >= 16:
            pen.rounded_rectangle((*filled, filled[0] + done, MARGIN + 16), radius=8, fill=ACCENT)
    if content.symbol:
        symbol = symbol_image(content.symbol, SYMBOL)
        image.paste(symbol, ((WIDTH - SYMBOL) // 2, at.top_of_symbol), symbol)
    draw_lines(pen, at.words, at.words_style, WIDTH / 2, at.top_of_words, INK)
    slots = []
    for i, answer in enumerate(content.answers):
        left, top = at.box_left(i), at.top_of_answers + (i // PER_ROW) * (at.box_height + GAP)
        centre = left + at.box_width / 2
        pen.rounded_rectangle((left, top, left + at.box_width, top + at.box_height), radius=18, fill=BOX,
                              outline=BOX_EDGE, width=3)
        badge_top = top + 16
        pen.ellipse((centre - BADGE / 2, badge_top, centre + BADGE / 2, badge_top + BADGE), fill=ACCENT)
        pen.text((centre, badge_top + BADGE / 2), str(answer.value), font=latin_font(38, bold=True), fill="#ffffff",
                 anchor="mm")
        face_top = int(badge_top + BADGE + 10)
        face = symbol_image(answer.symbol, at.face)
        face_left = int(centre - at.face / 2)
        image.paste(face, (face_left, face_top), face)
        slots.append((answer.value, (face_left, face_top, face_left + at.face, face_top + at.face)))
        style, lines = at.labels[i]
        draw_lines(pen, lines, style, centre, face_top + at.face + 12, INK)
    credit = f"{ATTRIBUTION} ({ATTRIBUTION_URL.removeprefix('https://').rstrip('/')})"  # where the symbols are shown
    pen.text((WIDTH / 2, at.bottom - MARGIN // 2), credit, font=latin_font(18), fill=QUIET, anchor="md")
    return Card(image, slots)


_drawing = threading.Lock()  # FreeType's faces are not safe to share between threads


def card_file(custom: dict[str, Any]) -> Path:
    """The PNG of a question's card, made once and kept; raises CardUnavailable when it cannot be made."""
    content = CardContent.of(custom)
    try:
        return _kept(content)
    except (FontMissing, SymbolsUnavailable, SymbolMappingError) as exc:
        raise CardUnavailable(str(exc)) from exc


def _kept(content: CardContent) -> Path:
    folder = data_dir() / "cards"
    path = folder / f"{content.key()}.png"
    if path.is_file():
        return path
    with _drawing:
        if path.is_file():
            return path
        card = draw(content)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        made, temporary = tempfile.mkstemp(dir=folder, suffix=".png.part")
        try:
            with os.fdopen(made, "wb") as out:
                card.image.save(out, "PNG", optimize=True)
            os.replace(temporary, path)  # whole or not at all: a card half written is never sent
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return path
