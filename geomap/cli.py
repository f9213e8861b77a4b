"""The `geomap` command line (INTERFACE.md). Only this module talks to the terminal.

Exit status: 0 when every input was read, 1 when some inputs failed (each
failure is printed to stderr with its file and reason), 2 on bad usage.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from geomap.errors import DocumentError, GeomapError
from geomap.model import Document, Event, Mention

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
OUTPUTS_DIR = Path("outputs")


class Failures:
    """Collects per-input failures, prints each once, decides the exit status."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, error: DocumentError | GeomapError) -> None:
        self.count += 1
        click.echo(f"geomap: {error}", err=True)

    @property
    def exit_code(self) -> int:
        return 1 if self.count else 0


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _iso(value: dt.datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def document_json(document: Document) -> dict[str, Any]:
    """`geomap parse --json` fields (INTERFACE.md) plus format and encoding."""
    return {
        "file": str(document.path) if document.path else None,
        "format": document.format,
        "encoding": document.encoding,
        "ref": document.ref,
        "datetime": _iso(document.datetime),
        "datetime_inferred": document.datetime_inferred,
        "origin": document.origin,
        "classification": document.classification,
        "subject": document.subject,
        "tags": list(document.tags),
        "references": list(document.references),
        "signer": document.signer,
        "released": _iso(document.released),
        "paragraphs": [
            {"number": p.number, "marking": p.marking, "text": p.text, "start": p.start, "end": p.end}
            for p in document.paragraphs
        ],
        "body": document.body,
    }


def _place_json(mention: Mention) -> dict[str, Any] | None:
    place = mention.place
    if place is None:
        return None
    return {
        "id": place.id, "name": place.name, "lat": place.lat, "lon": place.lon, "kind": place.kind.value,
        "country": place.country, "admin1": place.admin1, "admin2": place.admin2,
        "geo_precision": place.geo_precision, "source": place.source,
    }  # fmt: skip


def mention_json(document: Document, mention: Mention) -> dict[str, Any]:
    return {
        "document": document.name,
        "file": str(document.path) if document.path else None,
        "paragraph": mention.paragraph,
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "role": mention.role,
        "place": _place_json(mention),
        "score": mention.score,
        "reasons": list(mention.reasons),
        "candidates": [
            {"id": c.place.id, "name": c.place.name, "kind": c.place.kind.value, "country": c.place.country,
             "lat": c.place.lat, "lon": c.place.lon, "score": c.score}
            for c in mention.candidates
        ],
    }  # fmt: skip


def _pipeline(places_file: Path | None, country: str | None, online_url: str | None = None, *,  # noqa: ANN202 - lazy import: fast --help
              rules_only: bool = False, explain: bool = False):  # fmt: skip
    from geomap.pipeline import Pipeline, Settings

    return Pipeline(
        Settings(user_places=places_file, default_country=country.upper() if country else None, online_url=online_url,
                 parser=not rules_only, explain=explain)  # fmt: skip
    )


def _progress(total: int | None, quiet: bool, what: str):  # noqa: ANN202
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc=what, disable=True if quiet else None, file=sys.stderr, leave=False)


def _events_from_inputs(
    paths: Sequence[str], *, places_file: Path | None, country: str | None, quiet: bool, failures: Failures,
    online_url: str | None = None, rules_only: bool = False, explain: bool = False,
) -> tuple[list[Event], dict[str, int]]:
    """Events from documents and from events files among ``paths`` (any format `geomap extract` writes)."""
    from geomap.api import events_from_path, is_events_path
    from geomap.documents import files_from_paths

    event_files = [p for p in paths if is_events_path(p)]
    documents = [p for p in paths if p not in event_files]
    events: list[Event] = []
    for path in event_files:
        bad_rows: list[DocumentError] = []
        try:
            events.extend(events_from_path(path, errors=bad_rows))
        except DocumentError as err:
            failures.report(err)
        for err in bad_rows:  # one line per bad row; the file's other rows are kept
            failures.report(err)
    stats = {"documents": 0, "events_files": len(event_files), "mentions": 0, "unresolved": 0}
    if documents:
        from geomap.events import merge_events  # seconds of imports an events file needs not

        pipeline = _pipeline(places_file, country, online_url, rules_only=rules_only, explain=explain)
        files = list(files_from_paths(documents))
        # a release CSV holds thousands of cables: count documents, not files, without a total
        total = None if any(f.suffix.lower() == ".csv" for f in files) else len(files)
        with _progress(total, quiet, "reading") as bar:

            def seen(item: Document | DocumentError) -> None:
                bar.update(1)
                if isinstance(item, DocumentError):
                    failures.report(item)

            result = pipeline.run(files, on_document=seen)
        stats.update(documents=result.documents, mentions=result.mentions, unresolved=result.unresolved)
        for decision in result.decisions:
            click.echo(f"{decision.document} ¶{decision.paragraph} {decision.verdict.upper()}: {decision.reason}\n"
                       f"    {decision.sentence}", err=True)  # fmt: skip
        for message in dict.fromkeys(pipeline.gazetteer.online_errors):
            click.echo(f"geomap: online gazetteer: {message}", err=True)
        events = merge_events([*events, *result.events]) if events else result.events
    return events, stats


def _filter(events: Iterable[Event], since: dt.date | None, until: dt.date | None, types: Sequence[str]) -> list[Event]:
    kept = []
    for e in events:
        if types and e.event_type not in types:
            continue
        start, end = e.date_start or e.date_end, e.date_end or e.date_start
        if since and end and end < since.isoformat():
            continue
        if until and start and start > until.isoformat():
            continue
        kept.append(e)
    return kept


def _event_types(types: str, events: Sequence[Event]) -> list[str]:
    """The types --types names, spelled as ACLED (or the events) spell them; a typo is a usage error."""
    from geomap.schema import EVENT_TYPES

    known = {t.casefold(): t for t in (*EVENT_TYPES, *(e.event_type for e in events))}
    chosen = []
    for given in (t.strip() for t in types.split(",")):
        if not given:
            continue
        if given.casefold() not in known:
            raise click.BadParameter(f"unknown event type {given!r}; valid types: {', '.join(dict.fromkeys(known.values()))}",
                                     param_hint="'--types'")  # fmt: skip
        chosen.append(known[given.casefold()])
    return chosen


def _refuse_empty_run(stats: dict[str, int], events: Sequence[Event], failures: Failures, output: str | Path) -> None:
    """When every input failed, write nothing: an empty output must not replace a good one."""
    if failures.count and not events and not stats.get("documents"):
        click.echo(f"geomap: no input could be read; {output} was not written", err=True)
        sys.exit(1)


def _summary(stats: dict[str, Any], events: Sequence[Event], failures: Failures, quiet: bool, target: str) -> None:
    """One line on stderr saying what was read and what was written (only the inputs there were)."""
    if quiet:
        return
    read = []
    if stats["documents"] or failures.count or not (stats["events_files"] or stats.get("store")):
        read.append(f"{stats['documents']} document(s) read, {failures.count} failed, "
                    f"{stats['unresolved']} of {stats['mentions']} place mention(s) unresolved")  # fmt: skip
    if stats["events_files"]:
        read.append(f"{stats['events_files']} events file(s) read")
    if stats.get("store"):
        read.append(f"{stats['stored']} event(s) from the store {stats['store']}")
    placed = sum(e.lat is not None for e in events)
    click.echo(f"geomap: {'; '.join(read)}; {len(events)} event(s) ({placed} placed) -> {target}", err=True)


_paths_argument = click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False, path_type=str))  # unreadable inputs are failures, not usage errors
def _checked_places(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """Read the --places file once up front, so a mistake in it is one line before any work starts."""
    if value is None:
        return None
    from gazetteer.errors import GazetteerDataError
    from gazetteer.sources.curated import UserSource

    try:
        list(UserSource(value).load())
    except GazetteerDataError as err:
        raise click.BadParameter(str(err), ctx=ctx, param=param) from err
    return value


_places_option = click.option(
    "--places", "places_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), callback=_checked_places,
    help="YAML of your own places and aliases, used before every other gazetteer source.",
)  # fmt: skip
_country_option = click.option(
    "--country", metavar="CC", help="ISO country code to assume for documents that do not say (plain text, news)."
)
def _online_url(online: bool, online_url: str) -> str | None:
    return online_url if online else None


def _online_options(f):  # noqa: ANN001, ANN202
    f = click.option("--online-url", default="https://nominatim.openstreetmap.org", show_default=True,
                     metavar="URL", help="Nominatim-compatible service used by --online.")(f)  # fmt: skip
    return click.option(
        "--online", is_flag=True,
        help="Look up names no offline source knows on Nominatim (cached on disk, 1 request/s). Off by default: "
        "without it geomap never touches the network.",
    )(f)  # fmt: skip


_force_option = click.option("--force", is_flag=True, help="Overwrite an output file that geomap did not write.")


def _guard(path: Path, force: bool) -> None:
    from geomap.outputs import guard_output

    try:
        guard_output(path, force=force)
    except GeomapError as err:
        raise click.ClickException(str(err)) from err


_quiet_option = click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary (for scripts).")
_verbose_option = click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")


_rules_only_option = click.option(
    "--rules-only", is_flag=True,
    help="Decide with the keyword rules alone, without spaCy's parse of candidate sentences (about 4x faster, "
         "less precise).",
)  # fmt: skip


def _run_options(f):  # noqa: ANN001, ANN202
    """The options every document-reading command that writes a file shares."""
    for option in reversed((_force_option, _places_option, _country_option, _online_options, _quiet_option, _verbose_option)):
        f = option(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="geomap")
def main() -> None:
    """Turn conflict reporting (diplomatic cables, news, plain text) into maps of incidents.

    \b
    Typical use:
      geomap map cables/ -o outputs/map.html        interactive map with a timeline
      geomap extract cables/ -o outputs/events.csv  the events as a table
      geomap parse cable.txt --json                  what the reader sees in one document
      geomap places cable.txt                        which places were recognised, and why

    Folders are read recursively. Exit status: 0 all inputs read, 1 some inputs
    failed (each named on stderr), 2 bad usage.
    """


@main.command("map")
@click.argument("paths", nargs=-1, type=click.Path(readable=False, path_type=str))  # unreadable inputs are failures, not usage errors
@click.option("--store", "store_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Draw the events of a store written by `geomap ingest` (PATHS may then be left out).")  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=OUTPUTS_DIR / "map.html",
              show_default=True, help="HTML file to write.")  # fmt: skip
@click.option("--offline", is_flag=True, help="Self-contained HTML that never touches the network: the built-in basemap "
              "(Natural Earth countries, subdivisions, rivers; town and place names) instead of tiles. Without it the page "
              "fetches OpenStreetMap tiles (tile.openstreetmap.org) when viewed, and nothing else (scripts are inlined); "
              "if the tiles cannot load it says so and shows the built-in basemap.")
@click.option("--title", default="geomap: incidents", show_default=True, help="Title shown on the map.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only events on or after this date (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Only events on or before this date (YYYY-MM-DD).")
@click.option("--types", default="", metavar="T,...", help="Only these event types, comma-separated (e.g. Battles,Riots).")
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a static map (PNG) for reports: the same basemap, zones, labels and legend counts "
              "as the HTML, with the date range and sources.")  # fmt: skip
@click.option("--embed", is_flag=True, help="Print an <iframe> snippet to paste into a report page (instead of the path).")
@_rules_only_option
@_run_options
def map_command(
    paths: tuple[str, ...], output: Path, offline: bool, title: str, since: dt.datetime | None, until: dt.datetime | None,
    types: str, png: Path | None, embed: bool, rules_only: bool, force: bool, places_file: Path | None,
    country: str | None, online: bool, online_url: str, quiet: bool, verbose: int, store_path: Path | None = None,
) -> None:  # fmt: skip
    """Documents (or an events file from `geomap extract`) in, interactive HTML map out.

    PATHS may be files, folders (read recursively) or events files written by
    `geomap extract` (.geojson, .csv, .gpkg, .parquet), which are drawn as they
    are (edit them by hand or in QGIS and render again; a row that breaks the
    event schema is reported with its row number and left out).
    """
    _setup_logging(verbose)
    if not paths and store_path is None:
        raise click.UsageError("give documents (PATHS) or --store FILE")
    if str(output) == "-":
        raise click.BadParameter("a map is written to a file, not to standard output; give a name such as map.html", param_hint="'-o'")
    _guard(output, force)
    if png is not None:
        _guard(png, force)
    failures = Failures()
    events, stats = _events_from_inputs(
        paths, places_file=places_file, country=country, quiet=quiet, failures=failures,
        online_url=_online_url(online, online_url), rules_only=rules_only,
    )  # fmt: skip
    from geomap.schema import paused_gc

    # from here on the work is 100,000s of records without cycles, built and dropped in bulk
    with paused_gc():
        if store_path is not None:
            from geomap.events import merge_events

            stored = _stored_events(store_path)
            stats.update(store=str(store_path), stored=len(stored))
            events = merge_events([*stored, *events]) if events else stored
        type_list = _event_types(types, events)
        events = _filter(events, since.date() if since else None, until.date() if until else None, type_list)
        _refuse_empty_run(stats, events, failures, output)
        _write_map_and_figure(events, output, png, title=title, offline=offline)
    _summary(stats, events, failures, quiet, str(output))
    if embed:
        from geomap.render.figures import embed_snippet

        click.echo(embed_snippet(output, title=title))
    else:
        click.echo(str(output))
    sys.exit(failures.exit_code)


def _write_map_and_figure(events: Sequence[Event], output: Path, png: Path | None, *, title: str, offline: bool) -> None:
    from geomap.render import write_map

    try:
        write_map(events, output, title=title, offline=offline)
        if png is not None:
            from geomap.render.figures import png_from_events

            png_from_events(events, png, title=title)
    except (GeomapError, OSError) as err:
        raise click.ClickException(str(err)) from err


@main.command("extract")
@_paths_argument
@click.option("-o", "--output", required=True, metavar="FILE",
              help="Events file: .geojson, .csv, .gpkg or .parquet; '-' writes GeoJSON to stdout.")  # fmt: skip
@click.option("--planned", is_flag=True,
              help="Also write planned, announced or threatened events (flagged planned=true); by default only "
                   "what the text says happened.")  # fmt: skip
@click.option("--explain", is_flag=True,
              help="Print to stderr, for every sentence that holds an event word, whether it was kept, joined to "
                   "the incident before, or dropped, and why.")  # fmt: skip
@_rules_only_option
@_run_options
def extract_command(
    paths: tuple[str, ...], output: str, planned: bool, explain: bool, rules_only: bool, force: bool,
    places_file: Path | None, country: str | None, online: bool, online_url: str, quiet: bool, verbose: int,
) -> None:  # fmt: skip
    """Events only, in the event schema of INTERFACE.md (ACLED-style columns).

    Each candidate sentence is read clause by clause (spaCy's dependency parse): negated,
    hypothetical and habitual statements are not incidents; plans are kept only with
    --planned. --explain shows every call.
    """
    from geomap.exports import dump_geojson, write_events

    _setup_logging(verbose)
    if output != "-":
        _guard(Path(output), force)
    failures = Failures()
    events, stats = _events_from_inputs(
        paths, places_file=places_file, country=country, quiet=quiet, failures=failures,
        online_url=_online_url(online, online_url), rules_only=rules_only, explain=explain,
    )  # fmt: skip
    if not planned:
        events = [e for e in events if not e.planned]
    _refuse_empty_run(stats, events, failures, output)
    if output == "-":
        dump_geojson(events, sys.stdout)
    else:
        try:
            write_events(events, output)
        except GeomapError as err:
            raise click.ClickException(str(err)) from err
    _summary(stats, events, failures, quiet, output)
    sys.exit(failures.exit_code)


def _stored_events(store_path: Path) -> list[Event]:
    from geomap.store import Store

    try:
        with Store(store_path, read_only=True) as store:  # reading never changes the file
            return store.events()
    except GeomapError as err:
        raise click.ClickException(str(err)) from err


@main.command("ingest")
@_paths_argument
@click.option("--store", "store_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite store file (created if missing). Re-ingesting is safe: unchanged documents are skipped.")
@click.option("--workers", type=click.IntRange(1, 256), help="Run places/events on a local Dask cluster of N processes.")
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Run places/events on an existing Dask cluster.")
@_places_option
@_country_option
@_online_options
@_quiet_option
@_verbose_option
def ingest_command(
    paths: tuple[str, ...], store_path: Path, workers: int | None, scheduler: str | None, places_file: Path | None,
    country: str | None, online: bool, online_url: str, quiet: bool, verbose: int,
) -> None:  # fmt: skip
    """Add documents and their events to an embedded store (idempotent).

    A document already stored unchanged is skipped; a changed one (same ref,
    new text) replaces its events; one that cannot be read is kept in
    quarantine with its error and reported. Then `geomap map --store FILE`
    or `geomap export --store FILE`.
    """
    from geomap.ingest import ingest
    from geomap.pipeline import Settings
    from geomap.store import StoreError

    _setup_logging(verbose)
    if workers and scheduler:
        raise click.UsageError("--workers and --scheduler exclude each other")
    settings = Settings(user_places=places_file, default_country=country.upper() if country else None,
                        online_url=_online_url(online, online_url))  # fmt: skip
    failures = Failures()
    with _progress(None, quiet, "ingesting") as bar:

        def seen(outcome) -> None:  # noqa: ANN001
            bar.update(1)
            if outcome.action == "failed":
                failures.report(DocumentError(outcome.doc_key, outcome.error or "failed"))

        try:
            summary = ingest(paths, store_path, settings=settings, workers=workers, scheduler=scheduler, on_outcome=seen)
        except (StoreError, GeomapError) as err:
            raise click.ClickException(str(err)) from err
    if not quiet:
        from geomap.store import Store

        try:
            with Store(store_path, read_only=True) as store:
                totals = store.counts()
        except GeomapError as err:
            raise click.ClickException(str(err)) from err
        click.echo(
            f"geomap: {summary.added} added, {summary.replaced} replaced, {summary.unchanged} unchanged, "
            f"{summary.failed} failed, {summary.events} event(s) written -> {store_path} (now {totals['documents']} "
            f"document(s), {totals['events']} event row(s), {totals['unresolved']} of {totals['mentions']} place mention(s) unresolved)",
            err=True,
        )
    sys.exit(failures.exit_code)


@main.command("export")
@click.option("--store", "store_path", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Store to read.")
@click.option("-o", "--output", required=True, metavar="FILE",
              help="Events file: .geojson, .csv, .gpkg, .parquet or .kml; '-' writes GeoJSON to stdout.")  # fmt: skip
@_force_option
@_quiet_option
def export_command(store_path: Path, output: str, force: bool, quiet: bool) -> None:
    """Events of a store (merged across documents) in any export format."""
    from geomap.exports import dump_geojson, write_events

    if output != "-":
        _guard(Path(output), force)
    events = _stored_events(store_path)
    if output == "-":
        dump_geojson(events, sys.stdout)
    else:
        try:
            write_events(events, output)
        except GeomapError as err:
            raise click.ClickException(str(err)) from err
    if not quiet:
        placed = sum(e.lat is not None and e.lon is not None for e in events)
        # KML holds placemarks only: say how many events it left out
        dropped = len(events) - placed if output != "-" and Path(output).suffix.lower() == ".kml" else 0
        written = f"{placed} written, {dropped} without a place left out" if dropped else f"{len(events)} written"
        click.echo(f"geomap: {len(events)} event(s) ({placed} placed) from the store {store_path}; {written} -> {output}",
                   err=True)  # fmt: skip


@main.command("parse")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print every field as JSON (INTERFACE.md).")
def parse_command(file: Path, as_json: bool) -> None:
    """One document: its metadata and numbered paragraphs, as the reader sees them."""
    from geomap.documents import document_from_path

    try:
        document = document_from_path(file)
    except DocumentError as err:
        click.echo(f"geomap: {err}", err=True)
        sys.exit(1)
    data = document_json(document)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    for key in ("format", "encoding", "ref", "datetime", "origin", "classification", "subject", "tags", "references", "signer", "released"):
        value = data[key]
        click.echo(f"{key:>15}: {', '.join(value) if isinstance(value, list) else value}")
    click.echo(f"{'paragraphs':>15}: {len(document.paragraphs)}")
    for p in document.paragraphs:
        first = " ".join(p.text.split())
        click.echo(f"  {p.number:>3}. ({p.marking or '-'}) {first[:100]}{'...' if len(first) > 100 else ''}")


@main.command("places")
@_paths_argument
@click.option("--json", "as_json", is_flag=True, help="Print {'mentions': [...]} as JSON (INTERFACE.md).")
@_places_option
@_country_option
@_online_options
@_verbose_option
def places_command(
    paths: tuple[str, ...], as_json: bool, places_file: Path | None, country: str | None, online: bool, online_url: str,
    verbose: int,
) -> None:  # fmt: skip
    """Toponym mentions: document, span, text and the place each resolved to (or none)."""
    _setup_logging(verbose)
    failures = Failures()
    pipeline = _pipeline(places_file, country, _online_url(online, online_url))
    rows = []
    for item in pipeline.documents(paths):
        if isinstance(item, DocumentError):
            failures.report(item)
            continue
        rows.extend(mention_json(item, m) for m in pipeline.mentions(item, demonyms=True))
    if as_json:
        click.echo(json.dumps({"mentions": rows}, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            place = r["place"]
            where = f"{place['name']} [{place['kind']}, {place['country']}] {place['lat']:.4f},{place['lon']:.4f} {place['id']}" if place else "(unresolved)"
            click.echo(f"{r['document']}:{r['paragraph']}:{r['start']}  {' '.join(r['text'].split())!s:<28} -> {where}")
    sys.exit(failures.exit_code)


@main.command("demo")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=OUTPUTS_DIR / "demo.html", show_default=True)
@click.option("--online", is_flag=True, help="Put OpenStreetMap tiles (fetched when the page is viewed) under the built-in basemap.")
@_quiet_option
def demo_command(output: Path, online: bool, quiet: bool) -> None:
    """Render the example documents shipped in examples/ into outputs/ (self-contained by default)."""
    from geomap.render import write_map

    if not EXAMPLES_DIR.is_dir():
        raise click.ClickException(f"{EXAMPLES_DIR}: example documents not found (run from a checkout of geomap)")
    _guard(output, False)
    failures = Failures()
    events, stats = _events_from_inputs([str(EXAMPLES_DIR)], places_file=None, country=None, quiet=quiet, failures=failures)
    try:
        write_map(events, output, title="geomap demo: Peru, 2005-2008 (example reports)", offline=not online)
    except (GeomapError, OSError) as err:
        raise click.ClickException(f"{output}: {err}") from err
    _summary(stats, events, failures, quiet, str(output))
    click.echo(str(output.resolve()))
    sys.exit(failures.exit_code)


if __name__ == "__main__":  # pragma: no cover
    main()
