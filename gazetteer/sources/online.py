"""Online fallback (only with --online): Nominatim through geopy, plus the wrappers
every networked source needs — an on-disk cache, a rate limit and a circuit breaker.

The wrappers take any Source (like geopy's RateLimiter takes any geocoder),
so the cache and the limit are not re-implemented inside each service.
An answer is untrusted input: it is read with a deadline for the whole
answer and a size limit (``BoundedAdapter``), and every field of every
result is checked before it becomes a Place; a result that fails a check is
dropped, never raised into a batch.
"""

from __future__ import annotations

import http.client
import json
import logging
import sqlite3
import ssl
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderParseError, GeocoderServiceError, GeocoderTimedOut, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from gazetteer.errors import OnlineLookupError
from gazetteer.model import Candidate, Kind, Place, coordinate_from
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


#: the most an answer may weigh: five results with address details are a few kilobytes
MAX_ANSWER_BYTES = 1024 * 1024


def _text_field(raw: dict, key: str) -> str | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ValueError(f"{key} is {type(value).__name__}, not text")
    return str(value)[:200]


def _place_from_raw(raw: object, *, source: str, licence: str) -> Place:
    """A Place from one Nominatim result; ValueError (naming the field) if any field is not what it must be."""
    if not isinstance(raw, dict):
        raise ValueError(f"a result is {type(raw).__name__}, not an object")
    lat, lon = coordinate_from(raw, "lat", 90), coordinate_from(raw, "lon", 180)
    category = _text_field(raw, "class") or _text_field(raw, "category") or ""
    kind_name = _text_field(raw, "type") or ""
    extratags = raw.get("extratags") or {}
    address = raw.get("address") or {}
    for key, value in (("extratags", extratags), ("address", address)):
        if not isinstance(value, dict):
            raise ValueError(f"{key} is {type(value).__name__}, not an object")
    kind = _TYPE_KINDS.get((category, kind_name))
    if kind is None and category == "boundary":
        kind = _ADMIN_LEVEL_KINDS.get(_text_field(extratags, "admin_level") or "", Kind.REGION)
    country = _text_field(address, "country_code")
    if country is not None and not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise ValueError(f"country_code {country!r:.20} is not a two-letter code")
    name = _text_field(raw, "name") or (_text_field(raw, "display_name") or "").split(",")[0].strip()
    if not name:
        raise ValueError("a result without a name")
    osm_type = _text_field(raw, "osm_type") or "x"
    osm_id = _text_field(raw, "osm_id") or _text_field(raw, "place_id")
    if osm_id is None:
        raise ValueError("a result without osm_id or place_id")
    return Place(
        id=f"osm:{osm_type[:1]}{osm_id}",
        name=name,
        kind=kind or Kind.SITE,
        country=country.upper() if country else None,
        lat=lat,
        lon=lon,
        admin1=_text_field(address, "state") or _text_field(address, "region"),
        admin2=_text_field(address, "county") or _text_field(address, "province"),
        source=source,
        licence=licence,
    )


class BoundedAdapter(BaseSyncAdapter):
    """geopy's HTTP transport with a deadline for the whole answer and a size limit.

    geopy's own adapters bound each socket read by the timeout, so a server
    sending a byte every few seconds is read for ever, and they read an answer
    of any size. Here ``timeout`` is the total time for connecting, the
    headers and the body, and a body over ``max_bytes`` is refused.
    """

    def __init__(self, *, proxies=None, ssl_context=None, max_bytes: int = MAX_ANSWER_BYTES) -> None:  # noqa: ANN001
        super().__init__(proxies=proxies, ssl_context=ssl_context)
        self.ssl_context = ssl_context
        self.max_bytes = max_bytes

    def get_json(self, url: str, *, timeout: float, headers: dict) -> object:
        text = self.get_text(url, timeout=timeout, headers=headers)
        try:
            return json.loads(text)
        except (ValueError, RecursionError) as err:
            raise GeocoderParseError(f"the answer is not JSON ({err})") from None

    def get_text(self, url: str, *, timeout: float, headers: dict) -> str:
        deadline = time.monotonic() + timeout
        parts = urlsplit(url)
        if parts.scheme == "https":
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.netloc, timeout=timeout, context=self.ssl_context or ssl.create_default_context())
        else:
            connection = http.client.HTTPConnection(parts.netloc, timeout=timeout)
        try:
            connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers)
            response = connection.getresponse()
            if response.status != 200:
                raise GeocoderServiceError(f"HTTP {response.status} {response.reason}")
            body = bytearray()
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise GeocoderTimedOut(f"no complete answer within {timeout:g} s")
                if connection.sock is not None:
                    connection.sock.settimeout(remaining)
                chunk = response.read1(65536)
                if not chunk:
                    break
                body += chunk
                if len(body) > self.max_bytes:
                    raise GeocoderServiceError(f"the answer is over {self.max_bytes // 1024} KB")
        except TimeoutError as err:
            raise GeocoderTimedOut(f"no complete answer within {timeout:g} s") from err
        except (OSError, http.client.HTTPException) as err:
            raise GeocoderServiceError(f"cannot reach the service ({err})") from err
        finally:
            connection.close()
        return body.decode("utf-8", errors="replace")


class _CheckedNominatim(Nominatim):
    """geopy's Nominatim keeping only the results whose every field checks out (see _place_from_raw)."""

    def _parse_json(self, places, exactly_one):  # noqa: ANN001, ANN202 - geopy's signature
        if isinstance(places, dict) and "error" in places:
            raise GeocoderServiceError(f"the service says: {str(places['error'])[:200]}")
        if not isinstance(places, list):
            raise GeocoderParseError(f"the answer is {type(places).__name__}, not a list of results")
        return places or None  # raw results: NominatimSource checks each one


class NominatimSource(Source):
    """OpenStreetMap's Nominatim (or a compatible server: ``domain``, ``scheme``)."""

    name = "nominatim"
    licence = "ODbL (OpenStreetMap contributors)"

    def __init__(self, *, domain: str = "nominatim.openstreetmap.org", scheme: str = "https", timeout: float = 10.0,
                 user_agent: str = USER_AGENT, limit: int = 5) -> None:  # fmt: skip
        super().__init__()
        self.geocoder = _CheckedNominatim(domain=domain, scheme=scheme, timeout=timeout, user_agent=user_agent,
                                          adapter_factory=BoundedAdapter)  # fmt: skip
        self.url = f"{scheme}://{domain}"
        self.limit = limit
        #: results dropped because a field failed its check (the reasons, for the log and tests)
        self.rejected: list[str] = []

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
        candidates = []
        for raw in (found or [])[: self.limit]:  # _CheckedNominatim hands back the raw results
            try:
                candidates.append(Candidate(_place_from_raw(raw, source=self.name, licence=self.licence), 1.0, "online"))
            except (ValueError, TypeError) as err:
                self.rejected.append(f"{name!r}: {err}")
                log.warning("%s (%s): a result for %r was dropped: %s", self.name, self.geocoder.domain, name, err)
        return candidates


#: how long a cached answer is trusted: places do not move, but a service's data is corrected
CACHE_DAYS = 90


class CachedSource(Source):
    """Remembers another source's answers on disk (SQLite), so a rerun asks the service nothing.

    Answers are keyed by the service's URL as well as the name (another server
    gives other answers) and expire after ``max_age_days``.
    """

    def __init__(self, inner: Source, *, path: Path | None = None, max_age_days: float = CACHE_DAYS) -> None:
        super().__init__()
        self.inner = inner
        self.name = inner.name
        self.licence = inner.licence
        self.service = _service_url(inner)
        self.max_age = max_age_days * 86400
        self.path = path or default_cache_dir() / f"online-{inner.name}.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._con = sqlite3.connect(self.path, check_same_thread=False)
        self._con.execute(
            "CREATE TABLE IF NOT EXISTS lookups (service TEXT NOT NULL, key TEXT NOT NULL, places TEXT NOT NULL, "
            "stored_at REAL NOT NULL, PRIMARY KEY (service, key))"
        )

    def load(self) -> Iterator[Place]:  # pragma: no cover
        return iter(())

    def lookup(self, name: str, *, country: str | None = None) -> list[Candidate]:
        key = f"{country or ''}|{fold(name)}"
        with self._lock:
            row = self._con.execute(
                "SELECT places, stored_at FROM lookups WHERE service = ? AND key = ?", (self.service, key)
            ).fetchone()
        if row is not None and time.time() - row[1] <= self.max_age:
            try:
                return [Candidate(_place_from_json(p), 1.0, "online-cached") for p in json.loads(row[0])]
            except (ValueError, TypeError, KeyError) as err:  # a damaged entry: ask again
                log.warning("online cache %s: entry for %r unreadable (%s)", self.path, name, err)
        found = self.inner.lookup(name, country=country)  # errors are not cached: the next run asks again
        with self._lock, self._con:
            self._con.execute(
                "INSERT OR REPLACE INTO lookups VALUES (?, ?, ?, ?)",
                (self.service, key, json.dumps([_place_to_json(c.place) for c in found]), time.time()),
            )
        return found


def _service_url(source: Source) -> str:
    """The URL of the service behind ``source`` and its wrappers."""
    while not hasattr(source, "url") and hasattr(source, "inner"):
        source = source.inner  # type: ignore[attr-defined]
    return str(getattr(source, "url", source.name))


class CircuitBreakerSource(Source):
    """Stops asking a service that keeps failing: after ``failures`` failures in a row, every lookup
    fails at once for ``cooldown`` seconds, so a hung server costs a few timeouts, not one per name."""

    def __init__(self, inner: Source, *, failures: int = 3, cooldown: float = 300.0) -> None:
        super().__init__()
        self.inner = inner
        self.name = inner.name
        self.licence = inner.licence
        self.failures = failures
        self.cooldown = cooldown
        self._in_a_row = 0
        self._open_until = 0.0
        self._lock = threading.Lock()

    def load(self) -> Iterator[Place]:  # pragma: no cover
        return iter(())

    def lookup(self, name: str, *, country: str | None = None) -> list[Candidate]:
        with self._lock:
            if time.monotonic() < self._open_until:
                raise OnlineLookupError(  # one message for every name, so it is reported once
                    f"{self.name} ({_service_url(self.inner)}): not asked any more: the service failed "
                    f"{self.failures} times in a row (asked again after {self.cooldown:g} s)"
                )
        try:
            found = self.inner.lookup(name, country=country)
        except OnlineLookupError:
            with self._lock:
                self._in_a_row += 1
                if self._in_a_row >= self.failures:
                    self._open_until = time.monotonic() + self.cooldown
                    self._in_a_row = 0
            raise
        with self._lock:
            self._in_a_row = 0
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
                  min_delay: float = 1.0, max_retries: int = 2, cache: Path | None = None,
                  breaker_failures: int = 3, breaker_cooldown: float = 300.0) -> Source:  # fmt: skip
    """Nominatim behind a circuit breaker, a rate limit (1 request/s, its usage policy) with retries, and an
    on-disk cache. ``timeout`` bounds each whole answer; the breaker counts every failed attempt, so a
    dead or hung server costs at most ``breaker_failures`` timeouts per ``breaker_cooldown``."""
    service = NominatimSource(domain=domain, scheme=scheme, timeout=timeout)
    guarded = CircuitBreakerSource(service, failures=breaker_failures, cooldown=breaker_cooldown)
    return CachedSource(RateLimitedSource(guarded, min_delay=min_delay, max_retries=max_retries), path=cache)
