"""Every sentence the web page and its API say on their own, in French and English.

The answers themselves come from bot.core.render, as on Telegram and in the console. Both
languages have the same keys and the same {placeholders} (tests/bot/web/test_texts.py checks).
"""

from __future__ import annotations

LANGS = ("fr", "en")

# The roles the page offers, in its select, and how each one is shown. "other" reaches the engine
# as "no role", so the engine keeps looking for a clue in each question (as on Telegram).
ROLES = ("vendor", "hospital", "doctor", "pharmacy", "other")

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "fr": "Ségur du numérique : l'assistant",
        "en": "Ségur du numérique: the assistant",
    },
    "intro": {
        "fr": "Posez vos questions sur le Ségur du numérique : échéances, fenêtres SUN-ES, "
        "financement des éditeurs (SONS), éligibilité. Chaque réponse est datée et cite ses "
        "sources publiques.",
        "en": "Ask about the Ségur du numérique: deadlines, SUN-ES windows, vendor funding "
        "(SONS), eligibility. Every answer is dated and cites its public sources.",
    },
    "privacy": {
        "fr": "Aucun compte, aucune donnée personnelle : seul ce que vous tapez est conservé, "
        "avec un identifiant de session aléatoire (un cookie), pour suivre la conversation et "
        "améliorer les réponses. N'y écrivez pas de données de patients.",
        "en": "No account, no personal data: only what you type is kept, with a random session "
        "id (a cookie), to follow the conversation and improve the answers. Do not type "
        "patient data here.",
    },
    "lang_label": {"fr": "Langue", "en": "Language"},
    "lang_fr": {"fr": "Français", "en": "Français"},
    "lang_en": {"fr": "English", "en": "English"},
    "role_label": {"fr": "Vous êtes", "en": "You are"},
    "role_none": {"fr": "(non précisé)", "en": "(not said)"},
    "role_vendor": {"fr": "Éditeur / industriel", "en": "Software vendor"},
    "role_hospital": {"fr": "Établissement de santé", "en": "Health establishment"},
    "role_doctor": {"fr": "Médecin / cabinet", "en": "Doctor's practice"},
    "role_pharmacy": {"fr": "Officine", "en": "Pharmacy"},
    "role_other": {"fr": "Autre", "en": "Other"},
    "role_set": {"fr": "Profil : {role}.", "en": "Profile: {role}."},
    "lang_set": {
        "fr": "C'est noté : je vous réponds en français.",
        "en": "Noted: I will answer in English.",
    },
    "log_label": {"fr": "Conversation", "en": "Conversation"},
    "question_label": {"fr": "Votre question", "en": "Your question"},
    "question_placeholder": {
        "fr": "Par exemple : prochaine fenêtre SUN-ES ?",
        "en": "For example: next SUN-ES window?",
    },
    "question_hint": {
        "fr": "Entrée pour envoyer, Maj+Entrée pour aller à la ligne.",
        "en": "Enter to send, Shift+Enter for a new line.",
    },
    "send": {"fr": "Envoyer", "en": "Send"},
    "welcome": {
        "fr": "Bonjour ! Je réponds sur le Ségur du numérique en citant mes sources. Dites-moi "
        "qui vous êtes (ci-dessous) pour avoir les dates qui vous concernent.",
        "en": "Hello! I answer about the Ségur du numérique and cite my sources. Tell me who "
        "you are (below) to get the dates that concern you.",
    },
    "you": {"fr": "Vous", "en": "You"},
    "bot": {"fr": "Assistant", "en": "Assistant"},
    "thinking": {"fr": "Je cherche…", "en": "Looking it up…"},
    "sources": {"fr": "Sources", "en": "Sources"},
    "in_french": {"fr": "", "en": " (in French)"},
    "channels": {"fr": "Canaux officiels", "en": "Official channels"},
    "suggestions": {"fr": "Vouliez-vous dire :", "en": "Did you mean:"},
    "needs_role": {
        "fr": "Choisissez votre profil dans la liste « Vous êtes » pour une réponse exacte.",
        "en": 'Choose your profile in the "You are" list for an exact answer.',
    },
    "feedback_label": {"fr": "Cette réponse vous aide-t-elle ?", "en": "Did this answer help?"},
    "feedback_up": {"fr": "Oui, réponse utile", "en": "Yes, helpful answer"},
    "feedback_down": {"fr": "Non, réponse pas utile", "en": "No, unhelpful answer"},
    "feedback_thanks": {"fr": "Merci pour votre avis.", "en": "Thank you for your feedback."},
    "opens_new_tab": {"fr": "(nouvel onglet)", "en": "(new tab)"},
    "footer": {
        "fr": "Un assistant non officiel : pour une décision, vérifiez auprès de l'ANS, de l'ASP "
        "ou de votre ARS.",
        "en": "An unofficial assistant: before deciding, check with the ANS, the ASP or your "
        "regional health agency (ARS).",
    },
    "widget_open": {"fr": "Une question sur le Ségur ?", "en": "A question on the Ségur?"},
    "widget_close": {"fr": "Fermer l'assistant", "en": "Close the assistant"},
    # The API's own messages (shown by the page when a request fails).
    "error_json": {
        "fr": "La requête n'est pas un objet JSON valide ({detail}).",
        "en": "The request is not a valid JSON object ({detail}).",
    },
    "error_field": {
        "fr": "Champ « {field} » invalide : {detail}.",
        "en": 'Invalid field "{field}": {detail}.',
    },
    "error_too_large": {
        "fr": "Message trop long : {limit} octets au plus. Raccourcissez votre question.",
        "en": "Message too long: {limit} bytes at most. Please shorten your question.",
    },
    "error_too_long": {
        "fr": "Question trop longue : {limit} caractères au plus. Raccourcissez-la.",
        "en": "Question too long: {limit} characters at most. Please shorten it.",
    },
    "error_rate": {
        "fr": "Vous posez beaucoup de questions d'un coup : merci de patienter quelques "
        "secondes avant la suivante.",
        "en": "That is a lot of questions at once: please wait a few seconds before the next one.",
    },
    "error_origin": {
        "fr": "Ce site n'est pas autorisé à utiliser l'assistant.",
        "en": "This site is not allowed to use the assistant.",
    },
    "error_server": {
        "fr": "Désolé, une erreur est survenue de notre côté. Réessayez dans un instant.",
        "en": "Sorry, something went wrong on our side. Please try again in a moment.",
    },
    "error_not_found": {"fr": "Page introuvable.", "en": "Page not found."},
    "error_network": {
        "fr": "Pas de réponse du serveur : vérifiez votre connexion et réessayez.",
        "en": "No answer from the server: check your connection and try again.",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    text = TEXT[key]["en" if lang == "en" else "fr"]
    return text.format(**values) if values else text


def page_texts() -> dict[str, dict[str, str]]:
    """{lang: {key: sentence}}: what the page's script needs to relabel itself."""
    return {lang: {key: forms[lang] for key, forms in TEXT.items()} for lang in LANGS}


def pick_lang(*candidates: str | None, accept_language: str | None = None) -> str:
    """The first of the candidates that is fr or en, else the browser's preferred of the two
    (Accept-Language, by weight), else French."""
    for candidate in candidates:
        if candidate in LANGS:
            return candidate
    best, best_q = "fr", 0.0
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        base = tag.strip().lower().split("-")[0]
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        quality -= position * 1e-3  # equal weights: the first listed wins
        if base in LANGS and quality > best_q:
            best, best_q = base, quality
    return best
