"""How well spoken answers are heard: espeak-ng says each answer word in several voices and at several speeds,
sox adds pink noise at several levels, and every clip goes through `listen` (ffmpeg, the recogniser, the coder)
to be checked against the code the same word gets typed. Reported per word, voice, speed and noise level, with
the share sent to confirmation (confidence under CONFIRM_BELOW) and how often what is not confirmed is right;
and how many spoken disclosures raise a concern.

espeak-ng is a formant synthesiser, not a child: the figures say how the pieces work together and where the
threshold sits, not how well a real young person will be heard.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.listening.heard import CONFIRM_BELOW, CannotListen
from bot.listening.hearing import listen
from bot.surveys.model import Question, Survey
from bot.understanding.evaluate import same_code
from bot.understanding.reading import code_reply

WORDS = ("five", "four", "sometimes", "not really", "never", "yes", "no", "skip", "help", "go back")
VOICES = ("en-us", "en-us+f3", "en-gb", "en-gb-scotland")
SPEEDS = (130, 175)  # words a minute: slow and espeak-ng's usual
NOISE_DB = (None, -40, -30)  # pink noise, dB below full scale; espeak-ng speaks at about -22
TOOLS = ("espeak-ng", "sox", "ffmpeg")
# said in every voice and speed, without noise, to count how many the keyphrase pass catches
DISCLOSURES = ("someone hurts me", "he hits me at home", "i want to die", "i am scared to go home",
               "nobody cares about me", "i want to kill myself", "my dad hits me", "i don't feel safe at home",
               "he touched me")


@dataclass
class Tally:
    clips: int = 0
    right: int = 0
    confirmed: int = 0  # sent to confirmation
    kept_right: int = 0  # right among those not sent to confirmation
    wrong_confirmed: int = 0  # heard wrong, and sent to confirmation: the miss is caught
    concerns: int = 0  # a safeguarding phrase spotted in an ordinary answer: a false alarm

    def add(self, right: bool, confirm: bool, concern: bool) -> None:
        self.clips += 1
        self.right += right
        self.confirmed += confirm
        self.kept_right += right and not confirm
        self.wrong_confirmed += confirm and not right
        self.concerns += concern

    def as_dict(self) -> dict:
        kept = self.clips - self.confirmed
        wrong = self.clips - self.right
        return {"clips": self.clips, "right": _share(self.right, self.clips),
                "sent_to_confirmation": _share(self.confirmed, self.clips),
                "right_when_not_confirmed": _share(self.kept_right, kept),
                "wrong_sent_to_confirmation": _share(self.wrong_confirmed, wrong),
                "false_concerns": self.concerns}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


@dataclass
class VoiceReport:
    overall: Tally = field(default_factory=Tally)
    by: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Tally)))
    misses: list[str] = field(default_factory=list)
    # disclosure -> (clips of it, clips that raised a concern)
    disclosures: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def as_dict(self) -> dict:
        said = sum(n for n, _ in self.disclosures.values())
        caught = sum(c for _, c in self.disclosures.values())
        return {"confirm_below": CONFIRM_BELOW, "overall": self.overall.as_dict(),
                "disclosures": {"clips": said, "caught": _share(caught, said),
                                "by_phrase": {text: {"clips": n, "caught": c}
                                              for text, (n, c) in self.disclosures.items()}},
                **{name: {key: t.as_dict() for key, t in tallies.items()} for name, tallies in self.by.items()}}


def _noise_label(level: int | None) -> str:
    return "none" if level is None else f"{level} dB"


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def make_clip(word: str, voice: str, speed: int, noise_db: int | None, folder: Path) -> bytes:
    """espeak-ng saying `word` as a WAV, with pink noise mixed in at `noise_db` (made by sox) unless None."""
    clean = folder / "clean.wav"
    _run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(clean), word])
    if noise_db is None:
        return clean.read_bytes()
    noise, noisy = folder / "noise.wav", folder / "noisy.wav"
    # repeatable noise as long as the clip, at espeak-ng's rate, then the two mixed at full volume each
    _run(["sox", "-R", str(clean), str(noise), "synth", "pinknoise", "vol", f"{noise_db}dB"])
    _run(["sox", "-m", "-v", "1", str(clean), "-v", "1", str(noise), str(noisy)])
    return noisy.read_bytes()


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def evaluate_voice(survey: Survey, question: Question, words: Sequence[str] = WORDS, voices: Sequence[str] = VOICES,
                   speeds: Sequence[int] = SPEEDS, noise: Sequence[int | None] = NOISE_DB,
                   disclosures: Sequence[str] = DISCLOSURES,
                   progress: Callable[[int, int], None] | None = None) -> VoiceReport:
    """Every word in every voice, speed and noise level, heard as an answer to `question` in English; then every
    disclosure in every voice and speed, to count the concerns raised."""
    report = VoiceReport()
    total = (len(words) * len(noise) + len(disclosures)) * len(voices) * len(speeds)
    done = 0
    with tempfile.TemporaryDirectory(prefix="sayit-voice-") as tmp:
        for text in disclosures:
            for voice in voices:
                for speed in speeds:
                    got = listen(make_clip(text, voice, speed, None, Path(tmp)), "en", survey, question)
                    report.disclosures[text][0] += 1
                    report.disclosures[text][1] += got["concern"]
                    if not got["concern"]:
                        report.misses.append(f"disclosure {text!r} ({voice}, {speed}): no concern")
                    done += 1
                    if progress:
                        progress(done, total)
        for word in words:
            want = code_reply(word, "en", question.kind)
            for voice in voices:
                for speed in speeds:
                    for level in noise:
                        try:
                            got = listen(make_clip(word, voice, speed, level, Path(tmp)), "en", survey, question)
                        except CannotListen as exc:
                            got = {"transcript": "", "confidence": 0.0, "status": str(exc), "value": None,
                                   "control": None, "concern": False}
                        right = same_code(want, got)
                        confirm = got["confidence"] < CONFIRM_BELOW
                        for name, key in (("word", word), ("voice", voice), ("speed", str(speed)),
                                          ("noise", _noise_label(level))):
                            report.by[name][key].add(right, confirm, got["concern"])
                        report.overall.add(right, confirm, got["concern"])
                        if not right:
                            report.misses.append(f"{word!r} ({voice}, {speed}, noise {_noise_label(level)}): heard "
                                                 f"{got['transcript']!r} at {got['confidence']}")
                        done += 1
                        if progress:
                            progress(done, total)
    return report


def voice_table(report: VoiceReport) -> str:
    """The figures as Markdown: one row for all clips, then one per word, voice, speed and noise level."""
    lines = ["| clips by | which | clips | right | sent to confirmation | right when not confirmed | "
             "wrong ones sent to confirmation | false concerns |", "|---|---|---|---|---|---|---|---|"]

    def row(name: str, key: str, tally: Tally) -> str:
        d = tally.as_dict()
        cells = [_percent(d[k]) for k in ("right", "sent_to_confirmation", "right_when_not_confirmed",
                                           "wrong_sent_to_confirmation")]
        return f"| {name} | {key} | {tally.clips} | " + " | ".join(cells) + f" | {tally.concerns} |"

    lines.append(row("all", "", report.overall))
    for name, tallies in report.by.items():
        lines += [row(name, key, tally) for key, tally in tallies.items()]
    said = sum(n for n, _ in report.disclosures.values())
    caught = sum(c for _, c in report.disclosures.values())
    if said:
        lines.append(f"\nDisclosures said: {said}; a concern raised for {caught} ({_percent(_share(caught, said))}).")
    return "\n".join(lines)


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"
