"""Phone-shaped answers: every answer of the evaluation sets becomes Telegram HTML that parses,
links each cited page once, and shows far less before a tap than the plain text did."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.devtools.fake_bot_api.html_text import folded_text, parse_html
from bot.evaluation import load_eval_set
from bot.telegram_app.shape import Page, Parts, split_answer, to_html, verdict_mark
from bot.telegram_app.texts import MAX_MESSAGE

EVAL = Path(__file__).resolve().parents[2] / "eval"


def _shaped(engine: Engine, name: str) -> list[tuple[object, list[str]]]:
    out = []
    for q in load_eval_set(EVAL / name):
        answer = engine.ask(q.q, today=q.today, role=q.role, lang=q.lang)
        mark = verdict_mark(answer.verdict.eligible) if answer.verdict else ""
        out.append((answer, to_html(split_answer(answer.text), answer.lang, mark=mark)))
    return out


@pytest.mark.parametrize("name", ["holdout.yaml", "blind-c.yaml"])
def test_every_answer_parses_links_each_page_and_fits(engine: Engine, name: str) -> None:
    for answer, chunks in _shaped(engine, name):
        parsed = [parse_html(chunk) for chunk in chunks]  # raises where Telegram would refuse
        assert all(len(text.encode("utf-16-le")) // 2 <= MAX_MESSAGE for text, _ in parsed)
        hrefs = [e["url"] for _, entities in parsed for e in entities if e["type"] == "text_link"]
        assert hrefs == list(dict.fromkeys(c.url for c in answer.sources)), answer.text
        shown = "\n".join(text for text, _ in parsed)
        assert "Canaux officiels :" not in shown and "Official channels:" not in shown
        if answer.verdict is not None:  # the verdict first, marked and in bold
            text, entities = parsed[0]
            assert entities[0]["type"] == "bold" and entities[0]["offset"] == 0
            assert text.startswith(verdict_mark(answer.verdict.eligible))


def test_sourced_answers_show_about_half_as_much_before_a_tap(engine: Engine) -> None:
    before, after = [], []
    for answer, chunks in _shaped(engine, "holdout.yaml"):
        if answer.sources:
            before.append(len(answer.text))
            after.append(sum(len(folded_text(*parse_html(chunk))) for chunk in chunks))
    # Measured 2026-12: 1030 characters before (the whole text is shown), 566 after.
    assert statistics.median(before) > 900
    assert statistics.median(after) < 0.6 * statistics.median(before)


def test_a_long_answer_is_cut_between_lines_and_its_sources_stay_folded() -> None:
    body = tuple(f"• ligne {i} : " + "x" * 90 for i in range(80))
    pages = tuple(
        Page(f"Page {i} <&>", f"https://ex.fr/{i}?a=1&b=2", ("« q »",)) for i in range(60)
    )
    chunks = to_html(Parts(body, pages), "fr")
    assert len(chunks) >= 3
    for chunk in chunks:
        parse_html(chunk)  # raises where Telegram would refuse
        assert len(chunk.encode("utf-16-le")) // 2 <= MAX_MESSAGE
        assert chunk.count("<blockquote expandable>") == chunk.count("</blockquote>") <= 1
    links = [e["url"] for c in chunks for e in parse_html(c)[1] if e["type"] == "text_link"]
    assert links == [p.url for p in pages]
    assert "Page 0 <&>" in "".join(parse_html(c)[0] for c in chunks)  # escaped, read back


def test_split_answer_keeps_what_it_does_not_recognise_visible() -> None:
    parts = split_answer("Réponse.\nSources :\n• ANS — https://a.fr\n  « citation »\nbizarre")
    assert parts.body == ("Réponse.", "bizarre")
    assert parts.pages == (Page("ANS", "https://a.fr", ("« citation »",)),)


def test_a_verdict_s_bold_head_is_one_short_line(engine) -> None:
    import datetime as dt

    from bot.telegram_app.replies import answer_reply

    answer = engine.ask(
        "si j'envoie mon dossier de référencement le 10 mai, c'est bon ?",
        today=dt.date(2022, 4, 20),
        role="vendor",
    )
    first = answer_reply(engine, answer, []).chunks[0]
    head = first.split("</b>")[0].removeprefix("<b>")
    assert head == "✅ Oui :" and "dépôt le mardi 10 mai 2022" in first
