"""`sayit`: the project's one command line. `sayit --help` and `sayit COMMAND --help` say what each does; each
command, or group of commands, is a module of its own here."""

from __future__ import annotations

import argparse
import sys

from bot.cli import (
    accounts,
    answers,
    catalogs,
    channels,
    export,
    listening,
    media,
    privacy,
    report,
    running,
    surveys,
    understanding,
)
from bot.surveys.model import SurveyError

COMMANDS = (running, channels, understanding, listening, surveys, export, report, answers, privacy, accounts, catalogs,
            media)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="sayit", description="SayIt, a survey bot for children and young people "
                                  "with SEND and their families.")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in COMMANDS:
        group.add(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except SurveyError as exc:
        print(f"A survey file needs fixing: {exc}", file=sys.stderr)
        return 2
    except (ValueError, RuntimeError) as exc:
        print(f"sayit: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

