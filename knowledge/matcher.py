"""Rank knowledge topics against a question, on one 0-100 scale.

Each question token is weighted by how rare it is across topics (a word every topic uses, like
"segur", says little). A topic scores by how much of the question's weight its best variant covers,
how much of that variant the question covers, and how much of the question the topic's whole
vocabulary covers. Words the knowledge base has never seen weigh heavily against every topic, which
is what keeps weather or tax questions below the answer threshold. rapidfuzz corrects typos
against the vocabulary and adds a character-level similarity for the leading candidates.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process

from knowledge.centroids import Centroids
from knowledge.loader import KnowledgeBase

TYPO_CUTOFF = (
    86  # rapidfuzz ratio above which an unknown word is read as a known one (cheque != chaque)
)
_MAX_INDEXED = 40  # longest word whose typo candidates are indexed; longer ones are filtered
MIN_TYPO_LEN = 4  # shorter words have too many near neighbours to correct safely
UNKNOWN_WEIGHT = 0.8  # of the rarest known word's weight
COMMON_SHARE = 0.6  # a word in this share of the topics says little about which one is asked
RERANK = 4  # leading topics that get the character-level comparison
VARIANT_WEIGHT = 0.5  # best variant's F-score; the rest is the topic's whole-vocabulary coverage
CHAR_WEIGHT = 0.15  # rapidfuzz character similarity, for the leading candidates
# The topic centroids' cosine (on 0-100) is averaged with the matcher's own score at this weight:
# they order the topics better together than either alone (knowledge/centroids.py says why).
CENTROID_WEIGHT = 0.4
OFF_DOMAIN_FACTOR = (
    0.6  # no programme word, and a word we have never seen: probably another subject
)


class Match(NamedTuple):
    """A topic and its score (0..100). A named tuple: five are made per question, and a frozen
    dataclass cost several times more to build."""

    topic: str
    score: float


@dataclass(frozen=True)
class _Variant:
    topic: str
    tokens: frozenset[str]
    text: str
    weight: float


class Matcher:
    """Scores every topic of a knowledge base against a question."""

    def __init__(self, kb: KnowledgeBase, ignored: frozenset[str] = frozenset()) -> None:
        """`ignored`: words read elsewhere (the date layer's "today", "lundi", "morning"), which
        say nothing of the topic: those the knowledge base never saw are dropped like function
        words rather than counted against every topic."""
        self._normalizer = kb.normalizer
        self._amount_units = {
            token: scale
            for scale, units in kb.lexicon.amount_units.items()
            for unit in units
            for token in self._normalizer.tokens(unit)[-1:]
        }
        words = kb.lexicon.stopwords
        self._stop = frozenset(self._normalizer(w) for w in words) | words
        topic_tokens: dict[str, set[str]] = {}
        answer_tokens: dict[str, set[str]] = {}
        raw_variants: list[tuple[str, list[str]]] = []
        documents: list[tuple[str, list[str]]] = []
        for topic in kb.topics.values():
            texts = [*topic.variants, topic.title.fr, topic.title.en]
            bag: set[str] = set()
            for text in texts:
                tokens = self.content_tokens_raw(text)
                bag.update(tokens)
                if text in topic.variants:
                    raw_variants.append((topic.id, tokens))
            # The answer's own words widen what the topic covers ("l'ASP sert à quoi" finds the
            # governance answer that names the ASP), without counting as a variant to match.
            answers = [topic.answer.fr, topic.answer.en]
            answers += [t for f in topic.later for t in (f.says.fr, f.says.en)]
            answer_bag = set(self.content_tokens_raw(" ".join(answers)))
            # So do its other phrasings' words: known, without each being compared as a variant.
            for text in topic.phrasings:
                answer_bag.update(self.content_tokens_raw(text))
            for text in (*texts, *topic.phrasings, *answers):
                documents.append((topic.id, self.content_tokens_raw(text)))
            topic_tokens[topic.id] = bag
            answer_tokens[topic.id] = answer_bag
        n_topics = max(len(topic_tokens), 1)
        df: dict[str, int] = defaultdict(int)
        for bag in topic_tokens.values():
            for token in bag:
                df[token] += 1
        self._idf = {t: math.log(1 + n_topics / c) for t, c in df.items()}
        self._unknown = UNKNOWN_WEIGHT * math.log(1 + n_topics)
        by_length: dict[int, list[str]] = defaultdict(list)
        for word in sorted(self._idf):
            by_length[len(word)].append(word)
        self._by_length = {n: tuple(words) for n, words in by_length.items()}
        # The known words a typo may be: of a similar length (`_candidates`) ...
        # ... that also share its first letter, or its last two: a typo rarely changes both ends,
        # and comparing with every word of a similar length cost most of a question's time.
        # Built for every length up front (a few milliseconds), so no question pays for it.
        by_first: dict[tuple[int, str], list[str]] = defaultdict(list)
        by_last: dict[tuple[int, str], list[str]] = defaultdict(list)
        for length in range(MIN_TYPO_LEN, _MAX_INDEXED + 1):
            for word in self._candidates(length):
                by_first[(length, word[0])].append(word)
                by_last[(length, word[-2:])].append(word)
        self._by_first = {k: tuple(v) for k, v in by_first.items()}
        self._by_last = {k: tuple(v) for k, v in by_last.items()}
        self._topic_tokens = {k: frozenset(v | answer_tokens[k]) for k, v in topic_tokens.items()}
        token_topics: dict[str, list[str]] = defaultdict(list)
        for topic_id, topic_bag in self._topic_tokens.items():
            for token in topic_bag:
                token_topics[token].append(topic_id)
        self._token_topics = {k: tuple(v) for k, v in token_topics.items()}
        self._common = frozenset(
            t for t, topics in token_topics.items() if len(topics) >= COMMON_SHARE * n_topics
        )
        for bag in answer_tokens.values():
            for token in bag:
                self._idf.setdefault(token, math.log(1 + n_topics / max(df.get(token, 0), 1)))
        # Only those it has never seen: "ans" is a unit of years and the ANS.
        unseen = {w for w in ignored if self._normalizer(w) not in self._idf and w not in self._idf}
        self._stop |= frozenset(self._normalizer(w) for w in unseen) | unseen
        self._variants: list[_Variant] = []
        self._index: dict[str, list[int]] = defaultdict(list)
        for topic_id, tokens in raw_variants:
            unique = frozenset(tokens)
            if not unique:
                continue
            weight = sum(self._idf[t] for t in unique)
            self._variants.append(_Variant(topic_id, unique, " ".join(tokens), weight))
            for token in unique:
                self._index[token].append(len(self._variants) - 1)
        # Flat lists: the scoring loop below runs per question, and attribute lookups cost.
        self._vweights = [v.weight for v in self._variants]
        self._vtopics = [v.topic for v in self._variants]
        self._topic_ids = tuple(sorted(set(self._vtopics)))
        number = {topic_id: n for n, topic_id in enumerate(self._topic_ids)}
        self._number = number
        self._centroids = Centroids(documents, self._topic_ids)
        self._vtopic_index = [number[t] for t in self._vtopics]
        self._token_topic_index = {
            token: tuple(number[t] for t in topics if t in number)
            for token, topics in self._token_topics.items()
        }
        by_topic: dict[str, list[str]] = defaultdict(list)
        for variant in self._variants:
            by_topic[variant.topic].append(variant.text)
        self._texts_by_topic = {k: tuple(v) for k, v in by_topic.items()}
        self._domain = frozenset(
            " ".join(self._normalizer.tokens(w)) for w in kb.lexicon.domain_words
        )
        # Everyday words of dated questions, and the words that ask when or whether ("la fenêtre
        # actuelle se termine quand ?"): known, so they never make a question look foreign.
        asking = [
            w
            for family in (kb.lexicon.intents, kb.lexicon.milestones)
            for ws in family.values()
            for w in ws
        ]
        self._neutral = frozenset(
            token
            for w in (*kb.lexicon.neutral_words, *asking)
            for token in self._normalizer.tokens(w)
        )
        self._correct = lru_cache(maxsize=4096)(self._correct_uncached)
        self._content = lru_cache(maxsize=4096)(self._content_uncached)
        self.rank = lru_cache(maxsize=2048)(self._rank)  # type: ignore[method-assign]

    def clear_caches(self) -> None:
        self._correct.cache_clear()
        self.rank.cache_clear()
        self._content.cache_clear()
        self._normalizer.clear_cache()

    def content_tokens_raw(self, text: str) -> list[str]:
        """Canonical tokens minus function words and bare numbers (dates vary); an amount with
        its unit ("210 M€", "7,5 milliards") is one token, which names the topic that gives it."""
        tokens = self._normalizer.tokens(text)
        out: list[str] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.isdigit():
                # "7 5 milliard" is how "7,5 milliards" folds: the decimal is part of the amount.
                decimal = (
                    i + 2 < len(tokens) and tokens[i + 1].isdigit() and len(tokens[i + 1]) <= 2
                )
                unit = tokens[i + 2] if decimal else tokens[i + 1] if i + 1 < len(tokens) else ""
                scale = self._amount_units.get(unit)
                if scale is not None:
                    number = f"{token}_{tokens[i + 1]}" if decimal else token
                    out.append(f"{number}{scale}")
                    i += 3 if decimal else 2
                    continue
            elif token not in self._stop:
                out.append(token)
            i += 1
        return out

    def _candidates(self, length: int) -> tuple[str, ...]:
        """The known words a typo of this length may be: fuzz.ratio = 2 * matches / (len(a) +
        len(b)), so a word whose length differs by more than about a third cannot reach the
        cutoff."""
        slack = max(1, int(length * (100 - TYPO_CUTOFF) / TYPO_CUTOFF) + 1)
        return tuple(
            w for n in range(length - slack, length + slack + 1) for w in self._by_length.get(n, ())
        )

    def _correct_uncached(self, token: str) -> str | None:
        if token in self._idf:
            return token
        if len(token) < MIN_TYPO_LEN:
            return None
        if len(token) <= _MAX_INDEXED:
            near = self._by_first.get((len(token), token[0]), ())
            near += self._by_last.get((len(token), token[-2:]), ())
        else:
            near = tuple(
                w for w in self._candidates(len(token)) if w[0] == token[0] or w[-2:] == token[-2:]
            )
        hit = process.extractOne(token, near, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        return hit[0] if hit else None

    def says_little(self, text: str) -> bool:
        """Only words most topics use ("segur ?", "tell me about segur"): a menu to offer, not
        a question one topic answers, however far ahead its best guess is."""
        tokens = self.content_tokens(text)
        return bool(tokens) and all(ok and t in self._common for t, ok in tokens)

    def in_domain(self, text: str) -> bool:
        """A programme word, or no word the knowledge base has never seen: "la fenêtre actuelle
        se termine quand ?" may be about SUN-ES; "prochaine fenêtre de tir pour Ariane 6" is not."""
        tokens = [(t, ok or t in self._neutral) for t, ok in self.content_tokens(text)]
        known = {t for t, ok in tokens if ok}
        return bool(known & self._domain) or (bool(known) and all(ok for _, ok in tokens))

    def content_tokens(self, text: str) -> list[tuple[str, bool]]:
        """Question tokens, typo-corrected, each flagged known or unknown to the knowledge base."""
        return list(self._content(text))

    def _content_uncached(self, text: str) -> tuple[tuple[str, bool], ...]:
        out = []
        for token in self.content_tokens_raw(text):
            fixed = self._correct(token)
            out.append((fixed, True) if fixed else (token, False))
        return tuple(out)

    def _rank(self, text: str, limit: int = 5) -> tuple[Match, ...]:
        tokens = self.content_tokens(text)
        known = {t for t, ok in tokens if ok}
        if not known:
            return ()
        unknown_weight = sum(self._unknown for t, ok in set(tokens) if not ok)
        query_weight = sum(self._idf[t] for t in known) + unknown_weight
        idf, index = self._idf, self._index
        # Per variant, the weight of the question's words it holds; lists indexed by variant and
        # by topic number, since this loop runs for every question.
        overlap = [0.0] * len(self._vweights)
        touched: set[int] = set()
        for token in known:
            weight = idf[token]
            postings = index.get(token, ())
            touched.update(postings)
            for vi in postings:
                overlap[vi] += weight
        # The best variant's F1 of question and variant coverage, both weighted by rarity:
        # with P = inter/Q and R = inter/V, F1 = 2PR/(P+R) = 2 inter/(Q+V).
        vweights, vtopic = self._vweights, self._vtopic_index
        best = [-1.0] * len(self._topic_ids)
        for vi in touched:
            f = 2 * overlap[vi] / (query_weight + vweights[vi])
            t = vtopic[vi]
            if f > best[t]:
                best[t] = f
        # How much of the question the topic's whole vocabulary covers.
        covered = [0.0] * len(self._topic_ids)
        token_topics = self._token_topic_index
        for token in known:
            weight = idf[token]
            for t in token_topics.get(token, ()):
                covered[t] += weight
        query_text = " ".join(t for t, _ in tokens)
        topic_ids = self._topic_ids
        scored = [
            (VARIANT_WEIGHT * f + (1 - VARIANT_WEIGHT) * covered[t] / query_weight, topic_ids[t])
            for t, f in enumerate(best)
            if f >= 0.0
        ]
        scored.sort(reverse=True)
        reranked: list[tuple[float, str]] = []
        for base, topic_id in scored[:RERANK]:
            hit = process.extractOne(
                query_text, self._texts_by_topic.get(topic_id, ()), scorer=fuzz.ratio
            )
            chars = hit[1] if hit else 0.0
            reranked.append(
                (100 * ((1 - CHAR_WEIGHT) * base + CHAR_WEIGHT * chars / 100), topic_id)
            )
        reranked += [(100 * base, topic_id) for base, topic_id in scored[RERANK:]]
        if CENTROID_WEIGHT:
            # The centroid reads the known words in their order (for word pairs).
            ordered = [t for t, ok in tokens if ok]
            sims = self._centroids.similarities(ordered, len(tokens) - len(ordered))
            weight = CENTROID_WEIGHT * 100
            number = self._number
            reranked = [
                ((score + weight * sims[number[topic_id]]) / (1 + CENTROID_WEIGHT), topic_id)
                for score, topic_id in reranked
            ]
        # No programme word, and either a word we have never seen or a single everyday word
        # ("quel temps fait-il" shares only "temps" with "à temps"): too little to answer on.
        if not known & self._domain and (unknown_weight or len(known) < 2):
            reranked = [(score * OFF_DOMAIN_FACTOR, topic_id) for score, topic_id in reranked]
        # Best first, ties by topic id: a plain tuple sort (a key function cost more than the rest).
        ordered_scores = sorted([(-score, topic_id) for score, topic_id in reranked])[:limit]
        return tuple(Match(topic_id, round(-score, 2)) for score, topic_id in ordered_scores)
