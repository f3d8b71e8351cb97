"""One rendering layer: an answer's text is its body, then its sources and channels block, built
by render.compose from the very citations and links the Answer carries. The web page shows the
body and draws those citations and links itself; Telegram and the console print the text; so the
three show the same words as long as this holds, for every kind of answer."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core import render
from bot.core.answer import Answer
from bot.core.engine import MAX_REPLY, Engine
from bot.core.render import Citation, Link
from bot.evaluation import load_eval_set
from tests.helpers.cli import REPO

QUESTIONS = load_eval_set(REPO / "tests" / "eval" / "questions.yaml")


def _answers(engine: Engine) -> list[Answer]:
    out = [engine.ask(q.q, today=q.today, role=q.role, lang=q.lang) for q in QUESTIONS]
    today = dt.date(2022, 4, 20)
    out += [engine.answer_topic(t, today=today, lang=lang) for t in engine.kb.topics for lang in ("fr", "en")]  # fmt: skip
    return out


def test_every_answer_is_its_body_then_the_block_of_its_own_sources_and_links(
    engine: Engine,
) -> None:
    kinds = {"sources": 0, "links": 0, "neither": 0}
    for answer in _answers(engine):
        assert len(answer.text) < MAX_REPLY  # none clipped here: each must split exactly
        assert render.compose(answer.body, answer.sources, answer.links, answer.lang) == answer.text
        if answer.sources or answer.links:
            assert answer.body != answer.text and answer.body.strip()
            for c in answer.sources:
                assert f"— {c.url}" not in answer.body
            kinds["sources" if answer.sources else "links"] += 1
        else:
            assert answer.body == answer.text
            kinds["neither"] += 1
    assert all(kinds.values()), kinds  # each kind of answer was seen


def test_the_json_body_is_the_answer_without_its_sources_block(engine: Engine) -> None:
    answer = engine.ask("c koi le budget du segur", today=dt.date(2022, 4, 20))
    data = answer.to_json()
    assert data["body"] == answer.body and data["answer"].startswith(data["body"] + "\n")
    assert answer.sources and all(c.url not in data["body"] for c in answer.sources)


CITE = Citation("doc", "Titre", "ANS", "https://esante.gouv.fr/x", "2022-04-06", "« mot »")
LINK = Link("ANS", "https://esante.gouv.fr/contact")


@pytest.mark.parametrize(
    ("body", "citations", "links"),
    [("Réponse.", (CITE,), ()), ("Réponse.\n• un\n• deux", (CITE,), (LINK,)), ("Seul.", (), ())],
)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_body_of_undoes_compose(
    body: str, citations: tuple[Citation, ...], links: tuple[Link, ...], lang: str
) -> None:
    text = render.compose(body, citations, links, lang)
    assert render.body_of(text, citations, links, lang) == body


def test_a_clipped_text_is_its_own_body() -> None:
    text = render.compose("Réponse.", (CITE,), (LINK,), "fr")[:-10] + "…"
    assert render.body_of(text, (CITE,), (LINK,), "fr") == text
