"""The python-telegram-bot adapter: it turns Telegram updates into engine questions and back.

app.py        the composition root: the builder, the routing table, start/stop hooks, run()
handlers.py   one thin function per command, button and message kind
texts.py      what the bot says on its own: wording, command menus, HTML escaping, chunks
reminders.py  which reminders are due, and their JobQueue jobs
delivery.py   AIORateLimiter plus retries of 5xx, timeouts and dropped connections
flood.py      per-chat flood control
"""
