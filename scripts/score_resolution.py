"""Resolution alone, scored on a corpus in the XML layout of Gritta et al. (TR-News, GeoVirus, LGL).

Usage:
  python scripts/score_resolution.py ../shared/corpus/geoparse/TR-News.xml [--limit N] [--misses N]

The gold toponyms (character spans) of each article go in through
``geomap.mentions_from_spans``, so spotting plays no part; each place that comes
out is compared with the gold point. Prints:

  acc@161      gold toponyms placed within 161 km / all gold toponyms (unplaced ones count as misses)
  placed       share of gold toponyms given a place at all
  placed acc@161, mean and median error (km), AUC of the log error (Gritta et al.), over the placed ones

The corpora are GPL: they are read at run time only, and nothing of them is kept in
this repository. Some files' offsets are off by a few characters (all of GeoVirus
by one): a span whose text is not its phrase is moved to the nearest place the
phrase occurs (reported as "realigned").
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import geomap
from gazetteer import km_between

#: the usual threshold of geoparsing scores: 100 miles
ACCURACY_KM = 161
#: half the Earth's circumference, the largest error there is (for the AUC)
MAX_KM = 20039


@dataclass(frozen=True, slots=True)
class Gold:
    start: int
    end: int
    phrase: str
    lat: float
    lon: float


def articles_from_xml(path: Path) -> list[tuple[str, list[Gold]]]:
    """(text, gold toponyms with coordinates) of each article; toponyms without coordinates are left out."""
    articles = []
    for article in ET.parse(path).getroot().iter("article"):
        golds = []
        for toponym in [*article.iter("toponym"), *article.iter("location")]:
            start, end = toponym.findtext("start"), toponym.findtext("end")
            lat = toponym.findtext("gaztag/lat") or toponym.findtext("latitude") or toponym.findtext("lat")
            lon = toponym.findtext("gaztag/lon") or toponym.findtext("longitude") or toponym.findtext("lon")
            phrase = toponym.findtext("phrase") or toponym.findtext("extractedName") or toponym.findtext("name") or ""
            if start is None or end is None or lat is None or lon is None:
                continue
            golds.append(Gold(int(start), int(end), phrase, float(lat), float(lon)))
        articles.append((article.findtext("text") or "", golds))
    return articles


def aligned(text: str, gold: Gold) -> tuple[int, int] | None:
    """The gold span, or the nearest occurrence of its phrase when the offsets miss it; None when neither fits."""
    if text[gold.start : gold.end] == gold.phrase or not gold.phrase:
        return (gold.start, gold.end) if 0 <= gold.start < gold.end <= len(text) else None
    found, at = [], text.find(gold.phrase)
    while at >= 0:
        found.append(at)
        at = text.find(gold.phrase, at + 1)
    if not found:
        return (gold.start, gold.end) if 0 <= gold.start < gold.end <= len(text) else None
    start = min(found, key=lambda s: abs(s - gold.start))
    return start, start + len(gold.phrase)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="score the first N articles only")
    parser.add_argument("--misses", type=int, default=0, help="print the first N misses (name, gold point, place, km)")
    args = parser.parse_args(argv)
    articles = articles_from_xml(args.corpus)[: args.limit or None]
    errors: list[float] = []
    total = realigned = unusable = 0
    misses: list[str] = []
    began = time.perf_counter()
    for text, golds in articles:
        spans, kept = [], []
        for gold in golds:
            total += 1
            span = aligned(text, gold)
            if span is None:
                unusable += 1
                continue
            realigned += span != (gold.start, gold.end)
            spans.append(span)
            kept.append(gold)
        for gold, mention in zip(kept, geomap.mentions_from_spans(text, spans)):
            if mention.place is None:
                misses.append(f"{mention.text!r}: no place ({', '.join(mention.reasons[:1]) or 'no candidate'})")
                continue
            km = km_between(gold.lat, gold.lon, mention.place.lat, mention.place.lon)
            errors.append(km)
            if km > ACCURACY_KM:
                misses.append(f"{mention.text!r}: gold {gold.lat:.2f},{gold.lon:.2f}, got {mention.place.name} "
                              f"[{mention.place.kind.value}, {mention.place.country}] {km:.0f} km")  # fmt: skip
    seconds = time.perf_counter() - began
    hits = sum(km <= ACCURACY_KM for km in errors)
    auc = statistics.mean(math.log(km + 1) / math.log(MAX_KM + 1) for km in errors) if errors else 0.0
    for line in misses[: args.misses]:
        print("miss", line)
    print(f"{args.corpus.name}: {len(articles)} articles, {total} gold toponyms ({realigned} realigned, {unusable} unusable), "
          f"{seconds:.1f} s")  # fmt: skip
    print(f"placed {len(errors)}/{total} ({len(errors) / max(1, total):.3f}); of the placed: acc@161={hits / max(1, len(errors)):.3f} "
          f"mean_km={statistics.mean(errors) if errors else 0:.0f} median_km={statistics.median(errors) if errors else 0:.0f} AUC={auc:.2f}")  # fmt: skip
    print(f"score acc@161={hits / max(1, total):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
