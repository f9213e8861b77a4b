"""The rule tables: every keyword pre-check is safe (checked on generated matches)."""

import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from importlib import resources

from geomap.events import load_rules


def _table(name):
    return yaml.safe_load(resources.files("geomap.data").joinpath(name).read_text(encoding="utf-8"))


TRIGGERS = _table("triggers.yaml")
ACTORS = [(a.name, a.pattern, a.keywords) for a in load_rules().actors]  # keywords as narrowed per pattern


@pytest.mark.parametrize("rule", TRIGGERS, ids=[r["id"] for r in TRIGGERS])
def test_every_trigger_match_contains_a_keyword(rule):
    keywords = [k.lower() for k in rule.get("keywords", [])]
    assert keywords, f"{rule['id']}: add keywords"

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(re.compile(rule["pattern"], re.I), fullmatch=True))
    def check(match):
        assert any(k in match.lower() for k in keywords), (rule["id"], match)

    check()


@pytest.mark.parametrize(("name", "pattern", "keywords"), ACTORS, ids=[f"{a}:{p.pattern}" for a, p, _ in ACTORS])
def test_every_actor_match_contains_a_keyword(name, pattern, keywords):
    assert keywords, f"{name}: add keywords"
    flags = re.I if pattern.pattern.startswith("(?i)") else 0

    @settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(re.compile(pattern.pattern.removeprefix("(?i)"), flags), fullmatch=True))
    def check(match):
        assert any(k in match.lower() for k in keywords), (name, match)

    check()


def test_precheck_does_not_change_hits():
    rules = load_rules()
    text = "In August SL columns ambushed a PNP convoy, killing four officers; DIRANDRO seized 300 kilos near Pichari."
    assert [h.trigger.id for h in rules.triggers_in(text)] == ["ambush", "casualties", "seizure"]
    assert {h.name for h in rules.actors_in(text, country="PE")} >= {"Sendero Luminoso", "Peruvian National Police", "DIRANDRO"}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=40))
def test_span_overlap_check_equals_testing_every_kept_span(spans):
    from geomap.events.rules import _Spans

    taken, kept = _Spans(), []
    for start, length in spans:
        end = start + length
        expected = not any(start < e and s < end for s, e in kept)
        assert taken.add(start, end) == expected
        if expected:
            kept.append((start, end))


def test_a_sentence_of_nothing_but_triggers_gives_one_hit_per_word():
    rules = load_rules()
    text = " ".join(["attack"] * 5000)
    hits = rules.triggers_in(text)
    assert len(hits) == 5000 and all(text[h.start : h.end] == "attack" for h in hits)
