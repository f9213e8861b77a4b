"""Records the gazetteer hands out: places, candidates and resolutions.

Every stage of geomap that needs a coordinate gets it as a :class:`Place`;
a :class:`Candidate` says why a place was proposed for a name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum


class Kind(str, Enum):
    """What sort of feature a place is; drives geo_precision and map styling."""

    POPULATED_PLACE = "populated_place"
    DISTRICT = "district"
    PROVINCE = "province"
    ADMIN1 = "admin1"
    COUNTRY = "country"
    ZONE = "zone"
    VALLEY = "valley"
    RIVER = "river"
    REGION = "region"
    MOUNTAIN = "mountain"
    SITE = "site"  # a base, airport, police post or other spot

    @property
    def geo_precision(self) -> int:
        """ACLED/UCDP-style precision code (see INTERFACE.md)."""
        return _PRECISION[self]


_PRECISION = {
    Kind.POPULATED_PLACE: 1,
    Kind.DISTRICT: 3,
    Kind.PROVINCE: 3,
    Kind.ADMIN1: 4,
    Kind.ZONE: 5,
    Kind.VALLEY: 5,
    Kind.RIVER: 5,
    Kind.REGION: 5,
    Kind.MOUNTAIN: 2,
    Kind.SITE: 1,
    Kind.COUNTRY: 6,
}


@dataclass(frozen=True, slots=True)
class Place:
    """A named feature with a representative point.

    Examples
    --------
    >>> p = Place(id="geonames:3932418", name="Pichari", kind=Kind.POPULATED_PLACE,
    ...           country="PE", lat=-12.5, lon=-73.8167)
    >>> p.geo_precision
    1
    """

    id: str
    name: str
    kind: Kind
    country: str | None
    lat: float
    lon: float
    admin1: str | None = None
    admin2: str | None = None
    population: int = 0
    alternate_names: tuple[str, ...] = ()
    geometry_wkt: str | None = None
    source: str = ""
    licence: str = ""

    @property
    def geo_precision(self) -> int:
        return self.kind.geo_precision


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place proposed for a name, with the score and the reason for it."""

    place: Place
    score: float
    match: str  # "exact", "folded", "squashed" or "fuzzy:<similarity>"
    reasons: tuple[str, ...] = field(default=())
    #: what the score is made of: (what, points) pairs that add up to ``score``
    parts: tuple[tuple[str, float], ...] = field(default=())
    #: how close the place lies to the places around its mention (0 to 1; 0 without context)
    closeness: float = 0.0

    def with_score(self, score: float, reason: str) -> Candidate:
        return Candidate(self.place, score, self.match, self.reasons + (reason,),
                         self.parts + ((reason, round(score - self.score, 4)),), self.closeness)  # fmt: skip


def coordinate_from(record: dict, key: str, limit: float) -> float:
    """``record[key]`` as a finite number within ±``limit`` (a latitude: 90, a longitude: 180); data files
    and online answers are checked with it. Raises ValueError naming the key and the value.

    >>> coordinate_from({"lat": "-12.5"}, "lat", 90)
    -12.5
    """
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{key} is {type(value).__name__}, not a number")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{key} {value!r:.20} is not a number") from None
    if not math.isfinite(number) or abs(number) > limit:
        raise ValueError(f"{key} {value!r:.20} is not a finite number within ±{limit:g}")
    return number

