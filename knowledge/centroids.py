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
    def __init__(self, documents: Iterable[tuple[str, Sequence[str]]]) -> None:
        """`documents`: (topic id, content tokens) for every variant, title and answer."""
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
        sizes: dict[str, int] = defaultdict(int)
        for topic, counts in docs:
            vector = self._vector(counts)
            for feature, weight in vector.items():
                sums[topic][feature] += weight
            sizes[topic] += 1
        # Normalised centroids, stored by feature: a question touches a few features only.
        postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for topic, total in sums.items():
            norm = math.sqrt(sum(w * w for w in total.values())) or 1.0
            for feature, weight in total.items():
                postings[feature].append((topic, weight / norm))
        self._postings = {f: tuple(p) for f, p in postings.items()}

    def _vector(self, counts: dict[str, int]) -> dict[str, float]:
        weights = {f: (1 + math.log(c)) * self._idf[f] for f, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {f: w / norm for f, w in weights.items()}

    def similarities(self, known: Sequence[str], unknown: int) -> dict[str, float]:
        """Cosine of a question with each topic's centroid (topics sharing no feature: absent).
        `known` are its tokens in the knowledge base's words, in order; `unknown` how many
        others it has."""
        idf = self._idf
        # A pair of known words never seen together says nothing either way: left out. Most
        # features occur once (1 + ln 1 = 1): no logarithm for them.
        weights = [
            (f, idf[f] if c == 1 else (1 + math.log(c)) * idf[f])
            for f, c in features(known).items()
            if f in idf
        ]
        if not weights:
            return {}
        norm_sq = sum(w * w for _, w in weights) + unknown * (UNKNOWN * self._unknown_idf) ** 2
        norm = math.sqrt(norm_sq)
        scores: dict[str, float] = {}
        postings = self._postings
        for feature, weight in weights:
            scaled = weight / norm
            for topic, centroid_weight in postings.get(feature, ()):
                scores[topic] = scores.get(topic, 0.0) + scaled * centroid_weight
        return scores
