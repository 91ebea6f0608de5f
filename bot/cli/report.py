"""`sayit report`: the termly report for a partnership board, as a self-contained HTML page with its charts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.reports.termly import EARLIER_TERMS
from bot.surveys.loading import every_version, load_surveys


def cmd_report(args: argparse.Namespace) -> int:
    from bot.cli.answers import open_store
    from bot.reports.termly import term_span, termly
    from bot.reports.termly_page import write_report
    from bot.store.export_reads import ExportWhere

    surveys = load_surveys()
    if args.survey not in surveys:
        print(f"No survey '{args.survey}'. Choose one of: {', '.join(sorted(surveys))} (see `sayit surveys`).",
              file=sys.stderr)
        return 2
    if args.min_count < 1:
        print("--min-count is the smallest group shown, 1 or more (5 is usual).", file=sys.stderr)
        return 2
    first, last = term_span(args.term, args.earlier)
    where = ExportWhere.days(first, last)
    versions = every_version(surveys)
    print(f"Reading the answers from {first} to {last}...", file=sys.stderr)
    with open_store() as store:
        report = termly(store.report_rows(where), versions, surveys[args.survey], args.term, args.earlier,
                        args.min_count)
    print("Drawing the charts...", file=sys.stderr)
    written = write_report(report, Path(args.out))
    print(f"Wrote {written[0]} and {len(written) - 1} chart files beside it ({report.heard.total} respondents "
          f"this term).", file=sys.stderr)
    return 0


def add(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser(
        "report", help="the termly report for a partnership board (HTML, with charts as PNG and SVG)",
        description="For one survey and term: who was heard (by role, language and channel), each outcome area's "
        "positive answers with 95%% Wilson intervals and every answer, young people beside parents, this term "
        "beside earlier terms, each framework indicator, and the Preparing for Adulthood outcomes across surveys. "
        "Figures from fewer than --min-count respondents show as 'fewer than N'.")
    report.add_argument("--survey", required=True, help="the survey id (`sayit surveys` lists them)")
    report.add_argument("--term", required=True, help="a school term, e.g. 2026-autumn (Sep-Dec), 2027-spring, "
                        "2027-summer")
    report.add_argument("--out", required=True, help="the folder to write report.html and its charts into")
    report.add_argument("--earlier", type=int, default=EARLIER_TERMS,
                        help=f"how many earlier terms to show beside it ({EARLIER_TERMS})")
    report.add_argument("--min-count", type=int, default=5, help="the smallest group whose figures are shown (5)")
    report.set_defaults(func=cmd_report)
