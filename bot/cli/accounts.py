"""`sayit advocates` and `sayit analysts`, each `add NAME | list | disable NAME | reset-password NAME`: the
council's administrator makes and looks after the accounts advocates sign in to the web chat with, and analysts to
the analysts' page; `sayit analysts downloads` lists what analysts downloaded, and when. There is no default account.

A password is asked for twice without being shown (getpass), or read from the first line of --password-file
(for scripts): never from the command line, where other users and the shell's history could see it.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.answers import open_store

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from bot.accounts.staff_accounts import Account, Accounts

# what each group is, and where its people sign in
GROUPS = {"advocates": ("advocate", "/webhooks/webchat/chat?advocate=1", "the web chat's advocate view"),
          "analysts": ("analyst", "/webhooks/analysts/", "the analysts' page")}


def new_password(args: argparse.Namespace) -> str:
    from bot.accounts.staff_accounts import AccountError, check_password

    if args.password_file:
        try:
            lines = Path(args.password_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise AccountError(f"Could not read {args.password_file} ({exc.strerror}): check the path.") from None
        password = lines[0] if lines else ""
        check_password(password)
        return password
    if not sys.stdin.isatty():
        raise AccountError("No terminal to ask for the password on: run this in a terminal, or give "
                           "--password-file FILE (its first line is the password; delete the file afterwards).")
    password = getpass.getpass("New password (12 characters or more): ")
    check_password(password)
    if getpass.getpass("The same password again: ") != password:
        raise AccountError("The two passwords were not the same; nothing changed. Please try again.")
    return password


def describe(a: Account) -> str:
    from bot.store.survey_store import now

    state = f"disabled {a.disabled_at:%Y-%m-%d %H:%M}" if a.disabled_at else (
        f"locked until {a.locked_until:%H:%M} UTC" if a.locked_until and a.locked_until > now() else "active")
    last = f"{a.last_sign_in_at:%Y-%m-%d %H:%M}" if a.last_sign_in_at else "never"
    return (f"{a.id}\t{a.username}\t{state}\tcreated {a.created_at:%Y-%m-%d}\tlast signed in {last}\t"
            f"{a.failed_sign_ins} wrong password(s) since")


def accounts_of(group: str, engine: Engine) -> Accounts:
    from bot.accounts.staff_accounts import AdvocateAccounts, AnalystAccounts

    return (AdvocateAccounts if group == "advocates" else AnalystAccounts)(engine)


def cmd_accounts(args: argparse.Namespace) -> int:
    from bot.accounts.staff_accounts import AccountError

    noun, where, _ = GROUPS[args.group]
    try:
        with open_store() as store:
            if args.action == "downloads":
                return list_downloads(store.engine)
            accounts = accounts_of(args.group, store.engine)
            if args.action == "list":
                found = accounts.list()
                for account in found:
                    print(describe(account))
                if not found:
                    print(f"No {args.group} yet: `sayit {args.group} add NAME` makes one.", file=sys.stderr)
            elif args.action == "add":
                made = accounts.add(args.name, new_password(args))
                print(f"Made the {noun} account {made.username}; they sign in at {where}", file=sys.stderr)
            elif args.action == "disable":
                done = accounts.disable(args.name)
                print(f"{done.username} can no longer sign in.", file=sys.stderr)
            else:
                done = accounts.reset_password(args.name, new_password(args))
                print(f"{done.username} has a new password (and is no longer locked).", file=sys.stderr)
    except AccountError as exc:
        print(f"sayit {args.group}: {exc}", file=sys.stderr)
        return 2
    return 0


def list_downloads(engine: Engine) -> int:
    from bot.accounts.downloads import downloads_made

    found = downloads_made(engine)
    for d in found:
        rows = "" if d.rows is None else f"\t{d.rows} rows"
        print(f"{d.at:%Y-%m-%d %H:%M}\t{d.analyst}\t{d.what}\t{d.survey}\t{d.term}{rows}")
    if not found:
        print("Nothing has been downloaded from the analysts' page yet.", file=sys.stderr)
    return 0


def add(sub: argparse._SubParsersAction) -> None:
    for group, (noun, _, page) in GROUPS.items():
        parser = sub.add_parser(group, help=f"make and look after {noun}s' accounts for {page}",
                                description=f"The accounts {noun}s sign in to {page} with. Passwords are hashed "
                                "with Argon2id; five wrong ones lock an account for 15 minutes.")
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        choices = [("add", "make an account (asks for its password)"),
                   ("list", "list the accounts: active, locked or disabled, and when last signed in"),
                   ("disable", "stop an account signing in, at once"),
                   ("reset-password", "give an account a new password, which also lifts a lock")]
        if group == "analysts":
            choices.append(("downloads", "list every report read and export downloaded: who, what and when"))
        for action, says in choices:
            one = actions.add_parser(action, help=says, description=says[0].upper() + says[1:] + ".")
            if action not in ("list", "downloads"):
                one.add_argument("name", metavar="NAME", help=f"the {noun}'s name, e.g. j.smith")
            if action in ("add", "reset-password"):
                one.add_argument("--password-file", metavar="FILE",
                                 help="read the password from this file's first line instead of asking")
            one.set_defaults(func=cmd_accounts, group=group)
