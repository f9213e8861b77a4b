"""The user guide's notebook, executed as a reader would run it, and its inline map opened in Chromium."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.geomap.test_browser import browser  # noqa: F401 - a fixture

NOTEBOOK = ROOT / "docs" / "notebook.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """docs/notebook.ipynb run by a real kernel (nbclient + ipykernel) in a copy of docs/ beside examples/."""
    nbformat = pytest.importorskip("nbformat", reason="pip install -e '.[test]'")
    nbclient = pytest.importorskip("nbclient", reason="pip install -e '.[test]'")
    pytest.importorskip("ipykernel", reason="pip install -e '.[test]'")
    root = tmp_path_factory.mktemp("reader")
    (root / "docs").mkdir()
    (root / "examples").symlink_to(EXAMPLES)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(root / "docs")}}).execute()  # fmt: skip
    return notebook, root


def _html_outputs(notebook) -> list[str]:
    return [o["data"]["text/html"] for c in notebook.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if "text/html" in o.get("data", {})]  # fmt: skip


def test_the_notebook_runs_and_shows_its_tables_and_maps(executed):
    notebook, root = executed
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    pages = _html_outputs(notebook)
    tables, maps = [p for p in pages if "<table" in p], [p for p in pages if p.startswith("<iframe")]
    assert len(maps) == 2 and "Tayacaja" in tables[0]
    assert (root / "outputs" / "notebook-map.html").is_file() and (root / "outputs" / "notebook-events.gpkg").is_file()


@pytest.mark.browser
def test_the_inline_map_works_inside_its_frame(executed, browser, tmp_path):  # noqa: F811
    notebook, _ = executed
    inline = next(p for p in _html_outputs(notebook) if p.startswith("<iframe"))
    host = tmp_path / "notebook.html"  # a page that holds the cell output, as Jupyter's does
    host.write_text(f"<!DOCTYPE html><html><body><h1>cell output</h1>{inline}</body></html>", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems, requests = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(host.as_uri())
    frame = page.frame_locator("iframe")
    frame.locator(".geomap-timeline").wait_for()
    shown = int(frame.locator(".leaflet-container").get_attribute("data-visible-events"))
    assert shown >= 3 and problems == []
    # the frame got its size after the page started: the view must still hold every event
    outside = page.frames[1].evaluate("""() => {
        const m = window[Object.keys(window).find(k => k.startsWith('map_') && window[k].getBounds)];
        const cols = JSON.parse(document.querySelector('script[type="application/json"]').textContent).events.columns;
        return cols.latitude.filter((lat, i) => lat !== null && !m.getBounds().contains([lat, cols.longitude[i]])).length;
    }""")
    assert outside == 0
    assert [u for u in requests if not u.startswith(("file:", "data:", "about:"))] == []
