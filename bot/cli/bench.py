"""`segur-bot bench`: speed and memory figures (bot.devtools.bench; loads the Telegram stack);
`--soak MINUTES` the long memory run (bot.devtools.soak), `--kills N` the crash drill
(bot.devtools.crash), `--outage SECONDS` a Telegram outage (bot.devtools.outage)."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bot.devtools.bench import run_bench
from bot.devtools.crash import kill_drill
from bot.devtools.outage import run_outage
from bot.devtools.soak import run_soak
from bot.errors import CliError


def run(args: argparse.Namespace) -> int:
    if args.soak is not None:
        if args.soak <= 0 or args.chats <= 0:
            raise CliError("bench: --soak and --chats must be above 0")
        run_soak(args.soak, args.chats, say=lambda line: print(line, flush=True))
        return 0
    if args.outage is not None:
        if args.outage <= 0:
            raise CliError("bench: --outage must be above 0")
        runs = [run_outage(args.outage), run_outage(args.outage, retry_after=5)]
        for outage in runs:
            print(outage.line(), flush=True)
        return 0 if all(o.lost == 0 for o in runs) else 1
    if args.kills is not None:
        if args.kills <= 0:
            raise CliError("bench: --kills must be above 0")
        drill = kill_drill(Path(tempfile.mkdtemp(prefix="segur-kills-")), kills=args.kills)
        print(
            f"{drill.kills} kill -9 with {drill.users} users waiting each time: "
            f"{drill.asked} questions, {drill.unanswered} unanswered, {drill.twice} answered "
            f"twice, {drill.seconds:.0f} s"
        )
        return 0 if drill.unanswered == 0 else 1
    return run_bench(as_json=args.json, quick=args.quick, eval_set=args.eval)
