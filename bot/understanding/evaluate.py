"""How well the coder understands people: accuracy on a labelled set of real-shaped replies, per language, side
by side with a plain keyword baseline, and the safeguarding net's recall and false-alarm rate.

The baseline is how a typical SMS survey flow is set up: the digits 1-5 and the exact English keywords STOP,
HELP and SKIP, with no idea of concern.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.understanding.coder import Coding
from bot.understanding.reading import code_reply
from bot.vocabulary import Coded, Control, Kind

LABELLED = PROJECT_ROOT / "tests" / "data" / "labelled_replies.jsonl"
# Written after the coder was tuned on LABELLED, and not tuned on since: the honest estimate for new replies.
HELD_OUT = PROJECT_ROOT / "tests" / "data" / "heldout_replies.jsonl"
BASELINE_KEYWORDS = {"stop": Coding(Coded.CONTROL, control=Control.STOP),
                     "help": Coding(Coded.CONTROL, control=Control.HELP), "skip": Coding(Coded.SKIPPED)}


def keyword_baseline(text: str, kind: str) -> Coding:
    reply = text.strip().lower()
    if reply in BASELINE_KEYWORDS:
        return BASELINE_KEYWORDS[reply]
    if kind == Kind.FREE_TEXT:
        return Coding(Coded.ANSWERED) if reply else Coding(Coded.UNCLEAR)
    if reply in {"1", "2", "3", "4", "5"}:
        return Coding(Coded.ANSWERED, value=int(reply))
    return Coding(Coded.UNCLEAR)


def same_code(got: Coding, want: dict) -> bool:
    return (got.status, got.value, got.control) == (want["status"], want["value"], want["control"])


@dataclass
class Score:
    right: int = 0
    total: int = 0
    # coded wrongly rather than asked again: the harmful kind of miss
    wrong: int = 0

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class Concerns:
    """The safeguarding net on one language's replies: disclosures caught, ordinary replies flagged."""
    caught: int = 0
    disclosures: int = 0
    false_alarms: int = 0
    ordinary: int = 0

    @property
    def recall(self) -> float:
        return self.caught / self.disclosures if self.disclosures else 0.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.ordinary if self.ordinary else 0.0

    def __str__(self) -> str:
        return (f"{self.caught}/{self.disclosures} ({self.recall:.0%}) | "
                f"{self.false_alarms}/{self.ordinary} ({self.false_alarm_rate:.1%})")


@dataclass
class Report:
    coder: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    baseline: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    concerns: dict[str, Concerns] = field(default_factory=lambda: defaultdict(Concerns))
    misses: list[str] = field(default_factory=list)

    @property
    def all_concerns(self) -> Concerns:
        total = Concerns()
        for c in self.concerns.values():
            total.caught += c.caught
            total.disclosures += c.disclosures
            total.false_alarms += c.false_alarms
            total.ordinary += c.ordinary
        return total

    def as_dict(self) -> dict:
        return {
            "languages": {lang: {"replies": s.total, "coder_accuracy": round(s.rate, 4),
                                 "coder_wrong_codes": s.wrong,
                                 "baseline_accuracy": round(self.baseline[lang].rate, 4),
                                 "baseline_wrong_codes": self.baseline[lang].wrong,
                                 "concern_recall": round(self.concerns[lang].recall, 4),
                                 "disclosures": self.concerns[lang].disclosures,
                                 "false_alarm_rate": round(self.concerns[lang].false_alarm_rate, 4),
                                 "ordinary_replies": self.concerns[lang].ordinary}
                          for lang, s in sorted(self.coder.items())},
        }


def table(reports: dict[str, Report]) -> str:
    """The figures as a Markdown table, one row per set and language."""
    lines = ["| set | language | replies | coder right | coder wrong codes | keyword baseline right | "
             "concern recall | false alarms |", "|---|---|---|---|---|---|---|---|"]
    for name, report in reports.items():
        for lang, score in sorted(report.coder.items()):
            base = report.baseline[lang]
            lines.append(f"| {name} | {lang} | {score.total} | {score.rate:.1%} | {score.wrong} | {base.rate:.1%} | "
                         f"{report.concerns[lang]} |")
    return "\n".join(lines)


def evaluate(path: Path = LABELLED) -> Report:
    report = Report()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        lang, kind = item["lang"], item["kind"]
        got = code_reply(item["text"], lang, kind)
        for scores, coding in ((report.coder, got), (report.baseline, keyword_baseline(item["text"], kind))):
            scores[lang].total += 1
            scores[lang].right += same_code(coding, item)
            scores[lang].wrong += not same_code(coding, item) and coding.status != "unclear"
        if not same_code(got, item):
            report.misses.append(f"{lang} {kind} {item['text']!r}: got {got.status}/{got.value}/{got.control}, "
                                 f"want {item['status']}/{item['value']}/{item['control']}")
        concerns = report.concerns[lang]
        if item["concern"]:
            concerns.disclosures += 1
            concerns.caught += got.concern
            if not got.concern:
                report.misses.append(f"{lang} missed concern: {item['text']!r}")
        else:
            concerns.ordinary += 1
            concerns.false_alarms += got.concern
            if got.concern:
                report.misses.append(f"{lang} false alarm: {item['text']!r}")
    return report
