"""Helpers imported by the tests and never collected (no test_*.py here).

cli.py       REPO and run_cli: `segur-bot` as a real subprocess
telegram.py  FakeClock, paris(), make_settings, running(app), exchange, press, ...
"""
