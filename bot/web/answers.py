"""What the web shows of an Answer: the `ask --json` fields, plus what the page needs to show
the sources as links instead of as the text block Telegram and the console print.

The wording stays bot.core.render's: `body` is the answer's text cut just before the sources and
channels block that the engine appended, and the page lists `sources` and `links` (the same
records) as links. When the text does not end with that block exactly (a clipped answer), `body`
is the whole text, and nothing is lost.
"""

from __future__ import annotations

from typing import Any

from bot.core import render
from bot.core.engine import Answer, Engine

MAX_SUGGESTIONS = 3


def body_of(answer: Answer) -> str:
    """The answer's text without its trailing sources and official-channels lines."""
    tail = [
        *render.citation_lines(answer.sources, answer.lang),
        *render.channel_lines(answer.links, answer.lang),
    ]
    if not tail:
        return answer.text
    suffix = "\n" + "\n".join(line for line in tail if line)
    if answer.text.endswith(suffix):
        return answer.text[: -len(suffix)]
    return answer.text


def web_answer(engine: Engine, answer: Answer, session: str) -> dict[str, Any]:
    """Answer.to_json() (the `ask --json` fields, "context" included), the session id, and what
    the page draws: the body, the language and role it was answered for, the suggestions with
    their titles, and whether the bot needs the user's role."""
    data = answer.to_json()
    data.update(
        session=session,
        body=body_of(answer),
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
