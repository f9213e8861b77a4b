"""Every export format written and read back."""

import json

import geopandas as gpd
import pytest

from geomap.exports import SCHEMA, events_from_file, feature_collection, is_events_file, write_events
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def events(pipeline):
    return pipeline.run([EXAMPLES]).events


def test_geojson_round_trip(tmp_path, events):
    path = write_events(events, tmp_path / "e.geojson")
    data = json.loads(path.read_text())
    assert data["type"] == "FeatureCollection" and len(data["features"]) == len(events)
    for feature in data["features"]:
        assert set(SCHEMA) <= set(feature["properties"])
        if feature["geometry"]:
            lon, lat = feature["geometry"]["coordinates"]
            assert (lat, lon) == (feature["properties"]["latitude"], feature["properties"]["longitude"])
    assert is_events_file(path)
    assert events_from_file(path) == events


def test_csv_round_trip(tmp_path, events):
    path = write_events(events, tmp_path / "e.csv")
    header = path.read_text().split("\n", 1)[0].split(",")
    assert header[: len(SCHEMA)] == list(SCHEMA) and header[-2:] == ["source", "notes"]
    assert is_events_file(path)
    assert events_from_file(path) == events


@pytest.mark.parametrize("suffix", [".gpkg", ".parquet"])
def test_gis_formats_open_in_geopandas(tmp_path, events, suffix):
    path = write_events(events, tmp_path / f"e{suffix}")
    frame = gpd.read_parquet(path) if suffix == ".parquet" else gpd.read_file(path, layer="events")
    assert len(frame) == len(events) and frame.crs.to_epsg() == 4326
    tayacaja = frame[frame["location"] == "Tayacaja"].iloc[0]
    assert tayacaja.geometry.y == pytest.approx(tayacaja["latitude"]) and tayacaja.geometry.x == pytest.approx(tayacaja["longitude"])
    assert json.loads(tayacaja["sources"])[0]["quote"]


def test_unknown_format(tmp_path, events):
    from geomap.errors import OutputError

    with pytest.raises(OutputError, match="unknown output format"):
        write_events(events, tmp_path / "e.xlsx")


def test_events_without_place_have_null_geometry(events):
    from dataclasses import replace

    collection = feature_collection([replace(events[0], lat=None, lon=None)])
    assert collection["features"][0]["geometry"] is None


def test_reading_a_geojson_events_file_loads_no_geopandas(tmp_path, events):
    """geopandas (and what it pulls in) is for the table formats; re-rendering an edited GeoJSON needs none of it."""
    import subprocess
    import sys

    path = write_events(events, tmp_path / "e.geojson")
    code = ("import sys; from geomap.exports import events_from_file; "
            f"n = len(events_from_file({str(path)!r})); print(n, 'geopandas' in sys.modules)")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(len(events)), "False"]
