"""The web chat's handlers: one thin tornado handler per route.

Each API handler reads a small JSON body, checks the caller's origin and rate, calls the engine
(a plain synchronous call well under a millisecond) and writes JSON. What can go wrong is said
to the browser in one polite sentence with its status (400, 403, 413, 429, 500), never with a
traceback; the details go to the log, through the secret filter (bot.logs).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import tornado.web

from bot.core.answer import Answer
from bot.core.engine import Engine
from bot.settings import Settings
from bot.store import Store
from bot.store.files import StoreError
from bot.web import texts
from bot.web.answers import web_answer
from bot.web.sessions import SESSION_TTL_DAYS, RateLimit, Session, Sessions, chat_id_of
from bot.web.texts import ROLES, pick_lang, t

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
COOKIE = "segur_session"
MAX_BODY = 4096  # bytes: a question, its fields and some room; more is refused with 413
MAX_TEXT = 1000  # characters of a question
MAX_TOPIC = 62


class Refused(Exception):
    """A request the API refuses: its status, the message key and the message's values."""

    def __init__(self, status: int, key: str, **values: object) -> None:
        super().__init__(key)
        self.status, self.key, self.values = status, key, values


@dataclass
class Web:
    """What every handler shares: built once by bot.web.app.build_app."""

    settings: Settings
    engine: Engine
    store: Store
    sessions: Sessions
    clock: Callable[[], dt.datetime]
    per_session: RateLimit
    per_address: RateLimit


def csp(settings: Settings) -> str:
    """No inline script, nothing from another site; only the listed partners may frame the page."""
    ancestors = " ".join(["'self'", *settings.web_allowed_origins])
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; "
        f"frame-ancestors {ancestors}"
    )


class Base(tornado.web.RequestHandler):
    @property
    def web(self) -> Web:
        # From the application's settings: set_default_headers runs before initialize().
        web: Web = self.application.settings["web"]
        return web

    def set_default_headers(self) -> None:
        self.set_header("Content-Security-Policy", csp(self.web.settings))
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.clear_header("Server")

    def ui_lang(self, *candidates: str | None) -> str:
        return pick_lang(
            *candidates,
            self.get_query_argument("lang", None),
            accept_language=self.request.headers.get("Accept-Language"),
        )

    # --- origins ---------------------------------------------------------------------------------

    def origin_kind(self) -> str:
        """'none' (no Origin: a tool, a same-origin GET), 'same', 'allowed' or 'denied'."""
        origin = self.request.headers.get("Origin")
        if origin is None:
            return "none"
        if urlsplit(origin).netloc.lower() == self.request.host.lower():
            return "same"
        if origin.lower().rstrip("/") in self.web.settings.web_allowed_origins:
            return "allowed"
        return "denied"

    def allow_cors(self) -> None:
        """An allowed partner origin may read the response (and only that origin)."""
        self.set_header("Vary", "Origin")
        if self.origin_kind() == "allowed":
            self.set_header("Access-Control-Allow-Origin", self.request.headers["Origin"])

    # --- errors: never a traceback -----------------------------------------------------------------

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        lang = self.ui_lang()
        if status_code == 404:
            message = t("error_not_found", lang)
        elif status_code < 500:
            message = self._reason  # "Method Not Allowed", ...
        else:
            message = t("error_server", lang)
        if self.request.path.startswith("/api/"):
            self.finish({"error": message})
        else:
            self.set_header("Content-Type", "text/plain; charset=UTF-8")
            self.finish(message)

    def log_exception(
        self,
        typ: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Tornado's own logs the whole request, cookie included; the method and path are enough.
        if isinstance(value, tornado.web.HTTPError):
            logger.info("%s %s: %s", self.request.method, self.request.path, value)
            return
        logger.error("%s %s failed", self.request.method, self.request.path, exc_info=value)


class PageHandler(Base):
    """`/`: the chat page, in the session's or the browser's language (French by default)."""

    def get(self) -> None:
        session = self._known_session()
        lang = self.ui_lang(
            self.get_query_argument("lang", None), session.lang if session else None
        )
        self.set_header("Cache-Control", "no-cache, private")
        self.render(
            "index.html",
            lang=lang,
            tr=lambda key: t(key, lang),
            roles=ROLES,
            role=session.role if session else None,
            lang_chosen=bool(session and session.lang),
            embed=self.get_query_argument("embed", "") == "1",
            texts_json=_script_json(texts.page_texts()),
        )

    def _known_session(self) -> Session | None:
        """The cookie's session if the store knows it; a page view creates none."""
        session_id = self.get_cookie(COOKIE)
        if not session_id:
            return None
        row = self.web.store.get_web_session(session_id)
        return Session(row.id, row.role, row.lang, None, False) if row else None


class WidgetHandler(Base):
    """`/widget.js`: the snippet a partner page includes to open the chat in a corner panel."""

    def get(self) -> None:
        self.allow_cors()
        self.set_header("Content-Type", "application/javascript; charset=UTF-8")
        self.set_header("Cache-Control", "public, max-age=3600")
        labels = {
            lang: {key: t(key, lang) for key in ("widget_open", "widget_close", "title")}
            for lang in texts.LANGS
        }
        self.finish(self.render_string("widget.js", labels_json=_script_json(labels)))


@tornado.web.stream_request_body
class ApiHandler(Base):
    """The JSON API's common part: origin, size, JSON, rate limits, session cookie."""

    def prepare(self) -> None:
        self._chunks: list[bytes] = []
        self._size = 0
        length = self.request.headers.get("Content-Length", "0")
        self._too_large = not length.isdigit() or int(length) > MAX_BODY

    def data_received(self, chunk: bytes) -> None:
        # Past the limit the rest is read and dropped, so the client still gets its 413.
        self._size += len(chunk)
        if self._size > MAX_BODY:
            self._too_large = True
            self._chunks = []
        elif not self._too_large:
            self._chunks.append(chunk)

    def options(self) -> None:
        """The CORS preflight: only for the allowed origins."""
        if self.origin_kind() == "denied":
            self._refuse(Refused(403, "error_origin"))
            return
        self.allow_cors()
        self.set_header("Access-Control-Allow-Methods", "POST, OPTIONS")
        self.set_header("Access-Control-Allow-Headers", "Content-Type")
        self.set_header("Access-Control-Max-Age", "600")
        self.set_status(204)
        self.finish()

    async def post(self) -> None:
        lang = self.ui_lang()
        try:
            if self.origin_kind() == "denied":
                raise Refused(403, "error_origin")
            self.allow_cors()
            address = self.request.remote_ip or "?"
            if not self.web.per_address.allow(address):
                # Counted before anything else is read; the body only says the language.
                lang = self.ui_lang(self._body_lang())
                self.set_header("Retry-After", str(self.web.per_address.retry_after(address)))
                raise Refused(429, "error_rate")
            if self._too_large:
                raise Refused(413, "error_too_large", limit=MAX_BODY)
            data = self._json()
            lang = self.ui_lang(_choice(data, "lang", ("fr", "en")))
            given = data.get("session") if isinstance(data.get("session"), str) else None
            session = self.web.sessions.open(given or self.get_cookie(COOKIE))
            lang = self.ui_lang(_choice(data, "lang", ("fr", "en")), session.lang)
            if not self.web.per_session.allow(session.id):
                self.set_header("Retry-After", str(self.web.per_session.retry_after(session.id)))
                raise Refused(429, "error_rate")
            if session.new or self.get_cookie(COOKIE) != session.id:
                self._set_session_cookie(session.id)
            self.finish(self.handle(data, session))
        except Refused as refused:
            self._refuse(refused, lang)
        except StoreError:
            logger.exception("%s: the store failed", self.request.path)
            self._refuse(Refused(500, "error_server"), lang)

    def handle(self, data: dict[str, Any], session: Session) -> dict[str, Any]:
        raise NotImplementedError

    def _refuse(self, refused: Refused, lang: str | None = None) -> None:
        self.set_status(refused.status)
        self.finish({"error": t(refused.key, lang or self.ui_lang(), **refused.values)})

    def _body_lang(self) -> str | None:
        """The "lang" of a small JSON body, or None (never an error: only for a refusal)."""
        if self._too_large:
            return None
        try:
            data = json.loads(b"".join(self._chunks).decode("utf-8"))
        except (ValueError, RecursionError):
            return None
        lang = data.get("lang") if isinstance(data, dict) else None
        return lang if lang in texts.LANGS else None

    def _json(self) -> dict[str, Any]:
        content_type = self.request.headers.get("Content-Type", "")
        if content_type.split(";")[0].strip().lower() != "application/json":
            raise Refused(400, "error_json", detail="Content-Type: application/json expected")
        try:
            data = json.loads(b"".join(self._chunks).decode("utf-8"))
        except UnicodeDecodeError:
            raise Refused(400, "error_json", detail="not UTF-8") from None
        except ValueError as exc:
            raise Refused(400, "error_json", detail=str(exc)) from None
        except RecursionError:  # "[[[[..." within the size limit
            raise Refused(400, "error_json", detail="nested too deeply") from None
        if not isinstance(data, dict):
            raise Refused(400, "error_json", detail="an object {...} expected")
        return data

    def _set_session_cookie(self, session_id: str) -> None:
        secure = (
            self.request.protocol == "https"
            or self.request.headers.get("X-Forwarded-Proto", "").lower() == "https"
        )
        self.set_cookie(
            COOKIE,
            session_id,
            path="/",
            httponly=True,
            samesite="Lax",
            secure=secure,
            max_age=SESSION_TTL_DAYS * 24 * 3600,
        )

    def today(self, data: dict[str, Any]) -> dt.date:
        raw = data.get("today")
        if raw is None:
            return self.web.clock().date()
        if not isinstance(raw, str):
            raise Refused(400, "error_field", field="today", detail="YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise Refused(400, "error_field", field="today", detail="YYYY-MM-DD") from None

    def record(self, answer: Answer, text: str, session: Session) -> None:
        """The support statistics, as for Telegram; a storage fault costs no answer."""
        try:
            self.web.store.record_question(
                self.web.clock(),
                topic=answer.topic,
                fallback=answer.fallback,
                lang=answer.lang,
                text=text,
                role=answer.role,
                best_guess=answer.best_guess,
                score=answer.confidence,
                chat_id=chat_id_of(session.id),
            )
        except StoreError as exc:
            logger.warning("question not recorded: %s", exc)


class AskHandler(ApiHandler):
    """`/api/ask`: {text | topic, today?, role?, lang?, session?} -> the answer's fields."""

    def handle(self, data: dict[str, Any], session: Session) -> dict[str, Any]:
        text = data.get("text")
        topic = data.get("topic")
        if topic is not None and (not isinstance(topic, str) or len(topic) > MAX_TOPIC):
            raise Refused(400, "error_field", field="topic", detail="a topic id")
        if topic is None and not isinstance(text, str):
            raise Refused(400, "error_field", field="text", detail="a string")
        if isinstance(text, str) and len(text) > MAX_TEXT:
            raise Refused(413, "error_too_long", limit=MAX_TEXT)
        today = self.today(data)
        role = _choice(data, "role", ROLES)
        lang = _choice(data, "lang", ("fr", "en"))
        if (role and role != session.role) or (lang and lang != session.lang):
            self.web.sessions.choose(session, role=role, lang=lang)
        role = role or session.role
        lang = lang or session.lang
        engine_role = None if role in (None, "other") else role
        engine = self.web.engine
        if topic is not None:
            answer = engine.answer_topic(
                topic, today=today, role=engine_role, lang=lang or self.ui_lang()
            )
            asked = topic
        else:
            assert isinstance(text, str)
            # The browser's language only breaks a tie: "segur ?" from an English browser.
            answer = engine.ask(
                text,
                today=today,
                role=engine_role,
                lang=lang,
                context=session.frame,
                prefer_lang=self.ui_lang(),
            )
            asked = text
        # The frame a follow-up inherits: the answer's, or the previous one kept (small talk).
        self.web.sessions.answered(session, answer.frame or session.frame)
        if topic is None:
            self.record(answer, asked, session)
        return web_answer(engine, answer, session.id)


class SessionHandler(ApiHandler):
    """`/api/session`: {role?, lang?, session?} -> the session's choices, and what to say."""

    def handle(self, data: dict[str, Any], session: Session) -> dict[str, Any]:
        role = _choice(data, "role", ROLES)
        lang = _choice(data, "lang", ("fr", "en"))
        self.web.sessions.choose(session, role=role, lang=lang)
        ui = lang or session.lang or self.ui_lang()
        said = []
        if role is not None:
            said.append(t("role_set", ui, role=t(f"role_{role}", ui)))
        if lang is not None:
            said.append(t("lang_set", ui))
        return {
            "session": session.id,
            "role": role or session.role,
            "lang": lang or session.lang,
            "message": " ".join(said),
        }


class FeedbackHandler(ApiHandler):
    """`/api/feedback`: {vote: "up" | "down", topic?, question?, lang?, session?}."""

    def handle(self, data: dict[str, Any], session: Session) -> dict[str, Any]:
        vote = {"up": 1, "down": -1}.get(str(data.get("vote")))
        if vote is None:
            raise Refused(400, "error_field", field="vote", detail='"up" or "down"')
        topic = data.get("topic")
        question = data.get("question")
        lang = _choice(data, "lang", ("fr", "en")) or session.lang or self.ui_lang()
        self.web.store.record_feedback(
            self.web.clock(),
            session.id,
            topic=topic[:MAX_TOPIC] if isinstance(topic, str) else None,
            lang=lang,
            vote=vote,
            question=question if isinstance(question, str) else "",
        )
        return {"session": session.id, "ok": True, "message": t("feedback_thanks", lang)}


class NotFound(Base):
    def prepare(self) -> None:
        raise tornado.web.HTTPError(404)


def _choice(data: dict[str, Any], field: str, allowed: tuple[str, ...]) -> str | None:
    value = data.get(field)
    if value is None or value == "":
        return None
    if value not in allowed:
        raise Refused(400, "error_field", field=field, detail=" | ".join(allowed))
    return str(value)


def _script_json(value: object) -> str:
    """JSON safe inside a <script type="application/json"> element (no "</script>" way out)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
