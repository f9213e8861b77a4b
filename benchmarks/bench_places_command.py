"""`geomap places` and `gazetteer lookup` as users run them: whole commands in fresh processes.

Times `geomap places FILES --json` on real cables (the 39 dev cables and the 5
seeds of ../shared/corpus) with /usr/bin/time -v: wall clock (imports, index
opening and the run), MB/s and documents/s, peak RSS; then the same resolution
warm in one process (best of ten passes), where the start-up does not count. With --gazetteer it also
builds the gazetteer's indexes in an empty cache folder (GEOMAP_CACHE_DIR, so no
one's ~/.cache is touched) as a first run does, measures their size on disk, and
times `gazetteer lookup Lima` in fresh processes once they exist.

Several checkouts can be compared, interleaved round by round so that the
machine's drift hits them alike: `--tree before=/tmp/worktree` runs that tree's
code (PYTHONPATH, same interpreter); this checkout is always measured as "now".

Usage: python benchmarks/bench_places_command.py [--rounds 3] [--tree NAME=DIR ...] [--gazetteer]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"
TIME = "/usr/bin/time"


def corpora() -> dict[str, list[Path]]:
    """The real cables, where ../shared is present: name -> files (the dev folder's notes left out);
    and one line of text, whose run is the command's start-up (imports, opening the indexes)."""
    found = {"dev cables": sorted((CORPUS / "cables-dev").glob("*.txt")), "seeds": sorted((CORPUS / "seeds").glob("*.txt"))}
    line = Path(tempfile.gettempdir()) / "geomap-bench-one-line.txt"
    line.write_text("Police patrolled Pichari.\n", encoding="utf-8")
    return {name: files for name, files in found.items() if files} | {"one line (start-up)": [line]}


def timed(command: list[str], tree: Path, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of ``command`` run with ``tree``'s code."""
    environment = {**os.environ, "PYTHONPATH": str(tree), **(env or {})}
    done = subprocess.run([TIME, "-v", *command], capture_output=True, text=True, env=environment, cwd=tree)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    if wall is None or rss is None:
        raise SystemExit(f"no timing from {TIME}: {done.stderr[-500:]}")
    hours, minutes, seconds = wall.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds), int(rss[1]) / 1024, done.stdout


def places_runs(trees: dict[str, Path], rounds: int) -> list[dict]:
    """`geomap places FILES --json` for each corpus and tree, interleaved, ``rounds`` times."""
    rows: dict[tuple[str, str], dict] = {}
    for _ in range(rounds):
        for corpus, files in corpora().items():
            size = sum(f.stat().st_size for f in files) / 1e6
            for name, tree in trees.items():
                command = [sys.executable, "-m", "geomap.cli", "places", *map(str, files), "--json"]
                wall, rss, out = timed(command, tree)
                mentions = json.loads(out)["mentions"]
                row = rows.setdefault((corpus, name), dict(what=f"places {corpus} ({name})", mb=size, docs=len(files),
                                                           walls=[], rss=[], mentions=len(mentions),
                                                           placed=sum(m["place"] is not None for m in mentions)))  # fmt: skip
                row["walls"].append(wall)
                row["rss"].append(rss)
    for row in rows.values():
        walls = row.pop("walls")
        row.update(seconds=f"{min(walls):.2f}-{max(walls):.2f}", mb_per_s=f"{row['mb'] / max(walls):.3f}-{row['mb'] / min(walls):.3f}",
                   docs_per_s=f"{row['docs'] / max(walls):.1f}-{row['docs'] / min(walls):.1f}",
                   peak_rss_mb=f"{min(row['rss']):.0f}-{max(row.pop('rss')):.0f}")  # fmt: skip
    return list(rows.values())


#: one process: the resolution `geomap places` runs per document, warm (the first pass opens the
#: indexes and fills the caches), best of ten passes; prints seconds and the mentions found
_WARM = """
import inspect, json, sys, time
from geomap.documents import document_from_path
from geomap.pipeline import Pipeline
documents = [document_from_path(f) for f in sys.argv[1:]]
pipeline = Pipeline()
options = {"demonyms": True} if "demonyms" in inspect.signature(pipeline.mentions).parameters else {}
times = []
for _ in range(11):
    t = time.perf_counter()
    found = sum(len(pipeline.mentions(d, **options)) for d in documents)
    times.append(time.perf_counter() - t)
print(json.dumps({"seconds": min(times[1:]), "mentions": found}))
"""


def places_warm(trees: dict[str, Path], rounds: int) -> list[dict]:
    """The same resolution in one warm process (no start-up, no JSON): per corpus and tree, interleaved."""
    rows: dict[tuple[str, str], dict] = {}
    for _ in range(rounds):
        for corpus, files in corpora().items():
            if len(files) == 1:
                continue
            size = sum(f.stat().st_size for f in files) / 1e6
            for name, tree in trees.items():
                environment = {**os.environ, "PYTHONPATH": str(tree)}
                done = subprocess.run([sys.executable, "-c", _WARM, *map(str, files)], capture_output=True, text=True,
                                      env=environment, cwd=tree, check=True)  # fmt: skip
                got = json.loads(done.stdout.strip().splitlines()[-1])
                row = rows.setdefault((corpus, name), dict(what=f"places {corpus}, warm, in process ({name})", mb=size,
                                                           docs=len(files), mentions=got["mentions"], times=[]))  # fmt: skip
                row["times"].append(got["seconds"])
    for row in rows.values():
        times = row.pop("times")
        row.update(seconds=f"{min(times):.3f}-{max(times):.3f}", mb_per_s=f"{row['mb'] / max(times):.2f}-{row['mb'] / min(times):.2f}",
                   docs_per_s=f"{row['docs'] / max(times):.0f}-{row['docs'] / min(times):.0f}")  # fmt: skip
    return list(rows.values())


def gazetteer_runs(trees: dict[str, Path], rounds: int, lookups: int = 3) -> list[dict]:
    """Per tree and round, interleaved: a first run in an empty cache folder (it builds the
    indexes), their size on disk, then ``lookups`` fresh `gazetteer lookup Lima` processes."""
    command = [sys.executable, "-m", "gazetteer.cli", "lookup", "Lima"]
    runs: dict[str, dict[str, list]] = {name: {"build": [], "first": [], "later": [], "rss": []} for name in trees}
    sizes: dict[str, str] = {}
    for _ in range(rounds):
        for name, tree in trees.items():
            with tempfile.TemporaryDirectory(prefix=f"geomap-cache-{name}-") as cache:
                env = {"GEOMAP_CACHE_DIR": cache}
                wall, rss, _ = timed(command, tree, env)
                runs[name]["build"].append(wall)
                files = sorted(Path(cache).iterdir())
                sizes[name] = f"{sum(f.stat().st_size for f in files) / 1e6:.1f} MB (" + ", ".join(
                    f"{f.name} {f.stat().st_size / 1e6:.1f}" for f in files) + ")"  # fmt: skip
                for k in range(lookups):
                    wall, rss, _ = timed(command, tree, env)
                    runs[name]["first" if k == 0 else "later"].append(wall)
                    runs[name]["rss"].append(rss)
    rows = []
    for name, got in runs.items():
        rows.append(dict(what=f"first run, indexes built ({name})", seconds=_spread(got["build"]), on_disk=sizes[name]))
        rows.append(dict(what=f"gazetteer lookup Lima, first process after the build ({name})", seconds=_spread(got["first"]),
                         later_processes=_spread(got["later"]), peak_rss_mb=f"{max(got['rss']):.0f}"))  # fmt: skip
    return rows


def _spread(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f} (median {statistics.median(values):.2f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tree", action="append", default=[], metavar="NAME=DIR", help="another checkout to measure")
    parser.add_argument("--gazetteer", action="store_true", help="also the index build and `gazetteer lookup Lima`")
    args = parser.parse_args(argv)
    trees = {name: Path(folder).resolve() for name, folder in (t.split("=", 1) for t in args.tree)}
    trees["now"] = HERE.parent
    if len(corpora()) == 1:
        print(f"no cables under {CORPUS} (../shared is only present in the dev workplace)")
    rows = places_runs(trees, args.rounds) + places_warm(trees, args.rounds)
    if args.gazetteer:
        rows += gazetteer_runs(trees, args.rounds)
    for row in rows:
        print("| " + row.pop("what") + " | " + ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
