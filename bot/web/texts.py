"""The web page's wording: its sentences live in bot/web/messages.yaml (fr and en, the same
{placeholders}, checked when loaded); the answers themselves come from bot.core, as on Telegram
and in the console. Here: the page's languages and roles, and the language a request gets.
"""

from __future__ import annotations

from bot.core.messages import load_messages

LANGS = ("fr", "en")

# The roles the page offers, in its select, and how each one is shown. "other" reaches the engine
# as "no role", so the engine keeps looking for a clue in each question (as on Telegram).
ROLES = ("vendor", "hospital", "doctor", "pharmacy", "other")

MESSAGES = load_messages("bot.web")
TEXT = MESSAGES.texts


def t(key: str, lang: str, **values: object) -> str:
    return MESSAGES.t(key, lang, **values)


def page_texts() -> dict[str, dict[str, str]]:
    """{lang: {key: sentence}}: what the page's script needs to relabel itself."""
    return {lang: {key: forms[lang] for key, forms in TEXT.items()} for lang in LANGS}


def pick_lang(*candidates: str | None, accept_language: str | None = None) -> str:
    """The first of the candidates that is fr or en, else the browser's preferred of the two
    (Accept-Language, by weight), else French."""
    for candidate in candidates:
        if candidate in LANGS:
            return candidate
    best, best_q = "fr", 0.0
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        base = tag.strip().lower().split("-")[0]
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        quality -= position * 1e-3  # equal weights: the first listed wins
        if base in LANGS and quality > best_q:
            best, best_q = base, quality
    return best
