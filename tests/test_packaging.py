"""The wheel as a user installs it: built from the sources, installed into a fresh venv, used outside the checkout.

The fresh venv gets no network and no checkout: its only view of the
dependencies is a folder of links to the packages of the venv running the
tests (geomap's own editable install left out), and every command runs in a
temporary folder. The offline map it draws must open in Chromium with no
request leaving the page, so the Leaflet it inlines came from the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.geomap.test_browser import browser, open_page, visible  # noqa: F401 - browser is a fixture

#: what the wheel is built from (a copy, so the test writes nothing into the checkout)
SOURCES = ("geomap", "gazetteer", "setup.py", "setup.cfg", "pyproject.toml", "MANIFEST.in", "README.md",
           "assets/package.json", "assets/package-lock.json")  # fmt: skip
NODE_MODULES = ROOT / "assets" / "node_modules"


def _run(args: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GEOMAP_ASSETS_DIR", "VIRTUAL_ENV")}
    env.update(extra)
    return env


def _source_tree(root: Path, node_modules: Path) -> Path:
    """A copy of what the wheel is built from, with the npm packages linked in as `make assets` leaves them."""
    for name in SOURCES:
        source, target = ROOT / name, root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "vendor"))
        else:
            shutil.copy2(source, target)
    (root / "assets" / "node_modules").symlink_to(node_modules)
    (root / "assets" / "basemap").symlink_to(ROOT / "assets" / "basemap")  # as `make basemap` leaves it
    return root


def _build(src: Path, dist: Path) -> subprocess.CompletedProcess[str]:
    # sdist, then the wheel from the unpacked sdist (as `python -m build` does), with this venv's setuptools
    args = [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(src)]
    return subprocess.run(args, cwd=src, env=_clean_env(), capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    if not (NODE_MODULES / ".package-lock.json").is_file():
        pytest.skip("assets/node_modules missing: run `make assets` (npm ci) to build a wheel")
    if not (ROOT / "assets" / "basemap" / "world.json").is_file():
        pytest.skip("assets/basemap missing: run `make basemap` to build a wheel")
    out = tmp_path_factory.mktemp("dist")
    done = _build(_source_tree(tmp_path_factory.mktemp("src"), NODE_MODULES), out)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def wheel(dist) -> Path:
    (built,) = dist.glob("geomap-*.whl")
    return built


def test_the_sdist_carries_the_checked_assets_and_the_lock(dist):
    (sdist,) = dist.glob("geomap-*.tar.gz")
    names = {n.split("/", 1)[1] for n in tarfile.open(sdist).getnames() if "/" in n}
    vendor = "geomap/render/vendor/"
    assert {vendor + "leaflet/dist/leaflet.js", vendor + "supercluster/dist/supercluster.min.js",
            "assets/package-lock.json", "setup.py", "geomap/render/static/geomap.js"} <= names  # fmt: skip
    assert not any("node_modules" in n for n in names)


def test_a_file_that_does_not_match_its_pin_stops_the_build(tmp_path):
    if not (NODE_MODULES / ".package-lock.json").is_file():
        pytest.skip("assets/node_modules missing: run `make assets` (npm ci)")
    tampered = tmp_path / "node_modules"
    shutil.copytree(NODE_MODULES, tampered)
    leaflet = tampered / "leaflet" / "dist" / "leaflet.js"
    leaflet.write_text(leaflet.read_text(encoding="utf-8") + "\nwindow.tampered = 1;\n", encoding="utf-8")
    done = _build(_source_tree(tmp_path / "src", tampered), tmp_path / "dist")
    assert done.returncode != 0
    assert "leaflet.js: SHA-256 does not match the pin in geomap/render/assets.py" in done.stdout + done.stderr
    assert not list((tmp_path / "dist").glob("*.whl"))


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed (pip --no-index; dependencies from this venv, geomap's own left out)."""
    base = tmp_path_factory.mktemp("venv")
    deps = base / "deps"
    deps.mkdir()
    site = Path(sysconfig.get_paths()["purelib"])
    for entry in site.iterdir():
        name = entry.name.lower()
        if name.startswith(("geomap", "gazetteer", "__editable__", "_geomap")) or name.endswith(".pth"):
            continue
        (deps / entry.name).symlink_to(entry)
    env_dir = base / "env"
    _run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], cwd=base)
    python = env_dir / "bin" / "python"
    target_site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            cwd=base, env=_clean_env()).stdout.strip())  # fmt: skip
    (target_site / "_geomap_test_deps.pth").write_text(f"{deps}\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index", "--no-build-isolation",
          "--quiet", str(wheel)], cwd=base, env=_clean_env())  # fmt: skip
    return env_dir


def test_wheel_carries_the_offline_assets_and_the_runtime(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("geomap/render/vendor/leaflet/dist/leaflet.js", "geomap/render/vendor/leaflet/dist/leaflet.css",
                   "geomap/render/vendor/supercluster/dist/supercluster.min.js", "geomap/render/vendor/leaflet/LICENSE",
                   "geomap/render/vendor/leaflet/dist/images/layers.png", "geomap/render/static/geomap.js",
                   "geomap/data/triggers.yaml", "gazetteer/data/curated.yaml", "geomap/py.typed"):  # fmt: skip
        assert needed in names
    assert not any(n.startswith(("tests/", "assets/", "examples/")) for n in names)


@pytest.mark.browser
def test_installed_wheel_draws_an_offline_map_outside_the_checkout(venv, browser, tmp_path):  # noqa: F811
    work = tmp_path / "analyst"
    (work / "reports").mkdir(parents=True)
    shutil.copy2(EXAMPLES / "01_huancavelica_ambush_2007.txt", work / "reports")
    env = _clean_env()
    where = _run([str(venv / "bin" / "python"), "-c",
                  "import geomap, geomap.render.assets as a; print(geomap.__file__); print(a.node_modules())"],
                 cwd=work, env=env).stdout.split()  # fmt: skip
    for path in where:
        assert Path(path).resolve().is_relative_to(venv.resolve()), f"{path} is not inside the fresh venv"
    done = _run([str(venv / "bin" / "geomap"), "map", "reports", "-o", "out/map.html", "--offline", "--title", "wheel"],
                cwd=work, env=env)  # fmt: skip
    assert "1 document(s) read" in done.stderr
    # the same run in one process: no module it loads comes from the checkout
    script = ("import sys, geomap.cli\n"
              "try:\n    geomap.cli.main(['map', 'reports', '-o', 'out/again.html', '--offline', '-q'])\n"
              "except SystemExit as end:\n    assert end.code == 0, end.code\n"
              "print('\\n'.join(str(getattr(m, '__file__', None)) for m in list(sys.modules.values())))\n")  # fmt: skip
    loaded = _run([str(venv / "bin" / "python"), "-c", script], cwd=work, env=env).stdout.splitlines()
    assert any(f.startswith(str(venv)) and f.endswith("geomap/api.py") for f in loaded)
    assert [f for f in loaded if f.startswith(str(ROOT) + "/")] == []
    page, problems, requests = open_page(browser, work / "out" / "map.html")
    assert problems == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert visible(page) >= 1
    assert "wheel" in page.title()
