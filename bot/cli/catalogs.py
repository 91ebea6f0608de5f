"""`sayit catalogs`: the translation catalogs, their spreadsheets and their checks."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

def cmd_catalogs(args: argparse.Namespace) -> int:
    from bot.catalogs import files as catalogs

    langs = [args.lang] if args.lang else list(catalogs.catalog_languages()[1:])
    if args.action == "extract":
        template = catalogs.extract()
        print(f"Extracted {len(template)} messages into {catalogs.TEMPLATE.relative_to(catalogs.PROJECT_ROOT)}",
              file=sys.stderr)
        catalogs.update(template, langs)
        print(f"Updated the catalogs for: {', '.join(langs) or 'no language yet'}", file=sys.stderr)
        return 0
    if args.action == "compile":
        try:
            compiled = catalogs.compile_all(langs)
        except (ValueError, OSError) as exc:
            print(f"{exc}\nFix the translation, then run `sayit catalogs compile` again.", file=sys.stderr)
            return 1
        print("Compiled " + ", ".join(f"{lang} ({n} messages)" for lang, n in compiled.items()), file=sys.stderr)
        return 0
    if args.action in ("sheet", "import"):
        return _catalog_sheet(args)
    statuses = [catalogs.check(lang) for lang in langs]
    if args.json:
        print(json.dumps([{**vars(s), "complete": s.complete, "checked_by_fluent_speaker": s.checked_by_fluent_speaker}
                          for s in statuses], ensure_ascii=False, indent=2))
    for s in statuses if not args.json else []:
        by = ", ".join(f"{name} {n}" for name, n in sorted(s.reviewers.items()))
        checked = (f"{s.reviewed} of {s.total} checked by a fluent speaker" + (f" ({by})" if by else "")
                   if s.reviewed else "not yet checked by a fluent speaker")
        print(f"{s.lang} ({s.name}): {s.total - len(s.untranslated) - len(s.missing)}/{s.total} translated, "
              f"{len(s.fuzzy)} to look at again, {len(s.placeholders)} with placeholders unlike the English, "
              f"{len(s.style)} against the house style, {len(s.queried)} queried by a reviewer; {checked}")
        if args.list:
            for heading, items in (("untranslated", s.untranslated + s.missing), ("fuzzy or changed", s.fuzzy),
                                   ("placeholders differ", s.placeholders), ("house style", s.style),
                                   ("queried", s.queried)):
                for item in items:
                    print(f"  {heading}: {item}")
    return 0 if all(s.complete for s in statuses) else 1

def _catalog_sheet(args: argparse.Namespace) -> int:
    from bot.catalogs import files as catalogs
    from bot.catalogs import sheet as catalog_sheet

    if args.lang not in catalogs.catalog_languages()[1:]:
        print(f"Say which catalog with --lang, one of: {', '.join(catalogs.catalog_languages()[1:])}", file=sys.stderr)
        return 2
    path = Path(args.file or f"{args.lang}.csv")
    if args.action == "sheet":
        rows = catalog_sheet.export_sheet(args.lang, path, only_to_do=args.to_do)
        print(f"Wrote {rows} rows to {path}. Fill in the translation column, save as CSV UTF-8, then run "
              f"`sayit catalogs import --lang {args.lang} --file {path}`.", file=sys.stderr)
        return 0
    try:
        done = catalog_sheet.import_sheet(args.lang, path, reviewer=args.reviewer)
    except FileNotFoundError:
        print(f"No file {path}. Give the sheet with --file.", file=sys.stderr)
        return 2
    except catalog_sheet.SheetError as exc:
        print(exc, file=sys.stderr)
        return 1
    reviewed = f", {done.reviewed} verdicts recorded for {args.reviewer}" if done.reviewed else ""
    print(f"Imported into {catalogs.po_path(args.lang).relative_to(catalogs.PROJECT_ROOT)}: {done.updated} "
          f"translations changed, {done.unchanged} already so{reviewed}. Run `sayit catalogs check --lang "
          f"{args.lang}` to see what is left.", file=sys.stderr)
    return 0

def add(sub: argparse._SubParsersAction) -> None:
    catalogs = sub.add_parser(
        "catalogs", help="translation catalogs: extract, compile, and check what is left to translate",
        description="extract: gather every message from the code and the survey files into locales/sayit.pot and "
        "update each language's catalog (new messages untranslated, changed ones fuzzy). compile: build the .mo "
        "files the bot reads (done at install). check: list what each catalog still needs; exit 1 if any does. "
        "sheet: write one catalog as a spreadsheet (CSV) for a translator or a fluent reviewer, with who reads "
        "each entry and where it is sent; import: take a filled-in sheet back (all rows or none, placeholders "
        "checked), with a reviewer's verdicts (ok or query) recorded under --reviewer.")
    catalogs.add_argument("action", choices=["extract", "compile", "check", "sheet", "import"])
    catalogs.add_argument("--lang", help="one language code, e.g. pl (default: every catalog)")
    catalogs.add_argument("--list", action="store_true", help="with check: list every message still to do")
    catalogs.add_argument("--json", action="store_true", help="with check: print JSON for scripts")
    catalogs.add_argument("--file", help="with sheet or import: the CSV file (default: <lang>.csv)")
    catalogs.add_argument("--reviewer", help="with import: the name of the fluent speaker whose verdicts the sheet "
                          "holds (recorded beside each entry they passed or queried)")
    catalogs.add_argument("--to-do", action="store_true",
                          help="with sheet: only the messages still to translate or check")
    catalogs.set_defaults(func=cmd_catalogs)
