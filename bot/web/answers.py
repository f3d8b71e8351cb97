"""What the web shows of an Answer: the `ask --json` fields (the body without its sources block
included: the page lists `sources` and `links` as links), plus the session, the suggestions'
titles and whether the bot needs the user's role.

The split between the body and the sources is bot.core.render's (render.compose and
render.body_of, through Answer.body), the same that builds the text Telegram and the console
print, so the web cannot show other words than they do.
"""

from __future__ import annotations

from typing import Any

from bot.core.answer import Answer
from bot.core.engine import Engine

MAX_SUGGESTIONS = 3


def web_answer(engine: Engine, answer: Answer, session: str) -> dict[str, Any]:
    """Answer.to_json() (the `ask --json` fields, "body" and "context" included), the session
    id, and what the page draws: the language and role it was answered for, the suggestions
    with their titles, and whether the bot needs the user's role."""
    data = answer.to_json()
    data.update(
        session=session,
        lang=answer.lang,
        role=answer.role,
        needs_role=answer.needs_role,
        suggested=[
            {"id": s, "title": engine.kb.topics[s].title.get(answer.lang)}
            for s in answer.suggestions[:MAX_SUGGESTIONS]
            if s in engine.kb.topics
        ],
    )
    return data
