"""Stage 2, mentions: where a document's paragraphs name places.

A mention is the longest run of words (capitalised first word, at most six
words) that the gazetteer knows as a name, or a single capitalised word that
looks like a misspelling of one. The gazetteer is passed in as a predicate,
so this stage knows nothing of where names come from; text cues (a title
before a surname, "district" after a name) are recorded for the resolution
stage to weigh.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import accumulate, compress
from operator import itemgetter

import yaml

from geomap.model import Document, Paragraph

#: a word: letters, with inner hyphens ("Polvora-Pizana"); possessive 's is its own token
_WORD = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)")
#: characters that end a name: sentence and clause punctuation
_BREAK = re.compile(r"[.;:!?()\[\]\"“”,]|\n[ \t]*\n")
MAX_WORDS = 6
#: a word that starts no known name is still tried on its own when this long (it may be a typo)
MIN_TYPO_LENGTH = 6


@dataclass(frozen=True, slots=True)
class Cues:
    """The lexicon that tells names from other capitalised words (geomap/data/lexicon.yaml)."""

    joiners: frozenset[str]
    generics: frozenset[str]
    titles: frozenset[str]
    not_places: frozenset[str]
    person_followers: frozenset[str]
    kind_words: dict[str, str]
    directions: frozenset[str]
    organisation_heads: frozenset[str]
    organisation_tails: frozenset[str]


@cache
def lexicon() -> Cues:
    data = yaml.safe_load(resources.files("geomap.data").joinpath("lexicon.yaml").read_text(encoding="utf-8"))
    return Cues(
        joiners=frozenset(data["joiners"]),
        generics=frozenset(data["generics"]),
        titles=frozenset(w.lower() for w in data["titles"]),
        not_places=frozenset(w.lower() for w in data["not_places"]),
        person_followers=frozenset(w.lower() for w in data["person_followers"]),
        kind_words=dict(data["kind_words"]),
        directions=frozenset(data["directions"]),
        organisation_heads=frozenset(w.lower() for w in data.get("organisation_heads", ())),
        organisation_tails=frozenset(w.lower() for w in data.get("organisation_tails", ())),
    )


@dataclass(frozen=True, slots=True)
class Span:
    """A candidate toponym: where it is and what the text around it says."""

    text: str
    start: int  # offset in the document body
    end: int
    paragraph: int
    cues: tuple[str, ...] = ()


def _is_capitalised(word: str) -> bool:
    return word[0].isupper()


@dataclass(frozen=True, slots=True)
class _Words:
    """A paragraph's words with their offsets, and the text between them.

    ``gaps[k]`` is the text before word k (``gaps[0]`` before the first word,
    ``gaps[-1]`` after the last). Built with one ``re.split`` and C-level
    arithmetic: a paragraph has many words and few of them matter.
    """

    tokens: list[str]
    starts: list[int]
    ends: list[int]
    gaps: list[str]

    @classmethod
    def of(cls, text: str) -> _Words:
        parts = _WORD.split(text)  # gap, word, gap, word, ..., gap
        offsets = list(accumulate(map(len, parts), initial=0))
        n = len(parts) // 2
        return cls(parts[1::2], offsets[1 : 2 * n : 2], offsets[2 : 2 * n + 1 : 2], parts[0::2])

    def capitalised(self) -> list[int]:
        """Indices of the words that begin with a capital letter."""
        return list(compress(range(len(self.tokens)), map(str.isupper, map(itemgetter(0), self.tokens))))


def _cues(words: _Words, i: int, j: int, lex: Cues) -> tuple[str, ...]:
    """Text evidence around words i..j-1: person cues, kind cues, sentence start."""
    cues: list[str] = []
    tokens = words.tokens
    before = tokens[i - 1] if i > 0 else None
    after = tokens[j] if j < len(tokens) else None
    gap_before = words.gaps[i] if before is not None else "\n"
    gap_after = words.gaps[j] if after is not None else "\n"
    if before is None or re.search(r"[.!?:]\s*$|\n\s*\n", gap_before):
        cues.append("sentence-start")
    elif before.lower().rstrip(".") in lex.titles:
        cues.append("person:title")
    elif _is_capitalised(before) and gap_before.strip() == "" and j - i == 1 and before.lower() not in lex.directions:
        cues.append("person:after-name")
        cues.append("after:" + before.lower())  # which word: a given name marks a person doc-wide
    if before is not None and gap_before.strip() == "(" and _is_capitalised(before) and j - i == 1:
        cues.append("person:alias")  # "Comrade Alipio (Quispe)"
    # a line wrap, even one escaped with a backslash, still joins a name to its verb
    if after is not None and gap_after.strip(" \t\n\\") in ("", "'", "’") and after.lower() in lex.person_followers:
        cues.append("person:" + after.lower())
    if after is not None and gap_after.strip() == "" and after.lower() in lex.organisation_tails:
        cues.append("organisation")  # "the Sinaloa cartel", "the Teofilo Forero Front"
    if after is not None and gap_after.strip() == "" and after.lower() in lex.kind_words:
        cues.append("kind:" + lex.kind_words[after.lower()])
    if before is not None and before.lower() in lex.kind_words and gap_before.strip() == "":
        cues.append("kind:" + lex.kind_words[before.lower()])
    if i >= 2 and tokens[i - 1].lower() == "of" and tokens[i - 2].lower() in lex.organisation_heads:
        cues.append("organisation")  # "Revolutionary Armed Forces of Colombia": part of a name
    if i >= 2 and tokens[i - 1].lower() == "of" and tokens[i - 2].lower() in lex.kind_words:
        cues.append("kind:" + lex.kind_words[tokens[i - 2].lower()])
    return tuple(cues)


#: words after which an unknown capitalised name is probably a place ("in Xyz", "near Xyz")
LOCATIVES = frozenset({"in", "near", "at", "outside", "from", "to", "around", "toward", "towards"})


def _unknown_name_end(words: _Words, i: int, lex: Cues) -> int | None:
    """End (exclusive word index) of a capitalised run after a locative word, for online lookup."""
    tokens = words.tokens
    if i == 0 or tokens[i - 1].lower() not in LOCATIVES or words.gaps[i].strip():
        return None
    j = i
    while j < len(tokens) and j - i < 4:
        word = tokens[j]
        if j > i and (_BREAK.search(words.gaps[j]) or not (_is_capitalised(word) or word.lower() in lex.joiners)):
            break
        j += 1
    while j > i + 1 and not _is_capitalised(tokens[j - 1]):
        j -= 1
    return j


def spans_from_paragraph(
    paragraph: Paragraph,
    known: Callable[[str], bool],
    max_words: Callable[[str], int] | None = None,
    *,
    guess_unknown: bool = False,
) -> Iterator[Span]:
    """Candidate toponyms in one paragraph, longest match first, left to right.

    ``max_words(word)`` bounds how many words a name starting with ``word`` can
    have (0: no name starts so; only a one-word typo is then tried); without
    it every run of up to six words is tried. With ``guess_unknown`` a
    capitalised run no source knows is still proposed after "in", "near",
    "at"... (for the online gazetteer to look up).
    """
    lex = lexicon()
    text = paragraph.text
    words = _Words.of(text)
    tokens, gaps = words.tokens, words.gaps
    inner_ok = lex.joiners | lex.generics
    resume = 0  # words before this index belong to a name already found
    for i in words.capitalised():  # names start capitalised
        first = tokens[i]
        if i < resume or first.lower() in lex.not_places:
            continue
        found = None
        limit = MAX_WORDS if max_words is None else max_words(first)
        if limit == 0 and len(first) < MIN_TYPO_LENGTH and not guess_unknown:
            continue
        # the longest run a name could span: no punctuation between its words, each capitalised or a joiner
        # ("Valle de los Rios") or a generic ("Huallaga valley"); punctuation or a blank line ends it
        stop = min(len(tokens), i + max(limit, 1))
        k = i + 1
        while k < stop and (tokens[k][0].isupper() or tokens[k].lower() in inner_ok) and not _BREAK.search(gaps[k]):
            k += 1
        for j in range(k, i, -1):  # longest first; a name ends on a capitalised word or a generic
            last = tokens[j - 1]
            if j - i > 1 and not (last[0].isupper() or last.lower() in lex.generics):
                continue
            surface = text[words.starts[i] : words.ends[j - 1]] if j - i > 1 else first
            if j - i > 1 and surface.lower() in lex.not_places:
                continue
            if known(surface):
                found = j
                break
        cue: tuple[str, ...] = ()
        if found is None and guess_unknown:
            found = _unknown_name_end(words, i, lex)
            cue = ("unknown",)
        if found is None:
            continue
        start, end = words.starts[i], words.ends[found - 1]
        yield Span(
            text=text[start:end],
            start=paragraph.start + start,
            end=paragraph.start + end,
            paragraph=paragraph.number,
            cues=_cues(words, i, found, lex) + cue,
        )
        resume = found


def spans_from_document(
    document: Document,
    known: Callable[[str], bool],
    max_words: Callable[[str], int] | None = None,
    *,
    guess_unknown: bool = False,
) -> Iterator[Span]:
    """Candidate toponyms in every paragraph of ``document`` (never in header lines)."""
    for paragraph in document.paragraphs:
        yield from spans_from_paragraph(paragraph, known, max_words, guess_unknown=guess_unknown)
