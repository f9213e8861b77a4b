"""The embedded store: idempotent re-ingest, replacement, quarantine, exports, serial == Dask."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

import geopandas as gpd
import pytest

import geomap
from geomap.exports import write_events
from geomap.ingest import ingest
from geomap.store import Store, StoreError, unpack_events
from tests.conftest import EXAMPLES


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "docs"
    shutil.copytree(EXAMPLES, folder)
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n....")
    return folder


def rows(path, sql):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_store_holds_what_the_pipeline_extracts(corpus, tmp_path, pipeline):
    store = tmp_path / "s.sqlite"
    summary = ingest([corpus], store)
    assert (summary.added, summary.failed) == (7, 1)
    with Store(store) as s:
        stored = s.events()
        assert s.counts()["mentions"] > 20
    assert sorted(e.event_id for e in stored) == sorted(e.event_id for e in pipeline.run([corpus]).events)


def test_reingesting_changes_nothing(corpus, tmp_path):
    store = tmp_path / "s.sqlite"
    ingest([corpus], store)
    before = rows(store, "SELECT doc_key, events FROM event_blobs ORDER BY 1")
    summary = ingest([corpus], store)
    assert (summary.added, summary.replaced, summary.unchanged) == (0, 0, 7)
    assert rows(store, "SELECT doc_key, events FROM event_blobs ORDER BY 1") == before


def test_a_corrected_document_replaces_its_events(corpus, tmp_path):
    store = tmp_path / "s.sqlite"
    ingest([corpus], store)
    cable = corpus / "02_ocobamba_attack_2007.txt"
    cable.write_text(cable.read_text().replace("On October 31 gunmen attacked police officers in Ocobamba",
                                               "On October 30 gunmen ambushed police officers in Ocobamba"))
    summary = ingest([corpus], store)
    assert (summary.replaced, summary.unchanged) == (1, 6)
    (blob,) = rows(store, "SELECT events FROM event_blobs WHERE doc_key = '07GEOMAP2'")[0]
    dates = [event["event_date"] for event in unpack_events(blob)]
    assert dates == ["2007-10-30"]


def test_failed_inputs_are_quarantined_with_their_error(corpus, tmp_path):
    store = tmp_path / "s.sqlite"
    ingest([corpus], store)
    with Store(store) as s:
        ((key, error),) = s.failures()
    assert key.endswith("broken.txt") and "PNG" in error


@pytest.mark.parametrize("suffix", [".geojson", ".csv", ".gpkg", ".parquet", ".kml"])
def test_every_export_from_the_store_reads_back(corpus, tmp_path, suffix):
    store = tmp_path / "s.sqlite"
    ingest([corpus], store)
    with Store(store) as s:
        events = s.events()
    out = write_events(events, tmp_path / f"events{suffix}")
    if suffix == ".parquet":
        frame = gpd.read_parquet(out)
    elif suffix == ".csv":  # as QGIS opens it: points from the latitude/longitude columns
        frame = gpd.read_file(out, X_POSSIBLE_NAMES="longitude", Y_POSSIBLE_NAMES="latitude", KEEP_GEOM_COLUMNS="NO")
    else:
        frame = gpd.read_file(out)
    placed = [e for e in events if e.lat is not None]
    assert len(frame) == (len(placed) if suffix == ".kml" else len(events))
    assert frame.geometry.notna().sum() == len(placed)


def test_python_api_matches_the_cli(corpus, tmp_path):
    frame = geomap.events_from_paths([corpus])
    assert len(frame) == len(geomap.pipeline_run([corpus]).events) and frame.crs.to_epsg() == 4326
    store = tmp_path / "s.sqlite"
    ingest([corpus], store)
    assert sorted(geomap.events_from_store(store)["event_id"]) == sorted(frame["event_id"])


def test_not_a_store(tmp_path):
    bogus = tmp_path / "x.sqlite"
    bogus.write_text("not a database at all, just text " * 100)
    with pytest.raises(StoreError, match="x.sqlite"):
        Store(bogus)


def test_dask_run_stores_exactly_what_the_serial_run_stores(corpus, tmp_path):
    pytest.importorskip("distributed", reason="pip install -e '.[dask]'")
    serial, parallel = tmp_path / "serial.sqlite", tmp_path / "dask.sqlite"
    ingest([corpus], serial)
    summary = ingest([corpus], parallel, workers=2)
    assert summary.added == 7
    for query in ("SELECT doc_key, event_id, event_type, date_start, date_end, lat, lon FROM events ORDER BY 1, 2",
                  "SELECT doc_key, events FROM event_blobs ORDER BY 1"):
        assert rows(serial, query) == rows(parallel, query)
    mentions = "SELECT doc_key, start, end, text, place_id FROM mentions ORDER BY 1, 2"
    assert rows(serial, mentions) == rows(parallel, mentions)


def test_cli_ingest_export_and_map_from_store(corpus, tmp_path):
    from click.testing import CliRunner

    from geomap.cli import main

    runner, store = CliRunner(), tmp_path / "s.sqlite"
    first = runner.invoke(main, ["ingest", str(corpus), "--store", str(store)])
    assert first.exit_code == 1 and "broken.txt" in first.stderr and "7 added" in first.stderr
    again = runner.invoke(main, ["ingest", str(corpus), "--store", str(store)])
    assert "0 added, 0 replaced, 7 unchanged" in again.stderr
    exported = runner.invoke(main, ["export", "--store", str(store), "-o", "-"])
    assert exported.exit_code == 0 and len(json.loads(exported.stdout)["features"]) == len(geomap.events_from_store(store))
    out = tmp_path / "m.html"
    assert runner.invoke(main, ["map", "--store", str(store), "-o", str(out), "-q"]).exit_code == 0
    assert "Tayacaja" in out.read_text()
    assert runner.invoke(main, ["map", "-o", str(out)]).exit_code == 2  # neither documents nor a store
    missing = runner.invoke(main, ["export", "--store", str(tmp_path / "none.sqlite"), "-o", "-"])
    assert missing.exit_code == 1 and "no such store" in missing.output


def _documents_stored(store):
    """Documents written so far by another process (0 while the store or its schema is being created)."""
    try:
        return rows(store, "SELECT count(*) FROM documents")[0][0] if store.exists() else 0
    except sqlite3.OperationalError:
        return 0


def _ingest_process(paths, store):
    import subprocess
    import sys

    code = "import sys; from geomap.ingest import ingest; ingest(sys.argv[2:], sys.argv[1])"
    return subprocess.Popen([sys.executable, "-c", code, str(store), *map(str, paths)], stderr=subprocess.PIPE, text=True)


def test_two_concurrent_ingests_into_one_store_lose_nothing(tmp_path):
    docs = sorted(EXAMPLES.glob("*.txt"))
    store = tmp_path / "s.sqlite"
    a, b = _ingest_process(docs[:4], store), _ingest_process(docs[3:], store)
    for process in (a, b):
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors
    keys = {k for (k,) in rows(store, "SELECT doc_key FROM documents WHERE status = 'ok'")}
    assert len(keys) == len(docs)
    serial = tmp_path / "serial.sqlite"
    ingest(docs, serial)
    query = "SELECT doc_key, events FROM event_blobs ORDER BY 1"
    assert rows(store, query) == rows(serial, query)


def test_kill_during_ingest_leaves_whole_documents_and_a_rerun_completes(tmp_path):
    import os
    import signal
    import time

    folder = tmp_path / "many"
    folder.mkdir()
    copies = 300  # enough work (2,100 small documents, a few seconds) to be interrupted part-way
    for i in range(copies):
        for src in EXAMPLES.glob("*.txt"):
            text = src.read_text().replace("GEOMAP 0000", f"GEOMAP {i:03d}0")
            (folder / f"{i:03d}_{src.name}").write_text(text)
    total = copies * len(list(EXAMPLES.glob("*.txt")))
    store = tmp_path / "s.sqlite"
    process = _ingest_process([folder], store)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.01)  # poll often: the ingest must still be running when it is killed
        if _documents_stored(store) >= 20:
            break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with Store(store) as s:  # opens fine after the kill
        partial = s.counts()["documents"]
    assert 0 < partial < total
    # every stored document is whole: its events are there, none dangling
    for table in ("events", "event_blobs", "mentions"):
        assert rows(store, f"SELECT count(*) FROM {table} WHERE doc_key NOT IN (SELECT doc_key FROM documents)") == [(0,)]
    summary = ingest([folder], store)
    assert summary.unchanged == partial and summary.added + summary.unchanged == total


def test_ingest_on_an_existing_scheduler(corpus, tmp_path):
    distributed = pytest.importorskip("distributed", reason="pip install -e '.[dask]'")
    serial, remote = tmp_path / "serial.sqlite", tmp_path / "remote.sqlite"
    ingest([corpus], serial)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        summary = ingest([corpus], remote, scheduler=cluster.scheduler_address)
    assert summary.added == 7
    query = "SELECT doc_key, events FROM event_blobs ORDER BY 1"
    assert rows(serial, query) == rows(remote, query)


def test_unreachable_scheduler_is_a_clear_error(corpus, tmp_path):
    pytest.importorskip("distributed", reason="pip install -e '.[dask]'")
    from geomap.errors import GeomapError

    with pytest.raises(GeomapError, match="Dask scheduler"):
        ingest([corpus], tmp_path / "s.sqlite", scheduler="tcp://127.0.0.1:1")


def test_a_script_without_a_main_guard_gets_the_fix_in_the_error(corpus, tmp_path):
    """Dask's own words here are "Nanny failed to start"; the user needs to hear about __main__."""
    pytest.importorskip("distributed", reason="pip install -e '.[dask]'")
    script = tmp_path / "ingest_script.py"
    script.write_text(
        f"import geomap\ngeomap.ingest([{str(corpus)!r}], {str(tmp_path / 's.sqlite')!r}, workers=1)\n", encoding="utf-8"
    )
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert run.returncode != 0
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("geomap.errors.GeomapError: could not start 1 local Dask worker(s)")
    assert "under `if __name__ == '__main__':`" in last


# -- the merged view an ingest saves ---------------------------------------------------------------------------------


def _document(name: str, ref: str):
    from pathlib import Path

    from geomap.model import Document

    return Document(path=Path(f"{name}.txt"), body=f"our own text of {name}", paragraphs=(), format="text", ref=ref)


def _two_reports():
    """One ambush told by two documents (merged into one event with both sources), and one told once."""
    from dataclasses import replace

    from geomap.model import Source
    from tests.geomap.test_schema import ZOO

    first = replace(ZOO[0], sources=(Source("07LIMA100", "a.txt", 2, "An ambush near Pichari, in our words."),))
    again = replace(ZOO[0], event_id="ev-pichari-b", sources=(Source("07LIMA200", "b.txt", 4, "The Pichari ambush again."),))
    return [first, ZOO[2]], [again]


@pytest.fixture
def store_of_two(tmp_path):
    path = tmp_path / "s.sqlite"
    a, b = _two_reports()
    with Store(path) as store:
        store.put(_document("a", "07LIMA100"), [], a)
        store.put(_document("b", "07LIMA200"), [], b)
    return path


def test_reading_uses_the_view_the_ingest_saved(store_of_two, monkeypatch):
    with Store(store_of_two, read_only=True) as store:
        merged_now = store._merged_events()
    assert len(merged_now) == 2 and max(len(e.sources) for e in merged_now) == 2  # the ambush is one event

    def no_merging(*args, **kwargs):
        raise AssertionError("merged again although the saved view holds")

    monkeypatch.setattr("geomap.store.merge_events", no_merging)
    with Store(store_of_two, read_only=True) as store:
        assert store.events() == merged_now


def test_a_document_added_after_the_view_is_seen(store_of_two):
    from dataclasses import replace

    from tests.geomap.test_schema import ZOO

    late = replace(ZOO[1], event_id="ev-late")
    store = Store(store_of_two)  # not closed yet: the saved view is stale
    try:
        store.put(_document("c", "07LIMA300"), [], [late])
        with Store(store_of_two, read_only=True) as reader:
            assert "ev-late" in {e.event_id for e in reader.events()}
    finally:
        store.close()


@pytest.mark.parametrize("damage", [
    "DROP TABLE merged_events",  # a store from before the view was kept
    "UPDATE merged_events SET events = x'00ff00'",  # not zlib
    "UPDATE merged_events SET stamp = 'another state'",
])  # fmt: skip
def test_a_missing_damaged_or_stale_view_is_merged_afresh(store_of_two, damage):
    with Store(store_of_two, read_only=True) as store:
        expected = store._merged_events()
    con = sqlite3.connect(store_of_two)
    con.execute(damage)
    con.commit()
    con.close()
    with Store(store_of_two, read_only=True) as store:
        assert store.events() == expected


def test_a_view_of_other_merge_rules_is_not_used(store_of_two, monkeypatch):
    monkeypatch.setattr("geomap.store._merge_code", lambda: b"the rules of another version")
    merged = []
    real = __import__("geomap.store", fromlist=["merge_events"]).merge_events
    monkeypatch.setattr("geomap.store.merge_events", lambda *a, **kw: merged.append(1) or real(*a, **kw))
    with Store(store_of_two, read_only=True) as store:
        assert len(store.events()) == 2 and merged == [1]
    with Store(store_of_two) as store:  # closing a writable store saves the view for these rules
        pass
    with Store(store_of_two, read_only=True) as store:
        store.events()
    assert merged == [1, 1]  # the save merged once; the read after it did not
