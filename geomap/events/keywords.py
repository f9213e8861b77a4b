"""Which of a fixed set of words occur in a text, in one pass (an Aho-Corasick automaton).

The event stage runs many regular expressions per sentence; each is guarded by
words one of which every match must contain, so a sentence is first scanned
once for all those words and only the expressions whose words occur are run.
pyahocorasick (a C extension) reports every occurrence, overlapping ones too,
so the result is exactly ``{w for w in words if w in text.lower()}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick


class Keywords:
    """A fixed set of lower-case words; ``found(text)`` is the subset that occurs in ``text``, in any case.

    >>> sorted(Keywords(["rock", "rocket", "heli"]).found("Rockets hit a HELIPAD"))
    ['heli', 'rock', 'rocket']
    """

    __slots__ = ("_automaton", "words")

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w.lower() for w in words)
        self._automaton = ahocorasick.Automaton()
        for word in self.words:
            self._automaton.add_word(word, word)
        if self.words:
            self._automaton.make_automaton()

    def found(self, text: str) -> frozenset[str]:
        if not self.words:
            return frozenset()
        return frozenset({w for _, w in self._automaton.iter(text.lower())})


def alternation(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words`` (as written; the caller sets case and word bounds),
    shaped as a trie, so that at each position the engine tests a first letter once instead of every word.

    >>> alternation(["kill", "killed", "killing", "hurt"])
    '(?:hurt|kill(?:ed|ing)?)'
    >>> import re; bool(re.fullmatch(alternation(["a.m.", "am"]), "a.m."))
    True
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = "|".join(branches)
    if len(branches) > 1 or ends:
        body = f"(?:{body})"
    return body + "?" if ends else body
