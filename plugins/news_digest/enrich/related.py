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
chosen on: ``bench/RESULTS.md``, "Related links: the constants". In a build
with a cache, each story's best are kept and only the rows a new, changed or
removed story can change are scored again (:mod:`.related_cache`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise

import numpy as np
from scipy import sparse

from ..meta import past_folds, reference_index
from ..parallel import start_balanced
from ..story import Story
from . import horizon
from .rows import current_memo
from .unit_rows import l2_normalize
from .vectors import word_vectors_and_terms

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
) -> tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray, list[str]]:
    """Binary story x entity-name matrix, the same weighted by entity rarity, each
    story's total weight (for a weighted Jaccard), and the name of each column.

    Why weighted: "London" or "BBC" turn up in every section and say little;
    a shared rare name says much. Weight ``log(n / df)`` over the story's
    horizon (:mod:`.horizon`: the stories up to its day) is 0 for a name every
    story of it carries; later stories never change it.

    The columns are the names in sorted order, so two stories' shared names
    are summed in an order that depends on those two stories alone (not on
    which story first used a name): a pair scores the same number, to the
    last bit, in any archive that holds both (:mod:`.related_cache` relies on it).
    """
    per_story = [sorted({n.casefold() for names in s.entities.values() for n in names if n}) for s in stories]
    names = sorted(set().union(*per_story))
    index = {name: j for j, name in enumerate(names)}
    cols = np.fromiter((index[n] for own in per_story for n in own), dtype=np.int64)
    indptr = np.zeros(len(stories) + 1, dtype=np.int64)
    np.cumsum([len(own) for own in per_story], out=indptr[1:])
    shape = (len(stories), max(1, len(names)))
    m = sparse.csr_matrix((np.ones(len(cols), dtype=np.float64), cols, indptr), shape=shape)
    df, seen = horizon.horizon_df(m, days)
    where = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    weight = np.log(seen[where] / np.maximum(df, 1))
    weighted = sparse.csr_matrix((weight, m.indices, m.indptr), shape=m.shape)
    return m, weighted, np.asarray(weighted.sum(axis=1)).ravel(), names


def _order(stories: Iterable[Story]) -> list[Story]:
    """Tie-break order: newest first, then source. Index order breaks score ties."""
    return sorted(
        stories,
        key=lambda s: (s.date is None, -(s.date.toordinal() if s.date else 0), s.source),
    )


GAP_BLOCK = 256
"""Gaps whose time factor is computed in one array (see :func:`_gap_factors`)."""


def _gap_factors(gaps: np.ndarray, window_days: float) -> np.ndarray:
    """The time factor of each gap in days, computed in arrays of ``GAP_BLOCK`` gaps.

    Each gap sits at the same place of an array of the same length whatever
    the number of gaps, so its factor is the same number in every build
    (a vectorised ``exp`` must not be trusted to round a value the same in
    any position of any length of array), and kept scores stay exact.
    """
    padded = np.zeros(-(-len(gaps) // GAP_BLOCK) * GAP_BLOCK, dtype=np.float64)
    padded[: len(gaps)] = gaps
    scale = max(window_days, 1e-9)
    blocks = [TIME_FLOOR + (1.0 - TIME_FLOOR) * np.exp(-b / scale) for b in padded.reshape(-1, GAP_BLOCK)]
    return np.concatenate(blocks)[: len(gaps)] if blocks else np.zeros(0, dtype=np.float64)


def _decay(days: np.ndarray, window_days: float) -> tuple[np.ndarray, np.ndarray]:
    """Each story's day counted from the first (-1: undated), and the time factor of
    every gap in days, indexed by the gap; the last entry is an undated pair's.

    Dates are whole days, so the factor of a pair is one of these: one ``exp``
    per distinct gap instead of one per scored pair, the same numbers.
    """
    known = ~np.isnan(days)
    first = days[known].min() if known.any() else 0.0
    day = np.where(known, days - first, -1).astype(np.int64)
    gaps = np.arange(int(day.max()) + 1, dtype=np.float64)
    undated = _gap_factors(np.array([UNDATED_DAYS]), window_days)
    return day, np.append(_gap_factors(gaps, window_days), undated)


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


Best = tuple[np.ndarray, np.ndarray, np.ndarray]
"""Rows' best columns as ``(indptr, columns, scores)``: row ``i``'s are
``columns[indptr[i]:indptr[i + 1]]``, best first."""


def _top_k(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, n_rows: int, k: int) -> Best:
    """Per row, up to ``k`` columns, best value first; ties to the lower column.

    The caller orders stories newest first, then by source, so "lower column"
    is the documented tie-break and the result never depends on sort stability.
    """
    if k <= 0 or len(rows) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return np.zeros(n_rows + 1, dtype=np.int64), empty, empty.astype(np.float64)
    # Sorting every scored pair cost the most: only the values at or above
    # their row's k-th best can be in its top k, so only those are sorted.
    contender = _at_least_kth(rows, vals, n_rows, k)
    rows, cols, vals = rows[contender], cols[contender], vals[contender]
    order = np.lexsort((cols, -vals, rows))
    r, c, v = rows[order], cols[order], vals[order]
    first = np.searchsorted(r, np.arange(n_rows))
    rank = np.arange(len(r)) - first[r]
    keep = rank < k
    r, c, v = r[keep], c[keep], v[keep]
    return np.searchsorted(r, np.arange(n_rows + 1)), c.astype(np.int64), v


def _lists(best: Best) -> list[list[int]]:
    indptr, cols, _ = best
    bounds = indptr.tolist()
    return [cols[a:b].tolist() for a, b in pairwise(bounds)]


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


class Scorer:
    """What every pair's score is made of, for one archive (stories in :func:`_order`).

    The score of ``(a, b)`` is a function of the two stories' rows (their
    pruned TF-IDF terms, their weighted names, their names' total weight)
    and of their days, nothing else: each row's weights count only its own
    horizon (:mod:`.horizon`), names and terms are columns in sorted order
    (so shared ones are summed in the same order in any archive), and the
    time factor of a gap is computed the same way whatever the archive's span.
    """

    def __init__(
        self,
        stories: list[Story],
        window_days: float | None,
        min_score: float,
        use_entities: bool,
        exclude: dict[int, set[int]] | None,
        max_terms: int | None,
    ) -> None:
        n = self.n = len(stories)
        self.stories = stories
        self.min_score = min_score
        self.params = (window_days, min_score, use_entities, max_terms)
        self._early: tuple[int, Callable[[], list[Best]]] | None = None
        """Every row's best, started before they were asked for (:meth:`start_best`): the count, the join."""
        self.days = horizon.day_numbers([s.date for s in stories])
        x, self.terms = word_vectors_and_terms(stories)
        if max_terms is not None:  # the plain-cosine baseline keeps every term
            x = horizon.drop_common(x, self.days, MAX_DF)
        self.x = _prune(x, max_terms)
        self._xt: sparse.csr_matrix | None = None
        self.ents = self.ents_w = self.ent_sizes = None
        self.names: list[str] = []
        if use_entities:
            self.ents, self.ents_w, self.ent_sizes, self.names = _entity_matrix(stories, self.days)
            if self.ents.nnz == 0:
                self.ents = None
        self._entt: sparse.csr_matrix | None = None
        self.exclude = exclude or {}
        pairs = sorted(r * n + c for r, cs in self.exclude.items() for c in cs)
        self.excluded = np.array(pairs, dtype=np.int64)
        self.decay = _decay(self.days, window_days) if window_days is not None else None

    def made_for(self, stories: list[Story], window_days: float | None, min_score: float) -> bool:
        """Whether this scorer is the one :func:`link_related` would make of ``stories``: the same
        objects in the same order, these settings, names counted, terms pruned, no pair excluded."""
        return (
            len(self.stories) == len(stories)
            and all(map(operator.is_, self.stories, stories))
            and self.params == (window_days, min_score, True, MAX_TERMS)
            and not self.exclude
        )

    @property
    def xt(self) -> sparse.csr_matrix:
        if self._xt is None:
            self._xt = self.x.T.tocsr()
        return self._xt

    @property
    def entt(self) -> sparse.csr_matrix | None:
        if self._entt is None and self.ents is not None:
            self._entt = self.ents.T.tocsr()
        return self._entt

    def scores(self, rows: slice | np.ndarray, cols: np.ndarray | None = None) -> Best:
        """Scored pairs of ``rows`` against ``cols`` (None: every story) as (row's place in
        ``rows``, column, score): at or above the floor after the time factor, never a
        story with itself nor an excluded pair.

        A pair's score is the same number whichever rows and columns are asked
        for with it: each is one row's entries times the other's, added in the
        order of the row's columns.
        """
        ids = np.arange(self.n)[rows]
        xt = self.xt if cols is None else self.x[cols].T.tocsr()
        cos = self.x[rows] @ xt
        # The product's float32 sums, widened; ``astype`` would first sort each
        # row's entries (a third of the stage at 10,000 stories), which nothing
        # here needs: what follows never depends on the order of the entries.
        score = sparse.csr_matrix((cos.data.astype(np.float64), cos.indices, cos.indptr), shape=cos.shape)
        if self.ents is not None and self.ents_w is not None and self.ent_sizes is not None:
            entt = self.entt if cols is None else self.ents[cols].T.tocsr()
            inter = (self.ents_w[rows] @ entt).tocoo()  # summed weight of shared names
            other = inter.col if cols is None else cols[inter.col]
            union = self.ent_sizes[ids[inter.row]] + self.ent_sizes[other] - inter.data
            jac = sparse.csr_matrix(
                (ENTITY_WEIGHT * inter.data / np.maximum(union, 1e-9), (inter.row, inter.col)),
                shape=score.shape,
            )
            score = score + jac
        r = np.repeat(np.arange(len(ids), dtype=np.int64), np.diff(score.indptr))
        c = score.indices.astype(np.int64)
        if cols is not None:
            c = cols[c].astype(np.int64)
        v = score.data
        # Never itself; nothing below the floor. The time factor is at most 1,
        # so a pair already below the floor stays below it: dropped first.
        keep = (v >= self.min_score) & (c != ids[r])
        r, c, v = r[keep], c[keep], v[keep]
        if self.decay is not None:
            day, factor = self.decay
            a, b = day[ids[r]], day[c]
            v = v * factor[np.where((a < 0) | (b < 0), len(factor) - 1, np.abs(a - b))]
            keep = v >= self.min_score
            r, c, v = r[keep], c[keep], v[keep]
        if len(self.excluded):
            keep = ~np.isin(ids[r] * self.n + c, self.excluded)
            r, c, v = r[keep], c[keep], v[keep]
        return r, c, v

    def best(self, rows: np.ndarray, count: int, jobs: int = 1) -> Best:
        """The best ``count`` columns of each of ``rows`` (sorted story indices), scored against
        every story, in chunks (over ``jobs`` processes: the same result as one)."""
        early, self._early = self._early, None
        if early is not None:
            found = early[1]()  # joined whatever is asked: its workers must be reaped
            if early[0] == count and np.array_equal(rows, np.arange(self.n)):
                return _joined(found, len(rows))
        return _joined(self._started(rows, count, jobs)(), len(rows))

    def start_best(self, count: int, jobs: int) -> None:
        """Start :meth:`best` of every row now, in forked workers (:func:`..parallel.start_balanced`);
        the call of :meth:`best` that asks for it joins them (:meth:`drop_early` if none does)."""
        self.drop_early()
        self._early = (count, self._started(np.arange(self.n), count, jobs))

    def drop_early(self) -> None:
        """Join the rows started early and forget them (nothing asked for them)."""
        early, self._early = self._early, None
        if early is not None:
            early[1]()

    def _started(self, rows: np.ndarray, count: int, jobs: int) -> Callable[[], list[Best]]:
        # Chunks bound the memory of the product; its cost is what pruning keeps low.
        chunk = max(1, min(self.n, CHUNK_CELLS // self.n))
        parts = [rows[i : i + chunk] for i in range(0, len(rows), chunk)]
        if len(parts) > 1:  # made once here, not once in each worker
            _ = self.xt, self.entt

        def best_of(some: Sequence[np.ndarray]) -> list[Best]:
            out = []
            for part in some:
                contiguous = len(part) and int(part[-1]) - int(part[0]) == len(part) - 1
                r, c, v = self.scores(slice(int(part[0]), int(part[-1]) + 1) if contiguous else part)
                out.append(_top_k(r, c, v, len(part), count))
            return out

        # Balanced batches, not equal halves: a row's cost depends on how many
        # stories share its terms, and with equal halves the build process
        # worked alone on its half for ~2 s at 10,000 stories (quiet timeline).
        return start_balanced(best_of, parts, jobs, min_chunk=1)


def _joined(parts: list[Best], n_rows: int) -> Best:
    """Consecutive rows' :data:`Best`, as one."""
    if not parts:
        return _top_k(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), n_rows, 0)
    offsets = np.cumsum([0] + [len(p[1]) for p in parts[:-1]])
    indptr = np.concatenate([[0]] + [p[0][1:] + o for p, o in zip(parts, offsets, strict=True)])
    cols = np.concatenate([p[1] for p in parts])
    return indptr.astype(np.int64), cols, np.concatenate([p[2] for p in parts])


def ranked(
    stories: list[Story],
    count: int,
    window_days: float | None = 7.0,
    min_score: float = DEFAULT_MIN_SCORE,
    use_entities: bool = True,
    exclude: dict[int, set[int]] | None = None,
    max_terms: int | None = MAX_TERMS,
    jobs: int = 1,
    scorer: Scorer | None = None,
) -> list[list[int]]:
    """Best ``count`` other stories per story, as indices into ``stories``.

    Only pairs that share a (kept) term or an entity are scored: any other
    pair scores 0. ``window_days=None``, ``use_entities=False`` and
    ``max_terms=None`` give plain TF-IDF cosine. ``exclude`` maps a row to
    columns it must not get (pins already placed). The chunks of rows are
    independent: with ``jobs`` > 1 they are split over forked processes
    (:func:`..parallel.map_balanced`) and their rows joined in order, the same
    lists one process makes. In a build with a cache, the last build's lists
    are kept and only what new, changed and removed stories can change is
    scored again (:mod:`.related_cache`). ``scorer``: one made for exactly
    these stories and settings already (:func:`start_early`).
    """
    n = len(stories)
    if n < 2 or count <= 0:
        return [[] for _ in range(n)]
    if scorer is None:
        scorer = Scorer(stories, window_days, min_score, use_entities, exclude, max_terms)
    memo = current_memo()
    if memo is not None and memo.caching:
        from .related_cache import kept_best

        params = [count, window_days, min_score, use_entities, max_terms]
        return _lists(kept_best(scorer, count, params, memo, jobs))
    return _lists(scorer.best(np.arange(n), count, jobs))


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


def start_early(
    stories: list[Story],
    count: int = 5,
    window_days: float = 7.0,
    min_score: float = DEFAULT_MIN_SCORE,
    jobs: int = 1,
) -> Scorer | None:
    """The scores :func:`link_related` would make of ``stories``, started now in forked workers.

    For a cold build, before events: events leaves the second core idle
    for a second or more at 10,000 stories (its clusters, its groups), and
    these workers fill it. :func:`link_related` takes the results when its
    stories and settings are these (events rejected none), and joins and
    forgets them otherwise, as :meth:`Scorer.drop_early` does. None when
    some story has pins (they depend on the stage's own checks) or too few stories.
    """
    live = _order(s for s in stories if s.ok)
    if len(live) < 2 or count <= 0 or any(s.pinned_related for s in live):
        return None
    scorer = Scorer(live, window_days, min_score, True, None, MAX_TERMS)
    scorer.start_best(2 * count, jobs)
    return scorer


def link_related(
    stories: list[Story],
    count: int = 5,
    window_days: float = 7.0,
    min_score: float = DEFAULT_MIN_SCORE,
    jobs: int = 1,
    early: Scorer | None = None,
) -> None:
    """Fill ``story.related`` (sources, best first) for every published story.

    Pins (``story.pinned_related``: slugs or original URLs) come first in the
    editor's order and are all kept; then the other members of the story's
    event (``Story.event``), so a reader finds every outlet's report of what
    happened: the best-scoring first, then the rest in the event's order;
    then ranked stories fill up to ``count``. Only published stories are
    linked, never the story itself. ``early``: :func:`start_early`'s scorer.
    """
    live = _order(s for s in stories if s.ok)
    all_by_source = {s.source: s for s in stories}
    # The index of slugs and URLs only finds pins (a build of 10,000 stories usually has none).
    by_key = reference_index(stories) if any(s.pinned_related for s in live) else {}
    index = {s.source: i for i, s in enumerate(live)}
    pins = {i: _resolve_pins(s, by_key, all_by_source) for i, s in enumerate(live)}
    exclude = {i: {index[p.source] for p in ps} for i, ps in pins.items() if ps}
    scorer = None
    if early is not None:
        if not exclude and early.made_for(live, window_days, min_score):
            scorer = early
        else:
            early.drop_early()
    # Twice the count: room for the members of the event and the others after them.
    best = ranked(
        live, 2 * count, window_days, min_score, use_entities=True, exclude=exclude, jobs=jobs, scorer=scorer
    )
    for i, s in enumerate(live):
        taken = {i, *exclude.get(i, ())}
        event = s.event.members if s.event else []
        members = [index[m] for m in event if m in index and index[m] not in taken]
        in_event = set(members)
        scored = [j for j in best[i] if j in in_event]
        order = scored + [j for j in members if j not in scored] + [j for j in best[i] if j not in in_event]
        room = max(0, count - len(pins[i]))
        s.related = [p.source for p in pins[i]] + [live[j].source for j in order[:room]]
