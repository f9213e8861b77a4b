"""Static report figures: a PNG map of events (geopandas + matplotlib) and an embed snippet.

The PNG needs no browser and no network. It draws what the interactive map
draws: the same basemap (:mod:`geomap.render.basemap`: countries, lakes,
rivers, subdivisions), the curated zones, the same labels (event places
first, then capitals, subdivisions, rivers, towns, none overlapping), and a
legend whose counts come from :func:`geomap.render.legend_counts`, plus the
date range and a source line for reports.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geomap.exports import frame_from_events
from geomap.model import Event
from geomap.outputs import GENERATOR, atomic_path
from geomap.render import OTHER_COLOR, TYPE_COLORS, legend_counts, zones_from_events
from geomap.render.basemap import LABEL_MIN_ZOOM, basemap_for



def _date_range(events: Sequence[Event]) -> str:
    days = sorted(d for e in events for d in (e.event_date or e.date_start, e.event_date or e.date_end) if d)
    if not days:
        return "no dated events"
    return days[0] if days[0] == days[-1] else f"{days[0]} to {days[-1]}"


def _sources_line(events: Sequence[Event], shown: int = 4) -> str:
    """The documents the events come from: the first few references and how many more."""
    refs = sorted({s.ref or s.file for e in events for s in e.sources if s.ref or s.file})
    if not refs:
        return "no sources"
    more = f" and {len(refs) - shown} more" if len(refs) > shown else ""
    return ", ".join(refs[:shown]) + more


def _zoom_for(span_degrees: float) -> float:
    """The web-map zoom whose view is about this wide (so the figure shows the labels the HTML shows there)."""
    return math.log2(360 / max(span_degrees, 0.05))


def _draw_labels(ax: Any, labels: list[list[Any]], box: tuple[float, float, float, float], zoom: float) -> int:
    """Labels in priority order, each kept only where it overlaps none already drawn; returns how many."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    placed: list[Any] = []
    styles = {
        "event": {"fontsize": 8, "fontweight": "bold", "color": "#111111"},
        "capital": {"fontsize": 7, "color": "#333333"},
        "admin1": {"fontsize": 6.5, "color": "#8a7f6e", "ha": "center"},
        "river": {"fontsize": 6.5, "color": "#3c6fa8", "style": "italic", "ha": "center"},
        "town": {"fontsize": 6, "color": "#555555"},
        "village": {"fontsize": 5.5, "color": "#666666"},
        "country": {"fontsize": 8, "color": "#6d6558", "ha": "center"},
    }
    west, south, east, north = box
    count = 0
    for name, lat, lon, kind in labels:
        if zoom < LABEL_MIN_ZOOM.get(kind, 0) or not (west <= lon <= east and south <= lat <= north):
            continue
        style = {"ha": "left", "va": "center", **styles[kind]}
        offset = 0.012 * (east - west) if style["ha"] == "left" else 0
        text = ax.text(lon + offset, lat, name.upper() if kind == "admin1" else name, zorder=6, clip_on=True, **style)
        text.set_path_effects(_halo())
        extent = text.get_window_extent(renderer=renderer).expanded(1.05, 1.1)
        if any(extent.overlaps(other) for other in placed):
            text.remove()
            continue
        placed.append(extent)
        if kind in ("capital", "town", "village"):
            ax.plot([lon], [lat], "o", color="#555555", markersize=1.8, zorder=6)
        count += 1
    return count


def _halo() -> list[Any]:
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=2, foreground="white")]


def png_from_events(
    events: Sequence[Event], path: str | Path, *, title: str = "geomap", dpi: int = 150, source: str | None = None,
) -> Path:  # fmt: skip
    """Write a static map of ``events`` to ``path`` (PNG); ``source`` names the reporting for the footer
    (by default the events' document references)."""
    import geopandas as gpd
    import matplotlib

    matplotlib.use("Agg")  # no display: render to a file
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    path = Path(path)
    frame = frame_from_events(list(events))
    located = frame[frame.geometry.notna()]
    drawn = located[~located["planned"].fillna(False).astype(bool)] if "planned" in located else located
    basemap = basemap_for(events)
    fig, ax = plt.subplots(figsize=(9, 9))
    try:
        ax.set_facecolor("#d4e4f1")
        layers = {name: gpd.GeoDataFrame.from_features(basemap[name]["features"], crs="EPSG:4326")
                  for name in ("countries", "lakes", "rivers", "admin1") if basemap[name]["features"]}  # fmt: skip
        layers["countries"].plot(ax=ax, color="#f2efe9", edgecolor="#9c9488", linewidth=0.7, zorder=1)
        if "lakes" in layers:
            layers["lakes"].plot(ax=ax, color="#d4e4f1", edgecolor="#8fb3d9", linewidth=0.4, zorder=1.5)
        if "admin1" in layers:
            layers["admin1"].boundary.plot(ax=ax, color="#a89c8a", linewidth=0.5, linestyle=(0, (5, 3)), zorder=2)
        if "rivers" in layers:
            layers["rivers"].plot(ax=ax, color="#6f9fd8", linewidth=0.8, zorder=2.5)
        zones = zones_from_events(events)["features"]
        if zones:
            gpd.GeoDataFrame.from_features(zones, crs="EPSG:4326").plot(
                ax=ax, facecolor="#55555514", edgecolor="#555555", linewidth=0.9, linestyle=(0, (4, 4)), zorder=3)
        counts = legend_counts(events)
        handles = []
        for event_type, count in counts.items():
            group = drawn[drawn["event_type"] == event_type]
            color = TYPE_COLORS.get(str(event_type), OTHER_COLOR)
            sizes = (25 + 12 * group["fatalities"].fillna(0).astype(float).clip(upper=50)).to_numpy()
            group.plot(ax=ax, color=color, markersize=sizes, edgecolor="#222222", linewidth=0.5, zorder=5)
            handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor=color, markeredgecolor="#222222",
                                  markersize=7, label=f"{event_type} ({count})"))  # fmt: skip
        if len(located):
            xmin, ymin, xmax, ymax = located.total_bounds
            pad = max(0.6, 0.15 * max(xmax - xmin, ymax - ymin))
            box = (xmin - pad, ymin - pad, xmax + pad, ymax + pad)
        else:
            box = (-82.0, -19.0, -68.0, 0.5)  # Peru, the reporting this tool was built for
        # degrees look square at this latitude; the shorter side grows until the figure is square
        stretch = 1 / max(0.2, math.cos(math.radians((box[1] + box[3]) / 2)))
        width, height = box[2] - box[0], (box[3] - box[1]) * stretch
        grow_x, grow_y = max(0.0, height - width) / 2, max(0.0, width - height) / 2 / stretch
        box = (box[0] - grow_x, box[1] - grow_y, box[2] + grow_x, box[3] + grow_y)
        ax.set_xlim(box[0], box[2])
        ax.set_ylim(box[1], box[3])
        ax.set_aspect(stretch)
        fig.canvas.draw()  # text extents need a laid-out figure
        _draw_labels(ax, basemap["labels"], box, _zoom_for(box[2] - box[0]) + 1.5)  # a 9-inch figure is ~3 web tiles wide
        if handles:
            legend = ax.legend(handles=handles, loc="lower left", fontsize=8, framealpha=0.92, title="events drawn", title_fontsize=8)
            for label in legend.get_texts():
                label.set_parse_math(False)  # event types come from (editable) files
        ax.set_title(title, fontsize=12, parse_math=False)  # text, not TeX: "$5 and $10"
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("")
        ax.set_ylabel("")
        notes = []
        unplaced = len(frame) - len(located)
        if unplaced:
            notes.append(f"{unplaced} event(s) without a place not drawn")
        planned = len(located) - len(drawn)
        if planned:
            notes.append(f"{planned} planned/announced not drawn")
        if notes:
            ax.annotate("; ".join(notes), xy=(0.99, 0.99), xycoords="axes fraction", ha="right", va="top", fontsize=8,
                        bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.85, "linewidth": 0})  # fmt: skip
        footer = f"{len(frame)} events, {_date_range(events)} · source: {source or _sources_line(events)}"
        fig.text(0.5, 0.04, footer, ha="center", fontsize=8, parse_math=False)
        fig.text(0.5, 0.02, f"Basemap: {basemap['source']} · {GENERATOR}", ha="center", fontsize=6, color="#555555")
        path.parent.mkdir(parents=True, exist_ok=True)
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
