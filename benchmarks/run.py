"""geomap benchmarks: parse throughput, pipeline throughput, gazetteer load/lookup, CSV memory.

Usage:
  python benchmarks/run.py [--mb 120] [--only parse,pipeline,cables,places,stages,floor,long,gazetteer]

Generates the synthetic corpus on first use (benchmarks/generate.py), runs
each benchmark in a fresh subprocess (so caches and peak RSS are its own)
and prints a Markdown table to paste into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"


def _child(code: str) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON object (plus peak RSS we add)."""
    wrapper = code + "\nimport resource, json as _j\nRESULT['peak_rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\nprint(_j.dumps(RESULT))\n"
    out = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True, check=True, cwd=HERE.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_parse_folder(folder: Path) -> dict:
    return _child(f"""
import time
from pathlib import Path
from geomap.documents import documents_from_paths, files_from_paths
files = list(files_from_paths([{str(folder)!r}]))
size = sum(f.stat().st_size for f in files)
t = time.perf_counter(); n = 0; failed = 0
for d in documents_from_paths(files):
    n += 1
    failed += type(d).__name__ == 'DocumentError'
dt = time.perf_counter() - t
RESULT = dict(what='parse folder', mb=size / 1e6, seconds=dt, mb_per_s=size / 1e6 / dt, docs_per_s=n / dt, docs=n, failed=failed)
""")


def bench_parse_csv(path: Path) -> dict:
    return _child(f"""
import time
from pathlib import Path
from geomap.documents import documents_from_paths
size = Path({str(path)!r}).stat().st_size
t = time.perf_counter(); n = 0
for d in documents_from_paths([{str(path)!r}]):
    n += 1
dt = time.perf_counter() - t
RESULT = dict(what='parse release CSV', mb=size / 1e6, seconds=dt, mb_per_s=size / 1e6 / dt, docs_per_s=n / dt, docs=n)
""")


def bench_pipeline(folder: Path, limit_mb: float) -> dict:
    return _child(f"""
import time
from geomap.documents import files_from_paths
from geomap.pipeline import Pipeline
files = []
size = 0
for f in files_from_paths([{str(folder)!r}]):
    files.append(f); size += f.stat().st_size
    if size >= {limit_mb} * 1e6: break
pipeline = Pipeline()
pipeline.gazetteer.resolve('Lima')  # open the index outside the timing
t = time.perf_counter()
result = pipeline.run(files)
dt = time.perf_counter() - t
RESULT = dict(what='pipeline read->places->events (1 process)', mb=size / 1e6, seconds=dt, mb_per_s=size / 1e6 / dt,
              docs_per_s=result.documents / dt, docs=result.documents, events=len(result.events))
""")


def bench_pipeline_real(paths: list[Path], rounds: int = 20, *, parser: bool = True, what: str = "real cables") -> dict:
    """The pipeline on real cables (the shared seeds and our examples), warm caches, best of ``rounds``;
    ``parser=False`` decides with the rules alone (no spaCy parse)."""
    return _child(f"""
import time
from geomap.documents import files_from_paths
from geomap.pipeline import Pipeline, Settings
files = list(files_from_paths({[str(p) for p in paths]!r}))
size = sum(f.stat().st_size for f in files)
pipeline = Pipeline(Settings(parser={parser!r}))
pipeline.run(files)  # the first run opens the index, loads the sources and the parser
times = []
for _ in range({rounds}):
    t = time.perf_counter()
    result = pipeline.run(files)
    times.append(time.perf_counter() - t)
best = min(times)
RESULT = dict(what='pipeline on {what} (warm, best of {rounds}{"" if parser else ", rules only"})', mb=size / 1e6, seconds=best,
              mb_per_s=size / 1e6 / best, docs_per_s=result.documents / best, docs=result.documents,
              events=len(result.events))
""")


def bench_stages(folder: Path, limit_mb: float) -> dict:
    """Where the pipeline's time goes: each stage timed on its own over the same documents (warm caches)."""
    return _child(f"""
import time
from geomap.documents import documents_from_paths, files_from_paths
from geomap.events import events_from_document, load_rules, merge_events
from geomap.pipeline import Pipeline
files, size = [], 0
for f in files_from_paths([{str(folder)!r}]):
    files.append(f); size += f.stat().st_size
    if size >= {limit_mb} * 1e6: break
pipeline, rules = Pipeline(), load_rules()
pipeline.run(files[:50])  # warm the gazetteer and the rule tables
clock = time.perf_counter
t = clock(); docs = list(documents_from_paths(files)); parse = clock() - t
t = clock(); mentions = [pipeline.mentions(d) for d in docs]; places = clock() - t
t = clock(); events = [events_from_document(d, m, rules=rules) for d, m in zip(docs, mentions)]; extract = clock() - t
t = clock(); merged = [merge_events(e, links={{d.name: frozenset(d.references)}}) for d, e in zip(docs, events)]; merge = clock() - t
links = {{d.name: frozenset(d.references) for d in docs}}
t = clock(); final = merge_events([e for batch in merged for e in batch], links=links); across = clock() - t
ms = lambda seconds: round(seconds / len(docs) * 1000, 3)
RESULT = dict(what='pipeline stages, ms per document', mb=size / 1e6, docs=len(docs), read=ms(parse),
              mentions_and_places=ms(places), events=ms(extract), merge_in_document=ms(merge),
              merge_across=ms(across), events_merged=len(final))
""")


def bench_floor(folder: Path, limit_mb: float) -> dict:
    """What any pure-Python pipeline pays before it finds one event: the text passes it cannot skip
    (read, sentence split, one keyword scan, one word scan) and the per-event merge, against the
    issue-5 budget of 5 MB/s (how much of that budget these alone use)."""
    return _child(f"""
import re, time
from geomap.documents import documents_from_paths, files_from_paths
from geomap.events import load_rules, merge_events
from geomap.events.sentences import sentences_from
from geomap.pipeline import Pipeline
files, size = [], 0
for f in files_from_paths([{str(folder)!r}]):
    files.append(f); size += f.stat().st_size
    if size >= {limit_mb} * 1e6: break
rules, words = load_rules(), re.compile(r"\\w+")
docs = list(documents_from_paths(files))
paragraphs = [p.text for d in docs for p in d.paragraphs]
pipeline = Pipeline()
events = [e for d in docs for e in pipeline.events(d)]
links = {{d.name: frozenset(d.references) for d in docs}}
def best(fn, rounds=5):
    times = []
    for _ in range(rounds):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return min(times)
passes = dict(
    read=best(lambda: list(documents_from_paths(files))),
    sentences=best(lambda: [list(sentences_from(p)) for p in paragraphs]),
    keywords=best(lambda: [rules.keywords_in(p) for p in paragraphs]),
    words=best(lambda: [words.findall(p) for p in paragraphs]),
)
merge = best(lambda: merge_events(events, links=links), rounds=3)
budget = size / 5e6  # seconds the issue's 5 MB/s allows for this text
RESULT = dict(what='pure-Python floor', mb=size / 1e6, events=len(events), budget_s=budget,
              **{{k + '_mb_per_s': size / 1e6 / v for k, v in passes.items()}},
              passes_share_of_budget=sum(passes.values()) / budget,
              merge_us_per_event=merge / len(events) * 1e6, budget_us_per_event=budget / len(events) * 1e6)
""")


def bench_long_documents(folder: Path) -> list[dict]:
    """One long document instead of many short ones: a dated digest of the synthetic cables'
    paragraphs (0.5, 1 and 2 MB), a run-on sentence and a paragraph of nothing but triggers
    (untrusted text). Time should grow with the size, not its square."""
    import tempfile

    out = Path(tempfile.mkdtemp(prefix="geomap-long-"))
    paragraphs: list[str] = []
    for path in sorted((folder / "000").glob("*.txt"))[:600]:
        blocks = path.read_text(encoding="utf-8").split("\n\n")
        paragraphs += [b.split(". (C) ", 1)[1] for b in blocks if b[:1].isdigit() and ". (C) " in b[:8]]
    documents = {}
    for mb in (0.5, 1, 2):
        text, n = ["LIMA, December 31, 2009 - Weekly incident digest"], 0
        while sum(map(len, text)) < mb * 1e6:
            n += 1
            text.append(f"{n}. {paragraphs[n % len(paragraphs)]}")
        documents[f"digest {mb:g} MB"] = "\n\n".join(text) + "\n"
    clause = "rebels ambushed police near Pichari on March 3 and attacked a base in Sivia"
    documents["run-on sentence 0.25 MB"] = "LIMA, March 20, 2007 - " + ", ".join([clause] * 3300) + ".\n"
    documents["triggers only 0.7 MB"] = "1. " + " ".join(["attack"] * 100_000) + ".\n"
    results = []
    for name, text in documents.items():
        path = out / (name.replace(" ", "_") + ".txt")
        path.write_text(text, encoding="utf-8")
        result = _child(f"""
import time
from geomap.pipeline import Pipeline
pipeline = Pipeline()
pipeline.gazetteer.resolve('Lima')
t = time.perf_counter(); result = pipeline.run([{str(path)!r}]); dt = time.perf_counter() - t
RESULT = dict(what='one long document: ' + {name!r}, mb={len(text.encode()) / 1e6}, seconds=dt,
              mb_per_s={len(text.encode()) / 1e6} / dt, events=len(result.events))
""")
        results.append(result)
    return results


def bench_gazetteer() -> dict:
    return _child("""
import time
t = time.perf_counter()
from gazetteer import Gazetteer
g = Gazetteer()
g.resolve('Pichari', country='PE')
cold = time.perf_counter() - t
names = ['Pichari', 'Santa Rosa', 'Ayacucho', 'Lima', 'VRAE', 'Huallaga Valley', 'Tingo Maria', 'Bogota', 'Cusco', 'Palma Pampa']
g2 = Gazetteer()
t = time.perf_counter()
for n in names:
    g2.candidates(n)
first = (time.perf_counter() - t) / len(names)
t = time.perf_counter()
for _ in range(1000):
    for n in names:
        g2.candidates(n)
warm = (time.perf_counter() - t) / (1000 * len(names))
t = time.perf_counter()
for _ in range(100):
    for n in names:
        g2.resolve(n, country='PE')
ranked = (time.perf_counter() - t) / (100 * len(names))
typos = ['Llohegua', 'Ayacuhco', 'Santa Rsa', 'Pichary', 'Xqzzvrplk']
t = time.perf_counter()
for n in typos:
    g2.near_misses(n)
near_miss = (time.perf_counter() - t) / len(typos)
from gazetteer.sqlite_index import default_cache_dir
disk = sum(p.stat().st_size for p in default_cache_dir().glob('*.sqlite'))
src = [s for s in g.sources if s.name == 'geonames-cities'][0]
n_names = src.index._con.execute('select count(*) from names').fetchone()[0]
n_places = len(src.index)
RESULT = dict(what='gazetteer', cold_load_s=cold, first_lookup_us=first * 1e6, cached_lookup_us=warm * 1e6,
              resolve_us=ranked * 1e6, near_miss_ms=near_miss * 1e3, index_mb_on_disk=disk / 1e6, names=n_names,
              places=n_places)
""")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=120.0)
    parser.add_argument(
        "--pipeline-mb", type=float, default=100.0, help="how much of the corpus the pipeline benchmark reads"
    )
    parser.add_argument("--only", default="parse,pipeline,cables,places,stages,floor,long,gazetteer")
    args = parser.parse_args()
    folder, csv_path = DATA / "cables", DATA / "release.csv"
    if not csv_path.exists():
        sys.path.insert(0, str(HERE))
        from generate import generate

        generate(DATA, args.mb)
    only = set(args.only.split(","))
    results = []
    if "parse" in only:
        results += [bench_parse_folder(folder), bench_parse_csv(csv_path)]
    if "pipeline" in only:
        results.append(bench_pipeline(folder, args.pipeline_mb))
        real = [p for p in (HERE.parent.parent / "shared" / "corpus" / "seeds", HERE.parent / "examples") if p.exists()]
        results.append(bench_pipeline_real(real))
    if "cables" in only:
        shared = HERE.parent.parent / "shared" / "corpus"
        cables = [*sorted((shared / "cables-dev").glob("*.txt")), *sorted((shared / "seeds").glob("*.txt"))]
        if cables:  # the 39 real dev cables and the seeds (only where ../shared is present)
            results += [bench_pipeline_real(cables, 5, parser=parser, what="dev cables + seeds") for parser in (False, True)]
    if "places" in only:  # `geomap places` as a command on the real cables (benchmarks/bench_places_command.py)
        sys.path.insert(0, str(HERE))
        from bench_places_command import places_runs

        results += places_runs({"now": HERE.parent}, 3)
    if "stages" in only:
        results.append(bench_stages(folder, 10.0))
    if "long" in only:
        results += bench_long_documents(folder)
    if "floor" in only:
        results.append(bench_floor(folder, 3.0))
    if "gazetteer" in only:
        results.append(bench_gazetteer())
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    for r in results:
        print("| " + r.pop("what") + " | " + ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in r.items()) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
