"""Project conventions that code review would otherwise have to catch (../shared/STYLE.md)."""

import inspect
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.documents import READERS
from geomap.exports import WRITERS

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("reader", list(READERS.values()), ids=list(READERS))
def test_reader_options_are_keyword_only(reader):
    params = list(inspect.signature(reader.read).parameters.values())
    assert params[0].name == "text"
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[1:])


def test_every_writer_has_a_suffix():
    assert {".geojson", ".csv", ".gpkg", ".parquet"} <= set(WRITERS)


def test_gazetteer_is_mypy_clean():
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent))
    if mypy is None:
        pytest.skip("mypy not installed (pip install -e '.[test]')")
    done = subprocess.run([mypy, "gazetteer"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_only_the_resolution_stage_imports_the_gazetteer():
    importers = {
        str(p.relative_to(ROOT))
        for p in (ROOT / "geomap").rglob("*.py")
        if "from gazetteer" in p.read_text() or "import gazetteer" in p.read_text()
    }
    # model re-exports the Place record; pipeline wires the stages; places resolves, with people's
    # names (people, part of that stage, folds names and caches its table as the gazetteer does) and
    # "the capital" (capitals, also part of it, takes the capital's name from the gazetteer's countries);
    # the CLI checks a --places file up front (maps draw Natural Earth's outlines, not the gazetteer's)
    assert importers == {
        "geomap/model.py", "geomap/pipeline.py", "geomap/places.py", "geomap/people.py", "geomap/capitals.py", "geomap/cli.py"
    }


def test_the_renderer_never_reads_documents():
    for path in (ROOT / "geomap" / "render").rglob("*.py"):
        assert "geomap.documents" not in path.read_text(), path
