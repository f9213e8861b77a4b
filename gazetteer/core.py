"""The Gazetteer: layered sources behind one ranked lookup.

Ranking combines a prior (source trust, country, population or the size
class of an administrative unit) with evidence from context (places already
resolved nearby, kind cues such as "district" or "valley"). Every candidate
carries the reasons for its score, so an analyst can see why a Santa Rosa
was chosen.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from gazetteer.errors import OnlineLookupError
from gazetteer.model import Candidate, Kind, Place
from gazetteer.names import fold, spellings
from gazetteer.sources import DEFAULT_SOURCES, Source, get_source
from gazetteer.sources.countries import capital_name

log = logging.getLogger(__name__)

#: how much each layer is trusted before any context is seen
SOURCE_WEIGHT = {"user": 3.0, "curated": 2.0}
#: administrative units count as places of this many inhabitants for the prior
KIND_POPULATION = {
    Kind.ADMIN1: 200_000,
    Kind.PROVINCE: 60_000,
    Kind.DISTRICT: 3_000,
    Kind.COUNTRY: 50_000_000,
    # a region is at least as large as the admin1 units it is made of ("Darfur", "Java")
    Kind.REGION: 200_000,
}
#: kinds of administrative unit
ADMIN_KINDS = frozenset({Kind.ADMIN1, Kind.PROVINCE, Kind.DISTRICT})
#: the type word that names a unit of a kind in English ("Esmeraldas Province" is an admin1 of Ecuador)
KIND_WORD = {Kind.PROVINCE: "Province", Kind.DISTRICT: "District"}
#: sources whose units give way to a homonym city of their country when the text names no unit kind
#: (peru-admin ranks by its own priors, which the seeds were tuned on)
YIELDING_SOURCES = frozenset({"world-admin"})
#: inhabitants that make a city better known than its homonym department ("Santa Cruz", "Esmeraldas")
WELL_KNOWN_CITY = 100_000
#: inhabitants that make a city's bare name its own even where it is called "<name> City" (New York)
WORLD_CITY = 1_000_000
#: most that context can add to a score (closeness is at most 1, see _closeness and _score)
CONTEXT_WEIGHT = 1.5
#: what a country's capital gains in news (see Prior.capital_bonus), and the size below which a
#: town of the capital's name is another town ("Lima" of 200 people somewhere in Peru has none)
CAPITAL_BONUS = 0.15
CAPITAL_MIN_POPULATION = 20_000
#: similarity (0-100) a misspelling needs to reach a name of the document's country
FUZZY_CUTOFF = 84.0
EARTH_RADIUS_KM = 6371.0088


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres.

    >>> round(km_between(-12.0432, -77.0282, -12.5194, -73.8292))
    352
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


_CACHE_LIMIT = 200_000


def _closeness(candidates: Sequence[Candidate], anchors: Sequence[Anchor]) -> list[float]:
    """For each candidate, max over anchors of weight * exp(-distance / 100 km) (vectorised)."""
    lat1 = np.radians([c.place.lat for c in candidates])[:, None]
    lon1 = np.radians([c.place.lon for c in candidates])[:, None]
    lat2 = np.radians([a.lat for a in anchors])[None, :]
    lon2 = np.radians([a.lon for a in anchors])[None, :]
    weight = np.array([a.weight for a in anchors])[None, :]
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h)))
    return (weight * np.exp(-km / 100.0)).max(axis=1).tolist()


def _remember(cache: dict, key: object, value: object) -> None:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value


def _is_capital(place: Place) -> bool:
    """True for a city that is its country's capital (by GeoNames' country table)."""
    if place.kind is not Kind.POPULATED_PLACE or not place.country or place.population < CAPITAL_MIN_POPULATION:
        return False
    name = capital_name(place.country)
    return name is not None and fold(name) == fold(place.name)


def _called(place: Place, kind: Kind) -> bool:
    """True when an administrative unit is called "<name> Province" (or District) for a cue of that kind."""
    word = KIND_WORD.get(kind)
    return bool(word) and place.kind in ADMIN_KINDS and f"{place.name} {word}" in place.alternate_names


#: how far below a country named by its own name a place that only bears the name as another name falls
COUNTRY_NAME_MARGIN = 0.5


def _countries_by_their_names(ranked: list[Candidate]) -> list[Candidate]:
    """A country named by its own name outranks every place that bears the name only as an
    alternate ("Argentina" is the country, not La Argentina in Huila, once called so).

    >>> from gazetteer.model import Place
    >>> country = Candidate(Place("c", "Argentina", Kind.COUNTRY, "AR", -34.0, -64.0), 1.9, "name")
    >>> town = Candidate(Place("t", "La Argentina", Kind.POPULATED_PLACE, "CO", 2.2, -75.9), 3.0, "alternate")
    >>> [(c.place.id, c.score) for c in _countries_by_their_names([town, country])]
    [('t', 1.4), ('c', 1.9)]
    """
    country = next((c for c in ranked if c.place.kind is Kind.COUNTRY and c.match == "name"), None)
    if country is None:
        return ranked
    floor = round(country.score - COUNTRY_NAME_MARGIN, 4)
    return [
        c.with_score(floor, f"the country {country.place.name} bears the name")
        if c.match != "name" and c.score > floor and c is not country else c
        for c in ranked
    ]


def _yield_to_cities(ranked: list[Candidate], name: str | None = None) -> list[Candidate]:
    """Ranked candidates where a unit of YIELDING_SOURCES scores just below the best well-known
    city of its country with the same name: "Santa Cruz" alone is the city, "Santa Cruz
    Department" (its own name) or "the department of Santa Cruz" (a kind cue) the unit.

    A city called "<name> City" is the other way round (with the ``name`` asked, and no kind
    cue): "Quebec" alone is the province, "Quebec City" the city, unless context places it; a
    city of millions keeps its name ("New York" is the city, as readers take it)."""
    city_name = fold(f"{name} City") if name else None

    def called_city(p: Place) -> bool:  # a national capital or a city of millions keeps its name
        return (  # ("Washington" is not the state, "shot dead in New York" is the city)
            city_name is not None
            and p.population < WORLD_CITY
            and (fold(p.name) == city_name or any(len(a) == len(city_name) and fold(a) == city_name for a in p.alternate_names))
            and not _is_capital(p)
        )

    cities: dict[str, Candidate] = {}
    units: dict[str, Candidate] = {}
    for c in ranked:
        p = c.place
        if not p.country:
            continue
        if p.kind is Kind.POPULATED_PLACE and p.population >= WELL_KNOWN_CITY and not called_city(p):
            if p.country not in cities or c.score > cities[p.country].score:
                cities[p.country] = c
        elif p.kind is Kind.ADMIN1 and c.match == "name" and city_name is not None:
            units.setdefault(p.country, c)
    if not cities and not units:
        return ranked
    out = []
    for c in ranked:
        city, unit = cities.get(c.place.country or ""), units.get(c.place.country or "")
        if city is not None and c.place.source in YIELDING_SOURCES and c.place.kind in ADMIN_KINDS and c.score >= city.score:
            c = c.with_score(round(city.score - 0.01, 4), f"yields to the city {city.place.id}")
        elif unit is not None and c.place.kind is Kind.POPULATED_PLACE and c.score >= unit.score and called_city(c.place):
            c = c.with_score(round(unit.score - 0.01, 4), f"its bare name is {unit.place.id}'s")
        out.append(c)
    return out


#: what a unit loses, beyond its size prior, when other units of its kind share its name
SHARED_NAME_PENALTY = 0.05


def _split_shared_units(ranked: list[Candidate], every: Sequence[Candidate]) -> list[Candidate]:
    """Ranked candidates where an administrative unit whose name other units of its kind and
    country share loses its size prior: a bare "Santa Rosa" points at none of Peru's ten Santa
    Rosa districts in particular, so a town of the name (or context) decides; "Santa Rosa
    district" (a kind cue) does not come here. ``every`` is every candidate of the name (``ranked``
    may hold only the contenders), so a unit is shared or not whatever the context."""
    shared = Counter((c.place.kind, c.place.country, c.place.name) for c in every if c.place.kind in ADMIN_KINDS)
    if not shared or max(shared.values()) < 2:
        return ranked
    out = []
    for c in ranked:
        n = shared.get((c.place.kind, c.place.country, c.place.name), 0)
        if n > 1:
            size = sum(points for what, points in c.parts if what.startswith(("population", "typical size")))
            reason = f"name shared by {n} {c.place.kind.value}s"
            c = c.with_score(round(c.score - size - SHARED_NAME_PENALTY, 4), reason)
        out.append(c)
    return out


@dataclass(frozen=True, slots=True)
class Prior:
    """How much a candidate's country and size count before context (hashable: part of cache keys).

    A cable names its country in its TAGS, so a place there is worth a lot
    (the default); a news story's country is only guessed from its places, so
    there the country counts less and a famous place more ("Paris" in a story
    set in Canada is still France's, unless the story's other places say so).
    """

    country_bonus: float = 2.0
    #: multiplies the population part of the score
    population_scale: float = 1.0
    #: for a country's capital city abroad: the sense a reader takes for the bare name ("Paris" in
    #: a story set in the United States is France's, unless it says "Paris, Texas")
    capital_bonus: float = 0.0


#: the prior for documents whose country is only guessed (news, plain text)
NEWS_PRIOR = Prior(country_bonus=0.6, population_scale=2.0, capital_bonus=CAPITAL_BONUS)


@dataclass(frozen=True, slots=True)
class Anchor:
    """A place already known in the context of a name, with how much it counts (0..1)."""

    lat: float
    lon: float
    weight: float = 1.0


class Gazetteer:
    """Ranked place lookup over stacked sources.

    Parameters
    ----------
    sources
        Registry names or Source instances, most trusted first.
    user_places
        Optional YAML file of the analyst's own places and aliases.

    Examples
    --------
    >>> gaz = Gazetteer(["curated"])
    >>> gaz.resolve("Apurimac and Ene Valleys")[0].place.id
    'curated:vrae'
    """

    def __init__(
        self,
        sources: Sequence[str | Source] = DEFAULT_SOURCES,
        *,
        user_places: str | Path | None = None,
        online: Source | None = None,
    ) -> None:
        layers = [get_source(s) if isinstance(s, str) else s for s in sources]
        if user_places is not None:
            layers.insert(0, get_source("user", path=user_places))
        self.sources: list[Source] = layers
        #: asked only for names no offline layer knows (see gazetteer.sources.online)
        self.online = online
        self.online_errors: list[str] = []
        self._pools: dict[str, tuple[list[str], list[list[Place]]]] = {}
        # names repeat across documents: remember answers (bounded, see _remember)
        self._known: dict[str, bool] = {}
        self._max_words: dict[str, int] = {}
        self._ranked: dict[tuple, tuple[Candidate, ...]] = {}
        self._candidates: dict[tuple[str, str | None], tuple[Candidate, ...]] = {}
        self._contending: dict[tuple, tuple[Candidate, ...]] = {}

    def __contains__(self, name: str) -> bool:
        known = self._known.get(name)
        if known is None:
            known = any(spelling in source.index for spelling in spellings(name) for source in self.sources)
            _remember(self._known, name, known)
        return known

    def max_words(self, first_word: str) -> int:
        """Most words in any known name that begins with ``first_word`` (0: no name does).

        >>> Gazetteer(["curated"]).max_words("Upper")
        4
        """
        found = self._max_words.get(first_word)
        if found is None:
            key = fold(first_word).split(" ")[0]
            found = max((source.index.max_words(key) for source in self.sources), default=0)
            _remember(self._max_words, first_word, found)
        return found

    def candidates(self, name: str, *, fuzzy_country: str | None = None) -> list[Candidate]:
        """Every place named ``name`` in any source; with ``fuzzy_country``, also
        near-misses among that country's names when nothing matches exactly."""
        key = (name, fuzzy_country)
        found = self._candidates.get(key)
        if found is None:
            # a place found in several layers (an imported dump repeats cities500) counts once,
            # as the most trusted layer has it
            unique: dict[str, Candidate] = {}
            for k, spelling in enumerate(spellings(name)):  # "St. Marc" is GeoNames' Saint-Marc
                for source in self.sources:
                    for c in source.lookup(spelling):
                        if c.place.id not in unique or (k and c.match == "name" and unique[c.place.id].match != "name"):
                            unique[c.place.id] = c  # the first layer's, or its own name in another spelling
            found = tuple(unique.values())
            if not found and fuzzy_country:
                found = tuple(self._fuzzy(name, fuzzy_country))
            if not found and self.online is not None:
                found = tuple(self._ask_online(name, fuzzy_country))
            _remember(self._candidates, key, found)
        return list(found)

    def resolve(
        self,
        name: str,
        *,
        country: str | None = None,
        near: Iterable[Anchor] = (),
        kind_hint: Kind | None = None,
        fuzzy: bool = True,
        n: int = 10,
        prior: Prior = Prior(),
    ) -> list[Candidate]:
        """Candidates for ``name``, best first, each with its score and reasons.

        ``country`` favours places in that country (and allows typo matching
        against its names), ``near`` favours places close to known anchors,
        ``kind_hint`` favours one kind of feature ("the X valley"), ``prior``
        weighs country and size (see Prior).
        """
        anchors = list(near)
        key = (name, country, kind_hint, fuzzy, n, prior)
        if not anchors and key in self._ranked:
            return list(self._ranked[key])
        if anchors:
            reach = CONTEXT_WEIGHT * max(0.0, *(a.weight for a in anchors))
            found = self.resolve_contenders(
                name, country=country, kind_hint=kind_hint, fuzzy=fuzzy, n=n, reach=reach, prior=prior
            )
        else:
            found = self.candidates(name, fuzzy_country=country.upper() if (fuzzy and country) else None)
        closeness = _closeness(found, anchors) if anchors else [None] * len(found)
        ranked = [
            self._score(c, country=country, closeness=x, kind_hint=kind_hint, prior=prior) for c, x in zip(found, closeness)
        ]
        if kind_hint not in ADMIN_KINDS:
            every = self.candidates(name, fuzzy_country=country.upper() if (fuzzy and country) else None)
            ranked = _yield_to_cities(_split_shared_units(ranked, every), name if kind_hint is None else None)
        ranked = _countries_by_their_names(ranked)
        ranked.sort(key=lambda c: (-c.score, c.place.id))
        if not anchors:
            _remember(self._ranked, key, tuple(ranked[:n]))
        return ranked[:n]

    def resolve_contenders(
        self, name: str, *, country: str | None = None, kind_hint: Kind | None = None, fuzzy: bool = True,
        n: int = 1, reach: float = CONTEXT_WEIGHT, prior: Prior = Prior(),
    ) -> list[Candidate]:
        """The candidates that context can lift into the best ``n``; the others are not scored again.

        Context adds at most ``reach`` (CONTEXT_WEIGHT times the heaviest
        anchor), so a candidate whose score without context trails the n-th
        best by more than that stays out of the top n
        whatever the anchors (for "Santa Rosa" in a Peruvian cable that drops
        every foreign Santa Rosa before the distances are computed).
        """
        key = (name, country, kind_hint, fuzzy, n, reach, prior)
        found = self._contending.get(key)
        if found is None:
            ranked = self.resolve(name, country=country, kind_hint=kind_hint, fuzzy=fuzzy, n=1_000_000, prior=prior)
            floor = ranked[n - 1].score - reach - 1e-3 if len(ranked) > n else -math.inf  # scores have 4 decimals
            found = tuple(c for c in ranked if c.score >= floor)
            _remember(self._contending, key, found)
        return list(found)

    def _score(
        self, cand: Candidate, *, country: str | None, closeness: float | None, kind_hint: Kind | None,
        prior: Prior = Prior(),
    ) -> Candidate:
        place = cand.place
        reasons = [f"match={cand.match}", f"source={place.source}"]
        parts = [(f"source {place.source}", SOURCE_WEIGHT.get(place.source, 0.5))]
        if cand.match == "name":
            parts.append(("its own name", 0.3))
        elif cand.match.startswith("fuzzy:"):
            similarity = float(cand.match.split(":", 1)[1])
            parts.append((f"typo match ({similarity:.0f}% similar)", -(100.0 - similarity) / 20.0))
        else:
            parts.append((f"{cand.match} name", 0.0))
        if country and place.country == country.upper():
            parts.append((f"in {place.country}", prior.country_bonus))
            reasons.append(f"in {place.country}")
        population = place.population or KIND_POPULATION.get(place.kind, 0)
        if place.population:
            parts.append((f"population {population:,}", prior.population_scale * math.log10(population + 1) / 7.0))
        elif population:
            article = "an" if place.kind.value[0] in "aeiou" else "a"
            what = f"typical size of {article} {place.kind.value} (~{population:,})"
            parts.append((what, prior.population_scale * math.log10(population + 1) / 7.0))
        else:
            parts.append(("population not known", 0.0))
        if population:
            reasons.append(f"population~{population}")
        # only against a guessed country's namesake: with none, size and context decide (Kingston)
        if prior.capital_bonus and country and place.country != country.upper() and _is_capital(place):
            parts.append((f"capital of {place.country}", prior.capital_bonus))
        if closeness is not None:
            parts.append((f"near the context (closeness {closeness:.2f})", CONTEXT_WEIGHT * closeness))
            reasons.append(f"context closeness {closeness:.2f}")
        if kind_hint is not None and (place.kind is kind_hint or _called(place, kind_hint)):
            parts.append((f"kind cue {kind_hint.value}", 1.5))
            reasons.append(f"kind cue {kind_hint.value}")
        score = sum(points for _, points in parts)
        return Candidate(
            place, round(score, 4), cand.match, tuple(reasons), tuple((w, round(x, 4)) for w, x in parts), closeness or 0.0
        )

    def _ask_online(self, name: str, country: str | None) -> list[Candidate]:
        """The online fallback; a failure is logged and remembered, never raised into a batch."""
        try:
            return self.online.lookup(name, country=country)  # type: ignore[union-attr]
        except OnlineLookupError as err:
            log.warning("%s", err)
            self.online_errors.append(str(err))
            return []

    def near_misses(self, name: str, *, n: int = 3) -> list[Candidate]:
        """Places in any country whose name is a likely misspelling of ``name`` (best first), with the
        rule typo matching uses (same first letter, FUZZY_CUTOFF); for hints such as "try --country PE".

        >>> [(c.place.name, c.place.country) for c in Gazetteer(["curated"]).near_misses("Vizcatn")]
        [('Vizcatan', 'PE')]
        """
        key = fold(name)
        if len(key) < 5:
            return []
        keys = list({k: None for source in self.sources for k in source.index.names_starting(key[0])})
        hits = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=n)
        found: dict[str, Candidate] = {}
        for matched, similarity, _ in hits:
            for c in self.candidates(matched):
                found.setdefault(c.place.id, Candidate(c.place, round(similarity, 1), f"fuzzy:{similarity:.1f}"))
        return sorted(found.values(), key=lambda c: (-c.score, -c.place.population, c.place.id))[:n]

    def _fuzzy_pool(self, country: str) -> tuple[list[str], list[list[Place]]]:
        """Every folded name of ``country``'s places, for typo matching (built once per country)."""
        if country not in self._pools:
            pool: dict[str, list[Place]] = {}
            for source in self.sources:
                for key, place in source.index.names_in_country(country):
                    pool.setdefault(key, []).append(place)
            self._pools[country] = (list(pool), list(pool.values()))
        return self._pools[country]

    def _fuzzy(self, name: str, country: str) -> list[Candidate]:
        key = fold(name)
        if len(key) < 5:
            return []
        keys, places = self._fuzzy_pool(country)
        hits = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5)
        found: dict[str, Candidate] = {}
        for matched, similarity, i in hits:
            # A typo keeps the first letter in the cables we have seen; requiring it
            # keeps ordinary words from drifting onto place names.
            if matched[0] != key[0]:
                continue
            for place in places[i]:
                found.setdefault(place.id, Candidate(place, 1.0, f"fuzzy:{similarity:.1f}"))
        return list(found.values())
