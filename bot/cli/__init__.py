"""The `segur-bot` command: main.py parses the command line and runs one sub-command module.

    main.py      the parser, the table of sub-commands, errors printed as one line
    ask.py       segur-bot ask: one question, or one per line from stdin
    chat.py      segur-bot chat: the console chat
    kb.py        segur-bot kb check | export: the knowledge base and calendar tools
    eval.py      segur-bot eval: score the engine on an evaluation set
    report.py    segur-bot report: what the bot could not answer (the SQLite store)
    backup.py    segur-bot backup: a consistent copy of the SQLite store
    messages.py  every sentence the command line prints on its own
    bench.py     segur-bot bench: speed and memory (bot.devtools)
    telegram.py  segur-bot telegram: the Telegram bot (bot.telegram_app)

Each sub-command module imports what it needs at its top, and main.py imports only the one that
runs: `ask` and `chat` never load telegram or the developer tools, so they start fast and run
with no token at all.
"""
