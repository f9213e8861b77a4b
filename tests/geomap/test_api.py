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


# Resolution alone (issue 14): names with spans in, places out.


def _spans(text: str, *names: str) -> list[tuple[int, int]]:
    return [(text.index(name), text.index(name) + len(name)) for name in names]


@pytest.mark.parametrize(
    ("text", "neighbours", "where"),
    [
        ("Soldiers walked from Pichari and Sivia to Santa Rosa.", ("Pichari", "Sivia"), (-12.6866, -73.7353)),
        ("Rice growers from Chiclayo and Ferrenafe met in Santa Rosa.", ("Chiclayo", "Ferrenafe"), (-6.7577, -79.8275)),
    ],
    ids=["vrae", "lambayeque"],
)
def test_an_ambiguous_name_is_resolved_by_its_neighbours(text, neighbours, where):
    from gazetteer import km_between

    for country in ("PE", None):  # a stated country, or one guessed from the names as in a news story
        santa_rosa = geomap.mentions_from_spans(text, _spans(text, "Santa Rosa", *neighbours), country=country)[0]
        assert santa_rosa.text == "Santa Rosa" and km_between(santa_rosa.place.lat, santa_rosa.place.lon, *where) < 20
        assert any(r.startswith("context closeness") for r in santa_rosa.reasons)


def test_every_span_comes_back_once_in_the_order_given():
    text = "Police drove from Sta. Rosa to Pichari, then to Xqzwville and Sivia district."
    spans = [_spans(text, "Sivia")[0], (18, 27, "Santa Rosa"), *_spans(text, "Xqzwville", "Pichari")]
    mentions = geomap.mentions_from_spans(text, spans, country="PE")
    assert [(m.start, m.end) for m in mentions] == [s[:2] for s in spans]
    assert [m.text for m in mentions] == ["Sivia", "Sta. Rosa", "Xqzwville", "Pichari"]
    sivia, santa_rosa, unknown, pichari = mentions
    assert "cue kind:district" in sivia.reasons and sivia.place.kind.value == "district"
    assert santa_rosa.place.name == "Santa Rosa" and santa_rosa.place.admin1 == "Ayacucho"  # the name given, near Pichari
    assert unknown.place is None and pichari.place.name == "Pichari"


@pytest.mark.parametrize(
    "text",
    ["1. (C) Police chief Pichari met farmers in Sivia.", "1. (C) Farmers in Sivia said Pichari told them to leave."],
    ids=["title", "speech"],
)
def test_a_callers_toponym_is_not_taken_for_a_person(pipeline, text):
    from geomap.documents import document_from_text

    assert "Pichari" not in {m.text for m in pipeline.mentions(document_from_text(text))}  # spotting drops it
    pichari = geomap.mentions_from_spans(text, _spans(text, "Pichari"), country="PE")[0]
    assert pichari.place.name == "Pichari"
    assert any(r.startswith("cue person:") and r.endswith("not checked: the caller's toponym") for r in pichari.reasons)


def test_the_checks_on_the_place_still_apply():
    text = "1. (C) The minister visited the NAS office in Pichari."
    nas, pichari = geomap.mentions_from_spans(text, _spans(text, "NAS", "Pichari"), country="PE")
    assert nas.place is None and nas.reasons[0].startswith("rejected:")  # GeoNames' airport code, not a town
    assert pichari.place.name == "Pichari"


def test_resolution_alone_gives_the_places_geomap_places_gives(pipeline):
    from geomap.documents import document_from_path

    compared = 0
    for path in sorted(EXAMPLES.glob("*.txt")):
        document = document_from_path(path)
        spotted = [m for m in pipeline.mentions(document) if m.place is not None]
        alone = geomap.mentions_from_spans(path.read_text(encoding="utf-8"), [(m.start, m.end) for m in spotted])
        assert [m.place.id for m in alone] == [m.place.id for m in spotted], path.name
        compared += len(spotted)
    assert compared > 30


@pytest.mark.parametrize(
    ("span", "message"),
    [
        ((-1, 4), r"span 1 \(-1, 4\): start -1 is before the start of the text"),
        ((30, 90), r"span 1 \(30, 90\): end 90 is past the end of the text \(38 characters\)"),
        ((9, 9), r"span 1 \(9, 9\): empty or reversed"),
        ((12, 9), r"span 1 \(12, 9\): empty or reversed"),
        ((6, 7), r"span 1 \(6, 7\): holds only spaces"),
        ((9.0, 13), r"span 1 \(9\.0, 13\): expected \(start, end\) or \(start, end, name\)"),
        ((9, 13, "Lima", "x"), r"span 1 \(9, 13, 'Lima', 'x'\): expected"),
        ("Lima", r"span 1 'Lima': expected"),
    ],
)
def test_spans_that_do_not_fit_the_text_are_named(span, message):
    text = "Troops in Lima and Pichari went home."
    with pytest.raises(ValueError, match=message):
        geomap.mentions_from_spans(text + ".", [(10, 14), span])


def test_a_country_that_is_not_a_code_is_named():
    with pytest.raises(geomap.ArgumentError, match="country 'Peru': not an ISO 3166-1 alpha-2 code"):
        geomap.mentions_from_spans("Troops in Lima.", [(10, 14)], country="Peru")


def test_a_nationality_word_comes_back_as_its_country():
    text = "Peruvian troops crossed into Ecuador."
    peruvian, ecuador = geomap.mentions_from_spans(text, _spans(text, "Peruvian", "Ecuador"))
    assert (peruvian.place.name, peruvian.role) == ("Peru", "demonym")  # as `geomap places` reports it
    assert (ecuador.place.name, ecuador.role) == ("Ecuador", "toponym")


def test_a_stated_country_is_the_documents_country():
    # Bolivia's cable tag is BL (BO is not a State Department tag): the ISO code given still reaches the ranking
    text = "Coca growers marched from Santa Cruz to Cochabamba."
    santa_cruz, cochabamba = geomap.mentions_from_spans(text, _spans(text, "Santa Cruz", "Cochabamba"), country="bo")
    assert (santa_cruz.place.country, santa_cruz.place.admin1) == ("BO", "Santa Cruz")
    assert cochabamba.place.country == "BO"
    # stated as Colombia, the text names no Bolivia: its places there are not believed
    assert [m.place for m in geomap.mentions_from_spans(text, _spans(text, "Santa Cruz", "Cochabamba"), country="CO")] == [None, None]
