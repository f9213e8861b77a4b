"""Every gazetteer source behaves alike (geopy's BaseTestGeocoder pattern)."""

import inspect

import pytest

from gazetteer import Kind
from gazetteer.errors import GazetteerDataError, GazetteerError
from gazetteer.sources import SOURCES, get_source
from gazetteer.sources.curated import UserSource


class BaseSourceTest:
    """Subclasses name a source and a place it must know, with where that place is."""

    source_name: str
    known: str
    country: str
    lat: float
    lon: float

    @pytest.fixture(scope="class")
    @classmethod
    def source(cls):
        return get_source(cls.source_name)

    def test_knows_its_example(self, source):
        found = source.lookup(self.known, country=self.country)
        assert found, f"{self.source_name} does not know {self.known!r}"
        place = found[0].place
        assert abs(place.lat - self.lat) < 0.3 and abs(place.lon - self.lon) < 0.3
        assert place.source == self.source_name and place.licence

    def test_lookup_is_accent_and_case_blind(self, source):
        assert source.lookup(self.known.upper()) and source.lookup(self.known.lower())

    def test_unknown_name(self, source):
        assert source.lookup("Qqqxxzz Nowhere") == []

    def test_country_filter(self, source):
        assert source.lookup(self.known, country="ZZ") == []

    def test_places_are_well_formed(self, source):
        for place in list(source.index.places)[:2000]:
            assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180
            assert isinstance(place.kind, Kind) and place.id and place.name


class TestCurated(BaseSourceTest):
    source_name, known, country, lat, lon = "curated", "VRAE", "PE", -12.55, -73.85


class TestPeruAdmin(BaseSourceTest):
    source_name, known, country, lat, lon = "peru-admin", "Tayacaja", "PE", -12.399, -74.868


class TestWorldAdmin(BaseSourceTest):
    # Quindío is small (1,845 km2): the mean of its towns lies by its capital Armenia (4.53, -75.68)
    source_name, known, country, lat, lon = "world-admin", "Quindio", "CO", 4.53, -75.68


class TestCountries(BaseSourceTest):
    source_name, known, country, lat, lon = "countries", "Colombia", "CO", 4.0, -72.0


class TestGeonamesCities(BaseSourceTest):
    source_name, known, country, lat, lon = "geonames-cities", "Palmapampa", "PE", -12.768, -73.656


def test_every_registered_source_is_tested():
    tested = {cls.source_name for cls in BaseSourceTest.__subclasses__()}
    # the user source needs a file (tested below); imported dumps are tested in test_imports_and_online.py
    assert set(SOURCES) - tested == {"user", "geonames-imports"}


@pytest.mark.parametrize("cls", list(SOURCES.values()))
def test_lookup_options_are_keyword_only(cls):
    params = list(inspect.signature(cls.lookup).parameters.values())
    assert params[0].name == "self" and params[1].name == "name"
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[2:])


def test_every_curated_zone_has_sources_and_a_geometry():
    import yaml
    from importlib import resources

    entries = yaml.safe_load(resources.files("gazetteer.data").joinpath("curated.yaml").read_text(encoding="utf-8"))
    for entry in entries:
        assert entry.get("sources"), entry["id"]
        assert entry.get("geometry", "").startswith(("POLYGON", "LINESTRING")), entry["id"]


def test_user_source_reads_places_and_aliases(tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text("- {id: 'mine:camp', name: Camp Ruby, kind: populated_place, country: PE, lat: -12.1, lon: -73.9, names: [Rubi]}\n")
    found = UserSource(f).lookup("Rubi")
    assert found and found[0].place.id == "mine:camp"


@pytest.mark.parametrize(
    "text", ["- {name: X}\n", "not: [a list\n", "- {name: X, lat: north, lon: 1}\n", "just text\n"]
)
def test_user_source_reports_bad_files(tmp_path, text):
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    with pytest.raises(GazetteerDataError, match="bad.yaml"):
        UserSource(f).lookup("X")


def test_unknown_source_name():
    with pytest.raises(GazetteerError, match="unknown gazetteer source"):
        get_source("nope")


def test_building_an_index_removes_the_ones_an_older_schema_left(tmp_path, monkeypatch):
    from gazetteer.model import Place
    from gazetteer.sources.base import Source
    from gazetteer.sqlite_index import SCHEMA_VERSION

    class Tiny(Source):
        name = "tiny"
        on_disk = True

        def fingerprint(self):
            return "1.0"

        def load(self):
            yield Place(id="x:1", name="Pichari", kind=Kind.POPULATED_PLACE, country="PE", lat=-12.5, lon=-73.8)

    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    older, other, foreign = (tmp_path / f"tiny-1.0-v{SCHEMA_VERSION - 1}.sqlite", tmp_path / f"tiny-0.9-v{SCHEMA_VERSION}.sqlite",
                             tmp_path / f"tiny-extra-1.0-v{SCHEMA_VERSION - 1}.sqlite")  # fmt: skip
    for path in (older, other, foreign):
        path.write_bytes(b"")
    assert Tiny().lookup("Pichari")
    assert not older.exists()  # 116 MB for the real towns' index, left by an earlier version
    assert other.exists() and foreign.exists()  # same schema, other data; a source named tiny-extra
    assert (tmp_path / f"tiny-1.0-v{SCHEMA_VERSION}.sqlite").exists()
