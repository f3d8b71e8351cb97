"""Each topic's centroid: the mean of its variants, title and answer as tf-idf vectors.

Why a second view of the same words: the matcher scores a question against its best single variant
and the topic's vocabulary, so a question that mixes the words of several variants ("l'EHPAD de
notre groupe, on a droit au SUN-ES ou c'est que pour les hôpitaux ?") scores low against each of
them. A centroid weighs every phrasing of the topic at once, and word pairs ("fenetre suivante",
"date limite") say what single words do not. It is built from the knowledge base alone, in closed
form (no training loop), in a few tens of milliseconds.

Words the knowledge base never saw count in the question's length with the weight of the rarest
word, as in the matcher: a question about something else is far from every centroid.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

UNKNOWN = 0.5  # of the rarest word's weight, for each question word the knowledge base never saw


def features(tokens: Sequence[str]) -> dict[str, int]:
    """Counts of the words and of the pairs of consecutive words."""
    counts: dict[str, int] = defaultdict(int)
    for token in tokens:
        counts[token] += 1
    for first, second in itertools.pairwise(tokens):
        counts[f"{first} {second}"] += 1
    return counts


class Centroids:
    def __init__(
        self, documents: Iterable[tuple[str, Sequence[str]]], topics: Sequence[str]
    ) -> None:
        """`documents`: (topic id, content tokens) for every variant, phrasing, title and answer;
        `topics`: the order of the list `similarities` returns."""
        docs = [(topic, features(tokens)) for topic, tokens in documents if tokens]
        n = len(docs)
        df: dict[str, int] = defaultdict(int)
        for _, counts in docs:
            for feature in counts:
                df[feature] += 1
        # scikit-learn's smooth idf: ln((1 + n) / (1 + df)) + 1.
        self._idf = {f: math.log((1 + n) / (1 + c)) + 1 for f, c in df.items()}
        self._unknown_idf = math.log(1 + n) + 1
        sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for topic, counts in docs:
            for feature, weight in self._vector(counts).items():
                sums[topic][feature] += weight
        # Normalised centroids, stored by feature (a question touches a few features only), each
        # weight already times the feature's idf, and topics by number: this runs per question.
        number = {topic: i for i, topic in enumerate(topics)}
        self._size = len(topics)
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for topic, total in sums.items():
            if topic not in number:
                continue
            norm = math.sqrt(sum(w * w for w in total.values())) or 1.0
            for feature, weight in total.items():
                postings[feature].append((number[topic], self._idf[feature] * weight / norm))
        self._postings = {f: tuple(p) for f, p in postings.items()}

    def _vector(self, counts: dict[str, int]) -> dict[str, float]:
        weights = {f: (1 + math.log(c)) * self._idf[f] for f, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {f: w / norm for f, w in weights.items()}

    def similarities(self, known: Sequence[str], unknown: int) -> list[float]:
        """Cosine of a question with each topic's centroid, in the order of `topics` (0.0 for
        topics sharing no feature). `known` are its tokens in the knowledge base's words, in
        order; `unknown` how many others it has."""
        idf, postings = self._idf, self._postings
        scores = [0.0] * self._size
        # A pair of known words never seen together says nothing either way: left out. Most
        # features occur once (1 + ln 1 = 1).
        norm_sq = unknown * (UNKNOWN * self._unknown_idf) ** 2
        found = []
        for feature, count in features(known).items():
            weight = idf.get(feature)
            if weight is None:
                continue
            tf = 1.0 if count == 1 else 1 + math.log(count)
            norm_sq += (tf * weight) ** 2
            found.append((feature, tf))
        if not found:
            return scores
        norm = math.sqrt(norm_sq)
        for feature, tf in found:
            scaled = tf / norm
            for topic, weight in postings[feature]:
                scores[topic] += scaled * weight
        return scores
