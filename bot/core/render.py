"""Every sentence the bot says, in French and English, rendered from the engine's records.

One place for wording, so the Telegram and console adapters say exactly the same thing.
Output is plain text; the Telegram adapter escapes it for HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from knowledge.model import Topic
from knowledge.validation import Moment
from rules.calendar import CalendarItem
from rules.eligibility import Verdict
from rules.upcoming import Outlook

# Maps (document id, language) to the name printed before a quote.
TitleOf = Callable[[str, str], str]

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

T = {
    "source": {"fr": "Source", "en": "Source"},
    "sources": {"fr": "Sources", "en": "Sources"},
    "yes": {"fr": "Oui", "en": "Yes"},
    "no": {"fr": "Non", "en": "No"},
    "unsure": {"fr": "Cela dépend de l'heure", "en": "It depends on the time"},
    "open": {
        "fr": "un dépôt le {filing} est dans les délais pour : {label} ({span}).",
        "en": "a filing on {filing} is in time for: {label} ({span}).",
    },
    "not_yet_open": {
        "fr": "le {filing}, ce n'est pas encore ouvert : {label} ouvre le {opens}.",
        "en": "on {filing} it is not open yet: {label} opens on {opens}.",
    },
    "closed": {
        "fr": "un dépôt le {filing} arrive après la clôture : {label} a fermé le {closes}. "
        "Passé l'échéance, même d'un jour, on n'est plus éligible.",
        "en": "a filing on {filing} comes after the close: {label} closed on {closes}. "
        "After the deadline, even by one day, you are no longer eligible.",
    },
    "closing_day_time_unknown": {
        "fr": "le {filing} est le dernier jour : {label} ferme le {closes}. Le dépôt compte seulement "
        "s'il est fait avant {time}.",
        "en": "{filing} is the last day: {label} closes on {closes}. The filing counts only if it is made "
        "before {time}.",
    },
    "opening_day_time_unknown": {
        "fr": "le {filing} est le jour d'ouverture : {label} ouvre le {opens}. Un dépôt compte à partir de {time}.",
        "en": "{filing} is the opening day: {label} opens on {opens}. A filing counts from {time}.",
    },
    "opened_no_close_known": {
        "fr": "{label} a ouvert le {opens}, mais nos sources ne donnent pas de date de clôture : "
        "vérifiez auprès des canaux officiels.",
        "en": "{label} opened on {opens}, but our sources give no closing date: check with the official "
        "channels.",
    },
    "between_windows": {
        "fr": "le {filing}, aucune fenêtre SUN-ES n'est ouverte. Un établissement qui a manqué une fenêtre "
        "se reporte sur la suivante : {label}, du {opens} au {closes}.",
        "en": "on {filing} no SUN-ES window is open. An establishment that missed a window applies in the "
        "next one: {label}, from {opens} to {closes}.",
    },
    "after_last_window": {
        "fr": "le {filing}, plus aucune fenêtre SUN-ES n'est ouverte : {label}, du {opens} au {closes}, "
        "était la dernière, et nos sources n'en annoncent pas d'autre.",
        "en": "on {filing} no SUN-ES window is open any more: {label}, from {opens} to {closes}, was the "
        "last one, and our sources announce no other.",
    },
    "pointed_next": {
        "fr": "Prochaine fenêtre : {label}, du {opens} au {closes}.",
        "en": "Next window: {label}, from {opens} to {closes}.",
    },
    "postponed": {
        "fr": "Report : {change} ({announced}).",
        "en": "Postponement: {change} ({announced}).",
    },
    "current": {"fr": "En cours pour vous :", "en": "Open for you now:"},
    "upcoming": {"fr": "À venir :", "en": "Coming up:"},
    "next": {"fr": "Prochaine échéance :", "en": "Next:"},
    "next_window": {"fr": "Prochaine fenêtre :", "en": "Next window:"},
    "nothing_ahead": {
        "fr": "Aucune date à venir n'est connue de nos sources pour votre profil : toutes les échéances "
        "du calendrier sont passées{last}. Je n'invente pas de date : consultez {channels}.",
        "en": "Our sources know of no upcoming date for your profile: every deadline in the calendar has "
        "passed{last}. I do not make dates up: please check {channels}.",
    },
    "last_closed": {
        "fr": " (la dernière : {label}, le {closes})",
        "en": " (the last one: {label}, on {closes})",
    },
    "ask_role": {
        "fr": "Pour vous donner les bonnes dates, j'ai besoin de savoir qui vous êtes : éditeur / industriel, "
        "ou établissement de santé ? (Précisez-le dans votre question, ou avec /role.)",
        "en": "To give you the right dates, I need to know who you are: a software vendor, or a health "
        "establishment? (Say it in your question, or use /role.)",
    },
    "fallback": {
        "fr": "Je ne suis pas sûr d'avoir compris votre question, et je préfère ne pas deviner.",
        "en": "I am not sure I understood your question, and I would rather not guess.",
    },
    "did_you_mean": {"fr": "Vouliez-vous parler de :", "en": "Did you mean:"},
    "scope": {
        "fr": "Je réponds sur le Ségur du numérique : son budget, SUN-ES et ses fenêtres, le financement "
        "des éditeurs (SONS), le référencement, les échéances et l'éligibilité. Pour le reste : {channels}.",
        "en": "I answer about the Ségur du numérique: its budget, SUN-ES and its windows, vendor funding "
        "(SONS), référencement, deadlines and eligibility. For anything else: {channels}.",
    },
    "greeting": {
        "fr": "Bonjour ! Posez-moi votre question sur le Ségur du numérique, par exemple : "
        "« prochaine fenêtre SUN-ES ? » ou « je suis éditeur, suis-je encore éligible ? »",
        "en": 'Hello! Ask me about the Ségur du numérique, for example: "when is the next SUN-ES '
        'window?" or "I am a vendor, am I still eligible?"',
    },
    "thanks": {
        "fr": "Avec plaisir ! D'autres questions sur le Ségur du numérique ?",
        "en": "You are welcome! Anything else about the Ségur du numérique?",
    },
    "empty": {
        "fr": "Votre message est vide. Posez-moi une question sur le Ségur du numérique, par exemple : "
        "« prochaine fenêtre SUN-ES ? »",
        "en": "Your message is empty. Ask me about the Ségur du numérique, for example: "
        '"when is the next SUN-ES window?"',
    },
}


def t(key: str, lang: str, **values: str) -> str:
    text = T[key]["en" if lang == "en" else "fr"]
    return text.format(**values) if values else text


def day_text(day: dt.date, lang: str) -> str:
    if lang == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS_FR[day.month - 1]} {day.year}"


def time_text(time: dt.time, lang: str) -> str:
    return f"{time:%H:%M}" if lang == "en" else f"{time.hour}h{time.minute:02d}"


def moment_text(moment: Moment | None, lang: str) -> str:
    if moment is None:
        return "?"
    text = day_text(moment.day, lang)
    if moment.time is not None:
        text += (" at " if lang == "en" else " à ") + time_text(moment.time, lang)
    return text


def span_text(item: CalendarItem, lang: str) -> str:
    if item.opens and item.closes:
        if lang == "en":
            return f"from {moment_text(item.opens, lang)} to {moment_text(item.closes, lang)}"
        return f"du {moment_text(item.opens, lang)} au {moment_text(item.closes, lang)}"
    if item.closes:
        return ("closes on " if lang == "en" else "clôture le ") + moment_text(item.closes, lang)
    return ("opens on " if lang == "en" else "ouverture le ") + moment_text(item.opens, lang)


def _item_values(item: CalendarItem, lang: str) -> dict[str, str]:
    return {
        "label": item.label.get(lang),
        "opens": moment_text(item.opens, lang),
        "closes": moment_text(item.closes, lang),
        "span": span_text(item, lang),
    }


def item_line(item: CalendarItem, lang: str) -> str:
    line = (
        f"• {item.label.get(lang)} : {span_text(item, lang)}"
        if lang == "fr"
        else (f"• {item.label.get(lang)}: {span_text(item, lang)}")
    )
    return line + f" [{item.source}]"


def postponement_text(item: CalendarItem, lang: str) -> str | None:
    if item.postponement is None:
        return None
    p = item.postponement
    return t("postponed", lang, change=p.change.get(lang), announced=p.announced.get(lang))


def verdict_reason(verdict: Verdict, lang: str) -> str:
    """The sentence after 'Oui'/'Non': what the rule says for this filing and item."""
    filing = day_text(verdict.filing.day, lang)
    if verdict.filing.time is not None:
        filing += (" at " if lang == "en" else " à ") + time_text(verdict.filing.time, lang)
    values = _item_values(verdict.item, lang)
    closes = verdict.item.closes
    at = time_text(closes.time, lang) if closes and closes.time else ""
    if (
        verdict.reason == "opening_day_time_unknown"
        and verdict.item.opens
        and verdict.item.opens.time
    ):
        at = time_text(verdict.item.opens.time, lang)
    return t(verdict.reason, lang, filing=filing, time=at, **values)


def render_verdict(
    verdict: Verdict,
    lang: str,
    rule_topic: Topic | None,
    title_of: TitleOf,
    extra: str | None = None,
) -> str:
    head = {True: t("yes", lang), False: t("no", lang), None: t("unsure", lang)}[verdict.eligible]
    lines = [
        f"{head} : {verdict_reason(verdict, lang)}"
        if lang == "fr"
        else f"{head}: {verdict_reason(verdict, lang)}"
    ]
    if verdict.next_item is not None and verdict.reason not in ("between_windows",):
        lines.append(t("pointed_next", lang, **_item_values(verdict.next_item, lang)))
    postponed = postponement_text(verdict.item, lang)
    if postponed:
        lines.append(postponed)
    if extra:
        lines.append(extra)
    sources = [verdict.item.source]
    if rule_topic is not None:
        sources.extend(quote_text(rule_topic, lambda d: title_of(d, lang), lang))
    lines.append(source_line(sources, lang))
    return "\n".join(lines)


def render_outlook(outlook: Outlook, lang: str, channels: str, *, next_only: bool = False) -> str:
    if outlook.nothing_ahead:
        last = ""
        if outlook.last_closed is not None:
            last = t("last_closed", lang, **_item_values(outlook.last_closed, lang))
        return t("nothing_ahead", lang, last=last, channels=channels)
    lines = []
    if outlook.current:
        lines.append(t("current", lang))
        lines.extend(item_line(i, lang) for i in outlook.current)
    if outlook.upcoming:
        upcoming = outlook.upcoming[:1] if next_only else outlook.upcoming
        key = "upcoming"
        if next_only:
            key = "next_window" if upcoming[0].kind == "window" else "next"
        lines.append(t(key, lang))
        lines.extend(item_line(i, lang) for i in upcoming)
    return "\n".join(lines)


def source_line(sources: Sequence[str], lang: str) -> str:
    label = t("source" if len(sources) == 1 else "sources", lang)
    sep = " : " if lang == "fr" else ": "
    return f"{label}{sep}{'; '.join(sources)}"


def quote_text(topic: Topic, title_of: Callable[[str], str], lang: str = "fr") -> list[str]:
    """'Title : « quote »' for each source of a topic (title_of maps a document id to its title)."""
    out = []
    sep = ": " if lang == "en" else " : "
    for source in topic.sources:
        text = f"{title_of(source.document)}{sep}« {source.quote.strip()} »"
        if source.cites:
            text += f" ({source.cites})"
        out.append(text)
    return out


def quote_line(topic: Topic, lang: str, title_of: TitleOf) -> str:
    return source_line(quote_text(topic, lambda d: title_of(d, lang), lang), lang)


def render_topic(topic: Topic, lang: str, title_of: TitleOf) -> str:
    return f"{topic.answer.get(lang).strip()}\n{quote_line(topic, lang, title_of)}"


def render_fallback(suggestions: Sequence[Topic], lang: str, channels: str) -> str:
    lines = [t("fallback", lang)]
    if suggestions:
        lines.append(t("did_you_mean", lang))
        lines.extend(f"• {s.title.get(lang)}" for s in suggestions)
    lines.append(t("scope", lang, channels=channels))
    return "\n".join(lines)
