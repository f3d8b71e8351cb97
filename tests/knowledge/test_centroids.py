"""The topic centroids: a cosine per topic, lowered by words the knowledge base never saw."""

from __future__ import annotations

import math

import pytest

from knowledge.centroids import Centroids, features

DOCS = [
    ("windows", ["fenetre", "sunes", "date"]),
    ("windows", ["prochain", "fenetre"]),
    ("budget", ["budget", "sunes", "montant"]),
    ("budget", ["combien", "budget"]),
]
TOPICS = ["windows", "budget"]


def test_word_pairs_are_features_beside_the_words() -> None:
    assert features(["date", "limite", "date"]) == {
        "date": 2,
        "limite": 1,
        "date limite": 1,
        "limite date": 1,
    }


@pytest.mark.parametrize(
    ("question", "best"),
    [
        (["prochain", "fenetre"], "windows"),
        (["budget", "sunes"], "budget"),
        (["combien", "fenetre", "prochain"], "windows"),
    ],
)
def test_the_nearest_centroid_is_the_topic_whose_words_the_question_shares(
    question: list[str], best: str
) -> None:
    sims = dict(zip(TOPICS, Centroids(DOCS, TOPICS).similarities(question, unknown=0), strict=True))
    assert max(sims, key=sims.__getitem__) == best
    assert sims[best] > 0.0 and all(0.0 <= s <= 1.0 + 1e-9 for s in sims.values())


def test_unknown_words_lower_every_cosine_and_no_word_known_gives_nothing() -> None:
    centroids = Centroids(DOCS, TOPICS)
    plain = centroids.similarities(["prochain", "fenetre"], unknown=0)
    foreign = centroids.similarities(["prochain", "fenetre"], unknown=3)
    assert foreign[0] < plain[0]
    assert centroids.similarities([], unknown=2) == [0.0, 0.0]


def test_a_question_equal_to_a_topic_s_only_document_has_cosine_one() -> None:
    centroids = Centroids([("a", ["x", "y"]), ("b", ["z"])], ["a", "b"])
    a, b = centroids.similarities(["x", "y"], unknown=0)
    assert math.isclose(a, 1.0) and b == 0.0
