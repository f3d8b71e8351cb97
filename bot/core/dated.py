"""Questions about a date, answered from the calendar: verdicts, deadlines, what comes next.

The question frame (intent, step, programme, software, wave, role, date) picks the calendar items;
the rules engine judges or dates them as of the question's day. No knowledge text is involved, so
no sentence here can state a tense that is false on some day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.core import render
from bot.core.claims import CLAIM_UNDATED, check_claim
from bot.core.dates import FoundDate
from bot.core.parser import ParsedQuestion
from bot.core.prerequisites import prerequisite_reply
from bot.core.replies import DatedReply
from bot.core.revisions import moved_reply
from bot.core.windows import (
    missed_window,
    next_window,
    next_window_text,
    phantom_window,
    sunes_windows,
)
from knowledge.normalize import fold
from rules.calendar import Calendar, CalendarItem, Undated
from rules.eligibility import (
    BETWEEN_WINDOWS,
    CLOSED,
    CLOSED_AT_LATEST,
    LATER_UNDATED,
    OPENED_ALREADY,
    OPENED_NO_CLOSE,
    WINDOW_AHEAD,
    Filing,
    Verdict,
    hospital_verdict,
    judge,
)
from rules.selection import ItemQuery, keyword_items, pick_for_date, relevant_items
from rules.upcoming import Outlook, item_status, outlook, outlook_or_wider

DATED_INTENTS = ("verdict", "missed", "deadline", "next", "list")
# Past this many lines a "when" question that names no step gets what is open and next instead.
MAX_ITEM_LINES = 8


def filing_of(found: FoundDate) -> Filing:
    """The filing a date the user named stands for."""
    return Filing(found.day, found.time, found.period, found.earliest, found.through)


def _later_line(later: tuple[Undated, ...], lang: str) -> str:
    """ "Pour la suite (…), nos sources ne donnent aucune date": the steps still to come."""
    steps = " ; ".join(u.steps.get(lang) for u in later)
    return render.t("later_undated_steps", lang, steps=steps)


def _local_lines(parsed: ParsedQuestion) -> list[str]:
    """ "15h30 (La Réunion), c'est 13h30 à Paris": the hour the verdict was judged at."""
    local = parsed.local
    if local is None:
        return []
    lang = parsed.lang
    said, paris = render.time_text(local.said, lang), render.time_text(local.paris, lang)
    return [render.t("local_time", lang, said=said, place=local.place, paris=paris)]


class DatedAnswers:
    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        # A window's own dated steps beyond applying to it (the F1 usage targets).
        self._window_steps = frozenset(
            m for i in calendar.items if i.programme == "sun-es" for m in i.milestones
        ) - {"candidature"}

    def wants(self, parsed: ParsedQuestion, focus: tuple[str, ...]) -> bool:
        """A question for the calendar: it asks when or whether, about something it can date."""
        if parsed.programme in ("other", "unrelated"):
            return False
        if parsed.asks_moved and parsed.anchored:
            return True  # "la date limite du référencement a été décalée, c vrai ?"
        if parsed.asks_why and not (parsed.claim and parsed.filing) and not parsed.compares:
            return False  # a fact, unless it also states a date to confirm
        if parsed.phantom:
            return True
        if parsed.intent not in DATED_INTENTS:
            # "candidature lundi prochain, on est dans la fenêtre ?": a step and a date; not a
            # day said only as context ("… un prospect m'a posé la question ce matin").
            return (
                bool(parsed.dates) and not parsed.context_days and (parsed.anchored or bool(focus))
            )
        # "toutes les dates à venir, tu peux me lister ?": the whole calendar ahead.
        every_date = parsed.intent == "next" and parsed.asks_all
        return (
            parsed.anchored or bool(focus) or parsed.intent in ("verdict", "missed") or every_date
        )

    def answer(
        self, parsed: ParsedQuestion, today: dt.date, text: str, focus: tuple[str, ...] = ()
    ) -> DatedReply | None:
        """The calendar's answer, or None when the calendar has nothing for this frame."""
        if parsed.phantom:
            if parsed.programme == "sun-es" or "candidature" in parsed.milestones:
                return phantom_window(self.calendar, parsed.lang, today)
            return DatedReply("unknown", render.t("no_item", parsed.lang), nothing_ahead=True)
        intent = parsed.intent or "deadline"
        if parsed.compares:
            intent = "deadline"  # "fin octobre ou fin novembre ?": the item's own dates tell
        elif parsed.dates and (parsed.intent is None or parsed.weak_intent):
            intent = "verdict"  # "solde le 2 décembre, ok ?": a date named is a date judged
        lang = parsed.lang
        if parsed.milestones & self._window_steps:
            return self._targets(parsed, intent, today, text)
        query = ItemQuery(parsed.role, parsed.software, parsed.waves, text)
        if parsed.programme == "sun-es":
            # The windows are the hospitals', also when a vendor asks for its clients.
            query = ItemQuery("hospital", text=text)
        blocked = prerequisite_reply(self.calendar, self.select, parsed, query, today, text)
        if blocked is not None:
            return blocked
        if parsed.asks_moved:
            # "c'était pas le 15 mai ? ça a bougé": the day said is the old one, not a filing's.
            # No move in the calendar: the topics say what the sources say ("a priori non").
            return moved_reply(self.select(parsed, query, text, focus), today, lang, parsed.text)
        if parsed.claim and parsed.filing is not None:
            claimed = self._claim(parsed, query, today, text, focus)
            if claimed is not None:
                return claimed
        # A vendor's step missed ("on a raté l'avance PFI hier") is judged now, whoever asks; a
        # hospital's missed window points to the next one.
        vendor_step = parsed.programme == "sons"
        if intent == "verdict" or (
            intent == "missed" and (parsed.role != "hospital" or vendor_step)
        ):
            if parsed.role is None and parsed.programme != "sun-es":
                shared = self._verdict_for_any_role(parsed, today, text, focus)
                return shared or DatedReply("ask_role", render.t("ask_role", lang))
            return self._verdict(parsed, query, today, text, focus)
        if intent == "missed":
            return self._missed_window(parsed, query, today, text)
        items = self.select(parsed, query, text, focus)
        # Every SUN-ES window is a "candidature": naming it picks no window in particular.
        specific = parsed.milestones - ({"candidature"} if parsed.programme == "sun-es" else set())
        listing = intent == "list" or (intent == "deadline" and parsed.weak_intent)
        if listing or (intent == "deadline" and (specific or focus or len(items) <= 2)):
            # "solde drimbox, date limite ?" names its one step: led by whether it is still time.
            if len(items) == 1 and intent == "deadline" and (not listing or specific):
                found = parsed.filing
                if found and (found.day > today or (found.day == today and found.time)):
                    # "jusqu'à quand ? il peut le faire jeudi ?": judged on the day named.
                    filing = filing_of(found)
                    return self._judged(items[0], filing, lang)
                # "jusqu'à quand on peut déposer ?" is also "can we still?": said first.
                return self._deadline(items[0], today, lang)
            if items and len(items) <= (2 * MAX_ITEM_LINES if listing else MAX_ITEM_LINES):
                return self._lines(items, today, lang)
            if not items:
                return DatedReply("unknown", render.t("no_item", lang), nothing_ahead=True)
        sunes = parsed.programme == "sun-es"
        # "les prochaines échéances qui nous concernent ?" from a hospital: its windows and its
        # other dates (the F1 usage targets); "la prochaine ?" is the next window.
        # A software named ("our imaging department is getting a DRIMbox upgrade, what's
        # left?") asks about that software's steps too.
        windows_only = sunes or (
            intent == "next"
            and parsed.role == "hospital"
            and not parsed.asks_all
            and not parsed.software
        )
        # "prochaine échéance ?" is one date; "prochaines dates ?" is all of them, of every
        # software of the role ("tous couloirs confondus").
        plural = parsed.asks_all
        view = outlook_or_wider(
            self.calendar, today, query, windows_only=windows_only, widen=not sunes, every=plural
        )
        # One window at a time; deadlines ahead are few, and all of them are worth naming.
        next_only = windows_only and intent in ("next", "deadline") and not plural
        reply = self._outlook(view, query, lang, next_only=next_only)
        if view.nothing_ahead and view.last_closed is not None and parsed.asks_whether:
            return self._nothing_left(reply, view.last_closed, query, today, lang)
        return reply

    def verdict(
        self, parsed: ParsedQuestion, today: dt.date, text: str, focus: tuple[str, ...] = ()
    ) -> DatedReply | None:
        """The verdict for a frame whatever its intent (/eligible, the eligibility topic)."""
        query = ItemQuery(parsed.role, parsed.software, parsed.waves, text)
        blocked = prerequisite_reply(self.calendar, self.select, parsed, query, today, text)
        if blocked is not None:
            return blocked
        if parsed.claim and parsed.filing is not None:
            if parsed.programme == "sun-es":
                query = ItemQuery("hospital", text=text)
            claimed = self._claim(parsed, query, today, text, focus)
            if claimed is not None:
                return claimed
        if parsed.role is None:
            return DatedReply("ask_role", render.t("ask_role", parsed.lang))
        return self._verdict(parsed, query, today, text, focus)

    def _verdict_for_any_role(
        self, parsed: ParsedQuestion, today: dt.date, text: str, focus: tuple[str, ...]
    ) -> DatedReply | None:
        """ "si on dépose le 30/04 à 23h, ça passe ?" with no profile: when the verdict is the
        same for a health establishment and for a vendor, it is given, each with its own step;
        when they differ, or no day is named ("suis-je dans les délais ?"), the role is asked."""
        if not parsed.dates:
            return None
        replies = []
        for role in ("hospital", "vendor"):
            as_role = dataclasses.replace(parsed, role=role)
            query = ItemQuery(role, parsed.software, parsed.waves, text)
            reply = self._verdict(as_role, query, today, text, focus)
            if reply is None or reply.kind != "verdict" or reply.verdict is None:
                return None
            replies.append((role, reply))
        verdicts = {reply.verdict.eligible for _, reply in replies if reply.verdict}
        if len(verdicts) != 1 or None in verdicts:
            return None
        lang = parsed.lang
        # The shared verdict first: the adapters show the first line as the answer's headline.
        lead = render.t("both_roles_yes" if verdicts == {True} else "both_roles_no", lang)
        body = "\n\n".join(
            [
                lead,
                *(
                    f"{render.t('for_role', lang, role=render.t(f'role_{role}', lang))}\n{reply.body}"
                    for role, reply in replies
                ),
            ]
        )
        first = replies[0][1]
        items = tuple(dict.fromkeys(i for _, reply in replies for i in reply.items))
        return dataclasses.replace(first, body=body, items=items)

    # --- selection ----------------------------------------------------------------------------

    def select(
        self, parsed: ParsedQuestion, query: ItemQuery, text: str, focus: tuple[str, ...]
    ) -> list[CalendarItem]:
        """The items the frame is about: its step, programme and software, or the last focus."""
        if focus and not parsed.milestones:
            kept = [i for i in map(self.calendar.get, focus) if i is not None]
            if kept:
                return kept
        items = self._narrowed(parsed, query, text)
        if not items and query.software and query.role is not None:
            # A hospital asking about its vendor's DRIMbox advance: the step named is none of
            # the role's own, and its dates are what is asked.
            items = self._narrowed(parsed, dataclasses.replace(query, role=None), text)
        if not items and query.role == "hospital" and parsed.milestones - {"candidature"}:
            # "notre éditeur dépose sa demande de solde cet aprem, c'est bon ?": a vendor's step,
            # asked by its client; a hospital's vendors are those of the role's own software.
            items = self._narrowed(parsed, dataclasses.replace(query, role="vendor"), text)
        return sorted(items, key=lambda i: (i.horizon, i.id))

    def _narrowed(self, parsed: ParsedQuestion, query: ItemQuery, text: str) -> list[CalendarItem]:
        items = relevant_items(self.calendar, query)
        if query.software and not any(i.software & query.software for i in items):
            # "les prestations DRIMbox chez nos cabinets de radio": the software named is none
            # of the role's own, and its dates are what is asked.
            items = relevant_items(self.calendar, dataclasses.replace(query, role=None)) or items
        if parsed.programme:
            items = [i for i in items if i.programme == parsed.programme] or items
        if parsed.waves:
            # A wave our calendar has nothing of ("vague 2 LGC") has no date: never another wave's.
            items = [i for i in items if i.wave is None or i.wave in parsed.waves]
        if parsed.milestones:
            items = [i for i in items if i.milestones & parsed.milestones]
        named = [i for i in keyword_items(items, text) if i.programme == "sun-es"]
        if named and len(named) < len(items):
            items = named
        return items

    # --- the kinds of answer ------------------------------------------------------------------

    def _verdict(
        self,
        parsed: ParsedQuestion,
        query: ItemQuery,
        today: dt.date,
        text: str,
        focus: tuple[str, ...],
    ) -> DatedReply | None:
        lang = parsed.lang
        found = parsed.filing
        if found and found.day < today and (parsed.intent == "missed" or parsed.as_of_now):
            # "on a loupé hier, c'est mort ?": the past day is the deadline missed, the question
            # is about now.
            found = None
        if found and found.day > today and parsed.now_first:
            found = None  # "open yet, or do we wait until tomorrow?": tomorrow is the alternative
        filing = filing_of(found) if found else Filing(today)
        result: Verdict | None
        others: list[tuple[str, Verdict]] = []  # another software named, and its verdict
        hospital_side = parsed.programme == "sun-es" or (
            parsed.role == "hospital" and parsed.programme is None
        )
        if hospital_side:
            result = hospital_verdict(self.calendar, filing, ItemQuery("hospital", text=text))
            if (
                result is not None
                and result.reason == BETWEEN_WINDOWS
                and (found is None or (found.day == today and found.time is None))
                and parsed.as_of_now
            ):
                # "peut-on encore candidater ou c'est plié ?" between two windows: not too late,
                # the next one is ahead.
                result = dataclasses.replace(result, eligible=True, reason=WINDOW_AHEAD)
        else:
            candidates = [
                i for i in self.select(parsed, query, text, focus) if i.programme == "sons"
            ]
            # "our conformity proof pack went this morning": the step its own words name, before
            # the one that matters on the day.
            named = keyword_items(candidates, text)
            if not named and query.software and query.role is not None:
                # "our DRIMbox vendor is uploading its conformity proofs": a step of the
                # software's that is not the asker's own, named by its words.
                wider = self.select(parsed, dataclasses.replace(query, role=None), text, focus)
                named = keyword_items([i for i in wider if i.programme == "sons"], text)
            pool = named or candidates
            item = pick_for_date(pool, filing.day)
            mine = pick_for_date(
                [i for i in pool if parsed.software_first in i.software], filing.day
            )
            if mine is not None:
                # "notre éditeur PFI ... et pour le DPI ?": a verdict per software of one wave
                # ("radiologie" and "DRIMbox" are one practice's two waves, not two software).
                for software in sorted(query.software - {parsed.software_first}):
                    theirs = [i for i in pool if software in i.software and i.wave == mine.wave]
                    their = pick_for_date(theirs, filing.day)
                    if their is not None and their is not mine:
                        yes, why = judge(their, filing)
                        others.append((software, Verdict(yes, their, filing, why)))
                if others:
                    item = mine
            if item is None:
                return DatedReply("unknown", render.t("no_item", lang), nothing_ahead=True)
            if (
                parsed.late
                and item.closes is not None
                and (found is None or fold(found.text) in parsed.late)
            ):
                # "avec un jour de retard ?": the day after the close, whatever today is;
                # "de quelques heures": the first minute after a close that has a time.
                close = item.closes
                if parsed.late_hours and close.time is not None:
                    late = dt.datetime.combine(close.day, close.time) + dt.timedelta(minutes=1)
                    filing = Filing(late.date(), late.time())
                else:
                    filing = Filing(close.day + dt.timedelta(days=1))
            eligible, reason = judge(item, filing)
            if reason == OPENED_NO_CLOSE and parsed.asks_opened and filing.day == today:
                eligible, reason = True, OPENED_ALREADY  # "déjà ouvert ?": it has opened
            result = Verdict(eligible, item, filing, reason)
        if result is None:
            return None
        extra = _local_lines(parsed)
        extra += [render.verdict_line(v, lang, frozenset({sw})) for sw, v in others]
        if filing.day < today and found:
            extra.append(render.t("past_filing", lang, today=render.day_text(today, lang)))
        nothing_ahead = False
        if result.eligible is False and not parsed.dates:
            nothing_ahead = outlook(self.calendar, today, query).nothing_ahead
            later = self._undated_after(result, parsed, query, text) if nothing_ahead else ()
            if later:
                # "encore éligible ?" with every dated step past, and steps the sources name
                # without a date still to come: neither yes nor no.
                result = dataclasses.replace(result, eligible=None, reason=LATER_UNDATED)
                extra.append(_later_line(later, lang))
            elif nothing_ahead:
                extra.append(render.t("nothing_ahead", lang, last=""))
        if result.reason == BETWEEN_WINDOWS and filing.day > today:
            # "si on dépose le 2 mai ?" on 28 April: too late then, but today's window is open.
            current = next(
                (w for w in sunes_windows(self.calendar) if item_status(w, today).code == "open"),
                None,
            )
            if current is not None:
                extra.append(
                    render.t("open_today_line", lang, line=render.item_line(current, lang, today))
                )
        after = None
        if result.eligible and result.item.programme == "sun-es":
            # In time for this window; the one after it is for those who will not be ready.
            after = next_window(self.calendar, result.item, today)
            if after is not None:
                extra.append(next_window_text(after, today, lang))
        first = frozenset({parsed.software_first or ""}) if others else frozenset()
        body = render.render_verdict(result, lang, "\n".join(extra) or None, first)
        items = (
            result.item,
            *(v.item for _, v in others),
            *((result.next_item,) if result.next_item else ()),
            *((after,) if after else ()),
        )
        focus_ids = (result.next_item.id,) if result.next_item else (result.item.id,)
        return DatedReply("verdict", body, items, focus_ids, result, nothing_ahead)

    def _claim(
        self,
        parsed: ParsedQuestion,
        query: ItemQuery,
        today: dt.date,
        text: str,
        focus: tuple[str, ...],
    ) -> DatedReply | None:
        """ "on a jusqu'au 15 juin, c'est ça ?": the step's own date confirmed or corrected, then
        where it stands as of the question's day."""
        assert parsed.filing is not None and parsed.claim is not None
        if parsed.role is None and parsed.programme is None:
            query = dataclasses.replace(query, role=None)
        candidates = self.select(parsed, query, text, focus)
        if parsed.likened:
            mine = [i for i in candidates if parsed.software_first in i.software]
            candidates = mine or candidates
        checked = check_claim(candidates, parsed.filing, parsed.claim, text)
        if checked is None:
            return None
        result, items = checked
        moment = result.item.closes if parsed.claim == "closes" else result.item.opens
        if (
            moment is not None
            and moment.day < today
            and result.reason != CLAIM_UNDATED.format(end=parsed.claim)
        ):
            # "F2 opened on 1 March, right?" asked on 3 March: it did, not "does".
            result = dataclasses.replace(result, reason=f"{result.reason}_past")
        lang = parsed.lang
        shown = items[:MAX_ITEM_LINES]
        status = _local_lines(parsed)
        status.append(render.t("claim_status", lang, today=render.day_text(today, lang)))
        status += [render.status_line(i, lang, today) for i in shown]
        if parsed.names_next and result.item.programme == "sun-es":
            # "F2 closes on 30 April, right? And what's the window after that?"
            after = next_window(self.calendar, result.item, today)
            if after is not None:
                status.append(next_window_text(after, today, lang))
        body = render.render_verdict(result, lang, "\n".join(status))
        return DatedReply("verdict", body, tuple(shown), tuple(i.id for i in shown), result)

    def _targets(
        self, parsed: ParsedQuestion, intent: str, today: dt.date, text: str
    ) -> DatedReply | None:
        """A window's usage targets, dated only where the calendar names them (F1's, disputed):
        judged on the day asked, or stated as of today."""
        targets = [
            i for i in self.calendar.items if i.milestones & parsed.milestones & self._window_steps
        ]
        named = keyword_items(targets, text)
        if not named:
            return None  # another window's targets: the topic says what the sources say
        item = named[0]
        if intent not in ("verdict", "missed"):
            return self._lines([item], today, parsed.lang)
        found = parsed.filing
        if found is None or (found.day < today and (intent == "missed" or parsed.as_of_now)):
            filing = Filing(today)
        else:
            filing = filing_of(found)
        eligible, reason = judge(item, filing)
        if parsed.claim == "closes" and item.disputed is not None:
            # Stated as the deadline, not asked as a day to be in time by: whichever date is
            # claimed, another source gives the other.
            eligible, reason = None, "claim_closes_disputed"
        result = Verdict(eligible, item, filing, reason)
        body = render.render_verdict(result, parsed.lang)
        return DatedReply("verdict", body, (item,), (item.id,), result)

    def _undated_after(
        self, result: Verdict, parsed: ParsedQuestion, query: ItemQuery, text: str
    ) -> tuple[Undated, ...]:
        """The undated steps still to come for the asker's software, when the question named no
        step of its own and the step judged is not the last of a wave the sources date fully."""
        if result.reason not in (CLOSED, CLOSED_AT_LATEST) or parsed.milestones:
            return ()
        if keyword_items([result.item], text):
            return ()
        waves = query.waves or frozenset({1, 2})
        return tuple(u for u in self._undated_for(query) if u.wave in waves)

    def _undated_for(self, query: ItemQuery) -> tuple[Undated, ...]:
        """The steps the sources name without a date, for the asker's software."""
        software = query.software or self.calendar.role_software.get(query.role or "", frozenset())
        return self.calendar.undated_for(software)

    def _missed_window(
        self, parsed: ParsedQuestion, query: ItemQuery, today: dt.date, text: str
    ) -> DatedReply:
        """A hospital that missed a window applies in the next one, as of today; one still open
        ("pas encore déposé pour la F1, c'est mort ?" on its last day) is not missed yet."""
        reply = missed_window(self.calendar, today, text, parsed.lang, parsed.names_next)
        if isinstance(reply, DatedReply):
            return reply
        return self._deadline(reply, today, parsed.lang)

    def _deadline(self, item: CalendarItem, today: dt.date, lang: str) -> DatedReply:
        """One step's date, led by whether it can still be done today."""
        filing = Filing(today)
        eligible, reason = judge(item, filing)
        line = render.item_line(item, lang, today)
        lead = (
            {True: "deadline_yes", False: "deadline_no"}.get(eligible)
            if eligible is not None
            else None
        )
        if reason == "not_yet_open":
            lead = "deadline_not_yet"
        elif eligible and item.opens is not None and item.opens.day == today:
            lead = "deadline_yes_first_day"  # not "still": it opened this morning
        body = f"{render.t(lead, lang)}\n{line}" if lead else line
        verdict = Verdict(eligible, item, filing, reason)
        items: tuple[CalendarItem, ...] = (item,)
        focus: tuple[str, ...] = (item.id,)
        if eligible is not None and item.programme == "sun-es" and reason != "not_yet_open":
            # "F3 fermée j'imagine ? la prochaine c'est quand ?": a closed window points on; an
            # open one says which comes after it, for those who will not be ready in time.
            nxt = next_window(self.calendar, item, today)
            if nxt is not None:
                body += "\n" + next_window_text(nxt, today, lang)
                items = (item, nxt)
                # "et elle ferme quand ?" is about the window still open, else the next one.
                focus = (item.id,) if eligible else (item.id, nxt.id)
        return DatedReply("items", body, items, focus, verdict)

    def _judged(self, item: CalendarItem, filing: Filing, lang: str) -> DatedReply:
        eligible, reason = judge(item, filing)
        result = Verdict(eligible, item, filing, reason)
        return DatedReply(
            "verdict", render.render_verdict(result, lang), (item,), (item.id,), result
        )

    def _lines(self, items: list[CalendarItem], today: dt.date, lang: str) -> DatedReply:
        body = "\n".join(render.item_line(i, lang, today) for i in items)
        return DatedReply("items", body, tuple(items), tuple(i.id for i in items))

    def _outlook(
        self, view: Outlook, query: ItemQuery, lang: str, *, next_only: bool
    ) -> DatedReply:
        all_software = self._software_of(query, view.wide)
        body = render.render_outlook(view, lang, next_only=next_only, all_software=all_software)
        items = view.shown(next_only)
        return DatedReply(
            "outlook",
            body,
            tuple(items),
            tuple(i.id for i in items),
            nothing_ahead=view.nothing_ahead,
        )

    def _nothing_left(
        self, reply: DatedReply, last: CalendarItem, query: ItemQuery, today: dt.date, lang: str
    ) -> DatedReply:
        """ "il reste une échéance ?" with nothing ahead: no, unless the sources name later steps
        for the asker's software without a date (then neither yes nor no, and which)."""
        later = self._undated_for(query) if last.programme == "sons" else ()
        # "any vague 1 deadline left?": the undated steps of another wave are no answer.
        later = tuple(u for u in later if not query.waves or u.wave in query.waves)
        if later:
            verdict = Verdict(None, last, Filing(today), LATER_UNDATED)
            body = reply.body + "\n" + _later_line(later, lang)
        else:
            verdict = Verdict(False, last, Filing(today), CLOSED)
            rest = reply.body
            if last.programme == "sun-es":
                # "une fenêtre après la F4 ?": none, and who takes over, as after a missed one.
                label, span = last.label.get(lang), render.span_text(last, lang)
                rest = render.t("missed_none", lang, label=label, span=span)
            body = render.t("no_lead", lang, rest=rest[:1].lower() + rest[1:])
        return dataclasses.replace(reply, body=body, verdict=verdict)

    def _software_of(self, query: ItemQuery, wide: bool) -> frozenset[str]:
        """The software an outlook is about: named in the question, else the role's items'."""
        if query.software:
            return query.software
        items = relevant_items(self.calendar, ItemQuery(role=query.role), wide=wide)
        return frozenset().union(*(i.software for i in items))
