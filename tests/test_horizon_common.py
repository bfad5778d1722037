"""``horizon.tfidf(..., max_df)``: the common terms dropped from the frequencies the weights count.

Events drop the terms of more than ``MAX_DF`` stories of a row's horizon
from their lead and name weights; counting those frequencies once (with the
weights) must give the very matrix that weighing, then counting again
(``drop_common``), gave: the same entries, the same bits.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from news_digest.enrich import horizon


def _counts(seed: int, rows: int, terms: int) -> sparse.csr_matrix:
    rng = np.random.default_rng(seed)
    dense = rng.integers(1, 5, size=(rows, terms)) * (rng.random((rows, terms)) < 0.4)
    return sparse.csr_matrix(dense.astype(np.float32))


def _same(a: sparse.csr_matrix, b: sparse.csr_matrix) -> None:
    assert a.shape == b.shape
    assert np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.indices, b.indices)
    assert a.data.dtype == b.data.dtype
    assert a.data.tobytes() == b.data.tobytes()


@pytest.mark.parametrize("floor", [0, 20])
@pytest.mark.parametrize("max_df", [1, 4, 9, 1000])
def test_one_count_gives_the_matrix_of_two(monkeypatch, floor: int, max_df: int) -> None:
    monkeypatch.setattr(horizon, "MIN_STORIES", floor)
    monkeypatch.setattr(horizon, "SETTLED_DAYS", 2)
    counts = _counts(7, 60, 25)
    days = np.repeat(np.arange(740_000.0, 740_012.0), 5)
    days[[3, 17]] = np.nan  # undated stories weigh against the whole archive
    twice = horizon.drop_common(horizon.tfidf(counts.copy(), days), days, max_df)
    once = horizon.tfidf(counts.copy(), days, max_df)
    _same(once, twice)
    if max_df < 1000:  # the case drops entries: the comparison is not of two untouched matrices
        assert once.nnz < horizon.tfidf(counts.copy(), days).nnz


def test_no_terms_and_no_entries() -> None:
    days = np.arange(740_000.0, 740_004.0)
    none = sparse.csr_matrix((4, 0), dtype=np.float32)
    _same(horizon.tfidf(none, days, 2), horizon.drop_common(horizon.tfidf(none, days), days, 2))
    empty = sparse.csr_matrix((4, 3), dtype=np.float32)
    _same(horizon.tfidf(empty, days, 2), horizon.drop_common(horizon.tfidf(empty, days), days, 2))
