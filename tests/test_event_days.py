"""The day digests that key events' kept similarity chunks and storyline answers (``events._Days``).

A kept chunk is reused when its key is the same, so a day's digest must
change whenever any of its rows (terms, weights, row boundaries, outlets,
the day itself) does, stay the same when only another day changes, and not
depend on where a term's column sits (a new term moves every later column).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from news_digest.enrich.events import _Days, column_ids

TERMS = ["ash", "bay", "cove", "dune", "elm", "fern"]


def _rows(terms: list[str], entries: list[list[tuple[str, float]]]) -> sparse.csr_matrix:
    """Rows over ``terms`` (sorted), each given as ``(term, weight)`` pairs."""
    place = {t: j for j, t in enumerate(terms)}
    indptr, indices, data = [0], [], []
    for row in entries:
        for term, weight in sorted(row, key=lambda e: place[e[0]]):
            indices.append(place[term])
            data.append(weight)
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.array(data, dtype=np.float32), np.array(indices), np.array(indptr)),
        shape=(len(entries), len(terms)),
    )


ENTRIES = [
    [("ash", 0.5), ("bay", 0.5)],
    [("cove", 1.0)],
    [("dune", 0.25), ("fern", 0.75)],
    [("ash", 1.0)],
    [("elm", 0.5), ("bay", 0.5)],
]
DAYS = np.array([10.0, 10.0, 11.0, 13.0, 13.0])
OUTLETS = np.array([0, 1, 0, 2, 1])


def _days(terms=TERMS, entries=ENTRIES, days=DAYS, outlets=OUTLETS) -> _Days:
    z = _rows(terms, entries)
    return _Days(z, column_ids("words", terms, len(terms)), days, outlets)


def test_one_digest_a_day_and_windows_of_whole_days() -> None:
    d = _days()
    assert d.starts.tolist() == [0, 2, 3]
    assert len(set(d.digests)) == 3
    assert d.of(0, 5) == b"".join(d.digests)
    assert d.of(2, 3) == d.digests[1]
    assert d.of(3, 3) == b""
    assert d.around(4) == (3, d.digests[2])
    for lo, hi in ((1, 3), (0, 4), (2, 4)):
        with pytest.raises(ValueError):
            d.of(lo, hi)


@pytest.mark.parametrize(
    "change",
    ["weight", "term", "row boundary", "outlet", "day", "rows swapped"],
)
def test_a_change_in_one_day_moves_that_day_only(change: str) -> None:
    entries = [list(row) for row in ENTRIES]
    days, outlets = DAYS.copy(), OUTLETS.copy()
    if change == "weight":
        entries[4] = [("elm", 0.5), ("bay", 0.25)]
    elif change == "term":
        entries[4] = [("elm", 0.5), ("cove", 0.5)]
    elif change == "row boundary":  # the same entries, split between the day's rows otherwise
        entries[3], entries[4] = [("ash", 1.0), ("bay", 0.5)], [("elm", 0.5)]
    elif change == "outlet":
        outlets[4] = 3
    elif change == "day":
        days[3:] = 14.0
    else:
        entries[3], entries[4] = entries[4], entries[3]
    before, after = _days(), _days(entries=entries, days=days, outlets=outlets)
    assert after.digests[:2] == before.digests[:2]
    assert after.digests[2] != before.digests[2]


def test_a_new_term_that_moves_the_columns_leaves_the_digests() -> None:
    before = _days()
    wider = sorted([*TERMS, "birch"])  # between "ash" and "bay": every later column moves
    after = _days(terms=wider)
    assert after.digests == before.digests
