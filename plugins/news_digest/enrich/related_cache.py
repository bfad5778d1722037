"""Related links kept between builds: a day's news scores its own stories, not the archive again.

Why it is exact. A pair's score is a function of the two stories' rows and
days alone (:class:`.related.Scorer`): each story's TF-IDF and name weights
count only its horizon, the stories dated two weeks or more before it
(:mod:`.horizon`), so a story added on the newest day changes no other
story's row; terms and names are summed in sorted order, so a pair scores the
same number in any archive holding both. Each story's row is named by a
digest of everything its scores are made of (:func:`column_digests`): its
source and day, its terms and their weights, its names, their weights and
total. A story whose digest is the same as in the last build is *unchanged*;
the others are *new* (added, edited, or moved by a change in their horizon).

The last build kept each story's best ``count`` (story, score) under its
*row digest* (its digest and the digests of the stories it must not link to,
its editor's pins). For an unchanged row whose kept best are all still
unchanged stories, the best among the unchanged stories are those same ones
(any other unchanged story was beaten by all of them then and is now), so its
best now are the best of its kept ones and of its scores against the new
stories: one product of the archive with the few new rows. Ties go to the
lower index; unchanged stories keep their order among themselves (it sorts by
date and source, both in the digest), so they break the same way. Every other
row (new, pins changed, or a kept best removed or changed) is scored against
the whole archive, as a build without a cache does.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

import numpy as np

from ..codec import BadRecord
from .events import column_ids
from .related import Best, Scorer, _top_k
from .rows import _array

if TYPE_CHECKING:
    from ..incremental import Memo

DIGEST = 16
"""Bytes of a row's digest."""


def column_digests(scorer: Scorer) -> np.ndarray:
    """Each story's digest (``(n, DIGEST)`` bytes): everything a score it takes part in is made of."""
    x, n = scorer.x, scorer.n
    terms = column_ids("words", scorer.terms, x.shape[1])[x.indices]
    names = ents = ents_w = None
    if scorer.ents is not None and scorer.ents_w is not None:
        ents, ents_w = scorer.ents, scorer.ents_w
        names = column_ids("names", scorer.names, ents.shape[1])[ents.indices]
    sizes = scorer.ent_sizes
    out = np.empty((n, DIGEST), dtype=np.uint8)
    xp, ep = x.indptr.tolist(), ents.indptr.tolist() if ents is not None else None
    for i, s in enumerate(scorer.stories):
        h = hashlib.blake2b(digest_size=DIGEST)
        h.update(f"{s.source}\0{scorer.days[i]!r}\0{x.dtype.str}\0".encode("utf-8", "surrogatepass"))
        a, b = xp[i], xp[i + 1]
        h.update(terms[a:b].tobytes())
        h.update(x.data[a:b].tobytes())
        if ep is not None and names is not None and ents_w is not None and sizes is not None:
            a, b = ep[i], ep[i + 1]
            h.update(b"\0names\0")
            h.update(names[a:b].tobytes())
            h.update(ents_w.data[a:b].tobytes())
            h.update(sizes[i : i + 1].tobytes())
        out[i] = np.frombuffer(h.digest(), dtype=np.uint8)
    return out


def row_digests(scorer: Scorer, columns: np.ndarray) -> np.ndarray:
    """Each story's digest as a row: its own, and those of the stories it must not link to."""
    out = columns.copy()
    for i, others in scorer.exclude.items():
        if others:
            h = hashlib.blake2b(columns[i].tobytes(), digest_size=DIGEST)
            h.update(b"".join(sorted(columns[j].tobytes() for j in others)))
            out[i] = np.frombuffer(h.digest(), dtype=np.uint8)
    return out


def kept_best(scorer: Scorer, count: int, params: list[Any], memo: Memo, jobs: int) -> Best:
    """``scorer.best`` of every story, with the rows the last build's record still answers."""
    n = scorer.n
    columns = column_digests(scorer)
    rows = row_digests(scorer, columns)
    key = memo.key("related ranking", params)
    try:
        old = None if memo.empty else _decode(memo.get(key), count)
    except BadRecord as exc:
        memo.discard(f"bad related ranking: {exc}")
        old = None
    if old is None:
        best = scorer.best(np.arange(n), count, jobs)
        memo.put(key, _encode(columns, rows, best))
        memo.count("related", 0, n)
        return best
    old_columns, old_rows, (indptr, index, score) = old
    column_keys, old_column_keys = _keys(columns), _keys(old_columns)
    now = {d: i for i, d in enumerate(column_keys)}
    moved = np.array([now.get(d, -1) for d in old_column_keys], dtype=np.int64)  # old story -> now
    old_row_of = {d: o for o, d in enumerate(_keys(old_rows))}
    known = set(old_column_keys)
    new = np.array([i for i, d in enumerate(column_keys) if d not in known], dtype=np.int64)
    # An old row whose kept best all still stand, unchanged.
    lost = moved[index] < 0
    owner = np.repeat(np.arange(len(old_rows)), np.diff(indptr))
    whole = np.bincount(owner[lost], minlength=len(old_rows)) == 0
    kept_from = np.full(n, -1, dtype=np.int64)
    for i, d in enumerate(_keys(rows)):
        o = old_row_of.get(d, -1)
        if o >= 0 and whole[o]:
            kept_from[i] = o
    clean = np.flatnonzero(kept_from >= 0)
    dirty = np.flatnonzero(kept_from < 0)
    # The unchanged rows: their kept best, and their scores against the new stories.
    lengths = np.diff(indptr)[kept_from[clean]]
    picks = _spans(indptr[kept_from[clean]], lengths)
    r = [np.repeat(clean, lengths)]
    c = [moved[index[picks]]]
    v = [score[picks]]
    if len(new) and len(clean):
        nr, nc, nv = scorer.scores(slice(0, n), new)
        mine = kept_from[nr] >= 0
        r.append(nr[mine])
        c.append(nc[mine])
        v.append(nv[mine])
    out = _top_k(np.concatenate(r), np.concatenate(c), np.concatenate(v), n, count)
    if len(dirty):
        out = _replaced(out, dirty, scorer.best(dirty, count, jobs))
    if len(dirty) or len(new) or len(old_rows) != n or not np.array_equal(old_rows, rows):
        memo.put(key, _encode(columns, rows, out))
    memo.count("related", len(clean), len(dirty))
    return out


def _spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices ``starts[k] .. starts[k] + lengths[k] - 1`` of every ``k``, in order."""
    before = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=before[1:])
    return np.repeat(starts - before, lengths) + np.arange(int(lengths.sum()), dtype=np.int64)


def _keys(digests: np.ndarray) -> list[bytes]:
    return [bytes(d) for d in digests]


def _replaced(best: Best, rows: np.ndarray, theirs: Best) -> Best:
    """``best`` with the lists of ``rows`` (sorted) taken from ``theirs`` (one per row, in order)."""
    indptr, cols, vals = best
    n = len(indptr) - 1
    lengths = np.diff(indptr)
    lengths[rows] = np.diff(theirs[0])
    place = np.zeros(n, dtype=bool)
    place[rows] = True
    owner = np.repeat(np.arange(n), lengths)
    out_cols = np.empty(int(lengths.sum()), dtype=np.int64)
    out_vals = np.empty(int(lengths.sum()), dtype=np.float64)
    from_theirs = place[owner]
    out_cols[from_theirs], out_vals[from_theirs] = theirs[1], theirs[2]
    mine = ~place[np.repeat(np.arange(n), np.diff(indptr))]
    out_cols[~from_theirs], out_vals[~from_theirs] = cols[mine], vals[mine]
    new_indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=new_indptr[1:])
    return new_indptr, out_cols, out_vals


def _encode(columns: np.ndarray, rows: np.ndarray, best: Best) -> dict[str, np.ndarray]:
    indptr, cols, vals = best
    return {
        "columns": columns.astype(np.uint8).ravel(),
        "rows": rows.astype(np.uint8).ravel(),
        "indptr": indptr.astype("<i8"),
        "index": cols.astype("<i4"),
        "score": vals.astype("<f8"),
    }


def _decode(record: Any, count: int) -> tuple[np.ndarray, np.ndarray, Best] | None:
    """A kept ranking, checked: any record that fails a check is :class:`BadRecord`."""
    if record is None:
        return None
    if not isinstance(record, dict) or set(record) != {"columns", "rows", "indptr", "index", "score"}:
        raise BadRecord("not a related ranking")
    columns = _array(record["columns"], np.uint8)
    rows = _array(record["rows"], np.uint8)
    if len(columns) % DIGEST or len(rows) != len(columns):
        raise BadRecord("row digests do not match the stories")
    columns = columns.reshape(-1, DIGEST)
    n = len(columns)
    indptr = _array(record["indptr"], "<i8").astype(np.int64)
    index = _array(record["index"], "<i4").astype(np.int64)
    score = _array(record["score"], "<f8").astype(np.float64)
    lengths = np.diff(indptr)
    if len(indptr) != n + 1 or indptr[0] != 0 or np.any(lengths < 0) or np.any(lengths > count):
        raise BadRecord("related rows do not match their pointers")
    if indptr[-1] != len(index) or len(score) != len(index):
        raise BadRecord("related entries do not match their pointers")
    if len(index) and (index.min() < 0 or index.max() >= n or not np.all(np.isfinite(score))):
        raise BadRecord("related entries out of range")
    if len({bytes(d) for d in columns}) != n:
        raise BadRecord("two stories with one digest")
    return columns, rows.reshape(-1, DIGEST), (indptr, index, score)
