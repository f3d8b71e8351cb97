"""segur-bot: answers questions about the Ségur du numérique, over Telegram, the web and the command
line.

core/          question in, sourced answer out: plain synchronous Python over knowledge and
               rules; never imports telegram (engine, parser, render, the dates layer)
telegram_app/  the python-telegram-bot adapter: composition root, handlers, texts, reminders
web/           the web chat adapter (tornado): the page, /api/ask, the partner widget, sessions
cli/           the `segur-bot` command; chat.py: the console chat
commands.py    the commands Telegram and the console share; messages.yaml: the console's words
settings.py    every environment variable, read once; clock.py: "today" in Paris
logs.py        logging set up once, with the secret filter
store.py       SQLite: roles, languages, subscriptions, the reminder ledger, statistics
report.py, evaluation.py   support tools: the support report, the evaluation of the engine
devtools/      never imported at run time: the benchmark and the fake Telegram Bot API
"""
