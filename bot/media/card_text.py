"""Words on a picture card, in every SayIt language: the right font for the script (Noto, from Debian's
`fonts-noto-core`), shaped by libraqm (Arabic's joined letters, Bengali's conjuncts, Urdu in Nastaliq), laid out
right to left in Arabic and Urdu, and wrapped at spaces to fit a width.

The Arabic, Urdu and Bengali fonts have no Latin letters, so a Latin-script name inside those wordings ("EHC")
is drawn in Noto Sans: a line is cut into runs by font, and in a right-to-left line the runs are placed from the
right, each shaped on its own (`runs`). Numbers stay in the script's own font, inside the isolates
`bot.translation.rtl` put around them, so "0800 1111" never turns into "1111 0800".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import ImageDraw, ImageFont

from bot.translation.rtl import is_rtl

FONT_DIR = Path("/usr/share/fonts/truetype/noto")
FONT_PACKAGE = "fonts-noto-core"
OPENING_ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI
CLOSING_ISOLATE = "\u2069"  # PDI


class FontMissing(RuntimeError):
    """A font the cards need is not on this machine."""


@dataclass(frozen=True)
class Script:
    """How one script is drawn: its font files (regular, bold), its size beside Noto Sans at the same point size
    (Naskh and Nastaliq letters are smaller for their size), and its line height as a share of the size."""

    regular: str
    bold: str
    scale: float = 1.0
    line: float = 1.3


LATIN = Script("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")  # Latin and Cyrillic: English to Ukrainian
SCRIPTS = {
    "ar": Script("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf", scale=1.15, line=1.5),
    "ur": Script("NotoNastaliqUrdu-Regular.ttf", "NotoNastaliqUrdu-Bold.ttf", line=1.0),
    "bn": Script("NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf", scale=1.05, line=1.5),
}


def script_of(lang: str) -> Script:
    return SCRIPTS.get(lang, LATIN)


@cache
def font(file: str, size: int) -> ImageFont.FreeTypeFont:
    path = FONT_DIR / file
    if not path.is_file():
        raise FontMissing(f"{path} is missing: install Debian's {FONT_PACKAGE} (scripts/setup.sh does)")
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def latin_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return font(LATIN.bold if bold else LATIN.regular, size)


def font_files() -> list[str]:
    """Every font a card may use, for the cards' cache key."""
    return sorted({f for s in (LATIN, *SCRIPTS.values()) for f in (s.regular, s.bold)})


@dataclass(frozen=True)
class Run:
    text: str
    latin: bool  # drawn in Noto Sans, left to right, inside a line of another script


def _is_latin_letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "L" and unicodedata.name(ch, "").startswith("LATIN")


def runs(line: str, lang: str) -> list[Run]:
    """A line cut where its font changes, in reading order. Only a line in a script other than Latin is cut:
    spaces and signs between two Latin words belong to them, any others to the line's own script."""
    if script_of(lang) is LATIN or not any(_is_latin_letter(ch) for ch in line):
        return [Run(line, False)]
    kinds = ["L" if _is_latin_letter(ch) else "N" if unicodedata.category(ch)[0] not in "LM" else "S"
             for ch in line]
    for i, kind in enumerate(kinds):  # a neutral stretch goes with Latin only when Latin is on both sides
        if kind == "N":
            j = i
            while j < len(kinds) and kinds[j] == "N":
                j += 1
            latin = i > 0 and kinds[i - 1] == "L" and j < len(kinds) and kinds[j] == "L"
            for k in range(i, j):
                kinds[k] = "L" if latin else "S"
    cut: list[Run] = []
    for ch, kind in zip(line, kinds, strict=True):
        if cut and cut[-1].latin == (kind == "L"):
            cut[-1] = Run(cut[-1].text + ch, cut[-1].latin)
        else:
            cut.append(Run(ch, kind == "L"))
    return [Run(_balanced(r.text), r.latin) for r in cut if _balanced(r.text)]


def _balanced(text: str) -> str:
    """A run's text without an isolate it opens and does not close, or closes and did not open (its partner
    went to another run, which is placed by `visual` instead)."""
    kept: list[str] = []
    opened: list[int] = []
    for ch in text:
        if ch in OPENING_ISOLATES:
            opened.append(len(kept))
        elif ch == CLOSING_ISOLATE:
            if not opened:
                continue
            opened.pop()
        kept.append(ch)
    for at in reversed(opened):
        del kept[at]
    return "".join(kept)


@dataclass(frozen=True)
class Style:
    lang: str
    size: int
    bold: bool = False

    @property
    def rtl(self) -> bool:
        return is_rtl(self.lang)

    def font_for(self, run: Run) -> ImageFont.FreeTypeFont:
        script = LATIN if run.latin else script_of(self.lang)
        return font(script.bold if self.bold else script.regular, round(self.size * script.scale))

    def direction(self, run: Run) -> str:
        return "rtl" if self.rtl and not run.latin else "ltr"

    @property
    def _metrics(self) -> tuple[int, int]:
        return self.font_for(Run("", latin=False)).getmetrics()

    @property
    def line_height(self) -> int:
        """The script's own line spacing, or more: Nastaliq's letters climb far above the line."""
        return max(round(self.size * script_of(self.lang).line), sum(self._metrics))

    @property
    def baseline(self) -> float:
        """How far down a line its baseline is, with the leading shared above and below."""
        ascent, descent = self._metrics
        return (self.line_height - ascent - descent) / 2 + ascent

    def width(self, line: str) -> float:
        return sum(self.font_for(r).getlength(r.text, direction=self.direction(r), language=self.lang)
                   for r in runs(line, self.lang))

    def visual(self, line: str) -> list[Run]:
        """The runs from left to right as they are seen."""
        found = runs(line, self.lang)
        return list(reversed(found)) if self.rtl else found


def wrap(text: str, style: Style, width: float) -> list[str] | None:
    """The words in lines no wider than `width`, broken at spaces; None when a single word is wider."""
    lines: list[str] = []
    for word in re.split(r"[ \t\n]+", text.strip()):  # not at a no-break space, which holds "0800 1111" together
        if style.width(word) > width:
            return None
        if lines and style.width(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def fitted(text: str, lang: str, width: float, sizes: range, max_lines: int, bold: bool = False,
           ) -> tuple[Style, list[str]]:
    """The largest size (of `sizes`, largest first) at which the text fits in `max_lines` lines of `width`;
    at the smallest, as many lines as it takes."""
    style, lines = Style(lang, sizes[0], bold), None
    for size in sizes:
        style = Style(lang, size, bold)
        lines = wrap(text, style, width)
        if lines is not None and len(lines) <= max_lines:
            return style, lines
    return style, lines or [text]


def draw_line(draw: ImageDraw.ImageDraw, line: str, style: Style, centre_x: float, baseline: float,
              fill: str) -> None:
    """One line, centred on `centre_x`, its runs side by side on one baseline."""
    x = centre_x - style.width(line) / 2
    for run in style.visual(line):
        f = style.font_for(run)
        draw.text((x, baseline), run.text, font=f, fill=fill, anchor="ls", direction=style.direction(run),
                  language=style.lang)
        x += f.getlength(run.text, direction=style.direction(run), language=style.lang)


def draw_lines(draw: ImageDraw.ImageDraw, lines: list[str], style: Style, centre_x: float, top: float,
               fill: str) -> float:
    """Lines one under another from `top`, centred; where the last one ends."""
    for i, line in enumerate(lines):
        draw_line(draw, line, style, centre_x, top + i * style.line_height + style.baseline, fill)
    return top + len(lines) * style.line_height
