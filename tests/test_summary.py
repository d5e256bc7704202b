"""The plain-language summary of a comparison."""

from __future__ import annotations

from kcost import load_assumptions, project
from kcost.summary import comparison_sentences, horizon_phrase

PROMOTIONAL = ("best", "miracle", "breakthrough", "cure", "guaranteed", "amazing", "revolutionary")


def test_horizon_phrase():
    assert [horizon_phrase(w) for w in (4, 52, 104, 78)] == ["4 weeks", "1 year", "2 years", "78 weeks"]


def test_names_the_cheapest_and_costliest_with_their_totals():
    p = project(load_assumptions(), ["ketamine-iv", "ssri-generic"], 52)
    cost, onset = comparison_sentences(p)
    assert "$1,262 (Generic SSRI or SNRI)" in cost
    assert "$10,150 (Ketamine IV infusions (clinic))" in cost
    assert "first improvement is expected around 2 weeks and the full effect around 8 weeks" in onset


def test_mentions_when_the_lines_cross():
    p = project(load_assumptions(), ["ketamine-at-home", "ssri-generic"], 4)
    cost, _ = comparison_sentences(p)
    assert "becomes the costlier of the two in week 2" in cost  # crossover on day 7


def test_neutral_tone():
    p = project(load_assumptions(), None, 52)
    text = " ".join(comparison_sentences(p)).lower()
    assert not any(word in text.split() for word in PROMOTIONAL)
    assert "no option helps everyone" in text
