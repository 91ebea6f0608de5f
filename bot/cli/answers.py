"""`sayit indicators`, `sayit concerns` and `sayit remove`: what was answered, for analysts, the safeguarding lead
and the person who asks for their answers to go (`sayit export` is bot/cli/export.py)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bot.surveys.loading import every_version, load_surveys

if TYPE_CHECKING:
    from bot.store.survey_store import SurveyStore

@contextmanager
def open_store() -> Iterator[SurveyStore]:
    """The store the bot uses (SAYIT_DB_URL, or SQLite under var/), closed again afterwards."""
    from bot.settings import database_url
    from bot.store.survey_store import SurveyStore

    store = SurveyStore.open(database_url())
    try:
        yield store
    finally:
        store.close()

def cmd_indicators(args: argparse.Namespace) -> int:
    from datetime import date

    from bot.reports.indicators import compute, markdown, term_dates, write_csv

    surveys = load_surveys()
    if args.survey and args.survey not in surveys:
        print(f"No survey '{args.survey}'. Choose one of: {', '.join(sorted(surveys))} (see `sayit surveys`).",
              file=sys.stderr)
        return 2
    try:
        start, end = term_dates(args.term) if args.term else (None, None)
        start = date.fromisoformat(args.start) if args.start else start
        end = date.fromisoformat(args.end) if args.end else end
    except ValueError as exc:
        print(f"{exc}. Dates are like 2026-09-01.", file=sys.stderr)
        return 2
    versions = every_version(surveys)
    with open_store() as store:
        report = compute(store.report_rows(), versions, args.survey, start, end, args.min_count)
    if args.json:
        print(json.dumps({"from": str(start or ""), "to": str(end or ""), "min_count": args.min_count,
                          "indicators": [t.as_dict() for t in report.tallies],
                          "pfa": {k: {"answers": a, "positive": p} for k, (a, p) in report.pfa.items()}},
                         indent=2))
    elif args.csv:
        with Path(args.csv).open("w", encoding="utf-8", newline="") as out:
            count = write_csv(report, out)
        print(f"Wrote {count} indicator rows to {args.csv}", file=sys.stderr)
    else:
        print(markdown(report))
    if not report.tallies:
        print("No answers in that period yet.", file=sys.stderr)
    return 0

def cmd_concerns(args: argparse.Namespace) -> int:
    from bot.settings import safeguarding_lead

    with open_store() as store:
        if args.reviewed is not None:
            if not args.by:
                print("Say who reviewed it: sayit concerns --reviewed ID --by \"Name, role\"", file=sys.stderr)
                return 2
            try:
                store.mark_reviewed(args.reviewed, args.by)
            except KeyError:
                print(f"No concern {args.reviewed}; `sayit concerns --all` lists them.", file=sys.stderr)
                return 2
            print(f"Concern {args.reviewed} marked as reviewed by {args.by}.", file=sys.stderr)
            return 0
        rows = store.concerns(reviewed=None if args.all else False)
    for row in rows:
        for key in ("raised_at", "reviewed_at", "notified_at"):
            row[key] = row[key].isoformat() if row[key] else None
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    lead = safeguarding_lead() or "the safeguarding lead (set SAYIT_SAFEGUARDING_LEAD)"
    print(f"Concerns for {lead}: {len(rows)} {'in all' if args.all else 'waiting for review'}")
    for row in rows:
        state = f"reviewed by {row['reviewed_by']}" if row["reviewed_at"] else "not reviewed"
        alerted = "alert sent" if row["notified_at"] else "no alert sent"
        print(f"\n#{row['id']}  {row['raised_at']}  survey {row['survey']}, {row['channel']}, "
              f"question {row['question_id'] or '(none)'}  [{state}; {alerted}]")
        print(f"  session {row['session_id']}")
        print(f"  said: {row['raw_reply']}")
    return 0

def cmd_remove(args: argparse.Namespace) -> int:
    with open_store() as store:
        try:
            removed = store.remove_answers(args.session)
        except KeyError:
            print(f"No session {args.session}. The session id is in the export's session_id column.",
                  file=sys.stderr)
            return 2
    print(f"Removed {removed} answer{'s' if removed != 1 else ''} from session {args.session}.", file=sys.stderr)
    return 0

def add(sub: argparse._SubParsersAction) -> None:
    indicators = sub.add_parser(
        "indicators", help="compute each framework indicator from the answers, for a term or dates",
        description="The indicator report for a partnership board: every indicator of every survey (or one), "
        "computed from the coded answers, per role, with small counts suppressed.")
    indicators.add_argument("--survey", help="one survey id (default: every survey)")
    indicators.add_argument("--term", help="a school term, e.g. 2026-autumn (Sep-Dec), 2027-spring, 2027-summer")
    indicators.add_argument("--from", dest="start", help="first day, e.g. 2026-09-01 (overrides the term's)")
    indicators.add_argument("--to", dest="end", help="last day, e.g. 2026-12-31 (overrides the term's)")
    indicators.add_argument("--min-count", type=int, default=5,
                            help="suppress figures about fewer respondents than this (default 5)")
    indicators.add_argument("--json", action="store_true", help="print JSON for scripts")
    indicators.add_argument("--csv", help="write the report as CSV to this file")
    indicators.set_defaults(func=cmd_indicators)
    concerns = sub.add_parser("concerns", help="list safeguarding concerns for the safeguarding lead to review",
                              description="List the replies that suggested someone may be unsafe, newest last, "
                              "and mark them as reviewed.")
    concerns.add_argument("--all", action="store_true", help="include concerns already reviewed")
    concerns.add_argument("--json", action="store_true", help="print JSON for scripts")
    concerns.add_argument("--reviewed", type=int, metavar="ID", help="mark concern ID as reviewed")
    concerns.add_argument("--by", help="who reviewed it (with --reviewed)")
    concerns.set_defaults(func=cmd_concerns)
    remove = sub.add_parser("remove", help="remove a session's answers when the person asks",
                            description="Delete every answer given in one session, when the person who gave them "
                            "asks. Safeguarding concerns raised in it are kept for the safeguarding lead.")
    remove.add_argument("--session", required=True, help="the session id (the export's session_id column)")
    remove.set_defaults(func=cmd_remove)
