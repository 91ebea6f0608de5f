"""A question as an SMS: counted the way the phone network counts it, and shaped to fit.

Text in GSM 03.38 (English, Welsh without its accented vowels) travels 160 characters to a message, 153 a part
when split; anything else (Polish, Romanian, Ukrainian, Arabic, Urdu, Bengali, an emoji, a curly quote) makes
the whole text UCS-2: 70 characters, 67 a part, an emoji two. smsutil does the counting. Shaping tries the
question from the fullest form to the leanest and sends the first that fits the budget of parts, so a parent
on a pay-as-you-go phone gets the question in one or two texts, in their language, never cut mid-word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from smsutil import split

from bot.dialogue.outgoing import question_message
from bot.surveys.model import Survey
from bot.translation.languages import marked_for_direction
from bot.translation.speaker import Speaker, reader_of

DEFAULT_BUDGET = 2  # parts a question may take: one or two texts on any phone
# typography that would force UCS-2 on a text that is otherwise GSM 03.38, and its plain equivalent
PLAIN_PUNCTUATION = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                                   "\u2014": "-", "\u2026": "...", "\u00a0": " "})


@dataclass(frozen=True)
class SmsFit:
    text: str
    encoding: str  # "GSM-7" or "UCS-2"
    parts: int
    units: int  # characters as the network counts them (an emoji is two in UCS-2; € is two in GSM-7)

    def fits(self, budget: int) -> bool:
        return self.parts <= budget


def measure(text: str) -> SmsFit:
    result = split(text)
    gsm = result.encoding == "gsm0338"
    return SmsFit(text, "GSM-7" if gsm else "UCS-2", len(result.parts),
                  result.total_bytes if gsm else result.total_bytes // 2)


def plain(text: str, lang: str) -> str:
    """Straight quotes and dashes where that keeps a text in GSM 03.38 (no need when it is UCS-2 anyway), and
    each line of Arabic or Urdu marked right to left."""
    straightened = text.translate(PLAIN_PUNCTUATION)
    if measure(straightened).encoding == "GSM-7":
        text = straightened
    return marked_for_direction(text, lang)


def shape(candidates: list[str], lang: str, budget: int = DEFAULT_BUDGET) -> SmsFit:
    """The first candidate (fullest first) that fits in `budget` parts; else the one taking fewest parts."""
    fits = [measure(plain(c, lang)) for c in candidates if c]
    return next((f for f in fits if f.fits(budget)), min(fits, key=lambda f: (f.parts, f.units)))


def question_sms(custom: dict[str, Any], budget: int = DEFAULT_BUDGET) -> SmsFit:
    """A question's `custom` payload as one SMS: the wording, numbered answers with words (no faces: an emoji
    would make English UCS-2), the reply hint; dropped in that order, then easy read, until it fits."""
    wording, easy = custom["text"], custom.get("easy_read") or custom["text"]
    choices = custom.get("choices") or []
    position = custom["position_text"]
    if choices:
        listed = "\n".join(f"{c['value']} {c['label']}" for c in choices)
        inline = ", ".join(f"{c['value']} {c['label']}" for c in choices)
        ends = f"{choices[0]['value']} {choices[0]['label']} - {choices[-1]['value']} {choices[-1]['label']}"
        hint = custom["hint"]
        candidates = [f"{position}\n{wording}\n{listed}\n{hint}", f"{wording}\n{listed}", f"{wording}\n{inline}",
                      f"{easy}\n{inline}", f"{easy}\n{ends}"]
    else:
        hint = custom["hint"]
        candidates = [f"{position}\n{wording}\n{hint}", f"{wording}\n{hint}", wording, easy]
    return shape(candidates, custom["language"], budget)


def survey_fits(survey: Survey, lang: str, budget: int = DEFAULT_BUDGET) -> list[tuple[str, SmsFit]]:
    """Every question of a survey as it would go out by SMS in `lang`: (question id, fit)."""
    total = len(survey.questions)
    return [(q.id, question_sms(question_message(survey, q, "sms", i, total, sms_speaker(lang, q.role)).custom,
                                budget)) for i, q in enumerate(survey.questions, 1)]


def sms_speaker(lang: str, role: str) -> Speaker:
    """The bot's words by SMS to the person a question of this role is for."""
    return Speaker(lang, reader_of(role), "text")


def sms_part(message: dict[str, Any]) -> str:
    """One bot message as SMS text: a question shaped to fit (after any words that lead into it); anything else
    as plain text. Audio notes are left out: a text message has no audio to explain."""
    custom = message.get("custom") or {}
    lang = custom.get("language") or "en"
    if custom.get("type") == "question":
        lead = plain(custom["intro"], lang) + "\n" if custom.get("intro") else ""
        return lead + question_sms(custom).text
    return plain(message.get("text") or custom.get("text") or "", lang)


def sms_reply(messages: list[dict[str, Any]]) -> str:
    """A turn's messages as one text, in order (separate texts can arrive out of order on a handset)."""
    return "\n\n".join(part for part in map(sms_part, messages) if part)
