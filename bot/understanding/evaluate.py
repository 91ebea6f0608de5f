"""How well the coder understands people: on a labelled set of real-shaped replies, per language, how many it codes
right, how many it would ask again (or ask to confirm), and how many it codes wrong, the harmful kind of miss, side
by side with a plain keyword baseline; the safeguarding net's recall and false-alarm rate; and the time a reply takes.

The baseline is how a typical SMS survey flow is set up: the digits 1-5 and the exact English keywords STOP,
HELP and SKIP, with no idea of concern.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bot.understanding import concern_model
from bot.understanding.answer_model import answer_model
from bot.understanding.coder import Coding
from bot.understanding.example_sets import LABELLED, read_labelled
from bot.understanding.reading import code_reply
from bot.vocabulary import Coded, Control, Kind

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


# a code that would put an answer in the report, or take the person somewhere they did not ask to go; help, repeat
# and the language list only show the question again
STORED = (Coded.ANSWERED, Coded.SKIPPED, Coded.DONT_KNOW)


def same_code(got: Coding, want: dict) -> bool:
    return (got.status, got.value, got.control) == (want["status"], want["value"], want["control"])


@dataclass
class Score:
    right: int = 0
    total: int = 0
    # coded wrongly rather than asked again (see STORED): the harmful kind of miss
    wrong: int = 0
    # unclear, with a guess that was right: "Did you mean ...?" would have got it with one yes
    confirmed: int = 0

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def asked_again(self) -> int:
        """Misses that were asked again (or asked to confirm) rather than coded."""
        return self.total - self.right - self.wrong

    def add(self, got: Coding, want: dict) -> None:
        self.total += 1
        if same_code(got, want):
            self.right += 1
        elif got.status in STORED or got.control in (Control.STOP, Control.PAUSE, Control.BACK):
            self.wrong += 1
        elif got.guess is not None and want["status"] == Coded.ANSWERED and got.guess == want["value"]:
            self.confirmed += 1


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
    seconds: float = 0.0  # coding every reply once, word lists already loaded

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
        replies = sum(s.total for s in self.coder.values())
        return {
            "microseconds_per_reply": round(self.seconds / max(replies, 1) * 1e6, 1),
            "languages": {lang: {"replies": s.total, "coder_accuracy": round(s.rate, 4),
                                 "coder_asked_again": s.asked_again, "coder_confirmable": s.confirmed,
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
    """The figures as a Markdown table, one row per set and language, and the time a reply takes."""
    lines = ["| set | language | replies | right | asked again (of which a right guess) | wrong codes | "
             "keyword baseline right | concern recall | false alarms |", "|---|---|---|---|---|---|---|---|---|"]
    replies = seconds = 0.0
    for name, report in reports.items():
        for lang, score in sorted(report.coder.items()):
            base = report.baseline[lang]
            lines.append(f"| {name} | {lang} | {score.total} | {score.rate:.1%} | "
                         f"{score.asked_again / score.total:.1%} ({score.confirmed}) | {score.wrong} | "
                         f"{base.rate:.1%} | {report.concerns[lang]} |")
            replies += score.total
        seconds += report.seconds
    lines.append(f"\nCoded {int(replies)} replies in {seconds * 1000:.0f} ms: "
                 f"{seconds / max(replies, 1) * 1e6:.0f} µs a reply.")
    return "\n".join(lines)


def evaluate(path: Path = LABELLED) -> Report:
    report = Report()
    items = read_labelled(path)
    for lang in {item["lang"] for item in items}:
        code_reply("", lang)  # the word lists are read once, before the clock starts
    concern_model.concern_model(), answer_model()  # and the models trained once
    start = time.perf_counter()
    coded = [code_reply(item["text"], item["lang"], item["kind"]) for item in items]
    report.seconds = time.perf_counter() - start
    for item, got in zip(items, coded, strict=True):
        lang, kind = item["lang"], item["kind"]
        report.coder[lang].add(got, item)
        report.baseline[lang].add(keyword_baseline(item["text"], kind), item)
        if not same_code(got, item):
            guess = f" (guess {got.guess})" if got.guess is not None else ""
            report.misses.append(f"{lang} {kind} {item.get('question_id', '')} {item['text']!r}: "
                                 f"got {got.status}/{got.value}/{got.control}{guess}, "
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
