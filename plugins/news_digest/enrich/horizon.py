"""Word weights that later stories do not move: each story's IDF from the archive up to it.

A TF-IDF weight fitted on the whole archive changes with every story added:
a day's news would move every old story's vector, reorder its related links
and rewrite its page. Here each story is weighed against its own *horizon*,
the stories dated before its day, itself included (the "incremental IDF"
of topic detection and tracking, where a story's weights come from the
collection seen so far). A story's vector then depends on itself and on
stories of earlier days only, so new stories on the newest day move no old
story's vector, and an old story's links change only when a new story
really ranks among them.

A young archive has too few stories for a useful IDF: while fewer than
``MIN_STORIES`` stories lie before a story's day, its horizon is every story
up to the day on which the archive reached ``MIN_STORIES`` (all of them in an
archive smaller than that). Stories all dated on one day weigh against each
other, as a whole-archive IDF would.

Everything here is a function of the stories' rows and dates alone, never of
build history, so a warm build computes the same weights as a cold one.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

MIN_STORIES = 500
"""Stories the archive must hold before a story's weights stop counting later ones."""


def day_numbers(dates: list) -> np.ndarray:
    """Each date's ordinal as a float; NaN when unknown."""
    return np.array([d.toordinal() if d else np.nan for d in dates], dtype=np.float64)


def horizon_df(x: sparse.csr_matrix, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For every stored entry ``(i, t)`` of ``x``: stories of ``i``'s horizon that use term ``t``;
    and for every row: the stories in its horizon.

    ``days`` are day numbers (NaN: undated; its horizon is the whole archive).
    """
    x = x.tocsr()
    n = x.shape[0]
    known = ~np.isnan(days)
    distinct = np.unique(days[known])
    rank = np.full(n, len(distinct), dtype=np.int64)  # undated: after every day
    rank[known] = np.searchsorted(distinct, days[known])
    # The horizon of row i: stories ranked below ``cut[i]`` and i itself
    # (``inclusive[i]`` False), or every story ranked at or below ``cut[i]`` (True).
    sorted_rank = np.sort(rank)
    before = np.searchsorted(sorted_rank, rank, "left")
    cut = rank.copy()
    inclusive = ~known
    if n:
        young = before < MIN_STORIES
        floor_rank = sorted_rank[min(MIN_STORIES, n) - 1]
        cut = np.where(young, np.maximum(floor_rank, rank), cut)
        inclusive = inclusive | young
    cut = np.where(~known, len(distinct), cut)
    stories = np.where(inclusive, np.searchsorted(sorted_rank, cut, "right"), before + 1)
    rows = np.repeat(np.arange(n), np.diff(x.indptr))
    cols = x.indices.astype(np.int64)
    span = len(distinct) + 2
    keys = np.sort(cols * span + rank[rows])
    base = np.searchsorted(keys, cols * span, "left")
    side_right = inclusive[rows]
    upto = np.where(
        side_right,
        np.searchsorted(keys, cols * span + cut[rows], "right"),
        np.searchsorted(keys, cols * span + cut[rows], "left") + 1,
    )
    return (upto - base).astype(np.float64), stories.astype(np.float64)


def tfidf(counts: sparse.csr_matrix, days: np.ndarray) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows (sublinear tf, smoothed IDF as scikit-learn's), each row's IDF
    over its horizon; one empty column when there are no terms."""
    if counts.shape[1] == 0:
        return sparse.csr_matrix((counts.shape[0], 1), dtype=np.float32)
    counts = counts.tocsr()
    counts.sort_indices()
    df, stories = horizon_df(counts, days)
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    idf = np.log((1.0 + stories[rows]) / (1.0 + df)) + 1.0
    data = (1.0 + np.log(counts.data.astype(np.float64))) * idf
    x = sparse.csr_matrix((data, counts.indices, counts.indptr), shape=counts.shape)
    return normalize(x).astype(np.float32)


def drop_common(x: sparse.csr_matrix, days: np.ndarray, max_df: int) -> sparse.csr_matrix:
    """``x`` without the entries of terms used by more than ``max_df`` stories of the row's horizon."""
    x = x.tocsr()
    if x.nnz == 0:
        return x
    df, _ = horizon_df(x, days)
    if df.max() <= max_df:
        return x
    kept = sparse.csr_matrix((x.data * (df <= max_df), x.indices, x.indptr), shape=x.shape)
    kept.eliminate_zeros()
    return kept
