"""What the Telegram bot says on its own, in French and English (the answers come from
bot.core.render).

Kept apart from the handlers so that wording can be changed without touching any logic, and so
that the command list, the help text and setMyCommands can never disagree.
"""

from __future__ import annotations

import html

# (command, French description, English description), in the order users see them.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("start", "Commencer et choisir mon profil", "Start and choose my profile"),
    ("prochaine", "La fenêtre en cours ou la prochaine", "The current or next window"),
    ("echeances", "Les échéances à venir", "Upcoming deadlines"),
    ("eligible", "Suis-je dans les délais ? /eligible [date]", "Am I in time? /eligible [date]"),
    ("role", "Changer mon profil", "Change my profile"),
    ("langue", "Changer de langue", "Change the language"),
    ("rappel", "Recevoir des rappels avant mes échéances", "Get reminders before my deadlines"),
    (
        "calendrier",
        "Mon calendrier en image /calendrier [logiciel]",
        "My calendar as a picture /calendrier [software]",
    ),
    (
        "ics",
        "Mes échéances dans mon agenda (.ics) /ics [logiciel]",
        "My deadlines in my calendar app (.ics) /ics [software]",
    ),
    ("stop", "Arrêter les rappels", "Stop the reminders"),
    ("aide", "Aide", "Help"),
)

# The roles offered by the keyboard, and how they are shown. "other" is stored as such and
# reaches the engine as "no role", so the engine keeps looking for a role in each question.
ROLE_LABELS: dict[str, dict[str, str]] = {
    "vendor": {"fr": "Éditeur / industriel", "en": "Software vendor"},
    "hospital": {"fr": "Établissement de santé", "en": "Health establishment"},
    "other": {"fr": "Autre", "en": "Other"},
    # Not offered by the keyboard, but shown if a role was stored another way.
    "doctor": {"fr": "Médecin / cabinet", "en": "Doctor's practice"},
    "pharmacy": {"fr": "Officine", "en": "Pharmacy"},
}
KEYBOARD_ROLES = ("vendor", "hospital", "other")
LANG_LABELS = {"fr": "Français", "en": "English"}

TEXT: dict[str, dict[str, str]] = {
    "welcome": {
        "fr": "Bonjour ! Je réponds à vos questions sur le Ségur du numérique : son budget, les "
        "fenêtres SUN-ES, le financement des éditeurs (SONS), les échéances et l'éligibilité. "
        "Chaque réponse cite sa source.\nPour vous donner les bonnes dates : qui êtes-vous ?",
        "en": "Hello! I answer your questions about the Ségur du numérique: its budget, the SUN-ES "
        "windows, vendor funding (SONS), deadlines and eligibility. Every answer cites its "
        "source.\nTo give you the right dates: who are you?",
    },
    "role_prompt": {
        "fr": "Qui êtes-vous ? Je m'en sers pour choisir les dates qui vous concernent.",
        "en": "Who are you? I use it to pick the dates that concern you.",
    },
    "role_set": {
        "fr": "C'est noté : {role}. Posez-moi votre question, ou essayez /prochaine, /echeances "
        "ou /eligible.",
        "en": "Noted: {role}. Ask me your question, or try /prochaine, /echeances or /eligible.",
    },
    "lang_prompt": {
        "fr": "Dans quelle langue voulez-vous mes réponses ?",
        "en": "Which language should I answer in?",
    },
    "lang_set": {
        "fr": "C'est noté : je vous réponds en français.",
        "en": "Noted: I will answer in English.",
    },
    "help_head": {
        "fr": "Je réponds sur le Ségur du numérique, en citant mes sources. Posez simplement votre "
        "question (par exemple : « quand ferme la fenêtre F3 ? »), ou utilisez :",
        "en": "I answer about the Ségur du numérique and cite my sources. Just ask your question "
        '(for example: "when does the F3 window close?"), or use:',
    },
    "stale_button": {
        "fr": "Ce bouton n'est plus valide. Posez à nouveau votre question.",
        "en": "This button is no longer valid. Please ask your question again.",
    },
    "not_text": {
        "fr": "Je ne lis que les messages écrits : tapez votre question, par exemple « prochaine "
        "fenêtre SUN-ES ? ».",
        "en": 'I can only read text messages: please type your question, for example "next '
        'SUN-ES window?".',
    },
    "rappel_need_role": {
        "fr": "Pour savoir quelles échéances vous rappeler, dites-moi d'abord qui vous êtes, puis "
        "renvoyez /rappel.",
        "en": "To know which deadlines to remind you of, first tell me who you are, then send "
        "/rappel again.",
    },
    "rappel_nothing": {
        "fr": "Aucune échéance à venir n'est connue de nos sources pour votre profil : je n'ai rien "
        "à vous rappeler, donc je ne vous abonne pas. Pour les nouvelles dates :\n{channels}",
        "en": "Our sources know of no upcoming deadline for your profile: I have nothing to remind "
        "you of, so I am not subscribing you. For new dates:\n{channels}",
    },
    "rappel_on": {
        "fr": "C'est noté : je vous écrirai 30, 7 et 1 jours avant ces échéances, à 9h00 (heure de "
        "Paris) :",
        "en": "Done: I will write to you 30, 7 and 1 days before these deadlines, at 09:00 (Paris "
        "time):",
    },
    "rappel_already": {
        "fr": "Vous êtes déjà abonné(e) : je vous écrirai 30, 7 et 1 jours avant ces échéances, à "
        "9h00 (heure de Paris) :",
        "en": "You are already subscribed: I will write to you 30, 7 and 1 days before these "
        "deadlines, at 09:00 (Paris time):",
    },
    "rappel_foot": {"fr": "Pour arrêter : /stop.", "en": "To stop: /stop."},
    "stop_done": {
        "fr": "C'est fait : vous ne recevrez plus de rappels.",
        "en": "Done: you will not get any more reminders.",
    },
    "stop_none": {
        "fr": "Vous n'étiez pas abonné(e) aux rappels. Pour vous abonner : /rappel.",
        "en": "You were not subscribed to reminders. To subscribe: /rappel.",
    },
    "reminder": {
        "fr": "Rappel : {label} ferme dans {days} jours, le {closes}.",
        "en": "Reminder: {label} closes in {days} days, on {closes}.",
    },
    "reminder_tomorrow": {
        "fr": "Rappel : {label} ferme demain, le {closes}.",
        "en": "Reminder: {label} closes tomorrow, on {closes}.",
    },
    "reminder_foot": {
        "fr": "Source : {source}\nPour ne plus recevoir de rappels : /stop.",
        "en": "Source: {source}\nTo stop these reminders: /stop.",
    },
    "error": {
        "fr": "Désolé, un problème technique m'a empêché de répondre. Réessayez dans un instant.",
        "en": "Sorry, a technical problem kept me from answering. Please try again in a moment.",
    },
    "not_saved": {
        "fr": "Désolé, je n'ai pas pu enregistrer votre demande (un problème de stockage de mon "
        "côté) : elle n'est pas prise en compte. Réessayez plus tard ; l'équipe est prévenue.",
        "en": "Sorry, I could not save your request (a storage problem on my side): it has not "
        "been taken into account. Please try again later; the team has been alerted.",
    },
    "slow_down": {
        "fr": "Vous m'envoyez beaucoup de messages d'un coup : je fais une courte pause. Renvoyez "
        "votre question dans quelques secondes.",
        "en": "You are sending me a lot of messages at once: I am taking a short break. Send your "
        "question again in a few seconds.",
    },
    "ics_caption": {
        "fr": "Vos échéances Ségur du numérique ({who}) : {count} dates, avec des alertes 30, 7 "
        "et 1 jours avant chaque clôture. Ouvrez le fichier pour l'ajouter à Outlook, Google "
        "Agenda ou Calendrier ; réimporté plus tard, il met les dates à jour.",
        "en": "Your Ségur du numérique dates ({who}): {count} dates, with alerts 30, 7 and 1 days "
        "before each closing. Open the file to add it to Outlook, Google Calendar or Calendar; "
        "imported again later, it updates the dates.",
    },
    "calendrier_caption": {
        "fr": "Calendrier Ségur du numérique ({who}) au {today} : ce qui est passé est en gris, une "
        "date décalée garde sa date d'origine barrée. Pour l'avoir dans votre agenda : /ics",
        "en": "Ségur du numérique calendar ({who}) as of {today}: what is over is grey, a moved "
        "date keeps its original date struck out. To get it in your calendar app: /ics",
    },
    "calendrier_nothing": {
        "fr": "Nos sources ne donnent aucune date pour {who} : pas d'image à vous envoyer.",
        "en": "Our sources give no date for {who}: no picture to send you.",
    },
    "ics_nothing": {
        "fr": "Aucune date à venir n'est connue de nos sources pour {who} : pas de fichier à vous "
        "envoyer.",
        "en": "Our sources know of no upcoming date for {who}: no file to send you.",
    },
    "ics_try_software": {
        "fr": "Des dates sont encore à venir pour : {names}. Par exemple : /{command} {example}",
        "en": "Dates are still ahead for: {names}. For example: /{command} {example}",
    },
    "bad_software": {
        "fr": "Je ne connais pas le logiciel « {text} ». Logiciels connus : {names}. Par exemple "
        ": /{command} DRIMbox",
        "en": 'I do not know the software "{text}". Known software: {names}. For example: '
        "/{command} DRIMbox",
    },
    "reload_ok": {
        "fr": "Données rechargées : {topics} sujets, {items} éléments de calendrier.",
        "en": "Data reloaded: {topics} topics, {items} calendar items.",
    },
    "reload_failed": {
        "fr": "Rechargement refusé, je garde les données actuelles : {error}",
        "en": "Reload refused, I keep the current data: {error}",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    text = TEXT[key]["en" if lang == "en" else "fr"]
    return text.format(**values) if values else text


def role_label(role: str | None, lang: str) -> str:
    labels = ROLE_LABELS.get(role or "")
    return labels["en" if lang == "en" else "fr"] if labels else "-"


def help_text(lang: str) -> str:
    lines = [t("help_head", lang)]
    for command, fr, en in COMMANDS:
        name = "help" if command == "aide" and lang == "en" else command
        lines.append(f"/{name} : {fr}" if lang != "en" else f"/{name}: {en}")
    return "\n".join(lines)


def command_list(lang: str) -> list[tuple[str, str]]:
    """For setMyCommands: the same commands in every language, described in that language."""
    return [
        ("help" if command == "aide" and lang == "en" else command, en if lang == "en" else fr)
        for command, fr, en in COMMANDS
    ]


# --- HTML for Telegram ---------------------------------------------------------------------------

MAX_MESSAGE = 4096  # Telegram's limit, counted in UTF-16 code units


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def html_chunks(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Escape plain text for parse_mode=HTML and cut it into messages Telegram accepts.

    Escaping can make a text longer ("<" becomes "&lt;"), so the limit is checked on the escaped
    text. Cuts fall between lines where possible, and never inside an entity like "&amp;".
    Only <, > and & need escaping in Telegram's HTML; quotes stay as typed (no attributes here).
    """
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in _split_line(line, limit):
            candidate = f"{current}\n{piece}" if current else piece
            if current and _units(candidate) > limit:
                chunks.append(current)
                candidate = piece
            current = candidate
    chunks.append(current)
    # Telegram refuses a blank message: drop the pieces that are only blank lines.
    return [c for c in chunks if c.strip()] or ["…"]


def _split_line(line: str, limit: int) -> list[str]:
    """One escaped line, cut by whole characters into pieces within the limit."""
    escaped = html.escape(line, quote=False)
    if _units(escaped) <= limit:
        return [escaped]
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        esc = html.escape(char, quote=False)
        units = _units(esc)
        if size + units > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(esc)
        size += units
    if current:
        pieces.append("".join(current))
    return pieces
