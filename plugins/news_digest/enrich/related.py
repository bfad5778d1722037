"""Related stories: editors' pins first, then the other reports of the same
event (``Story.event``), then the best-scoring published stories.

Score of candidate ``b`` for story ``a``::

    (cosine(a, b) + ENTITY_WEIGHT * weighted_jaccard(entities(a), entities(b)))
        * (TIME_FLOOR + (1 - TIME_FLOOR) * exp(-|days(a) - days(b)| / window_days))

``cosine`` is TF-IDF (sublinear tf, English stop words) over headline and
cleaned text, each story cut to its ``MAX_TERMS`` heaviest terms. The entity
Jaccard weights each shared name by its rarity, so "London" adds little and
a shared minister's name adds much. Word and name weights count the stories
up to each story's own day (:mod:`.horizon`), so a day's news moves no older
story's vector: an old story's links change only when a new story scores
among its best. The time factor never drops below
``TIME_FLOOR``, so an old story that is very similar still beats a fresh,
barely related one: decay is soft, not a cut-off.

Cost: no Python loop over pairs. Rows are scored in chunks with one sparse
product ``X[chunk] @ X.T`` (and one for the entity matrix); only pairs that
share a kept term or an entity ever get a score, and each row's top ``count``
comes from one ``np.lexsort`` per chunk. Term pruning is what keeps the
product near-linear. Its price in precision, and the grid the constants were
chosen on: ``bench/RESULTS.md``, "Related links: the constants".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

from ..meta import past_folds, reference_index
from ..parallel import map_chunks
from ..story import Story
from . import horizon
from .unit_rows import l2_normalize
from .vectors import word_vectors

ENTITY_WEIGHT = 0.1
"""Bonus for shared named entities: identical (rarity-weighted) name sets add 0.1."""

TIME_FLOOR = 0.5
"""Least share of the score kept however far apart the dates are."""

UNDATED_DAYS = 7.0
"""Gap assumed when either date is unknown: neither favoured nor buried."""

DEFAULT_MIN_SCORE = 0.05
"""Below this a link is noise: on ``bbc/`` the cosine between stories of
different sections has median 0.018 and 90th percentile 0.037 (same section:
median 0.037)."""

MAX_TERMS = 200
"""Terms kept per story for the similarity product (see ``_prune``)."""

MAX_DF = 250
"""Terms in more stories than this (of a story's horizon: the stories before
its day) are left out of that story's row in the similarity product.

The product costs the sum over terms of (stories keeping the term)^2; a term
is kept only by the stories up to the day its count passes ``MAX_DF``, so
that is at most about ``MAX_DF`` times the number of kept terms, and the
cost grows linearly with the archive. Such common
terms ("said", "year", "people") carry little weight in TF-IDF anyway; the
names they might stand for still count through shared entities."""

CHUNK_CELLS = 1_000_000
"""Rows per chunk are ``CHUNK_CELLS / n``: bounds the product's size if it were dense."""


def _entity_matrix(
    stories: list[Story], days: np.ndarray
) -> tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray]:
    """Binary story x entity-name matrix, the same weighted by entity rarity, and
    each story's total weight (for a weighted Jaccard).

    Why weighted: "London" or "BBC" turn up in every section and say little;
    a shared rare name says much. Weight ``log(n / df)`` over the story's
    horizon (:mod:`.horizon`: the stories up to its day) is 0 for a name every
    story of it carries; later stories never change it.
    """
    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, s in enumerate(stories):
        # Names only, case-folded: the kind a tagger assigns is noisier than the name.
        names = {n.casefold() for kind in sorted(s.entities) for n in s.entities[kind] if n}
        for n in sorted(names):
            rows.append(i)
            cols.append(index.setdefault(n, len(index)))
    shape = (len(stories), max(1, len(index)))
    m = sparse.csr_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=shape)
    m.sort_indices()
    df, seen = horizon.horizon_df(m, days)
    where = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    weight = np.log(seen[where] / np.maximum(df, 1))
    weighted = sparse.csr_matrix((weight, m.indices, m.indptr), shape=m.shape)
    return m, weighted, np.asarray(weighted.sum(axis=1)).ravel()


def _order(stories: Iterable[Story]) -> list[Story]:
    """Tie-break order: newest first, then source. Index order breaks score ties."""
    return sorted(
        stories,
        key=lambda s: (s.date is None, -(s.date.toordinal() if s.date else 0), s.source),
    )


def _decay(days: np.ndarray, window_days: float) -> tuple[np.ndarray, np.ndarray]:
    """Each story's day counted from the first (-1: undated), and the time factor of
    every gap in days, indexed by the gap; the last entry is an undated pair's.

    Dates are whole days, so the factor of a pair is one of these: one ``exp``
    per distinct gap instead of one per scored pair, the same numbers.
    """
    known = ~np.isnan(days)
    first = days[known].min() if known.any() else 0.0
    day = np.where(known, days - first, -1).astype(np.int64)
    gaps = np.append(np.arange(int(day.max()) + 1, dtype=np.float64), UNDATED_DAYS)
    return day, TIME_FLOOR + (1.0 - TIME_FLOOR) * np.exp(-gaps / max(window_days, 1e-9))


def _prune(x: sparse.csr_matrix, max_terms: int | None) -> sparse.csr_matrix:
    """Keep each row's ``max_terms`` heaviest terms, then re-normalise.

    Why: the product ``X @ X.T`` costs the sum over terms of (stories using the
    term)^2, and common words that survive the stop list make it quadratic in
    the archive. A story's heaviest TF-IDF terms carry its topic (Lucene's
    "more like this" keeps 25); the rest mostly adds noise and cost.
    """
    if max_terms is None or x.nnz == 0:
        return x
    x = x.tocsr()
    x.sort_indices()
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    # One float key: row, then heaviest first (weights are in (0, 1]); a stable
    # sort keeps column order among equal weights, so the choice is deterministic.
    order = np.argsort(rows + (1.0 - x.data.astype(np.float64)) * 0.5, kind="stable")
    rank = np.arange(len(order)) - x.indptr[rows[order]]
    keep = np.zeros(len(order), dtype=bool)
    keep[order[rank < max_terms]] = True
    pruned = sparse.csr_matrix((x.data * keep, x.indices, x.indptr), shape=x.shape)
    pruned.eliminate_zeros()
    return l2_normalize(pruned)


def _top_k_sparse(
    rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, n_rows: int, k: int
) -> list[list[int]]:
    """Per row, up to ``k`` columns, best value first; ties to the lower column.

    The caller orders stories newest first, then by source, so "lower column"
    is the documented tie-break and the result never depends on sort stability.
    """
    out: list[list[int]] = [[] for _ in range(n_rows)]
    if k <= 0 or len(rows) == 0:
        return out
    # Sorting every scored pair cost the most: only the values at or above
    # their row's k-th best can be in its top k, so only those are sorted.
    contender = _at_least_kth(rows, vals, n_rows, k)
    rows, cols, vals = rows[contender], cols[contender], vals[contender]
    order = np.lexsort((cols, -vals, rows))
    r, c = rows[order], cols[order]
    first = np.searchsorted(r, np.arange(n_rows))
    rank = np.arange(len(r)) - first[r]
    keep = rank < k
    r, c = r[keep], c[keep]
    bounds = np.searchsorted(r, np.arange(n_rows + 1))
    for i in range(n_rows):
        if bounds[i] < bounds[i + 1]:
            out[i] = c[bounds[i] : bounds[i + 1]].tolist()
    return out


def _at_least_kth(rows: np.ndarray, vals: np.ndarray, n_rows: int, k: int) -> np.ndarray:
    """Which entries are at least their row's ``k``-th highest value (all of a row with ``k`` or fewer)."""
    keep = np.ones(len(rows), dtype=bool)
    by_row = np.argsort(rows, kind="stable") if np.any(rows[1:] < rows[:-1]) else None
    r = rows if by_row is None else rows[by_row]
    v = vals if by_row is None else vals[by_row]
    bounds = np.searchsorted(r, np.arange(n_rows + 1))
    for i in np.flatnonzero(np.diff(bounds) > k).tolist():
        seg = v[bounds[i] : bounds[i + 1]]
        kth = np.partition(seg, len(seg) - k)[len(seg) - k]
        part = seg >= kth
        if by_row is None:
            keep[bounds[i] : bounds[i + 1]] = part
        else:
            keep[by_row[bounds[i] : bounds[i + 1]]] = part
    return keep


def ranked(
    stories: list[Story],
    count: int,
    window_days: float | None = 7.0,
    min_score: float = DEFAULT_MIN_SCORE,
    use_entities: bool = True,
    exclude: dict[int, set[int]] | None = None,
    max_terms: int | None = MAX_TERMS,
    jobs: int = 1,
) -> list[list[int]]:
    """Best ``count`` other stories per story, as indices into ``stories``.

    Only pairs that share a (kept) term or an entity are scored: any other
    pair scores 0. ``window_days=None``, ``use_entities=False`` and
    ``max_terms=None`` give plain TF-IDF cosine. ``exclude`` maps a row to
    columns it must not get (pins already placed). The chunks of rows are
    independent: with ``jobs`` > 1 they are split over forked processes
    (:func:`..parallel.map_chunks`) and their rows joined in order, the same
    lists one process makes.
    """
    n = len(stories)
    if n < 2 or count <= 0:
        return [[] for _ in range(n)]
    days = horizon.day_numbers([s.date for s in stories])
    x = word_vectors(stories)
    if max_terms is not None:  # the plain-cosine baseline keeps every term
        x = horizon.drop_common(x, days, MAX_DF)
    x = _prune(x, max_terms)
    xt = x.T.tocsr()
    ents, ents_w, ent_sizes = _entity_matrix(stories, days) if use_entities else (None, None, None)
    has_ents = ents is not None and ents.nnz > 0
    entt = ents.T.tocsr() if has_ents and ents is not None else None
    excluded = np.array(sorted(r * n + c for r, cs in (exclude or {}).items() for c in cs), dtype=np.int64)
    decay = _decay(days, window_days) if window_days is not None else None
    # Chunks bound the memory of the product; its cost is what pruning keeps low.
    chunk = max(1, min(n, CHUNK_CELLS // n))

    def best_of(starts: Sequence[int]) -> list[list[int]]:
        """The best columns of every row of the chunks starting at ``starts``."""
        out: list[list[int]] = []
        for start in starts:
            out.extend(best_in_chunk(start, min(n, start + chunk)))
        return out

    def best_in_chunk(start: int, stop: int) -> list[list[int]]:
        cos = x[start:stop] @ xt
        # The product's float32 sums, widened; ``astype`` would first sort each
        # row's entries (a third of the stage at 10,000 stories), which nothing
        # here needs: what follows never depends on the order of the entries.
        score = sparse.csr_matrix((cos.data.astype(np.float64), cos.indices, cos.indptr), shape=cos.shape)
        if has_ents and ents_w is not None and entt is not None and ent_sizes is not None:
            inter = (ents_w[start:stop] @ entt).tocoo()  # summed weight of shared names
            union = ent_sizes[inter.row + start] + ent_sizes[inter.col] - inter.data
            jac = sparse.csr_matrix(
                (ENTITY_WEIGHT * inter.data / np.maximum(union, 1e-9), (inter.row, inter.col)),
                shape=score.shape,
            )
            score = score + jac
        rows = np.repeat(np.arange(stop - start, dtype=np.int64), np.diff(score.indptr))
        cols, vals = score.indices.astype(np.int64), score.data
        # Never itself; nothing below the floor. The time factor is at most 1,
        # so a pair already below the floor stays below it: dropped first.
        keep = (vals >= min_score) & (cols != rows + start)
        rows, cols, vals = rows[keep], cols[keep], vals[keep]
        if decay is not None:
            day, factor = decay
            a, b = day[rows + start], day[cols]
            vals = vals * factor[np.where((a < 0) | (b < 0), len(factor) - 1, np.abs(a - b))]
            keep = vals >= min_score
            rows, cols, vals = rows[keep], cols[keep], vals[keep]
        if len(excluded):
            keep = ~np.isin((rows + start) * n + cols, excluded)
            rows, cols, vals = rows[keep], cols[keep], vals[keep]
        return _top_k_sparse(rows, cols, vals, stop - start, count)

    # The main process's chunks run while the workers do theirs: related
    # links are the last enrichment stage, nothing else waits on the other core.
    parts = map_chunks(best_of, range(0, n, chunk), jobs, min_chunk=1)
    return [row for part in parts for row in part]


def _resolve_pins(story: Story, by_key: dict[str, Story], all_by_source: dict[str, Story]) -> list[Story]:
    """The published stories an editor pinned, in order; unknown pins warn."""
    out: list[Story] = []
    for pin in story.pinned_related:
        target = past_folds(by_key.get(pin.strip().rstrip("/")), all_by_source)
        if target is None or not target.ok:
            story.warnings.append(f"pinned related story not found or not published: {pin}")
            continue
        if target is story or target in out:
            continue
        out.append(target)
    return out


def link_related(
    stories: list[Story],
    count: int = 5,
    window_days: float = 7.0,
    min_score: float = DEFAULT_MIN_SCORE,
    jobs: int = 1,
) -> None:
    """Fill ``story.related`` (sources, best first) for every published story.

    Pins (``story.pinned_related``: slugs or original URLs) come first in the
    editor's order and are all kept; then the other members of the story's
    event (``Story.event``), so a reader finds every outlet's report of what
    happened: the best-scoring first, then the rest in the event's order;
    then ranked stories fill up to ``count``. Only published stories are
    linked, never the story itself.
    """
    live = _order(s for s in stories if s.ok)
    all_by_source = {s.source: s for s in stories}
    by_key = reference_index(stories)
    index = {s.source: i for i, s in enumerate(live)}
    pins = {i: _resolve_pins(s, by_key, all_by_source) for i, s in enumerate(live)}
    exclude = {i: {index[p.source] for p in ps} for i, ps in pins.items() if ps}
    # Twice the count: room for the members of the event and the others after them.
    best = ranked(live, 2 * count, window_days, min_score, use_entities=True, exclude=exclude, jobs=jobs)
    for i, s in enumerate(live):
        taken = {i, *exclude.get(i, ())}
        event = s.event.members if s.event else []
        members = [index[m] for m in event if m in index and index[m] not in taken]
        in_event = set(members)
        scored = [j for j in best[i] if j in in_event]
        order = scored + [j for j in members if j not in scored] + [j for j in best[i] if j not in in_event]
        room = max(0, count - len(pins[i]))
        s.related = [p.source for p in pins[i]] + [live[j].source for j in order[:room]]
