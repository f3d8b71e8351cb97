"""The web chat over HTTP: the real tornado server on 127.0.0.1, a real SQLite file, httpx as
the browser. The answers must be the engine's, field for field, as `segur-bot ask --json`."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.clock import PARIS
from bot.core.conversation import FRAME_TTL_SECONDS
from bot.core.engine import Engine
from bot.devtools.web_server import WebServerThread
from bot.store import Store
from tests.helpers.web import PARTNER, SALT, serving

TODAY = "2022-04-20"
ASK_FIELDS = (
    "topic", "confidence", "fallback", "suggestions", "answer", "body", "sources", "links", "dates",
    "verdict", "context",
)  # fmt: skip


class Clock:
    """Paris time that a test moves by hand."""

    def __init__(self) -> None:
        self.now = dt.datetime(2022, 4, 20, 10, 0, tzinfo=PARIS)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def server(engine: Engine, db_path: Path) -> Iterator[WebServerThread]:
    with serving(engine, db_path) as running:
        yield running


@pytest.fixture
def client(server: WebServerThread) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as http:
        yield http


def ask(client: httpx.Client, text: str, **fields: object) -> httpx.Response:
    return client.post("/api/ask", json={"text": text, "today": TODAY, **fields})


# --- the answers --------------------------------------------------------------------------------


def test_the_api_gives_the_ask_json_fields_and_the_engines_answer(
    client: httpx.Client, engine: Engine
) -> None:
    response = ask(
        client, "si j'envoie mon dossier de référencement le 10 mai, c'est bon ?", role="vendor"
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    data = response.json()
    expected = engine.ask(
        "si j'envoie mon dossier de référencement le 10 mai, c'est bon ?",
        today=dt.date(2022, 4, 20),
        role="vendor",
    ).to_json()
    assert {k: data[k] for k in ASK_FIELDS} == expected
    assert data["verdict"] is not None and data["sources"] and data["dates"]
    # What the page draws: the body without the sources block, which it lists as links.
    assert (
        data["body"] and "https://" not in data["body"] and data["answer"].startswith(data["body"])
    )
    assert len(data["session"]) == 32 and data["lang"] == "fr" and data["role"] == "vendor"


def test_a_follow_up_conversation_keeps_its_context(client: httpx.Client, engine: Engine) -> None:
    first = ask(client, "je suis éditeur de DPI").json()
    assert first["context"]["role"] == "vendor" and first["context"]["software"] == ["DPI"]
    second = ask(client, "date limite du solde vague 1 ?").json()
    assert "solde" in second["body"] and "14 décembre 2023" in second["body"]
    third = ask(client, "et pour l'avance ?").json()
    assert "avance" in third["body"] and "30 novembre 2022" in third["body"]
    assert third["context"]["milestones"] == ["avance"] and third["context"]["software"] == ["DPI"]
    # The same as the engine threading the frames itself, as the console does.
    today = dt.date(2022, 4, 20)
    frame = engine.ask("je suis éditeur de DPI", today=today).frame
    frame = engine.ask("date limite du solde vague 1 ?", today=today, context=frame).frame
    direct = engine.ask("et pour l'avance ?", today=today, context=frame)
    assert third["answer"] == direct.text
    # Another browser (no cookie) starts afresh.
    with httpx.Client(base_url=str(client.base_url)) as other:
        alone = ask(other, "et pour l'avance ?").json()
    assert alone["answer"] != third["answer"]


def test_the_session_in_the_body_works_without_a_cookie(server: WebServerThread) -> None:
    """A partner's frame may get no cookie: the page echoes the session id in each body."""
    first = httpx.post(
        server.url + "/api/ask", json={"text": "je suis éditeur de DPI", "today": TODAY}
    )
    session = first.json()["session"]
    follow = httpx.post(
        server.url + "/api/ask",
        json={"text": "date limite du solde vague 1 ?", "today": TODAY, "session": session},
    ).json()
    assert follow["session"] == session and follow["context"]["software"] == ["DPI"]


def test_the_context_expires_after_a_quiet_period_and_survives_a_restart(
    engine: Engine, db_path: Path
) -> None:
    clock = Clock()
    with serving(engine, db_path, clock) as server, httpx.Client(base_url=server.url) as http:
        ask(http, "je suis éditeur de DPI")
        ask(http, "date limite du solde vague 1 ?")
        cookies = dict(http.cookies)
    # A restart: the session and its frame are in SQLite.
    with (
        serving(engine, db_path, clock) as server,
        httpx.Client(base_url=server.url, cookies=cookies) as http,
    ):
        clock.now += dt.timedelta(seconds=FRAME_TTL_SECONDS - 60)
        assert "30 novembre 2022" in ask(http, "et pour l'avance ?").json()["body"]
        clock.now += dt.timedelta(seconds=FRAME_TTL_SECONDS + 1)
        late = ask(http, "et pour l'avance ?").json()
        assert late["context"]["software"] == []  # the frame was dropped


def test_role_and_language_choices_are_kept_in_the_session(client: httpx.Client) -> None:
    said = client.post("/api/session", json={"role": "hospital", "lang": "en"}).json()
    assert said["role"] == "hospital" and said["lang"] == "en" and "English" in said["message"]
    data = ask(client, "prochaine fenêtre ?", today="2021-12-01").json()
    assert data["lang"] == "en" and data["role"] == "hospital"
    page = client.get("/")
    assert '<html lang="en">' in page.text
    assert '<option value="hospital" data-t="role_hospital" selected>' in page.text


@pytest.mark.parametrize(
    ("header", "text", "lang"),
    [
        ("en-GB,en;q=0.9", "segur ?", "en"),  # no word tells: the browser's language
        ("fr-FR", "segur ?", "fr"),
        ("en-GB,en;q=0.9", "c'est quoi le sunes ?", "fr"),  # the question's words win
        ("fr-FR", "what is sun-es?", "en"),
    ],
)
def test_the_browser_language_breaks_a_tie_and_never_overrides_the_words(
    client: httpx.Client, header: str, text: str, lang: str
) -> None:
    response = client.post(
        "/api/ask", json={"text": text, "today": TODAY}, headers={"Accept-Language": header}
    )
    assert response.json()["lang"] == lang


def test_a_suggestion_press_answers_its_topic(client: httpx.Client, engine: Engine) -> None:
    unsure = ask(client, "segur").json()
    assert unsure["fallback"] and unsure["suggested"]
    first = unsure["suggested"][0]
    assert first["title"] == engine.kb.topics[first["id"]].title.get("fr")
    pressed = client.post("/api/ask", json={"topic": first["id"], "today": TODAY}).json()
    expected = engine.answer_topic(first["id"], today=dt.date(2022, 4, 20), lang="fr")
    assert pressed["topic"] == first["id"] and pressed["answer"] == expected.text


def test_feedback_and_unanswered_questions_reach_the_store(engine: Engine, db_path: Path) -> None:
    with serving(engine, db_path) as server, httpx.Client(base_url=server.url) as http:
        ask(http, "qui a gagné la coupe du monde 1998 ?")
        thanks = http.post(
            "/api/feedback", json={"vote": "down", "topic": None, "question": "coupe du monde"}
        )
        assert thanks.status_code == 200 and thanks.json()["message"] == "Merci pour votre avis."
        assert http.post("/api/feedback", json={"vote": "meh"}).status_code == 400
    with Store.open(db_path, SALT, create=False) as store:
        assert [r.vote for r in store.feedback()] == [-1]
        assert [u.text for u in store.unanswered()] == ["qui a gagné la coupe du monde 1998 ?"]


# --- bad input -----------------------------------------------------------------------------------


def test_a_body_over_the_limit_gets_413(client: httpx.Client) -> None:
    big = client.post("/api/ask", json={"text": "a" * 5000})
    assert big.status_code == 413 and "4096" in big.json()["error"]
    huge = client.post("/api/ask", content=b'{"text": "' + b"a" * 300_000 + b'"}',
                       headers={"Content-Type": "application/json"})  # fmt: skip
    assert huge.status_code == 413

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(10):
            yield b"a" * 1000
        yield b'"}'

    chunked = client.post(
        "/api/ask", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert chunked.status_code == 413
    long_text = client.post("/api/ask", json={"text": "a" * 1500})  # a small body, a long text
    assert long_text.status_code == 413 and "1000" in long_text.json()["error"]
    assert ask(client, "prochaine fenêtre ?").status_code == 200  # the server is fine


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b'{"text": "oops"', "application/json", "valid JSON"),
        (b"[" * 4000, "application/json", "nested too deeply"),
        (b"[1, 2]", "application/json", "object"),
        (b"\xff\xfe", "application/json", "UTF-8"),
        (b'{"text": "hi"}', "text/plain", "application/json"),
        (b'{"text": 3}', "application/json", "text"),
        (b'{"text": "hi", "today": "20/04/2022"}', "application/json", "today"),
        (b'{"text": "hi", "role": "astronaut"}', "application/json", "role"),
        (b'{"text": "hi", "lang": "de"}', "application/json", "lang"),
    ],
)
def test_malformed_requests_get_400_with_a_clear_message(
    client: httpx.Client, body: bytes, content_type: str, expected: str
) -> None:
    response = client.post(
        "/api/ask", content=body, headers={"Content-Type": content_type, "Accept-Language": "en"}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert expected in error and "Traceback" not in response.text


def test_a_flooding_session_gets_429_and_others_are_still_answered(
    engine: Engine, db_path: Path
) -> None:
    with (
        serving(engine, db_path, web_session_rate=3, web_address_rate=50) as server,
        httpx.Client(base_url=server.url) as flood,
        httpx.Client(base_url=server.url) as calm,
    ):
        codes = [ask(flood, "prochaine fenêtre ?").status_code for _ in range(5)]
        assert codes == [200, 200, 200, 429, 429]
        refused = ask(flood, "prochaine fenêtre ?")
        assert "patienter" in refused.json()["error"]
        assert int(refused.headers["Retry-After"]) >= 1
        assert ask(calm, "prochaine fenêtre ?").status_code == 200


def test_the_429_speaks_the_users_language_and_other_addresses_are_still_answered(
    engine: Engine, db_path: Path
) -> None:
    """Behind a proxy (WEB_TRUST_PROXY), each client address has its own limit."""
    with (
        serving(
            engine, db_path, web_session_rate=2, web_address_rate=3, web_trust_proxy=True
        ) as server,
        httpx.Client(base_url=server.url, headers={"X-Forwarded-For": "10.0.0.1"}) as one,
        httpx.Client(base_url=server.url, headers={"X-Forwarded-For": "10.0.0.2"}) as other,
    ):
        # English chosen once in the page (the session keeps it), a French browser: the
        # session's limit says so in English.
        assert one.post("/api/session", json={"lang": "en"}).status_code == 200
        assert ask(one, "next window?").status_code == 200
        refused = ask(one, "next window?")
        assert refused.status_code == 429 and "please wait" in refused.json()["error"]
        # The address's limit, whatever the session: in the language the request asks for.
        fresh = httpx.post(
            server.url + "/api/ask",
            json={"text": "budget ?", "lang": "en"},
            headers={"X-Forwarded-For": "10.0.0.1", "Accept-Language": "fr-FR"},
        )
        assert fresh.status_code == 429 and "please wait" in fresh.json()["error"]
        assert int(fresh.headers["Retry-After"]) >= 1 and "Traceback" not in fresh.text
        # Everyone else is answered as usual.
        assert ask(other, "prochaine fenêtre ?").status_code == 200


def test_one_address_making_many_sessions_gets_429(engine: Engine, db_path: Path) -> None:
    with serving(engine, db_path, web_session_rate=100, web_address_rate=4) as server:
        codes = [
            httpx.post(server.url + "/api/ask", json={"text": "budget ?"}).status_code
            for _ in range(6)
        ]
    assert codes == [200, 200, 200, 200, 429, 429]


def test_a_failure_is_logged_and_the_browser_gets_one_polite_sentence(
    engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("engine exploded at line 42")

    with serving(engine, db_path) as server:
        monkeypatch.setattr(server.engine, "ask", broken)
        with caplog.at_level(logging.ERROR):
            response = httpx.post(server.url + "/api/ask", json={"text": "budget ?"})
    assert response.status_code == 500
    assert response.json() == {
        "error": "Désolé, une erreur est survenue de notre côté. Réessayez dans un instant."
    }
    assert "exploded" not in response.text and "Traceback" not in response.text
    assert any("exploded" in (r.exc_text or str(r.exc_info)) for r in caplog.records)
    assert all("segur_session" not in r.getMessage() for r in caplog.records)


# --- XSS, CSP, cookies, CORS ------------------------------------------------------------------------

ATTACKS = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "javascript:alert(1)",
    "</script><script>alert(1)</script>",
)


@pytest.mark.parametrize("attack", ATTACKS)
def test_xss_attempts_come_back_inert(client: httpx.Client, attack: str) -> None:
    response = ask(client, attack)
    assert response.status_code == 200
    # JSON, never sniffed as HTML; "</" is escaped, so no script element can close early.
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "</script" not in response.text
    for link in response.json()["sources"] + response.json()["links"]:
        assert link["url"].startswith("https://")
    # Nothing the user sends is reflected into a page.
    for path in (f"/?lang={attack}", f"/?embed={attack}", f"/{attack}"):
        page = client.get(path)
        assert attack not in page.text and "alert(1)" not in page.text


def test_the_page_is_self_contained_and_forbids_inline_script(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and '<html lang="fr">' in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "default-src 'none'" in policy and "frame-ancestors 'self' " + PARTNER in policy
    # No CDN, no third-party font or script: every src and href is on this server.
    assert "http://" not in page.text.replace('"https://', "") and "//" not in _attributes(
        page.text
    )
    for asset in ("/static/chat.js", "/static/chat.css"):
        assert client.get(asset).status_code == 200
    assert "<script>" not in page.text  # only src= scripts and the JSON data block
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"})
    assert '<html lang="en">' in english.text and "Your question" in english.text
    french = client.get("/", headers={"Accept-Language": "de-DE, fr;q=0.4, en;q=0.3"})
    assert '<html lang="fr">' in french.text


def _attributes(html: str) -> str:
    """The src= and href= values of a page."""
    import re

    return " ".join(re.findall(r'(?:src|href)="([^"]*)"', html))


def test_the_session_cookie_is_httponly_samesite_and_secure_behind_https(
    client: httpx.Client,
) -> None:
    plain = ask(client, "budget ?").headers["set-cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    with httpx.Client(base_url=str(client.base_url)) as fresh:
        proxied = fresh.post(
            "/api/ask", json={"text": "budget ?"}, headers={"X-Forwarded-Proto": "https"}
        ).headers["set-cookie"]
    assert "Secure" in proxied and "HttpOnly" in proxied


def test_cors_allows_the_listed_origins_only(client: httpx.Client) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    allowed = client.options("/api/ask", headers={"Origin": PARTNER, **preflight})
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == PARTNER
    assert "POST" in allowed.headers["access-control-allow-methods"]
    evil = client.options("/api/ask", headers={"Origin": "https://evil.example", **preflight})
    assert evil.status_code == 403 and "access-control-allow-origin" not in evil.headers

    answered = ask(client, "budget ?", **{})
    assert "access-control-allow-origin" not in answered.headers  # same origin: no CORS needed
    partner = client.post("/api/ask", json={"text": "budget ?"}, headers={"Origin": PARTNER})
    assert partner.status_code == 200 and partner.headers["access-control-allow-origin"] == PARTNER
    other = client.post(
        "/api/ask", json={"text": "budget ?"}, headers={"Origin": "https://evil.example"}
    )
    assert other.status_code == 403 and "access-control-allow-origin" not in other.headers
    assert "autorisé" in other.json()["error"]
    same = client.post(
        "/api/ask", json={"text": "budget ?"}, headers={"Origin": str(client.base_url)}
    )
    assert same.status_code == 200

    widget = client.get("/widget.js", headers={"Origin": PARTNER})
    assert widget.status_code == 200 and "javascript" in widget.headers["content-type"]
    assert widget.headers["access-control-allow-origin"] == PARTNER
    assert "innerHTML" not in widget.text
    foreign = client.get("/widget.js", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in foreign.headers


def test_unknown_paths_and_methods_say_so_without_details(client: httpx.Client) -> None:
    missing = client.get("/nothing-here")
    assert missing.status_code == 404 and missing.text == "Page introuvable."
    assert client.get("/api/ask").status_code == 405
    assert json.loads(client.get("/api/nothing").text) == {"error": "Page introuvable."}
