"""Shared fixtures: the real knowledge base, calendar and engine, loaded once per session."""

from __future__ import annotations

import pytest

from knowledge.loader import KnowledgeBase, load_knowledge
from rules.calendar import Calendar, load_calendar


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def calendar() -> Calendar:
    return load_calendar()


@pytest.fixture(scope="session")
def engine():
    from bot.core.engine import Engine

    return Engine.load()
