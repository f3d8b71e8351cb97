"""The python-telegram-bot adapter: it turns Telegram updates into engine questions and back.

app.py        the composition root: the builder, the routing table, start/stop hooks, run()
commands.py   /start, /aide, /prochaine, /echeances, /eligible, /role, /langue
exports.py    /ics and /calendrier: the calendar as a file or a picture
admin.py      /stats and /reload, for the admins
questions.py  a typed question or a caption: the engine's answer, its buttons, its record
buttons.py    role, language and suggestion presses, "none of these", the ✓, stale buttons
addressing.py which messages speak to the bot: the routing table's filters
sending.py    text sent in chunks (replying in groups), blocked chats, presses acknowledged
guards.py     the flood guard before every handler, the error handler after a failure
texts.py      what the bot says on its own: wording, command menus, HTML escaping, chunks
reminders.py  which reminders are due (closings and openings), and their JobQueue jobs
settings_screen.py  /parametres: profile, software, language, reminders, edited in place
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
