"""`sayit run`, `sayit train` and `sayit bench`: starting the bot, training its model, measuring it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

def cmd_run(args: argparse.Namespace) -> int:
    from bot.running.runner import Ports, run

    return run(args.host, Ports(args.port, args.action_port, args.speech_port, args.telegram_port, args.sms_port),
               args.rasa_servers, args.action_servers)

def cmd_serve(args: argparse.Namespace) -> int:
    from bot.running.serve import serve

    return serve(args.server, args.port, args.interface, args.action_port, args.behind_proxy)


def cmd_train(args: argparse.Namespace) -> int:
    from bot.running.runner import train_if_changed

    return train_if_changed(force=args.force)

def cmd_bench(args: argparse.Namespace) -> int:
    if args.export:
        from bot.running.export_bench import bench_export

        return bench_export(args.answers, args.xlsx_answers)
    if args.burst:
        from bot.running.burst_bench import bench_burst

        return bench_burst(args.burst, Path(args.out.replace("bench-load", "bench-burst")))
    if args.growth:
        from bot.running.growth_bench import bench_growth

        return bench_growth(Path(args.out.replace("bench-load", "bench-growth")))
    if args.load:
        from bot.running.bench import bench_load

        several = (args.rasa_servers, args.action_servers) if args.rasa_servers > 1 or args.action_servers > 1 else None
        return bench_load(args.load, args.baseline, Path(args.out), several)
    from bot.running.bench import bench

    return bench(args.turns, args.baseline)

def at_once_levels(value: str) -> list[int]:
    try:
        levels = [int(n) for n in value.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not numbers separated by commas, such as 1,20,100,300") \
            from None
    if not levels or any(not 1 <= n <= 1000 for n in levels):
        raise argparse.ArgumentTypeError("each level is between 1 and 1000 respondents at once")
    return levels


def add(sub: argparse._SubParsersAction) -> None:
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
    run.add_argument("--rasa-servers", type=int, default=1, metavar="N",
                     help="how many Rasa servers share the conversations, behind nginx on --port (default 1; more "
                     "need SAYIT_REDIS_URL and a PostgreSQL SAYIT_DB_URL: docs/deployment.md)")
    run.add_argument("--action-servers", type=int, default=1, metavar="N",
                     help="how many action servers share the turns, behind nginx on --action-port (default 1; more "
                     "need a PostgreSQL SAYIT_DB_URL)")
    run.set_defaults(func=cmd_run)
    serve = sub.add_parser("serve", help="run one Rasa server or one action server alone, as a systemd unit does",
                           description="Run one server in the foreground, started exactly as `sayit run` starts "
                           "it, for a deployment over several machines (docs/deployment.md). The shared secrets "
                           "must be set; nothing is made up.")
    serve.add_argument("server", choices=("rasa", "actions"), help="which server")
    serve.add_argument("--port", type=int, required=True, help="the port it listens on")
    serve.add_argument("--interface", default="127.0.0.1",
                       help="rasa: the address it listens on (default 127.0.0.1; the machine's private address "
                       "when nginx is on another machine)")
    serve.add_argument("--action-port", type=int, default=5055,
                       help="rasa: the port of the action server on this machine (default 5055)")
    serve.add_argument("--behind-proxy", action="store_true",
                       help="rasa: nginx is in front, so a caller's address is nginx's X-Real-IP header")
    serve.set_defaults(func=cmd_serve)
    train = sub.add_parser("train", help="train the Rasa model if the training data changed",
                           description="Train the Rasa model into models/sayit.tar.gz unless it is up to date.")
    train.add_argument("--force", action="store_true", help="train even if nothing changed")
    train.set_defaults(func=cmd_train)
    bench = sub.add_parser("bench", help="measure training time, start time and per-turn latency",
                           description="Measure this bot's training time, start time and per-turn latency, "
                           "optionally beside a stock `rasa init` bot trained and run on the same machine.")
    bench.add_argument("--turns", type=int, default=200, help="how many turns to time (default 200)")
    bench.add_argument("--baseline", action="store_true", help="also measure a stock `rasa init` bot")
    bench.add_argument("--export", action="store_true",
                       help="measure the exports and the termly report instead, over made-up answers, beside a "
                       "plain `sqlite3 -csv` dump of the same rows")
    bench.add_argument("--load", type=at_once_levels, metavar="N,N,...",
                       help="measure respondents at once instead (for example 1,20,100,300), each completing a whole "
                       "survey over the REST channel: latency, turns a second, errors, answers lost or duplicated "
                       "(checked in the store) and peak memory; with --baseline the stock bot beside it")
    bench.add_argument("--burst", type=int, metavar="N",
                       help="measure N texts at the same moment instead, through the local fake of Twilio: how fast "
                       "the SMS webhook answers, how many are refused, how long until every one has its reply; "
                       "writes var/bench-burst.json")
    bench.add_argument("--growth", action="store_true",
                       help="measure turn latency against survey length (10, 50, 200 questions) and answers already "
                       "stored (10 thousand, 1 million) instead; writes var/bench-growth.json")
    bench.add_argument("--rasa-servers", type=int, default=1, metavar="N",
                       help="with --load: also measure N Rasa servers behind nginx, as `sayit run --rasa-servers N` "
                       "runs them (needs SAYIT_DB_URL and SAYIT_REDIS_URL: scripts/bench-several.sh sets them)")
    bench.add_argument("--action-servers", type=int, default=1, metavar="N",
                       help="with --load and --rasa-servers: how many action servers beside them (default 1)")
    bench.add_argument("--out", default="var/bench-load.json", help="with --load: where the JSON figures go "
                       "(default var/bench-load.json)")
    bench.add_argument("--answers", type=int, default=1_000_000,
                       help="with --export: how many made-up answers (default 1,000,000)")
    bench.add_argument("--xlsx-answers", type=int, default=100_000,
                       help="with --export: how many for the Excel export (default 100,000)")
    bench.set_defaults(func=cmd_bench)
