"""Word weights that later stories do not move: each story's IDF from the archive up to it.

A TF-IDF weight fitted on the whole archive changes with every story added:
a day's news would move every old story's vector, reorder its related links
and rewrite its page. Here each story is weighed against its own *horizon*:
itself and the stories dated at least ``SETTLED_DAYS`` before its day (the
"incremental IDF" of topic detection and tracking, where a story's weights
come from the collection seen so far, here with a margin for late stories).
A story's vector then depends on itself and on stories of earlier days only,
so new stories on the newest day, or dated up to ``SETTLED_DAYS`` back, move
no other story's vector, and an old story's links change only when a new
story really ranks among them.

A young archive has too few stories for a useful IDF: while its horizon
would hold fewer than ``MIN_STORIES`` stories, a story's horizon is every
story up to the day on which the archive reached ``MIN_STORIES`` (all of
them in an archive smaller than that), and itself. Stories all dated on one
day weigh against each other, as a whole-archive IDF would.

Everything here is a function of the stories' rows and dates alone, never of
build history, so a warm build computes the same weights as a cold one.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .unit_rows import l2_normalize

MIN_STORIES = 500
"""Stories the archive must hold before a story's weights stop counting later ones."""

SETTLED_DAYS = 14
"""A story counts in another's weights once it is dated this many days before it.

So stories added late, with dates up to two weeks back (a scraper that
catches up, a corrected date), move no other story's weights either; a word
that is new this fortnight weighs as much as a word seen once."""


TABLE_CELLS_PER_ENTRY = 4
""":func:`horizon_df` counts through a terms x days table while it has at most this
many cells per stored entry of the matrix (1.0 -> 0.02 CPU s for the word counts
of 10,000 synthetic stories over 30 days), else by sorting the entries."""


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
    # The horizon of row i: the stories ranked below ``cut[i]``, and i itself.
    cut = np.full(n, len(distinct) + 1, dtype=np.int64)  # undated: every story
    cut[known] = np.searchsorted(distinct, days[known] - SETTLED_DAYS, "right")
    sorted_rank = np.sort(rank)
    if n:
        young = known & (np.searchsorted(sorted_rank, cut, "left") < MIN_STORIES)
        cut[young] = sorted_rank[min(MIN_STORIES, n) - 1] + 1
    outside = (rank >= cut).astype(np.int64)  # i is not among the stories below its cut
    stories = np.searchsorted(sorted_rank, cut, "left") + outside
    rows = np.repeat(np.arange(n), np.diff(x.indptr))
    cols = x.indices.astype(np.int64)
    span = len(distinct) + 2
    if x.shape[1] * span <= TABLE_CELLS_PER_ENTRY * max(len(cols), 1 << 14):
        # Each term's stories below every rank, as a table no larger than the
        # matrix: one count and one look-up per entry, no sort.
        per_rank = np.bincount(cols * span + rank[rows], minlength=x.shape[1] * span).reshape(-1, span)
        before = np.zeros_like(per_rank)
        np.cumsum(per_rank[:, :-1], axis=1, out=before[:, 1:])
        below = before[cols, cut[rows]]
    else:  # many terms over many days: the entries sorted by term and rank
        keys = np.sort(cols * span + rank[rows])
        upto = np.searchsorted(keys, cols * span + cut[rows], "left")
        below = upto - np.searchsorted(keys, cols * span, "left")
    return (below + outside[rows]).astype(np.float64), stories.astype(np.float64)


def tfidf(counts: sparse.csr_matrix, days: np.ndarray, max_df: int | None = None) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows (sublinear tf, smoothed IDF as scikit-learn's), each row's IDF
    over its horizon; one empty column when there are no terms.

    With ``max_df``: :func:`drop_common` of those rows, from the document
    frequencies the weights were made from (the rows store the counts'
    entries, so their frequencies are the same: one count, not two).
    """
    if counts.shape[1] == 0:
        return sparse.csr_matrix((counts.shape[0], 1), dtype=np.float32)
    counts = counts.tocsr()
    counts.sort_indices()
    df, stories = horizon_df(counts, days)
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    idf = np.log((1.0 + stories[rows]) / (1.0 + df)) + 1.0
    data = (1.0 + np.log(counts.data.astype(np.float64))) * idf
    x = sparse.csr_matrix((data, counts.indices, counts.indptr), shape=counts.shape)
    weighted = l2_normalize(x).astype(np.float32)
    return weighted if max_df is None else _common_dropped(weighted, df, max_df)


def drop_common(x: sparse.csr_matrix, days: np.ndarray, max_df: int) -> sparse.csr_matrix:
    """``x`` without the entries of terms used by more than ``max_df`` stories of the row's horizon."""
    x = x.tocsr()
    if x.nnz == 0:
        return x
    return _common_dropped(x, horizon_df(x, days)[0], max_df)


def _common_dropped(x: sparse.csr_matrix, df: np.ndarray, max_df: int) -> sparse.csr_matrix:
    """``x`` without the stored entries whose ``df`` (one per entry) is over ``max_df``."""
    if len(df) == 0 or df.max() <= max_df:
        return x
    kept = sparse.csr_matrix((x.data * (df <= max_df), x.indices, x.indptr), shape=x.shape)
    kept.eliminate_zeros()
    return kept
