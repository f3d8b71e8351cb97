"""The programme calendar: typed items loaded from rules/calendar.yaml and validated on load."""

from __future__ import annotations

import dataclasses
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
SOFTWARE = ("DPI", "PFI", "SGL", "RIS", "DRIMbox", "LGC", "LGO")
KINDS = ("window", "deadline", "opening")
MILESTONES = (
    "candidature", "referencement", "complements", "commande", "avance", "enrolement",
    "installation", "solde", "cibles",
)  # fmt: skip
SOURCES_HINT = " (ids of knowledge/documents.yaml)"

REVISION_SCHEMA: Mapping[str, Field] = {
    "previous": Field(
        "moment", required=False, hint=" (the earlier date; omit it when no source gives it)"
    ),
    "previous_sources": Field("id_list", required=False, hint=SOURCES_HINT),
    "change": Field("localized", hint=" (what moved, and when it was announced)"),
    "announced": Field(
        "moment",
        required=False,
        hint=" (the day a source made the new date public: before it, 'previous' was in force)",
    ),
    "sources": Field("id_list", min_items=1, hint=SOURCES_HINT),
}

ITEM_SCHEMA: Mapping[str, Field] = {
    "id": Field("id"),
    "programme": Field("str", choices=("sun-es", "sons")),
    "kind": Field("str", choices=KINDS),
    "audience": Field("str_list", min_items=1, choices=ROLES),
    "couloirs": Field("str_list", required=False),
    "software": Field("str_list", required=False, choices=SOFTWARE),
    "wave": Field("int", required=False, choices=("1", "2")),
    "milestones": Field("str_list", min_items=1, choices=MILESTONES),
    "keywords": Field("str_list", min_items=1, hint=" (words that point a question at this item)"),
    "label": Field("localized"),
    "opens": Field("moment", required=False),
    "closes": Field("moment", required=False),
    "confirmed": Field("bool", required=False),
    "latest": Field("moment", required=False),
    "latest_sources": Field("id_list", required=False, hint=SOURCES_HINT),
    "disputed": Field(
        "moment",
        required=False,
        hint=" (an earlier date another source gives for the same step, when sources disagree)",
    ),
    "disputed_sources": Field("id_list", required=False, hint=SOURCES_HINT),
    "note": Field("localized", required=False),
    "sources": Field("id_list", min_items=1, hint=SOURCES_HINT),
    "revisions": Field("record_list", required=False, fields=REVISION_SCHEMA),
}

UNDATED_SCHEMA: Mapping[str, Field] = {
    "software": Field("str_list", min_items=1, choices=SOFTWARE),
    "wave": Field("int", choices=("1", "2")),
    "steps": Field("localized", hint=" (the steps the sources name without a date)"),
    "sources": Field("id_list", min_items=1, hint=SOURCES_HINT),
}

PREREQUISITE_SCHEMA: Mapping[str, Field] = {
    "programme": Field("str", choices=("sun-es", "sons")),
    "missed": Field("str_list", min_items=1, choices=MILESTONES, hint=" (the step missed)"),
    "blocks": Field(
        "str_list", min_items=1, choices=MILESTONES, hint=" (the later steps it rules out)"
    ),
    "says": Field("localized", hint=" (the rule, as the sources state it)"),
    "sources": Field("id_list", min_items=1, hint=SOURCES_HINT),
}

CALENDAR_SCHEMA: Mapping[str, Field] = {
    "rule_topics": Field("record", fields={"sun-es": Field("id"), "sons": Field("id")}),
    "role_software": Field(
        "record", fields={r: Field("str_list", choices=SOFTWARE) for r in ROLES}
    ),
    "undated": Field("record_list", required=False, fields=UNDATED_SCHEMA),
    "prerequisites": Field("record_list", required=False, fields=PREREQUISITE_SCHEMA),
    "items": Field("record_list", min_items=1, fields=ITEM_SCHEMA),
}


@dataclass(frozen=True)
class Revision:
    """One move of a date: the earlier date (when a source gives it), what changed, the sources."""

    change: Localized
    sources: tuple[str, ...]
    previous: Moment | None = None
    previous_sources: tuple[str, ...] = ()
    # The day the new date was made public: a question asked before it is answered with `previous`.
    announced: dt.date | None = None


@dataclass(frozen=True)
class CalendarItem:
    id: str
    programme: str
    kind: str
    audience: frozenset[str]
    label: Localized
    sources: tuple[str, ...]
    keywords: tuple[str, ...]
    milestones: frozenset[str] = frozenset()
    couloirs: tuple[str, ...] = ()
    software: frozenset[str] = frozenset()
    wave: int | None = None
    opens: Moment | None = None
    closes: Moment | None = None
    # False when the date in force is only reported; `latest` is when the step certainly ended.
    confirmed: bool = True
    latest: Moment | None = None
    latest_sources: tuple[str, ...] = ()
    # Sources that disagree: the earlier date one of them gives (`closes` is the later one's).
    disputed: Moment | None = None
    disputed_sources: tuple[str, ...] = ()
    note: Localized | None = None
    revisions: tuple[Revision, ...] = ()

    @property
    def first_known(self) -> Moment | None:
        """The earliest date a source gives for an unconfirmed step: up to it, every source
        says it is still in time."""
        if self.disputed is not None:
            return self.disputed
        return next((r.previous for r in self.revisions if r.previous), None)

    @property
    def horizon(self) -> dt.date:
        """The last day this item matters: its close, else its opening."""
        moment = self.closes or self.opens
        assert moment is not None  # guaranteed by the loader
        return moment.day

    def moments(self) -> list[tuple[str, Moment]]:
        """Every dated moment of the item, named, for the checks against the reference."""
        named = [("opens", self.opens), ("closes", self.closes), ("latest", self.latest)]
        named += [("disputed", self.disputed)]
        named += [(f"revisions[{i}].previous", r.previous) for i, r in enumerate(self.revisions)]
        return [(name, m) for name, m in named if m is not None]

    def as_of(self, day: dt.date) -> CalendarItem:
        """The item as it was known on `day`: a move not yet announced is not in force."""
        pending = next(
            (k for k, r in enumerate(self.revisions) if r.announced and r.announced > day), None
        )
        if pending is None:
            return self
        revision = self.revisions[pending]
        return dataclasses.replace(
            self,
            closes=revision.previous,
            sources=revision.previous_sources or self.sources,
            revisions=self.revisions[:pending],
        )

    def all_sources(self) -> tuple[str, ...]:
        ids = [*self.sources, *self.latest_sources, *self.disputed_sources]
        for r in self.revisions:
            ids += [*r.previous_sources, *r.sources]
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class Undated:
    """Steps that follow for some software, which the sources name but give no date for."""

    software: frozenset[str]
    wave: int
    steps: Localized
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Prerequisite:
    """A step without which later ones are not funded ("on n'a pas déposé le référencement,
    l'avance c'est encore possible ?"): missing it rules them out, whatever their dates."""

    programme: str
    missed: frozenset[str]
    blocks: frozenset[str]
    says: Localized
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Calendar:
    items: tuple[CalendarItem, ...]
    rule_topics: Mapping[str, str]
    role_software: Mapping[str, frozenset[str]]
    file: str = ""
    undated: tuple[Undated, ...] = ()
    prerequisites: tuple[Prerequisite, ...] = ()

    def undated_for(self, software: frozenset[str]) -> tuple[Undated, ...]:
        return tuple(u for u in self.undated if u.software & software)

    def get(self, item_id: str) -> CalendarItem | None:
        return next((i for i in self.items if i.id == item_id), None)

    def ids(self) -> frozenset[str]:
        return frozenset(i.id for i in self.items)

    def as_of(self, day: dt.date) -> Calendar:
        """The calendar as it was known on `day` (see CalendarItem.as_of); itself when no move
        was still to be announced, which is every day since the last announcement."""
        items = tuple(i.as_of(day) for i in self.items)
        if all(a is b for a, b in zip(items, self.items, strict=True)):
            return self
        return dataclasses.replace(self, items=items)

    def announcements(self) -> tuple[dt.date, ...]:
        """Every day a move of a date was announced, in order."""
        return tuple(sorted({r.announced for i in self.items for r in i.revisions if r.announced}))


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
        raise DataError(label, None, "the file must be a mapping with 'rule_topics:' and 'items:'")
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
    role_software = {r: frozenset(s) for r, s in top["role_software"].items()}
    undated = tuple(
        Undated(frozenset(u["software"]), u["wave"], Localized(**u["steps"]), tuple(u["sources"]))
        for u in top["undated"] or ()
    )
    prerequisites = tuple(
        Prerequisite(
            p["programme"],
            frozenset(p["missed"]),
            frozenset(p["blocks"]),
            Localized(**p["says"]),
            tuple(p["sources"]),
        )
        for p in top["prerequisites"] or ()
    )
    return Calendar(
        tuple(items), dict(top["rule_topics"]), role_software, label, undated, prerequisites
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
    revisions = tuple(_build_revision(r) for r in rec["revisions"] or ())
    if closes is not None:
        for i, revision in enumerate(revisions):
            if revision.announced and revision.previous is None:
                raise DataError(
                    label,
                    entry,
                    f"revisions[{i}].announced needs 'previous': the date in force before the"
                    " announcement",
                )
            if revision.previous and revision.previous.day >= closes.day:
                raise DataError(
                    label,
                    entry,
                    f"revisions[{i}].previous must be before closes (a revision moves a date later;"
                    " the item's closes is the date in force)",
                )
    confirmed = rec["confirmed"] is not False
    latest: Moment | None = rec["latest"]
    if not confirmed and (latest is None or not rec["latest_sources"]):
        raise DataError(
            label,
            entry,
            "an unconfirmed date ('confirmed: false') needs 'latest' and 'latest_sources'"
            " (the moment by which the step certainly ended, and its sources)",
        )
    disputed: Moment | None = rec["disputed"]
    if disputed is not None and (
        confirmed or not rec["disputed_sources"] or closes is None or disputed.day >= closes.day
    ):
        raise DataError(
            label,
            entry,
            "a 'disputed' date needs 'disputed_sources', 'confirmed: false' and a 'closes' after it"
            " (closes is the later date a source gives)",
        )
    return CalendarItem(
        id=rec["id"],
        programme=rec["programme"],
        kind=kind,
        audience=frozenset(rec["audience"]),
        label=Localized(**rec["label"]),
        sources=tuple(rec["sources"]),
        keywords=tuple(fold(k) for k in rec["keywords"]),
        milestones=frozenset(rec["milestones"]),
        couloirs=tuple(rec["couloirs"] or ()),
        software=frozenset(rec["software"] or ()),
        wave=rec["wave"],
        opens=opens,
        closes=closes,
        confirmed=confirmed,
        latest=latest,
        latest_sources=tuple(rec["latest_sources"] or ()),
        disputed=disputed,
        disputed_sources=tuple(rec["disputed_sources"] or ()),
        note=Localized(**rec["note"]) if rec["note"] else None,
        revisions=revisions,
    )


def _build_revision(rec: dict) -> Revision:
    return Revision(
        change=Localized(**rec["change"]),
        sources=tuple(rec["sources"]),
        previous=rec["previous"],
        previous_sources=tuple(rec["previous_sources"] or ()),
        announced=rec["announced"].day if rec["announced"] else None,
    )
