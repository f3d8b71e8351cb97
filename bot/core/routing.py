"""Which path answers a question: a knowledge topic, the rules engine, or neither.

The thresholds live here with the decisions that read them, so the engine only wires the answer
the route chose.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.core.dated import DATED_INTENTS, DatedAnswers
from bot.core.parser import ParsedQuestion
from knowledge.loader import KnowledgeBase
from knowledge.matcher import Match, Matcher
from knowledge.model import Topic
from knowledge.normalize import fold
from knowledge.phrases import phrase_pattern
from rules.calendar import Calendar
from rules.selection import keyword_items

# Thresholds and a gap, on the matcher's 0-100 scale (tuned on tests/eval and the blind sets E, F
# and G; set H, sealed, is the figure that tells whether they hold):
# answer when the best topic is confident and clearly ahead; suggest between the two; below, the
# question is off the bot's ground and it says what it can answer instead.
ANSWER_THRESHOLD = 37.0
# A question in the programme's words (one of its own terms, or no word the knowledge base never
# saw) may answer from a lower score: its low score comes from context ("mon DG veut une slide"),
# not from another subject.
IN_DOMAIN_THRESHOLD = 33.0
# A redirect topic ("that is the Ségur de la santé's pay rises, ask your employer") states no
# programme fact, so a lower score may answer with it: a wrong one costs a user one short line.
REDIRECT_THRESHOLD = 20.0
SUGGEST_THRESHOLD = 20.0
AMBIGUITY_GAP = 3.0
# From this score the best topic answers even when the next one is as close: both are then about
# the question, and the best one's answer beats a "vouliez-vous dire".
CLEAR_THRESHOLD = 45.0
MIN_CLEAR_WORDS = 3
VERDICT_FLOOR = 15.0
# A knowledge topic this far ahead of the next one answers a question that names no day, whatever
# date words it uses (set where the evaluation sets gain topics and lose no verdict).
DOMINANT_SCORE = 50.0
DOMINANT_GAP = 10.0


class Routes:
    def __init__(
        self, kb: KnowledgeBase, matcher: Matcher, calendar: Calendar, dated: DatedAnswers
    ) -> None:
        self.kb, self.matcher, self.calendar, self.dated = kb, matcher, calendar, dated
        self._defines = {term: t for t in kb.topics.values() for term in t.defines}
        self._what_is = _what_is_re(kb.lexicon.asking_what, self._defines)
        self._terms = (
            re.compile(rf"\b(?:{phrase_pattern(self._defines)})\b") if self._defines else None
        )
        comparing = phrase_pattern(fold(w) for w in kb.lexicon.comparing)
        self._comparing = re.compile(rf"\b(?:{comparing})\b") if comparing else None

    def refine(
        self, parsed: ParsedQuestion, topic: Topic | None, ranked: tuple[Match, ...]
    ) -> Topic | None:
        """The ranked topic, corrected by what the question's frame says: the programme's own
        rule, the wave named, the term it asks to define."""
        topic = self.wave_topic(parsed, self.programme_rule(parsed, topic, ranked), ranked)
        return self.defined(parsed) or topic or self.topic_of_the_day(parsed, ranked)

    def topic_of_the_day(self, parsed: ParsedQuestion, ranked: tuple[Match, ...]) -> Topic | None:
        """Unsure between near topics, the one whose calendar holds the day the question names
        ("What happens on 28 April? Do we lose the funding?" is the installation extension's)."""
        days = {d.day for d in parsed.dates}
        for m in ranked[:3] if days else ():
            near = self.kb.topics[m.topic]
            items = [i for i in map(self.calendar.get, near.calendar) if i is not None]
            held = {x.day for i in items for x in (i.opens, i.closes) if x is not None}
            if m.score >= SUGGEST_THRESHOLD and not near.action and days & held:
                return near
        return None

    def defined(self, parsed: ParsedQuestion) -> Topic | None:
        """The topic defining the term a question asks what it is ("c'est quoi SUN-ES en 2 mots
        ?", "What exactly is SUN-ES? A partner mentioned it"), however its context scores; never
        for a question about a day or a date ("c'est quoi la date limite du référencement ?")."""
        # A day said only as context ("… my boss asked me this morning") leaves it a definition.
        dated = bool(parsed.dates) and not parsed.context_days
        if self._what_is is None or dated or parsed.intent in DATED_INTENTS:
            return None
        found = set()
        for clause in _CLAUSE.split(parsed.text):
            m = self._what_is.search(fold(clause).strip())
            if m:
                found.add(m.group("a") or m.group("b"))
        topics = {self._defines[t].id for t in found if t}
        return self.kb.topics[topics.pop()] if len(topics) == 1 else None

    def compared(self, parsed: ParsedQuestion) -> tuple[Topic, Topic] | None:
        """The two topics whose terms a question asks the difference of ("SONS vs SUN-ES c koi la
        diff ?"), in the order named; never for a date question ("la diff entre les dates SONS
        et SUN-ES ?" is the calendar's)."""
        if self._terms is None or self._comparing is None:
            return None
        if (
            parsed.dates
            or parsed.intent in DATED_INTENTS
            or not self._comparing.search(parsed.folded)
        ):
            return None
        named: list[Topic] = []
        for m in self._terms.finditer(parsed.folded):
            topic = self._defines[m.group(0)]
            if topic not in named:
                named.append(topic)
        return (named[0], named[1]) if len(named) == 2 else None

    def confident(self, ranked: tuple[Match, ...], parsed: ParsedQuestion) -> bool:
        """The best topic answers: above its threshold, and clearly ahead of the next one."""
        best = ranked[0] if ranked else None
        return (
            best is not None
            and not self.matcher.says_little(parsed.text)
            and best.score >= self.threshold(best, parsed)
            and (
                len(ranked) < 2
                or best.score - ranked[1].score >= AMBIGUITY_GAP
                # Another programme named, and its redirect first: one short line, not a menu.
                or (parsed.programme == "other" and self.kb.topics[best.topic].redirect)
                or (best.score >= CLEAR_THRESHOLD and self.says_enough(parsed))
            )
        )

    def programme_rule(
        self, parsed: ParsedQuestion, topic: Topic | None, ranked: tuple[Match, ...]
    ) -> Topic | None:
        """The rule of the programme named (strict deadlines, a missed window), when a near
        second to the other programme's rule."""
        rules = self.calendar.rule_topics
        own = rules.get(parsed.programme or "")
        near = [m.topic for m in ranked[:3]]
        if (
            own in near
            and (
                (topic is not None and topic.id in rules.values())
                # "we missed F4 by 2 days, any grace period?": unsure between the two rules, but
                # the programme named says whose.
                or (topic is None and parsed.strictness and own in near[:2])
            )
        ):
            return self.kb.topics[own]
        if topic is None and parsed.strictness and near and near[0] in rules.values():
            # "any grace period if our file reaches the ANS a few hours late?": unsure, but its
            # best guess is a programme's rule, and the question asks how strict it is.
            return self.kb.topics[near[0]]
        return topic

    def wave_topic(
        self, parsed: ParsedQuestion, topic: Topic | None, ranked: tuple[Match, ...]
    ) -> Topic | None:
        """A topic about one wave's steps does not answer a question that names only the other
        ("a wave 2 deadline for officine?" is not vague 1's pharmacy table): the next one near
        it that is not about the other wave does."""
        if topic is None or len(parsed.waves) != 1:
            return topic
        if not self._other_wave(topic, parsed.waves):
            return topic
        for m in ranked[1:3]:
            near = self.kb.topics[m.topic]
            if (
                m.score >= SUGGEST_THRESHOLD
                and not near.redirect
                and not self._other_wave(near, parsed.waves)
            ):
                return near
        return topic

    def _other_wave(self, topic: Topic, waves: frozenset[int]) -> bool:
        """Every calendar item of the topic is of a wave the question does not name."""
        items = [self.calendar.get(i) for i in topic.calendar]
        item_waves = {i.wave for i in items if i is not None}
        return bool(item_waves) and None not in item_waves and not item_waves & waves

    def for_calendar(
        self,
        parsed: ParsedQuestion,
        topic: Topic | None,
        ranked: tuple[Match, ...],
        focus: tuple[str, ...],
        refers_back: bool,
    ) -> bool:
        """Whether the rules engine answers: a question about a date of something it can date,
        in the programme's words, that no redirect or plain knowledge topic answers better."""
        if self.undated(parsed):
            return False
        if parsed.phantom and self.dated.wants(parsed, focus):
            # "un 'SUN-ES 2' pour 2025, vous avez les dates ?": a window or wave that does not
            # exist is the calendar's to say, whatever topic its other words resemble.
            return True
        if parsed.compares and topic is not None:
            # "l'install LGC c'est 28 avril ou 20 septembre ?": the topic that tells which holds;
            # with none, the item's own dates do.
            return False
        if (
            parsed.intent == "list"
            and topic is not None
            # Every SUN-ES window is a "candidature": naming it names no step of a list.
            and not (
                topic.action
                or topic.calendar
                or parsed.milestones - {"candidature"}
                or parsed.dates
            )
        ):
            # "les 6 prérequis SUN-ES, vous avez la liste ?": the list asked is the topic's.
            return False
        if not self.dated.wants(parsed, focus):
            # "c koi la prochaine date limite ?" names no step, but asks what is next, and the
            # knowledge base's own best guesses are its calendar topics.
            asks_when = parsed.intent in ("next", "deadline") and not parsed.weak_intent
            calendar_guess = any(self.kb.topics[m.topic].action for m in ranked[:2])
            if not (
                asks_when and calendar_guess and parsed.programme not in ("other", "unrelated")
            ):
                return False
        if refers_back:
            return True
        if self.topic_dominates(parsed, ranked):
            return False
        if not self.matcher.in_domain(without_dates(parsed)) and not speaks_as_a_user(parsed):
            return False
        step_of_software = bool(parsed.milestones and parsed.software)
        if parsed.weak_intent and not parsed.dates and not step_of_software and ranked:
            # Only words that name dates: the calendar's if the best guess is a calendar topic,
            # or if a window or a step is named ("sunes fenêtre 3 dernier jour ?", "échanges
            # avec l'ANS, limite ?").
            guess = self.kb.topics[ranked[0].topic]
            if not (guess.action or guess.calendar or self.names_a_window(parsed)):
                return False
        # "are vendor deadlines strict?" names deadlines without asking one, and a topic with
        # calendar items lists them itself; "date limite du solde ?" names its step: one line.
        weak_for_topic = parsed.weak_intent and not parsed.milestones
        return topic is None or not (topic.redirect or (weak_for_topic and not topic.action))

    def topic_dominates(self, parsed: ParsedQuestion, ranked: tuple[Match, ...]) -> bool:
        """A knowledge topic far ahead of every other ("le lien du formulaire, il est publié
        quand ?", "à qui écrire quand le portail plante ?") answers a question that names no day,
        whatever date words it uses; a topic with calendar items of its own only when the
        question names no step ("un bilan avant les prochaines échéances ?")."""
        if parsed.dates or len(ranked) < 2 or parsed.claim or self.names_a_window(parsed):
            return False  # "sunes fenêtre 3 dernier jour ?": the window's own dates
        best, second = ranked[0], ranked[1]
        topic = self.kb.topics[best.topic]
        if topic.action or topic.redirect:
            return False
        if topic.calendar and (parsed.milestones - {"candidature"} or parsed.software):
            return False  # "le report du référencement, nouvelle date ?": the step's own date
        return best.score >= DOMINANT_SCORE and best.score - second.score >= DOMINANT_GAP

    def wants_verdict(
        self, parsed: ParsedQuestion, topic: Topic | None, best: Match | None
    ) -> bool:
        if topic is not None and topic.action == "eligibility":
            return True
        if (
            self.undated(parsed)
            or not parsed.dates
            or parsed.context_days
            or best is None
            or parsed.asks_why
            or parsed.programme in ("other", "unrelated")
        ):
            # "arrêté du 8 avril, ça change quoi ?": a date named in a question about a fact.
            return False
        if topic is not None and (topic.calendar or topic.action):
            return True
        # Short dated questions ("solde lundi prochain, c'est bon ?") match no topic firmly, but a
        # role, a date and a milestone's own word say what is asked; a clearly off-topic text
        # (the off-domain penalty puts it low) still gets no verdict.
        return (
            parsed.role is not None
            and best.score >= VERDICT_FLOOR
            and bool(keyword_items(self.calendar.items, item_text(self.kb, parsed)))
        )

    def undated(self, parsed: ParsedQuestion) -> bool:
        """ "Les cibles F3, c'est pour quand ?": the F3 window is named, but the date asked is the
        targets', which the calendar does not hold; it is dated when an item of a step the
        question names is named by its own words ("les cibles F1", "le solde")."""
        if not parsed.undated_subject:
            return False
        steps = parsed.milestones - {"candidature"}
        items = [i for i in self.calendar.items if i.milestones & steps]
        return not keyword_items(items, item_text(self.kb, parsed))

    def names_a_window(self, parsed: ParsedQuestion) -> bool:
        """Names a SUN-ES window by its own words ("F3", "la troisième fenêtre")."""
        windows = [i for i in self.calendar.items if i.programme == "sun-es"]
        return bool(keyword_items(windows, item_text(self.kb, parsed)))

    def says_enough(self, parsed: ParsedQuestion) -> bool:
        """Enough words to tell two close topics apart: "segur ?" is a menu, not a question."""
        return len(self.matcher.content_tokens(parsed.text)) >= MIN_CLEAR_WORDS

    def threshold(self, best: Match, parsed: ParsedQuestion) -> float:
        """The score the best topic needs to answer: a redirect needs less, when the question
        names another programme or at least speaks of this domain ("l'euro de foot" does not)."""
        ours = self.matcher.in_domain(without_dates(parsed))
        if self.kb.topics[best.topic].redirect and (parsed.programme == "other" or ours):
            return REDIRECT_THRESHOLD
        return IN_DOMAIN_THRESHOLD if ours else ANSWER_THRESHOLD


def item_text(kb: KnowledgeBase, parsed: ParsedQuestion) -> str:
    """The question as calendar keywords see it: as typed (folded), and with the lexicon's
    synonyms applied, so "referencing" finds the item whose keyword is "referencement"."""
    return f"{parsed.folded} | {kb.normalizer(parsed.text)}"


def speaks_as_a_user(parsed: ParsedQuestion) -> bool:
    """Says who asks ("notre groupe de cliniques", "we're a dialysis provider") and names a step
    or a programme of ours: about the programme, whatever other words its context has ("le
    conseil d'administration aura validé"). "La fenêtre de tir d'Ariane 6" says neither."""
    if parsed.programme in ("other", "unrelated") or parsed.weak_intent:
        return False
    asks_whether = parsed.intent in ("verdict", "missed")
    if parsed.role_from == "text":
        return parsed.intent in DATED_INTENTS and (parsed.anchored or asks_whether)
    return parsed.anchored and asks_whether


def without_dates(parsed: ParsedQuestion) -> str:
    """The question without its date and time phrases ("le 30/04 à 23h"): they are no words of
    any subject, and must not make a question look foreign to the programme."""
    text = parsed.text
    for found in parsed.dates:
        text = text.replace(found.text, " ")
    return text


_CLAUSE = re.compile(r"[.?!;:,\n]")


def _what_is_re(
    words: Mapping[str, tuple[str, ...]], terms: dict[str, Topic]
) -> re.Pattern[str] | None:
    """One clause that asks what a term is (the lexicon's `asking_what:` says how)."""
    before, after = words.get("before", ()), words.get("after", ())
    if not terms or not (before or after):
        return None
    named = phrase_pattern(terms)
    fillers = rf"(?:(?:{phrase_pattern(words.get('fillers', ()))})\s+)*"
    openers = rf"(?:(?:{phrase_pattern(words.get('openers', ()))})\s+)*"
    tail = rf"(?:\s+(?:{phrase_pattern(words.get('tail', ()))})\b.*)?$"
    return re.compile(
        rf"\b(?:{phrase_pattern(before)})\s+{fillers}(?P<a>{named})\b{tail}"
        rf"|^{openers}{fillers}(?P<b>{named})\s+(?:{phrase_pattern(after)})\b"
    )
