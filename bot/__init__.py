"""segur-bot's adapters (Telegram, command line), question parser and settings.

The answer engine (``bot.engine``) is plain synchronous Python over ``knowledge`` and ``rules``.
"""
