"""The command line: exit codes, JSON outputs, errors, help."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from geomap.cli import main
from tests.conftest import EXAMPLES, LAYOUTS


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def test_help_explains_every_command(run):
    for command in ("map", "extract", "parse", "places", "demo"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output and len(result.output) > 200


def test_parse_json(run):
    result = run("parse", LAYOUTS / "raw_cable.txt", "--json")
    data = json.loads(result.output)
    assert result.exit_code == 0
    assert data["ref"] == "06LIMA777" and data["datetime"] == "2006-03-03T15:30:00Z"
    assert data["paragraphs"][0]["number"] == 1 and "start" in data["paragraphs"][0]


def test_parse_bad_file_exits_1_with_reason(run, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = run("parse", bad)
    assert result.exit_code == 1 and "empty.txt: empty file" in result.output


def test_places_json(run):
    data = json.loads(run("places", LAYOUTS / "news.txt", "--json").output)
    pichari = [m for m in data["mentions"] if m["text"] == "Pichari"]
    assert pichari and pichari[0]["place"]["id"].startswith(("geonames:", "ubigeo:"))


def test_extract_to_stdout_with_a_broken_file_in_the_batch(run, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n....")
    result = run("extract", EXAMPLES / "01_huancavelica_ambush_2007.txt", broken, "-o", "-", "-q")
    assert result.exit_code == 1
    assert "broken.txt: not a text document" in result.stderr
    features = json.loads(result.stdout)["features"]
    assert any(f["properties"]["location"] == "Tayacaja" for f in features)


def test_map_renders_documents_and_edited_event_files(run, tmp_path):
    events = tmp_path / "events.geojson"
    assert run("extract", EXAMPLES, "-o", events, "-q").exit_code == 0
    data = json.loads(events.read_text())
    data["features"][0]["properties"]["location"] = "Corrected by hand"
    events.write_text(json.dumps(data))
    out = tmp_path / "map.html"
    result = run("map", events, "-o", out, "--types", "Battles,Riots,Strategic developments")
    assert result.exit_code == 0 and out.is_file()
    assert "Corrected by hand" in out.read_text() or data["features"][0]["properties"]["event_type"] not in ("Battles", "Riots", "Strategic developments")


def test_map_filters_by_date(run, tmp_path):
    out = tmp_path / "m.html"
    assert run("map", EXAMPLES, "-o", out, "--since", "2007-01-01", "--until", "2007-12-31", "-q").exit_code == 0
    html = out.read_text()
    assert "2007-11-13" in html and "2005-04-12" not in html


def test_bad_usage_exits_2(run):
    assert run("map").exit_code == 2
    assert run("extract", EXAMPLES).exit_code == 2  # -o is required
    assert run("map", EXAMPLES, "--since", "yesterday").exit_code == 2


def test_console_scripts_are_installed():
    bin_dir = __import__("pathlib").Path(sys.executable).parent
    for script in ("geomap", "gazetteer"):
        out = subprocess.run([bin_dir / script, "--help"], capture_output=True, text=True, check=True)
        assert "Usage:" in out.stdout


def test_gazetteer_lookup_json():
    from gazetteer.cli import main as gaz

    result = CliRunner().invoke(gaz, ["lookup", "Llohegua", "--country", "PE", "--json"])
    data = json.loads(result.output)
    assert result.exit_code == 0 and data["candidates"][0]["name"] == "Llochegua"
    assert CliRunner().invoke(gaz, ["lookup", "Pichari", "--near", "north"]).exit_code == 2


def test_png_and_embed_for_reports(run, tmp_path):
    out, png = tmp_path / "m.html", tmp_path / "m.png"
    result = run("map", EXAMPLES, "-o", out, "--png", png, "--embed", "--title", 'VRAE "2007" <b>', "-q")
    assert result.exit_code == 0
    assert result.stdout.strip() == (
        f'<iframe src="{out.as_posix()}" title="VRAE &quot;2007&quot; &lt;b&gt;" width="100%" height="600" '
        'style="border:0" loading="lazy"></iframe>'
    )
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000


@pytest.mark.parametrize("name", ["report.html", "events.csv", "events.geojson", "figure.png"])
def test_outputs_never_replace_files_geomap_did_not_write(run, tmp_path, name):
    precious = tmp_path / name
    precious.write_text("my own work\n")
    command = ["map", EXAMPLES, "-o", tmp_path / "ok.html", "--png", precious] if name.endswith(".png") else (
        ["map", EXAMPLES, "-o", precious] if name.endswith(".html") else ["extract", EXAMPLES, "-o", precious])
    result = run(*command, "-q")
    assert result.exit_code == 1 and "not written by geomap" in result.output and "--force" in result.output
    assert precious.read_bytes() == b"my own work\n"
    assert run(*command, "-q", "--force").exit_code == 0
    assert precious.read_bytes() != b"my own work\n"
    assert run(*command, "-q").exit_code == 0  # now it is geomap's own output: replaced without --force


@pytest.mark.parametrize("suffix", [".gpkg", ".parquet"])
def test_binary_outputs_are_recognised_as_geomaps_own(run, tmp_path, suffix):
    out = tmp_path / f"events{suffix}"
    assert run("extract", EXAMPLES, "-o", out, "-q").exit_code == 0
    assert run("extract", EXAMPLES, "-o", out, "-q").exit_code == 0


def test_output_path_that_is_a_folder(run, tmp_path):
    result = run("map", EXAMPLES, "-o", tmp_path, "-q")
    assert result.exit_code == 2 and "is a directory" in result.output  # bad usage, caught by click
    result = run("extract", EXAMPLES, "-o", tmp_path, "-q")
    assert result.exit_code == 1 and "is a folder" in result.output


def test_offline_maps_carry_department_outlines(run, tmp_path):
    out = tmp_path / "m.html"
    assert run("map", EXAMPLES, "-o", out, "--offline", "-q").exit_code == 0
    from tests.geomap.test_render import embedded

    basemap = embedded(out.read_text())["basemap"]
    assert basemap["admin1"]["type"] == "FeatureCollection" and "Natural Earth" in basemap["source"]
    assert "Huancavelica" in {f["properties"]["name"] for f in basemap["admin1"]["features"]}


def test_map_help_says_what_a_map_without_offline_fetches(run):
    result = run("map", "--help")
    assert result.exit_code == 0
    assert "tile.openstreetmap.org" in result.output and "nothing else" in result.output


def test_extract_explains_its_calls_and_keeps_plans_out_unless_asked(run, tmp_path):
    text = tmp_path / "note.txt"
    text.write_text(
        "LIMA, March 10, 2009 - Rebels ambushed an army patrol near Pichari on March 3. "
        "The army will deploy 300 soldiers to Pichari next week.\n",
        encoding="utf-8",
    )
    plain = run("extract", text, "-o", tmp_path / "a.geojson", "--explain")
    assert plain.exit_code == 0
    assert "KEPT: ambush" in plain.output and "PLANNED: deployment" in plain.output and "'will'" in plain.output
    with_plans = run("extract", text, "-o", tmp_path / "b.geojson", "--planned")
    assert with_plans.exit_code == 0
    kept = json.loads((tmp_path / "a.geojson").read_text())["features"]
    planned = json.loads((tmp_path / "b.geojson").read_text())["features"]
    assert [f["properties"]["planned"] for f in kept] == [False]
    assert sorted(f["properties"]["planned"] for f in planned) == [False, True]
