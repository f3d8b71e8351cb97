"""Load and validate the knowledge base from its YAML files (one declared schema for every entry)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from knowledge.model import (
    ACTIONS,
    ApplicantGroup,
    Applicants,
    Channel,
    Document,
    LaterFact,
    Lexicon,
    Localized,
    Source,
    Topic,
)
from knowledge.normalize import Normalizer, fold
from knowledge.validation import DataError, Field, check_record, entries, read_yaml

PACKAGE_DIR = Path(__file__).resolve().parent
MIN_VARIANTS = 10

SOURCE_SCHEMA: Mapping[str, Field] = {
    "document": Field("id", hint=" (an id of knowledge/documents.yaml)"),
    "quote": Field("str", required=False, hint=" (a verbatim French excerpt of the document)"),
}

APPLICANT_GROUP_SCHEMA: Mapping[str, Field] = {
    "words": Field("str_list", min_items=1, hint=" (how users name this kind of applicant)"),
    "eligible": Field("bool"),
    "says": Field("localized", hint=" (the rule for this kind of applicant, in fr and en)"),
    "sources": Field(
        "id_list", min_items=1, hint=" (documents of the topic's sources that say it)"
    ),
}

APPLICANTS_SCHEMA: Mapping[str, Field] = {
    "subject": Field("str_list", min_items=1, hint=" (the words that name what is applied for)"),
    "windows": Field("str", required=False, hint=" (a programme of rules/calendar.yaml: sun-es)"),
    "groups": Field("record_list", min_items=1, fields=APPLICANT_GROUP_SCHEMA),
}

LATER_SCHEMA: Mapping[str, Field] = {
    "known_from": Field(
        "moment", hint=" (the day its source made it public: before it, the sentence is not told)"
    ),
    "says": Field("localized", hint=" (the sentence, in fr and en, added to the answer)"),
    "source": Field("record", fields=SOURCE_SCHEMA),
}

TOPIC_SCHEMA: Mapping[str, Field] = {
    "id": Field("id"),
    "title": Field("localized", hint=" (a short title in fr and en, for suggestion buttons)"),
    "answer": Field("localized", hint=" (the answer in fr and en)"),
    "variants": Field(
        "str_list", min_items=MIN_VARIANTS, hint=" (add question variants as users type them)"
    ),
    "sources": Field("record_list", min_items=1, fields=SOURCE_SCHEMA),
    "phrasings": Field("str_list", required=False, hint=" (more ways users ask, for the centroid)"),
    "related": Field("id_list", required=False),
    "calendar": Field("id_list", required=False),
    "channels": Field("id_list", required=False, hint=" (ids of knowledge/channels.yaml)"),
    "action": Field("str", required=False, choices=ACTIONS),
    "redirect": Field("bool", required=False),
    "applicants": Field("record", required=False, fields=APPLICANTS_SCHEMA),
    # Facts published after the rest: told only as of their day, with their own source.
    "later": Field("record_list", required=False, fields=LATER_SCHEMA),
    # The terms this topic defines: "c'est quoi SUN-ES ?", "what exactly is référencement?".
    "defines": Field("str_list", required=False, hint=" (the terms the topic's answer defines)"),
}

DOCUMENT_SCHEMA: Mapping[str, Field] = {
    "id": Field("id", hint=" (the page's id in shared/source/public-sources.md)"),
    "title": Field("str"),
    "publisher": Field("str"),
    "date": Field("str", required=False),
    "url": Field("str", hint=" (the public address, https://...)"),
    "quotable": Field("bool", required=False),
    "fulltext": Field("str", required=False),
}

CHANNEL_SCHEMA: Mapping[str, Field] = {
    "id": Field("id"),
    "label": Field("localized"),
    "url": Field("str", hint=" (the public address, https://...)"),
    "for": Field("str_list", required=False, choices=("hospital", "vendor", "doctor", "pharmacy")),
}


@dataclass(frozen=True)
class KnowledgeBase:
    topics: Mapping[str, Topic]
    documents: Mapping[str, Document]
    channels: tuple[Channel, ...]
    lexicon: Lexicon
    normalizer: Normalizer
    directory: Path

    def topic(self, topic_id: str) -> Topic:
        return self.topics[topic_id]

    def words(self) -> frozenset[str]:
        """Every folded word of its topics' texts and its lexicon: the words it knows."""
        texts: list[str] = []
        for topic in self.topics.values():
            texts += [*topic.variants, *topic.phrasings, topic.title.fr, topic.title.en]
            texts += [topic.answer.fr, topic.answer.en]
            texts += [t for f in topic.later for t in (f.says.fr, f.says.en)]
        texts += _strings(self.lexicon)
        return frozenset(w for text in texts for w in fold(text).split())

    @property
    def redirects(self) -> frozenset[str]:
        """The neighbouring subjects' topics: answered with a redirect, never a programme fact."""
        return frozenset(t.id for t in self.topics.values() if t.redirect)


def _strings(value: object) -> list[str]:
    """Every string held in a record, a mapping (keys too) or a collection, however nested."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, Mapping):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [s for v in value for s in _strings(v)]
    return []


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
        _check_url(rec["url"], label, entry)
        documents[rec["id"]] = Document(
            id=rec["id"],
            title=rec["title"],
            publisher=rec["publisher"],
            url=rec["url"],
            date=rec["date"],
            quotable=rec["quotable"] is not False,
            fulltext=rec["fulltext"],
        )
    return documents


def load_channels(directory: Path) -> tuple[Channel, ...]:
    path = directory / "channels.yaml"
    label = _rel(path, directory)
    channels: list[Channel] = []
    for entry, raw in entries(read_yaml(path, label), "channels", label):
        rec = check_record(raw, CHANNEL_SCHEMA, label, entry)
        _check_url(rec["url"], label, entry)
        channels.append(
            Channel(rec["id"], Localized(**rec["label"]), rec["url"], frozenset(rec["for"] or ()))
        )
    return tuple(channels)


def _check_url(url: str, label: str, entry: str) -> None:
    if not url.startswith(("https://", "http://")) or " " in url:
        raise DataError(
            label, entry, f"field 'url' must be a web address (https://...), got {url!r}"
        )


def load_lexicon(directory: Path) -> Lexicon:
    path = directory / "lexicon.yaml"
    label = _rel(path, directory)
    raw = read_yaml(path, label)
    # Sections of name: [words]; then the plain lists and the mappings of name: name.
    keys = (
        "synonyms",
        "stopwords",
        "roles",
        "software",
        "waves",
        "language_markers",
        "small_talk",
        "intents",
        "milestones",
        "programmes",
        "claims",
        "time_zones",
        "asking_what",
        "amount_units",
    )
    lists = (
        "domain_words",
        "follow_ups",
        "phantoms",
        "undated_subjects",
        "loanwords",
        "today_is",
        "neutral_words",
        "profile_openings",
        "all_ahead",
        "as_of_now",
        "now_first",
        "already",
        "done_words",
        "reported",
        "not_done",
        "likened",
        "comparing",
        "whether_ahead",
        "late_filing",
        "hospital_steps",
        "filing_words",
        "may_apply",
        "this_period",
        "next_window",
        "late_hours",
        "moved",
    )
    names = ("programme_roles", "finer_steps")
    if not isinstance(raw, dict):
        raise DataError(label, None, f"the file must be a mapping with the keys {', '.join(keys)}")
    allowed = (*keys, *lists, *names)
    for key in raw:
        if key not in allowed:
            raise DataError(
                label, None, f"unknown top-level key '{key}' (allowed: {', '.join(allowed)})"
            )
    for key in lists:
        value = raw.get(key)
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise DataError(label, key, "must be a list of words")
    for key in names:
        value = raw.get(key)
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise DataError(label, key, "must be a mapping of name: name")
    for key in keys:
        section = raw.get(key)
        if not isinstance(section, dict) or not section:
            raise DataError(label, key, "must be a non-empty mapping of name: [words]")
        for name, listed in section.items():
            # YAML reads a bare on, no or yes as true/false: such a "word" is refused, not lost.
            if not isinstance(listed, list) or not all(
                isinstance(w, str | int) and not isinstance(w, bool) for w in listed
            ):
                raise DataError(
                    label,
                    f"{key}.{name}",
                    "must be a list of words (quote the words YAML reads as true or false:"
                    " 'on', 'no', 'yes', 'off')",
                )

    def words(section: str) -> dict:
        return {k: tuple(str(w) for w in v) for k, v in raw[section].items()}

    waves: dict[int, tuple[str, ...]] = {}
    for wave, clues in words("waves").items():
        if not isinstance(wave, int):
            raise DataError(label, f"waves.{wave}", "a wave must be a number (1, 2)")
        waves[wave] = clues
    for step in raw["hospital_steps"]:
        if step not in raw["milestones"]:
            raise DataError(label, "hospital_steps", f"'{step}' is not one of the milestones")
    for finer, coarser in raw["finer_steps"].items():
        for step in (finer, coarser):
            if step not in raw["milestones"]:
                raise DataError(
                    label, f"finer_steps.{finer}", f"'{step}' is not one of the milestones"
                )
    return Lexicon(
        synonyms={str(k): [str(w) for w in v] for k, v in raw["synonyms"].items()},
        stopwords=frozenset(w for ws in raw["stopwords"].values() for w in map(str, ws)),
        roles=words("roles"),
        software=words("software"),
        waves=waves,
        language_markers={k: frozenset(v) for k, v in words("language_markers").items()},
        domain_words=frozenset(raw["domain_words"]),
        small_talk={k: frozenset(fold(w) for w in v) for k, v in words("small_talk").items()},
        intents=words("intents"),
        milestones=words("milestones"),
        programmes=words("programmes"),
        claims=words("claims"),
        asking_what=words("asking_what"),
        amount_units=words("amount_units"),
        time_zones=_zones(label, words("time_zones")),
        programme_roles={str(k): str(v) for k, v in raw["programme_roles"].items()},
        finer_steps={str(k): str(v) for k, v in raw["finer_steps"].items()},
        follow_ups=frozenset(fold(w) for w in raw["follow_ups"]),
        phantoms=tuple(str(w) for w in raw["phantoms"]),
        undated_subjects=tuple(str(w) for w in raw["undated_subjects"]),
        loanwords=frozenset(fold(str(w)) for w in raw["loanwords"]),
        today_is=tuple(str(w) for w in raw["today_is"]),
        neutral_words=frozenset(str(w) for w in raw["neutral_words"]),
        all_ahead=tuple(str(w) for w in raw["all_ahead"]),
        as_of_now=tuple(str(w) for w in raw["as_of_now"]),
        now_first=tuple(str(w) for w in raw["now_first"]),
        already=tuple(str(w) for w in raw["already"]),
        done_words=tuple(str(w) for w in raw["done_words"]),
        reported=tuple(str(w) for w in raw["reported"]),
        not_done=tuple(str(w) for w in raw["not_done"]),
        likened=tuple(str(w) for w in raw["likened"]),
        comparing=tuple(str(w) for w in raw["comparing"]),
        whether_ahead=tuple(str(w) for w in raw["whether_ahead"]),
        late_filing=tuple(str(w) for w in raw["late_filing"]),
        hospital_steps=frozenset(str(w) for w in raw["hospital_steps"]),
        filing_words=tuple(str(w) for w in raw["filing_words"]),
        profile_openings=tuple(fold(str(w)) + " " for w in raw["profile_openings"]),
        may_apply=tuple(fold(str(w)) for w in raw["may_apply"]),
        this_period=tuple(fold(str(w)) for w in raw["this_period"]),
        next_window=tuple(str(w) for w in raw["next_window"]),
        late_hours=tuple(str(w) for w in raw["late_hours"]),
        moved=tuple(str(w) for w in raw["moved"]),
    )


def _zones(label: str, zones: dict) -> dict:
    """The time zones' words, each key a zone the machine's tz data knows."""
    for name in zones:
        try:
            ZoneInfo(str(name))
        except (ZoneInfoNotFoundError, ValueError):
            raise DataError(
                label, f"time_zones.{name}", "not a time zone name (IANA, e.g. Indian/Reunion)"
            ) from None
    return zones


def load_topics(
    files: Iterable[Path],
    base: Path,
    normalizer: Normalizer,
    documents: Mapping[str, Document],
    channels: Iterable[Channel] = (),
) -> dict[str, Topic]:
    channel_ids = {c.id for c in channels}
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
            for variant in [*rec["variants"], *(rec["phrasings"] or ())]:
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
            later = tuple(
                LaterFact(
                    known_from=f["known_from"].day,
                    says=Localized(**f["says"]),
                    source=Source(**f["source"]),
                )
                for f in rec["later"] or ()
            )
            for source in (*sources, *(f.source for f in later)):
                document = documents.get(source.document)
                if document is None:
                    raise DataError(
                        label,
                        entry,
                        f"unknown source document '{source.document}'"
                        " (add it to knowledge/documents.yaml, or fix the id)",
                    )
                if source.quote and not document.quotable:
                    raise DataError(
                        label,
                        entry,
                        f"document '{source.document}' is marked quotable: false (its excerpts"
                        " are not verified): cite it without a quote",
                    )
            cited = {s.document for s in sources}
            for group in (rec["applicants"] or {}).get("groups") or ():
                missing = [d for d in group["sources"] if d not in cited]
                if missing:
                    raise DataError(
                        label,
                        entry,
                        f"applicants: source '{missing[0]}' is not among the topic's sources"
                        " (cite it under sources: first)",
                    )
            for channel in rec["channels"] or ():
                if channel not in channel_ids:
                    raise DataError(
                        label, entry, f"unknown channel '{channel}' (see knowledge/channels.yaml)"
                    )
            topics[tid] = Topic(
                id=tid,
                title=Localized(**rec["title"]),
                answer=Localized(**rec["answer"]),
                variants=tuple(rec["variants"]),
                phrasings=tuple(rec["phrasings"] or ()),
                sources=sources,
                related=tuple(rec["related"] or ()),
                calendar=tuple(rec["calendar"] or ()),
                channels=tuple(rec["channels"] or ()),
                action=rec["action"],
                redirect=rec["redirect"] is True,
                applicants=_applicants(rec["applicants"]),
                later=later,
                defines=tuple(fold(str(d)) for d in rec["defines"] or ()),
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
    definer: dict[str, str] = {}
    for topic in topics.values():
        for term in topic.defines:
            if definer.setdefault(term, topic.id) != topic.id:
                raise DataError(
                    topic.file,
                    f"topic '{topic.id}'",
                    f"defines: '{term}' is already defined by topic '{definer[term]}'",
                )
    return topics


def _applicants(rec: Mapping | None) -> Applicants | None:
    if rec is None:
        return None
    return Applicants(
        subject=tuple(fold(w) for w in rec["subject"]),
        groups=tuple(
            ApplicantGroup(
                words=tuple(fold(w) for w in g["words"]),
                eligible=g["eligible"],
                says=Localized(**g["says"]),
                sources=tuple(g["sources"]),
            )
            for g in rec["groups"]
        ),
        windows=rec["windows"],
    )


def load_knowledge(directory: Path | None = None) -> KnowledgeBase:
    """Load the whole knowledge base; raises DataError naming the file and entry on any problem."""
    directory = (directory or PACKAGE_DIR).resolve()
    documents = load_documents(directory)
    channels = load_channels(directory)
    lexicon = load_lexicon(directory)
    normalizer = Normalizer(lexicon.synonyms)
    files = sorted((directory / "topics").glob("*.yaml"))
    if not files:
        raise DataError(_rel(directory / "topics", directory), None, "no topic file (*.yaml) found")
    topics = load_topics(files, directory, normalizer, documents, channels)
    return KnowledgeBase(topics, documents, channels, lexicon, normalizer, directory)
