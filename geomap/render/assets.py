"""Third-party JS/CSS for maps, inlined from their npm packages.

Every map inlines Leaflet, supercluster and noUiSlider from the npm packages
that ``make assets`` installs (assets/package-lock.json pins them with npm's
integrity hash); each file is checked against the SHA-256 below before it goes
into a map. A map without ``--offline`` therefore fetches only its tiles, and
when they cannot load it still has its scripts to fall back to the vector
basemap. (The CDN address of each file is kept for reference and tests.)
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geomap.errors import GeomapError

LEAFLET_VERSION = "1.9.4"


@dataclass(frozen=True, slots=True)
class Asset:
    name: str
    kind: str  # "js" or "css"
    package_path: str  # inside node_modules
    cdn_url: str
    sha256: str


ASSETS = (
    Asset("leaflet", "js", "leaflet/dist/leaflet.js",
          f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.js",
          "db49d009c841f5ca34a888c96511ae936fd9f5533e90d8b2c4d57596f4e5641a"),
    Asset("supercluster", "js", "supercluster/dist/supercluster.min.js",
          "https://cdn.jsdelivr.net/npm/supercluster@9.1.0/dist/supercluster.min.js",
          "52e16b1abc1c8cdb3719c5f2fc57da44b4fd65eb0d16803c1106d0975afb72b7"),
    Asset("nouislider", "js", "nouislider/dist/nouislider.min.js",
          "https://cdn.jsdelivr.net/npm/nouislider@15.8.1/dist/nouislider.min.js",
          "79222927cb7695f403144b58e31da6a7082d82e08d310b0cd776264d311abe7d"),
    Asset("nouislider_css", "css", "nouislider/dist/nouislider.min.css",
          "https://cdn.jsdelivr.net/npm/nouislider@15.8.1/dist/nouislider.min.css",
          "9dc9155cfd6331d1f5629881ac0bc63928243fa4c1d83b17ce4921b5200be0ae"),
    Asset("leaflet_css", "css", "leaflet/dist/leaflet.css",
          f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.css",
          "a7837102824184820dfa198d1ebcd109ff6d0ff9a2672a074b9a1b4d147d04c6"),
)  # fmt: skip

#: placeholder scheme in rendered HTML, replaced by inline content when offline
PLACEHOLDER = "geomap-asset://"


class AssetsMissingError(GeomapError, FileNotFoundError):
    """--offline needs the npm packages that `make assets` installs."""


#: where a wheel carries the pinned npm files (setup.py copies them there at build time; never in git)
VENDOR_DIR = Path(__file__).resolve().parent / "vendor"


def node_modules() -> Path:
    """Where the npm packages live: $GEOMAP_ASSETS_DIR, else the copy inside an installed wheel,
    else assets/node_modules of this checkout."""
    if os.environ.get("GEOMAP_ASSETS_DIR"):
        return Path(os.environ["GEOMAP_ASSETS_DIR"])
    if VENDOR_DIR.is_dir():
        return VENDOR_DIR
    return Path(__file__).resolve().parents[2] / "assets" / "node_modules"


@cache
def asset_bytes(asset: Asset) -> bytes:
    path = node_modules() / asset.package_path
    try:
        data = path.read_bytes()
    except OSError as err:
        raise AssetsMissingError(
            f"{path}: offline maps need the pinned npm packages; run `make assets` (npm ci in assets/) "
            "in a checkout, or install a wheel built with `make wheel`"
        ) from err
    digest = hashlib.sha256(data).hexdigest()
    if digest != asset.sha256:
        raise GeomapError(f"{path}: checksum {digest} does not match the pinned {asset.sha256}; reinstall with `make assets`")
    return data


def _inline_css_urls(css: str, base: Path) -> str:
    """Turn url(images/x.png) into data URIs so the stylesheet needs no files."""

    def data_uri(m: re.Match[str]) -> str:
        target = base / m.group(1)
        if not target.is_file():
            return m.group(0)
        return f"url(data:image/png;base64,{base64.b64encode(target.read_bytes()).decode()})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)


def inline_tag(asset: Asset) -> str:
    """The asset as an inline <script> or <style> element."""
    text = asset_bytes(asset).decode("utf-8")
    if asset.kind == "js":
        return "<script>" + text.replace("</script", "<\\/script") + "</script>"
    css = _inline_css_urls(text, (node_modules() / asset.package_path).parent)
    return "<style>" + css.replace("</style", "<\\/style") + "</style>"


def url_for(asset: Asset) -> str:
    """The placeholder link that :func:`inline_assets` replaces with the asset's content."""
    return f"{PLACEHOLDER}{asset.name}"


#: every placeholder link :func:`url_for` makes, as folium writes it into the page's head
_LINK = re.compile(
    rf'<script src="{re.escape(PLACEHOLDER)}([\w-]+)"></script>|<link rel="stylesheet" href="{re.escape(PLACEHOLDER)}([\w-]+)"\s*/?>'
)


def inline_assets(html: str) -> str:
    """Replace every placeholder link in ``html`` with the asset's content (one pass over the page: a page of
    100,000 events is 20 MB, and a pass per asset cost a tenth of a second)."""
    assets = {(a.kind, a.name): a for a in ASSETS}

    def tag(m: re.Match[str]) -> str:
        asset = assets.get(("js", m.group(1)) if m.group(1) else ("css", m.group(2)))
        return m.group(0) if asset is None else inline_tag(asset)

    html = _LINK.sub(tag, html)
    if PLACEHOLDER in html:
        raise GeomapError("an offline asset was left as a link; this is a bug in geomap.render.assets")
    return html
