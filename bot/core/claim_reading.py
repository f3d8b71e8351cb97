"""Whether a question states a step's date for us to confirm ("on a jusqu'au 15 juin, c'est
ça ?", "la date limite c bien le 15 juin ?", "yesterday noon was the last moment for …, right?"),
and which end of the step: read from the lexicon's `claims:` words around the day. bot/core/claims.py
checks the claim against the calendar."""

from __future__ import annotations

import datetime as dt
import re

from bot.core.clauses import FILING_REACH, sentence_before
from bot.core.clues import Clues, clue_re
from bot.core.dates import FoundDate
from bot.core.dates.cue import has_time_cue
from knowledge.model import Lexicon
from knowledge.normalize import fold


class ClaimReader:
    def __init__(
        self, lexicon: Lexicon, filing: Clues, today_is: re.Pattern[str], as_of_now: Clues
    ) -> None:
        """`filing`, `today_is`, `as_of_now`: the parser's own patterns for a filing word, a day
        said to be today, and a question about now."""
        self._filing, self._today_is, self._as_of_now = filing, today_is, as_of_now
        self._ends = clue_re(
            {k: w for k, w in lexicon.claims.items() if k in ("closes", "opens", "not_claim")}
        )
        self._ask = clue_re({"ask": lexicon.claims.get("ask", ())})
        subject = "|".join(re.escape(fold(w)) for w in lexicon.claims.get("subject", ())) or "(?!)"
        copula = "|".join(re.escape(fold(w)) for w in lexicon.claims.get("copula", ())) or "(?!)"
        self._subject = re.compile(rf"\b(?:{subject})\b")
        self._copula = re.compile(rf"\b(?:{subject})\b.*\b(?:{copula})(?: le| the| on)?\s*$")
        confirming = "|".join(re.escape(fold(w)) for w in lexicon.claims.get("confirming", ()))
        after_day = "|".join(re.escape(fold(w)) for w in lexicon.claims.get("after_day", ()))
        self._after_day = re.compile(rf"[\s,]*(?:{after_day or '(?!)'})\b")
        said = "|".join(re.escape(fold(w)) for w in lexicon.claims.get("said", ()))
        self._said = re.compile(
            rf"\b(?:{said or '(?!)'})(?:\s+(?:que|qu|that|c est|it s|it is))?\s*$"
        )
        opening = "|".join(re.escape(fold(w)) for w in lexicon.claims.get("opening_asked", ()))
        self._opening = re.compile(rf"\b(?:{opening or '(?!)'})\b")
        self._confirms = re.compile(rf"\b(?:{confirming or '(?!)'})\b")
        self._confirming = re.compile(rf"\b(?:{confirming or '(?!)'})(?: le| the| on)?\s*$")
        last = "|".join(re.escape(fold(w)) for w in lexicon.claims.get("ask_last", ())) or "(?!)"
        self._last = re.compile(rf"\b(?:{last})\s*$")
        not_last = "|".join(re.escape(fold(w)) for w in lexicon.claims.get("not_last", ()))
        self._not_last = re.compile(rf"\b(?:{not_last or '(?!)'})\s*$")

    def end_claimed(
        self, text: str, folded: str, dates: tuple[FoundDate, ...], today: dt.date
    ) -> str | None:
        """Which end of a step the question states on its one day: the claim word right before
        the day, in its clause and nearer than any filing word; or, with words that ask for a
        confirmation and no filing word before the day, its close."""
        if not dates or len({d.day for d in dates}) != 1 or dates[0].through is not None:
            return None
        if not (
            self._ends.search(folded)
            or self._ask.search(folded)
            or self._last.search(folded)
            or self._subject.search(folded)
            or self._confirms.search(folded)
            or self._after_day.search(folded)
        ):
            return None  # no word of a claim at all: most dated questions, answered fast
        # "c tjrs vrai ?", "still true?" ask whether the claim holds, not about now.
        if dates[0].day < today and self._as_of_now.search(self._ask.pattern.sub(" ", folded)):
            return None  # "c fermé depuis hier ou on peut encore ?": asks about now
        at = text.find(dates[0].text)
        if at >= 0 and self._said_after_day(text, at, dates[0].text):
            return "closes"  # "so yesterday noon was the last moment for DPI advances, right?"
        if dates[0].time is not None and not has_time_cue(dates[0].text):
            # "le portail ouvre demain, on peut s'enrôler à 15h ?": a time said apart from the
            # day is the filing's ("jusqu'à mercredi midi" says its own).
            return None
        at = text.find(dates[0].text)
        if self._today_is.search(fold(sentence_before(text, at))):
            return None  # "on est le 14 décembre": today, not a date stated for a step
        clause = re.split(r"[?!.;]", text[max(0, at - FILING_REACH) : at])[-1]
        before = fold(clause)
        claimed = None
        # In the day's own part of the clause ("si on dépose le dernier jour, demain à 11h").
        tail = fold(clause.split(",")[-1])
        own = len(before) - len(tail) if before.endswith(tail) else 0
        for m in self._ends.finditer(before):
            if m.start() >= own:
                claimed = m
        filed = None
        for m in self._filing.finditer(before):
            filed = m
        # The deadline word may come further back than a filing word would.
        clause_back = fold(re.split(r"[?!.;]", text[max(0, at - 3 * FILING_REACH) : at])[-1])
        # "la date limite des commandes, c'était hier ?"; a filing word inside the deadline's
        # own phrase ("la date limite pr déposer le dossier, c bien le 15 juin ?") leaves it one.
        if claimed is None and self._copula.search(clause_back):
            return "closes"
        # "le dépôt des demandes de solde c'est bien le 14 décembre à 14h ?": a confirming
        # copula right before the day states the step's date, whatever names the step.
        if claimed is None and self._confirming.search(before):
            return "closes"
        # A filing word before the claim word, or inside it ("devait être terminée le"), leaves it
        # a claim.
        if claimed is not None and (filed is None or filed.end() <= claimed.end()):
            family = self._ends.family(claimed)
            denied = any(self._ends.family(m) == "not_claim" for m in self._ends.finditer(before))
            return None if denied else family
        # The asking words in the day's own sentence ("le 28 avril est passé. … c'est ça ?" asks
        # about something else).
        start = max(text.rfind(c, 0, at) for c in ".?!\n") + 1
        ends = [e for e in (text.find(c, at) for c in ".?!\n") if e >= 0]
        sentence = fold(text[start : (min(ends) + 1 if ends else len(text))])
        asked = self._ask.search(sentence) or (
            self._last.search(folded) and not self._not_last.search(folded)
        )
        # "my boss says this thursday, is that correct?": a day someone is reported to have said.
        reported = self._said.search(before) is not None
        if filed is None and asked and (reported or any(c.isdigit() for c in dates[0].text)):
            # "le solde, c'est le 14 décembre, vous confirmez ?"; "when does the portal open? my
            # boss says this thursday": the end the question asks about.
            return "opens" if self._opening.search(fold(text[:at])) else "closes"
        return None

    def _said_after_day(self, text: str, at: int, day_text: str) -> bool:
        """The day, then what it was for the step ("yesterday noon was the last moment for …"),
        with no filing word before it ("on dépose lundi : c'est le dernier jour ou déjà trop
        tard ?" asks about the filing)."""
        after = text[at + len(day_text) :]
        if after[: len(after) - len(after.lstrip(" ,"))].strip(" ,") or after[:1] in ":;.?!":
            return False
        if not self._after_day.match(fold(after)):
            return False
        clause = re.split(r"[?!.;:]", text[max(0, at - FILING_REACH) : at])[-1]
        return not self._filing.search(fold(clause))
