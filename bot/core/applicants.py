"""Who may apply: "une HAD a le droit de candidater au SUN-ES ?" is answered yes or no by the
rule of the topic that describes what is applied for (its `applicants:` in the knowledge base).

Why a rule and not a topic match: the answer turns on one word ("EHPAD" or "HAD", "jamais eu" or
"autofinancé"), which a bag of words weighs no more than any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.clauses import ASKED
from bot.core.parser import ParsedQuestion
from knowledge.loader import KnowledgeBase
from knowledge.model import ApplicantGroup, Topic
from knowledge.normalize import fold
from knowledge.phrases import phrase_pattern


def _words_re(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9])(?:{phrase_pattern(phrases)})(?![a-z0-9])")


@dataclass(frozen=True)
class ApplicantQuestion:
    topic: Topic
    group: ApplicantGroup
    # "cette année", "en ce moment", "encore", a date: the windows of that day decide too.
    about_now: bool


class ApplicantRules:
    def __init__(self, kb: KnowledgeBase) -> None:
        self._may_apply = _words_re(kb.lexicon.may_apply)
        self._now = _words_re(kb.lexicon.this_period)
        self._rules = [
            (
                topic,
                _words_re(topic.applicants.subject),
                [(group, _words_re(group.words)) for group in topic.applicants.groups],
            )
            for topic in kb.topics.values()
            if topic.applicants is not None
        ]

    def asks_whether(self, parsed: ParsedQuestion) -> bool:
        """Whether the question asks yes or no: may we, are we eligible, can we still."""
        return parsed.intent == "verdict" or self._may_apply.search(parsed.folded) is not None

    def find(self, parsed: ParsedQuestion) -> ApplicantQuestion | None:
        """The rule and the kind of applicant a question asks about, if it asks whether one may
        apply to what a topic with applicants describes."""
        if (
            parsed.programme in ("other", "unrelated")
            or parsed.asks_why
            or parsed.intent == "missed"
        ):
            return None
        folded = parsed.folded
        if not self.asks_whether(parsed):
            return None
        # "We're a psychiatric hospital. Is the 4th window open yet?" asks about the window: with
        # no words asking whether one may apply, the kind of applicant must be in the question.
        may = self._may_apply.search(folded) is not None
        asked = folded if may else fold(" ".join(ASKED.findall(parsed.text))) or folded
        for topic, subject, groups in self._rules:
            if not subject.search(folded):
                continue
            for group, words in groups:
                if words.search(asked):
                    about_now = bool(parsed.dates or parsed.as_of_now or self._now.search(folded))
                    return ApplicantQuestion(topic, group, about_now)
        return None
