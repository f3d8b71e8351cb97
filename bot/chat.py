"""The console chat: the same engine as Telegram, in a terminal, with no token needed."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from typing import TextIO

from bot.core.conversation import Conversations
from bot.core.engine import Engine

ROLE_WORDS = {
    "vendor": "vendor", "editeur": "vendor", "éditeur": "vendor", "industriel": "vendor",
    "hospital": "hospital", "hopital": "hospital", "hôpital": "hospital", "etablissement": "hospital",
    "établissement": "hospital", "es": "hospital", "doctor": "doctor", "medecin": "doctor",
    "médecin": "doctor", "pharmacy": "pharmacy", "officine": "pharmacy", "autre": "", "other": "",
}  # fmt: skip

ROLE_LABELS = {
    "fr": {
        "vendor": "éditeur / industriel",
        "hospital": "établissement de santé",
        "doctor": "médecin",
        "pharmacy": "officine",
    },
    "en": {
        "vendor": "software vendor",
        "hospital": "health establishment",
        "doctor": "doctor",
        "pharmacy": "pharmacy",
    },
}
HELP = {
    "fr": "Posez votre question. Commandes : /role editeur|etablissement|medecin|officine, "
    "/langue fr|en, /aide, /quitter.",
    "en": "Ask your question. Commands: /role vendor|hospital|doctor|pharmacy, /langue fr|en, /help, /quit.",
}


def run_chat(
    engine: Engine,
    today: Callable[[], dt.date],
    *,
    role: str | None = None,
    lang: str | None = None,
    as_json: bool = False,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> int:
    """Read messages line by line until EOF or /quit; answer each one in the conversation.

    With `as_json` (for scripts: one message per line in, one JSON object per message out, with
    the `ask --json` fields), no banner and no prompt are printed.
    """
    interactive = stdin.isatty() and not as_json
    ui_lang = lang or "fr"
    conversation = Conversations(time.monotonic, limit=1)

    def say(text: str) -> None:
        if as_json:
            stdout.write(json.dumps({"answer": text}, ensure_ascii=False) + "\n")
        else:
            stdout.write(text + "\n\n")
        stdout.flush()

    if not as_json:
        say("segur-bot — " + HELP[ui_lang])
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            return 0
        text = line.strip()
        if not text:
            continue
        command, _, arg = text.partition(" ")
        command = command.lower()
        if command in ("/quit", "/quitter", "/exit"):
            return 0
        if command in ("/help", "/aide", "/start"):
            say(HELP[ui_lang])
            continue
        if command == "/role":
            key = arg.strip().lower()
            if key not in ROLE_WORDS:
                say(HELP[ui_lang])
                continue
            role = ROLE_WORDS[key] or None
            label = ROLE_LABELS[ui_lang].get(role or "", "-")
            say(("Rôle : " if ui_lang == "fr" else "Role: ") + label)
            continue
        if command in ("/langue", "/lang", "/language"):
            if arg.strip().lower() in ("fr", "en"):
                lang = ui_lang = arg.strip().lower()
                say("OK")
            else:
                say(HELP[ui_lang])
            continue
        answer = engine.ask(
            text, today=today(), role=role, lang=lang, context=conversation.get("console")
        )
        conversation.remember("console", answer.frame)
        if not lang:
            ui_lang = answer.lang
        if as_json:
            stdout.write(json.dumps(answer.to_json(), ensure_ascii=False) + "\n")
            stdout.flush()
        else:
            say(answer.text)
