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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import accumulate, compress
from operator import itemgetter, methodcaller

import yaml

from geomap.documents.case import in_capitals
from geomap.model import Document, Paragraph

#: a word: letters, with inner hyphens ("Polvora-Pizana"); possessive 's is its own token
_WORD = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)")
#: characters that end a name: sentence and clause punctuation
_BREAK = re.compile(r"[.;:!?()\[\]\"“”,]|\n[ \t]*\n")
MAX_WORDS = 6
#: a capitalised part of a compound word ("Russia" in "Russia-Turkey", "China" in "made-in-China")
_CAPITAL_PART = re.compile(r"(?:^|-)([^\W\d_a-z][^\W\d_]*)")
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
    #: names of admin units that are generic words ("Central", "Eastern"): never believed abroad
    generic_units: frozenset[str] = frozenset()
    #: abbreviations of places, as written (case matters: "US" but not "us") -> the name they stand for
    abbreviations: dict[str, str] = field(default_factory=dict)
    #: adjectives of places beyond the countries' own ("European" -> "Europe")
    demonyms: dict[str, str] = field(default_factory=dict)
    #: words that are never a given name ("In Ontario", "The Philippines")
    function_words: frozenset[str] = frozenset()
    #: words written short with a full stop inside a name ("St. Louis"), as written
    dotted_words: frozenset[str] = frozenset()
    #: buildings and grounds named after saints ("St. Peter's church")
    buildings: frozenset[str] = frozenset()


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
        # written in lower case, a head or tail matches in any case; capitalised, only so ("University")
        organisation_heads=frozenset(data.get("organisation_heads", ())),
        organisation_tails=frozenset(data.get("organisation_tails", ())),
        generic_units=frozenset(w.lower() for w in data.get("generic_units", ())),
        abbreviations={str(k): str(v) for k, v in data.get("abbreviations", {}).items()},
        demonyms={str(k): str(v) for k, v in data.get("demonyms", {}).items()},
        function_words=frozenset(w.lower() for w in data.get("function_words", ())),
        dotted_words=frozenset(data.get("dotted_words", ())),
        buildings=frozenset(w.lower() for w in data.get("buildings", ())),
    )


@cache
def _abbreviation_pattern() -> re.Pattern[str] | None:
    """One regex for every abbreviation of the lexicon, longest first, standing alone."""
    keys = sorted(lexicon().abbreviations, key=len, reverse=True)
    if not keys:
        return None
    # "U.S." may end a sentence; "US" must not run on into a word or another capital ("USSR")
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w])")


@dataclass(frozen=True, slots=True)
class Span:
    """A candidate toponym: where it is and what the text around it says."""

    text: str
    start: int  # offset in the document body
    end: int
    paragraph: int
    cues: tuple[str, ...] = ()
    #: the name to look up when it is not the text itself ("U.S." -> "United States", "LIMA" -> "Lima")
    lookup: str | None = None

    @property
    def name(self) -> str:
        """The name the gazetteer is asked for."""
        return self.lookup or self.text


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

    def name_starts(self) -> list[int]:
        """Indices of the words a name may start at: capitalised ones, and compounds with a
        capitalised part ("made-in-China", "pro-Russia")."""
        first = self.capitalised()
        compounds = [k for k in compress(range(len(self.tokens)), map(methodcaller("__contains__", "-"), self.tokens))
                     if not self.tokens[k][0].isupper() and _CAPITAL_PART.search(self.tokens[k])]  # fmt: skip
        return sorted(first + compounds) if compounds else first


def _cues(words: _Words, i: int, j: int, lex: Cues, capitals: bool = False) -> tuple[str, ...]:
    """Text evidence around words i..j-1: person cues, kind cues, sentence start. In a text in
    ``capitals`` every word looks like a name, so a name beside another is no evidence of a person."""
    cues: list[str] = ["capitals"] if capitals else []
    tokens = words.tokens
    before = tokens[i - 1] if i > 0 else None
    after = tokens[j] if j < len(tokens) else None
    gap_before = words.gaps[i] if before is not None else "\n"
    gap_after = words.gaps[j] if after is not None else "\n"
    if before is None or re.search(r"[.!?:]\s*$|\n\s*\n", gap_before):
        cues.append("sentence-start")
    elif before.lower().rstrip(".") in lex.titles:
        cues.append("person:title")
    elif _is_capitalised(before) and gap_before.strip() == "" and j - i == 1 and _may_be_given_name(before, tokens[i], lex):
        # a word opening a sentence is capitalised by its place ("Overall Edmonton received..."), and in
        # capitals every word is: only whether it is a rare word, a given name, can tell (see places._persons)
        if not capitals and not (i == 1 or re.search(r"[.!?:\"“”]\s*$|\n\s*$", words.gaps[i - 1])):
            cues.append("person:after-name")
        cues.append("after:" + before.lower())  # which word: a given name marks a person doc-wide
    if not capitals and j - i == 1 and (_middle_initial(words, j) or i >= 2 and _middle_initial(words, i - 1)
                                        and _is_capitalised(tokens[i - 2])):  # fmt: skip
        cues.append("person:initial")  # "Michael J. Dillon": a given name and a surname around an initial
    beside = after is not None and j - i == 1 and _is_capitalised(after) and (capitals or not after.isupper())
    if beside and gap_after.strip(" \t\n\\") == "":
        cues.append("before:" + after.lower())  # "Santiago Fujimori": a given name, if the next word is no place
    adjacent = before is not None and gap_before.strip() == ""
    if adjacent and before.lower() in LOCATIVES:  # type: ignore[union-attr]
        cues.append("locative")  # "in Restrepo": the text itself reads the word as a place
    if not capitals and before is not None and gap_before.strip() == "(" and _is_capitalised(before) and j - i == 1 and not _acronym(tokens[i]):
        cues.append("person:alias")  # "Comrade Alipio (Quispe)"; "the Apurimac-Ene River Valley (VRAE)" is its short name
    # a line wrap, even one escaped with a backslash, still joins a name to its verb
    # "in Moscow said", "a resident of Lubbock told" is a place before the verb of a speaker named
    # earlier, not the speaker
    located = "locative" in cues or (adjacent and before.lower() == "of")  # type: ignore[union-attr]
    if not located and after is not None and gap_after.strip(" \t\n\\") in ("", "'", "’") and after.lower() in lex.person_followers:
        cues.append("person:" + after.lower())
    if after is not None and gap_after.strip() == "" and _group_word(after, lex.organisation_tails, capitals):
        cues.append("organisation")  # "the Sinaloa cartel", "the Teofilo Forero Front"
    if after is not None and gap_after.strip() == "" and after.lower() in lex.kind_words:
        cues.append("kind:" + lex.kind_words[after.lower()])
    if before is not None and before.lower() in lex.kind_words and gap_before.strip() == "":
        cues.append("kind:" + lex.kind_words[before.lower()])
    if i >= 2 and tokens[i - 1].lower() in ("of", "de", "del") and _group_word(tokens[i - 2], lex.organisation_heads, capitals):
        cues.append("organisation")  # "Revolutionary Armed Forces of Colombia", "Defensor del Pueblo": part of a name
    if i >= 2 and tokens[i - 1].lower() == "of" and tokens[i - 2].lower() in lex.kind_words:
        cues.append("kind:" + lex.kind_words[tokens[i - 2].lower()])
    return tuple(cues)


#: the word after a name, past a possessive and one line break ("America's Cup", "St. Peter's\nchurch")
_WORD_AFTER = re.compile(r"(?:['’]s)?(?:[ \t]+|[ \t]*\n[ \t]*)([^\W\d_]+)")


def _word_after(text: str, at: int) -> str | None:
    """The word after offset ``at`` (the end of a name), or None (see _WORD_AFTER)."""
    m = _WORD_AFTER.match(text, at)
    return m.group(1) if m else None


def _saints_building(text: str, at: int, lex: Cues) -> bool:
    """True when the word after "St. X's" (``at``: the end of the name) makes the name a
    building's: a capitalised word of a longer name ("St. Peter's Square") or a building word
    ("St. Peter's church"), not "Saint Lucia's government"."""
    word = _word_after(text, at)
    return word is not None and (word[0].isupper() or word.lower() in lex.buildings)


def _dotted(word: str, lex: Cues, capitals: bool) -> bool:
    """True for a word of names written short with a full stop ("St", "Ft"; "ST" in capitals)."""
    return word in lex.dotted_words or (capitals and word.title() in lex.dotted_words)


def _middle_initial(words: _Words, j: int) -> bool:
    """True when word ``j`` is an initial ("J." in "Michael J. Dillon"): one capital letter, a
    full stop, then a capitalised word of two letters or more (not "D.C.", "N.S.W.")."""
    tokens, gaps = words.tokens, words.gaps
    if j + 1 >= len(tokens) or len(tokens[j]) != 1 or not tokens[j].isupper() or gaps[j].strip():
        return False
    return gaps[j + 1].strip() == "." and len(tokens[j + 1]) > 1 and _is_capitalised(tokens[j + 1])


def _group_word(word: str, words: frozenset[str], capitals: bool) -> bool:
    """True when ``word`` is one of the words that make a name part of a group's (see
    organisation_heads, organisation_tails): a listed lower-case word in any case, a
    capitalised one only capitalised ("the Union of ..." but not "the people of Bulgaria")."""
    return word.lower() in words or (word.title() if capitals else word) in words


def _may_be_given_name(word: str, name: str, lex: Cues) -> bool:
    """True when ``word``, just before the capitalised ``name``, could be a person's given name: not
    a direction ("Northern Ayacucho"), a function word opening a sentence ("In Ontario", "The
    Philippines"), a kind word ("Village Malakal") or, before a name in mixed case, an acronym
    ("CTV Edmonton", "CBC Toronto")."""
    for folded in word.lower().split("-"):  # nor a part of one: "North-Western Sydney"
        if folded in lex.directions or folded in lex.function_words or folded in lex.kind_words:
            return False  # nor a kind word ("the village Malakal")
    return not (len(word) > 1 and word.isupper() and not name.isupper())


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
    mixed_case, capitals = _case_of(text)
    abbreviations = list(_abbreviations(paragraph, known, mixed_case))
    if mixed_case:  # names in lower case ("in satipo") are proposed in order with the abbreviations
        abbreviations = sorted(abbreviations + list(_lower_case_names(paragraph, words, known)), key=lambda s: s.start)
    taken = [(a.start - paragraph.start, a.end - paragraph.start) for a in abbreviations]
    resume = 0  # words before this index belong to a name already found
    for i in words.name_starts():  # names start capitalised
        first = tokens[i]
        while abbreviations and abbreviations[0].start - paragraph.start < words.starts[i]:
            yield abbreviations.pop(0)  # in order: the resolution stage reads neighbours ("Paris, Tenn.")
        if i < resume or first.lower() in lex.not_places or (capitals and first.lower() in lex.function_words):
            continue
        if _dotted(first, lex, capitals) and i > 0 and gaps[i].strip() == "" and _is_capitalised(tokens[i - 1]) and (
            tokens[i - 1].lower() not in lex.function_words
        ):
            continue  # "near Main St. Mary Lopez said": a street's "St.", not Saint Mary ("FROM ST. LOUIS" is)
        if taken and any(s <= words.starts[i] < e for s, e in taken):
            continue
        if not first[0].isupper():
            yield from _compound_parts(paragraph, words, i, known, lex)
            continue
        if mixed_case and first.isupper() and len(first) >= 3 and _at_line_start(gaps[i], i == 0):
            dateline = _dateline(paragraph, words, i, known)
            if dateline is not None:
                resume = dateline[1]
                yield dateline[0]
                continue
        limit = MAX_WORDS if max_words is None else max_words(first)
        if limit == 0 and len(first) < MIN_TYPO_LENGTH and not guess_unknown:
            continue
        found = _longest_name(text, words, i, limit, known, lex, capitals)
        if found is not None and i + 1 < len(tokens) and not _BREAK.search(gaps[i + 1]) and _is_capitalised(tokens[i + 1]):
            folded = first.lower()
            if found == i + 1 and folded in lex.directions:
                continue  # "North London", "Eastern Mediterranean": the direction alone is no place
            if folded in lex.function_words and (_longest_name(text, words, i + 1, MAX_WORDS, known, lex, capitals) or 0) > found:
                continue  # "A New Jersey woman": the name starts after the article ("A New" is a town)
        head = _compound_head(text, words, i, limit, known, lex)
        if head is not None and (found is None or found <= head[0]):  # "New York-based", "Hong Kong-born"
            k, end = head
            yield Span(text[words.starts[i] : end], paragraph.start + words.starts[i], paragraph.start + end,
                       paragraph.number, _cues(words, i, k, lex))  # fmt: skip
            resume = k + 1
            continue
        cue: tuple[str, ...] = ()
        if found is None and guess_unknown:
            found = _unknown_name_end(words, i, lex)
            cue = ("unknown",)
        if found is None:
            if "-" in first:
                yield from _compound_parts(paragraph, words, i, known, lex)
            continue
        start, end = words.starts[i], words.ends[found - 1]
        if first in ("St", "Saint") and text[end : end + 2] in ("'s", "’s") and _saints_building(text, end, lex):
            resume = found
            continue  # "St. Mark's Cathedral", "St. Peter's Square": a saint's church or square, no town of his
        yield Span(
            text=text[start:end],
            start=paragraph.start + start,
            end=paragraph.start + end,
            paragraph=paragraph.number,
            cues=_cues(words, i, found, lex, capitals) + cue,
            lookup=text[start:end].title() if capitals else None,  # "AYACUCHO" is looked up as "Ayacucho"
        )
        resume = found
    yield from abbreviations


def _compound_parts(paragraph: Paragraph, words: _Words, i: int, known: Callable[[str], bool], lex: Cues) -> Iterator[Span]:
    """The known names among the capitalised parts of compound word i when the whole is no name
    ("Russia-Turkey ties", "Canada-wide", "London-based")."""
    token, offset = words.tokens[i], words.starts[i]
    parts = [m.group(1) for m in _CAPITAL_PART.finditer(token)]
    if len(parts) > 1 and not all(known(part) or _acronym(part) for part in parts):
        return  # "Jean-Paul", "Mercedes-Benz": a name of its own, not two places ("Canada-EU" is Canada and a bloc)
    for m in _CAPITAL_PART.finditer(token):
        part = m.group(1)
        folded = part.lower()
        if folded in lex.not_places or folded in lex.directions or folded in lex.function_words or not known(part):
            continue
        start = paragraph.start + offset + m.start(1)
        yield Span(part, start, start + len(part), paragraph.number, ("compound",))


def _acronym(word: str) -> bool:
    """True for an all-capitals word of two to five letters ("EU", "NATO"): a body, not a given name."""
    return 2 <= len(word) <= 5 and word.isalpha() and word.isupper()


_APOSTROPHES = ("'", "’")
#: elided articles that join a name's words in French and Italian ("Côte d'Ivoire", "Val d'Aosta")
_ELIDED = frozenset({"d", "l"})


def _compound_head(text: str, words: _Words, i: int, limit: int, known: Callable[[str], bool], lex: Cues) -> tuple[int, int] | None:
    """(index, end offset) of a compound word k that a known name starting at word i runs into, the
    name ending at its hyphen ("New York-based": "New York"); None when there is none."""
    tokens, gaps = words.tokens, words.gaps
    for k in range(i + 1, min(len(tokens), i + max(limit, 1))):
        if _BREAK.search(gaps[k]) or not (tokens[k][0].isupper() or tokens[k].lower() in lex.joiners):
            return None
        if "-" in tokens[k]:
            end = words.starts[k] + tokens[k].index("-")
            return (k, end) if known(text[words.starts[i] : end]) else None
    return None


def _longest_name(
    text: str, words: _Words, i: int, limit: int, known: Callable[[str], bool], lex: Cues, capitals: bool = False
) -> int | None:
    """End (exclusive word index) of the longest known name starting at word i, or None. In a text
    in ``capitals`` a lone letter or a function word ends a name ("PERU'S", "TO LIMA" is no Tolima),
    and names are looked up in title case."""
    tokens, gaps = words.tokens, words.gaps
    inner_ok = lex.joiners | lex.generics
    # the longest run a name could span: no punctuation between its words, each capitalised, a joiner
    # ("Valle de los Rios", "Republic of the Congo"), a generic ("Huallaga valley"), a possessive
    # ("People's Republic of China") or an elided article ("Côte d'Ivoire"); punctuation or a blank
    # line ends it
    stop = min(len(tokens), i + max(limit, 1))
    k = i + 1
    while k < stop and (not _BREAK.search(gaps[k]) or (gaps[k].rstrip() == "." and _dotted(tokens[k - 1], lex, capitals))) and (
        tokens[k][0].isupper()
        or tokens[k].lower() in inner_ok
        or (tokens[k] == "s" and gaps[k] in _APOSTROPHES)
        or (tokens[k] in _ELIDED and k + 1 < len(tokens) and gaps[k + 1] in _APOSTROPHES)
    ):
        if capitals and (len(tokens[k]) == 1 or tokens[k].lower() in lex.not_places or tokens[k].lower() in lex.function_words):
            break
        k += 1
    for j in range(k, i, -1):  # longest first; a name ends on a capitalised word or a generic
        last = tokens[j - 1]
        if j - i > 1 and not (last[0].isupper() or last.lower() in lex.generics):
            continue
        surface = text[words.starts[i] : words.ends[j - 1]] if j - i > 1 else tokens[i]
        if j - i > 1 and surface.lower() in lex.not_places:
            continue
        if known(surface.title() if capitals else surface):
            return j
    return None


def _abbreviations(paragraph: Paragraph, known: Callable[[str], bool], mixed_case: bool) -> Iterator[Span]:
    """Abbreviated places ("U.S.", "UK", "B.C.", "Ky."): the lexicon says which name each stands for."""
    pattern = _abbreviation_pattern()
    if pattern is None:
        return
    names = lexicon().abbreviations
    for m in pattern.finditer(paragraph.text):
        abbreviation = m.group()
        if not mixed_case and abbreviation.isalpha():
            continue  # "US" in a text in capitals may be the pronoun
        if abbreviation.isalpha() and abbreviation.istitle() and (
            _ends_a_longer_name(paragraph.text[: m.start()]) or (_word_after(paragraph.text, m.end()) or "a")[0].isupper()
        ):
            continue  # "Latin America", "Bank of America", "America Movil", "America's Cup": another name
        name = names[abbreviation]
        if known(name):
            yield Span(abbreviation, paragraph.start + m.start(), paragraph.start + m.end(), paragraph.number,
                       ("abbreviation",), name)  # fmt: skip


#: a capitalised word, or "of" after one, right before a name: "Latin America", "Voice of America"
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][\w'’-]*\s+(?:of\s+)?|\bof\s+)$")


def _ends_a_longer_name(before: str) -> bool:
    """True when the text ``before`` a word ends with a hyphen, a capitalised word or "of" (see
    _NAME_BEFORE), except a function word capitalised by its place ("In America prices rose")."""
    if before.endswith("-"):
        return True  # "the Pan-America highway"
    m = _NAME_BEFORE.search(before[-60:])
    return m is not None and m.group().split()[0].lower() not in lexicon().function_words


def _lower_case_names(paragraph: Paragraph, words: _Words, known: Callable[[str], bool]) -> Iterator[Span]:
    """One-word names written in lower case right after a locative word ("patrols in satipo"),
    looked up capitalised; the resolution stage believes them only when they are rare as words."""
    tokens, gaps = words.tokens, words.gaps
    for i in range(1, len(tokens)):
        word = tokens[i]
        if not word[0].islower() or len(word) < 4 or gaps[i].strip() or tokens[i - 1].lower() not in LOCATIVES:
            continue
        name = word.title()
        if known(name):
            start, end = paragraph.start + words.starts[i], paragraph.start + words.ends[i]
            yield Span(word, start, end, paragraph.number, ("lower-case", "locative"), name)


def _at_line_start(gap: str, first: bool) -> bool:
    """True when a word opens a line: the text before it (its gap) ends with a line break, or
    the word is the paragraph's first."""
    if "\n" in gap:
        return not gap.rsplit("\n", 1)[1].strip()
    return first and not gap.strip()


#: what follows a news dateline's place: a comma (the state), a dash, a parenthesis (the agency)
_DATELINE_END = re.compile(r"\s*(?:,|\(|-|–|—|:)|\s+[A-Z][a-z]")


def _dateline(paragraph: Paragraph, words: _Words, i: int, known: Callable[[str], bool]) -> tuple[Span, int] | None:
    """The place of a news dateline at word i ("WASHINGTON -", "AUSTIN, Texas", "BERLIN (AP)"), with the
    word index after it; a run of capitals at a line's start, looked up in title case."""
    tokens = words.tokens
    j = i + 1
    while j < len(tokens) and j - i < 4 and tokens[j].isupper() and words.gaps[j] == " ":
        j += 1
    after = words.gaps[j] + (tokens[j] if j < len(tokens) else "") if j < len(tokens) else words.gaps[j]
    if j < len(tokens) and not _DATELINE_END.match(after):
        return None
    text = paragraph.text[words.starts[i] : words.ends[j - 1]]
    name = text.title()
    if not known(name):
        return None
    span = Span(text, paragraph.start + words.starts[i], paragraph.start + words.ends[j - 1], paragraph.number,
                ("dateline",), name)  # fmt: skip
    return span, j


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


def spans_from_offsets(document: Document, offsets: Iterable[tuple[int, int, str | None]]) -> list[Span]:
    """Spans at given (start, end, name) offsets of ``document.body``, for resolution alone.

    Each span gets the cues spotting would give it: the words around it are
    read as :func:`spans_from_paragraph` reads them (a title before, "district"
    after, a sentence start), an abbreviation of the lexicon ("U.S.") is looked
    up by the name it stands for, and a dateline in capitals in title case. A
    ``name`` given with a span is what the gazetteer is asked for instead of its
    text. A span outside every paragraph has no cues.

    >>> from geomap.documents import document_from_text
    >>> doc = document_from_text("Troops entered Santa Rosa district. President Garcia spoke.")
    >>> [(s.text, s.cues) for s in spans_from_offsets(doc, [(15, 25, None), (46, 52, None)])]
    [('Santa Rosa', ('kind:district',)), ('Garcia', ('person:title',))]
    """
    lex = lexicon()
    paragraphs = sorted(document.paragraphs, key=lambda p: p.start)
    paragraph_starts = [p.start for p in paragraphs]
    words_of: dict[int, _Words] = {}  # paragraph index -> its words, read once
    spans = []
    for start, end, name in offsets:
        text = document.body[start:end]
        k = bisect_right(paragraph_starts, start) - 1
        if k < 0 or start >= paragraphs[k].end:
            spans.append(Span(text, start, end, 0, (), name))
            continue
        paragraph = paragraphs[k]
        if k not in words_of:
            words_of[k] = _Words.of(paragraph.text)
        words = words_of[k]
        # the words the span covers, even in part: i is the first, j the one after the last
        i = bisect_right(words.ends, start - paragraph.start)
        j = bisect_left(words.starts, end - paragraph.start)
        cues: tuple[str, ...] = ()
        if name is None and text in lex.abbreviations:
            cues, name = ("abbreviation",), lex.abbreviations[text]
        elif i < j:
            mixed_case, capitals = _case_of(paragraph.text)
            first = words.tokens[i]
            dateline = None
            if name is None and mixed_case and first.isupper() and len(first) >= 3 and _at_line_start(words.gaps[i], i == 0):
                dateline = _dateline(paragraph, words, i, _vouched)
            if dateline is not None and (dateline[0].start, dateline[0].end) == (start, end):
                cues, name = dateline[0].cues, dateline[0].lookup
            else:
                cues = _cues(words, i, j, lex, capitals)
                if capitals and name is None:
                    name = text.title()  # as spotting looks it up
        spans.append(Span(text, start, end, paragraph.number, cues, name))
    return spans


def _case_of(text: str) -> tuple[bool, bool]:
    """(mixed case, capitals) of a paragraph: a text in capitals (an old cable) has no case to
    tell "US" from "us" or a dateline from a word; one without letters is neither."""
    capitals = in_capitals(text)
    return not capitals and any(map(str.isalpha, text)), capitals


def _vouched(name: str) -> bool:
    """The name predicate for a caller's spans: each is a name because the caller says so."""
    return True
