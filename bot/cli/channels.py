"""`sayit telegram`, `sayit sms` and `sayit invitations`: setting up Telegram, how questions go out by SMS,
and each family's links in their language."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.surveys.loading import load_surveys

if TYPE_CHECKING:
    pass

def cmd_telegram(args: argparse.Namespace) -> int:
    from bot.running.telegram_webhook import TelegramRefused, set_webhook, webhook_url
    from bot.settings import SettingsError

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
    except TelegramRefused as exc:
        print(f"Telegram refused: {exc}. Check SAYIT_TELEGRAM_TOKEN, and that the address is reachable.",
              file=sys.stderr)
        return 1
    return 0

def cmd_sms(args: argparse.Namespace) -> int:
    from bot.rendering.sms import survey_fits
    from bot.translation.languages import supported

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

def cmd_invitations(args: argparse.Namespace) -> int:
    from bot.reports.invitations import InvitationError, Links, write_invitations
    from bot.settings import pseudonym_key
    from bot.translation.languages import endonym

    source = Path(args.file)
    out = Path(args.out) if args.out else source.with_name(source.stem + "-links.csv")
    try:
        counts = write_invitations(source, out, args.survey, Links.from_env(args.base_url), set(load_surveys()),
                                   pseudonym_key())
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

def add(sub: argparse._SubParsersAction) -> None:
    telegram = sub.add_parser("telegram", help="register the Telegram webhook, or show where it points",
                              description="webhook: tell Telegram to post updates to --url, with the secret from "
                              "SAYIT_TELEGRAM_WEBHOOK_SECRET. info: show the webhook Telegram has. The bot's token "
                              "comes from SAYIT_TELEGRAM_TOKEN.")
    telegram.add_argument("action", choices=["webhook", "info"])
    telegram.add_argument("--url", help="with webhook: https://<host>/webhooks/telegram/webhook")
    telegram.set_defaults(func=cmd_telegram)
    sms = sub.add_parser("sms", help="how each question goes out by SMS: GSM-7 or UCS-2, and how many texts",
                         description="Shape every question for SMS as the SMS channel will (bot/rendering/sms.py) and "
                         "count it as the network does.")
    sms.add_argument("--survey", help="one survey id (default: every survey)")
    sms.add_argument("--lang", help="one language (default: every supported language)")
    sms.add_argument("--budget", type=int, default=2, help="texts a question may take (default 2)")
    sms.add_argument("--list", action="store_true", help="one line per question")
    sms.set_defaults(func=cmd_sms)
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
