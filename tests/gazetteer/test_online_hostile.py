"""The --online client against a hostile local stub server (issue 15): malformed answers, a server
that drips bytes or never answers, huge answers, and the cache's key and expiry. Never the internet."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from gazetteer import Gazetteer
from gazetteer.errors import OnlineLookupError
from gazetteer.sources.online import CachedSource, CircuitBreakerSource, NominatimSource, online_source

GOOD = {"place_id": 1, "osm_type": "node", "osm_id": 42, "lat": "-12.6806", "lon": "-73.3367", "class": "place",
        "type": "village", "name": "Kepashiato", "display_name": "Kepashiato, Cusco, Peru",
        "address": {"country_code": "pe", "state": "Cusco"}}  # fmt: skip
#: each answer has one good result among broken ones: the good one must come through
MALFORMED = [
    {k: v for k, v in GOOD.items() if k != "lat"},
    {**GOOD, "lat": "999"},
    {**GOOD, "lat": "NaN"},
    {**GOOD, "lon": "inf"},
    {**GOOD, "lat": ["-12"]},
    {**GOOD, "osm_type": None, "osm_id": None, "place_id": None},
    {**GOOD, "address": {"country_code": 51}},
    {**GOOD, "address": ["pe"]},
    {**GOOD, "name": {"en": "x"}},
    ["a", "list", "item"],
    "a string item",
    None,
]


class Hostile(BaseHTTPRequestHandler):
    mode = "ok"
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        Hostile.requests.append(parse_qs(urlsplit(self.path).query).get("q", [""])[0])
        if Hostile.mode == "hang":
            time.sleep(3)
            return
        if Hostile.mode == "drip":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            try:
                for byte in b'[{"lat": "1", "lon": "2"}]':
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            return
        if Hostile.mode == "huge":
            body = json.dumps([GOOD] * 20_000).encode()  # about 5 MB
        elif Hostile.mode == "malformed":
            body = json.dumps([*MALFORMED, GOOD]).encode()
        elif Hostile.mode == "not-a-list":
            body = b'{"features": 5}'
        elif Hostile.mode == "nested":
            body = b"[" * 50_000 + b"]" * 50_000
        else:
            body = json.dumps([GOOD]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args):
        pass


def _serve():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def stub():
    Hostile.mode, Hostile.requests = "ok", []
    server, address = _serve()
    yield address
    server.shutdown()


def test_malformed_results_are_dropped_and_the_good_one_kept(stub):
    Hostile.mode = "malformed"
    service = NominatimSource(domain=stub, scheme="http", limit=50)
    (candidate,) = service.lookup("Kepashiato")
    assert candidate.place.id == "osm:n42" and candidate.place.country == "PE"
    assert len(service.rejected) == len(MALFORMED)
    reasons = " ".join(service.rejected)
    for reason in ("lat is NoneType", "lat '999' is not a finite number within ±90", "lon 'inf'", "country_code '51' is not a two-letter code", "not an object"):
        assert reason in reasons, reasons


@pytest.mark.parametrize("mode, reason", [("not-a-list", "not a list of results"), ("nested", "not JSON")])
def test_an_answer_that_is_no_list_of_results_is_a_clear_failure(stub, mode, reason):
    Hostile.mode = mode
    with pytest.raises(OnlineLookupError, match=reason):
        NominatimSource(domain=stub, scheme="http").lookup("Kepashiato")


def test_the_timeout_bounds_the_whole_answer(stub):
    """A byte every 0.2 s: each read is quick, the answer would take 5 s; the deadline is 1 s."""
    Hostile.mode = "drip"
    started = time.monotonic()
    with pytest.raises(OnlineLookupError, match="within 1 s"):
        NominatimSource(domain=stub, scheme="http", timeout=1.0).lookup("Kepashiato")
    assert time.monotonic() - started < 2.0


def test_an_answer_over_the_size_limit_is_refused(stub):
    Hostile.mode = "huge"
    with pytest.raises(OnlineLookupError, match="over 1024 KB"):
        NominatimSource(domain=stub, scheme="http").lookup("Kepashiato")


def test_a_hung_server_trips_the_breaker(stub, tmp_path):
    Hostile.mode = "hang"
    source = online_source(domain=stub, scheme="http", timeout=0.5, min_delay=0, max_retries=0, cache=tmp_path / "c.sqlite",
                           breaker_failures=2)  # fmt: skip
    gazetteer = Gazetteer(["curated"], online=source)
    started = time.monotonic()
    for name in ("Kepashiato", "Quimbiri", "Kimbiri", "Pangoa", "Mazamari", "Satipo"):
        assert gazetteer.resolve(name, country="PE") == []
    assert time.monotonic() - started < 2.5  # two timeouts, then no more requests
    assert len(Hostile.requests) == 2
    assert len(set(gazetteer.online_errors)) == 3  # two timeouts and one "not asked any more"
    assert "not asked any more" in gazetteer.online_errors[-1]


def test_the_breaker_closes_after_its_cooldown(stub):
    Hostile.mode = "hang"
    breaker = CircuitBreakerSource(NominatimSource(domain=stub, scheme="http", timeout=0.3), failures=1, cooldown=0.5)
    with pytest.raises(OnlineLookupError, match="within"):
        breaker.lookup("A")
    with pytest.raises(OnlineLookupError, match="not asked any more"):
        breaker.lookup("B")
    time.sleep(0.6)
    Hostile.mode = "ok"
    assert breaker.lookup("C")[0].place.name == "Kepashiato"


def test_the_cache_is_keyed_by_server_and_expires(tmp_path):
    Hostile.mode, Hostile.requests = "ok", []
    (one, first), (two, second) = _serve(), _serve()
    try:
        cache = tmp_path / "c.sqlite"
        CachedSource(NominatimSource(domain=first, scheme="http"), path=cache).lookup("Kepashiato")
        CachedSource(NominatimSource(domain=first, scheme="http"), path=cache).lookup("Kepashiato")
        assert Hostile.requests == ["Kepashiato"]  # the second lookup came from the cache
        CachedSource(NominatimSource(domain=second, scheme="http"), path=cache).lookup("Kepashiato")
        assert Hostile.requests == ["Kepashiato"] * 2  # another server is asked itself
        stale = CachedSource(NominatimSource(domain=first, scheme="http"), path=cache, max_age_days=0)
        time.sleep(0.01)
        stale.lookup("Kepashiato")
        assert Hostile.requests == ["Kepashiato"] * 3  # an expired answer is asked again
    finally:
        one.shutdown()
        two.shutdown()
