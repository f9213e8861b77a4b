"""GeoNames dumps the analyst imports: rivers, valleys, mountains, bases and every village.

``gazetteer import-geonames PE.zip`` reads a dump in GeoNames' 19-column
layout (allCountries.txt, PE.txt, cities500.txt; plain or zipped), indexes it
once into SQLite under the data directory, and from then on the
``geonames-imports`` source answers from every imported file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from gazetteer.errors import GazetteerDataError
from gazetteer.model import Candidate, Kind, Place
from gazetteer.names import is_latin
from gazetteer.sources.base import Source
from gazetteer.sources.peru_admin import geonames_admin1_name, geonames_admin2_name
from gazetteer.sqlite_index import SCHEMA_VERSION, SqliteNameIndex, build_sqlite_index

log = logging.getLogger(__name__)

COLUMNS = 19
#: GeoNames feature class / code -> our kind (https://www.geonames.org/export/codes.html)
FEATURE_KINDS: dict[str, Kind] = {
    "A.PCLI": Kind.COUNTRY, "A.PCL": Kind.COUNTRY, "A.ADM1": Kind.ADMIN1, "A.ADM2": Kind.PROVINCE,
    "A.ADM3": Kind.DISTRICT, "H.STM": Kind.RIVER, "H.STMI": Kind.RIVER, "T.VAL": Kind.VALLEY,
    "T.VALS": Kind.VALLEY, "T.MT": Kind.MOUNTAIN, "T.MTS": Kind.MOUNTAIN, "T.PK": Kind.MOUNTAIN,
    "T.HLL": Kind.MOUNTAIN, "T.PLAT": Kind.REGION, "L.RGN": Kind.REGION, "L.AREA": Kind.REGION,
    "S.MILB": Kind.SITE, "S.AIRP": Kind.SITE, "S.AIRF": Kind.SITE, "S.PO": Kind.SITE, "S.PP": Kind.SITE,
}  # fmt: skip
CLASS_KINDS: dict[str, Kind] = {"P": Kind.POPULATED_PLACE, "A": Kind.DISTRICT, "H": Kind.SITE, "T": Kind.SITE,
                                "S": Kind.SITE, "L": Kind.REGION, "R": Kind.SITE, "U": Kind.SITE, "V": Kind.SITE}  # fmt: skip


def default_data_dir() -> Path:
    """Where imported data lives: $GEOMAP_DATA_DIR, else $XDG_DATA_HOME/geomap, else ~/.local/share/geomap."""
    if os.environ.get("GEOMAP_DATA_DIR"):
        return Path(os.environ["GEOMAP_DATA_DIR"])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "geomap"


def _lines(path: Path) -> Iterator[str]:
    """Text lines of a dump, from a plain file or the main .txt inside a zip."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
            if not members:
                raise GazetteerDataError(f"{path}: no GeoNames .txt file inside the zip")
            member = f"{path.stem}.txt" if f"{path.stem}.txt" in members else max(members, key=lambda m: archive.getinfo(m).file_size)
            with archive.open(member) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8", errors="replace")
        return
    with path.open(encoding="utf-8", errors="replace") as f:
        yield from f


def places_from_dump(path: str | os.PathLike[str], *, on_line: Callable[[], None] | None = None) -> Iterator[Place]:
    """Places of a GeoNames dump; malformed lines are skipped and counted in the log, never fatal."""
    path = Path(path)
    skipped = 0
    for number, row in enumerate(csv.reader(_lines(path), delimiter="\t", quoting=csv.QUOTE_NONE), 1):
        if on_line is not None:
            on_line()
        if not row or row[0].startswith("#"):
            continue
        if len(row) != COLUMNS:
            skipped += 1
            if number == 1 and skipped == 1:
                raise GazetteerDataError(f"{path}: line 1 has {len(row)} columns; a GeoNames dump has {COLUMNS}, tab-separated")
            continue
        try:
            geonameid, name, asciiname, alternates, lat, lon, fclass, fcode, country = row[:9]
            admin1, admin2, population = row[10], row[11], row[14]
            kind = FEATURE_KINDS.get(f"{fclass}.{fcode}") or CLASS_KINDS.get(fclass, Kind.SITE)
            names = {n for n in alternates.split(",") if n and is_latin(n)} | ({asciiname} if asciiname else set())
            yield Place(
                id=f"geonames:{int(geonameid)}",
                name=name,
                kind=kind,
                country=country or None,
                lat=float(lat),
                lon=float(lon),
                admin1=geonames_admin1_name(country, admin1),
                admin2=geonames_admin2_name(country, admin2),
                population=int(population or 0),
                alternate_names=tuple(sorted(names - {name})),
                source=GeonamesImportsSource.name,
                licence=GeonamesImportsSource.licence,
            )
        except (ValueError, IndexError):
            skipped += 1
    if skipped:
        log.warning("%s: %d malformed line(s) skipped", path, skipped)


def import_dump(path: str | os.PathLike[str], *, data_dir: Path | None = None, on_line: Callable[[], None] | None = None) -> Path:
    """Index a GeoNames dump for the ``geonames-imports`` source; importing the same file again is a no-op."""
    path = Path(path)
    if not path.is_file():
        raise GazetteerDataError(f"{path}: no such file")
    digest = hashlib.sha1()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    target = (data_dir or default_data_dir()) / "imports" / f"{path.stem}-{digest.hexdigest()[:12]}-v{SCHEMA_VERSION}.sqlite"
    if target.exists():
        return target
    build_sqlite_index(places_from_dump(path, on_line=on_line), target)
    return target


class MultiIndex:
    """Several SQLite name indexes answering as one (one per imported dump)."""

    def __init__(self, indexes: Iterable[SqliteNameIndex]) -> None:
        self.indexes = list(indexes)

    def __len__(self) -> int:
        return sum(len(i) for i in self.indexes)

    def __contains__(self, name: str) -> bool:
        return any(name in i for i in self.indexes)

    def lookup(self, name: str) -> list[Candidate]:
        return [c for i in self.indexes for c in i.lookup(name)]

    def max_words(self, first_word: str) -> int:
        return max((i.max_words(first_word) for i in self.indexes), default=0)

    def names_in_country(self, country: str) -> Iterator[tuple[str, Place]]:
        for i in self.indexes:
            yield from i.names_in_country(country)

    def names_starting(self, letter: str) -> Iterator[str]:
        for i in self.indexes:
            yield from i.names_starting(letter)

    @property
    def places(self) -> Iterator[Place]:
        for i in self.indexes:
            yield from i.places


class GeonamesImportsSource(Source):
    """Every GeoNames dump imported with `gazetteer import-geonames` (none: an empty source)."""

    name = "geonames-imports"
    licence = "CC BY 4.0 (GeoNames)"

    def __init__(self, *, data_dir: Path | None = None) -> None:
        super().__init__()
        self.data_dir = data_dir

    def load(self) -> Iterator[Place]:  # pragma: no cover - the index is opened directly
        return iter(())

    @property
    def index(self) -> MultiIndex:  # type: ignore[override]
        if self._index is None:
            folder = (self.data_dir or default_data_dir()) / "imports"
            files = sorted(folder.glob(f"*-v{SCHEMA_VERSION}.sqlite")) if folder.is_dir() else []
            self._index = MultiIndex(SqliteNameIndex(f) for f in files)  # type: ignore[assignment]
        return self._index  # type: ignore[return-value]
