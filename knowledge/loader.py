"""Load and validate the knowledge base from its YAML files (one declared schema for every entry)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from knowledge.model import ACTIONS, Document, Lexicon, Localized, Source, Topic
from knowledge.normalize import Normalizer, fold
from knowledge.validation import DataError, Field, check_record, entries, read_yaml

PACKAGE_DIR = Path(__file__).resolve().parent
MIN_VARIANTS = 10

SOURCE_SCHEMA: Mapping[str, Field] = {
    "document": Field("id"),
    "quote": Field("str", hint=" (a verbatim passage of the document)"),
    "cites": Field("str", required=False),
}

TOPIC_SCHEMA: Mapping[str, Field] = {
    "id": Field("id"),
    "title": Field("localized", hint=" (a short title in fr and en, for suggestion buttons)"),
    "answer": Field("localized", hint=" (the answer in fr and en)"),
    "variants": Field(
        "str_list", min_items=MIN_VARIANTS, hint=" (add question variants as users type them)"
    ),
    "sources": Field("record_list", min_items=1, fields=SOURCE_SCHEMA),
    "related": Field("id_list", required=False),
    "calendar": Field("id_list", required=False),
    "action": Field("str", required=False, choices=ACTIONS),
}

DOCUMENT_SCHEMA: Mapping[str, Field] = {
    "id": Field("id"),
    "path": Field("str"),
    "title": Field("localized"),
    "short": Field("localized", hint=" (a short name printed before each quote)"),
}


@dataclass(frozen=True)
class KnowledgeBase:
    topics: Mapping[str, Topic]
    documents: Mapping[str, Document]
    lexicon: Lexicon
    normalizer: Normalizer
    directory: Path

    def topic(self, topic_id: str) -> Topic:
        return self.topics[topic_id]


def _rel(path: Path, base: Path) -> str:
    """A path as support staff see it in the repository: knowledge/topics/x.yaml."""
    try:
        return str(path.relative_to(base.parent))
    except ValueError:
        return str(path)


def load_documents(directory: Path) -> dict[str, Document]:
    path = directory / "documents.yaml"
    label = _rel(path, directory)
    documents: dict[str, Document] = {}
    for entry, raw in entries(read_yaml(path, label), "documents", label):
        rec = check_record(raw, DOCUMENT_SCHEMA, label, entry)
        if rec["id"] in documents:
            raise DataError(label, entry, "duplicate document id: give each document its own id")
        documents[rec["id"]] = Document(
            rec["id"], rec["path"], Localized(**rec["title"]), Localized(**rec["short"])
        )
    return documents


def load_lexicon(directory: Path) -> Lexicon:
    path = directory / "lexicon.yaml"
    label = _rel(path, directory)
    raw = read_yaml(path, label)
    keys = (
        "synonyms",
        "stopwords",
        "roles",
        "software",
        "waves",
        "language_markers",
        "small_talk",
        "domain_words",
    )
    if not isinstance(raw, dict):
        raise DataError(label, None, f"the file must be a mapping with the keys {', '.join(keys)}")
    for key in raw:
        if key not in keys:
            raise DataError(
                label, None, f"unknown top-level key '{key}' (allowed: {', '.join(keys)})"
            )
    domain = raw.get("domain_words")
    if not isinstance(domain, list) or not all(isinstance(w, str) for w in domain):
        raise DataError(label, "domain_words", "must be a list of words")
    for key in keys[:-1]:
        section = raw.get(key)
        if not isinstance(section, dict) or not section:
            raise DataError(label, key, "must be a non-empty mapping of name: [words]")
        for name, listed in section.items():
            if not isinstance(listed, list) or not all(isinstance(w, str | int) for w in listed):
                raise DataError(label, f"{key}.{name}", "must be a list of words")

    def words(section: str) -> dict:
        return {k: tuple(str(w) for w in v) for k, v in raw[section].items()}

    waves: dict[int, tuple[str, ...]] = {}
    for wave, clues in words("waves").items():
        if not isinstance(wave, int):
            raise DataError(label, f"waves.{wave}", "a wave must be a number (1, 2)")
        waves[wave] = clues
    return Lexicon(
        synonyms={str(k): [str(w) for w in v] for k, v in raw["synonyms"].items()},
        stopwords=frozenset(w for ws in raw["stopwords"].values() for w in map(str, ws)),
        roles=words("roles"),
        software=words("software"),
        waves=waves,
        language_markers={k: frozenset(v) for k, v in words("language_markers").items()},
        domain_words=frozenset(domain),
        small_talk={k: frozenset(fold(w) for w in v) for k, v in words("small_talk").items()},
    )


def load_topics(
    files: Iterable[Path], base: Path, normalizer: Normalizer, documents: Mapping[str, Document]
) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    # Duplicates are judged on the folded text (case, accents, punctuation), not after synonyms:
    # "prochaine deadline" and "prochaine date limite" are two ways users type, both worth keeping.
    variant_owner: dict[str, tuple[str, str]] = {}
    for path in files:
        label = _rel(path, base)
        for entry, raw in entries(read_yaml(path, label), "topics", label):
            rec = check_record(raw, TOPIC_SCHEMA, label, entry)
            tid = rec["id"]
            if tid in topics:
                raise DataError(
                    label,
                    entry,
                    f"duplicate topic id (also in {topics[tid].file}): rename one of them",
                )
            for variant in rec["variants"]:
                key = fold(variant)
                if not normalizer(variant):
                    raise DataError(
                        label, entry, f"variant {variant!r} has no words once normalised"
                    )
                if key in variant_owner:
                    other, other_file = variant_owner[key]
                    where = (
                        "twice in this topic"
                        if other == tid
                        else f"also in topic '{other}' ({other_file})"
                    )
                    raise DataError(
                        label, entry, f"duplicate variant {variant!r} ({where}): keep one"
                    )
                variant_owner[key] = (tid, label)
            sources = tuple(Source(**s) for s in rec["sources"])
            for source in sources:
                if source.document not in documents:
                    known = ", ".join(documents)
                    raise DataError(
                        label,
                        entry,
                        f"unknown source document '{source.document}' (known: {known})",
                    )
            topics[tid] = Topic(
                id=tid,
                title=Localized(**rec["title"]),
                answer=Localized(**rec["answer"]),
                variants=tuple(rec["variants"]),
                sources=sources,
                related=tuple(rec["related"] or ()),
                calendar=tuple(rec["calendar"] or ()),
                action=rec["action"],
                file=label,
            )
    for topic in topics.values():
        for rel in topic.related:
            if rel not in topics:
                raise DataError(
                    topic.file, f"topic '{topic.id}'", f"related topic '{rel}' does not exist"
                )
            if rel == topic.id:
                raise DataError(
                    topic.file, f"topic '{topic.id}'", "a topic cannot be related to itself"
                )
    return topics


def load_knowledge(directory: Path | None = None) -> KnowledgeBase:
    """Load the whole knowledge base; raises DataError naming the file and entry on any problem."""
    directory = (directory or PACKAGE_DIR).resolve()
    documents = load_documents(directory)
    lexicon = load_lexicon(directory)
    normalizer = Normalizer(lexicon.synonyms)
    files = sorted((directory / "topics").glob("*.yaml"))
    if not files:
        raise DataError(_rel(directory / "topics", directory), None, "no topic file (*.yaml) found")
    topics = load_topics(files, directory, normalizer, documents)
    return KnowledgeBase(topics, documents, lexicon, normalizer, directory)
