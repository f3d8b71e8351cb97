"""Developer tools, never imported at run time: only ``segur-bot bench`` and the tests use them.

bench.py        segur-bot bench: speed and memory figures
fake_bot_api/   a fake Telegram Bot API on 127.0.0.1, for the tests and the benchmark
"""
