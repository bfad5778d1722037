"""Events' clusters kept per component (``events._KeptCuts``): a component whose ``M`` block and
days are as they were takes its clusters from the last build's record, and they are the clusters
the cut gives; a changed component is cut again; a bad record discards the cache with a warning."""

from __future__ import annotations

import logging
from itertools import pairwise

import numpy as np
from scipy import sparse

from news_digest.cache import Cache, record_bytes, record_value
from news_digest.enrich import events, rows
from news_digest.incremental import Memo


def _pairs(groups: list[list[int]], n: int, strength: float = 0.6) -> sparse.csr_matrix:
    """``R`` with every pair inside a group at ``strength`` (less for later members) and a link
    too weak to join them between the groups' first members: a component a group."""
    r, c, v = [], [], []
    for g in groups:
        for a in g:
            for b in g:
                if a < b:
                    r += [a, b]
                    c += [b, a]
                    v += [strength - 0.01 * (b - a)] * 2
    for a, b in pairwise(g[0] for g in groups):
        r += [a, b]
        c += [b, a]
        v += [0.1, 0.1]
    return sparse.csr_matrix((v, (r, c)), shape=(n, n))


GROUPS = [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9, 10, 11], [12, 13, 14]]
DAYS = np.array([738000.0] * 8 + [738001.0] * 7)


def _clusters(r: sparse.csr_matrix, days: np.ndarray, memo: Memo | None) -> np.ndarray:
    with rows.kept_in(memo):
        return events.cluster(r, days, 2.0)


def test_kept_cuts_are_the_cuts_and_a_changed_component_is_cut_again(tmp_path) -> None:
    r = _pairs(GROUPS, 15)
    fresh = _clusters(r, DAYS, None)
    assert len(set(fresh.tolist())) >= 3  # components were cut (the test exercises _cut)
    memo = Memo(Cache(tmp_path / "cache"))
    assert np.array_equal(_clusters(r, DAYS, memo), fresh)
    assert memo.counts["event-cuts"][0] == 0
    memo.cache.close()

    memo = Memo(Cache(tmp_path / "cache"))
    assert np.array_equal(_clusters(r, DAYS, memo), fresh)
    kept, cut = memo.counts["event-cuts"]
    assert kept > 0 and cut == 0
    memo.cache.close()

    # One group's pairs weaker: its component is cut again, the others come from the record.
    changed = _pairs([*GROUPS[:3], [12, 13, 14]], 15)
    changed[12, 14] = changed[14, 12] = 0.21
    memo = Memo(Cache(tmp_path / "cache"))
    assert np.array_equal(_clusters(changed, DAYS, memo), _clusters(changed, DAYS, None))
    kept_now, cut_now = memo.counts["event-cuts"]
    assert kept_now > 0 and cut_now > 0
    memo.cache.close()


def test_a_bad_cuts_record_discards_the_cache(tmp_path, caplog) -> None:
    r = _pairs(GROUPS, 15)
    fresh = _clusters(r, DAYS, None)
    memo = Memo(Cache(tmp_path / "cache"))
    _clusters(r, DAYS, memo)
    key = memo.key("event cuts", 2.0)
    value = record_value(memo.cache.pending[key])
    labels = value["labels"].copy()
    labels[0] = 3  # a component's labels must start at 0
    value["labels"] = labels
    memo.cache.pending[key] = record_bytes(value)
    memo.cache.close()
    memo = Memo(Cache(tmp_path / "cache"))
    with caplog.at_level(logging.WARNING):
        again = _clusters(r, DAYS, memo)
    assert "discarded" in caplog.text and "event cuts" in caplog.text
    assert np.array_equal(again, fresh)
    memo.cache.close()
