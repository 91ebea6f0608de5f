"""`sayit media`: make every clip ahead of time (`build`), and list which engine made each clip (`list`)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.media.building import Built


def cmd_build(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from bot.dialogue import repertoire
    from bot.media import building
    from bot.media.speech import PACES, engines, has_voice, speech_on
    from bot.settings import database_url, privacy_contact
    from bot.store.clips import ClipRegistry
    from bot.surveys.loading import load_surveys
    from bot.translation.languages import supported

    if not speech_on():
        print("Speech is switched off (SAYIT_TTS_URL=off, or not set): set SAYIT_TTS_URL=google, espeak-ng, or "
              "the address of a speech service, then run this again.", file=sys.stderr)
        return 2
    surveys = load_surveys()
    unknown = [s for s in args.survey or [] if s not in surveys]
    langs = args.lang or list(supported())
    if unknown or set(langs) - set(supported()):
        print(f"Unknown: {', '.join(unknown + sorted(set(langs) - set(supported())))}. Surveys: "
              f"{', '.join(surveys)}; languages: {', '.join(supported())}.", file=sys.stderr)
        return 2
    chosen = {k: s for k, s in surveys.items() if not args.survey or k in args.survey}
    voiceless = [lang for lang in langs if not has_voice(lang)]
    clips, unlisted = [], []
    for lang in (lang for lang in langs if lang not in voiceless):
        for message in repertoire.messages(chosen, lang, privacy_contact()):
            clips += message.clips(unlisted=False)
            unlisted += message.clips()
    ordered = building.in_order(clips)
    joined_later = 0 if args.joined else sum(1 for c in ordered if c.parts)
    ordered = [c for c in ordered if args.joined or not c.parts]
    paces = PACES if args.pace == "both" else (args.pace,)
    registry = ClipRegistry.open(database_url())
    registry.register(unlisted)
    print(f"Making the audio of {len(ordered)} clips at {' and '.join(paces)} pace ({', '.join(chosen)}; "
          f"{', '.join(lang for lang in langs if lang not in voiceless) or 'no language'}), with "
          f"{' then '.join(engines())}; what is kept already is skipped.", file=sys.stderr)
    started = time.monotonic()
    with tqdm(total=len(ordered) * len(paces), unit="clip", file=sys.stderr, mininterval=0.5,
              disable=args.quiet) as bar:
        built = building.build(ordered, paces, registry, frozenset(args.remake or ()),
                               lambda done, _total: bar.update(done - bar.n), args.jobs)
    registry.close()
    report(built, voiceless, time.monotonic() - started)
    if joined_later:
        print(f"  {joined_later} messages spoken in several parts are joined from these clips when first asked for "
              "(no engine needed then); --joined joins them now.")
    return 1 if built.asked and not built.nothing_to_do and not built.made_any else 0


def report(built: Built, voiceless: list[str], seconds: float) -> None:
    made = sum(built.made.values())
    by_engine = ", ".join(f"{engine} {n}" for engine, n in built.made.most_common()) or "none"
    print(f"{built.asked} clips asked for: {made} made now (by engine: {by_engine}), {built.kept} kept from "
          f"before, {sum(built.failed.values())} could not be made; {seconds:.0f} s.")
    for lang in voiceless:
        print(f"  {lang}: no audio at all: no engine in use has a voice for it (messages say so in a note)")
    for lang, n in sorted(built.failed.items()):
        reasons = "; ".join(f"{why} ({count})" for why, count in built.why[lang].most_common(3))
        print(f"  {lang}: {n} could not be made: {reasons}")


def cmd_list(args: argparse.Namespace) -> int:
    from bot.settings import database_url
    from bot.store.clips import ClipRegistry

    registry = ClipRegistry.open(database_url())
    made = [c for c in registry.made(args.engine) if not args.lang or c.lang == args.lang]
    registry.close()
    if args.json:
        print(json.dumps([{"id": c.id, "pace": c.pace, "lang": c.lang, "engine": c.engine,
                           "made_at": c.made_at.isoformat(), "text": c.text} for c in made],
                         ensure_ascii=False, indent=2))
        return 0
    counts = Counter((c.engine, c.lang, c.pace) for c in made)
    print(f"{len(made)} clips made" + (f" by {args.engine}" if args.engine else "") + ":")
    for (engine, lang, pace), n in sorted(counts.items()):
        print(f"  {engine:<18} {lang:<4} {pace:<7} {n}")
    if args.clips:
        for c in made:
            print(f"{c.id}  {c.lang:<4} {c.pace:<7} {c.engine:<18} {c.made_at:%Y-%m-%d %H:%M}  {c.text[:60]}")
    return 0


def add(sub: argparse._SubParsersAction) -> None:
    media = sub.add_parser("media", help="make every clip of audio ahead of time, and list which engine made each",
                           description="The audio of every message, button and survey wording, kept under "
                           "SAYIT_DATA_DIR/audio and made with Google's speech (SAYIT_TTS_URL) or, when that "
                           "fails, espeak-ng on this machine.")
    actions = media.add_subparsers(dest="action", required=True, metavar="ACTION")
    build = actions.add_parser(
        "build", help="make the audio of every wording of every survey and every message, in every language",
        description="Make, ahead of time, the audio of every wording of every survey (plain and easy read, its "
        "answers, its help, at every position it can be asked at), every message and every button, in every "
        "language with a voice, at both paces. What is kept already is skipped, so running it again makes only "
        "what is new. At the end it says what each engine made and, by language, what could not be made and "
        "why. It exits 1 only when there was audio to make and none of it could be made. A message spoken in "
        "several parts (a question with its position, a summary of a person's answers) is joined from these "
        "clips when first asked for, unless --joined joins it now.")
    build.add_argument("--survey", action="append", help="only this survey (may be given more than once)")
    build.add_argument("--lang", action="append", help="only this language (may be given more than once)")
    build.add_argument("--pace", choices=["normal", "slow", "both"], default="both",
                       help="which pace to make (default both: normal and slower speech)")
    build.add_argument("--joined", action="store_true",
                       help="also join now each message spoken in several parts (a question with its position, "
                       "the privacy notice): otherwise each is joined from its parts' clips when first asked for, "
                       "which needs no engine; joining now about doubles the space the audio takes")
    build.add_argument("--remake", action="append", choices=["espeak-ng", "gtts"],
                       help="make again the clips this engine made (say espeak-ng, once Google's speech can be "
                       "reached again)")
    build.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                       help="clips made at once (default: this machine's processors, up to 4)")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.set_defaults(func=cmd_build)
    listing = actions.add_parser("list", help="which engine made each clip",
                                 description="Count the clips made, by engine, language and pace; --clips lists "
                                 "each one (id, language, pace, engine, when, and its words).")
    listing.add_argument("--engine", help="only clips this engine made: gtts, espeak-ng, or gtts+espeak-ng")
    listing.add_argument("--lang", help="only this language")
    listing.add_argument("--clips", action="store_true", help="list every clip, not just the counts")
    listing.add_argument("--json", action="store_true", help="every clip as JSON, for scripts")
    listing.set_defaults(func=cmd_list)
