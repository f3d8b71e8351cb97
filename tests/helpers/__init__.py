"""Helpers imported by the tests and never collected (no test_*.py here).

cli.py       REPO and run_cli: `segur-bot` as a real subprocess
web.py       serving(engine, db_path): the web chat on 127.0.0.1; web_settings
telegram.py  FakeClock, paris(), make_settings, running(app), exchange, press, ...
"""
