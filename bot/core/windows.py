"""The SUN-ES windows in order, the one after a window, the answer to a hospital that missed one,
and the answer about a window that does not exist ("F5 ?"), each as of the question's day."""

from __future__ import annotations

import datetime as dt

from bot.core import render
from bot.core.replies import DatedReply
from rules.calendar import Calendar, CalendarItem
from rules.eligibility import WINDOW_AHEAD, Filing, Verdict, hospital_verdict
from rules.selection import ItemQuery, keyword_items, relevant_items
from rules.upcoming import item_status


def sunes_windows(calendar: Calendar) -> list[CalendarItem]:
    """The SUN-ES windows, in order."""
    return sorted(
        (
            i
            for i in relevant_items(calendar, ItemQuery("hospital"))
            if i.programme == "sun-es" and i.kind == "window"
        ),
        key=lambda i: i.horizon,
    )


def next_window(calendar: Calendar, after: CalendarItem, today: dt.date) -> CalendarItem | None:
    """The first window after `after` still open or ahead on `today`."""
    return next(
        (
            w
            for w in sunes_windows(calendar)
            if w.horizon > after.horizon and item_status(w, today).code in ("open", "opens")
        ),
        None,
    )


def next_window_text(window: CalendarItem, today: dt.date, lang: str) -> str:
    return render.t("next_window_line", lang, line=render.item_line(window, lang, today))


def phantom_window(calendar: Calendar, lang: str, today: dt.date) -> DatedReply:
    """ "Y aura-t-il une F5 ?": none is known; the last window, as of today."""
    windows = sunes_windows(calendar)
    if not windows:
        return DatedReply("unknown", render.t("no_item", lang), nothing_ahead=True)
    last = windows[-1]
    verdict = hospital_verdict(calendar, Filing(today), ItemQuery("hospital"))
    body = render.t("phantom_window", lang, line=render.item_line(last, lang, today))
    nothing_ahead = item_status(last, today).code not in ("open", "opens")
    return DatedReply("phantom", body, (last,), (last.id,), verdict, nothing_ahead)


def missed_window(
    calendar: Calendar, today: dt.date, text: str, lang: str, names_next: bool
) -> DatedReply | CalendarItem:
    """A hospital that missed a window applies in the next one, as of today: the reply, or the
    window still open on `today` (not missed yet: its deadline answers). `names_next`: the
    question asks about the window after ("à la suivante ?")."""
    windows = sunes_windows(calendar)
    named = keyword_items(windows, text)
    open_now = [w for w in (named or windows) if item_status(w, today).code == "open"]
    if open_now:
        return open_now[0]
    closed = [w for w in windows if item_status(w, today).code == "closed"]
    # "on a loupé la F1, on pourra candidater à la F2 ?": the window missed is the last one
    # named that has closed; a later one named is the one asked about.
    named_closed = [w for w in named if w in closed]
    # A window named that is still ahead ("on peut rattraper en F4 ?") is asked about, not missed.
    pool = named_closed or closed
    missed = pool[-1] if pool else None
    # "can we still apply?" too: the verdict as of today, with the window it points to.
    verdict = hospital_verdict(calendar, Filing(today), ItemQuery("hospital"))
    asked = [w for w in named if item_status(w, today).code == "opens"]
    if verdict is not None and asked and (missed is None or asked[0].horizon > missed.horizon):
        # "on pourra candidater à la F2 ?" after missing F1: yes, in the window named.
        verdict = Verdict(True, asked[0], Filing(today), WINDOW_AHEAD)
    after = missed.horizon if missed else today
    later = [
        w for w in windows if item_status(w, today).code in ("open", "opens") and w.horizon > after
    ]
    if verdict is not None and not asked and later and names_next:
        # "missed F3 last month, can we just apply in the next window?": yes, in F4.
        verdict = Verdict(True, later[0], Filing(today), WINDOW_AHEAD)
    if later:
        nxt = later[0]
        line = render.t("missed_next", lang, line=render.item_line(nxt, today=today, lang=lang))
        shown: tuple[CalendarItem, ...] = (nxt,)
        if missed is not None and item_status(missed, today).code == "closed":
            # "on a loupé la F1 hier": that window's close first, then the next one.
            line = render.item_line(missed, lang, today) + "\n" + line
            shown = (missed, nxt)
        if verdict is not None and verdict.reason == WINDOW_AHEAD:
            # Asked whether the next window is open to them: the yes first.
            yes = render.t("missed_yes_next", lang, label=verdict.item.label.get(lang))
            line = f"{yes}\n{line}"
        return DatedReply("missed", line, shown, (nxt.id,), verdict)
    last = windows[-1]
    body = render.t(
        "missed_none",
        lang,
        label=last.label.get(lang),
        span=render.span_text(last, lang),
    )
    return DatedReply("missed", body, (last,), (last.id,), verdict, nothing_ahead=True)
