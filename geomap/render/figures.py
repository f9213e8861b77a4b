"""Static report figures: a PNG map of events (geopandas + matplotlib) and an embed snippet.

The PNG needs no browser and no network: country outlines come from the
countryinfo package, events are drawn from the same GeoDataFrame the
exports use, one colour per ACLED type (the interactive map's legend).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from geomap.exports import frame_from_events
from geomap.model import Event
from geomap.outputs import GENERATOR, atomic_path
from geomap.render import OTHER_COLOR, TYPE_COLORS, world_outlines


def png_from_events(events: Sequence[Event], path: str | Path, *, title: str = "geomap", dpi: int = 150) -> Path:
    """Write a static map of ``events`` to ``path`` (PNG)."""
    import geopandas as gpd
    import matplotlib

    matplotlib.use("Agg")  # no display: render to a file
    import matplotlib.pyplot as plt

    path = Path(path)
    frame = frame_from_events(list(events))
    located = frame[frame.geometry.notna()]
    world = gpd.GeoDataFrame.from_features(world_outlines()["features"], crs="EPSG:4326")
    fig, ax = plt.subplots(figsize=(9, 9))
    try:
        ax.set_facecolor("#d4e4f1")
        world.plot(ax=ax, color="#f2efe9", edgecolor="#888888", linewidth=0.6)
        for event_type, group in located.groupby("event_type", sort=False):
            sizes = (25 + 12 * group["fatalities"].fillna(0).astype(float).clip(upper=50)).to_numpy()
            group.plot(ax=ax, color=TYPE_COLORS.get(str(event_type), OTHER_COLOR), markersize=sizes, edgecolor="#222222",
                       linewidth=0.5, label=f"{event_type} ({len(group)})", zorder=3)  # fmt: skip
        if len(located):
            xmin, ymin, xmax, ymax = located.total_bounds
            pad = max(1.0, 0.15 * max(xmax - xmin, ymax - ymin))
            ax.set_xlim(xmin - pad, xmax + pad)
            ax.set_ylim(ymin - pad, ymax + pad)
            for label in ax.legend(loc="lower left", fontsize=8, framealpha=0.9).get_texts():
                label.set_parse_math(False)  # event types come from (editable) files
        ax.set_title(title, fontsize=12, parse_math=False)  # text, not TeX: "$5 and $10"
        ax.set_xlabel("longitude")
        ax.set_ylabel("latitude")
        unplaced = len(frame) - len(located)
        if unplaced:
            ax.annotate(f"{unplaced} event(s) without a place not drawn", xy=(0.99, 0.99), xycoords="axes fraction",
                        ha="right", va="top", fontsize=8)  # fmt: skip
        with atomic_path(path) as tmp:  # a failed write never replaces a good figure
            fig.savefig(tmp, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": GENERATOR})
    finally:
        plt.close(fig)
    return path


def embed_snippet(html_path: str | Path, *, title: str = "geomap", height: int = 600) -> str:
    """An <iframe> to paste into a report page next to the map file (title escaped).

    >>> embed_snippet("maps/vrae.html", title='VRAE "2007"')
    '<iframe src="maps/vrae.html" title="VRAE &quot;2007&quot;" width="100%" height="600" style="border:0" loading="lazy"></iframe>'
    """
    src = html.escape(Path(html_path).as_posix(), quote=True)
    return (
        f'<iframe src="{src}" title="{html.escape(title, quote=True)}" width="100%" height="{int(height)}" '
        'style="border:0" loading="lazy"></iframe>'
    )
