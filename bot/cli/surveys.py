"""`sayit surveys`: the surveys, their outcome areas and question counts, and whether their wordings read easily."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from bot.surveys.loading import load_surveys

if TYPE_CHECKING:
    pass

def cmd_surveys(args: argparse.Namespace) -> int:
    surveys = load_surveys()
    if args.json:
        print(json.dumps([s.describe() for s in surveys.values()], ensure_ascii=False, indent=2))
    else:
        for survey in surveys.values():
            d = survey.describe()
            print(f"{d['id']} (version {d['version']}): {d['title']}")
            print(f"  framework: {d['framework']}")
            print(f"  outcome areas: {', '.join(d['areas'])}")
            for role, counts in d["questions"].items():
                print(f"  {role}: {counts['scale']} scale, {counts['free_text']} free-text questions")
    if args.check:
        from bot.surveys.readability import wording_problems

        problems = [p for s in surveys.values() for p in wording_problems(s)]
        for problem in problems:
            print(f"reads too hard: {problem}", file=sys.stderr)
        if problems:
            print(f"{len(problems)} wording(s) to make easier; bot/surveys/readability.py says why the limits are "
                  "what they are.", file=sys.stderr)
            return 1
        print("Every young-person and easy-read wording is within the readability limits.", file=sys.stderr)
    return 0

def add(sub: argparse._SubParsersAction) -> None:
    surveys = sub.add_parser("surveys", help="list the surveys, their outcome areas and question counts",
                             description="List every survey with its framework, version, outcome areas and the "
                             "number of scale and free-text questions for each role.")
    surveys.add_argument("--json", action="store_true", help="print JSON for scripts")
    surveys.add_argument("--check", action="store_true", help="also check that the wordings read easily")
    surveys.set_defaults(func=cmd_surveys)
