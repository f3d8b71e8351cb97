"""Past-tense cues and clause boundaries: whether a date is spoken of in the past."""

from __future__ import annotations

import bisect
import re
from datetime import date

from bot.core.dates.vocabulary import _W, _compile, _words

_AVOIR = r"(?:j'ai|j\s+ai|ai|as|a|avons|avez|ont|avais|avait|avions|aviez|avaient)"
_ADVERBS = r"(?:(?:deja|bien|pas|enfin|finalement|aussi|meme|tout)\s+){0,2}"
_PARTICIPLES = (
    r"(?:envoye|depose|soumis|transmis|fait|recu|signe|commande|installe|paye|"
    r"rempli|finalise|termine|valide|complete|postule|candidate|demande|obtenu|eu|pu|"
    r"rate|loupe|manque|oublie|effectue|realise|lance|commence|ouvert|ferme|"
    r"cloture|vu|ecrit|repondu|perdu|mis|pris|rendu|livre|deploye|reference|"
    r"inscrit|enregistre|telecharge|saisi|fini|reussi|dit|lu|remis|choisi|recu|atteint|depasse)"
    r"(?:e|s|es)?"
)
# Words ending in -e after "j'ai" that are not participles ("j'ai envie").
_NOT_PARTICIPLES = _words(
    "envie toute toutes quelques quelque acces cette juste presque meme comme chaque "
    "aucune autre autres hate honte grande bonne mauvaise seule date idee reponse "
    "probleme possibilite personne quelle quelles laquelle"
)
_PAST = _compile(
    rf"\b{_AVOIR}\s+{_ADVERBS}{_PARTICIPLES}\b"
    # "ça devait être fait avant le 28 avril" (not "on devait déposer le 15 juin": ahead)
    rf"|\bdevai(?:t|ent)\s+{_ADVERBS}etre\s+{_PARTICIPLES}\b"
    r"|\b(?:etait|etaient|etais|avait|avaient|hier|did|didn|didnt|was|wasn|were|weren|had|hadn|"
    # "c'est fini depuis fin avril", "aurait dû être fait le 28 avril": a day behind us ("on
    # devait déposer le 15 juin" may still be ahead).
    r"depuis|since|aurait\s+du|auraient\s+du|"
    r"sent|submitted|filed|signed|received|ordered|installed|paid|missed|applied|"
    r"uploaded|registered|delivered|completed|finished|exceeded|overran|yesterday|ago|"
    r"opened|closed|started|began|ended|asked|requested|went|came|arrived|landed|"
    # "the July 15 deadline is gone", "la date du 15 juillet est passée": a date behind us.
    r"gone|passed|expired|lapsed|(?:est|sont)\s+(?:passee?s?|depassee?s?|expiree?s?|revolue?s?))\b"
    rf"|\blast\s+(?:week|month|year|time|night|{_W})\b"
    # "install finie le 25 sept": done on that day (not "sera finie le", "doit être finie le",
    # whose "être" is a word: "fenêtre finie le" is done); "fenêtre ratée en octobre": missed then.
    r"|(?<!\bsera )(?<!\bseront )(?<!\betre )\b(?:finie?s?|terminee?s?|achevee?s?|bouclee?s?)\s+(?:le|du|au)\b"
    r"|(?<!\bsera )(?<!\betre )\b(?:ratee?s?|loupee?s?|manquee?s?)\s+(?:le|du|au|en)\b"
)
_PAST_GENERIC = _compile(
    rf"\b(?:j'ai|j\s+ai|ai|avons)\s+{_ADVERBS}(?P<w>[a-z]{{3,}}e(?:e|s|es)?)\b"
)
# Tense is judged per clause, not per sentence: in "j'ai envoyé le 2 avril,
# puis-je compléter fin juin ?" only the first date is in the past.
_CLAUSE_CUT = _compile(
    r"[,;:.!?](?=\s|$)|\n"
    r"|\b(?=(?:mais|but|puis-je|puis\s+je|can\s+i|could\s+i|est-ce\s+que|est\s+ce\s+que|"
    r"peut-on|suis-je|am\s+i)\b)"
)
_CLAUSE_BREAK = re.compile(r"[.!?;\n]")
_SENTENCE_END = _compile(r"[.!?;](?=\s|$)|\n")
# Words that leave a clause "bare" ("le 2 avril, j'ai envoyé..."): such a
# clause takes its tense from its neighbours.
_FILLERS = _words("le la les l on the in en du de au et and a at vers ou or so donc alors")
_WORD = re.compile(r"[a-z']+")


class _Context:
    def __init__(self, folded: str, today: date) -> None:
        self.text = folded
        self.today = today
        self._cuts = sorted(
            {m.start() if m.start() == m.end() else m.end() for m in _CLAUSE_CUT.finditer(folded)}
        )
        self._ends = [m.end() for m in _SENTENCE_END.finditer(folded)]
        self._past: dict[tuple[int, int], bool] = {}

    def _clause(self, start: int, end: int, extra: int = 0) -> tuple[int, int]:
        i = bisect.bisect_right(self._cuts, start) - 1 - extra
        j = bisect.bisect_left(self._cuts, end) + extra
        begin = self._cuts[i] if i >= 0 else 0
        stop = self._cuts[j] if j < len(self._cuts) else len(self.text)
        return begin, stop

    def past(self, start: int, end: int) -> bool:
        """Whether the clause around [start, end) speaks of the past."""
        begin, stop = self._clause(start, end)
        rest = self.text[begin:start] + " " + self.text[end:stop]
        if all(w.strip("'") in _FILLERS for w in _WORD.findall(rest)):
            begin, stop = self._clause(start, end, extra=1)
            # ...but never borrow the tense of another sentence.
            i = bisect.bisect_right(self._ends, start)
            j = bisect.bisect_left(self._ends, end)
            begin = max(begin, self._ends[i - 1] if i else 0)
            stop = min(stop, self._ends[j] if j < len(self._ends) else len(self.text))
        if (begin, stop) not in self._past:
            clause = self.text[begin:stop]
            generic = any(
                not (w := m.group("w")).endswith("re") and w not in _NOT_PARTICIPLES
                for m in _PAST_GENERIC.finditer(clause)
            )
            self._past[begin, stop] = generic or _PAST.search(clause) is not None
        return self._past[begin, stop]
