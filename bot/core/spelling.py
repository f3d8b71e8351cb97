"""Typo correction for the parser's clue words: "un jour de retar", "on peu encor", "avanse".

The parser's clue lists (intents, steps, late filings…) match folded text exactly, so one letter
off defeats them. A word the bot has never seen (in the knowledge base, the lexicon or the date
layer's vocabulary) that is one edit from a clue word (two for long words) is read as that clue
word. Known words are never changed, nor real French or English words: most words the bot has
never seen are real ones ("chance" is not "change", "failed" is not "filed").
"""

from __future__ import annotations

import gzip
import logging
import re
import string
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from knowledge.model import Lexicon
from knowledge.normalize import fold

# Shorter words have too many near neighbours ("cdes" is "commandes", not "cles"; "dept" is not
# "depot"), and a five-letter word may only miss or add a letter ("retar", "encor"; "resto" is
# not "reste"). From six letters one edit ("avanse"; a swap of two letters is one), from eight
# two ("referencment"). Real words are never corrected.
MIN_LEN = 5
LONG = 8

_WORD = re.compile(r"[^\W\d_]+")
LANGUAGES = ("fr", "en")

log = logging.getLogger(__name__)


class _WordList:
    """One language's list, as its folded JSON text (one `"word": count` per line, sorted):
    a set of its 140,000 words would cost 10 MB for a lookup or two per question. The lines of
    words with an accented first letter come last; the others are found between the first line
    of their first letter and the first line of the next."""

    def __init__(self, raw: str) -> None:
        accented = re.search(r'\n"[^\x00-\x7f]', raw)
        cut = accented.start() if accented else len(raw)
        self._head = fold_keep_quotes(raw[:cut])
        self._tail = fold_keep_quotes(raw[cut:])
        starts = sorted(
            (at, c) for c in string.ascii_lowercase if (at := self._head.find(f'\n"{c}')) >= 0
        )
        ends = [at for at, _ in starts[1:]] + [len(self._head)]
        self._bounds = {c: (at, end) for (at, c), end in zip(starts, ends, strict=True)}

    def __contains__(self, word: str) -> bool:
        line = f'\n"{word}"'
        at, end = self._bounds.get(word[:1], (0, 0))
        return self._head.find(line, at, end) >= 0 or line in self._tail


class RealWords:
    """The French and English words of pyspellchecker's frequency lists, read at the first
    lookup: lookups are rare (a word near a clue word that the bot does not know)."""

    def __init__(self, languages: Iterable[str] = LANGUAGES) -> None:
        self._languages = tuple(languages)
        self._lists: list[_WordList] | None = None

    def _load(self) -> list[_WordList]:
        lists = []
        for lang in self._languages:
            try:
                path = resources.files("spellchecker") / "resources" / f"{lang}.json.gz"
                raw = gzip.decompress(path.read_bytes()).decode("utf-8")
            except (ModuleNotFoundError, OSError, ValueError) as exc:
                # Without the lists no word is corrected: a missed typo, never a wrong word.
                log.warning("no %s word list (%s): clue-word typos are not corrected", lang, exc)
                return []
            lists.append(_WordList(raw))
        return lists

    def __contains__(self, word: str) -> bool:
        if self._lists is None:
            self._lists = self._load()
        return not self._lists or any(word in words for words in self._lists)


class ClueSpelling:
    """Rewrites the unknown words of a question that are near a clue word."""

    def __init__(
        self, clue_words: Iterable[str], known: Iterable[str], real: RealWords | None = None
    ) -> None:
        self._real = real if real is not None else RealWords()
        targets = sorted({w for w in clue_words if len(w) >= MIN_LEN and w.isalpha()})
        self._known = frozenset(known) | frozenset(targets)
        by_length: dict[int, list[str]] = defaultdict(list)
        for word in targets:
            by_length[len(word)].append(word)
        self._by_length = {n: tuple(ws) for n, ws in by_length.items()}
        self._seen: dict[str, str | None] = {}  # words recur across questions

    @lru_cache(maxsize=4096)  # noqa: B019 - one corrector per engine
    def _near(self, length: int, edits: int, first: str, last: str) -> tuple[str, ...]:
        """The clue words a word may be a typo of: of a near length, sharing its first letter
        or its last two (a typo rarely changes both ends, and comparing with every word of a
        near length cost more than the rest of the parse)."""
        return tuple(
            w
            for n in range(length - edits, length + edits + 1)
            for w in self._by_length.get(n, ())
            if w[0] == first or w[-2:] == last
        )

    def clear_cache(self) -> None:
        """Forget the words seen (the word lists stay read: they are data, not a cache)."""
        self._seen.clear()

    @classmethod
    def for_lexicon(cls, lexicon: Lexicon, known: frozenset[str]) -> ClueSpelling:
        """For the clue lists the parser reads; `known` are never taken for a typo."""
        families = (
            *lexicon.intents.values(),
            *lexicon.milestones.values(),
            *lexicon.programmes.values(),
            *lexicon.claims.values(),
            *lexicon.roles.values(),
            *lexicon.software.values(),
            *lexicon.waves.values(),
            lexicon.late_filing,
            lexicon.as_of_now,
            lexicon.now_first,
            lexicon.already,
            lexicon.whether_ahead,
            lexicon.all_ahead,
            lexicon.filing_words,
            lexicon.done_words,
            lexicon.today_is,
        )
        return cls(clue_words(w for family in families for w in family), known)

    def correction(self, word: str) -> str | None:
        """The clue word a folded word is a typo of, or None."""
        if word in self._seen:
            return self._seen[word]
        fixed = None
        if len(word) >= MIN_LEN and word not in self._known:
            edits = 2 if len(word) >= LONG else 1
            near = self._near(len(word), edits, word[0], word[-2:])
            scorer = Indel.distance if len(word) == MIN_LEN else OSA.distance
            hit = process.extractOne(word, near, scorer=scorer, score_cutoff=edits)
            fixed = hit[0] if hit and word not in self._real else None
        if len(self._seen) < 20_000:
            self._seen[word] = fixed
        return fixed

    def correct(self, text: str, folded: str) -> tuple[str, str]:
        """The text and its folded form, each typo of a clue word replaced by the clue word, the
        rest as typed. Most questions have none: their folded words are looked up, nothing more."""
        seen, correction = self._seen, self.correction
        if not any(
            (seen[w] if w in seen else correction(w)) for w in folded.split() if not w.isdigit()
        ):
            return text, folded

        def fix(m: re.Match[str]) -> str:
            word = fold(m.group(0))
            fixed = correction(word) if " " not in word else None
            return fixed if fixed else m.group(0)

        text = _WORD.sub(fix, text)
        return text, fold(text)


def fold_keep_quotes(text: str) -> str:
    """Lower-case and accent-free, quotes kept: '"congés": 12' becomes '"conges": 12'."""
    ascii_only = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore")
    return ascii_only.decode("ascii")


def clue_words(phrases: Iterable[str]) -> frozenset[str]:
    """The single words of clue phrases, folded."""
    return frozenset(word for phrase in phrases for word in fold(phrase).split())
