"""Online fallback (only with --online): Nominatim through geopy, plus the wrappers
every networked source needs — an on-disk cache and a rate limit.

The wrappers take any Source (like geopy's RateLimiter takes any geocoder),
so the cache and the limit are not re-implemented inside each service.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from gazetteer.errors import OnlineLookupError
from gazetteer.model import Candidate, Kind, Place
from gazetteer.names import fold
from gazetteer.sources.base import Source
from gazetteer.sqlite_index import default_cache_dir

log = logging.getLogger(__name__)

USER_AGENT = "geomap-gazetteer/0.1 (+https://example.invalid/geomap)"
#: Nominatim class/type and admin levels -> our kinds
_TYPE_KINDS = {
    ("place", "city"): Kind.POPULATED_PLACE, ("place", "town"): Kind.POPULATED_PLACE,
    ("place", "village"): Kind.POPULATED_PLACE, ("place", "hamlet"): Kind.POPULATED_PLACE,
    ("place", "locality"): Kind.POPULATED_PLACE, ("place", "suburb"): Kind.POPULATED_PLACE,
    ("place", "state"): Kind.ADMIN1, ("place", "region"): Kind.REGION, ("place", "country"): Kind.COUNTRY,
    ("waterway", "river"): Kind.RIVER, ("natural", "valley"): Kind.VALLEY, ("natural", "peak"): Kind.MOUNTAIN,
    ("natural", "mountain_range"): Kind.MOUNTAIN, ("military", "base"): Kind.SITE, ("aeroway", "aerodrome"): Kind.SITE,
}  # fmt: skip
_ADMIN_LEVEL_KINDS = {"2": Kind.COUNTRY, "4": Kind.ADMIN1, "6": Kind.PROVINCE, "8": Kind.DISTRICT}


def _place_from_raw(raw: dict, *, source: str, licence: str) -> Place:
    category, kind_name = str(raw.get("class") or raw.get("category") or ""), str(raw.get("type") or "")
    kind = _TYPE_KINDS.get((category, kind_name))
    if kind is None and category == "boundary":
        kind = _ADMIN_LEVEL_KINDS.get(str((raw.get("extratags") or {}).get("admin_level", "")), Kind.REGION)
    address = raw.get("address") or {}
    name = raw.get("name") or str(raw.get("display_name", "")).split(",")[0]
    return Place(
        id=f"osm:{raw.get('osm_type', 'x')[:1]}{raw.get('osm_id', raw.get('place_id'))}",
        name=name,
        kind=kind or Kind.SITE,
        country=(address.get("country_code") or "").upper() or None,
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        admin1=address.get("state") or address.get("region"),
        admin2=address.get("county") or address.get("province"),
        source=source,
        licence=licence,
    )


class NominatimSource(Source):
    """OpenStreetMap's Nominatim (or a compatible server: ``domain``, ``scheme``)."""

    name = "nominatim"
    licence = "ODbL (OpenStreetMap contributors)"

    def __init__(self, *, domain: str = "nominatim.openstreetmap.org", scheme: str = "https", timeout: float = 10.0,
                 user_agent: str = USER_AGENT, limit: int = 5) -> None:  # fmt: skip
        super().__init__()
        self.geocoder = Nominatim(domain=domain, scheme=scheme, timeout=timeout, user_agent=user_agent)
        self.limit = limit

    def load(self) -> Iterator[Place]:  # pragma: no cover - an online source has no list of places
        return iter(())

    def lookup(self, name: str, *, country: str | None = None) -> list[Candidate]:
        try:
            found = self.geocoder.geocode(
                name, exactly_one=False, limit=self.limit, addressdetails=True, extratags=True,
                country_codes=country.lower() if country else None,
            )  # fmt: skip
        except GeopyError as err:
            raise OnlineLookupError(f"{self.name} ({self.geocoder.domain}): looking up {name!r} failed: {err}") from err
        return [Candidate(_place_from_raw(loc.raw, source=self.name, licence=self.licence), 1.0, "online") for loc in found or []]


class CachedSource(Source):
    """Remembers another source's answers on disk (SQLite), so a rerun asks the service nothing."""

    def __init__(self, inner: Source, *, path: Path | None = None) -> None:
        super().__init__()
        self.inner = inner
        self.name = inner.name
        self.licence = inner.licence
        self.path = path or default_cache_dir() / f"online-{inner.name}.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._con = sqlite3.connect(self.path, check_same_thread=False)
        self._con.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, places TEXT NOT NULL)")

    def load(self) -> Iterator[Place]:  # pragma: no cover
        return iter(())

    def lookup(self, name: str, *, country: str | None = None) -> list[Candidate]:
        key = f"{country or ''}|{fold(name)}"
        with self._lock:
            row = self._con.execute("SELECT places FROM answers WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return [Candidate(_place_from_json(p), 1.0, "online-cached") for p in json.loads(row[0])]
        found = self.inner.lookup(name, country=country)  # errors are not cached: the next run asks again
        with self._lock, self._con:
            self._con.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?)", (key, json.dumps([_place_to_json(c.place) for c in found]))
            )
        return found


class RateLimitedSource(Source):
    """At most one lookup per ``min_delay`` seconds, with retries on transient errors (geopy's RateLimiter)."""

    def __init__(self, inner: Source, *, min_delay: float = 1.0, max_retries: int = 2, error_wait: float = 2.0) -> None:
        super().__init__()
        self.inner = inner
        self.name = inner.name
        self.licence = inner.licence
        self._limited = RateLimiter(
            inner.lookup, min_delay_seconds=min_delay, max_retries=max_retries, error_wait_seconds=error_wait,
            swallow_exceptions=False,
        )  # fmt: skip

    def load(self) -> Iterator[Place]:  # pragma: no cover
        return iter(())

    def lookup(self, name: str, *, country: str | None = None) -> list[Candidate]:
        return self._limited(name, country=country)


def _place_to_json(place: Place) -> dict:
    return {
        "id": place.id, "name": place.name, "kind": place.kind.value, "country": place.country, "lat": place.lat,
        "lon": place.lon, "admin1": place.admin1, "admin2": place.admin2, "source": place.source, "licence": place.licence,
    }  # fmt: skip


def _place_from_json(data: dict) -> Place:
    return Place(**{**data, "kind": Kind(data["kind"])})


def online_source(*, domain: str = "nominatim.openstreetmap.org", scheme: str = "https", timeout: float = 10.0,
                  min_delay: float = 1.0, max_retries: int = 2, cache: Path | None = None) -> Source:  # fmt: skip
    """Nominatim behind a rate limit (1 request/s, its usage policy), retries, and an on-disk cache."""
    service = NominatimSource(domain=domain, scheme=scheme, timeout=timeout)
    return CachedSource(RateLimitedSource(service, min_delay=min_delay, max_retries=max_retries), path=cache)
