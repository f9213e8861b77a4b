"""Build step that puts the pinned offline map assets into the wheel.

Metadata, dependencies and scripts live in setup.cfg; this file only adds
one step to ``build_py``: Leaflet, supercluster and noUiSlider, as `make assets` (npm ci)
installed them from assets/package-lock.json, are checked and copied into
geomap/render/vendor/ of the build, with the offline basemap `make basemap` built, so an installed wheel draws --offline
maps with no checkout and no network. They are never committed to git.

Two checks, both fatal: each npm package in node_modules must carry the
version and integrity hash that assets/package-lock.json pins (npm ci
verified the downloaded tarball against that hash), and each file that maps
inline must match the SHA-256 pinned in geomap/render/assets.py. An sdist
carries the checked copies, so a wheel built from it (what `python -m build`
does) needs no node_modules; their SHA-256 pins are checked again then.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parent
#: where the assets go inside the built package (geomap/render/assets.py looks there first)
VENDOR = Path("geomap", "render", "vendor")


class AssetBuildError(RuntimeError):
    """The offline assets are missing or do not match their pins."""


def _pinned_assets():  # noqa: ANN202 - the Asset records of geomap/render/assets.py
    # Loaded from its file, so the build needs neither folium nor an installed geomap.
    sys.path.insert(0, str(ROOT))
    try:
        spec = importlib.util.spec_from_file_location("_geomap_build_assets", ROOT / "geomap" / "render" / "assets.py")
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    finally:
        sys.path.remove(str(ROOT))
        sys.modules.pop("_geomap_build_assets", None)
    return module.ASSETS


def _lock() -> dict:
    return json.loads((ROOT / "assets" / "package-lock.json").read_text(encoding="utf-8"))["packages"]


def _check_lock(node_modules: Path, package: str) -> None:
    """``package`` in node_modules must be the version and integrity hash the lock file pins."""
    installed_lock = node_modules / ".package-lock.json"
    try:
        installed = json.loads(installed_lock.read_text(encoding="utf-8"))["packages"]
    except (OSError, ValueError, KeyError) as err:
        raise AssetBuildError(f"{installed_lock}: unreadable ({err}); run `make assets` (npm ci in assets/)") from err
    key = f"node_modules/{package}"
    want, have = _lock().get(key, {}), installed.get(key, {})
    pinned = (want.get("version"), want.get("integrity"))
    if not want.get("integrity") or pinned != (have.get("version"), have.get("integrity")):
        raise AssetBuildError(
            f"{node_modules / package}: installed {have.get('version')!r} ({have.get('integrity')!r}) is not the "
            f"{want.get('version')!r} ({want.get('integrity')!r}) that assets/package-lock.json pins; run `make assets`"
        )


def _assets_source() -> tuple[Path, bool]:
    """Where to take the files from, and whether it is an npm install (whose lock can be checked):
    $GEOMAP_ASSETS_DIR or assets/node_modules, else the checked copy an sdist carries."""
    node_modules = Path(os.environ.get("GEOMAP_ASSETS_DIR") or ROOT / "assets" / "node_modules")
    if node_modules.is_dir():
        return node_modules, True
    if (ROOT / VENDOR).is_dir():
        return ROOT / VENDOR, False
    raise AssetBuildError(f"{node_modules}: no npm packages to put in the package; run `make assets` (npm ci) first")


def vendor_assets(target: Path) -> list[Path]:
    """Check the pinned npm files and copy them (with their licences) under ``target``."""
    source_dir, from_npm = _assets_source()
    if source_dir.resolve() == target.resolve():
        return []
    copies: dict[Path, bytes | None] = {}
    for asset in _pinned_assets():
        package = asset.package_path.split("/", 1)[0]
        if from_npm:
            _check_lock(source_dir, package)
        source = source_dir / asset.package_path
        data = source.read_bytes()
        if hashlib.sha256(data).hexdigest() != asset.sha256:
            raise AssetBuildError(f"{source}: SHA-256 does not match the pin in geomap/render/assets.py")
        copies[Path(asset.package_path)] = data
        # supercluster.min.js carries kdbush: the licences of what a package bundles ship too
        for name in (package, *_lock().get(f"node_modules/{package}", {}).get("dependencies", {})):
            licence = next((f for f in ("LICENSE", "LICENSE.md", "LICENSE.txt") if (source_dir / name / f).is_file()), "LICENSE")
            copies[Path(name, licence)] = None
        if asset.kind == "css":  # the stylesheet's icons, inlined as data URIs at render time
            for image in sorted((source.parent / "images").glob("*.png")):
                copies[image.relative_to(source_dir)] = None
    # the labelled offline basemap (`make basemap`: Natural Earth from npm tarballs checked by sha256)
    basemap = ROOT / "assets" / "basemap" if from_npm else source_dir / "basemap"
    if not (basemap / "world.json").is_file():
        raise AssetBuildError(f"{basemap}: the offline basemap is not built; run `make basemap` first")
    for built in sorted(basemap.rglob("*.json")):  # world.json and one file of subdivisions per country
        copies[Path("basemap", built.relative_to(basemap))] = built.read_bytes()
    written = []
    for relative, data in copies.items():
        out = target / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        if data is None:
            shutil.copyfile(source_dir / relative, out)
        else:
            out.write_bytes(data)
        written.append(out)
    return written


class BuildPyWithAssets(build_py):
    """build_py, then the offline assets into the build (not for editable installs, which read the checkout)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False) or self.dry_run:
            return
        try:
            vendor_assets(Path(self.build_lib) / VENDOR)
        except (AssetBuildError, OSError) as err:
            raise SystemExit(f"geomap build: {err}") from err


class SdistWithAssets(sdist):
    """sdist, with the checked assets inside it, so a wheel builds from the sdist alone (`python -m build`)."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        super().make_release_tree(base_dir, files)
        try:
            vendor_assets(Path(base_dir) / VENDOR)
        except (AssetBuildError, OSError) as err:
            raise SystemExit(f"geomap build: {err}") from err


setup(cmdclass={"build_py": BuildPyWithAssets, "sdist": SdistWithAssets})
