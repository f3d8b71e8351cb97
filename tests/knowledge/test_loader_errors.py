"""Broken knowledge files: each gives one line naming the file, the entry and what to fix."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from knowledge.loader import PACKAGE_DIR, load_knowledge
from knowledge.validation import DataError

Mutation = Callable[[dict], None]


def _first(doc: dict) -> dict:
    return doc["topics"][0]


def _set(key: str, value) -> Mutation:
    return lambda doc: _first(doc).__setitem__(key, value)


def _drop(key: str) -> Mutation:
    return lambda doc: _first(doc).pop(key)


def _dup_id(doc: dict) -> None:
    doc["topics"][1]["id"] = doc["topics"][0]["id"]


def _dup_variant(doc: dict) -> None:
    doc["topics"][1]["variants"].append(doc["topics"][0]["variants"][0].upper())


def _later(**change: object) -> Mutation:
    """A topic's `later:` with one fact, a field of it changed."""
    fact = {
        "known_from": "2025-04-02",
        "says": {"fr": "x", "en": "y"},
        "source": {"document": "ans-cosui-12"},
    }
    return _set("later", [{**fact, **change}])


def _dup_term(doc: dict) -> None:
    doc["topics"][0]["defines"] = ["sunes"]
    doc["topics"][1]["defines"] = ["SUNES"]


CASES: list[tuple[str, Mutation, str]] = [
    ("a term defined twice", _dup_term, "defines: 'sunes' is already defined by topic"),
    ("defines not a list", _set("defines", "sunes"), "field 'defines' must be a list"),
    ("missing answer", _drop("answer"), "missing required field 'answer'"),
    (
        "missing english",
        lambda d: _first(d)["answer"].pop("en"),
        "missing required field 'answer.en'",
    ),
    ("answer wrong type", _set("answer", "just text"), "field 'answer' must be a mapping"),
    ("variants wrong type", _set("variants", "one string"), "field 'variants' must be a list"),
    (
        "too few variants",
        lambda d: _first(d).__setitem__("variants", _first(d)["variants"][:3]),
        "needs at least 10",
    ),
    ("unknown key", _set("answr", {"fr": "x", "en": "y"}), "unknown key 'answr'"),
    ("duplicate id", _dup_id, "duplicate topic id"),
    ("duplicate variant", _dup_variant, "duplicate variant"),
    (
        "phrasing that repeats a variant",
        lambda d: _first(d).__setitem__("phrasings", [_first(d)["variants"][0]]),
        "duplicate variant",
    ),
    ("phrasings not a list", _set("phrasings", "one"), "field 'phrasings' must be a list"),
    ("bad id", _set("id", "Bad Id!"), "field 'id' must be lower-case"),
    (
        "unknown related",
        _set("related", ["no_such_topic"]),
        "related topic 'no_such_topic' does not exist",
    ),
    (
        "unknown document",
        lambda d: _first(d)["sources"][0].__setitem__("document", "nope"),
        "unknown source document 'nope'",
    ),
    ("empty sources", _set("sources", []), "field 'sources' has 0 item(s), needs at least 1"),
    ("bad action", _set("action", "dance"), "field 'action' must be one of"),
    (
        "applicant source not cited",
        _set(
            "applicants",
            {
                "subject": ["sunes"],
                "groups": [
                    {
                        "words": ["ehpad"],
                        "eligible": False,
                        "says": {"fr": "non", "en": "no"},
                        "sources": ["ars-bfc-sunes"],
                    }
                ],
            },
        ),
        "applicants: source 'ars-bfc-sunes' is not among the topic's sources",
    ),
    (
        "applicant without words",
        _set(
            "applicants",
            {"subject": ["sunes"], "groups": [{"words": [], "eligible": True, "says": {}}]},
        ),
        "field 'applicants.groups[0].words' has 0 item(s), needs at least 1",
    ),
    ("later fact with a bad day", _later(known_from="avril 2025"), "field 'later[0].known_from'"),
    (
        "later fact citing an unknown page",
        _later(source={"document": "nope"}),
        "unknown source document 'nope'",
    ),
    (
        "later fact without its English",
        _later(says={"fr": "x"}),
        "missing required field 'later[0].says.en'",
    ),
    (
        "number as answer",
        lambda d: _first(d)["answer"].__setitem__("fr", 42),
        "field 'answer.fr' must be a non-empty string",
    ),
]


@pytest.fixture()
def kb_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(PACKAGE_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _topic_file(directory: Path) -> Path:
    return sorted((directory / "topics").glob("*.yaml"))[0]


@pytest.mark.parametrize(("name", "mutate", "expected"), CASES, ids=[c[0] for c in CASES])
def test_broken_topic_file_names_file_entry_and_problem(
    kb_copy: Path, name: str, mutate: Mutation, expected: str
) -> None:
    path = _topic_file(kb_copy)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry_id = doc["topics"][1]["id"] if name == "duplicate variant" else doc["topics"][0]["id"]
    mutate(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_knowledge(kb_copy)
    message = str(err.value)
    assert "\n" not in message
    assert path.name in message
    assert expected in message
    if name != "bad id":
        assert f"'{entry_id}'" in message or entry_id in message


def test_invalid_yaml_names_file_and_line(kb_copy: Path) -> None:
    path = _topic_file(kb_copy)
    path.write_text("topics:\n  - id: x\n    answer: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_knowledge(kb_copy)
    assert path.name in str(err.value) and "invalid YAML at line" in str(err.value)


def test_duplicate_yaml_key_is_refused_not_silently_dropped(kb_copy: Path) -> None:
    path = _topic_file(kb_copy)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - id: ", "  - id: first_copy\n    id: ", 1), encoding="utf-8")
    with pytest.raises(DataError, match="duplicate key 'id'"):
        load_knowledge(kb_copy)


def test_top_level_must_be_topics_list(kb_copy: Path) -> None:
    path = _topic_file(kb_copy)
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(DataError, match="'topics:' list at the top"):
        load_knowledge(kb_copy)


def test_unsafe_yaml_tags_are_refused(kb_copy: Path) -> None:
    path = _topic_file(kb_copy)
    path.write_text("topics: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    with pytest.raises(DataError, match="invalid YAML"):
        load_knowledge(kb_copy)


# (case, text in a data file, its replacement, the file, what the one-line error says)
DATA_FILE_CASES = [
    ("a bare on in the lexicon", '"on", nous', "on, nous", "lexicon.yaml", "quote the words YAML reads"),
    ("an unknown time zone", "  Indian/Mayotte:", "  Indian/Mayote:", "lexicon.yaml", "time_zones.Indian/Mayote: not a time zone name"),
    ("a channel without an address", "    url: https://esante.gouv.fr/foire-aux-questions/segur\n", "    url: esante.gouv.fr\n", "channels.yaml", "must be a web address"),
    ("a document with an unknown key", "    quotable: false\n", "    quotable: false\n    extract: x\n", "documents.yaml", "unknown key 'extract'"),
    ("quoting a page that cannot be quoted", "      - document: ans-dsr-pfi-v13\n", "      - document: dsih-5143\n", "topics", "quotable: false"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "old", "new", "where", "problem"), DATA_FILE_CASES, ids=[c[0] for c in DATA_FILE_CASES]
)
def test_broken_data_files_name_file_and_problem(
    kb_copy: Path, case: str, old: str, new: str, where: str, problem: str
) -> None:
    paths = sorted((kb_copy / "topics").glob("*.yaml")) if where == "topics" else [kb_copy / where]
    path = next(p for p in paths if old in p.read_text(encoding="utf-8"))
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_knowledge(kb_copy)
    message = str(err.value)
    assert "\n" not in message and path.name in message and problem in message


@pytest.mark.parametrize(
    ("part", "entry"), [(0, "undated[0]"), (1, "item 'sons-v2-hopital-enrolement'")]
)
def test_an_unknown_source_id_in_the_calendar_is_refused(
    kb_copy: Path, tmp_path: Path, part: int, entry: str
) -> None:
    from bot.core.engine import Engine
    from rules.calendar import DEFAULT_PATH

    calendar = tmp_path / "calendar.yaml"
    parts = DEFAULT_PATH.read_text(encoding="utf-8").split("\nitems:\n")
    parts[part] = parts[part].replace("sources: [asp-v2-2024]", "sources: [asp-2099]", 1)
    calendar.write_text("\nitems:\n".join(parts), "utf-8")
    with pytest.raises(DataError) as err:
        Engine.load(kb_copy, calendar)
    message = str(err.value)
    assert (
        "unknown source 'asp-2099'" in message and "calendar.yaml" in message and entry in message
    )


def test_a_prerequisite_names_known_steps(kb_copy: Path, tmp_path: Path) -> None:
    from rules.calendar import DEFAULT_PATH, load_calendar

    calendar = tmp_path / "calendar.yaml"
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    calendar.write_text(
        text.replace("missed: [referencement,", "missed: [referencment,", 1), "utf-8"
    )
    with pytest.raises(DataError) as err:
        load_calendar(calendar)
    message = str(err.value)
    assert "calendar.yaml" in message and "prerequisites" in message and "referencment" in message


def test_a_finer_step_must_be_a_milestone(kb_copy: Path) -> None:
    path = kb_copy / "lexicon.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  complements: referencement\n", "  complements: referencment\n"), "utf-8"
    )
    with pytest.raises(DataError) as err:
        load_knowledge(kb_copy)
    message = str(err.value)
    assert "finer_steps.complements" in message and "'referencment'" in message


def test_a_hospital_step_must_be_a_milestone(kb_copy: Path) -> None:
    path = kb_copy / "lexicon.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "hospital_steps: [candidature, cibles]", "hospital_steps: [candidature, cible]"
        ),
        "utf-8",
    )
    with pytest.raises(DataError) as err:
        load_knowledge(kb_copy)
    message = str(err.value)
    assert "lexicon.yaml" in message and "hospital_steps" in message and "'cible'" in message
