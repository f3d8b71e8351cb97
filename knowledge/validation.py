"""YAML loading and one declared-schema validator, shared by the knowledge base and the calendar.

Support staff edit these files by hand, so every error names the file, the entry and the problem,
on one line, with what to do about it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
LANGS = ("fr", "en")


class DataError(ValueError):
    """A knowledge or calendar file that cannot be used as it is."""

    def __init__(self, file: str | Path, entry: str | None, problem: str) -> None:
        self.file = str(file)
        self.entry = entry
        self.problem = problem
        where = f"{self.file}: {entry}" if entry else self.file
        super().__init__(f"{where}: {problem}")


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class UniqueKeySafeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, refusing duplicate keys: plain YAML keeps the last one and loses the first."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        if key in seen:
            line = key_node.start_mark.line + 1
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (line {line}): keep only one",
                key_node.start_mark,
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


UniqueKeySafeLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,  # type: ignore[arg-type]
)
# Dates stay strings here: an impossible one (2022-02-30) must fail later with its entry named,
# not inside the YAML parser with only a line number.
UniqueKeySafeLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
)


def read_yaml(path: Path, label: str | None = None) -> Any:
    """Read one YAML file safely; any failure becomes a DataError naming the file."""
    name = label or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(name, None, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(
            name, None, f"cannot read the file ({exc.__class__.__name__}: {exc})"
        ) from None
    try:
        return yaml.load(text, Loader=UniqueKeySafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError(name, None, f"invalid YAML{at}: {problem}") from None


# --- the declared schema -------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One field of a record: its kind, whether it is required, and its constraints.

    kinds: str, id, int, bool, localized ({fr, en} strings), str_list, id_list, moment (a date, or
    a "YYYY-MM-DD HH:MM" string), record, record_list.
    """

    kind: str
    required: bool = True
    min_items: int = 0
    choices: tuple[str, ...] = ()
    fields: Mapping[str, Field] = field(default_factory=dict)
    hint: str = ""


@dataclass(frozen=True)
class Moment:
    """A calendar moment: a date, and the time of day when the source gives one (Europe/Paris).

    `exclusive` is a source's "avant le ... à 12h": a filing at that very time is too late.
    """

    day: dt.date
    time: dt.time | None = None
    exclusive: bool = False

    def iso(self) -> str:
        if self.time is None:
            return self.day.isoformat()
        return f"{self.day.isoformat()}T{self.time.strftime('%H:%M')}"

    def reference_text(self) -> str:
        """How the reference file writes this moment: '2022-06-15 14:00' or '2022-06-15'."""
        return self.day.isoformat() + (f" {self.time:%H:%M}" if self.time else "")


_MOMENT_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](before )?(\d{2}):(\d{2}))?$")
_MOMENT_HINT = "expected a date like 2022-06-15, '2022-06-15 14:00' or '2027-09-15 before 12:00'"


def parse_moment(value: Any) -> Moment:
    """Parse a YAML date or 'YYYY-MM-DD [before ]HH:MM' string; ValueError says what is wrong."""
    if isinstance(value, dt.datetime):
        return Moment(value.date(), value.time().replace(second=0, microsecond=0))
    if isinstance(value, dt.date):
        return Moment(value)
    if not isinstance(value, str):
        raise ValueError(f"{_MOMENT_HINT}, got {value!r}")
    m = _MOMENT_RE.match(value.strip())
    if not m:
        raise ValueError(f"{_MOMENT_HINT}, got {value!r}")
    year, month, day, before, hour, minute = m.groups()
    try:
        day_ = dt.date(int(year), int(month), int(day))
        time_ = dt.time(int(hour), int(minute)) if hour is not None else None
    except ValueError as exc:
        raise ValueError(f"impossible date {value!r} ({exc})") from None
    return Moment(day_, time_, exclusive=bool(before))


def _type_name(value: Any) -> str:
    names: dict[type, str] = {dict: "a mapping", list: "a list", str: "a string"}
    return names.get(type(value), type(value).__name__)


def check_record(
    value: Any, schema: Mapping[str, Field], file: str, entry: str, prefix: str = ""
) -> dict[str, Any]:
    """Validate one mapping against its schema; return it with moments parsed."""
    if not isinstance(value, dict):
        what = f"field '{prefix.rstrip('.')}'" if prefix else "the entry"
        raise DataError(file, entry, f"{what} must be a mapping, got {_type_name(value)}")
    unknown = sorted(str(k) for k in value if k not in schema)
    if unknown:
        allowed = ", ".join(schema)
        raise DataError(
            file,
            entry,
            f"unknown key '{prefix}{unknown[0]}' (allowed keys: {allowed}); check its spelling",
        )
    out: dict[str, Any] = {}
    for name, spec in schema.items():
        label = f"{prefix}{name}"
        if name not in value or value[name] is None:
            if spec.required:
                raise DataError(file, entry, f"missing required field '{label}'{spec.hint}")
            out[name] = None
            continue
        out[name] = _check_value(value[name], spec, file, entry, label)
    return out


def _check_value(value: Any, spec: Field, file: str, entry: str, label: str) -> Any:
    def fail(problem: str) -> DataError:
        return DataError(file, entry, f"field '{label}' {problem}{spec.hint}")

    kind = spec.kind
    if kind in ("str", "id"):
        if not isinstance(value, str) or not value.strip():
            raise fail(f"must be a non-empty string, got {_type_name(value)}")
        if kind == "id" and not ID_RE.match(value):
            raise fail(f"must be lower-case letters, digits, '_' or '-', got {value!r}")
        if spec.choices and value not in spec.choices:
            raise fail(f"must be one of {', '.join(spec.choices)}, got {value!r}")
        return value.strip()
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise fail(f"must be a whole number, got {_type_name(value)}")
        if spec.choices and str(value) not in spec.choices:
            raise fail(f"must be one of {', '.join(spec.choices)}, got {value!r}")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise fail(f"must be true or false, got {_type_name(value)}")
        return value
    if kind == "localized":
        record = {lang: Field("str") for lang in LANGS}
        return check_record(value, record, file, entry, prefix=f"{label}.")
    if kind in ("str_list", "id_list", "record_list"):
        if not isinstance(value, list):
            raise fail(f"must be a list, got {_type_name(value)}")
        if len(value) < spec.min_items:
            raise fail(f"has {len(value)} item(s), needs at least {spec.min_items}")
        if kind == "record_list":
            return [
                check_record(item, spec.fields, file, entry, prefix=f"{label}[{i}].")
                for i, item in enumerate(value)
            ]
        item_spec = Field("id" if kind == "id_list" else "str", choices=spec.choices)
        return [
            _check_value(v, item_spec, file, entry, f"{label}[{i}]") for i, v in enumerate(value)
        ]
    if kind == "record":
        return check_record(value, spec.fields, file, entry, prefix=f"{label}.")
    if kind == "moment":
        try:
            return parse_moment(value)
        except ValueError as exc:
            raise fail(str(exc)) from None
    raise AssertionError(f"unknown field kind {kind!r}")  # a programming error, not a data error


def entries(
    document: Any, key: str, file: str, *, min_items: int = 1
) -> list[tuple[str, dict[str, Any]]]:
    """The list under `key` of a data file, each item paired with a label for error messages."""
    if not isinstance(document, dict) or key not in document:
        raise DataError(file, None, f"the file must be a mapping with a '{key}:' list at the top")
    extra = sorted(str(k) for k in document if k != key)
    if extra:
        raise DataError(
            file, None, f"unknown top-level key '{extra[0]}' (only '{key}:' is allowed)"
        )
    items = document[key]
    if not isinstance(items, list) or len(items) < min_items:
        raise DataError(file, None, f"'{key}:' must be a list with at least {min_items} item(s)")
    labelled = []
    for i, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        label = (
            f"{key[:-1] if key.endswith('s') else key} '{ident}'"
            if isinstance(ident, str)
            else f"{key}[{i}]"
        )
        labelled.append((label, item))
    return labelled
