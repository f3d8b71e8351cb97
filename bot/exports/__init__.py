"""The calendar as files people keep: an .ics for their agenda, a timeline picture.

    scope.py     which items and moments a role and software get (pure, no third-party import)
    wording.py   the words written into the files, in French and English
    ics.py       the RFC 5545 calendar (icalendar), for `segur-bot ics` and /ics
    timeline.py  the PNG timeline (matplotlib, Agg), for `segur-bot calendar-image` and /calendrier

ics.py and timeline.py are imported only by what writes a file: `segur-bot ask` and `chat` never
load icalendar or matplotlib, and the Telegram bot loads matplotlib at its first picture.
"""
