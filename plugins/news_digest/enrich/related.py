"""Related stories: editors' pins first, then the best-scoring published stories.

Score of candidate ``b`` for story ``a``::

    (cosine(a, b) + ENTITY_WEIGHT * jaccard(entities(a), entities(b)))
        * (TIME_FLOOR + (1 - TIME_FLOOR) * exp(-|days(a) - days(b)| / window_days))

``cosine`` is TF-IDF (sublinear tf, English stop words) over headline and
cleaned text. The time factor never drops below ``TIME_FLOOR``, so an old
story that is very similar still beats a fresh, barely related one: decay is
soft, not a cut-off.

Cost: no Python loop over pairs. Rows are scored in chunks with one sparse
product ``X[chunk] @ X.T`` (and the same for the entity matrix), and the top
``count`` of each row come from ``np.argpartition``; memory stays at
``CHUNK_CELLS`` floats whatever the archive size.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from news_digest.story import Story

ENTITY_WEIGHT = 0.3
"""Bonus for shared named entities; a full match adds 0.3 of cosine."""

TIME_FLOOR = 0.5
"""Least share of the score kept however far apart the dates are."""

UNDATED_DAYS = 7.0
"""Gap assumed when either date is unknown: neither favoured nor buried."""

DEFAULT_MIN_SCORE = 0.05
"""Below this a link is noise (unrelated stories' TF-IDF cosine sits near 0.02)."""

CHUNK_CELLS = 2_000_000
"""Dense score cells per chunk (~16 MB of float64)."""


def story_text(s: Story) -> str:
    """What the vectoriser reads: headline, then the cleaned paragraphs."""
    return f"{s.headline}\n\n{s.body_text}"


def _vectorise(stories: list[Story]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows, one per story (empty rows when no vocabulary)."""
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32)
    try:
        return vec.fit_transform([story_text(s) for s in stories]).tocsr()
    except ValueError:  # empty vocabulary: nothing but stop words, or no stories
        return sparse.csr_matrix((len(stories), 1), dtype=np.float32)


def _entity_matrix(stories: list[Story]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Binary story x entity-name matrix and each story's entity count."""
    index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, s in enumerate(stories):
        # Names only, case-folded: the kind a tagger assigns is noisier than the name.
        names = {n.casefold() for kind in sorted(s.entities) for n in s.entities[kind] if n}
        for n in sorted(names):
            rows.append(i)
            cols.append(index.setdefault(n, len(index)))
    m = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)),
        shape=(len(stories), max(1, len(index))),
    )
    return m, np.asarray(m.sum(axis=1)).ravel()


def _order(stories: Iterable[Story]) -> list[Story]:
    """Tie-break order: newest first, then source. Index order breaks score ties."""
    return sorted(
        stories,
        key=lambda s: (s.date is None, -(s.date.toordinal() if s.date else 0), s.source),
    )


def _top_k(scores: np.ndarray, k: int, floor: float) -> list[list[int]]:
    """Per row, up to ``k`` column indices with score >= ``floor``, best first.

    Ties go to the lower index (the caller orders stories newest first, then by
    source), also at the argpartition boundary, so the result is deterministic.
    """
    n_rows, n_cols = scores.shape
    out: list[list[int]] = []
    if k <= 0 or n_cols == 0:
        return [[] for _ in range(n_rows)]
    kk = min(k, n_cols)
    # kth-best value per row; everything at least as good is a candidate.
    part = np.partition(scores, n_cols - kk, axis=1)[:, n_cols - kk]
    for r in range(n_rows):
        row = scores[r]
        cand = np.flatnonzero((row >= part[r]) & (row >= floor) & np.isfinite(row))
        if len(cand) == 0:
            out.append([])
            continue
        best = cand[np.lexsort((cand, -row[cand]))][:k]
        out.append(best.tolist())
    return out


def _days(stories: list[Story]) -> np.ndarray:
    return np.array(
        [s.date.toordinal() if s.date else np.nan for s in stories], dtype=np.float64
    )


def ranked(
    stories: list[Story],
    count: int,
    window_days: float | None = 7.0,
    min_score: float = DEFAULT_MIN_SCORE,
    use_entities: bool = True,
    exclude: dict[int, set[int]] | None = None,
) -> list[list[int]]:
    """Best ``count`` other stories per story, as indices into ``stories``.

    ``window_days=None`` and ``use_entities=False`` give plain TF-IDF cosine.
    ``exclude`` maps a row to columns it must not get (pins already placed),
    taken into account before the top ``count`` cut.
    """
    n = len(stories)
    if n < 2 or count <= 0:
        return [[] for _ in range(n)]
    x = _vectorise(stories)
    xt = x.T.tocsc()
    ents, ent_sizes = _entity_matrix(stories) if use_entities else (None, None)
    entt = ents.T.tocsc() if ents is not None else None
    days = _days(stories)
    extra = max((len(v) for v in (exclude or {}).values()), default=0)
    chunk = max(1, CHUNK_CELLS // n)
    result: list[list[int]] = []
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        score = (x[start:stop] @ xt).toarray().astype(np.float64)
        if ents is not None and entt is not None and ent_sizes is not None:
            inter = (ents[start:stop] @ entt).toarray()
            union = ent_sizes[start:stop, None] + ent_sizes[None, :] - inter
            with np.errstate(invalid="ignore", divide="ignore"):
                jac = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
            score += ENTITY_WEIGHT * jac
        if window_days is not None:
            gap = np.abs(days[start:stop, None] - days[None, :])
            gap = np.where(np.isnan(gap), UNDATED_DAYS, gap)
            decay = np.exp(-gap / max(window_days, 1e-9))
            score *= TIME_FLOOR + (1.0 - TIME_FLOOR) * decay
        rows = np.arange(start, stop)
        score[rows - start, rows] = -np.inf  # never itself
        for r, cols in (exclude or {}).items():
            if start <= r < stop and cols:
                score[r - start, sorted(cols)] = -np.inf
        result.extend(_top_k(score, count + extra, min_score))
    if exclude:
        result = [
            [c for c in row if c not in exclude.get(i, ())][:count]
            for i, row in enumerate(result)
        ]
    return [row[:count] for row in result]


def _resolve_pins(
    story: Story, by_key: dict[str, Story], all_by_source: dict[str, Story]
) -> list[Story]:
    """The published stories an editor pinned, in order; unknown pins warn."""
    out: list[Story] = []
    for pin in story.pinned_related:
        target = by_key.get(pin) or by_key.get(pin.strip().rstrip("/"))
        # A pin to a repost points at the story it was folded into.
        seen: set[str] = set()
        while target is not None and target.status == "folded" and target.folded_into:
            if target.source in seen:
                break
            seen.add(target.source)
            target = all_by_source.get(target.folded_into)
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
) -> None:
    """Fill ``story.related`` (sources, best first) for every published story.

    Pins (``story.pinned_related``: slugs or original URLs) come first in the
    editor's order and are all kept; ranked stories fill up to ``count``.
    Only published stories are linked, never the story itself.
    """
    live = _order(s for s in stories if s.ok)
    all_by_source = {s.source: s for s in stories}
    by_key: dict[str, Story] = {}
    for s in sorted(stories, key=lambda s: (not s.ok, s.source)):  # published win clashes
        for key in (s.slug, s.url, s.url.rstrip("/") if s.url else None):
            if key:
                by_key.setdefault(key, s)
    index = {id(s): i for i, s in enumerate(live)}
    pins = {i: _resolve_pins(s, by_key, all_by_source) for i, s in enumerate(live)}
    exclude = {i: {index[id(p)] for p in ps} for i, ps in pins.items() if ps}
    best = ranked(live, count, window_days, min_score, use_entities=True, exclude=exclude)
    for i, s in enumerate(live):
        chosen = [p.source for p in pins[i]]
        room = max(0, count - len(chosen))
        chosen += [live[j].source for j in best[i][:room]]
        s.related = chosen


def tfidf_baseline(stories: list[Story], count: int = 5) -> dict[str, list[str]]:
    """Plain TF-IDF cosine neighbours (no entities, no time, no floor): the benchmark's baseline."""
    live = _order(s for s in stories if s.ok)
    best = ranked(live, count, window_days=None, min_score=-math.inf, use_entities=False)
    return {s.source: [live[j].source for j in best[i]] for i, s in enumerate(live)}
