"""The knowledge base's typed records: what the loader produces and the matcher and bot consume."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

ACTIONS = ("next_window", "upcoming_deadlines", "eligibility")


@dataclass(frozen=True)
class Localized:
    fr: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


@dataclass(frozen=True)
class Document:
    """A public page that answers cite and link (an id of shared/source/public-sources.md)."""

    id: str
    title: str
    publisher: str
    url: str
    date: str | None = None  # as the page shows it: 2022-04-06, 2025-04, or none
    quotable: bool = True  # False: its excerpts could not be verified; cite it, never quote it
    fulltext: str | None = None  # a whole text under shared/, for the quote check only


@dataclass(frozen=True)
class Channel:
    """An official channel, as a link: where the bot sends users when its sources are silent."""

    id: str
    label: Localized
    url: str
    roles: frozenset[str] = frozenset()  # empty: for everyone


@dataclass(frozen=True)
class Source:
    document: str
    quote: str | None = None  # verbatim French excerpt of the document, when one is quoted


@dataclass(frozen=True)
class ApplicantGroup:
    """One kind of applicant ("une HAD", "un EHPAD", "a client that self-funded wave 1") and
    whether the programme's rule lets it apply, in the rule's own words."""

    words: tuple[str, ...]  # folded phrases that name this kind of applicant
    eligible: bool
    says: Localized
    sources: tuple[str, ...] = ()  # documents among the topic's sources that state the rule


@dataclass(frozen=True)
class Applicants:
    """Who may apply to what a topic describes: "une HAD peut candidater au SUN-ES ?" is a yes or
    a no from the rule, not a date. The first group the question names decides."""

    subject: tuple[str, ...]  # folded phrases that name what is applied for ("sunes", "v1 v2")
    groups: tuple[ApplicantGroup, ...]
    # A programme whose windows also decide a "can we apply now / this year?" question.
    windows: str | None = None


@dataclass(frozen=True)
class LaterFact:
    """A sentence of a topic that a source made public after the topic's other facts: it is told
    only from that day on, so that a question asked as of an earlier day is not told the future."""

    known_from: dt.date
    says: Localized
    source: Source


@dataclass(frozen=True)
class Topic:
    id: str
    title: Localized
    answer: Localized
    variants: tuple[str, ...]
    sources: tuple[Source, ...]
    # More ways users ask: they shape the topic's centroid only (knowledge/centroids.py), where
    # `variants` are each compared with the question.
    phrasings: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    calendar: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()  # ids of channels.yaml shown as links with the answer
    action: str | None = None
    # A neighbouring subject (HOP'EN 2, the pay rises, a patient's account): a short redirect,
    # never a programme fact; evaluation counts it as a right answer to a trap.
    redirect: bool = False
    applicants: Applicants | None = None
    later: tuple[LaterFact, ...] = ()
    defines: tuple[str, ...] = ()  # folded terms: "c'est quoi SUN-ES ?" is this topic's
    file: str = ""

    def known_later(self, today: dt.date) -> tuple[LaterFact, ...]:
        return tuple(f for f in self.later if f.known_from <= today)

    def all_sources(self) -> tuple[Source, ...]:
        """What the topic cites on some day: for the checks of every quote."""
        return (*self.sources, *(f.source for f in self.later))


@dataclass(frozen=True)
class Lexicon:
    synonyms: Mapping[str, list[str]]
    stopwords: frozenset[str]
    roles: Mapping[str, tuple[str, ...]]
    software: Mapping[str, tuple[str, ...]]
    waves: Mapping[int, tuple[str, ...]]
    language_markers: Mapping[str, frozenset[str]]
    domain_words: frozenset[str] = frozenset()
    # Greetings and thanks, answered politely rather than with "I did not understand".
    small_talk: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # The question frame's words: what is asked (intents), about which step (milestones) of
    # which programme, and the words that make a message a follow-up of the previous one.
    intents: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    milestones: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    programmes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # "on a jusqu'au 15 juin, c'est ça ?": words that state a date to confirm (closes, opens) and
    # words that ask for the confirmation (ask).
    claims: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Places whose local time a time said with them is (zone name: words), and Paris's own words.
    time_zones: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    programme_roles: Mapping[str, str] = field(default_factory=dict)
    finer_steps: Mapping[str, str] = field(default_factory=dict)  # step: the step it is part of
    follow_ups: frozenset[str] = frozenset()
    phantoms: tuple[str, ...] = ()  # windows and waves that do not exist ("F5", "vague 3")
    # "on est le vendredi 29 avril": the day after these is today's, not the filing's.
    today_is: tuple[str, ...] = ()
    # The programme's French terms that English questions use too ("Ségur", "référencement"):
    # their accents do not make a question French.
    loanwords: frozenset[str] = frozenset()
    # Subjects with dates the calendar does not hold ("les cibles F1"): their topic answers.
    undated_subjects: tuple[str, ...] = ()
    neutral_words: frozenset[str] = frozenset()  # everyday words that never make a question foreign
    all_ahead: tuple[str, ...] = ()  # "prochaines dates": every date ahead, not only the next
    as_of_now: tuple[str, ...] = ()  # "on a loupé hier, c'est mort ?": judged now, not yesterday
    # "is it open yet or do we wait until tomorrow?": judged now, whatever later day is named.
    now_first: tuple[str, ...] = ()
    already: tuple[str, ...] = ()
    # "on a fini l'install le 25/09": a step said done on a day (late if after its close).
    done_words: tuple[str, ...] = ()
    reported: tuple[str, ...] = ()
    not_done: tuple[str, ...] = ()
    likened: tuple[str, ...] = ()
    comparing: tuple[str, ...] = ()  # "c koi la diff ?" between two defined terms
    asking_what: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The units an amount is said in ("210 M€", "7,5 milliards"), by the scale each stands for.
    amount_units: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    whether_ahead: tuple[str, ...] = ()
    late_filing: tuple[str, ...] = ()
    hospital_steps: frozenset[str] = frozenset()
    # "la F4 ouvre demain, on peut déposer dès aujourd'hui ?": the day after one of these is the
    # filing's, whatever other days the question names.
    filing_words: tuple[str, ...] = ()
    profile_openings: tuple[str, ...] = ()  # "je suis", "jsuis", "we are": a message saying who
    may_apply: tuple[str, ...] = ()  # "a le droit de candidater", "can … apply": who may apply
    # "cette année", "en ce moment": a who-may-apply question about now, not the rule alone.
    this_period: tuple[str, ...] = ()
    # "on a raté la F3, on peut candidater à la suivante ?": the window after the one missed.
    next_window: tuple[str, ...] = ()
    late_hours: tuple[str, ...] = ()  # "de quelques heures": late on the closing day itself
    # "a été décalée, c vrai ?", "was it pushed back?": whether a step's date moved.
    moved: tuple[str, ...] = ()
