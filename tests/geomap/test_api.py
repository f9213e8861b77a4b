"""The Python API as a GIS user meets it: a clean namespace, events through every format, maps that show inline."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace

import geopandas as gpd
import pytest
from click.testing import CliRunner

import geomap
from geomap.cli import main
from geomap.errors import DocumentError
from tests.conftest import EXAMPLES

FORMATS = (".geojson", ".csv", ".gpkg", ".parquet")


@pytest.fixture(scope="module")
def events(pipeline):
    return pipeline.run([EXAMPLES]).events


def test_the_namespace_is_the_api():
    import geomap.cli  # noqa: F401 - importing submodules must not add them to dir()
    import geomap.ingest  # noqa: F401 - nor hide the function of the same name

    assert callable(geomap.ingest) and geomap.ingest.__module__ == "geomap.ingest"

    names = dir(geomap)
    assert names == sorted([*geomap.__all__, "__version__"])
    for leaked in ("os", "Iterable", "TYPE_CHECKING", "annotations", "cli", "api"):
        assert leaked not in names
    for name in geomap.__all__:
        assert getattr(geomap, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        geomap.nothing  # noqa: B018


@pytest.mark.parametrize("suffix", FORMATS)
def test_every_format_reads_back_as_the_same_events(tmp_path, events, suffix):
    path = geomap.write_events(events, tmp_path / f"events{suffix}")
    assert geomap.api.events_from_path(path) == events
    frame = geomap.read_events(path)
    assert frame.crs.to_epsg() == 4326 and list(frame["event_id"]) == [e.event_id for e in events]
    tayacaja = frame[frame["location"] == "Tayacaja"].iloc[0]
    assert (tayacaja.geometry.y, tayacaja.geometry.x) == pytest.approx((tayacaja["latitude"], tayacaja["longitude"]))


def test_a_layer_edited_in_a_gis_keeps_its_moved_points(tmp_path, events):
    # QGIS users move points and leave latitude/longitude empty: the geometry is what counts then
    frame = geomap.read_events(geomap.write_events(events, tmp_path / "events.gpkg"))
    frame["latitude"] = None
    frame["longitude"] = None
    frame.loc[0, "geometry"] = gpd.points_from_xy([-74.25], [-12.75])[0]
    frame.to_file(tmp_path / "edited.gpkg", layer="events", engine="pyogrio")
    again = geomap.api.events_from_path(tmp_path / "edited.gpkg")
    assert (again[0].lat, again[0].lon) == (-12.75, -74.25)
    assert [(e.lat, e.lon) for e in again[1:]] == [(e.lat, e.lon) for e in events[1:]]


def test_unreadable_events_files_name_the_file_and_the_reason(tmp_path):
    no_events = tmp_path / "roads.gpkg"
    gpd.GeoDataFrame({"name": ["a"]}, geometry=gpd.points_from_xy([0], [0]), crs="EPSG:4326").to_file(no_events)
    with pytest.raises(DocumentError, match=r"roads\.gpkg: not an events table: no 'event_id' column"):
        geomap.read_events(no_events)
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(DocumentError, match=r"broken\.parquet: cannot read events"):
        geomap.read_events(broken)
    untyped = tmp_path / "untyped.parquet"
    frame = gpd.GeoDataFrame({"event_id": ["e1"], "event_type": [None]}, geometry=gpd.points_from_xy([0], [0]))
    frame.to_parquet(untyped)
    with pytest.raises(DocumentError, match=r"untyped\.parquet row 1: event_type: "):
        geomap.read_events(untyped)


@pytest.mark.parametrize("suffix", [".gpkg", ".parquet"])
def test_map_draws_gis_exports_and_says_what_it_read(tmp_path, events, suffix):
    path = geomap.write_events(events, tmp_path / f"events{suffix}")
    out = tmp_path / "map.html"
    result = CliRunner().invoke(main, ["map", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    placed = sum(e.lat is not None for e in events)
    assert f"1 events file(s) read; {len(events)} event(s) ({placed} placed) -> {out}" in result.stderr
    assert "document(s) read" not in result.stderr
    assert "Tayacaja" in out.read_text(encoding="utf-8")


def test_map_with_a_bad_events_file_in_the_batch_draws_the_rest(tmp_path, events):
    good = geomap.write_events(events, tmp_path / "good.parquet")
    bad = tmp_path / "bad.gpkg"
    bad.write_bytes(b"SQLite format 3\x00 truncated")
    result = CliRunner().invoke(main, ["map", str(good), str(bad), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 1
    assert "bad.gpkg: cannot read events" in result.stderr
    assert f"{len(events)} event(s)" in result.stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "cables.sqlite"
    geomap.ingest([EXAMPLES], path)
    return path


def test_map_from_a_store_says_it_read_the_store(tmp_path, store):
    out = tmp_path / "m.html"
    result = CliRunner().invoke(main, ["map", "--store", str(store), "-o", str(out)])
    stored = geomap.events_from_store(store)
    assert result.exit_code == 0
    line = result.stderr.strip().splitlines()[-1]
    assert line == f"geomap: {len(stored)} event(s) from the store {store}; {len(stored)} event(s) " \
                   f"({stored['latitude'].notna().sum()} placed) -> {out}"  # fmt: skip


@pytest.mark.parametrize("suffix", [".csv", ".kml"])
def test_export_says_what_it_wrote(tmp_path, store, suffix):
    out = tmp_path / f"e{suffix}"
    stored = geomap.events_from_store(store)
    placed = int(stored["latitude"].notna().sum())
    result = CliRunner().invoke(main, ["export", "--store", str(store), "-o", str(out)])
    assert result.exit_code == 0 and out.is_file()
    head = f"geomap: {len(stored)} event(s) ({placed} placed) from the store {store}; "
    if suffix == ".kml" and placed < len(stored):
        assert head + f"{placed} written, {len(stored) - placed} without a place left out -> {out}" in result.stderr
    else:
        assert head + f"{len(stored)} written -> {out}" in result.stderr
    assert CliRunner().invoke(main, ["export", "--store", str(store), "-o", str(out), "-q", "--force"]).stderr == ""


def _page_data(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="geomap-data-[^"]*">(.*?)</script>', page, re.S)[1])


def test_map_object_saves_the_page_the_cli_writes(tmp_path, events):
    path = geomap.write_events(events, tmp_path / "events.geojson")
    fmap = geomap.Map(geomap.read_events(path), title="Peru 2005-2008", offline=True)
    assert repr(fmap) == f"<geomap.Map 'Peru 2005-2008': {len(events)} event(s), " \
                         f"{sum(e.lat is not None for e in events)} placed, offline>"  # fmt: skip
    saved = fmap.save(tmp_path / "api" / "map.html").read_text(encoding="utf-8")
    cli = tmp_path / "cli.html"
    assert CliRunner().invoke(main, ["map", str(path), "-o", str(cli), "--offline", "--title", "Peru 2005-2008"]).exit_code == 0
    data = _page_data(saved)
    assert data == _page_data(cli.read_text(encoding="utf-8"))
    assert data["events"]["count"] == len(events) and data["basemap"]["labels"]  # the labelled basemap, as the CLI draws offline
    assert re.findall(r'<(?:script|link)[^>]+(?:src|href)="https?://', saved) == []


def test_inline_html_is_one_sandboxed_frame_holding_the_escaped_page(events):
    hostile = replace(events[0], location='"></iframe><script>window.__xss=1</script>')
    fmap = geomap.Map([hostile, *events[1:]], title='<b>"VRAE"</b>')
    inline = fmap._repr_html_()
    assert inline.count("<iframe") == 1 and inline.endswith("</iframe>")
    assert "<script" not in inline and 'sandbox="allow-scripts"' in inline
    srcdoc = re.search(r'srcdoc="([^"]*)"', inline)[1]
    assert html.unescape(srcdoc) == fmap.html
    assert 'title="&lt;b&gt;&quot;VRAE&quot;&lt;/b&gt;"' in inline
    assert "height: 600px" in inline and "height: 420px" in geomap.Map(events, height=420)._repr_html_()


def test_maps_come_from_frames_records_or_files_but_nothing_else(tmp_path, events):
    path = geomap.write_events(events, tmp_path / "e.geojson")
    from_file, from_records = geomap.Map(path), geomap.Map(events)
    assert from_file.events == from_records.events == geomap.Map(geomap.read_events(path)).events
    with pytest.raises(TypeError, match="got a dict"):
        geomap.Map([{"event_id": "x"}])
    out = geomap.write_map(events, tmp_path / "deep" / "m.html", title="t")
    assert out.is_file() and "<title>t</title>" in out.read_text(encoding="utf-8")
