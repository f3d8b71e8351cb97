"""The calendar of a role and software as a timeline picture (PNG), drawn with matplotlib (Agg).

One row per item, oldest first: its label, then its marks on the time axis — a window is a bar
from its opening to its closing, a deadline a diamond, an opening a triangle — with their dates
beside them. A date that was moved keeps its earlier date as a hollow, struck mark joined to the
new one by a dotted arrow. A red dashed line marks today; what is over is grey. Sized for a phone:
about 1000 pixels wide, with large type, and rows as tall as their labels need.

Only the figure's own Agg canvas is used (no pyplot and no global backend), so drawing in a worker
thread is safe.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import MonthLocator, YearLocator, date2num, num2date
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from bot.core import render
from bot.exports.scope import Scope
from bot.exports.wording import SHORT_MONTHS_EN, SHORT_MONTHS_FR, short_day, t, who
from knowledge.validation import Moment
from rules.calendar import Calendar, CalendarItem

WIDTH = 6.6  # inches; at DPI, about 1050 pixels
DPI = 160
LEFT, RIGHT = 0.2, 0.2  # inches of margin
HEADER, TODAY_BAND, AXIS, LEGEND = 0.85, 0.5, 0.45, 0.7  # inches
LABEL_CHARS = 44  # a label wraps past this, to stay readable on a phone
LABEL_LINE, MARK_LINE, SUB_LINE, GAP = 0.235, 0.36, 0.27, 0.14  # inches
LABEL_SIZE, DATE_SIZE, NOTE_SIZE = 12.5, 11.0, 10.0  # points
CHAR_WIDTH = 0.56  # of the font size: the width of an average character, to place texts
PAD = 0.07  # inches between a mark and its text
COLORS = {
    "window": "#1f6fb4",
    "deadline": "#c2410c",
    "opening": "#15803d",
    "past": "#a3a3a3",
    "moved": "#6b6b6b",
    "today": "#dc2626",
    "text": "#171717",
}


def _when(moment: Moment, lang: str) -> str:
    """'15 sept. 2027, avant 12h00': the short date, and the time when the source gives one."""
    text = short_day(moment.day, lang)
    if moment.time is not None:
        at = render.time_text(moment.time, lang)
        before = "before" if lang == "en" else "avant"
        text += f", {before} {at}" if moment.exclusive else f", {at}"
    return text


def _width(text: str, size: float) -> float:
    """About how many inches `text` takes at `size` points."""
    return len(text) * size / 72 * CHAR_WIDTH


@dataclass
class _Axis:
    """Days to inches along the time axis, and back."""

    first: float  # matplotlib date number at the left edge
    last: float
    inches: float

    def x(self, day: dt.date) -> float:
        return float(date2num(day))

    def per_inch(self) -> float:
        return (self.last - self.first) / self.inches

    def fits_right(self, x: float, text: str, size: float) -> bool:
        return x + (PAD + _width(text, size)) * self.per_inch() <= self.last

    def fits_left(self, x: float, text: str, size: float) -> bool:
        return x - (PAD + _width(text, size)) * self.per_inch() >= self.first


def _axis(items: list[CalendarItem], today: dt.date) -> _Axis:
    days = [today] + [m.day for i in items for _, m in i.moments()]
    first, last = min(days), max(days)
    margin = dt.timedelta(days=max(45, (last - first).days // 14))
    return _Axis(
        float(date2num(first - margin)), float(date2num(last + margin)), WIDTH - LEFT - RIGHT
    )


class _Row:
    """One item's row: its label, its marks, and the lines below them that its texts need."""

    def __init__(self, item: CalendarItem, today: dt.date, lang: str, axis: _Axis) -> None:
        self.item = item
        self.lang = lang
        self.past = item.horizon < today
        label = item.label.get(lang)
        self.label = textwrap.fill(label[:1].upper() + label[1:], LABEL_CHARS)
        self.moves = [r.previous for r in item.revisions if r.previous is not None and item.closes]
        # A closing date that does not fit on its mark's right goes below it, on its own line
        # when the row also shows a move (the dotted arrow runs left of the mark).
        self.date_below = False
        if item.closes is not None:
            text = _when(item.closes, lang)
            x = axis.x(item.closes.day)
            self.date_below = not axis.fits_right(x, text, DATE_SIZE) and (
                bool(self.moves) or item.kind == "window"
            )
        self.sub_lines = int(self.date_below) + int(bool(self.moves))
        if item.kind == "window" and item.opens is not None and not self.date_below:
            opens = _when(item.opens, lang)
            self.sub_lines += int(not axis.fits_left(axis.x(item.opens.day), opens, DATE_SIZE))
        self.sub_lines = max(self.sub_lines, 1 if item.kind == "window" else 0)

    def height(self) -> float:
        lines = self.label.count("\n") + 1
        return lines * LABEL_LINE + MARK_LINE + self.sub_lines * SUB_LINE + GAP

    def color(self, kind: str) -> str:
        return COLORS["past"] if self.past else COLORS[kind]


def _text(ax: Axes, x: float, y: float, text: str, color: str, ha: str, size: float = DATE_SIZE,
          style: str = "normal") -> None:  # fmt: skip
    ax.text(x, y, text, fontsize=size, va="center", ha=ha, color=color, zorder=6, style=style,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.6})  # fmt: skip


def _beside(ax: Axes, axis: _Axis, x: float, y: float, text: str, color: str) -> None:
    """A mark's date on its right, or on its left when the right edge is too near."""
    if axis.fits_right(x, text, DATE_SIZE):
        _text(ax, x + PAD * axis.per_inch(), y, text, color, "left")
    else:
        _text(ax, x - PAD * axis.per_inch(), y, text, color, "right")


def _draw_row(ax: Axes, axis: _Axis, row: _Row, top: float) -> None:
    item, lang = row.item, row.lang
    lines = row.label.count("\n") + 1
    ax.text(axis.first + 0.02 * axis.per_inch(), top - 0.04, row.label, fontsize=LABEL_SIZE,
            va="top", ha="left", color=COLORS["past"] if row.past else COLORS["text"],
            linespacing=1.15, zorder=6,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.6})  # fmt: skip
    y = top - lines * LABEL_LINE - MARK_LINE / 2
    below = [y - MARK_LINE / 2 - SUB_LINE * (i + 0.5) + 0.04 for i in range(2)]
    if item.opens is not None and item.closes is not None:
        start, end = axis.x(item.opens.day), axis.x(item.closes.day)
        color = row.color("window")
        width = max(end - start, 0.05 * axis.per_inch())
        ax.barh(y, width, left=start, height=0.24, color=color, zorder=3)
        opens, closes = _when(item.opens, lang), f"→ {_when(item.closes, lang)}"
        # The opening date on the bar's left, the closing on its right; what does not fit goes
        # on the line below, under the end of the bar it belongs to.
        if row.date_below:
            both = f"{opens} {closes}"
            if axis.fits_left(end, both, DATE_SIZE):
                _text(ax, end, below[0], both, color, "right")
            else:
                _text(ax, start, below[0], both, color, "left")
        elif axis.fits_left(start, opens, DATE_SIZE):
            _text(ax, start - PAD * axis.per_inch(), y, opens, color, "right")
        else:
            _text(ax, start, below[0], opens, color, "left")
        if not row.date_below:
            _text(ax, end + PAD * axis.per_inch(), y, closes, color, "left")
    elif item.closes is not None:
        x = axis.x(item.closes.day)
        color = row.color("deadline")
        ax.plot([x], [y], marker="D", markersize=11, color=color, linestyle="", zorder=4)
        if row.date_below:
            _text(ax, x, below[0], _when(item.closes, lang), color, "right")
        else:
            _beside(ax, axis, x, y, _when(item.closes, lang), color)
    elif item.opens is not None:
        x = axis.x(item.opens.day)
        color = row.color("opening")
        ax.plot([x], [y], marker=">", markersize=12, color=color, linestyle="", zorder=4)
        _beside(ax, axis, x, y, _when(item.opens, lang), color)
    _draw_moves(ax, axis, row, y, below[1 if row.date_below else 0])


def _draw_moves(ax: Axes, axis: _Axis, row: _Row, y: float, note_y: float) -> None:
    """Each earlier date of a moved close: a hollow, struck mark, a dotted arrow to the new date,
    and 'initialement le ...' below it."""
    item = row.item
    if item.closes is None:
        return
    new = axis.x(item.closes.day)
    for previous in row.moves:
        assert previous is not None
        old = axis.x(previous.day)
        ax.annotate(
            "", xy=(new, y), xytext=(old, y), zorder=3,
            arrowprops={"arrowstyle": "-|>", "color": COLORS["moved"], "linestyle": ":",
                        "linewidth": 1.8, "shrinkA": 6, "shrinkB": 8},
        )  # fmt: skip
        ax.plot([old], [y], marker="o", markersize=10, markerfacecolor="white",
                markeredgecolor=COLORS["moved"], markeredgewidth=2, linestyle="", zorder=5)  # fmt: skip
        ax.plot([old], [y], marker="x", markersize=10, color=COLORS["moved"], markeredgewidth=2,
                linestyle="", zorder=5)  # fmt: skip
        text = t("moved", row.lang, date=short_day(previous.day, row.lang))
        ha = "left" if axis.fits_right(old, text, NOTE_SIZE) else "right"
        _text(ax, old, note_y, text, COLORS["moved"], ha, size=NOTE_SIZE, style="italic")


def render_timeline(calendar: Calendar, scope: Scope, today: dt.date, *, lang: str = "fr") -> bytes:
    """The PNG of the scope's items, with today marked; every item, what is over in grey."""
    items = scope.items(calendar)
    axis = _axis(items, today)
    rows = [_Row(item, today, lang, axis) for item in items]
    body = sum(r.height() for r in rows) or 0.8
    height = HEADER + TODAY_BAND + body + AXIS + LEGEND
    fig = Figure(figsize=(WIDTH, height), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    # One data unit is one inch vertically, so rows can be laid out in inches.
    ax = fig.add_axes((LEFT / WIDTH, (AXIS + LEGEND) / height, 1 - (LEFT + RIGHT) / WIDTH,
                       (TODAY_BAND + body) / height))  # fmt: skip
    ax.set_xlim(axis.first, axis.last)
    ax.set_ylim(-body, TODAY_BAND)
    top = 0.0
    for row in rows:
        _draw_row(ax, axis, row, top)
        top -= row.height()
    if not rows:
        ax.text((axis.first + axis.last) / 2, -0.4, t("nothing", lang), ha="center", fontsize=13)
    now = axis.x(today)
    ax.axvline(now, color=COLORS["today"], linewidth=2, linestyle="--", zorder=2)
    today_label = f"{t('today', lang)} {short_day(today, lang)}"
    ha = "center"
    if not axis.fits_right(now, today_label[: len(today_label) // 2], DATE_SIZE):
        ha = "right"
    elif not axis.fits_left(now, today_label[: len(today_label) // 2], DATE_SIZE):
        ha = "left"
    ax.text(now, TODAY_BAND / 2, today_label, color=COLORS["today"], fontsize=DATE_SIZE + 0.5,
            ha=ha, va="center", fontweight="bold", zorder=6,
            bbox={"facecolor": "white", "edgecolor": COLORS["today"], "pad": 2.5})  # fmt: skip
    _x_axis(ax, axis, lang)
    fig.text(LEFT / WIDTH, 1 - 0.3 / height, t("title", lang, who=who(scope.role, scope.software, lang)),
             fontsize=15, fontweight="bold", ha="left", va="center")  # fmt: skip
    fig.text(LEFT / WIDTH, 1 - 0.62 / height, t("subtitle", lang, today=short_day(today, lang)),
             fontsize=10, color=COLORS["moved"], ha="left", va="center")  # fmt: skip
    fig.legend(handles=_legend(lang), loc="lower center", ncol=3, fontsize=10.5, frameon=False,
               bbox_to_anchor=(0.5, 0.05 / height))  # fmt: skip
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, facecolor="white")
    return out.getvalue()


def _x_axis(ax: Axes, axis: _Axis, lang: str) -> None:
    """Years; on a span of under three years, the quarters' months too."""
    years = (axis.last - axis.first) / 365
    ax.xaxis.set_major_locator(YearLocator())
    ax.xaxis.set_major_formatter(lambda x, _pos: str(num2date(x).year))
    if years > 3:
        ax.xaxis.set_minor_locator(MonthLocator(bymonth=(1, 4, 7, 10)))
    else:
        months = SHORT_MONTHS_EN if lang == "en" else SHORT_MONTHS_FR
        ax.xaxis.set_minor_locator(MonthLocator(bymonth=(4, 7, 10)))
        ax.xaxis.set_minor_formatter(lambda x, _pos: months[num2date(x).month - 1])
        ax.tick_params(axis="x", which="minor", labelsize=9.5, labelcolor=COLORS["moved"])
    ax.tick_params(axis="x", labelsize=12)
    ax.set_yticks([])
    ax.grid(axis="x", which="major", color="#e5e5e5", zorder=0)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)


def _legend(lang: str) -> list[Patch | Line2D]:
    def mark(marker: str, color: str, key: str, **style: float | str) -> Line2D:
        return Line2D([], [], marker=marker, color=color, linestyle="", markersize=10,
                      label=t(key, lang), **style)  # type: ignore[arg-type]  # fmt: skip

    return [
        Patch(color=COLORS["window"], label=t("legend_window", lang)),
        mark("D", COLORS["deadline"], "legend_deadline"),
        mark(">", COLORS["opening"], "legend_opening"),
        mark("o", COLORS["moved"], "legend_moved", markerfacecolor="white", markeredgewidth=2),
        Patch(color=COLORS["past"], label=t("legend_past", lang)),
        Line2D([], [], color=COLORS["today"], linestyle="--", linewidth=2, label=t("today", lang)),
    ]
