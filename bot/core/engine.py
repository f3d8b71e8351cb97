"""The answer engine: from a question, a role, a language and "today" to a sourced answer.

Plain synchronous Python and deterministic for a given (text, role, language, today): the Telegram
bot, the console chat and the command line all call `Engine.ask`, and tests call it directly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.core import citing, render
from bot.core.answer import Answer, VerdictView
from bot.core.applicants import ApplicantQuestion, ApplicantRules
from bot.core.conversation import Frame, frame_of, merge
from bot.core.crosscheck import check_links
from bot.core.dated import DATED_INTENTS, DatedAnswers, DatedReply
from bot.core.dates.cue import date_words
from bot.core.parser import ParsedQuestion, QuestionParser
from bot.core.render import Citation, Link
from bot.core.routing import ANSWER_THRESHOLD, SUGGEST_THRESHOLD, Routes, item_text
from knowledge.loader import KnowledgeBase, load_knowledge
from knowledge.matcher import Match, Matcher
from knowledge.model import Topic
from rules.calendar import Calendar, CalendarItem, load_calendar
from rules.selection import ItemQuery, relevant_items
from rules.upcoming import outlook_or_wider

MAX_SUGGESTIONS = 3
# Adapters split a long answer into messages; this only bounds what one question can produce.
MAX_REPLY = 8192
_SENTENCES = re.compile(r"(?<=[?!.])\s+|\n+")


def _clip(text: str) -> str:
    if len(text) <= MAX_REPLY:
        return text
    return text[: MAX_REPLY - 1].rstrip() + "…"


class Engine:
    """Knowledge base + calendar + parser + matcher, wired once and reused for every question."""

    def __init__(self, kb: KnowledgeBase, calendar: Calendar) -> None:
        check_links(kb, calendar)
        self.kb = kb
        self.calendar = calendar
        self.matcher = Matcher(kb, date_words())
        self.parser = QuestionParser(kb.lexicon, kb.words())
        self.dated = DatedAnswers(calendar)
        # The calendar as known on a day, for the few days before a move was announced.
        self._known: dict[dt.date, tuple[Calendar, DatedAnswers]] = {}
        self.routes = Routes(kb, self.matcher, calendar, self.dated)
        self.applicants = ApplicantRules(kb)
        # The engine is deterministic for (text, today, role, lang), and FAQ questions repeat.
        self._answers = lru_cache(maxsize=4096)(self._ask)
        self._rendered: dict[tuple[str, str, str, dt.date], tuple[str, tuple[Citation, ...]]] = {}

    def clear_caches(self) -> None:
        """Forget every cached result (the benchmark measures the uncached path)."""
        self._answers.cache_clear()
        self._rendered.clear()
        self.parser.clear_caches()
        self.matcher.rank.cache_clear()
        self.matcher.clear_caches()

    def _on(self, today: dt.date) -> tuple[Calendar, DatedAnswers]:
        """The calendar, and its dated answers, as known on `today`: a move announced later
        is not in force yet ("reporté au 30 novembre" was news on 21 June 2022)."""
        known = self._known.get(today)
        if known is None:
            calendar = self.calendar.as_of(today)
            known = (calendar, self.dated if calendar is self.calendar else DatedAnswers(calendar))
            if len(self._known) >= 512:
                self._known.clear()
            self._known[today] = known
        return known

    @classmethod
    def load(cls, knowledge_dir: Path | None = None, calendar_path: Path | None = None) -> Engine:
        return cls(load_knowledge(knowledge_dir), load_calendar(calendar_path))

    # --- helpers the adapters use ---------------------------------------------------------------

    def channels(self, lang: str, role: str | None = None) -> tuple[Link, ...]:
        """The official channels for a role (all of them when the role is unknown), as links."""
        return tuple(
            Link(c.label.get(lang), c.url)
            for c in self.kb.channels
            if role is None or not c.roles or role in c.roles
        )

    def citations(self, sources: Iterable[tuple[str, str | None]]) -> tuple[Citation, ...]:
        """(document id, quote) pairs as citations, one per page, quotes kept, order kept."""
        return citing.citations(self.kb, sources)

    def _compose(
        self, body: str, citations: Sequence[Citation], lang: str, links: Sequence[Link] = ()
    ) -> str:
        return _clip(render.compose(body, citations, links, lang))

    def _static_answer(
        self, topic: Topic, lang: str, today: dt.date, also: Topic | None = None
    ) -> tuple[str, tuple[Citation, ...]]:
        """A topic's reply and sources: its text, then its calendar items as of `today`; with
        `also`, that topic's after it ("SONS vs SUN-ES ?")."""
        key = (topic.id, also.id if also else "", lang, today)
        cached = self._rendered.get(key)
        if cached is None:
            calendar = self._on(today)[0]
            bodies, pairs, links = [], [], []
            for each in (topic, also) if also else (topic,):
                items = [i for i in map(calendar.get, each.calendar) if i is not None]
                later = [f.says.get(lang) for f in each.known_later(today)]
                text = " ".join([each.answer.get(lang).strip(), *later])
                bodies.append("\n".join([text, *(render.item_line(i, lang, today) for i in items)]))
                pairs += [
                    (c.document, c.quote)
                    for c in citing.topic_citations(self.kb, each, today, items)
                ]
                links += [x for x in citing.topic_links(self.kb, each, lang) if x not in links]
            citations = self.citations(pairs)
            body = "\n\n".join(bodies)
            cached = self._rendered[key] = (self._compose(body, citations, lang, links), citations)
        return cached

    # --- the questions --------------------------------------------------------------------------

    def ask(
        self,
        text: str,
        *,
        today: dt.date,
        role: str | None = None,
        lang: str | None = None,
        context: Frame | None = None,
        prefer_lang: str = "fr",
    ) -> Answer:
        """Answer one question; `context` is the frame of the conversation's previous answer;
        `lang` forces the answer's language, `prefer_lang` only breaks a tie (the browser's or
        the Telegram client's language, for "segur ?"). Never raises on any text."""
        answer: Answer = self._answers(text, today, role, lang, context, prefer_lang)
        return answer

    def _ask(
        self,
        text: str,
        today: dt.date,
        role: str | None,
        lang: str | None,
        context: Frame | None = None,
        prefer_lang: str = "fr",
    ) -> Answer:
        if not text or not text.strip():
            language = lang or ("en" if prefer_lang == "en" else "fr")
            return Answer(
                render.t("empty", language), language, fallback=True, role=role, frame=context
            )
        parsed, focus = merge(self.parser.parse(text, today, role, lang, prefer_lang), context)
        kind = self._small_talk(parsed.folded)
        if kind is not None:
            return Answer(render.t(kind, parsed.lang), parsed.lang, role=parsed.role, frame=context)
        ranked, confident = self._rank(parsed)
        best = ranked[0] if ranked else None
        topic = self.kb.topics[best.topic] if confident and best else None
        base: dict[str, Any] = {
            "lang": parsed.lang,
            "role": parsed.role,
            "confidence": (best.score / 100) if best else 0.0,
            "dates": tuple(d.day.isoformat() for d in parsed.dates),
            "best_guess": best.topic if best else None,
            "frame": frame_of(parsed, focus),
        }
        if self._states_profile(parsed):
            return self._noted(parsed, base)
        if parsed.unreadable and (parsed.intent in DATED_INTENTS or parsed.anchored):
            # A date the user meant but we could not read: never judged as another day.
            return self._unreadable(parsed, base)
        if parsed.programme == "unrelated":
            topic = None  # "MaPrimeRénov, c'est l'ARS qui gère ?": no programme word makes it ours
        elif parsed.programme == "other" and (topic is None or not topic.redirect):
            # HOP'EN 2, CaRE, the pay rises: never dated from our calendar, and naming one is
            # reason enough for its redirect line however low it scores (it states no fact).
            everyone = self.matcher.rank(parsed.text, len(self.kb.topics))
            redirect = next((m for m in everyone if self.kb.topics[m.topic].redirect), None)
            topic = self.kb.topics[redirect.topic] if redirect else None
        topic = self.routes.refine(parsed, topic, ranked)
        applicant = None if parsed.follow_up else self.applicants.find(parsed)
        if applicant is not None:
            return self._applicant_answer(parsed, applicant, today, base)
        # A follow-up about the last answer's items wins over any topic its few words resemble.
        refers_back = bool(focus) and parsed.follow_up
        if self.routes.for_calendar(parsed, topic, ranked, focus, refers_back):
            dated = self._on(today)[1]
            reply = dated.answer(parsed, today, item_text(self.kb, parsed), focus)
            if reply is not None:
                return self._dated_reply(reply, parsed, ranked, base)
        if self.routes.wants_verdict(parsed, topic, best):
            return self._dated_answer(parsed, topic, today, base)
        topic, also = self.routes.compared(parsed) or (topic, None)
        if topic is None:
            return self._fallback(parsed, ranked, base)
        if topic.action in ("next_window", "upcoming_deadlines"):
            return self._outlook_answer(parsed, topic, today, base)
        text, sources = self._static_answer(topic, parsed.lang, today, also)
        links = citing.topic_links(self.kb, topic, parsed.lang)
        answer = Answer(text, topic=topic.id, sources=sources, links=links, **base)
        return self._rule_with_verdict(answer, parsed, topic, today)

    def _rank(self, parsed: ParsedQuestion) -> tuple[tuple[Match, ...], bool]:
        """The topics, and whether the best answers; when the context drowns the ask ("c'est quoi
        SUN-ES ? on m'en parle en CODIR"), the asking sentence may answer, ranked near the top."""
        ranked = self.matcher.rank(parsed.text)
        if self.routes.confident(ranked, parsed):
            return ranked, True
        sentences = _SENTENCES.split(parsed.text.strip())
        near = {m.topic for m in ranked[:3]}
        for ask in (s for s in sentences if len(sentences) > 1 and s.endswith("?")):
            asked = dataclasses.replace(parsed, text=ask)
            own = self.matcher.rank(ask)
            if (
                own
                and own[0].topic in near
                and self.routes.says_enough(asked)
                and self.routes.confident(own, asked)
            ):
                return own, True
        return ranked, False

    def _rule_with_verdict(
        self, answer: Answer, parsed: ParsedQuestion, topic: Topic, today: dt.date
    ) -> Answer:
        """ "On a raté le référencement hier, un jour de retard c'est rédhibitoire ?": the rule
        (deadlines are strict), then the named step's verdict as of now, from the calendar."""
        when = parsed.intent == "deadline" and not parsed.weak_intent
        if topic.redirect and self.applicants.asks_whether(parsed) and not when:
            # "hopen2, on est éligible ?": not ours to say (a when-question gets the topic).
            return self._led(answer, parsed, "neither_elsewhere", None)
        rule = {v: k for k, v in self.calendar.rule_topics.items()}.get(topic.id)
        if rule is None or parsed.programme not in (None, rule):
            return answer
        if not (parsed.milestones and parsed.role is not None) and not parsed.strictness:
            return answer
        if not (parsed.milestones and parsed.role is not None):
            # "une tolérance d'un jour ?": the rule's no, whatever step is meant.
            return self._led(answer, parsed, f"no_tolerance_{rule}", False)
        now = dataclasses.replace(
            parsed, dates=(), filing=None, intent="verdict", asks_why=False, as_of_now=True
        )
        reply = self._on(today)[1].verdict(now, today, item_text(self.kb, now))
        if reply is None or reply.verdict is None:
            return answer
        body = render.body_of(answer.text, answer.sources, answer.links, parsed.lang)
        text = self._compose(f"{body}\n{reply.body}", answer.sources, parsed.lang, answer.links)
        verdict = VerdictView.of(reply.verdict, parsed.lang)
        return dataclasses.replace(answer, text=text, verdict=verdict)

    def _led(
        self, answer: Answer, parsed: ParsedQuestion, key: str, eligible: bool | None
    ) -> Answer:
        """A topic's answer led by its yes, no or neither (the verdict of a rule, not a date)."""
        lead = render.t(key, parsed.lang)
        text = self._compose(f"{lead}\n{answer.body}", answer.sources, parsed.lang, answer.links)
        verdict = VerdictView(eligible, answer.topic or "", None, None, lead)
        return dataclasses.replace(answer, text=text, verdict=verdict)

    def answer_topic(
        self, topic_id: str, *, today: dt.date, role: str | None = None, lang: str = "fr"
    ) -> Answer:
        """The answer to one topic, as when a user presses a suggestion button."""
        topic = self.kb.topics.get(topic_id)
        if topic is None:
            return self._fallback_empty(lang, role)
        parsed = self.parser.parse(topic.title.get(lang), today, role, lang)
        base: dict[str, Any] = {
            "lang": lang,
            "role": parsed.role,
            "confidence": 1.0,
            "dates": (),
            "best_guess": topic.id,
        }
        if topic.action == "eligibility":
            return self._dated_answer(parsed, topic, today, base)
        if topic.action:
            return self._outlook_answer(parsed, topic, today, base)
        text, sources = self._static_answer(topic, lang, today)
        links = citing.topic_links(self.kb, topic, lang)
        return Answer(text, topic=topic.id, sources=sources, links=links, **base)

    def outlook_text(
        self,
        *,
        today: dt.date,
        role: str | None,
        lang: str,
        windows_only: bool,
        next_only: bool = False,
    ) -> str:
        """/prochaine (what is open and the next one) and /echeances (everything ahead)."""
        query = ItemQuery(role=role)
        view = outlook_or_wider(self._on(today)[0], today, query, windows_only=windows_only)
        body = render.render_outlook(
            view, lang, next_only=next_only, all_software=self._software_of(query, view.wide)
        )
        items = view.shown()
        citations = self.citations((d, None) for i in items for d in i.all_sources())
        links = self.channels(lang, role) if view.nothing_ahead else ()
        return self._compose(body, citations, lang, links)

    def _software_of(self, query: ItemQuery, wide: bool) -> frozenset[str]:
        """The software an outlook is about: named in the question, else the role's items'."""
        if query.software:
            return query.software
        items = relevant_items(self.calendar, ItemQuery(role=query.role), wide=wide)
        return frozenset().union(*(i.software for i in items))

    def eligibility(
        self,
        *,
        today: dt.date,
        role: str | None,
        lang: str,
        on: str | None = None,
        software: frozenset[str] = frozenset(),
    ) -> Answer:
        """/eligible [date]: the verdict for a role (and the software the user works on, when
        known), today or on the date the user gives."""
        text = on or ""
        parsed = self.parser.parse(text, today, role, lang) if text else None
        if parsed is not None and parsed.unreadable and not parsed.dates:
            return self._unreadable(
                parsed, {"lang": lang, "role": role, "best_guess": "eligibility_check"}
            )
        if parsed is None:
            parsed = ParsedQuestion(
                "", "", lang, role, "flag" if role else "none", (), software, frozenset()
            )
        elif software and not parsed.software:
            parsed = dataclasses.replace(parsed, software=software)
        base: dict[str, Any] = {
            "lang": lang,
            "role": role,
            "confidence": 1.0,
            "dates": tuple(d.day.isoformat() for d in parsed.dates),
            "best_guess": "eligibility_check",
        }
        topic = next((t for t in self.kb.topics.values() if t.action == "eligibility"), None)
        return self._dated_answer(parsed, topic, today, base)

    # --- internals ------------------------------------------------------------------------------

    def _dated_reply(
        self,
        reply: DatedReply,
        parsed: ParsedQuestion,
        ranked: tuple[Match, ...],
        base: dict[str, Any],
    ) -> Answer:
        """A calendar answer with its sources, its links and the frame a follow-up inherits."""
        lang = parsed.lang
        base = {**base, "frame": frame_of(parsed, reply.focus)}
        if reply.kind == "ask_role":
            return Answer(reply.body, topic="eligibility_check", needs_role=True, **base)
        if reply.kind == "unknown":
            # No date for it: said plainly, with the channels. The topic that explains the gap
            # ("vague 2 DPI référencement") stands for it, never for a window that does not exist.
            links = self.channels(lang, parsed.role)
            text = self._compose(reply.body, (), lang, links)
            confident = bool(ranked) and ranked[0].score >= ANSWER_THRESHOLD
            explains = ranked[0].topic if confident and not parsed.phantom else None
            # "encore dans les temps pour la v2 ?" with no date in our sources: neither yes nor
            # no, said as such (the adapters mark it as uncertain).
            # So is "solde v2 PFI possible en janvier 2027 ?": a day named is a day judged.
            judged = parsed.intent in ("verdict", "missed") or bool(
                parsed.dates and (parsed.intent is None or parsed.weak_intent)
            )
            undecided = VerdictView(None, "", None, None, "no_date") if judged else None
            return Answer(text, topic=explains, links=links, verdict=undecided, **base)
        pairs: list[tuple[str, str | None]] = [(d, None) for d in reply.sources]
        pairs += [(d, None) for i in reply.items for d in i.all_sources()]
        if reply.verdict is not None and reply.kind == "verdict":
            programme = reply.verdict.item.programme
            rule = self.kb.topics.get(self.calendar.rule_topics.get(programme, ""))
            if rule is not None:
                # The rule's own words (its topic's first source), not all that topic cites.
                pairs += [(s.document, s.quote) for s in rule.sources[:1]]
        citations = self.citations(pairs)
        unsure = reply.verdict is not None and reply.verdict.eligible is None
        links = self.channels(lang, parsed.role) if reply.nothing_ahead or unsure else ()
        lines = [reply.body]
        if parsed.role is None and reply.kind == "outlook" and not reply.nothing_ahead:
            lines.append(render.t("ask_role", lang))
        return Answer(
            self._compose("\n".join(lines), citations, lang, links),
            # A window that does not exist is no topic of ours, even told the last real one.
            topic=None if reply.kind == "phantom" else self._topic_for(reply, ranked, parsed),
            sources=citations,
            links=links,
            verdict=VerdictView.of(reply.verdict, lang) if reply.verdict else None,
            **base,
        )

    def _topic_for(
        self, reply: DatedReply, ranked: tuple[Match, ...], parsed: ParsedQuestion
    ) -> str:
        """The topic a calendar answer stands for: the best-ranked one holding its items."""
        if reply.kind == "verdict" and reply.verdict and reply.verdict.item.disputed:
            # Sources that disagree on the date: the topic that tells both stands for it.
            held = [t.id for t in self.kb.topics.values() if reply.verdict.item.id in t.calendar]
            return held[0] if held else "eligibility_check"
        if reply.kind == "verdict":
            # "raté hier, une tolérance ?": the rule, told as that step's verdict now.
            rule = reply.verdict and parsed.strictness and reply.verdict.item.programme
            return self.calendar.rule_topics.get(rule or "", "eligibility_check")
        if reply.kind == "missed":
            return "sunes_missed_window"
        windows = bool(reply.items) and all(i.programme == "sun-es" for i in reply.items)
        if reply.kind == "outlook":
            return "next_window" if windows else "upcoming_deadlines"
        ids = {i.id for i in reply.items}
        for match in ranked:
            topic = self.kb.topics[match.topic]
            if ids and ids <= set(topic.calendar) and not topic.action:
                return topic.id
        return "next_window" if windows else "upcoming_deadlines"

    def _states_profile(self, parsed: ParsedQuestion) -> bool:
        """'je suis éditeur de DPI': who the user is, and no question yet."""
        return (
            parsed.role_from == "text"
            and parsed.folded.startswith(self.kb.lexicon.profile_openings)
            and "?" not in parsed.text
            and parsed.intent is None
            and not parsed.milestones
            and not parsed.dates
            and len(parsed.folded.split()) <= 10
        )

    def _unreadable(self, parsed: ParsedQuestion, base: dict[str, Any]) -> Answer:
        first = parsed.unreadable[0]
        key = "unreadable_hour" if first.reason == "hour" else "unreadable_date"
        why = render.t(f"why_{first.reason}", parsed.lang)
        text = render.t(key, parsed.lang, text=first.text, why=why)
        return Answer(text, topic="eligibility_check", **{**base, "lang": parsed.lang})

    def _noted(self, parsed: ParsedQuestion, base: dict[str, Any]) -> Answer:
        who = render.t(f"role_{parsed.role}", parsed.lang)
        if parsed.software:
            who += ", " + ", ".join(sorted(parsed.software))
        return Answer(render.t("noted", parsed.lang, who=who), topic=None, **base)

    def _small_talk(self, folded: str) -> str | None:
        """'greeting' or 'thanks' when the whole message is one of those, else None."""
        phrase = " ".join(folded.split())
        for kind, phrases in self.kb.lexicon.small_talk.items():
            if phrase in phrases or phrase.rstrip("s") in phrases:
                return kind
        return None

    def _dated_answer(
        self, parsed: ParsedQuestion, topic: Topic | None, today: dt.date, base: dict[str, Any]
    ) -> Answer:
        """A verdict asked for by a topic or a command (/eligible): the calendar judges it."""
        if parsed.role is None:
            return Answer(
                render.t("ask_role", parsed.lang),
                topic="eligibility_check",
                needs_role=True,
                **base,
            )
        reply = self._on(today)[1].verdict(parsed, today, item_text(self.kb, parsed))
        if reply is None:
            return self._outlook_answer(parsed, topic, today, base)
        answer = self._dated_reply(reply, parsed, (), base)
        # The topic whose dates were judged stands for the answer, as for its text.
        return dataclasses.replace(answer, topic=topic.id) if topic else answer

    def _applicant_answer(
        self, parsed: ParsedQuestion, found: ApplicantQuestion, today: dt.date, base: dict[str, Any]
    ) -> Answer:
        """Who may apply ("une HAD peut candidater au SUN-ES ?"): the rule says yes or no; for a
        yes about now ("cette année", "encore"), the windows of that day decide, as for any
        hospital."""
        lang, topic, group = parsed.lang, found.topic, found.group
        says = group.says.get(lang)
        # The rule's own words: the first excerpt of each page the group cites.
        first = {s.document: s for s in reversed(topic.sources)}
        pairs = [(d, first[d].quote) for d in group.sources if d in first]
        windows = topic.applicants.windows if topic.applicants else None
        lines = [render.t("applicant_yes" if group.eligible else "applicant_no", lang, says=says)]
        verdict = VerdictView(group.eligible, topic.id, None, None, says)
        nothing_ahead = False
        if group.eligible and windows:
            calendar, dated = self._on(today)
            reply = None
            if found.about_now:
                hospital = dataclasses.replace(parsed, role="hospital", programme=windows)
                reply = dated.verdict(hospital, today, item_text(self.kb, hospital))
            if reply is not None and reply.verdict is not None:
                lines = [says[:1].upper() + says[1:], reply.body]
                verdict = VerdictView.of(reply.verdict, lang)
                items = list(reply.items)
                nothing_ahead = reply.nothing_ahead
            else:
                query = ItemQuery(role="hospital")
                view = outlook_or_wider(calendar, today, query, windows_only=True)
                lines.append(render.render_outlook(view, lang, next_only=True))
                items = view.shown(next_only=True)
                nothing_ahead = view.nothing_ahead
            pairs += [(d, None) for i in items for d in i.all_sources()]
        citations = self.citations(pairs)
        links = self.channels(lang, "hospital") if nothing_ahead else ()
        return Answer(
            self._compose("\n".join(lines), citations, lang, links),
            topic=topic.id,
            sources=citations,
            links=links,
            verdict=verdict,
            **{**base, "role": parsed.role},
        )

    def _outlook_answer(
        self, parsed: ParsedQuestion, topic: Topic | None, today: dt.date, base: dict[str, Any]
    ) -> Answer:
        lang = parsed.lang
        topic_id = topic.id if topic else None
        query = ItemQuery(parsed.role, parsed.software, parsed.waves, item_text(self.kb, parsed))
        windows_only = (
            topic is not None and topic.action == "next_window" and parsed.role == "hospital"
        )
        view = outlook_or_wider(self._on(today)[0], today, query, windows_only=windows_only)
        next_only = topic is not None and topic.action == "next_window"
        lines = [
            render.render_outlook(
                view, lang, next_only=next_only, all_software=self._software_of(query, view.wide)
            )
        ]
        if parsed.role is None and not view.nothing_ahead:
            lines.append(render.t("ask_role", lang))
        items = view.shown(next_only)
        pairs: list[tuple[str, str | None]] = [(d, None) for i in items for d in i.all_sources()]
        if topic is not None and not topic.action:
            # An action topic's own quotes are about its examples, not this asker's dates.
            pairs = [(s.document, s.quote) for s in topic.sources] + pairs
        citations = self.citations(pairs)
        links = self.channels(lang, parsed.role) if view.nothing_ahead else ()
        return Answer(
            self._compose("\n".join(lines), citations, lang, links),
            topic=topic_id,
            sources=citations,
            links=links,
            **base,
        )

    def _fallback(
        self, parsed: ParsedQuestion, ranked: tuple[Match, ...], base: dict[str, Any]
    ) -> Answer:
        candidates = [m.topic for m in ranked if m.score >= SUGGEST_THRESHOLD]
        if parsed.programme != "other":
            # "segur ?" is a menu of the programme: another subject's redirect comes after its
            # own topics unless the question names that subject (a stable sort keeps the rank).
            candidates.sort(key=lambda t: self.kb.topics[t].redirect)
        suggestions = candidates[:MAX_SUGGESTIONS]
        topics = [self.kb.topics[s] for s in suggestions]
        links = self.channels(parsed.lang, parsed.role)
        text = self._compose(render.render_fallback(topics, parsed.lang), (), parsed.lang, links)
        return Answer(text, fallback=True, suggestions=tuple(suggestions), links=links, **base)

    def _fallback_empty(self, lang: str, role: str | None) -> Answer:
        links = self.channels(lang, role)
        text = self._compose(render.render_fallback([], lang), (), lang, links)
        return Answer(text, lang, fallback=True, role=role, links=links)

    def relevant_items(self, role: str | None) -> list[CalendarItem]:
        return relevant_items(self.calendar, ItemQuery(role=role))
