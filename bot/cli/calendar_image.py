"""`segur-bot calendar-image -o FILE.png`: the timeline of a role and software as a picture."""

from __future__ import annotations

import argparse
import struct
import sys

from bot.cli.messages import say
from bot.cli.options import scope_of, today_of, write_output
from bot.data import load_engine
from bot.errors import CliError
from bot.exports.timeline import render_timeline
from bot.settings import Settings


def run(args: argparse.Namespace) -> int:
    scope, today = scope_of(args), today_of(args)
    if args.output is None or str(args.output) == "-":
        raise CliError(say("need_output"))
    engine = load_engine(Settings.from_env())
    data = render_timeline(engine.calendar, scope, today, lang=args.lang)
    write_output(data, args.output)
    width, height = struct.unpack(">II", data[16:24])  # the PNG's IHDR
    print(say("written", path=args.output, what=say("picture", width=width, height=height)),
          file=sys.stderr)  # fmt: skip
    return 0
