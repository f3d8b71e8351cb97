"""The programme calendar: typed items loaded from rules/calendar.yaml and validated on load."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from knowledge.model import Localized
from knowledge.normalize import fold
from knowledge.validation import DataError, Field, Moment, check_record, read_yaml

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_PATH = PACKAGE_DIR / "calendar.yaml"

ROLES = ("hospital", "vendor", "doctor", "pharmacy")
SOFTWARE = ("DPI", "PFI", "SGL", "RIS", "LGC", "LGO")
KINDS = ("window", "deadline", "opening")

POSTPONEMENT_SCHEMA: Mapping[str, Field] = {
    "previous_closes": Field("moment", required=False),
    "change": Field("localized"),
    "announced": Field("localized"),
    "source": Field("str"),
}

ITEM_SCHEMA: Mapping[str, Field] = {
    "id": Field("id"),
    "programme": Field("str", choices=("sun-es", "sons")),
    "kind": Field("str", choices=KINDS),
    "audience": Field("str_list", min_items=1, choices=ROLES),
    "couloirs": Field("str_list", required=False),
    "software": Field("str_list", required=False, choices=SOFTWARE),
    "wave": Field("int", required=False, choices=("1", "2")),
    "keywords": Field("str_list", min_items=1, hint=" (words that point a question at this item)"),
    "label": Field("localized"),
    "opens": Field("moment", required=False),
    "closes": Field("moment", required=False),
    "postponement": Field("record", required=False, fields=POSTPONEMENT_SCHEMA),
    "source": Field("str", hint=" (the public source, as named in segur-facts.md)"),
}

CALENDAR_SCHEMA: Mapping[str, Field] = {
    "official_channels": Field("localized"),
    "rule_topics": Field("record", fields={"sun-es": Field("id"), "sons": Field("id")}),
    "items": Field("record_list", min_items=1, fields=ITEM_SCHEMA),
}


@dataclass(frozen=True)
class Postponement:
    change: Localized
    announced: Localized
    source: str
    previous_closes: Moment | None = None


@dataclass(frozen=True)
class CalendarItem:
    id: str
    programme: str
    kind: str
    audience: frozenset[str]
    label: Localized
    source: str
    keywords: tuple[str, ...]
    couloirs: tuple[str, ...] = ()
    software: frozenset[str] = frozenset()
    wave: int | None = None
    opens: Moment | None = None
    closes: Moment | None = None
    postponement: Postponement | None = None

    @property
    def horizon(self) -> dt.date:
        """The last day this item matters: its close, else its opening."""
        moment = self.closes or self.opens
        assert moment is not None  # guaranteed by the loader
        return moment.day


@dataclass(frozen=True)
class Calendar:
    items: tuple[CalendarItem, ...]
    official_channels: Localized
    rule_topics: Mapping[str, str]
    file: str = ""

    def get(self, item_id: str) -> CalendarItem | None:
        return next((i for i in self.items if i.id == item_id), None)

    def ids(self) -> frozenset[str]:
        return frozenset(i.id for i in self.items)


def _label(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PACKAGE_DIR.parent))
    except ValueError:
        return str(path)


def load_calendar(path: Path | None = None) -> Calendar:
    """Load and validate the calendar; raises DataError naming the file and the item."""
    path = path or DEFAULT_PATH
    label = _label(path)
    raw = read_yaml(path, label)
    if not isinstance(raw, dict):
        raise DataError(
            label, None, "the file must be a mapping with 'official_channels:' and 'items:'"
        )
    # Validate items one by one so that an error names the item, not the whole list.
    items_raw = raw.get("items")
    top = check_record(
        {**raw, "items": []}, {**CALENDAR_SCHEMA, "items": Field("record_list")}, label, "calendar"
    )
    if not isinstance(items_raw, list) or not items_raw:
        raise DataError(label, "calendar", "'items:' must be a non-empty list of calendar items")
    items: list[CalendarItem] = []
    seen: set[str] = set()
    for i, raw_item in enumerate(items_raw):
        ident = raw_item.get("id") if isinstance(raw_item, dict) else None
        entry = f"item '{ident}'" if isinstance(ident, str) else f"items[{i}]"
        rec = check_record(raw_item, ITEM_SCHEMA, label, entry)
        if rec["id"] in seen:
            raise DataError(label, entry, "duplicate item id: give each item its own id")
        seen.add(rec["id"])
        items.append(_build_item(rec, label, entry))
    return Calendar(
        tuple(items), Localized(**top["official_channels"]), dict(top["rule_topics"]), label
    )


def _build_item(rec: dict, label: str, entry: str) -> CalendarItem:
    opens: Moment | None = rec["opens"]
    closes: Moment | None = rec["closes"]
    kind = rec["kind"]
    if kind == "window" and (opens is None or closes is None):
        raise DataError(label, entry, "a 'window' needs both 'opens' and 'closes'")
    if kind == "deadline" and closes is None:
        raise DataError(label, entry, "a 'deadline' needs 'closes'")
    if kind == "opening" and (opens is None or closes is not None):
        raise DataError(
            label, entry, "an 'opening' needs 'opens' and no 'closes' (use kind: window)"
        )
    if (
        opens
        and closes
        and (closes.day, closes.time or dt.time.max) < (opens.day, opens.time or dt.time.min)
    ):
        raise DataError(
            label,
            entry,
            f"closes ({closes.iso()}) is before opens ({opens.iso()}): swap or fix the dates",
        )
    postponement = None
    if rec["postponement"]:
        p = rec["postponement"]
        previous = p["previous_closes"]
        if previous and closes and previous.day >= closes.day:
            raise DataError(
                label,
                entry,
                "postponement.previous_closes must be before closes (a postponement moves a date later)",
            )
        postponement = Postponement(
            Localized(**p["change"]), Localized(**p["announced"]), p["source"], previous
        )
    return CalendarItem(
        id=rec["id"],
        programme=rec["programme"],
        kind=kind,
        audience=frozenset(rec["audience"]),
        label=Localized(**rec["label"]),
        source=rec["source"],
        keywords=tuple(fold(k) for k in rec["keywords"]),
        couloirs=tuple(rec["couloirs"] or ()),
        software=frozenset(rec["software"] or ()),
        wave=rec["wave"],
        opens=opens,
        closes=closes,
        postponement=postponement,
    )
