"""The console chat: the same engine and the same commands as Telegram (bot.commands), in a
terminal, with no token needed. After a fallback, typing a suggestion's number answers it."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from typing import TextIO

from bot.commands import (
    CHOSEN_ROLES,
    MAX_SUGGESTIONS,
    MESSAGES,
    deadlines,
    eligibility,
    engine_role,
    find_command,
    help_lines,
    language_named,
    next_window,
    role_label,
    role_named,
)
from bot.core.answer import Answer
from bot.core.conversation import Conversations
from bot.core.engine import Engine


def help_text(lang: str) -> str:
    return "\n".join([MESSAGES.t("console_head", lang), *help_lines("console", lang)])


def _role_choices(lang: str) -> str:
    choices = ", ".join(role_label(r, lang) for r in CHOSEN_ROLES)
    return (
        MESSAGES.t("role_prompt", lang) + "\n" + MESSAGES.t("console_role", lang, choices=choices)
    )


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
    suggestions: list[str] = []  # the topics the last fallback offered, answered by number

    def say(text: str) -> None:
        if as_json:
            stdout.write(json.dumps({"answer": text}, ensure_ascii=False) + "\n")
        else:
            stdout.write(text + "\n\n")
        stdout.flush()

    def say_answer(answer: Answer) -> None:
        if as_json:
            stdout.write(json.dumps(answer.to_json(), ensure_ascii=False) + "\n")
            stdout.flush()
            return
        lines = [answer.text]
        if suggestions:
            lines.append(MESSAGES.t("console_pick", ui_lang))
            titles = (engine.kb.topics[s].title.get(answer.lang) for s in suggestions)
            lines.extend(f"{n}. {title}" for n, title in enumerate(titles, 1))
        say("\n".join(lines))

    if not as_json:
        say("segur-bot — " + help_text(ui_lang))
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
        offered, suggestions = suggestions, []
        if text.isdigit() and 1 <= int(text) <= len(offered):
            say_answer(
                engine.answer_topic(
                    offered[int(text) - 1], today=today(), role=engine_role(role), lang=ui_lang
                )
            )
            continue
        if text.startswith("/"):
            name, _, arg = text[1:].partition(" ")
            command = find_command("console", name)
            arg = arg.strip()
            if command is None or command.name == "aide":
                say(help_text(ui_lang))
            elif command.name == "quitter":
                return 0
            elif command.name == "prochaine":
                say(next_window(engine, today=today(), role=engine_role(role), lang=ui_lang))
            elif command.name == "echeances":
                say(deadlines(engine, today=today(), role=engine_role(role), lang=ui_lang))
            elif command.name == "eligible":
                verdict = eligibility(
                    engine, today=today(), role=engine_role(role), lang=ui_lang, on=arg or None
                )
                say(verdict.text)
            elif command.name == "role":
                named = role_named(engine, arg)
                if named is None:
                    say(_role_choices(ui_lang))
                else:
                    role = named
                    say(MESSAGES.t("role_set", ui_lang, role=role_label(role, ui_lang)))
            elif command.name == "langue":
                chosen = language_named(arg)
                if chosen is None:
                    say(
                        MESSAGES.t("lang_prompt", ui_lang)
                        + "\n"
                        + MESSAGES.t("console_lang", ui_lang)
                    )
                else:
                    lang = ui_lang = chosen
                    say(MESSAGES.t("lang_set", ui_lang))
            continue
        answer = engine.ask(
            text,
            today=today(),
            role=engine_role(role),
            lang=lang,
            context=conversation.get("console"),
        )
        conversation.remember("console", answer.frame)
        if not lang:
            ui_lang = answer.lang
        if answer.fallback:
            known = [s for s in answer.suggestions if s in engine.kb.topics]
            suggestions = known[:MAX_SUGGESTIONS]
        say_answer(answer)
