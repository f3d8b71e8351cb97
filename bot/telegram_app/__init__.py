"""The python-telegram-bot adapter: it turns Telegram updates into engine questions and back.

app.py        the composition root: the builder, the routing table, start/stop hooks, run()
handlers.py   one thin function per command, button and message kind
texts.py      what the bot says on its own: wording, command menus, HTML escaping, chunks
reminders.py  which reminders are due (closings and openings), and their JobQueue jobs
subscriptions.py  /rappel, /stop and the buttons under a reminder
alerts.py     a moved or new date told once to the subscribers it concerns
profile.py    who the user is, per user: a stated role or software, the undo, "Autre"
votes.py      the buttons added under an answer, and the note of each question
support.py    votes and comments, asking for a person, the relay to the support chat and back
memory.py     what the support loop remembers for a few minutes
admin_notices.py  errors told to the admins' chats, redacted and rate-limited
words.py      the words only Telegram reads (words.yaml)
delivery.py   AIORateLimiter plus retries of 5xx, timeouts and dropped connections
flood.py      per-chat flood control
"""
