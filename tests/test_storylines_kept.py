"""Storylines' links kept between builds: each event's best earlier match, taken from the cache
only where nothing it is computed from changed, and always the match a full recompute finds.

``events.best_earlier`` answers, for each dated row, its best match on the ``gap`` days before its
own. The tests compare it with a plain loop over every pair (the definition), and the cached
answers after adding, editing and deleting rows with the answers computed from scratch.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from test_archive_cache import _rewrite_records

from conftest import examples
from news_digest.cache import Cache
from news_digest.enrich import events, rows
from news_digest.incremental import Memo

PROPERTY = settings(max_examples=examples(60), deadline=None, derandomize=True)

WORDS = [f"w{i}" for i in range(12)]
POOL = [" ".join(WORDS[j] for j in range(i, i + 3)) for i in range(8)]
"""Short texts that share words with their neighbours; drawn with repeats, so ties happen."""


def _vectors(texts: list[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Unit rows of word counts over the texts' own sorted vocabulary (a new word moves the
    columns, as in a build), and the columns' :func:`events.column_ids`."""
    vocab = sorted({w for t in texts for w in t.split()})
    at = {w: j for j, w in enumerate(vocab)}
    dense = np.zeros((len(texts), max(1, len(vocab))), dtype=np.float32)
    for i, text in enumerate(texts):
        for w in text.split():
            dense[i, at[w]] += 1
    norms = np.sqrt((dense**2).sum(axis=1, keepdims=True))
    z = sparse.csr_matrix(dense / np.where(norms == 0, 1, norms))
    return z, events.column_ids("words", vocab, z.shape[1])


def _definition(z: sparse.csr_matrix, days: np.ndarray, gap: float, floor: float) -> set:
    """Every row's best earlier match by a loop over every pair."""
    out = set()
    for i in range(z.shape[0]):
        if np.isnan(days[i]):
            continue
        best = None
        for j in range(z.shape[0]):
            if np.isnan(days[j]) or not (days[i] - gap <= days[j] < days[i]):
                continue
            v = float((z[i] @ z[j].T).toarray()[0, 0])
            if v < floor:
                continue
            rank = (-v, -days[j], j)
            if best is None or rank < best[0]:
                best = (rank, j, v)
        if best is not None:
            out.add((i, best[1], best[2]))
    return out


def _answers(found: tuple[np.ndarray, np.ndarray, np.ndarray]) -> set:
    r, c, v = found
    return set(zip(r.tolist(), c.tolist(), v.tolist(), strict=True))


def _kept(texts, days, folder: Path, gap=2.0, floor=0.3) -> tuple[set, Memo]:
    z, columns = _vectors(texts)
    memo = Memo(Cache(folder))
    with rows.kept_in(memo):
        found = events.best_earlier(
            z, np.array(days, dtype=np.float64), gap, floor, columns=columns, kept="t"
        )
    memo.cache.close()
    return _answers(found), memo


stories = st.lists(
    st.tuples(st.sampled_from(POOL), st.one_of(st.integers(0, 6), st.just(None))), min_size=1, max_size=14
)


@PROPERTY
@given(stories, st.sampled_from([0.0, 1.0, 2.0, 3.0]), st.sampled_from([0.0, 0.3, 0.6]))
def test_each_rows_answer_is_its_best_earlier_match(given_rows, gap, floor) -> None:
    texts = [t for t, _ in given_rows]
    days = np.array([np.nan if d is None else 738000 + d for _, d in given_rows], dtype=np.float64)
    z, _ = _vectors(texts)
    assert _answers(events.best_earlier(z, days, gap, floor)) == _definition(z, days, gap, floor)


@PROPERTY
@given(
    stories,
    st.lists(st.tuples(st.sampled_from([*POOL, "w0 zz", "aa w5 w6"]), st.integers(0, 6)), max_size=4),
    st.lists(st.integers(0, 13), max_size=3),
    st.lists(st.tuples(st.integers(0, 13), st.sampled_from(["w3", "aa", "w9 w10"])), max_size=3),
)
def test_answers_kept_between_builds_are_the_answers_computed_from_scratch(given_rows, added, deleted, edits):
    """A first build fills the cache; a second build after rows are added (new words, which move
    every column, included), deleted and edited answers from the cache where it can, and its
    answers are those of a build without a cache, value for value."""
    texts = [t for t, _ in given_rows]
    days = [np.nan if d is None else 738000 + d for _, d in given_rows]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "cache"
        first, memo = _kept(texts, days, folder)
        assert memo.counts["earlier-t"][0] == 0
        now = list(zip(texts, days, strict=True))
        for i, text in edits:
            if i < len(now):
                now[i] = (now[i][0] + " " + text, now[i][1])
        now = [row for i, row in enumerate(now) if i not in set(deleted)]
        now += [(t, 738000 + d) for t, d in added]
        if not now:
            return
        texts2, days2 = [t for t, _ in now], [d for _, d in now]
        kept, memo = _kept(texts2, days2, folder)
        z, _ = _vectors(texts2)
        fresh = events.best_earlier(z, np.array(days2, dtype=np.float64), 2.0, 0.3)
        assert kept == _answers(fresh)
        if not (added or deleted or edits):  # nothing changed: nothing worked out again
            assert memo.counts["earlier-t"][1] == 0 and kept == first


def test_a_day_of_news_works_out_its_own_day_only(tmp_path) -> None:
    """Ten days of six rows: new rows on the last day leave the other nine days' answers in the
    cache; an edit on day 4 works out days 4 to 6 (the days whose earlier window holds it)."""
    texts = [POOL[(i * 5) % len(POOL)] for i in range(60)]
    days = [738000 + i // 6 for i in range(60)]
    _, memo = _kept(texts, days, tmp_path / "c")
    assert memo.counts["earlier-t"] == [0, 60]
    texts.append("aa " + POOL[3])  # a word that sorts first: every column moves
    days.append(738009)
    kept, memo = _kept(texts, days, tmp_path / "c")
    assert memo.counts["earlier-t"] == [54, 7]
    texts[27] = texts[27] + " w11"
    kept, memo = _kept(texts, days, tmp_path / "c")
    assert memo.counts["earlier-t"] == [43, 18]
    z, _ = _vectors(texts)
    assert kept == _answers(events.best_earlier(z, np.array(days, dtype=np.float64), 2.0, 0.3))


def test_a_bad_storyline_record_discards_the_cache(tmp_path, caplog) -> None:
    texts, days = [POOL[0], POOL[0], POOL[1], POOL[1]], [738000, 738000, 738001, 738002]
    good, _ = _kept(texts, days, tmp_path / "cache")
    assert good

    def row_out_of_range(value: object) -> bool:
        if isinstance(value, dict) and set(value) == {"r", "c", "v"} and len(value["r"]):
            value["r"] = np.array([5], dtype="<i4")
            return True
        return False

    _rewrite_records(tmp_path / "cache", row_out_of_range)
    with caplog.at_level(logging.WARNING):
        again, _ = _kept(texts, days, tmp_path / "cache")
    assert "discarded" in caplog.text and "storyline" in caplog.text
    assert again == good
