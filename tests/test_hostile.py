"""Hostile and broken input (issue 7): bad files in a batch, huge inputs, fuzzing, XSS in the browser.

Fuzz sizes: GEOMAP_FUZZ_EXAMPLES (default 150 per target, a short run for
`make test`); `pytest -m slow tests/test_hostile.py` runs 35,000 per target
(175,000 in all). Inputs that ever broke something are kept in
tests/data/fuzz-regressions/ and replayed on every run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.cli import main
from geomap.documents import document_from_path, document_from_text
from geomap.documents.decode import text_from_bytes
from geomap.errors import DocumentError
from tests.conftest import DATA, EXAMPLES

BAD = DATA / "bad"
REGRESSIONS = DATA / "fuzz-regressions"
FUZZ = int(os.environ.get("GEOMAP_FUZZ_EXAMPLES", "150"))


def test_a_batch_with_every_bad_input_still_maps_the_good_files(tmp_path):
    out = tmp_path / "map.html"
    bad = sorted(p for p in BAD.iterdir() if p.name != "README.md")
    result = CliRunner().invoke(main, ["map", *map(str, bad), str(EXAMPLES / "01_huancavelica_ambush_2007.txt"), "-o", str(out)])
    assert result.exit_code == 1
    errors = result.stderr
    for name, reason in [("empty.txt", "empty file"), ("image.png", "PNG image"), ("archive.txt.gz", "gzip"),
                         ("nul.txt", "NUL"), ("broken.csv", "broken CSV"), ("only-numbers.txt", "no letters")]:  # fmt: skip
        assert f"{name}: " in errors and reason in errors, (name, errors)
    assert "Traceback" not in result.output
    html = out.read_text()
    assert "Tayacaja" in html  # the good document made it onto the map


def test_sensible_results_for_odd_but_readable_input():
    doc = document_from_path(BAD / "invalid-utf8.txt")
    assert doc.encoding in ("windows-1252", "latin-1") and "Huánuco" in doc.body
    from geomap.pipeline import Pipeline

    pipeline = Pipeline()
    dates = [e.event_date for e in pipeline.events(document_from_path(BAD / "impossible-dates.txt"))]
    assert not any(d and d.endswith(("02-30", "04-31")) for d in dates)
    vague = pipeline.events(document_from_path(BAD / "vague-counts.txt"))
    assert vague and all(e.fatalities is None and e.injured is None for e in vague)  # "hundreds", "dozens", "several"
    nested = document_from_path(BAD / "nested.html")
    assert "Pichari" in nested.body


def test_a_50_mb_single_line_is_refused_clearly(tmp_path):
    big = tmp_path / "one-line.txt"
    big.write_bytes(b"Police ambushed a patrol near Pichari " * (50 * 1024 * 1024 // 38))
    with pytest.raises(DocumentError, match="single line"):
        document_from_path(big)


def test_a_cable_with_10000_paragraphs(tmp_path, pipeline):
    cable = tmp_path / "long.txt"
    paragraphs = "\n\n".join(f"{n}. (C) Police patrolled Pichari and Sivia again." for n in range(1, 10_001))
    cable.write_text("UNCLAS LIMA 000001\nTAGS: PE\nSUBJECT: LONG\n\n" + paragraphs + "\n\nSMITH\n")
    doc = document_from_path(cable)
    assert len(doc.paragraphs) == 10_000 and doc.paragraphs[-1].number == 10_000
    assert len(pipeline.mentions(doc)) == 20_000


def _replay(data: bytes, *, suffix: str = ".txt", render: bool = False) -> None:
    """Everything a hostile input goes through; only DocumentError may come out."""
    from geomap.documents.containers import document_from_html

    try:
        if suffix in (".html", ".htm"):
            document = document_from_html(data)
        else:
            text, _ = text_from_bytes(data)
            document = document_from_text(text)
    except DocumentError:
        return
    events = _pipeline().events(document)
    if render:
        from geomap.render import html_from_map, map_from_events

        page = html_from_map(map_from_events(events, title=document.name), offline=False)
        for quote in (s.quote for e in events for s in e.sources):
            if "{{ 7*7 }}" in quote:  # shown as written, never evaluated as a template
                assert "{{ 7*7 }}" in page


def _replay_format(fmt: str, content: bytes | str) -> None:
    import tempfile

    from geomap.documents import documents_from_paths

    if fmt in ("geojson", "events-csv"):
        _replay_events_file(fmt, content)
        return
    if fmt == "html":
        _replay(content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content, suffix=".html")
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "release.csv"
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        for item in documents_from_paths([path]):  # yields Documents or DocumentErrors, never raises
            if not isinstance(item, DocumentError):
                _pipeline().events(item)


def _replay_events_file(fmt: str, content) -> None:
    """An events file through the reader every command shares: bad rows become DocumentErrors, never exceptions."""
    import csv
    import io
    import json
    import tempfile

    from geomap.exports import SCHEMA, events_from_file

    with tempfile.TemporaryDirectory() as folder:
        if fmt == "geojson":
            path = Path(folder) / "e.geojson"
            path.write_text(json.dumps(content, allow_nan=True))
        else:
            path = Path(folder) / "e.csv"
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=list(SCHEMA), extrasaction="ignore")
            writer.writeheader()
            writer.writerows({k: v if isinstance(v, str) else json.dumps(v) for k, v in row.items()} for row in content)
            path.write_text(out.getvalue())
        errors: list = []
        try:
            events = events_from_file(path, errors=errors)
        except DocumentError:
            return
        assert all(isinstance(e, DocumentError) for e in errors)
        for event in events:  # what was kept holds up in the stages after it
            assert event.lat is None or -90 <= event.lat <= 90


_PIPELINE: dict = {}


def _pipeline():
    from geomap.pipeline import Pipeline

    return _PIPELINE.setdefault("p", Pipeline())


_CABLE_BITS = st.sampled_from([
    "VZCZC", "O 051146Z DEC 07", "FM AMEMBASSY LIMA", "C O N F I D E N T I A L LIMA 003764", "TAGS: PE", "SUBJECT: X",
    "REF: A. LIMA 12", "¶1. (C) ", "14. (S) ", "Reference ID\tCreated\tReleased\tClassification\tOrigin", "Cablegate: T",
    "© Scoop Media", "NEALON", "\n", "\n\n", " ", ". ", ", ", "On February 30", "November 13", "In August", "recently",
    "Pichari", "Santa Rosa", "VRAE", "Palma Pampa", "Llohegua", "near ", " in ", "ambushed", "killed four", "attack on",
    "police", "SL", "DIRANDRO", "cocaleros", "hundreds", "(ref A)", "km east of Lima", "<script>", "{{", "${",
])  # fmt: skip
def _csv_bytes(rows: list[list[str]]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


_CSV_ROW = st.lists(st.one_of(_CABLE_BITS, st.text(max_size=30)), min_size=6, max_size=10)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | _CABLE_BITS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_FIELD_NAMES = st.sampled_from(["event_id", "event_type", "event_date", "date_start", "date_end", "date_precision",
                                "fatalities", "injured", "latitude", "longitude", "geo_precision", "sources", "confidence",
                                "planned", "zone_wkt", "location", "actor1"])  # fmt: skip
_FIELD_VALUES = st.one_of(_JSON, st.sampled_from(["2007-11-13", "11/13/2007", "207-11-13", "1e400", "NaN", "-Infinity",
                                                  "POINT (inf 5)", "POLYGON ((0 0, 1 0, 1 1, 0 0))", "[{}]", "=1+1",
                                                  "'=x", "Battles", "200", "-73.8", "10" * 20]))  # fmt: skip
_PROPERTIES = st.dictionaries(_FIELD_NAMES, _FIELD_VALUES, max_size=10)
_FEATURE = st.one_of(_JSON, st.fixed_dictionaries({"type": st.just("Feature"), "properties": st.one_of(_PROPERTIES, _JSON),
                                                   "geometry": st.one_of(st.none(), _JSON, st.fixed_dictionaries(
                                                       {"type": st.just("Point"), "coordinates": _JSON}))}))  # fmt: skip
STRATEGIES = {
    # hand-edited events files: GeoJSON features and CSV rows with any value in any schema field
    "events-file": st.one_of(
        st.lists(_FEATURE, max_size=6).map(lambda f: ("geojson", {"type": "FeatureCollection", "features": f})),
        st.lists(_PROPERTIES, max_size=6).map(lambda rows: ("events-csv", rows)),
    ),
    "bytes": st.binary(max_size=4000),
    # release-CSV rows (right and wrong column counts, odd quoting inside fields)
    "release-csv": st.lists(_CSV_ROW, min_size=1, max_size=5).map(_csv_bytes).map(lambda b: ("csv", b)),
    # HTML built from tags and cable pieces
    "html": st.lists(st.one_of(st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<script>x</script>", "<table><tr><td>",
                                                  "<br>", "&amp;", "&#x3c;", "<!--", "-->", "<html><body>"]),
                               _CABLE_BITS, st.text(max_size=10)), max_size=60).map("".join).map(lambda t: ("html", t)),
    "cable-shaped": st.lists(st.one_of(_CABLE_BITS, st.text(max_size=12)), max_size=80).map("".join),
    "unicode": st.text(max_size=2000),
}


def _fuzz(strategy, examples: int) -> int:
    """Run ``examples`` generated inputs through everything; return how many were tried."""
    tried = 0

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(strategy)
    def run(value):
        nonlocal tried
        tried += 1
        if isinstance(value, tuple):  # (format, content) from the CSV and HTML generators
            _replay_format(*value)
        else:
            _replay(value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass"))

    run()
    return tried


@pytest.mark.parametrize("name", STRATEGIES)
def test_fuzz(name):
    _fuzz(STRATEGIES[name], FUZZ)


@pytest.mark.slow
@pytest.mark.parametrize("name", STRATEGIES)
def test_fuzz_long(name):
    """35,000 inputs per target, 210,000 in all (pytest -m slow); counts go to RELIABILITY.md."""
    tried = _fuzz(STRATEGIES[name], 35_000)
    print(f"fuzz {name}: {tried} inputs, no exception but DocumentError")
    assert tried >= 35_000


@pytest.mark.parametrize("case", sorted(p for p in REGRESSIONS.glob("*") if p.name != "README.md"), ids=lambda p: p.name)
def test_fuzz_regressions(case):
    _replay(case.read_bytes(), suffix=case.suffix, render=True)


@pytest.mark.browser
def test_xss_battery_in_every_field(tmp_path):
    """32 payloads, each in every field that reaches the page, opened in Chromium: nothing runs, text shows."""
    from tests.geomap.test_browser import CHROMIUM, click_event, open_page

    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium not installed")
    playwright = pytest.importorskip("playwright.sync_api")
    from geomap.model import Event, Source
    from geomap.render import write_map

    payloads = [line.rstrip("\n") for line in (DATA / "xss_payloads.txt").read_text().splitlines() if line.strip()]
    assert len(payloads) >= 30
    events = [
        Event(
            event_id=f"ev-{i}", event_type=p, sub_event_type=p, event_date="2007-11-13", date_start="2007-11-13",
            date_end="2007-11-13", date_precision="day", actor1=p, actor2=p, location=p, place_id=f"x:{i}",
            lat=-12 + (i // 8) * 0.6, lon=-76 + (i % 8) * 0.6, geo_precision=5, country=p, admin1=p, admin2=p,
            sources=(Source(p, p, 1, p),), geometry_wkt=f"POINT ({-76 + (i % 8) * 0.6} {-12 + (i // 8) * 0.6})",
        )  # fmt: skip
        for i, p in enumerate(payloads)
    ]
    out = write_map(events, tmp_path / "xss.html", title=payloads[0] + payloads[8], offline=True)
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page, problems, _ = open_page(browser, out)
        assert page.title() == payloads[0] + payloads[8]
        legend = page.inner_text(".leaflet-control-layers")
        for payload in payloads:
            assert payload.strip() in legend  # layer names show the text
        # 32 payload-named layers make the legend cover the map: move it out of the way to click markers
        page.eval_on_selector(".leaflet-control-layers", "el => { el.style.display = 'none'; }")
        for event, payload in zip(events, payloads):
            text = click_event(page, event.lat, event.lon)
            assert payload in text, payload
        assert page.evaluate("window.__xss") is None
        assert problems == [], problems
        browser.close()
