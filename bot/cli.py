"""`sayit`: the project's one command line. `sayit --help` and `sayit COMMAND --help` say what each does."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bot.coding import code_reply
from bot.lexicon import available_languages
from bot.survey import KINDS, SurveyError, load_surveys, load_versions

if TYPE_CHECKING:
    from bot.store import SurveyStore


@contextmanager
def open_store() -> Iterator[SurveyStore]:
    """The store the bot uses (SAYIT_DB_URL, or SQLite under var/), closed again afterwards."""
    from bot.settings import database_url
    from bot.store import SurveyStore

    store = SurveyStore.open(database_url())
    try:
        yield store
    finally:
        store.close()


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
        from bot.readability import wording_problems

        problems = [p for s in surveys.values() for p in wording_problems(s)]
        for problem in problems:
            print(f"reads too hard: {problem}", file=sys.stderr)
        if problems:
            print(f"{len(problems)} wording(s) to make easier; bot/readability.py says why the limits are what they "
                  "are.", file=sys.stderr)
            return 1
        print("Every young-person and easy-read wording is within the readability limits.", file=sys.stderr)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from bot.evaluate import HELD_OUT, LABELLED, evaluate, table

    paths = [Path(p) for p in args.data] if args.data else [LABELLED, HELD_OUT]
    reports = {path.stem: evaluate(path) for path in paths}
    if args.json:
        print(json.dumps({name: r.as_dict() for name, r in reports.items()}, indent=2))
    else:
        print(table(reports))
    if args.misses:
        for name, report in reports.items():
            for miss in report.misses:
                print(f"{name}: {miss}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from bot.export import export_csv

    with open_store() as store:
        versions = {**load_versions(), **{(s.id, s.version): s for s in load_surveys().values()}}
        count = export_csv(store, versions, Path(args.out))
    print(f"Wrote {count} answer row{'s' if count != 1 else ''} to {args.out}", file=sys.stderr)
    return 0


def cmd_indicators(args: argparse.Namespace) -> int:
    from datetime import date

    from bot.indicators import compute, markdown, term_dates, write_csv

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
    versions = {**load_versions(), **{(s.id, s.version): s for s in surveys.values()}}
    with open_store() as store:
        report = compute(store.export_rows(), versions, args.survey, start, end, args.min_count)
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


def cmd_catalogs(args: argparse.Namespace) -> int:
    from bot import catalogs

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
    from bot import catalog_sheet, catalogs

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


def cmd_nlu(args: argparse.Namespace) -> int:
    from bot import nlu_examples

    count = nlu_examples.write()
    print(f"Wrote {count} training examples in {len(nlu_examples.supported())} languages to "
          f"{nlu_examples.GENERATED.relative_to(nlu_examples.PROJECT_ROOT)}; `sayit run` retrains when it changes.",
          file=sys.stderr)
    return 0


def cmd_sms(args: argparse.Namespace) -> int:
    from bot.languages import supported
    from bot.sms_text import survey_fits

    surveys = load_surveys()
    chosen = [args.survey] if args.survey else sorted(surveys)
    langs = [args.lang] if args.lang else list(supported())
    unknown = [s for s in chosen if s not in surveys] + [lang for lang in langs if lang not in supported()]
    if unknown:
        print(f"Unknown survey or language: {', '.join(unknown)}. Surveys: {', '.join(sorted(surveys))}; "
              f"languages: {', '.join(supported())}.", file=sys.stderr)
        return 2
    for lang in langs:
        fits = [(sid, qid, fit) for sid in chosen for qid, fit in survey_fits(surveys[sid], lang, args.budget)]
        within = sum(fit.parts <= args.budget for _, _, fit in fits)
        encodings = ", ".join(sorted({fit.encoding for _, _, fit in fits}))
        print(f"{lang}: {within}/{len(fits)} questions fit {args.budget} texts; most {max(f.parts for *_, f in fits)}"
              f" texts; {encodings}")
        for sid, qid, fit in fits if args.list else []:
            print(f"  {sid} {qid}: {fit.parts} texts, {fit.units} {fit.encoding} characters")
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


def cmd_concerns(args: argparse.Namespace) -> int:
    import os

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
    lead = os.environ.get("SAYIT_SAFEGUARDING_LEAD", "the safeguarding lead (set SAYIT_SAFEGUARDING_LEAD)")
    print(f"Concerns for {lead}: {len(rows)} {'in all' if args.all else 'waiting for review'}")
    for row in rows:
        state = f"reviewed by {row['reviewed_by']}" if row["reviewed_at"] else "not reviewed"
        alerted = "alert sent" if row["notified_at"] else "no alert sent"
        print(f"\n#{row['id']}  {row['raised_at']}  survey {row['survey']}, {row['channel']}, "
              f"question {row['question_id'] or '(none)'}  [{state}; {alerted}]")
        print(f"  session {row['session_id']}")
        print(f"  said: {row['raw_reply']}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from bot.runner import Ports, run

    return run(args.host, Ports(args.port, args.action_port, args.speech_port, args.telegram_port,
                                     args.sms_port))


def cmd_telegram(args: argparse.Namespace) -> int:
    from telegram.error import TelegramError

    from bot.settings import SettingsError
    from bot.telegram_setup import set_webhook, webhook_url

    try:
        if args.action == "webhook":
            if not args.url or not args.url.startswith("https://"):
                print("Give the public https address of this server's webhook: sayit telegram webhook --url "
                      "https://<host>/webhooks/telegram/webhook", file=sys.stderr)
                return 2
            set_webhook(args.url)
            print(f"Telegram will post updates to {args.url}, with the secret from SAYIT_TELEGRAM_WEBHOOK_SECRET.")
        else:
            print(webhook_url() or "No webhook is set: run `sayit telegram webhook --url ...`.")
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    except TelegramError as exc:
        print(f"Telegram refused: {exc}. Check SAYIT_TELEGRAM_TOKEN, and that the address is reachable.",
              file=sys.stderr)
        return 1
    return 0


def cmd_invitations(args: argparse.Namespace) -> int:
    from bot.invitations import InvitationError, Links, write_invitations
    from bot.languages import endonym

    source = Path(args.file)
    out = Path(args.out) if args.out else source.with_name(source.stem + "-links.csv")
    try:
        counts = write_invitations(source, out, args.survey, Links.from_env(args.base_url), set(load_surveys()))
    except InvitationError as exc:
        print(f"No links written: {exc}", file=sys.stderr)
        return 2
    total = sum(counts.values())
    print(f"Wrote {total} invitation{'s' if total != 1 else ''} with links to {out}.", file=sys.stderr)
    for key, n in counts.most_common():
        if key == "?(blank)":
            print(f"  {n} with no language given: their links ask which language.", file=sys.stderr)
        elif key.startswith("?"):
            print(f"  {n} in {key[1:]}: not a language SayIt speaks yet, so their links ask which language.",
                  file=sys.stderr)
        else:
            print(f"  {n} in {endonym(key)} ({key})", file=sys.stderr)
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from bot.runner import train_if_changed

    return train_if_changed(force=args.force)


def cmd_bench(args: argparse.Namespace) -> int:
    from bot.bench import bench

    return bench(args.turns, args.baseline)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="sayit", description="SayIt, a survey bot for children and young people "
                                  "with SEND and their families.")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="train if needed, then start the bot (Rasa server, action server, web chat)",
                         description="Train if the training data changed, start the Rasa server and the action "
                         "server, and stop both on Ctrl-C.")
    run.add_argument("--port", type=int, default=5005, help="the Rasa server's port (default 5005)")
    run.add_argument("--action-port", type=int, default=5055, help="the action server's port (default 5055)")
    run.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    run.add_argument("--speech-port", type=int, default=5070,
                     help="the local fake speech service's port, used when SAYIT_TTS_URL is not set (default 5070)")
    run.add_argument("--telegram-port", type=int, default=5071,
                     help="the local fake Telegram Bot API's port, used when SAYIT_TELEGRAM_TOKEN is not set "
                     "(default 5071)")
    run.add_argument("--sms-port", type=int, default=5072,
                     help="the local fake Twilio's port, used when SAYIT_TWILIO_AUTH_TOKEN is not set (default 5072)")
    run.set_defaults(func=cmd_run)

    telegram = sub.add_parser("telegram", help="register the Telegram webhook, or show where it points",
                              description="webhook: tell Telegram to post updates to --url, with the secret from "
                              "SAYIT_TELEGRAM_WEBHOOK_SECRET. info: show the webhook Telegram has. The bot's token "
                              "comes from SAYIT_TELEGRAM_TOKEN.")
    telegram.add_argument("action", choices=["webhook", "info"])
    telegram.add_argument("--url", help="with webhook: https://<host>/webhooks/telegram/webhook")
    telegram.set_defaults(func=cmd_telegram)

    invitations = sub.add_parser(
        "invitations", help="add each family's links, in their language, to a council's list",
        description="Read a CSV list of families with a language column (a code like pl or a name like Polish or "
        "Polski) and write a copy with three more columns: sayit_language, web_link and telegram_link (when "
        "SAYIT_TELEGRAM_BOT_NAME is set). The web address is SAYIT_PUBLIC_URL or --base-url. SayIt keeps "
        "nothing from the list.")
    invitations.add_argument("--file", required=True, help="the council's list (CSV, UTF-8)")
    invitations.add_argument("--out", help="where to write the copy with links (default: <file>-links.csv)")
    invitations.add_argument("--survey", default="shropshire_annual_review",
                             help="the survey the links open, unless a row has its own survey column")
    invitations.add_argument("--base-url", help="the web chat's public address (default: SAYIT_PUBLIC_URL)")
    invitations.set_defaults(func=cmd_invitations)

    train = sub.add_parser("train", help="train the Rasa model if the training data changed",
                           description="Train the Rasa model into models/sayit.tar.gz unless it is up to date.")
    train.add_argument("--force", action="store_true", help="train even if nothing changed")
    train.set_defaults(func=cmd_train)

    code = sub.add_parser("code", help="code a reply the way the bot would",
                          description="Print the coding of a reply as JSON: status, value, control and concern.")
    code.add_argument("text", nargs="?", help="the reply to code")
    code.add_argument("--lang", default="en", choices=available_languages(), help="the reply's language")
    code.add_argument("--kind", default="scale", choices=KINDS, help="the kind of question it answers")
    code.add_argument("--jsonl", action="store_true",
                      help='read JSON lines {"lang": ..., "text": ...} on stdin and write one coding per line')
    code.set_defaults(func=cmd_code)

    surveys = sub.add_parser("surveys", help="list the surveys, their outcome areas and question counts",
                             description="List every survey with its framework, version, outcome areas and the "
                             "number of scale and free-text questions for each role.")
    surveys.add_argument("--json", action="store_true", help="print JSON for scripts")
    surveys.add_argument("--check", action="store_true", help="also check that the wordings read easily")
    surveys.set_defaults(func=cmd_surveys)

    evaluate = sub.add_parser("evaluate", help="measure the coder on the labelled replies, beside a keyword baseline",
                              description="Code every labelled reply and report accuracy per language beside a "
                              "plain keyword baseline, and the safeguarding net's recall and false-alarm rate.")
    evaluate.add_argument("--data", nargs="*", help="labelled JSON-lines files (default: the two in tests/data/)")
    evaluate.add_argument("--json", action="store_true", help="print JSON for scripts")
    evaluate.add_argument("--misses", action="store_true", help="list every reply coded wrongly")
    evaluate.set_defaults(func=cmd_evaluate)

    export = sub.add_parser("export", help="export coded answers for analysts",
                            description="Write every stored answer, one row each, coded against its outcome area.")
    export.add_argument("--format", choices=["csv"], default="csv", help="the file format (csv)")
    export.add_argument("--out", required=True, help="the file to write")
    export.set_defaults(func=cmd_export)

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

    nlu = sub.add_parser("nlu", help="write Rasa's training examples for every language from the word lists",
                         description="Write data/nlu_languages.yml from bot/lexicon/<lang>.yml: the controls, "
                         "greetings, roles, skips and language names in every supported language. Run it after "
                         "editing a word list or adding a language.")
    nlu.set_defaults(func=cmd_nlu)

    sms = sub.add_parser("sms", help="how each question goes out by SMS: GSM-7 or UCS-2, and how many texts",
                         description="Shape every question for SMS as the SMS channel will (bot/sms_text.py) and "
                         "count it as the network does.")
    sms.add_argument("--survey", help="one survey id (default: every survey)")
    sms.add_argument("--lang", help="one language (default: every supported language)")
    sms.add_argument("--budget", type=int, default=2, help="texts a question may take (default 2)")
    sms.add_argument("--list", action="store_true", help="one line per question")
    sms.set_defaults(func=cmd_sms)

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

    bench = sub.add_parser("bench", help="measure training time, start time and per-turn latency",
                           description="Measure this bot's training time, start time and per-turn latency, "
                           "optionally beside a stock `rasa init` bot trained and run on the same machine.")
    bench.add_argument("--turns", type=int, default=200, help="how many turns to time (default 200)")
    bench.add_argument("--baseline", action="store_true", help="also measure a stock `rasa init` bot")
    bench.set_defaults(func=cmd_bench)
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

