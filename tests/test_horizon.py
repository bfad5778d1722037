"""Word weights over each story's horizon (``enrich/horizon.py``)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from news_digest.enrich import horizon


def _counts(seed: int, rows: int, terms: int = 40) -> sparse.csr_matrix:
    rng = np.random.default_rng(seed)
    dense = rng.integers(0, 4, size=(rows, terms)) * (rng.random((rows, terms)) < 0.3)
    return sparse.csr_matrix(dense.astype(np.float32))


def test_one_day_is_a_whole_archive_idf():
    counts = _counts(1, 30)
    days = np.full(30, 740_000.0)
    ours = horizon.tfidf(counts, days).toarray()
    sklearn = TfidfTransformer(sublinear_tf=True).fit_transform(counts).toarray()
    assert np.allclose(ours, sklearn, atol=1e-6)


@pytest.mark.parametrize("floor", [0, 5, 12])
def test_later_days_never_move_an_earlier_row(monkeypatch, floor):
    monkeypatch.setattr(horizon, "MIN_STORIES", floor)
    counts = _counts(2, 40)
    days = np.repeat(np.arange(740_000.0, 740_010.0), 4)  # ten days, four stories each
    full = horizon.tfidf(counts, days)
    for cut in (16, 24, 36):  # the archive as it was when day cut/4 was the newest
        if cut < floor:
            continue  # a young archive: every row counts every story
        part = horizon.tfidf(counts[:cut], days[:cut])
        for i in range(cut):
            a, b = part[i], full[i]
            assert np.array_equal(a.indices, b.indices) and np.array_equal(a.data, b.data), (cut, i)


def test_a_story_counts_the_days_before_it_and_itself():
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(horizon, "MIN_STORIES", 0)
    monkeypatch.setattr(horizon, "SETTLED_DAYS", 1)
    try:
        # Term 0 in every story; term 1 in the two stories of day 2 only.
        counts = sparse.csr_matrix(np.array([[1, 0], [1, 0], [1, 1], [1, 1]], dtype=np.float32))
        days = np.array([1.0, 1.0, 2.0, 2.0])
        df, seen = horizon.horizon_df(counts, days)
        # Day 1 stories: themselves only; day 2 stories: day 1's two and themselves.
        assert seen.tolist() == [1, 1, 3, 3]
        assert df.tolist() == [1, 1, 3, 1, 3, 1]
        undated = horizon.horizon_df(counts, np.array([1.0, 1.0, 2.0, np.nan]))
        assert undated[1].tolist() == [1, 1, 3, 4]  # an undated story weighs against them all
    finally:
        monkeypatch.undo()


def test_drop_common_counts_the_horizon_only(monkeypatch):
    monkeypatch.setattr(horizon, "MIN_STORIES", 0)
    monkeypatch.setattr(horizon, "SETTLED_DAYS", 1)
    counts = sparse.csr_matrix(np.ones((6, 1), dtype=np.float32))
    days = np.arange(6, dtype=np.float64)
    kept = horizon.drop_common(counts, days, max_df=3)
    # The term's count passes 3 on the fourth day: the stories from then on drop it.
    assert kept.toarray().ravel().tolist() == [1, 1, 1, 0, 0, 0]


def test_late_stories_move_no_other_row(monkeypatch):
    """Stories dated up to SETTLED_DAYS back change only rows at least that much later than them."""
    monkeypatch.setattr(horizon, "MIN_STORIES", 8)
    monkeypatch.setattr(horizon, "SETTLED_DAYS", 3)
    counts = _counts(3, 48)
    days = np.repeat(np.arange(740_000.0, 740_012.0), 4)  # twelve days, four stories each
    late = np.array([13, 29, 41])  # stories of days 3, 7 and 10, added last
    kept = np.setdiff1d(np.arange(48), late)
    full = horizon.tfidf(counts, days)
    part = horizon.tfidf(counts[kept], days[kept])
    earliest_late = days[late].min()
    for k, i in enumerate(kept):
        if days[i] - earliest_late < 3:  # not 3 days after a late story: as it was
            a, b = part[k], full[i]
            assert np.array_equal(a.indices, b.indices) and np.array_equal(a.data, b.data), i
    # Rows dated SETTLED_DAYS after a late story did move: the check above can fail.
    assert any(
        not np.array_equal(part[k].data, full[i].data)
        for k, i in enumerate(kept)
        if days[i] >= earliest_late + 3
    )


@pytest.mark.parametrize("floor", [0, 7, 500])
def test_the_table_and_the_sort_count_the_same(monkeypatch, floor):
    """Both ways :func:`horizon.horizon_df` counts (a terms x days table, sorted entries) agree,
    with undated stories, days out of order and a young archive."""
    monkeypatch.setattr(horizon, "MIN_STORIES", floor)
    monkeypatch.setattr(horizon, "SETTLED_DAYS", 2)
    counts = _counts(4, 60, terms=25)
    rng = np.random.default_rng(5)
    days = rng.integers(740_000, 740_009, size=60).astype(np.float64)
    days[[3, 17, 40]] = np.nan
    monkeypatch.setattr(horizon, "TABLE_CELLS_PER_ENTRY", 1_000)
    table = horizon.horizon_df(counts, days)
    monkeypatch.setattr(horizon, "TABLE_CELLS_PER_ENTRY", 0)
    monkeypatch.setattr(np, "bincount", None)  # the sort may not fall back on the table
    sort = horizon.horizon_df(counts, days)
    assert np.array_equal(table[0], sort[0]) and np.array_equal(table[1], sort[1])
