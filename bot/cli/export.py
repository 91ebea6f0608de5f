"""`sayit export`: coded answers for analysts, in the format their tools read (CSV, Excel, Parquet, JSON lines,
SPSS), narrowed by survey, framework, term or dates, role, area, language or channel, with the codebook beside."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.surveys.loading import every_version, load_surveys
from bot.surveys.model import ROLES, Survey

if TYPE_CHECKING:
    import pyarrow as pa

    from bot.store.export_reads import ExportWhere


def _chosen_surveys(args: argparse.Namespace, current: dict[str, Survey]) -> tuple[str, ...] | None:
    if not args.survey and not args.framework:
        return None
    unknown = [s for s in args.survey or () if s not in current]
    if unknown:
        raise ValueError(f"no survey {', '.join(unknown)}; choose from {', '.join(sorted(current))} (`sayit surveys`)")
    frameworks = {s.framework for s in current.values()}
    unknown = [f for f in args.framework or () if f not in frameworks]
    if unknown:
        raise ValueError(f"no framework {', '.join(unknown)}; choose from {', '.join(sorted(frameworks))}")
    chosen = set(args.survey or ()) | {s.id for s in current.values() if s.framework in (args.framework or ())}
    return tuple(sorted(chosen))


def where_from(args: argparse.Namespace, current: dict[str, Survey]) -> ExportWhere:
    """The filters asked for, checked: a survey, framework or role that does not exist is refused, by name."""
    from bot.reports.codebook import CHANNEL_LABELS
    from bot.reports.indicators import term_dates
    from bot.store.export_reads import ExportWhere

    start, end = term_dates(args.term) if args.term else (None, None)
    try:
        start = date.fromisoformat(args.start) if args.start else start
        end = date.fromisoformat(args.end) if args.end else end
    except ValueError as exc:
        raise ValueError(f"{exc}: dates are like 2026-09-01") from None
    bad_roles = [r for r in args.role or () if r not in ROLES]
    if bad_roles:
        raise ValueError(f"no role {', '.join(bad_roles)}; roles are {', '.join(ROLES)}")
    bad_channels = [c for c in args.channel or () if c not in CHANNEL_LABELS]
    if bad_channels:
        raise ValueError(f"no channel {', '.join(bad_channels)}; channels are {', '.join(CHANNEL_LABELS)}")
    return ExportWhere.days(
        start, end, surveys=_chosen_surveys(args, current), roles=tuple(args.role) if args.role else None,
        areas=tuple(args.area) if args.area else None, languages=tuple(args.language) if args.language else None,
        channels=tuple(args.channel) if args.channel else None,
    )


def _with_progress(batches: Iterator[pa.RecordBatch], total: int) -> Iterator[pa.RecordBatch]:
    from tqdm import tqdm

    with tqdm(total=total, unit=" rows", file=sys.stderr, mininterval=0.5, unit_scale=True, desc="Exporting") as bar:
        for batch in batches:
            yield batch
            bar.update(batch.num_rows)


def filters_said(args: argparse.Namespace) -> dict[str, Any]:
    """The filters as the analyst gave them, for the codebook: what this file holds, and what it leaves out."""
    names = ("survey", "framework", "term", "start", "end", "role", "area", "language", "channel")
    return {name: getattr(args, name) for name in names if getattr(args, name)}


def cmd_export(args: argparse.Namespace) -> int:
    from bot.cli.answers import open_store
    from bot.reports.export_files import FORMATS, codebook_paths, export_to

    out = Path(args.out)
    fmt = args.format or out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        print(f"Say which format: --format {'|'.join(FORMATS)} (or end --out with one of them).", file=sys.stderr)
        return 2
    current = load_surveys()
    where = where_from(args, current)
    versions = every_version(current)
    with open_store() as store:
        count = export_to(store, versions, out, fmt, where, args.include_free_text,
                          {"filters": filters_said(args) or "none: every answer"}, _with_progress)
    as_json, as_markdown = codebook_paths(out)
    print(f"Wrote {count} answer row{'s' if count != 1 else ''} to {out}, and its codebook to {as_json} and "
          f"{as_markdown}", file=sys.stderr)
    if not count:
        print("No answers matched; `sayit export --help` lists the filters.", file=sys.stderr)
    return 0


def add(sub: argparse._SubParsersAction) -> None:
    from bot.reports.export_files import FORMATS

    export = sub.add_parser(
        "export", help="export coded answers for analysts (CSV, Excel, Parquet, JSON lines, SPSS)",
        description="Write the stored answers, one row each, coded against its outcome area, with a codebook beside "
        "the file (.codebook.json and .codebook.md). The words people typed are left out unless "
        "--include-free-text is given, and a reply passed to the safeguarding lead never has its words exported. "
        "The file appears complete or not at all.")
    export.add_argument("--format", choices=FORMATS, help="the file format (default: from --out's ending)")
    export.add_argument("--out", required=True, help="the file to write, e.g. answers.xlsx")
    export.add_argument("--include-free-text", action="store_true",
                        help="also export the words people typed (reply, transcript, advocate's note)")
    export.add_argument("--survey", action="append", help="only this survey id (may be given again)")
    export.add_argument("--framework", action="append", help="only this framework's surveys (may be given again)")
    export.add_argument("--term", help="a school term, e.g. 2026-autumn (Sep-Dec), 2027-spring, 2027-summer")
    export.add_argument("--from", dest="start", help="answered on or after this day, e.g. 2026-09-01")
    export.add_argument("--to", dest="end", help="answered on or before this day, e.g. 2026-12-31")
    export.add_argument("--role", action="append", help=f"only this role: {', '.join(ROLES)} (may be given again)")
    export.add_argument("--area", action="append", help="only this outcome area id (may be given again)")
    export.add_argument("--language", action="append", help="only answers in this language, e.g. pl")
    export.add_argument("--channel", action="append", help="only this channel: webchat, sms, telegram, rest")
    export.set_defaults(func=cmd_export)
