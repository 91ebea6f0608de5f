"""`sayit subject-access`, `sayit erase`, `sayit purge` and `sayit rekey`: a respondent's rights over what the bot
holds about them, the retention schedule, and rotating the key they are stored under.

A respondent is named by a session id (the export's session_id column, which a person can be given) or by their
channel and sender id, which is hashed as the channel and the conversation hash it and never printed or kept.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.store.privacy import Removed
    from bot.store.survey_store import SurveyStore

CHANNELS = ("sms", "telegram", "webchat", "rest")
IN_MEMORY_TRACKERS = ("Rasa's tracker store keeps the last few turns of each conversation in memory only "
                      "(rasa_extensions/recent_tracker_store.py), never on disk: restart the bot to clear them.")
REDIS_TRACKERS = ("Rasa's tracker store keeps, in Redis, which kind of reply each of a conversation's last few "
                  "turns was (an answer, help, skip), never the words, and each conversation's expires an hour after "
                  "its last message (rasa_extensions/redis_stores.py).")
POSTGRES_NOTE = ("On PostgreSQL the deleted rows stay in the table files until VACUUM reclaims the space "
                 "(autovacuum does, in time); on any database, backups keep them until the backups expire.")
WAL_NOTE = ("SQLite's write-ahead log was in use by the running bot and could not be emptied: restart the bot "
            "so that no copy of what was removed stays in it.")
DURATION = re.compile(r"^(\d+)([dwm])$")
DAYS_IN = {"d": 1, "w": 7, "m": 30}


class Refused(Exception):
    """Input that cannot be acted on; the message says what to do instead. Nothing has changed."""


def tracker_note() -> str:
    from bot.settings import redis_url

    return REDIS_TRACKERS if redis_url() else IN_MEMORY_TRACKERS


def rasa_sender(secret: bytes, channel: str, sender: str) -> str:
    """The sender id Rasa is handed for this sender: the channel hashes a number or chat id before Rasa sees it."""
    from bot.pseudonym import channel_sender

    return channel_sender(secret, channel, sms_number(sender) if channel == "sms" else sender)


def sender_pseudonym(secret: bytes, channel: str, sender: str) -> str:
    """The pseudonym the conversation hands the store for this sender: the sender id Rasa is handed, hashed
    once more with its channel."""
    from bot.pseudonym import respondent_key

    return respondent_key(secret, channel, rasa_sender(secret, channel, sender))


def sms_number(given: str) -> str:
    """A phone number as Twilio sends it (+447700900123), from the way a person may say it (07700 900123)."""
    number = re.sub(r"[\s().-]", "", given)
    if number.startswith("00"):
        number = "+" + number[2:]
    if re.fullmatch(r"0\d{10}", number):  # a UK number written nationally
        number = "+44" + number[1:]
    return number


def who(store: SurveyStore, args: argparse.Namespace) -> int:
    """The respondent the command names, by --session or by --channel and --sender."""
    from bot.store.privacy import find_respondent, respondent_of_session

    by_sender = args.channel is not None or args.sender is not None
    if (args.session is None) == (not by_sender):
        raise Refused("Say who, in one way: --session SESSION_ID (the export's session_id column), or --channel "
                      "CHANNEL --sender ID (e.g. --channel sms --sender +447700900123), not both.")
    if args.session is not None:
        found = respondent_of_session(store, args.session.strip())
        if found is None:
            raise Refused("No respondent with that session id: check the export's session_id column, or the id "
                          "the person was given at the end of their survey.")
        return found
    if args.channel not in CHANNELS or not (args.sender or "").strip():
        raise Refused(f"Give both --channel (one of {', '.join(CHANNELS)}) and --sender (the phone number, chat "
                      "id or web chat sender id).")
    from bot.settings import Settings

    found = find_respondent(store, sender_pseudonym(Settings.from_env().pseudonym_key, args.channel,
                                                    args.sender.strip()))
    if found is None:
        raise Refused(f"No respondent on {args.channel} with that sender id: check the number or chat id (a phone "
                      "number as +447700900123), run sayit with the bot's own settings (SAYIT_PSEUDONYM_KEY, "
                      "SAYIT_STORE_KEY), or use --session.")
    return found


def refusing(command: Any) -> Any:
    def run(args: argparse.Namespace) -> int:
        try:
            return int(command(args))
        except Refused as exc:
            print(exc, file=sys.stderr)
            return 2
    return run


def confirmed(question: str, yes: bool) -> bool:
    if yes:
        return True
    print(f"{question} This cannot be undone. Type yes to go on: ", end="", file=sys.stderr, flush=True)
    try:
        return input().strip().lower() in ("y", "yes")
    except EOFError:
        return False


def progress(label: str) -> Any:
    def show(done: int, total: int) -> None:
        print(f"  {label}: {done} of {total}", file=sys.stderr, flush=True)
    return show


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# ---- subject access ---------------------------------------------------------------------------------------------
def subject_access_file(store: SurveyStore, respondent_id: int) -> dict[str, Any]:
    from bot.reports.export import describe_question
    from bot.settings import lawful_basis, privacy_contact
    from bot.store.privacy import held_about
    from bot.surveys.loading import every_version, load_surveys

    versions = every_version(load_surveys())
    held = held_about(store, respondent_id)
    for session in held["sessions"]:
        for answer in session["answers"]:
            describe_question(answer, versions.get((session["survey"], answer["survey_version"])))
    return {
        "about": "Everything SayIt holds about one respondent, made by `sayit subject-access`.",
        "made_at": datetime.now(timezone.utc),
        "lawful_basis": lawful_basis(),
        "privacy_contact": privacy_contact() or "the council's data protection officer",
        "respondent": {"pseudonymous_key": held["key"], "first_contact": held["created_at"],
                       "how_known": "a keyed hash of the channel and the sender id: no phone number, chat id or "
                                    "name is kept",
                       "questions_as_pictures": held["pictures"]},
        "sessions": held["sessions"],
        "also_held": [tracker_note(), "Backups of the database hold what it held when they were taken."],
        "before_release": "For the data protection officer: concerns are the words that made the bot alert the "
                          "safeguarding lead; when someone asks on a child's behalf, check the exemptions for child "
                          "abuse data (Data Protection Act 2018, Schedule 3, Part 5) before releasing them. Who "
                          "reviewed a concern is not included.",
    }


def write_private(path: Path, text: str) -> None:
    """Written whole or not at all, readable by its owner alone: it holds a child's answers."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(partial, 0o600)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


@refusing
def cmd_subject_access(args: argparse.Namespace) -> int:
    from bot.cli.answers import open_store

    with open_store() as store:
        found = subject_access_file(store, who(store, args))
    text = json.dumps(found, ensure_ascii=False, indent=2, default=lambda v: v.isoformat())
    try:
        write_private(Path(args.out), text + "\n")
    except OSError as exc:
        raise Refused(f"Could not write {args.out} ({exc.strerror}): choose another --out.") from None
    answers = sum(len(s["answers"]) for s in found["sessions"])
    concerns = sum(len(s["concerns"]) for s in found["sessions"])
    print(f"Wrote everything held about this respondent to {args.out} (readable by you alone): "
          f"{plural(len(found['sessions']), 'session')}, {plural(answers, 'answer')}, "
          f"{plural(concerns, 'concern')}. {tracker_note()}", file=sys.stderr)
    return 0


# ---- erasure and retention --------------------------------------------------------------------------------------
def report(done: Removed, store: SurveyStore, emptied_log: bool, again: str) -> None:
    print(f"Removed {plural(done.answers, 'answer')}, {plural(done.sessions, 'session')}, "
          f"{plural(done.handled_messages, 'message record')}, {plural(done.closed_concerns, 'closed concern')} "
          f"and {plural(done.respondents, 'respondent')}.")
    if done.open_concerns_kept:
        print(f"Kept {plural(done.open_concerns_kept, 'open safeguarding concern')} for the safeguarding lead, in "
              f"{plural(done.sessions_kept, 'session')} ({', '.join(done.kept_session_ids)}): emptied of answers, "
              f"and {plural(done.respondents_anonymised, 'respondent')} given a random key, so the words no longer "
              f"lead back to the person. Once the lead has closed them (`sayit concerns --reviewed ID --by NAME`), "
              f"{again}")
    print(tracker_note())
    if store.engine.dialect.name != "sqlite":
        print(POSTGRES_NOTE)
    elif not emptied_log:
        print(WAL_NOTE)


def forget_conversation(store: SurveyStore, args: argparse.Namespace) -> None:
    """Named by channel and sender, what waits in the webhook inbox and the conversation's tracker in Redis go too,
    at once (by session id neither can be found: a text waits seconds, a tracker holds no words and expires within
    the hour)."""
    from bot.settings import Settings, redis_url
    from bot.store.inbox import forget_sender
    from bot.store.rasa_trackers import forget_tracker

    if args.session is not None:
        return
    sender = rasa_sender(Settings.from_env().pseudonym_key, args.channel, args.sender.strip())
    if waiting := forget_sender(store.engine, sender):
        print(f"Removed {plural(waiting, 'message')} waiting in the webhook inbox.")
    if redis_url() and forget_tracker(redis_url(), sender):
        print("Removed the conversation's recent turns from Redis.")


@refusing
def cmd_erase(args: argparse.Namespace) -> int:
    from bot.cli.answers import open_store
    from bot.store.privacy import checkpoint, erase, held_about

    with open_store() as store:
        respondent_id = who(store, args)
        held = held_about(store, respondent_id)["sessions"]
        answers = sum(len(s["answers"]) for s in held)
        if not confirmed(f"Erase this respondent: {plural(len(held), 'session')} and {plural(answers, 'answer')}?",
                         args.yes):
            print("Nothing erased.", file=sys.stderr)
            return 1
        done = erase(store, respondent_id)
        forget_conversation(store, args)
        first = done.kept_session_ids[0] if done.kept_session_ids else ""
        report(done, store, checkpoint(store), f"run `sayit erase --session {first}` again to remove what is left.")
    return 0


def cutoff_of(older_than: str | None) -> tuple[datetime, int]:
    from bot.settings import retention_days

    if older_than is None:
        days = retention_days()
    else:
        match = DURATION.match(older_than.strip().lower())
        if not match or int(match[1]) < 1:
            raise Refused(f"--older-than is '{older_than}': give a number of days, weeks or months of 1 or more, "
                          "like 365d, 52w or 12m.")
        days = int(match[1]) * DAYS_IN[match[2]]
    return datetime.now(timezone.utc) - timedelta(days=days), days


@refusing
def cmd_purge(args: argparse.Namespace) -> int:
    from bot.cli.answers import open_store
    from bot.settings import voice_keep_days
    from bot.store.privacy import checkpoint, purge
    from bot.store.voice_inbox import expire

    cutoff, days = cutoff_of(args.older_than)
    with open_store() as store:
        print(f"Sessions that finished or last changed before {cutoff:%Y-%m-%d %H:%M} UTC ({days} days ago):",
              file=sys.stderr)
        done = purge(store, cutoff, progress("respondents done"), dry_run=args.dry_run)
        if not args.dry_run:
            gone = expire(store.engine, voice_keep_days())
            print(f"Removed {plural(gone, 'spoken answer')} kept past SAYIT_KEEP_VOICE_DAYS "
                  f"({voice_keep_days()}) or never heard.", file=sys.stderr)
        if args.dry_run:
            print(f"Would remove {plural(done.answers, 'answer')}, {plural(done.sessions, 'session')}, "
                  f"{plural(done.handled_messages, 'message record')}, "
                  f"{plural(done.closed_concerns, 'closed concern')} and {plural(done.respondents, 'respondent')}, "
                  f"and keep {plural(done.open_concerns_kept, 'open concern')}. Nothing changed (--dry-run).")
            return 0
        report(done, store, checkpoint(store), "the next `sayit purge` removes what is left.")
    return 0


# ---- rotating the store key -------------------------------------------------------------------------------------
STEPS = """Next:
  1. Set SAYIT_PREVIOUS_STORE_KEY to the value SAYIT_STORE_KEY has now (on a first rotation it has none: leave
     SAYIT_PREVIOUS_STORE_KEY unset), and SAYIT_STORE_KEY to the contents of {file}.
  2. Restart the bot. Each person is moved to the new key at their next message; `sayit rekey` shows how many.
  3. When you are ready, `sayit rekey --finish` gives everyone still on an earlier key a random one: they can no
     longer be linked to anyone, and the earlier key can be destroyed (unset SAYIT_PREVIOUS_STORE_KEY, restart).
  Keep the new key in your secret store and delete {file}."""


def new_key_file(path: Path) -> None:
    import secrets

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise Refused(f"{path} already exists, and a key file is never overwritten: name a new file.") from None
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_urlsafe(32) + "\n")


@refusing
def cmd_rekey(args: argparse.Namespace) -> int:
    from bot.cli.answers import open_store
    from bot.store.privacy import checkpoint
    from bot.store.rekeying import anonymise_earlier_keys, key_counts

    if args.new_key_file and args.finish:
        raise Refused("Start a rotation (--new-key-file) or finish one (--finish), not both at once.")
    if args.new_key_file:
        new_key_file(Path(args.new_key_file))
        print(f"Wrote a new store key to {args.new_key_file} (readable by you alone).")
        print(STEPS.format(file=args.new_key_file))
        return 0
    with open_store() as store:
        counts = key_counts(store.engine, store.keys)
        if not args.finish:
            print(f"Respondents on the current store key: {counts['current']}; on an earlier key: "
                  f"{counts['earlier']}; anonymised by an earlier rotation: {counts['anonymised']}.")
            if store.keys.keys.current is None:
                print("No store key is set (SAYIT_STORE_KEY): `sayit rekey --new-key-file FILE` starts a rotation.")
            elif counts["earlier"]:
                print("`sayit rekey --finish` anonymises those still on an earlier key.")
            return 0
        if store.keys.keys.current is None:
            raise Refused("There is no rotation to finish: SAYIT_STORE_KEY is not set. Start one with `sayit rekey "
                          "--new-key-file FILE`, and run sayit with the bot's own settings.")
        if not counts["earlier"]:
            print("Nothing to finish: every respondent is on the current store key. The earlier key can be "
                  "destroyed (unset SAYIT_PREVIOUS_STORE_KEY and restart the bot).")
            return 0
        if not confirmed(f"Give {plural(counts['earlier'], 'respondent')} still on an earlier key a random key? "
                         "They will not be linked to anyone again; a survey they left open cannot be resumed.",
                         args.yes):
            print("Nothing changed.", file=sys.stderr)
            return 1
        done = anonymise_earlier_keys(store.engine, store.keys, progress("respondents anonymised"))
        emptied = checkpoint(store)
    print(f"Anonymised {plural(done, 'respondent')}: no key made with an earlier key is left. Unset "
          "SAYIT_PREVIOUS_STORE_KEY, restart the bot, and destroy the earlier key.")
    if not emptied:
        print(WAL_NOTE)
    return 0


# ---- the parser -------------------------------------------------------------------------------------------------
def naming_a_respondent(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--session", metavar="SESSION_ID", help="any session of theirs (the export's session_id "
                        "column, or the id the person was given at the end of their survey)")
    parser.add_argument("--channel", metavar="CHANNEL", help=f"with --sender: one of {', '.join(CHANNELS)}")
    parser.add_argument("--sender", metavar="ID", help="with --channel: their phone number (+447700900123), "
                        "Telegram chat id or web chat sender id (one beginning with - is written --sender=-abc); "
                        "hashed at once, never printed or kept")


def add(sub: argparse._SubParsersAction) -> None:
    access = sub.add_parser("subject-access", help="everything held about one respondent, as a JSON file",
                            description="Write everything SayIt holds about one respondent (their sessions, "
                            "answers with each question's wording, and concerns) to one JSON file readable by you "
                            "alone, with the council's lawful basis and privacy contact.")
    naming_a_respondent(access)
    access.add_argument("--out", required=True, help="the file to write")
    access.set_defaults(func=cmd_subject_access)
    erase = sub.add_parser("erase", help="remove one respondent everywhere the bot keeps anything",
                           description="Delete one respondent's answers, sessions, message records, closed "
                           "concerns and the respondent, in one transaction. A concern the safeguarding lead has "
                           "not closed is kept, no longer linked to the person.")
    naming_a_respondent(erase)
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(func=cmd_erase)
    purge = sub.add_parser("purge", help="apply the retention schedule: remove sessions older than a cut-off",
                           description="Delete sessions that finished or last changed before the cut-off, with "
                           "their answers, message records and closed concerns, then respondents left with none. "
                           "Open concerns are kept.")
    purge.add_argument("--older-than", metavar="AGE", help="365d, 52w or 12m (a month is 30 days); default "
                       "SAYIT_RETENTION_DAYS, or 730 days")
    purge.add_argument("--dry-run", action="store_true", help="show the counts and change nothing")
    purge.set_defaults(func=cmd_purge)
    rekey = sub.add_parser("rekey", help="rotate the key respondents are stored under",
                           description="With no option, show how many respondents are on the current store key. "
                           "--new-key-file starts a rotation; people are moved to the new key at their next "
                           "message; --finish anonymises the rest (docs/decisions/0007-pseudonym-key-rotation.md).")
    rekey.add_argument("--new-key-file", metavar="FILE", help="write a new random store key to FILE (never "
                       "overwritten) and say what to do next")
    rekey.add_argument("--finish", action="store_true", help="give everyone still on an earlier key a random key")
    rekey.add_argument("--yes", action="store_true", help="with --finish: do not ask for confirmation")
    rekey.set_defaults(func=cmd_rekey)
