"""The answering core: a question in, a sourced answer out.

Plain synchronous Python over ``knowledge`` and ``rules``; it never imports ``telegram``, the
Telegram adapter, the store or the developer tools (tests/test_architecture.py checks it).

    engine.py   Engine.ask: parse, match, apply the calendar rules, render
    parser.py   language, role, software type, wave and dates of a question
    render.py   every sentence the engine says, in French and English
    citing.py   the pages an answer cites and the channels it links
    dates/      the French/English date layer in front of dateparser
"""
