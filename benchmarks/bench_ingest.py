"""Ingest throughput, serial vs a 2-worker local Dask cluster, and peak memory.

Usage: python benchmarks/bench_ingest.py --mb 200 [--csv]   (generates the corpus under benchmarks/data/ingest-*)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(source: Path, store: Path, workers: int | None) -> dict:
    code = (
        "import sys, time, json, resource\n"
        "from geomap.ingest import ingest\n"
        "t = time.perf_counter()\n"
        f"s = ingest([{str(source)!r}], {str(store)!r}, workers={workers!r})\n"
        "dt = time.perf_counter() - t\n"
        "print(json.dumps(dict(seconds=dt, added=s.added, events=s.events, failed=s.failed,\n"
        "      peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,\n"
        "      children_peak_rss_mb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=HERE.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200)
    parser.add_argument("--csv", action="store_true", help="ingest the release CSV instead of the folder")
    parser.add_argument("--modes", default="serial,dask2")
    args = parser.parse_args()
    data = HERE / "data" / f"ingest-{int(args.mb)}"
    if not (data / "release.csv").exists():
        sys.path.insert(0, str(HERE))
        from generate import generate

        generate(data, args.mb)
    source = data / "release.csv" if args.csv else data / "cables"
    size = source.stat().st_size if args.csv else sum(p.stat().st_size for p in source.rglob("*.txt"))
    for mode in args.modes.split(","):
        store = data / f"{mode}.sqlite"
        for f in data.glob(f"{mode}.sqlite*"):
            f.unlink()
        r = run(source, store, None if mode == "serial" else int(mode.removeprefix("dask")))
        r["mb_per_s"] = size / 1e6 / r["seconds"]
        print(f"| {mode} | {source.name} {size / 1e6:.0f} MB | " + ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in r.items()) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
