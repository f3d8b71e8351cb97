"""`segur-bot kb check | export`: validate the knowledge base and the calendar (and their quotes
against the source documents), or print every topic's question variants."""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli import messages
from bot.data import check_data_dir, data_paths, load_engine
from bot.errors import CliError
from bot.settings import Settings
from knowledge.loader import load_knowledge
from knowledge.sources import check_quotes, find_shared_dir
from rules.sources import check_dates


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if args.kb_command == "export":
        check_data_dir(settings)
        kb = load_knowledge(data_paths(settings)[0])
        print(
            json.dumps(
                {t.id: list(t.variants) for t in kb.topics.values()}, ensure_ascii=False, indent=2
            )
        )
        return 0
    explicit = args.shared or settings.shared_dir
    if explicit is not None and not explicit.is_dir():
        # Asked to check the quotes against a folder that is not there: not "nothing to check".
        raise CliError(messages.say("no_shared_dir", path=explicit))
    if explicit is not None and not (explicit / "source").is_dir():
        raise CliError(messages.say("shared_without_sources", path=explicit))
    engine = load_engine(settings)  # loads and cross-checks the knowledge base and the calendar
    shared = find_shared_dir(explicit)
    if settings.data_dir is not None:
        print(f"data: {settings.data_dir} (SEGUR_DATA_DIR)")
    print(
        f"ok: {len(engine.kb.topics)} topics, "
        f"{sum(len(t.variants) for t in engine.kb.topics.values())} question variants"
        f" (and {sum(len(t.phrasings) for t in engine.kb.topics.values())} phrasings), "
        f"{len(engine.calendar.items)} calendar items"
    )
    if shared is None:
        print("quotes: not checked (no shared/ folder with the source documents; use --shared DIR)")
        return 0
    problems = [*map(str, check_quotes(engine.kb, shared)), *check_dates(engine.calendar, shared)]
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 1
    n_quotes = sum(1 for t in engine.kb.topics.values() for s in t.all_sources() if s.quote)
    print(
        f"sources: {len(engine.kb.documents)} public pages, each in {shared / 'source'}; "
        f"all {n_quotes} quotes found verbatim in their excerpts"
    )
    print(f"calendar: every date and time found in {shared / 'reference' / 'segur-facts.md'}")
    return 0
