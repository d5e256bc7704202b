"""kcost.ui.compare.kept: the page's bounded result maps."""

from __future__ import annotations

from kcost.ui.compare.kept import Kept


def counting():
    """A maker per key that records how often it ran."""
    made: list[object] = []

    def make(key):
        def run():
            made.append(key)
            return f"value of {key}"

        return run

    return made, make


def test_a_kept_value_is_not_made_again():
    kept, (made, make) = Kept(2), counting()
    assert kept.get("a", make("a")) == "value of a"
    assert kept.get("a", make("a")) == "value of a"
    assert made == ["a"]


def test_the_least_recently_used_value_goes_first():
    """Size 2: a, b kept; reading a makes b the oldest, so adding c drops b, and b is made again."""
    kept, (made, make) = Kept(2), counting()
    kept.get("a", make("a"))
    kept.get("b", make("b"))
    kept.get("a", make("a"))
    kept.get("c", make("c"))
    kept.get("a", make("a"))
    kept.get("b", make("b"))
    assert made == ["a", "b", "c", "b"]


def test_a_key_that_cannot_be_hashed_is_made_each_time_and_never_kept():
    kept, (made, make) = Kept(2), counting()
    key = ("scenario", ["a list"])
    kept.get(key, make("x"))
    kept.get(key, make("x"))
    assert made == ["x", "x"]
    kept.get("a", make("a"))
    kept.get("b", make("b"))
    kept.get("a", make("a"))  # still kept: the unhashable key took no place
    assert made == ["x", "x", "a", "b"]
