"""The web chat: the same engine as Telegram and the console, in a browser (`segur-bot web`).

app.py       the composition root: routes, security headers, the server and its stop hooks
handlers.py  one thin tornado handler per route: the page, /api/ask, /api/session,
             /api/feedback, /widget.js and the static files
sessions.py  the cookie session (role, language, the follow-up frame and its expiry) and the
             per-session and per-address rate limits
answers.py   what the web shows of an Answer: the ask --json fields (the body without the
             sources block is bot.core.render's), the session, the suggestion titles
texts.py     every sentence the page says, in French and English
static/      the page (a tornado template), its script and style, and the partner widget
"""
