"""GeoNames dump import, and the online fallback against a local stub server (never the internet)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from gazetteer import Gazetteer, Kind
from gazetteer.errors import GazetteerDataError, OnlineLookupError
from gazetteer.sources.geonames_dump import GeonamesImportsSource, import_dump, places_from_dump
from gazetteer.sources.online import CachedSource, NominatimSource, RateLimitedSource, online_source
from tests.conftest import DATA

SAMPLE = DATA / "geonames" / "PE_sample.txt"


def test_dump_rows_become_places_of_the_right_kind():
    places = {p.name: p for p in places_from_dump(SAMPLE)}
    assert places["Rio Mantaro"].kind is Kind.RIVER
    assert places["Valle del Mantaro"].kind is Kind.VALLEY and places["Valle del Mantaro"].admin1 == "Junín"
    assert places["Base Contrasubversiva Pichari"].kind is Kind.SITE
    assert places["Cerro Vizcatan"].kind is Kind.MOUNTAIN
    assert places["Pichari"].population == 10655 and "Pichary" in places["Pichari"].alternate_names
    assert places["Pichari"].admin2 == "La Convención"  # GeoNames admin2 for Peru = INEI province code (0809)


@pytest.mark.parametrize("name", ["PE_sample.txt", "PE_sample.zip"])
def test_import_adds_places_to_lookups(tmp_path, name):
    target = import_dump(DATA / "geonames" / name, data_dir=tmp_path)
    assert import_dump(DATA / "geonames" / name, data_dir=tmp_path) == target  # importing again is a no-op
    gazetteer = Gazetteer(["curated", GeonamesImportsSource(data_dir=tmp_path)])
    base = gazetteer.resolve("Pichari Army base", country="PE")[0].place
    assert base.kind is Kind.SITE and base.geo_precision == 1
    assert gazetteer.resolve("Mantaro Valley", country="PE")[0].place.kind is Kind.VALLEY


def test_no_imports_is_an_empty_source(tmp_path):
    assert GeonamesImportsSource(data_dir=tmp_path).lookup("Pichari") == []


def test_not_a_dump(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("this is not, a geonames dump\n")
    with pytest.raises(GazetteerDataError, match="19"):
        import_dump(bad, data_dir=tmp_path)


class Stub(BaseHTTPRequestHandler):
    """Answers /search like Nominatim for two names; counts requests; can be told to fail or stall."""

    requests: list[str] = []
    mode = "ok"

    def do_GET(self):  # noqa: N802 - http.server's name
        query = parse_qs(urlsplit(self.path).query)
        Stub.requests.append(query.get("q", [""])[0])
        if Stub.mode == "slow":
            time.sleep(0.8)
        if Stub.mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        answers = {
            "Kepashiato": [{"place_id": 1, "osm_type": "node", "osm_id": 42, "lat": "-12.6806", "lon": "-73.3367",
                            "class": "place", "type": "village", "name": "Kepashiato", "display_name": "Kepashiato, Cusco, Peru",
                            "address": {"country_code": "pe", "state": "Cusco"}}],
        }  # fmt: skip
        body = json.dumps(answers.get(query.get("q", [""])[0], [])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub():
    Stub.requests, Stub.mode = [], "ok"
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_nominatim_source_against_the_stub(stub):
    (candidate,) = NominatimSource(domain=stub, scheme="http").lookup("Kepashiato", country="PE")
    place = candidate.place
    assert (place.name, place.kind, place.country, place.admin1) == ("Kepashiato", Kind.POPULATED_PLACE, "PE", "Cusco")
    assert place.lat == pytest.approx(-12.6806) and place.id == "osm:n42"


def test_answers_are_cached_on_disk(stub, tmp_path):
    cached = CachedSource(NominatimSource(domain=stub, scheme="http"), path=tmp_path / "cache.sqlite")
    first = cached.lookup("Kepashiato")
    again = CachedSource(NominatimSource(domain=stub, scheme="http"), path=tmp_path / "cache.sqlite").lookup("Kepashiato")
    assert Stub.requests == ["Kepashiato"]
    assert [c.place for c in first] == [c.place for c in again]


def test_rate_limit(stub):
    limited = RateLimitedSource(NominatimSource(domain=stub, scheme="http"), min_delay=0.3)
    start = time.monotonic()
    for name in ("A", "B", "C"):
        limited.lookup(name)
    assert time.monotonic() - start >= 0.6 and len(Stub.requests) == 3


@pytest.mark.parametrize("mode", ["slow", "error"])
def test_failures_are_clear_and_do_not_stop_resolution(stub, tmp_path, mode):
    Stub.mode = mode
    service = NominatimSource(domain=stub, scheme="http", timeout=0.5)
    with pytest.raises(OnlineLookupError, match="Kepashiato"):
        RateLimitedSource(service, min_delay=0, max_retries=0).lookup("Kepashiato")
    gazetteer = Gazetteer(["curated"], online=online_source(domain=stub, scheme="http", timeout=0.5, min_delay=0, max_retries=0, cache=tmp_path / "c.sqlite"))
    assert gazetteer.resolve("Kepashiato", country="PE") == []
    assert gazetteer.resolve("VRAE")[0].place.id == "curated:vrae"
    assert gazetteer.online_errors and "Kepashiato" in gazetteer.online_errors[0]


def test_online_fallback_only_for_unknown_names(stub, tmp_path):
    gazetteer = Gazetteer(["curated"], online=online_source(domain=stub, scheme="http", min_delay=0, cache=tmp_path / "c.sqlite"))
    assert gazetteer.resolve("VRAE")[0].place.id == "curated:vrae"
    assert gazetteer.resolve("Kepashiato", country="PE")[0].place.source == "nominatim"
    assert Stub.requests == ["Kepashiato"]


def test_geomap_places_online(stub, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from geomap.cli import main

    from gazetteer.sqlite_index import default_cache_dir

    Gazetteer().resolve("Lima")  # make sure the GeoNames index is built, then share it with the isolated cache dir
    for index in default_cache_dir().glob("geonames-cities-*.sqlite"):
        (tmp_path / index.name).symlink_to(index)
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    doc = tmp_path / "note.txt"
    doc.write_text("1. (C) Police raided a cocaine laboratory in Kepashiato, Cusco, last week.\n")
    result = CliRunner().invoke(main, ["places", str(doc), "--json", "--online", "--online-url", f"http://{stub}", "--country", "PE"])
    mentions = json.loads(result.output)["mentions"]
    assert any(m["text"] == "Kepashiato" and m["place"] and m["place"]["source"] == "nominatim" for m in mentions)
    assert Stub.requests == ["Kepashiato"], Stub.requests
    offline = CliRunner().invoke(main, ["places", str(doc), "--json", "--country", "PE"])
    assert not any(m["text"] == "Kepashiato" for m in json.loads(offline.output)["mentions"])
