"""Shared fixtures: the layout zoo, a warm gazetteer and pipeline, and the gold file (when present)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
LAYOUTS = DATA / "layouts"
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold" / "seeds.yaml"


@pytest.fixture(scope="session")
def gazetteer():
    from gazetteer import Gazetteer

    return Gazetteer()


@pytest.fixture(scope="session")
def pipeline():
    from geomap.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def gold() -> dict:
    """../shared/gold/seeds.yaml; tests that need it skip on a clone without ../shared."""
    if not GOLD.is_file() or not SEEDS.is_dir():
        pytest.skip(f"gold data not found at {GOLD} (../shared is only present in CI and the dev workplace)")
    import yaml

    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_events(pipeline, gold):
    """Events of the five seed cables, extracted together (so reports merge across cables)."""
    return pipeline.run([SEEDS]).events
