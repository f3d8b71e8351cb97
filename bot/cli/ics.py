"""`segur-bot ics`: the calendar of a role and software as an .ics file, or on stdout."""

from __future__ import annotations

import argparse
import sys

from bot.cli.messages import say
from bot.cli.options import scope_of, today_of, write_output
from bot.data import load_engine
from bot.exports.ics import build_ics
from bot.exports.wording import who
from bot.settings import Settings


def run(args: argparse.Namespace) -> int:
    scope, today = scope_of(args), today_of(args)
    engine = load_engine(Settings.from_env())
    data, count = build_ics(
        engine.calendar, engine.kb, scope, today, lang=args.lang, everything=args.all
    )
    if count == 0:
        # Not an error of the user's: a valid calendar needs one event, and there is none.
        nothing = say("nothing_ahead", today=today, who=who(scope.role, scope.software, "en"))
        print(f"segur-bot: {nothing}", file=sys.stderr)
        return 1
    write_output(data, args.output)
    if args.output is not None and str(args.output) != "-":
        print(say("written", path=args.output, what=say("events", count=count)), file=sys.stderr)
    return 0
