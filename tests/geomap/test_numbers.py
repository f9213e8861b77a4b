"""Counts written as digits or words (geomap.events.numbers)."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.events.numbers import MAX_COUNT, NUMBER, value


@pytest.mark.parametrize(
    ("text", "expected"),
    [("7", 7), ("0", 0), ("1,200", 1200), ("10,000", 10_000), ("2,500", 2500), ("250000", 250_000),
     ("1.300.000", 1_300_000), ("2.5 million", 2_500_000), ("one", 1), ("eleven", 11), ("twenty", 20),
     ("twenty-one", 21), ("Thirty five", 35), ("ninety-nine", 99), ("a hundred", 100), ("two hundred", 200),
     ("three hundred and six", 306), ("a thousand", 1000), ("four thousand two hundred", 4200),
     ("a dozen", 12), ("three dozen", 36), ("half a dozen", 6), ("a million", 1_000_000), ("10,000,000", MAX_COUNT)],
)
def test_a_count_reads_as_its_value(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize(
    "text",
    ["dozens", "hundreds", "thousands", "several", "scores", "few", "a", "an", "no one", "2.500", "7.62", "1,20",
     "48th", "10^30", "$40", "15%", "11/13", "four-hour", "", "   ", "twenty one hundred soldiers", "10,000,001",
     "9" * 400, "1" + "0" * 30, "seven" * 100],
)
def test_what_is_not_one_sane_count_reads_as_none(text):
    assert value(text) is None


@pytest.mark.parametrize(
    ("text", "found"),
    [("patrols of 1,200 and 35 men", ["1,200", "35"]),
     ("the 3rd Division on 9,2008 lost 7.5 tons", []),
     ("no one saw forty-two of them", ["forty-two"]),
     ("a twelve-year-old and a dozen others", ["a dozen"]),
     ("hundreds, dozens or several", [])],
)
def test_the_fragment_finds_counts_inside_text(text, found):
    assert [m.group(0) for m in re.finditer(NUMBER, text)] == found


@given(st.integers(min_value=0, max_value=MAX_COUNT))
def test_a_formatted_integer_reads_back(n):
    assert value(f"{n:,}") == n
    assert value(str(n)) == n
    assert [m.group(0) for m in re.finditer(NUMBER, f"about {n:,} people")] == [f"{n:,}"]


@given(st.integers(min_value=MAX_COUNT + 1, max_value=10**500))
def test_a_figure_beyond_any_sane_count_is_refused_without_crashing(n):
    assert value(f"{n:,}") is None
    assert value(str(n)) is None


@given(st.text(max_size=300))
def test_any_text_reads_as_a_count_or_none(text):
    n = value(text)
    assert n is None or 0 <= n <= MAX_COUNT
