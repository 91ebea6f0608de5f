"""`sayit code`, `sayit evaluate` and `sayit nlu`: how a reply is coded, how well the coder does, and Rasa's
examples from the word lists."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.surveys.model import KINDS
from bot.understanding.lexicon import available_languages
from bot.understanding.reading import code_reply

if TYPE_CHECKING:
    pass

def cmd_code(args: argparse.Namespace) -> int:
    if args.jsonl:
        for number, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text, lang = item["text"], item.get("lang", args.lang)
            except (ValueError, KeyError, TypeError):
                print(f"line {number}: expected a JSON object like {{\"lang\": \"en\", \"text\": \"yes\"}}",
                      file=sys.stderr)
                return 2
            print(json.dumps(code_reply(text, lang, item.get("kind", args.kind)).as_dict(), ensure_ascii=False),
                  flush=True)
        return 0
    if args.text is None:
        print("Give a reply to code, e.g. sayit code \"yeah mostly\", or use --jsonl with JSON lines on stdin.",
              file=sys.stderr)
        return 2
    print(json.dumps(code_reply(args.text, args.lang, args.kind).as_dict(), ensure_ascii=False))
    return 0

def cmd_evaluate(args: argparse.Namespace) -> int:
    if args.voice:
        return evaluate_voice(args)
    from bot.understanding.evaluate import evaluate, table
    from bot.understanding.example_sets import HELD_OUT_SETS, LEARNT_FROM, set_name

    if args.left_out:
        from bot.understanding.example_sets import TUNED_SETS
        from bot.understanding.left_out import evaluate_left_out
        reports = evaluate_left_out([Path(p) for p in args.data] if args.data else TUNED_SETS)
    else:
        paths = [Path(p) for p in args.data] if args.data else [*LEARNT_FROM, *HELD_OUT_SETS]
        reports = {set_name(path): evaluate(path) for path in paths}
    if args.json:
        print(json.dumps({name: r.as_dict() for name, r in reports.items()}, indent=2))
    else:
        print(table(reports))
    if args.misses:
        for name, report in reports.items():
            for miss in report.misses:
                print(f"{name}: {miss}", file=sys.stderr)
    return 0

def _listed(text: str | None, default: tuple) -> tuple:
    return tuple(part.strip() for part in text.split(",") if part.strip()) if text else default


def evaluate_voice(args: argparse.Namespace) -> int:
    from bot.cli.listening import survey_and_question
    from bot.listening import evaluate as spoken

    missing = spoken.missing_tools()
    if missing:
        print(f"The voice evaluation needs {', '.join(missing)}: run scripts/setup.sh, which installs them.",
              file=sys.stderr)
        return 2
    try:
        speeds = tuple(int(s) for s in _listed(args.speeds, spoken.SPEEDS))
        noise = tuple(None if n in ("none", None) else int(n) for n in _listed(args.noise, spoken.NOISE_DB))
    except ValueError:
        print("--speeds takes words a minute (e.g. 130,175); --noise takes dB below full scale or none "
              "(e.g. none,-40,-30)", file=sys.stderr)
        return 2
    survey, question = survey_and_question(args.survey, args.question)

    def progress(done: int, total: int) -> None:
        # one line rewritten on a terminal; a line every 25 clips in a log
        if sys.stderr.isatty():
            print(f"\r[evaluate --voice] {done}/{total} clips heard", end="\n" if done == total else "",
                  file=sys.stderr, flush=True)
        elif done % 25 == 0 or done == total:
            print(f"[evaluate --voice] {done}/{total} clips heard", file=sys.stderr, flush=True)

    disclosures = () if args.no_disclosures else spoken.DISCLOSURES
    report = spoken.evaluate_voice(survey, question, _listed(args.words, spoken.WORDS),
                                   _listed(args.voices, spoken.VOICES), speeds, noise, disclosures, progress)
    print(json.dumps(report.as_dict(), indent=2) if args.json else spoken.voice_table(report))
    if args.misses:
        for miss in report.misses:
            print(miss, file=sys.stderr)
    return 0


def cmd_nlu(args: argparse.Namespace) -> int:
    from bot.running import nlu_examples

    count = nlu_examples.write()
    print(f"Wrote {count} training examples in {len(nlu_examples.supported())} languages to "
          f"{nlu_examples.GENERATED.relative_to(nlu_examples.PROJECT_ROOT)}; `sayit run` retrains when it changes.",
          file=sys.stderr)
    return 0

def add(sub: argparse._SubParsersAction) -> None:
    code = sub.add_parser("code", help="code a reply the way the bot would",
                          description="Print the coding of a reply as JSON: status, value, control and concern.")
    code.add_argument("text", nargs="?", help="the reply to code")
    code.add_argument("--lang", default="en", choices=available_languages(), help="the reply's language")
    code.add_argument("--kind", default="scale", choices=KINDS, help="the kind of question it answers")
    code.add_argument("--jsonl", action="store_true",
                      help='read JSON lines {"lang": ..., "text": ...} on stdin and write one coding per line')
    code.set_defaults(func=cmd_code)
    evaluate = sub.add_parser("evaluate", help="measure the coder on the labelled replies, beside a keyword baseline",
                              description="Code every labelled reply and report accuracy per language beside a "
                              "plain keyword baseline, and the safeguarding net's recall and false-alarm rate.")
    evaluate.add_argument("--data", nargs="*", help="labelled JSON-lines files (default: the tuned sets, "
                          "bot/understanding/examples/, and the held-out ones, tests/data/heldout_*/)")
    evaluate.add_argument("--json", action="store_true", help="print JSON for scripts")
    evaluate.add_argument("--left-out", action="store_true",
                          help="code each tuned set (or each --data set learnt from) with the learnt models trained "
                               "without it: how their settings are chosen without spending a held-out set")
    evaluate.add_argument("--misses", action="store_true", help="list every reply not coded right, with what it was "
                          "coded as (this looks at the sets: a held-out set looked at is no longer held out)")
    evaluate.add_argument("--voice", action="store_true",
                          help="measure spoken answers instead: espeak-ng's voices, with sox's noise, heard and coded "
                          "(takes a few minutes; --words, --voices, --speeds and --noise run a part)")
    evaluate.add_argument("--words", help="with --voice: the answers to say, comma-separated (default: ten)")
    evaluate.add_argument("--voices", help="with --voice: espeak-ng voices, comma-separated (default: four)")
    evaluate.add_argument("--speeds", help="with --voice: words a minute, comma-separated (default: 130,175)")
    evaluate.add_argument("--noise", help="with --voice: pink noise in dB below full scale, or none "
                          "(default: none,-40,-30)")
    evaluate.add_argument("--no-disclosures", action="store_true",
                          help="with --voice: leave out the spoken disclosures (nine, in every voice and speed)")
    evaluate.add_argument("--survey", help="with --voice: the survey (default: SAYIT_SURVEY's)")
    evaluate.add_argument("--question", help="with --voice: the question (default: its first scale question)")
    evaluate.set_defaults(func=cmd_evaluate)
    nlu = sub.add_parser("nlu", help="write Rasa's training examples for every language from the word lists",
                         description="Write data/nlu_languages.yml from bot/understanding/word_lists/<lang>.yml: "
                         "the controls, greetings, roles, skips and language names in every supported language. Run "
                         "it after editing a word list or adding a language.")
    nlu.set_defaults(func=cmd_nlu)
