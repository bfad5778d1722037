"""The extraction benchmark's metric (bench/extraction.py), on texts we can count by hand."""

from __future__ import annotations

import pytest

from bench.extraction import bootstrap_difference, match, metrics, shingles


def test_shingles_are_word_4_grams_with_counts():
    assert shingles("One two, three four five!") == {
        ("One", "two", "three", "four"): 1,
        ("two", "three", "four", "five"): 1,
    }
    assert shingles("a b c d a b c d") == {
        ("a", "b", "c", "d"): 2,
        ("b", "c", "d", "a"): 1,
        ("c", "d", "a", "b"): 1,
        ("d", "a", "b", "c"): 1,
    }
    assert shingles("too short") == {("too", "short"): 1}
    assert shingles("") == {}


def test_match_counts_shared_and_extra_shingles():
    truth = "w1 w2 w3 w4 w5 w6"  # 3 shingles
    assert match(truth, truth) == (1.0, 0.0, 0.0)
    # The prediction has the first two shingles and two of its own; it misses one.
    tp, fp, fn = match(truth, "w1 w2 w3 w4 w5 x1 x2")
    assert (tp, fp, fn) == pytest.approx((2 / 5, 2 / 5, 1 / 5))
    assert match(truth, "") == (0.0, 0.0, 1.0)


def test_metrics_average_per_page_and_skip_undefined_precision():
    perfect, empty = (1.0, 0.0, 0.0), (0.0, 0.0, 1.0)
    m = metrics([perfect, empty])
    assert m["precision"] == 1.0  # the empty prediction has no precision
    assert m["recall"] == 0.5
    assert m["f1"] == pytest.approx(2 * 0.5 / 1.5)


def test_bootstrap_difference_is_paired_and_repeatable():
    ours = [(1.0, 0.0, 0.0)] * 10
    theirs = [(0.5, 0.5, 0.0)] * 10
    once = bootstrap_difference(ours, theirs)
    assert once == bootstrap_difference(ours, theirs)
    assert once["difference"] == pytest.approx(1 - 2 * 0.5 / 1.5)
    assert once["low"] == once["high"] == pytest.approx(once["difference"])
