"""`python -m bot.devtools.serve echo|bot`: the app under test of `segur-bot bench`, run by the
bench in its own process.

"bot" is exactly what `segur-bot` runs (bot.telegram_app.app.run); "echo" is PTB's own
reply-only baseline with the same builder settings. Both read the usual environment. Kept apart
from bench.py so that the app under test loads only what a deployed bot loads.
"""

from __future__ import annotations

import os
import sys

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler, filters

from bot.settings import Settings
from bot.telegram_app.app import application_builder, run


def serve(kind: str) -> int:
    settings = Settings.from_env()
    if kind == "bot":
        return run(settings)
    # The bench's second baseline replies with a text as long as an average answer, to show
    # what the reply's length costs apart from the engine.
    fixed = os.environ.get("SEGUR_BENCH_ECHO_TEXT")

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(fixed or update.message.text or "")

    app = application_builder(settings).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling()
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] in ("echo", "bot"):
        sys.exit(serve(sys.argv[1]))
    sys.exit("usage: python -m bot.devtools.serve echo|bot (used by segur-bot bench)")
