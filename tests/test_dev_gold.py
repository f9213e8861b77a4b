"""Events on 39 real cables nobody here wrote, against ../shared/gold/cables-dev.yaml, and the
seeds' event precision: the levels the extractor has reached may not drop.

Scored with the shared scorer (../shared/tools/score_events.py) running this checkout's
`geomap extract`; skipped where ../shared is absent (a user's clone has none).
"""

from __future__ import annotations

import re
import subprocess
import sys

from pathlib import Path

import pytest

from tests.conftest import SHARED

SCORER = SHARED / "tools" / "score_events.py"
#: (required recall, precision) reached on each gold set; raise them when the extractor improves
FLOORS = {
    "cables-dev": (34 / 40, 0.86),
    "seeds": (6 / 6, 0.92),
}


#: the same gold on the dev cables with their bodies in capitals, as old cables are written
SHOUTED_FLOOR = (34 / 40, 0.85)


def _score(name: str, corpus: Path | None = None) -> dict[str, float]:
    gold = SHARED / "gold" / f"{name}.yaml"
    corpus = corpus or SHARED / "corpus" / name
    if not (SCORER.exists() and gold.exists() and corpus.exists()):
        pytest.skip(f"{gold} or its corpus not found (../shared is only present in CI and the dev workplace)")
    run = subprocess.run(
        [sys.executable, str(SCORER), str(gold), "--corpus", str(corpus), "--geomap", f"{sys.executable} -m geomap.cli"],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    line = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    m = re.search(r"recall_req=(\d+)/(\d+) .*precision=(\d+)/(\d+)", line)
    assert m, f"scorer gave no score line: {run.stdout[-500:]} {run.stderr[-500:]}"
    hit, req, matched, predicted = map(int, m.groups())
    return {"recall": hit / max(1, req), "precision": matched / max(1, predicted), "line": line}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_event_scores_do_not_drop(name):
    score = _score(name)
    recall_floor, precision_floor = FLOORS[name]
    assert score["recall"] >= recall_floor - 1e-9, score["line"]
    assert score["precision"] >= precision_floor - 1e-9, score["line"]


def test_event_scores_on_cables_in_capitals_do_not_drop(tmp_path):
    """Each dev cable with its body (from its first numbered paragraph) in capitals."""
    source = SHARED / "corpus" / "cables-dev"
    if not source.is_dir():
        pytest.skip(f"{source} not found (../shared is only present in CI and the dev workplace)")
    for path in source.glob("*.txt"):
        text = path.read_text(encoding="utf-8", errors="replace")
        body = re.search(r"\n\s*1\. ", text)
        start = body.start() if body else len(text) // 3
        (tmp_path / path.name).write_text(text[:start] + text[start:].upper(), encoding="utf-8")
    score = _score("cables-dev", tmp_path)
    assert score["recall"] >= SHOUTED_FLOOR[0] - 1e-9, score["line"]
    assert score["precision"] >= SHOUTED_FLOOR[1] - 1e-9, score["line"]
