"""A time said in another zone ("il est 15h30 à La Réunion"), read as Paris time.

Every deadline of the programme is given in Paris time; a vendor in Nouméa or a hospital in
Pointe-à-Pitre says its own hour. The lexicon's `time_zones:` names the places; naming Paris keeps
the time as said. A place written there with a capital is matched with its capital only ("La
Réunion" is the island, "après la réunion" a meeting).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.core.dates import FoundDate
from knowledge.normalize import fold, fold_keep_case
from knowledge.phrases import phrase_pattern

PARIS_ZONE = "Europe/Paris"
PARIS = ZoneInfo(PARIS_ZONE)


@dataclass(frozen=True)
class LocalTime:
    """The place whose hour the question gives, and the first time said there."""

    zone: str
    place: str  # as the user typed it
    said: dt.time  # the time as said, in the place's hour
    paris: dt.time  # the same moment in Paris


class Zones:
    def __init__(self, zones: Mapping[str, tuple[str, ...]]) -> None:
        zone_of: dict[str, str] = {}
        cased_zone_of: dict[str, str] = {}
        for zone, words in zones.items():
            for word in words:
                cased = word != word.lower()
                phrase = fold_keep_case(word) if cased else fold(word)
                if phrase:
                    (cased_zone_of if cased else zone_of).setdefault(phrase, zone)
        self._zone_of = {**cased_zone_of, **zone_of}
        self._pattern = _pattern(zone_of)
        self._cased_pattern = _pattern(cased_zone_of)

    def zone_in(self, folded: str, text: str = "") -> tuple[str, str] | None:
        """The zone of the first place named, with its words; None when none is named or Paris
        is ("à 13h heure de Paris, depuis La Réunion": Paris's hour)."""
        found = []
        if self._pattern is not None:
            found += [(m.start(), m.group(0)) for m in self._pattern.finditer(folded)]
        if self._cased_pattern is not None and text:
            # The two foldings drop the same characters, so their offsets tell which comes first.
            found += [
                (m.start(), m.group(0)) for m in self._cased_pattern.finditer(fold_keep_case(text))
            ]
        zones = [(self._zone_of[words], fold(words)) for _, words in sorted(found)]
        if not zones or any(zone == PARIS_ZONE for zone, _ in zones):
            return None
        return zones[0]

    def to_paris(
        self, text: str, folded: str, dates: tuple[FoundDate, ...]
    ) -> tuple[tuple[FoundDate, ...], LocalTime | None]:
        """The dates with their times moved to Paris's hour, when a place is named."""
        if not any(d.time is not None for d in dates):
            return dates, None
        named = self.zone_in(folded, text)
        if named is None:
            return dates, None
        zone, words = named
        moved = tuple(_moved(d, ZoneInfo(zone)) for d in dates)
        first = next(i for i, d in enumerate(dates) if d.time is not None)
        said, paris = dates[first].time, moved[first].time
        assert said is not None and paris is not None
        return moved, LocalTime(zone, _as_typed(text, words), said, paris)


def _pattern(phrases: Mapping[str, str]) -> re.Pattern[str] | None:
    return re.compile(r"\b(?:" + phrase_pattern(phrases) + r")\b") if phrases else None


def _moved(found: FoundDate, zone: ZoneInfo) -> FoundDate:
    if found.time is None:
        return found
    paris = dt.datetime.combine(found.day, found.time, tzinfo=zone).astimezone(PARIS)
    earliest = None
    if found.earliest is not None:
        start = dt.datetime.combine(found.day, found.earliest, tzinfo=zone).astimezone(PARIS)
        if start.date() == paris.date():
            earliest = start.time().replace(tzinfo=None)
    # The part of the day ("ce soir") was the place's; in Paris it is only a span of hours.
    return dataclasses.replace(
        found,
        day=paris.date(),
        time=paris.time().replace(tzinfo=None),
        earliest=earliest,
        period=None,
    )


def _as_typed(text: str, words: str) -> str:
    """The place as the user wrote it (with its accents and capitals), else its folded words."""
    loose = r"[\W_]+".join(
        "".join(f"[{c}{c.upper()}\u00c0-\u017f]" if c.isalpha() else re.escape(c) for c in part)
        for part in words.split()
    )
    m = re.search(loose, text)
    return m.group(0) if m else words
