"""One regular expression for many phrases, shaped as a trie.

Why: Python's `re` tries the alternatives of "a|b|c|..." one after another at every position, so
a pattern of a few hundred lexicon phrases cost tens of microseconds per question. Sharing the
prefixes ("solde", "soldes d hiver") lets it drop a branch at its first wrong character. The
match is the same as the longest-first alternation's: leftmost, then longest (each optional
branch is greedy, and backtracking gives way to the boundaries that follow the pattern).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_Trie = dict[str, "_Trie"]
_END = ""  # a key no character can be: "a phrase ends here"


def phrase_pattern(phrases: Iterable[str]) -> str:
    """A regex source matching exactly the given phrases (without boundaries or groups)."""
    root: _Trie = {}
    for phrase in phrases:
        if not phrase:
            continue
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _branch(root) if root else "(?!)"


def _branch(node: _Trie) -> str:
    ends = _END in node
    alternatives = [
        re.escape(char) + _branch(child) for char, child in sorted(node.items()) if char
    ]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    if ends:
        # A phrase may stop here or go on: greedy, so the longer one is tried first.
        return f"(?:{body})?" if len(alternatives) == 1 else body + "?"
    return body
