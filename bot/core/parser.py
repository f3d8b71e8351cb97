"""The question parser: language, role, software types, waves and dates of one question."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from bot.core.claim_reading import ClaimReader
from bot.core.clauses import (
    ASKED,
    CLAUSES,
    FILING_REACH,
    SENTENCES,
    compares_dates,
    joined,
    sentence_before,
)
from bot.core.clues import accented_words_re, clue_re
from bot.core.dates import FoundDate, Unreadable, find_dates, find_unreadable
from bot.core.dates.cue import date_words
from bot.core.spelling import ClueSpelling
from bot.core.zones import LocalTime, Zones
from knowledge.model import Lexicon
from knowledge.normalize import fold
from knowledge.phrases import phrase_pattern
from rules.calendar import ROLES

MAX_ANALYSED = 2000  # characters: a long paste is answered from its start, in bounded time
_ACCENTED = re.compile(r"[éèêàâçùûôîïëœ]", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedQuestion:
    text: str
    folded: str
    lang: str
    role: str | None
    role_from: str  # "flag", "text" or "none"
    dates: tuple[FoundDate, ...]
    software: frozenset[str]
    waves: frozenset[int]
    # The question frame: what is asked, about which step of which programme.
    intent: str | None = None  # verdict, missed, deadline, next, list; None: a fact question
    weak_intent: bool = False  # only words that name dates ("deadline"), none that ask when
    asks_why: bool = (
        False  # "pourquoi", "ça change quoi", "will it move": a fact, whatever its dates
    )
    milestones: frozenset[str] = frozenset()
    programme: str | None = None  # sun-es or sons, when the words say which
    follow_up: bool = False  # starts like "et pour l'avance ?": refines the previous question
    phantom: bool = False  # names a window or wave that does not exist ("F5", "vague 3")
    # Names a subject whose dates are a topic's, not the calendar's ("les cibles F1 ?").
    undated_subject: bool = False
    # Asks how strict the deadlines are ("une tolérance ?"), whatever else it asks.
    strictness: bool = False
    # Date-like phrases the date layer could not read ("31/06/2022", "16 juim"), with why.
    unreadable: tuple[Unreadable, ...] = ()
    asks_all: bool = False  # "prochaines dates ?": every date ahead, not only the next
    as_of_now: bool = False  # "on a loupé hier, c'est mort ?": judged now, not on the day named
    now_first: bool = False  # "open yet, or do we wait until tomorrow?": judged now
    # "le portail est déjà ouvert ?": asks whether it has opened, not whether it is still open.
    asks_opened: bool = False
    # "il reste une échéance ?", "is there any window left?": a yes or no about what is ahead.
    asks_whether: bool = False
    # The day and time of the filing to judge, among `dates` (see `_filing_date`).
    filing: FoundDate | None = None
    # "on a jusqu'au 15 juin, c'est ça ?": the end of a step ("closes", "opens") the question
    # states on its one day, to be confirmed or corrected rather than judged as a filing.
    claim: str | None = None
    # "il est 15h30 à La Réunion": the place whose hour was said; `dates` hold Paris's hour.
    local: LocalTime | None = None
    # "on n'a pas déposé le référencement. L'avance, c'est possible ?": the steps a sentence says
    # were missed, when another sentence asks about a later one.
    prior_missed: frozenset[str] = frozenset()
    # "fin octobre ou fin novembre ?": two days side by side, asking which one holds.
    compares: bool = False
    # "on a fini l'install le 25/09, le solde c'est possible ?": the steps a clause says were
    # done, with the day, when another clause asks about a step of its own.
    prior_done: tuple[tuple[str, dt.date], ...] = ()
    # "notre éditeur PFI ... et pour le DPI ?": the software named first is the one asked about.
    software_first: str | None = None
    # "s'il dépose avec un jour de retard ?": a filing after the close, its day unnamed.
    # Holds the words with a little before them ("in a day late" reads "in a day" as a date).
    late: str | None = None
    # "... pour les DPI, c'est le 17 septembre comme pour les PFI ?": the other software is a
    # comparison, and a claim is about `software_first` alone.
    likened: bool = False
    # "missed F3 last month, can we just apply in the next window?": the window after it.
    names_next: bool = False
    # "si on rate la date de quelques heures": late on the closing day itself, after its time.
    late_hours: bool = False
    # "la date limite a été décalée d'un mois, c vrai ?": whether the step's date moved.
    asks_moved: bool = False
    # "SONS c'est quoi ? … un prospect m'a posé la question ce matin": every day said is in a
    # sentence that neither asks nor names a step, a filing or a software: context.
    context_days: bool = False

    @property
    def anchored(self) -> bool:
        """Names something the calendar can answer: a step, a software type or a programme."""
        return bool(self.milestones or self.software or self.programme)


class QuestionParser:
    """Parses questions with the clue words of the knowledge base's lexicon."""

    def __init__(self, lexicon: Lexicon, known: frozenset[str] = frozenset()) -> None:
        # Roles and software types share clues ("lgc" says both "a doctor" and "LGC software"),
        # so they are two patterns; the waves share the software one.
        # A vendor's clue wins a tie with another role's at the same place; then the calendar's
        # order of the roles.
        ordered = sorted(
            lexicon.roles, key=lambda r: (r != "vendor", ROLES.index(r) if r in ROLES else 99)
        )
        self._roles = clue_re({r: lexicon.roles[r] for r in ordered})
        self._things = clue_re(
            {
                **{f"sw_{n}": c for n, c in lexicon.software.items()},
                **{f"wave_{w}": c for w, c in lexicon.waves.items()},
            }
        )
        self._markers = lexicon.language_markers
        self._loanwords = accented_words_re(lexicon.loanwords)
        self._intents = clue_re(dict(lexicon.intents))
        self._intent_order = tuple(lexicon.intents)
        self._milestones = clue_re(dict(lexicon.milestones))
        self._programmes = clue_re({p.replace("-", "_"): w for p, w in lexicon.programmes.items()})
        self._programme_roles = lexicon.programme_roles
        self._finer_steps = lexicon.finer_steps
        self._follow_ups = lexicon.follow_ups
        self._phantoms = clue_re({"phantom": lexicon.phantoms})
        self._done = clue_re({"done": lexicon.done_words})
        self._undated = clue_re({"undated": lexicon.undated_subjects})
        said = "|".join(re.escape(fold(w)) for w in lexicon.today_is) or "(?!)"
        # "on est le 29 avril", "it's 9pm in Paris on Nov 30": a few words with a time between.
        self._today_is = re.compile(
            rf"\b(?:{said})(?:(?: le| the)?|(?=[^.?!]*\d)[^.?!\d]{{0,4}}\d[^.?!]{{0,25}}?)\s*$"
        )
        self._all_ahead = clue_re({"all": lexicon.all_ahead})
        self._as_of_now = clue_re({"now": lexicon.as_of_now})
        self._now_first = clue_re({"now": lexicon.now_first})
        self._already = clue_re({"already": lexicon.already})
        self._whether = clue_re({"whether": lexicon.whether_ahead})
        self._late = clue_re({"late": lexicon.late_filing})
        self._reported = clue_re({"reported": lexicon.reported})
        # Right before a step said done, words that deny it ("dossier pas envoyé").
        denied = phrase_pattern(fold(w) for w in lexicon.not_done)
        self._not_done = re.compile(rf"\b(?:{denied})\s+(?:(?:{denied})\s+)?$")
        self._likened = clue_re({"likened": lexicon.likened})
        self._next_window = clue_re({"next": lexicon.next_window})
        self._late_hours = clue_re({"hours": lexicon.late_hours})
        self._moved = clue_re({"moved": lexicon.moved})
        self._why = clue_re({"why": ("pourquoi", *lexicon.synonyms.get("pourquoi", ()))})
        self._hospital_steps = lexicon.hospital_steps
        self._filing = clue_re({"filing": lexicon.filing_words})
        self._zones = Zones(lexicon.time_zones)
        self._claims = ClaimReader(lexicon, self._filing, self._today_is, self._as_of_now)
        # `known`: the knowledge base's words, never read as a typo of a clue word.
        self._spelling = ClueSpelling.for_lexicon(lexicon, known | date_words())
        self.parse = lru_cache(maxsize=2048)(self._parse)

    def clear_caches(self) -> None:
        self.parse.cache_clear()
        self._spelling.clear_cache()

    def language(self, text: str, folded: str, prefer: str = "fr") -> str:
        """The question's language; `prefer` (the page's or the client's) when its words do
        not tell ("segur ?")."""
        tokens = folded.split()
        fr = sum(1 for t in tokens if t in self._markers.get("fr", ()))
        en = sum(1 for t in tokens if t in self._markers.get("en", ()))
        if _ACCENTED.search(text) and _ACCENTED.search(self._loanwords.sub("", text)):
            fr += 2  # an accent says French, unless only on our terms ("Ségur wave 2 dates?")
        if en == fr:
            return "en" if prefer == "en" else "fr"
        return "en" if en > fr else "fr"

    def role_in(self, folded: str) -> str | None:
        """The role whose clue comes first in the question: 'je suis éditeur ... hôpitaux' is a vendor."""
        m = self._roles.search(folded)
        return self._roles.family(m) if m else None

    def software_and_waves(self, folded: str) -> tuple[frozenset[str], frozenset[int]]:
        names = {self._things.family(m) for m in self._things.finditer(folded)}
        software = frozenset(n[3:] for n in names if n and n.startswith("sw_"))
        waves = frozenset(int(n[5:]) for n in names if n and n.startswith("wave_"))
        return software, waves

    def first_software(self, folded: str) -> str | None:
        for m in self._things.finditer(folded):
            name = self._things.family(m)
            if name and name.startswith("sw_"):
                return name[3:]
        return None

    def _parse(
        self,
        text: str,
        today: dt.date,
        role: str | None = None,
        lang: str | None = None,
        prefer: str = "fr",
    ) -> ParsedQuestion:
        text, folded = self._spelling.correct(text[:MAX_ANALYSED], fold(text[:MAX_ANALYSED]))
        language = lang if lang in ("fr", "en") else self.language(text, folded, prefer)
        role_from = "flag" if role else "none"
        if not role:
            role = self.role_in(folded)
            role_from = "text" if role else "none"
        software, waves = self.software_and_waves(folded)
        dates, local = self._zones.to_paris(text, folded, find_dates(text, today, language))
        # "lundi prochain" is a date, not a question about what comes next.
        undated = text
        for found in dates:
            undated = undated.replace(found.text, " ")
        named = [
            (self._milestones.family(m), m.start(), m.end())
            for m in self._milestones.finditer(folded)
        ]
        milestones = frozenset(step for step, _, _ in named)
        milestones -= {
            c
            for f, c in self._finer_steps.items()
            if f in milestones and not joined(folded, named, f, c)
        }
        families = self.intent_families(fold(undated) if dates else folded)
        asked_part = fold(" ".join(ASKED.findall(text)))
        if (
            milestones
            and self._all_ahead.search(asked_part)
            and not self._milestones.search(asked_part)
        ):
            # "Quelles sont les échéances vague 1 pour notre SGL ? Notre éditeur n'est pas encore
            # référencé.": every date is asked; the step is the context's.
            milestones = frozenset()
        if {"fact", "verdict"} <= families and "?" in text:
            # "C'est encore bon ? Je suis inquiète, il ne répond pas au téléphone.": a fact word
            # outside the sentences that ask is context, not the question.
            asked = fold(" ".join(ASKED.findall(text)))
            if "fact" not in self.intent_families(asked):
                families.discard("fact")
        intent = self.intent_in(families, bool(dates), bool(milestones))
        whether = self._whether.search(folded) is not None
        if (
            whether
            and "next" in families
            and (intent == "verdict" or (intent == "missed" and milestones <= {"candidature"}))
            and all(d.day == today or not self._filed_before(text, d) for d in dates)
        ):
            # "Y a-t-il une fenêtre après la F4 ?", "qqch à venir pr les éditeurs DPI ou c
            # fini ?": whether anything is ahead, not whether a filing is in time (unless a day
            # follows a filing word: "une fenêtre après, si on dépose en juin ?"); a vendor's step
            # said missed is judged ("raté l'avance drimbox, il reste une option ?").
            intent = "next"
        # "28 avril ou 20 septembre ?" asks which date holds: a fact, not a filing to judge.
        # Only when no fact word asks why: "28 avril ou 20 septembre, pourquoi ?" is a fact.
        compares = compares_dates(text, dates) and intent != "fact"
        asks_why = intent == "fact" or compares
        if asks_why:
            intent = None
        weak = intent == "mention"
        if weak:
            intent = "deadline"
        programme = self.programme_in(folded, milestones, software, role)
        if role == "vendor" and programme is None and milestones == {"candidature"}:
            # "is there anything left to apply for?" from a vendor: its own funding's steps, not
            # the hospitals' windows (a window named is SUN-ES's, above).
            milestones = frozenset()
        done = self._done_before(text, dates) if self._done.search(folded) else ()
        if not done and milestones and self._done.search(folded):
            milestones -= self._done_undated(text, dates)
        if done and intent in ("deadline", "next", "list"):
            # "installed in August, the last day for the balance?": the other step's date.
            days = {day for _, day in done}
            dates = tuple(d for d in dates if d.day not in days)
            milestones -= {step for step, _ in done}
        filing = self._filing_date(text, dates, today)
        if filing is not None and len(dates) > 1 and not self._filed_before(text, filing):
            filing = self._reported_instead(text, dates, filing)
        as_of_now = self._as_of_now.search(folded) is not None
        if (
            as_of_now
            and not done
            and filing
            and filing.day < today
            and self._filed_before(text, filing, True)
        ):
            # "was finished on Sept 20 around 10pm. Does it still count?": the day the step was
            # done is judged, not today (unless another step is asked: "install terminée le 18,
            # le solde est encore possible ?").
            as_of_now = False
        if role_from != "flag":
            role, role_from = self._role_for(role, role_from, programme, software)
        elif role == "hospital" and programme == "sons" and software - {"DRIMbox"}:
            # "il reste quelles échéances vague 1 pour notre éditeur DPI ?": a hospital asking
            # about its vendor's steps for a software it names gets the vendor's calendar.
            role = "vendor"
        return ParsedQuestion(
            text,
            folded,
            language,
            role,
            role_from,
            dates,
            software,
            waves,
            intent,
            weak,
            asks_why,
            milestones,
            programme,
            self.is_follow_up(folded),
            # Within a sentence: "une fenêtre SUN-ES ? 2 mois de candidature" names no "SUN-ES 2".
            any(self._phantoms.search(fold(s)) for s in SENTENCES.split(text)),
            self._undated.search(folded) is not None,
            "strictness" in families,
            find_unreadable(text, tuple(d.text for d in dates)),
            self._all_ahead.search(folded) is not None,
            as_of_now,
            self._now_first.search(folded) is not None,
            self._already.search(folded) is not None and not self._as_of_now.search(folded),
            whether,
            filing,
            None
            if intent == "missed"
            or (intent == "verdict" and any(d.now for d in dates))
            # "deadline is tmrw 2pm right? can we still send at 1:55pm?": the filing said apart
            # from the day stated is what is asked (its verdict states the close anyway).
            or (filing is not None and filing.text != dates[0].text)
            else self._claims.end_claimed(text, folded, dates, today),
            local,
            self._missed_before(text) if "missed" in families else frozenset(),
            compares,
            done,
            self.first_software(folded) if len(software) > 1 else None,
            self._late_words(folded),
            len(software) > 1 and self._likened.search(folded) is not None,
            self._next_window.search(folded) is not None,
            self._late_hours.search(folded) is not None,
            self._moved.search(folded) is not None and not self._why.search(folded),
            self._context_days(text, dates),
        )

    def _context_days(self, text: str, dates: tuple[FoundDate, ...]) -> bool:
        if not dates or "?" not in text:
            return False
        asked = ASKED.findall(text)
        for d in dates:
            # A day written out ("ameli disait 28 avril") is said for what it is: never context.
            if not d.text or any(c.isdigit() for c in d.text):
                return False
            if any(d.text in sentence for sentence in asked):
                return False
            at = text.find(d.text)
            start = max(text.rfind(c, 0, at) for c in ".?!;\n") + 1
            ends = [e for e in (text.find(c, at) for c in ".?!;\n") if e >= 0]
            sentence = fold(text[start : min(ends) if ends else len(text)])
            if (
                self._milestones.search(sentence)
                or self._filing.search(sentence)
                or self._done.search(sentence)
                or self.software_and_waves(sentence)[0]
            ):
                return False
        return True

    def _late_words(self, folded: str) -> str | None:
        m = self._late.search(folded)
        return folded[max(0, m.start() - 12) : m.end()] if m else None

    def _done_before(
        self, text: str, dates: tuple[FoundDate, ...]
    ) -> tuple[tuple[str, dt.date], ...]:
        """The steps a sentence (else a clause) says were done on a day it names, when another
        one asks about a step of its own."""
        for pattern in (SENTENCES, CLAUSES):
            done: list[tuple[str, dt.date]] = []
            asked: set[str] = set()
            for part in pattern.split(text):
                folded = fold(part)
                steps = {self._milestones.family(m) for m in self._milestones.finditer(folded)}
                day = next((d.day for d in dates if d.text and d.text in part), None)
                if day is not None and self._done.search(folded):
                    done += [(step, day) for step in sorted(steps)]
                else:
                    asked.update(steps)
            if done and asked - {step for step, _ in done}:
                return tuple(done)
        return ()

    def _done_undated(self, text: str, dates: tuple[FoundDate, ...]) -> frozenset[str]:
        """The steps a clause says done without a day ("on a fini nos installs DRIMbox, on peut
        déposer les soldes le 15 ?"), when another clause asks about a step of its own: context,
        not the step asked about."""
        done: set[str] = set()
        asked: set[str] = set()
        for part in CLAUSES.split(text):
            folded = fold(part)
            steps = {self._milestones.family(m) for m in self._milestones.finditer(folded)}
            dated = any(d.text and d.text in part for d in dates)
            # "avant quelle date doit-il avoir terminé l'installation ?" asks about it.
            asking = self.intent_families(folded) - {None}
            said = not dated and not asking and self._done.search(folded) is not None
            (done if said else asked).update(steps)
        return frozenset(done) if done and asked - done else frozenset()

    def _missed_before(self, text: str) -> frozenset[str]:
        """The steps named in a sentence (else a clause) that says they were missed, when another
        one asks about a step of its own."""
        for pattern in (SENTENCES, CLAUSES):
            missed: set[str] = set()
            asked: set[str] = set()
            for part in pattern.split(text):
                folded = fold(part)
                steps = {self._milestones.family(m) for m in self._milestones.finditer(folded)}
                said = (self._intents.family(m) for m in self._intents.finditer(folded))
                (missed if "missed" in said else asked).update(steps)
            if missed and asked - missed:
                return frozenset(missed)
        return frozenset()

    def _filing_date(
        self, text: str, dates: tuple[FoundDate, ...], today: dt.date
    ) -> FoundDate | None:
        """The day a verdict judges. With several days named, the first one right after a
        filing word ("la F4 ouvre demain, on peut déposer dès aujourd'hui ?"); else, when they
        all name one day ("aujourd'hui ... ce matin à 9h"), the one that says the most; else the
        first one not yet past ("commande signée hier, l'avance je peux la demander ce matin ?":
        a question about a past day says so, "si je l'avais déposée le 2"); else the first."""
        if len(dates) < 2:
            return dates[0] if dates else None
        # "On est le vendredi 29 avril. Le directeur ne signe que lundi 2 mai": the day said to
        # be today is not the filing's.
        stated = [
            d
            for d in dates
            if d.now or self._today_is.search(fold(sentence_before(text, text.find(d.text))))
        ]
        if stated and len(stated) < len(dates):
            rest = tuple(d for d in dates if d not in stated)
            # "today is 13 May, it's 12:30 ... still possible today?", "closes today at noon.
            # It's 11:55, can they still file?": the time said is now's, unless the other one is
            # a filing's ("il est 11h50, si je dépose à 12h10 ?").
            timed = [
                d
                for d in stated
                if d.time
                and all(r.day == d.day for r in rest)
                and not any(r.time and self._filed_before(text, r) for r in rest)
            ]
            if timed:
                return timed[0]
            dates = rest
            if len(dates) == 1:
                return dates[0]
        cursor = 0
        filed: list[FoundDate] = []
        for found in dates:
            at = text.find(found.text, cursor)
            if at < 0:
                continue
            before = fold(text[max(cursor, at - FILING_REACH) : at])
            if self._filing.search(before) is not None:
                filed.append(found)
            cursor = at + len(found.text)
        if filed:
            # "we filed on 14 June ... can we still answer on Sept 1st?": the day ahead is asked.
            return next((d for d in filed if d.day >= today), filed[0])
        if len({d.day for d in dates}) == 1:
            return max(
                dates, key=lambda d: (d.time is not None and d.period is None, d.time is not None)
            )
        return next((d for d in dates if d.day >= today), dates[0])

    def _reported_instead(
        self, text: str, dates: tuple[FoundDate, ...], filing: FoundDate
    ) -> FoundDate:
        """ "on a signé le bon de commande hier soir à 23h, l'éditeur l'a reçu ce matin": the day
        a step is reported done, when the clause of the day otherwise judged names no step."""
        part = next((c for c in CLAUSES.split(text) if filing.text in c), "")
        if self._milestones.search(fold(part)):
            return filing  # "commande signée hier, l'avance ce matin ?": the avance's day
        said = [d for d in dates if d is not filing and self._filed_before(text, d, True)]
        return said[0] if said else filing

    def _filed_before(self, text: str, found: FoundDate, reported: bool = False) -> bool:
        """A filing word right before the day or time ("si je dépose à 12h10"); with `reported`,
        one that says it was done ("déposé le 30 avril")."""
        at = text.find(found.text)
        if at < 0:
            return False
        if not reported:
            return self._filing.search(fold(text[max(0, at - FILING_REACH) : at])) is not None
        # A report reaches further back, within its clause ("We submitted our window 2
        # application on 30 April").
        before = fold(re.split(r"[?!.;,]", text[max(0, at - 2 * FILING_REACH) : at])[-1])
        # "dossier pas envoyé, hier c'était la limite": a step not done is no report of it.
        return any(
            not self._not_done.search(before[: m.start()]) for m in self._reported.finditer(before)
        )

    def intent_families(self, folded: str) -> set[str | None]:
        return {self._intents.family(m) for m in self._intents.finditer(folded)}

    def intent_in(
        self, found: set[str | None], dated: bool = False, step: bool = False
    ) -> str | None:
        """The first intent family, in the lexicon's order, that the question's words show."""
        if "strictness" in found and "missed" in found and step and "fact" not in found:
            # "solde pas déposé, une tolérance après le 14 ?": that step, judged now.
            return "missed"
        if "strictness" in found and not (dated and "verdict" in found):
            # "un jour de retard et c'est mort ?", "raté hier, un jour de retard c'est
            # rédhibitoire ?" ask the rule; a day to judge ("if we send on 14 May, any
            # tolerance?") asks whether that day is in time.
            return "fact"
        intent = next((i for i in self._intent_order if i in found), None)
        return {"open": "verdict", "strictness": "fact", "consequence": "fact"}.get(
            intent or "", intent
        )

    def programme_in(
        self,
        folded: str,
        milestones: frozenset[str],
        software: frozenset[str],
        role: str | None = None,
    ) -> str | None:
        found = {
            self._programmes.family(m).replace("_", "-") for m in self._programmes.finditer(folded)
        }
        found.discard("everyday")
        if "unrelated" in found:
            return "unrelated"  # MaPrimeRénov, Parcoursup: no health programme at all
        if "other" in found:
            return "other"  # HOP'EN 2, CaRE, the pay rises: never dated from our calendar
        vendor_steps = milestones - self._hospital_steps
        if "sun-es" in found and not vendor_steps:
            # "cheffe de projet DPI dans un GHT : la prochaine fenêtre ?", "éditeur de DPI, nos
            # clients CH demandent quand ouvre la F1": a window named, and no vendor's step, is
            # the hospitals' programme whoever asks and whatever software is mentioned.
            return "sun-es"
        if software or vendor_steps:
            found.add("sons")
        if len(found) == 1:
            return found.pop()
        if (
            not software
            and milestones == {"candidature"}
            and "sons" not in found
            and role != "vendor"
        ):
            return "sun-es"  # "déposer notre candidature": the hospitals' windows
        return "sons" if "sons" in found and software else None

    def _role_for(
        self, role: str | None, role_from: str, programme: str | None, software: frozenset[str]
    ) -> tuple[str | None, str]:
        """A role the text does not give is the programme's audience; a hospital that asks about
        a vendor's step (an order, an advance) for software other than DRIMbox is its vendor."""
        if role is None and programme not in (None, "other", "unrelated"):
            inferred = self._programme_roles.get(programme)
            return inferred, "inferred" if inferred else "none"
        if role == "hospital" and programme == "sons" and "DRIMbox" not in software:
            return "vendor", "inferred"
        return role, role_from

    def is_follow_up(self, folded: str) -> bool:
        words = folded.split()
        return any(" ".join(words[:n]) in self._follow_ups for n in (3, 2, 1))
