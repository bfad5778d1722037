"""Events: the published stories that report one real-world event.

Copies are folded before this stage; here different outlets' own reports of
one event, in different words, become one :class:`Event`. The signals:

* **text**: TF-IDF cosine of headline and body (``vectors.word_vectors``),
  and of the *lead* (headline and first paragraphs, ``LEAD_WORDS``), which
  says what happened where the body goes on to background;
* **names**: TF-IDF cosine of the capitalised words inside sentences and of
  the figures (people, places, teams, ships, a 5.6 quake against a 6.1 one:
  "Rahman" against "Thompson" is what tells two Klitschko title fights apart);
* **time**: only stories at most ``window_days`` apart can join, an event
  never spans more than that, and two stories of different days must be much closer (``OTHER_DAY``);
* **outlet**: two stories of one outlet count ``SAME_OUTLET`` as much.

Pair score ``R`` is the weighted mean of the three cosines (``WEIGHTS``)
times the time and outlet factors. ``R`` alone confuses two events on one subject (two rehab
check-ins, two title fights of one boxer): their reports share most words.
So a second score looks at context: ``Q`` is the cosine between two stories'
neighbourhoods (each story with its ``NEIGHBOURS`` best matches, weighted by
``R``). Reports of one event have the same nearest neighbours; reports of
two similar events each have their own. A pair counts
``M = min(R / EVENT_THRESHOLD, Q / CONTEXT_THRESHOLD)``, and events are the
average-link clusters of ``M`` cut at 1 (the mean ``M`` over all pairs
across two groups, missing pairs counting 0, must reach 1 for them to
join), so both scores must agree.

Cost, with no Python loop over pairs: one sparse product per chunk of rows,
only against the columns inside the time window (stories sorted by day), each
chunk's product and each story's pairs bounded (``CHUNK_CELLS``,
``MAX_PAIRS``), so memory grows linearly with the archive; the
neighbourhoods are one sparse matrix; average link runs (scipy) inside each
connected component of the pairs with ``M >= 1``, a handful of stories each.
``bench/scaling.py`` times the stage.

The constants were chosen on ``ecbplus/`` with every story on one date
(B-cubed F1 against its event clusters, ``python -m bench.quality_events``),
on the same corpus with the ``bbc/`` stories added on that date as
distractors (so that a setting that merely merges more cannot win), and on
the demo content, whose storylines share a cast and whose stories of one
storyline are different events on different days.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import pairwise

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from ..codec import BadRecord
from ..meta import past_folds, reference_index
from ..parallel import map_balanced
from ..story import Event, Story
from . import horizon
from .related import MAX_DF
from .rows import _array, current_memo, term_counts
from .unit_rows import l2_normalize
from .vectors import word_vectors_and_terms

WEIGHTS = (2.0, 1.0, 1.0)
"""Weights of the word, lead and name cosines in ``R``: the whole text counts
as much as the lead and the names together, so that a shared cast alone (two
stories of one province on one day) does not make one event."""

LEAD_WORDS = 40
"""The lead is the headline and the first paragraphs up to this many words."""

EVENT_THRESHOLD = 0.18
"""``R`` at which a pair is as similar as one event's reports need to be."""

CONTEXT_THRESHOLD = 0.08
"""``Q`` at which two stories' neighbourhoods agree enough."""

NEIGHBOURS = 6
"""Best matches in each story's neighbourhood (about half a typical event)."""

OTHER_DAY = 0.4
"""Share of ``R`` kept by two stories of different days inside the window.
Reports of one event come out the same day; the next day's story on the
subject is mostly a new development (an inquiry, a reaction, the deal after
the strike) that repeats the background, and its own day's digest must show
it. So a pair from two days must be a near retelling (``R`` before this
factor of 0.45 or more, the top quarter of one event's same-day reports) to
join; a late report of the same event still does."""

SAME_OUTLET = 0.5
"""Factor on ``R`` for two stories of one outlet: an outlet rarely reports
one event twice (copies are folded already), but often runs two stories on
one subject the same day."""

EDGE_FLOOR = 0.05
"""Pairs below this ``R`` count as 0 (they never decide a merge, and the
sparse matrices stay small)."""

MAX_PAIRS = 100
"""Pairs each story keeps (its best ``R``), so that the memory of ``R`` grows
with the archive, not with the stories a day times the window. An event has
far fewer reports, and a pair below a story's hundredth best adds next to
nothing to the average over an event. On ``bench/quality_events`` (every story
on one date) stories have up to 106 pairs (172 with the ``bbc/`` distractors,
47 on average) and no figure moves."""

MAX_TOPICS = 3
"""Topics an event shows."""

CHUNK_CELLS = 2_000_000
"""Rows per product chunk are ``CHUNK_CELLS / columns in the window``."""

APART = "none"
"""``event_hint`` that keeps a story out of every other story's event."""

_NAME = re.compile(r"[A-ZÀ-ÖØ-Þ](?<=[^\s.!?:;\"'“‘(\[] .)[\w'’-]*")
"""A capitalised word that follows a word inside its sentence (one space
after anything but sentence punctuation, an opening quote or a bracket)."""

_NUMBER = re.compile(r"[0-9][0-9.,]*")
"""A figure (its trailing punctuation is cut off); no ``\\b``: it makes the scan three times slower."""

_TRIM = re.compile(r"(?:['’]s?|-)$")
_WORD = re.compile(r"[\w'’-]+")


def name_text(s: Story) -> str:
    """The story's names and figures, lower-cased, as one string for the vectoriser.

    Names are the capitalised words inside sentences (a sentence's first word
    is capitalised anyway), in the headline as in the body. The outlet's own
    name is left out: its datelines and credits ("(Meridian Wire) -") would
    make any two of its stories look alike.
    """
    own = set(_WORD.findall(f"{s.outlet} {s.raw_outlet or ''}".lower()))
    text = "\n\n".join((s.headline, *s.paragraphs))
    found = [_TRIM.sub("", w).lower() for w in _NAME.findall(text)]
    found += [n.rstrip(".,") for n in _NUMBER.findall(text)]
    return " ".join(w for w in found if w and w not in own)


def lead_text(s: Story) -> str:
    """The headline and the first paragraphs, up to ``LEAD_WORDS`` words or just past."""
    parts, count = [s.headline], 0
    for paragraph in s.paragraphs:
        if count >= LEAD_WORDS:
            break
        parts.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(parts)


def features(stories: list[Story]) -> sparse.csr_matrix:
    """Rows whose dot product is the weighted mean of the word, lead and name cosines.

    Each story's weights count the stories up to its own day (:mod:`.horizon`),
    so a day's new stories do not move older days' events. Terms in more
    than ``related.MAX_DF`` stories (of the story's horizon) are left out, as
    for related links: they cost the most in the product and say the least.
    """
    return features_and_columns(stories)[0]


def features_and_columns(stories: list[Story]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """:func:`features`, and what names each column from one build to the next (:func:`column_ids`)."""
    leads, lead_terms = term_counts(stories, "leads", lead_text, stop_words="english")
    names, name_terms = term_counts(
        stories, "names", name_text, stop_words="english", token_pattern=r"\S+", lowercase=False
    )
    days = horizon.day_numbers([s.date for s in stories])
    words, word_terms = word_vectors_and_terms(stories)
    # Terms in more than MAX_DF stories of the horizon dropped (the leads' and names' from the
    # frequencies their weights count, the words' counted again: their weights are shared).
    parts = [horizon.drop_common(words, days, MAX_DF)]
    parts += [horizon.tfidf(leads, days, MAX_DF), horizon.tfidf(names, days, MAX_DF)]
    scales = np.sqrt(np.array(WEIGHTS, dtype=np.float32) / sum(WEIGHTS))
    weighted = [p * w for p, w in zip(parts, scales, strict=True)]
    columns = [
        column_ids(kind, terms, part.shape[1])
        for kind, terms, part in zip(
            ("words", "leads", "names"), (word_terms, lead_terms, name_terms), parts, strict=True
        )
    ]
    return sparse.hstack(weighted, format="csr"), np.concatenate(columns)


def column_ids(kind: str, terms: list[str], columns: int) -> np.ndarray:
    """A number per column that names its term (and ``kind``) the same way in every build.

    Column indices move when a story brings a new term (the terms are sorted);
    these do not, so a day's digest (:class:`_Days`) is the same in two
    builds exactly when its rows' entries are the same terms with the same weights.
    A matrix with no terms has one empty column.
    """
    named = [f"{kind}\0{t}" for t in terms] + [f"{kind}\1{j}" for j in range(len(terms), columns)]
    return np.array(
        [
            int.from_bytes(
                hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little"
            )
            for t in named
        ],
        dtype=np.uint64,
    )


def _outlet_numbers(stories: list[Story]) -> np.ndarray:
    """One number per outlet; -1 for stories whose outlet is not known."""
    ids: dict[str, int] = {}
    out = []
    for s in stories:
        key = _outlet_id(s) if s.outlet_key or s.outlet not in ("", "Unknown outlet") else ""
        out.append(ids.setdefault(key, len(ids)) if key else -1)
    return np.array(out, dtype=np.int64)


def similarity(
    z: sparse.csr_matrix,
    days: np.ndarray,
    window: float,
    outlets: np.ndarray | None = None,
    fade: bool = True,
    per_story: int = MAX_PAIRS,
    jobs: int = 1,
    columns: np.ndarray | None = None,
    kept: str = "",
) -> sparse.csr_matrix:
    """Symmetric ``R`` over pairs at most ``window`` days apart (0 elsewhere, no diagonal).

    Rows are taken in day order, a day's rows at a time (in chunks whose
    product, rows times the columns of their window, stays under
    ``CHUNK_CELLS``); each row keeps its ``per_story`` best pairs. So memory
    is bounded per story, whatever the number of stories a day or how alike
    they are. The chunks are worked over ``jobs`` processes
    (:func:`..parallel.map_balanced`): each is the same product wherever it
    runs, and their pairs are joined in chunk order.

    With ``kept`` (a name) and ``columns`` (:func:`column_ids` of ``z``'s
    columns), in a build with a cache, each chunk's pairs are kept in the
    cache under a digest of everything they are computed from: the rows of
    the chunk's window, their days and outlets. A day whose window holds no
    new or changed row takes its pairs from there (:func:`_kept_chunks`).
    """
    n = z.shape[0]
    outlets = np.full(n, -1) if outlets is None else outlets
    dated = np.flatnonzero(~np.isnan(days))
    order = dated[np.argsort(days[dated], kind="stable")]
    zs, ds, os_ = z[order], days[order], outlets[order]
    lo_of = np.searchsorted(ds, ds - window, "left")
    hi_of = np.searchsorted(ds, ds + window, "right")

    def pairs(ranges: Sequence[tuple[int, int]]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        out = []
        for start, stop in ranges:
            lo, hi = int(lo_of[start]), int(hi_of[stop - 1])
            block = (zs[start:stop] @ zs[lo:hi].T).tocoo()
            # OTHER_DAY and SAME_OUTLET are at most 1: a pair under the floor stays under it (most
            # of the product's entries), so it is dropped before they are worked out.
            high = np.flatnonzero(block.data >= EDGE_FLOOR)
            r, c, v = block.row[high] + start, block.col[high] + lo, block.data[high].astype(np.float64)
            gap = np.abs(ds[r] - ds[c])
            if fade:
                v = np.where(gap > 0, v * OTHER_DAY, v)
            v = np.where((os_[r] == os_[c]) & (os_[r] >= 0), v * SAME_OUTLET, v)
            keep = (gap <= window) & (r != c) & (v >= EDGE_FLOOR)
            out.append(_best_per_row(order[r[keep]], order[c[keep]], v[keep], per_story))
        return out

    ranges = list(_day_chunks(ds, lo_of, hi_of))
    memo = current_memo() if kept and columns is not None else None
    if memo is not None and memo.caching:
        params = [window, fade, per_story]
        days = _Days(zs, columns, ds, os_)
        done = _kept_chunks(memo, kept, params, ranges, lo_of, hi_of, order, days, pairs, jobs)
    else:
        done = map_balanced(pairs, ranges, jobs, min_chunk=1)
    if not done:
        return sparse.csr_matrix((n, n))
    rows_out, cols_out, vals_out = ([found[k] for found in done] for k in range(3))
    return _symmetric(np.concatenate(rows_out), np.concatenate(cols_out), np.concatenate(vals_out), n)


def _day_chunks(ds: np.ndarray, lo_of: np.ndarray, hi_of: np.ndarray) -> Iterator[tuple[int, int]]:
    """Row ranges ``[start, stop)`` of one day each, whose product with their day's window
    (``lo_of[start]`` to ``hi_of[start]``) has at most ``CHUNK_CELLS`` cells (one row at least).

    A chunk never spans two days, so its pairs depend on its own day's window
    alone, and a day's news leaves the chunks of days outside its window as
    they were (their pairs can be kept between builds).
    """
    m, start = len(ds), 0
    while start < m:
        end = int(np.searchsorted(ds, ds[start], "right"))
        rows = max(1, CHUNK_CELLS // max(1, int(hi_of[start] - lo_of[start])))
        for first in range(start, end, rows):
            yield first, min(end, first + rows)
        start = end


class _Days:
    """The days of rows sorted by day (no NaN), each day's rows and a digest of them.

    A chunk's window is whole days (it runs from the first row of one day to
    the last of another), so the window's digest is its days' digests in
    order: one blake2b a day over the day's entries as stored, not one a row
    (10,000 Python-level digests of a few hundred bytes each cost ~0.1 CPU s
    a build; a day's are one pass over a contiguous slice).
    """

    def __init__(self, zs: sparse.csr_matrix, columns: np.ndarray, ds: np.ndarray, os_: np.ndarray) -> None:
        self.starts = np.flatnonzero(np.r_[True, ds[1:] != ds[:-1]]) if len(ds) else np.zeros(0, np.int64)
        bounds = np.r_[self.starts, len(ds)].tolist()
        terms = columns[zs.indices]
        indptr = zs.indptr.astype("<i8")
        digests = []
        for a, b in pairwise(bounds):
            first, last = int(indptr[a]), int(indptr[b])
            h = hashlib.blake2b(digest_size=16)
            h.update(f"{float(ds[a])!r} {b - a} {zs.data.dtype.str}".encode())
            h.update((indptr[a : b + 1] - first).tobytes())  # where each row's entries start
            h.update(os_[a:b].astype("<i8").tobytes())
            h.update(terms[first:last].tobytes())
            h.update(zs.data[first:last].tobytes())
            digests.append(h.digest())
        self.digests = digests
        self.rows = len(ds)

    def day_of(self, row: int) -> int:
        """The day (its place in :attr:`starts`) of sorted row ``row``."""
        return int(np.searchsorted(self.starts, row, "right")) - 1

    def around(self, row: int) -> tuple[int, bytes]:
        """The first row of sorted row ``row``'s day and the day's digest."""
        day = self.day_of(row)
        return int(self.starts[day]), self.digests[day]

    def of(self, lo: int, hi: int) -> bytes:
        """The digests of the whole days of rows ``[lo, hi)``, in order (``lo`` and ``hi`` start days)."""
        if lo >= hi:
            return b""
        first, last = self.day_of(lo), self.day_of(hi - 1)
        end = int(self.starts[last + 1]) if last + 1 < len(self.starts) else self.rows
        if self.starts[first] != lo or end != hi:
            raise ValueError("a window of rows that is not whole days")
        return b"".join(self.digests[first : last + 1])


Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]


def _kept_chunks(
    memo,
    kept: str,
    params: list,
    ranges: list[tuple[int, int]],
    lo_of: np.ndarray,
    hi_of: np.ndarray,
    order: np.ndarray,
    days: _Days,
    pairs: Callable[[Sequence[tuple[int, int]]], list[Pairs]],
    jobs: int,
) -> list[Pairs]:
    """``pairs(ranges)``, each chunk's pairs taken from the cache when its window is unchanged.

    A chunk's key holds the digests of the days of its window (their rows'
    terms, weights, days and outlets), the chunk's place in it and the order of the
    window's stories (ties go to the lower story): what its pairs are
    computed from, and nothing else. The pairs are kept with their stories
    named by their place in the window, so a story added on another day,
    which moves every later index, leaves them usable.
    """
    where = np.empty(len(order), dtype=np.int64)
    where[order] = np.arange(len(order))  # story -> its place in day order
    keys = []
    for start, stop in ranges:
        lo, hi = int(lo_of[start]), int(hi_of[start])
        rank = np.argsort(order[lo:hi], kind="stable").astype("<i4")
        window = hashlib.blake2b(days.of(lo, hi) + rank.tobytes(), digest_size=32).hexdigest()
        keys.append(memo.key("similarity", kept, params, start - lo, stop - lo, window))

    def decode(k: int, record: object) -> Pairs:
        (start, stop), lo = ranges[k], int(lo_of[ranges[k][0]])
        r, c, v = _decode_pairs(record, start - lo, stop - lo, int(hi_of[start]) - lo)
        return order[r + lo], order[c + lo], v

    def places(k: int, found: Pairs) -> tuple[np.ndarray, np.ndarray]:
        lo = int(lo_of[ranges[k][0]])
        return where[found[0]] - lo, where[found[1]] - lo

    return _chunks_from_cache(
        memo, keys, ranges, "similarity", decode, places, pairs, jobs, f"similarity-{kept}", len(order)
    )


def _chunks_from_cache(
    memo,
    keys: list[str],
    ranges: list[tuple[int, int]],
    noun: str,
    decode: Callable[[int, object], Pairs],
    places: Callable[[int, Pairs], tuple[np.ndarray, np.ndarray]],
    compute: Callable[[Sequence[tuple[int, int]]], list[Pairs]],
    jobs: int,
    counter: str,
    rows: int,
) -> list[Pairs]:
    """Each chunk's pairs from its record under ``keys[k]``, else ``compute``d (over ``jobs``) and kept.

    ``decode(k, record)`` checks a record (:class:`BadRecord`) and gives its
    pairs as the caller uses them; ``places(k, pairs)`` gives the rows and
    columns to keep, relative to the chunk and its window. One bad record
    discards the cache and every chunk is computed again. ``counter`` counts
    the ``rows`` kept and made.
    """
    found: list[Pairs | None] = [None] * len(ranges)
    if not memo.empty:
        cached = memo.get_many(keys)
        for k, key in enumerate(keys):
            record = cached.get(key)
            if record is None:
                continue
            try:
                found[k] = decode(k, record)
            except BadRecord as exc:
                memo.discard(f"bad {noun} record: {exc}")
                found = [None] * len(ranges)
                break
    todo = [k for k, f in enumerate(found) if f is None]
    made = map_balanced(compute, [ranges[k] for k in todo], jobs, min_chunk=1)
    for k, pairs in zip(todo, made, strict=True):
        found[k] = pairs
        r, c = places(k, pairs)
        memo.put(keys[k], {"r": r.astype("<i4"), "c": c.astype("<i4"), "v": pairs[2].astype("<f8")})
    worked = sum(ranges[k][1] - ranges[k][0] for k in todo)
    memo.count(counter, rows - worked, worked)
    return [f for f in found if f is not None]


def _record_arrays(record: object, noun: str) -> Pairs:
    """The rows, columns and values of a kept chunk's record, as long as one another."""
    if not isinstance(record, dict) or set(record) != {"r", "c", "v"}:
        raise BadRecord(f"not a {noun} record")
    r = _array(record["r"], "<i4").astype(np.int64)
    c = _array(record["c"], "<i4").astype(np.int64)
    v = _array(record["v"], "<f8").astype(np.float64)
    if not len(r) == len(c) == len(v):
        raise BadRecord(f"{noun} arrays of different lengths")
    return r, c, v


def _decode_pairs(record: object, first: int, stop: int, width: int) -> Pairs:
    """A chunk's kept pairs (places in its window), checked: rows of the chunk, columns of the window."""
    r, c, v = _record_arrays(record, "similarity")
    if len(r) and (r.min() < first or r.max() >= stop or c.min() < 0 or c.max() >= width or np.any(r == c)):
        raise BadRecord("similarity pairs out of their window")
    if not np.all(np.isfinite(v) & (v >= EDGE_FLOOR)):
        raise BadRecord("similarity values out of range")
    return r, c, v


def _best_per_row(
    r: np.ndarray, c: np.ndarray, v: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``k`` highest values (ties to the lower column); every row is whole in the input."""
    if len(r) == 0 or np.bincount(r).max() <= k:
        return r, c, v
    order = np.lexsort((c, -v, r))
    r, c, v = r[order], c[order], v[order]
    first = np.r_[0, np.flatnonzero(r[1:] != r[:-1]) + 1]
    rank = np.arange(len(r)) - np.repeat(first, np.diff(np.r_[first, len(r)]))
    keep = rank < k
    return r[keep], c[keep], v[keep]


def _symmetric(r: np.ndarray, c: np.ndarray, v: np.ndarray, n: int) -> sparse.csr_matrix:
    """The matrix of pairs kept from either side, each the mean of the values kept for it.

    Each pair is usually computed twice (once from either side) with
    different float rounding: averaging makes ``R`` exactly symmetric. A pair
    only one side kept (the other had ``MAX_PAIRS`` better ones) has one value.
    The values are summed with ``1j`` each, so that one sort of the pairs
    (``sum_duplicates``) gives each pair's sum and its count (2 or 1, the
    sum's imaginary part): a sum of two in either order, as exact as before.
    """
    rows, cols = np.concatenate([r, c]), np.concatenate([c, r])
    total = sparse.csr_matrix((np.concatenate([v, v]) + 1j, (rows, cols)), shape=(n, n))
    total.sum_duplicates()
    return sparse.csr_matrix((total.data.real / total.data.imag, total.indices, total.indptr), shape=(n, n))


def neighbourhoods(r: sparse.csr_matrix, k: int = NEIGHBOURS) -> sparse.csr_matrix:
    """Each story's row: itself (1) and its ``k`` best matches (their ``R``), L2-normalised.

    Ties go to the lower index, so the rows never depend on sort stability.
    ``r`` holds no duplicate entries (as :func:`_symmetric` makes it).
    """
    n = r.shape[0]
    r = r.tocsr()
    if not r.has_sorted_indices:
        r = r.sorted_indices()
    keep = _best_in_rows(r.data, r.indptr, k)
    rows = np.repeat(np.arange(n), np.diff(r.indptr))
    knn = sparse.csr_matrix((r.data[keep], (rows[keep], r.indices[keep])), shape=(n, n))
    return l2_normalize((knn + sparse.identity(n, format="csr")).tocsr())


def _best_in_rows(data: np.ndarray, indptr: np.ndarray, k: int) -> np.ndarray:
    """Which entries are among their row's ``k`` highest (ties to the earlier entry), as a mask.

    The same entries as sorting every row by value, but without sorting the
    whole matrix (0.3 CPU s for the 770,000 pairs of 10,000 synthetic
    stories): a row with more than ``k`` entries keeps those above its
    ``k``-th highest value (one ``np.partition`` of a padded table of such
    rows) and, of those equal to it, the earliest ones until it has ``k``.
    """
    if k <= 0:
        return np.zeros(len(data), dtype=bool)
    counts = np.diff(indptr)
    keep = np.ones(len(data), dtype=bool)
    over = np.flatnonzero(counts > k)
    if len(over) == 0:
        return keep
    lengths = counts[over]
    row = np.repeat(np.arange(len(over)), lengths)  # each long row's entries, in order
    first = np.repeat(np.cumsum(lengths) - lengths, lengths)  # where each entry's row starts
    slot = np.arange(len(row)) - first
    entry = indptr[over][row] + slot
    values = data[entry]
    table = np.full((len(over), int(lengths.max())), np.inf)
    table[row, slot] = -values  # ascending partition of the negated values: the k-th highest
    kth = -np.partition(table, k - 1, axis=1)[:, k - 1][row]
    above = values > kth
    tie = values == kth
    ties_before = np.cumsum(tie) - tie
    ties_before -= ties_before[first]  # counted inside the row only
    room = k - np.bincount(row, weights=above, minlength=len(over)).astype(np.int64)[row]
    keep[entry] = above | (tie & (ties_before < room))
    return keep


def _pair_context(k: sparse.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``Q`` for each pair ``(a[e], b[e])``: the dot product of two neighbourhood rows."""
    if len(a) == 0:
        return np.zeros(0)
    return np.asarray(k[a].multiply(k[b]).sum(axis=1)).ravel()


def cluster(
    r: sparse.csr_matrix, days: np.ndarray, window: float, k_rows: sparse.csr_matrix | None = None
) -> np.ndarray:
    """Event label of every story: average-link clusters of ``M`` cut at 1.

    Clusters live inside the connected components of the pairs with
    ``M >= 1`` (an average of at least 1 needs one pair at least 1), so
    scipy's average link runs on each component's small dense block. ``M`` is
    0 wherever ``R`` is, so it is computed on ``R``'s pairs only. Pairs more
    than ``window`` days apart get an infinite distance, so no cluster spans
    more than the window.
    """
    n = r.shape[0]
    k_rows = neighbourhoods(r) if k_rows is None else k_rows
    upper = sparse.triu(r, k=1).tocoo()
    a, b, rv = upper.row.astype(np.int64), upper.col.astype(np.int64), upper.data
    strong = np.flatnonzero(rv >= EVENT_THRESHOLD)  # only these can have M >= 1
    m_strong = np.minimum(
        rv[strong] / EVENT_THRESHOLD, _pair_context(k_rows, a[strong], b[strong]) / CONTEXT_THRESHOLD
    )
    linked = strong[m_strong >= 1.0]
    graph = sparse.csr_matrix((np.ones(len(linked)), (a[linked], b[linked])), shape=(n, n))
    n_comp, comp = connected_components(graph, directed=False)
    labels = comp.copy()
    sizes = np.bincount(comp, minlength=n_comp)
    # Components of one or two stories are final; larger ones are cut by average link.
    big = sizes > 2
    if not big.any():
        return labels
    members = np.argsort(comp, kind="stable")
    bounds = np.searchsorted(comp[members], np.arange(n_comp + 1))
    local = np.empty(n, dtype=np.int64)
    local[members] = np.arange(n) - bounds[comp[members]]
    # M of every pair inside a large component (0 where R is 0), grouped by component.
    inside = np.flatnonzero((comp[a] == comp[b]) & big[comp[a]])
    ea, eb = a[inside], b[inside]
    em = np.minimum(rv[inside] / EVENT_THRESHOLD, _pair_context(k_rows, ea, eb) / CONTEXT_THRESHOLD)
    order = np.argsort(comp[ea], kind="stable")
    ea, eb, em = ea[order], eb[order], em[order]
    edge_bounds = np.searchsorted(comp[ea], np.arange(n_comp + 1))
    next_label = n_comp
    cuts = _KeptCuts(window)
    for c in np.flatnonzero(big).tolist():
        idx = members[bounds[c] : bounds[c + 1]]
        lo, hi = edge_bounds[c], edge_bounds[c + 1]
        block = np.zeros((len(idx), len(idx)))
        block[local[ea[lo:hi]], local[eb[lo:hi]]] = em[lo:hi]
        sub = cuts.cut(block + block.T, days[idx])
        labels[idx] = np.where(sub == 0, c, next_label + sub)
        next_label += int(sub.max()) + 1
    cuts.keep()
    return labels


class _KeptCuts:
    """:func:`_cut` of each component, kept between builds under a digest of its ``M`` block and days.

    A cut is a function of those alone (and the window), so a component a
    day's news leaves as it was (most of the archive's) takes its clusters
    from the last build's record, one record for all: its digests and the
    labels of each. Without the build's cache every component is cut.
    """

    def __init__(self, window: float) -> None:
        self.window = window
        self.memo = current_memo()
        self.key = (
            self.memo.key("event cuts", window) if self.memo is not None and self.memo.caching else None
        )
        self.old: dict[bytes, np.ndarray] = {}
        self.now: dict[bytes, np.ndarray] = {}
        if self.key is not None and self.memo is not None and not self.memo.empty:
            try:
                self.old = _decode_cuts(self.memo.get(self.key))
            except BadRecord as exc:
                self.memo.discard(f"bad event cuts: {exc}")

    def cut(self, m: np.ndarray, days: np.ndarray) -> np.ndarray:
        if self.key is None:
            return _cut(m, days, self.window)
        h = hashlib.blake2b(m.tobytes(), digest_size=16)
        h.update(days.astype("<f8").tobytes())
        digest = h.digest()
        found = self.old.get(digest)
        if found is None or len(found) != len(m):
            found = _cut(m, days, self.window)
            self.memo.count("event-cuts", 0, len(m))
        else:
            self.memo.count("event-cuts", len(m), 0)
        self.now[digest] = found
        return found

    def keep(self) -> None:
        if self.key is None or self.memo is None or self.now.keys() == self.old.keys():
            return  # the record as it was (reading it kept it)
        digests = sorted(self.now)
        labels = [self.now[d] for d in digests]
        self.memo.put(
            self.key,
            {
                "digests": np.frombuffer(b"".join(digests), dtype=np.uint8),
                "sizes": np.array([len(x) for x in labels], dtype="<i4"),
                "labels": np.concatenate(labels).astype("<i4") if labels else np.zeros(0, dtype="<i4"),
            },
        )


def _decode_cuts(record: object) -> dict[bytes, np.ndarray]:
    """The kept cuts: digest -> labels, checked (labels from 0, each new one the next number)."""
    if record is None:
        return {}
    if not isinstance(record, dict) or set(record) != {"digests", "sizes", "labels"}:
        raise BadRecord("not a record of event cuts")
    digests = _array(record["digests"], np.uint8)
    sizes = _array(record["sizes"], "<i4").astype(np.int64)
    labels = _array(record["labels"], "<i4").astype(np.int64)
    if len(digests) != 16 * len(sizes) or np.any(sizes < 1) or int(sizes.sum()) != len(labels):
        raise BadRecord("event cuts do not match their sizes")
    out = {}
    starts = np.concatenate([[0], np.cumsum(sizes)])
    for k in range(len(sizes)):
        sub = labels[starts[k] : starts[k + 1]]
        if sub[0] != 0 or np.any(np.diff(np.maximum.accumulate(sub)) > 1) or sub.min() < 0:
            raise BadRecord("event cuts not numbered by first member")
        out[bytes(digests[16 * k : 16 * k + 16])] = sub
    return out


def _cut(m: np.ndarray, days: np.ndarray, window: float) -> np.ndarray:
    """Average-link clusters of one component's ``M`` block, numbered from 0 in index order."""
    # Imported when first needed: scipy.cluster brings scipy.spatial and scipy.special (about
    # 0.3 CPU s, most of the gap between read and clean and slugs, where the build process
    # works alone); here, in a cold build, related's workers started early share the time.
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    count = len(m)
    top = float(m.max()) + 1.0
    dist = top - m
    # Farther apart than the window: never in one cluster. The distance is
    # large enough that no average over a component can bring it under the cut.
    dist[np.abs(days[:, None] - days[None, :]) > window] = top * count**2 * 4
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    # Average link merges in increasing distance; those at mean M >= 1 (distance
    # <= top - 1, a hair of slack for rounding) make the clusters.
    parent = list(range(2 * count - 1))
    for step, (x, y, height, _) in enumerate(tree.tolist()):
        if height > top - 1.0 + 1e-9:
            break
        parent[int(x)] = parent[int(y)] = count + step
    roots = []
    for leaf in range(count):
        node = leaf
        while parent[node] != node:
            node = parent[node]
        roots.append(node)
    # Number clusters by their first member, so labels do not depend on scipy's numbering.
    first: dict[int, int] = {}
    return np.array([first.setdefault(root, len(first)) for root in roots], dtype=np.int64)


# --------------------------------------------------------------------------- the stage


def _outlet_id(s: Story) -> str:
    return (s.outlet or s.raw_outlet or s.outlet_key or "").casefold()


def _event_id(lead: Story) -> str:
    """The lead's slug (its URL, stable across rebuilds), else a hash of its source."""
    if lead.slug:
        return lead.slug
    return "s" + hashlib.sha1(lead.source.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def topics_of(members: list[Story], limit: int = MAX_TOPICS) -> list[str]:
    """Up to ``limit`` tags the members share, most shared first, then in the lead's order.

    With one member its own first tags are shared by all. A tag must be in
    at least two members otherwise.
    """
    need = min(2, len(members))
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    position: dict[str, int] = {}
    for s in members:
        for tag in dict.fromkeys(t.strip() for t in s.tags if t.strip()):
            key = tag.casefold()
            counts[key] += 1
            shown.setdefault(key, tag)
            position.setdefault(key, len(position))
    keys = [k for k in counts if counts[k] >= need]
    keys.sort(key=lambda k: (-counts[k], position[k]))
    return [shown[k] for k in keys[:limit]]


def _resolve_hints(live: list[Story], everyone: list[Story]) -> dict[int, int]:
    """Forced joins: index of a story -> index of the lead story its hint names.

    A hint naming a folded copy points at the story it was folded into; one
    that names no published story, or the story itself, warns and is dropped.
    Chains (A names B, B names C) end at the last story named.
    """
    hinted = [
        (i, s, hint)
        for i, s in enumerate(live)
        if (hint := (s.event_hint or "").strip()) and hint.casefold() != APART
    ]
    if not hinted:  # most builds: no index of the whole archive to make
        return {}
    index_of = {id(s): i for i, s in enumerate(live)}
    by_key = reference_index(everyone)
    by_source = {s.source: s for s in everyone}
    target: dict[int, int] = {}
    for i, s, hint in hinted:
        found = past_folds(by_key.get(hint.rstrip("/")), by_source)
        if found is None or id(found) not in index_of:
            s.warnings.append(f"event hint names no published story: {hint}")
            continue
        if found is s:
            continue
        target[i] = index_of[id(found)]
    # Follow chains to their end, stopping at a cycle.
    resolved: dict[int, int] = {}
    for i in target:
        j, seen_i = target[i], {i}
        while j in target and j not in seen_i:
            seen_i.add(j)
            j = target[j]
        if j != i:
            resolved[i] = j
    return resolved


def _order(stories: Iterable[Story]) -> list[Story]:
    """Stable processing order: by date, then source."""
    return sorted(stories, key=lambda s: (s.date is None, s.date.toordinal() if s.date else 0, s.source))


def group_events(
    stories: list[Story],
    window_days: float = 2,
    priority: Callable[[Story], int] | None = None,
) -> list[Event]:
    """Group the published stories into events; set ``story.event`` on each.

    Every published story ends in exactly one event (many in events of
    their own). Returns the events ordered by day, then lead source.
    """
    live = _order(s for s in stories if s.ok)
    return _group(stories, live, features(live) if live else None, window_days, priority)


def _group(
    stories: list[Story],
    live: list[Story],
    z: sparse.csr_matrix | None,
    window_days: float,
    priority: Callable[[Story], int] | None,
    jobs: int = 1,
    columns: np.ndarray | None = None,
) -> list[Event]:
    prio = priority or (lambda s: 0)
    for s in stories:
        s.event = None
    if not live or z is None:
        return []
    n = len(live)
    days = horizon.day_numbers([s.date for s in live])
    apart = np.array([(s.event_hint or "").strip().casefold() == APART for s in live])
    forced = _resolve_hints(live, stories)
    # Stories the editor set apart or joined by hand take no part in the automatic grouping.
    by_hand = apart.copy()
    by_hand[list(forced)] = True
    auto = (sparse.diags((~by_hand).astype(np.float32)) @ z).tocsr()
    r = similarity(
        auto, days, float(window_days), _outlet_numbers(live), jobs=jobs, columns=columns, kept="events"
    )
    labels = cluster(r, days, float(window_days))
    for i, j in forced.items():
        labels[i] = labels[j]
    pinned = set(forced.values())

    # Centrality: the summed R of a story with the other members of its event.
    coo = r.tocoo()
    same = labels[coo.row] == labels[coo.col]
    centrality = np.bincount(coo.row[same], weights=coo.data[same], minlength=n).round(6)

    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(i)
    events: list[Event] = []
    for idx in groups.values():

        def rank(i: int) -> tuple:
            s = live[i]
            return (i not in pinned, -centrality[i], days[i], -prio(s), s.source)

        lead_i = min(idx, key=rank)
        rest = sorted((i for i in idx if i != lead_i), key=lambda i: (days[i], live[i].source))
        members = [live[lead_i], *(live[i] for i in rest)]
        outlets = {_outlet_id(s) for s in members} | {
            (c.outlet or "").casefold() for s in members for c in s.also_reported
        }
        outlets.discard("")
        lead = live[lead_i]
        event = Event(
            id=_event_id(lead),
            lead=lead.source,
            members=[s.source for s in members],
            outlets=max(1, len(outlets)),
            day=lead.date,
            topics=topics_of(members),
        )
        for s in members:
            s.event = event
        events.append(event)
    events.sort(key=lambda e: (e.day is None, e.day.toordinal() if e.day else 0, e.lead))
    return events


# --------------------------------------------------------------------------- storylines

STORYLINE_THRESHOLD = 0.14
"""Cosine of two events' mean vectors at which the later continues the earlier."""

STORYLINE_GAP_DAYS = 14
"""Longest pause inside a storyline: a later event links only to events this recent."""


def storylines(
    events: list[Event],
    live: list[Story],
    z: sparse.csr_matrix,
    jobs: int = 1,
    columns: np.ndarray | None = None,
) -> np.ndarray:
    """Storyline number of each event.

    Each event links to its most similar event on an earlier day (at most
    ``STORYLINE_GAP_DAYS`` before, cosine of the events' mean word, lead and
    name vectors at least ``STORYLINE_THRESHOLD``); a storyline is a chain
    of such links. Linking to the best earlier match only, rather than to
    every similar event, keeps two storylines that share a cast (a flood and
    an election in one province) apart: on the demo every threshold from
    0.09 to 0.19 gives the right storylines.

    An event's link depends on its own vector and those of the events of the
    days before it only (:func:`best_earlier`), so a day's news works out
    the links of its own day (and of the days whose events it joins) again,
    and every other link comes from the cache.
    """
    m = len(events)
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    row = {s.source: i for i, s in enumerate(live)}
    rows = [row[src] for e in events for src in e.members]
    cols = [k for k, e in enumerate(events) for _ in e.members]
    member = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(live), m))
    vectors = l2_normalize((member.T @ z).tocsr())
    days = np.array([e.day.toordinal() if e.day else np.nan for e in events], dtype=np.float64)
    a, b, _ = best_earlier(
        vectors, days, float(STORYLINE_GAP_DAYS), STORYLINE_THRESHOLD, jobs, columns, kept="storylines"
    )
    links = sparse.csr_matrix((np.ones(len(a)), (a, b)), shape=(m, m))
    return connected_components(links, directed=False)[1]


def best_earlier(
    z: sparse.csr_matrix,
    days: np.ndarray,
    gap: float,
    floor: float,
    jobs: int = 1,
    columns: np.ndarray | None = None,
    kept: str = "",
) -> Pairs:
    """Each dated row's best match on an earlier day, at most ``gap`` days before its own.

    Returns the rows that have one, their matches and the products, where
    the product (``z`` row times row, in ``z``'s float type) is at least
    ``floor``. Best is the highest product; ties go to the later day, then
    the lower row. Rows of no day (NaN) take no part.

    A row's answer is computed from its own entries and the rows of the
    days ``[day - gap, day)`` alone (never from rows of its own or later
    days, nor from other rows' answers). Rows are worked a day at a time
    (in chunks of at most ``CHUNK_CELLS`` cells of product, over ``jobs``
    processes); with ``kept`` and ``columns`` (:func:`column_ids` of
    ``z``'s columns), in a build with a cache, each chunk's answers are kept
    under a digest of exactly those rows (their terms, weights, stored
    order and days, in day order), so a chunk none of whose rows or earlier
    rows changed takes its answers from the cache, and they are the ones
    the product gives (``tests/test_storylines_kept.py``).
    """
    dated = np.flatnonzero(~np.isnan(days))
    order = dated[np.argsort(days[dated], kind="stable")]
    zs, ds = z[order], days[order]
    lo_of = np.searchsorted(ds, ds - gap, "left")
    hi_of = np.searchsorted(ds, ds, "left")  # the first row of the row's own day

    def answers(ranges: Sequence[tuple[int, int]]) -> list[Pairs]:
        out = []
        for start, stop in ranges:
            lo, hi = int(lo_of[start]), int(hi_of[start])
            block = (zs[start:stop] @ zs[lo:hi].T).tocoo()
            high = np.flatnonzero(block.data >= floor)  # most entries are under it: dropped first
            r, c, v = (
                block.row[high].astype(np.int64),
                block.col[high].astype(np.int64) + lo,
                block.data[high].astype(np.float64),
            )
            keep = v >= floor  # as a double, as before (the test above was in the product's type)
            r, c, v = r[keep], c[keep], v[keep]
            pick = np.lexsort((c, -ds[c], -v, r))  # per row: highest, then latest day, then lowest place
            r, c, v = r[pick], c[pick], v[pick]
            first = np.r_[True, r[1:] != r[:-1]] if len(r) else np.zeros(0, dtype=bool)
            out.append((r[first] + start, c[first], v[first]))
        return out

    ranges = list(_day_chunks(ds, lo_of, hi_of))
    memo = current_memo() if kept and columns is not None else None
    if memo is not None and memo.caching:
        days = _Days(zs, columns, ds, np.full(len(ds), -1))
        done = _kept_answers(memo, kept, [gap, floor], ranges, lo_of, hi_of, days, answers, jobs)
    else:
        done = map_balanced(answers, ranges, jobs, min_chunk=1)
    if not done:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    r, c, v = (np.concatenate([found[k] for found in done]) for k in range(3))
    return order[r], order[c], v


def _kept_answers(
    memo,
    kept: str,
    params: list,
    ranges: list[tuple[int, int]],
    lo_of: np.ndarray,
    hi_of: np.ndarray,
    days: _Days,
    answers: Callable[[Sequence[tuple[int, int]]], list[Pairs]],
    jobs: int,
) -> list[Pairs]:
    """``answers(ranges)`` (places in day order), each chunk's from the cache when its inputs are unchanged.

    A chunk's key holds the digest of its own day (with the chunk's place in
    it) and those of the days of its earlier window, in day order: all its
    answers are computed from, and the rest of its day. They
    are kept as places relative to the chunk and to its window, so rows
    added or removed on other days, which move every place, leave them usable.
    """
    keys = []
    for start, stop in ranges:
        lo, hi = int(lo_of[start]), int(hi_of[start])
        first, own = days.around(start)
        inputs = hashlib.blake2b(own + days.of(lo, hi), digest_size=32).hexdigest()
        keys.append(memo.key("earlier", kept, params, start - first, stop - first, hi - lo, inputs))

    def decode(k: int, record: object) -> Pairs:
        (start, stop), lo = ranges[k], int(lo_of[ranges[k][0]])
        r, c, v = _decode_answers(record, stop - start, int(hi_of[start]) - lo, params[1])
        return r + start, c + lo, v

    def places(k: int, found: Pairs) -> tuple[np.ndarray, np.ndarray]:
        return found[0] - ranges[k][0], found[1] - int(lo_of[ranges[k][0]])

    return _chunks_from_cache(
        memo, keys, ranges, "storyline", decode, places, answers, jobs, f"earlier-{kept}", days.rows
    )


def _decode_answers(record: object, rows: int, width: int, floor: float) -> Pairs:
    """A chunk's kept answers, checked: one per row at most, rows in order, matches inside the window."""
    r, c, v = _record_arrays(record, "storyline")
    if len(r) and (
        r.min() < 0 or r.max() >= rows or np.any(np.diff(r) <= 0) or c.min() < 0 or c.max() >= width
    ):
        raise BadRecord("storyline answers out of their chunk")
    if not np.all(np.isfinite(v) & (v >= floor)):
        raise BadRecord("storyline values out of range")
    return r, c, v


def link_timelines(events: list[Event], stories: list[Story], line: np.ndarray, count: int) -> None:
    """``story.timeline``: up to ``count`` earlier events of its storyline, oldest first.

    "Earlier" means on an earlier day; the latest ``count`` of them are kept.
    ``events`` are in day order (as ``group_events`` returns them).
    """
    by_line: dict[int, list[Event]] = {}
    for k, e in enumerate(events):
        if e.day is not None:
            by_line.setdefault(int(line[k]), []).append(e)
    before: dict[int, list[Event]] = {}
    for k, e in enumerate(events):
        chain = by_line.get(int(line[k]), [])
        if e.day is None or count <= 0:
            before[id(e)] = []
            continue
        # The events of days before this one: a prefix of the day-ordered chain.
        end = bisect.bisect_left(chain, e.day, key=lambda o: o.day)
        before[id(e)] = chain[max(0, end - count) : end]
    for s in stories:
        s.timeline = list(before.get(id(s.event), [])) if s.ok and s.event is not None else []


def add_events(
    stories: list[Story],
    window_days: float = 2,
    timeline_count: int = 5,
    priority: Callable[[Story], int] | None = None,
    jobs: int = 1,
) -> list[Event]:
    """The stage: events, then storylines and every published story's timeline.

    ``jobs``: processes the similarity products are split over (``DIGEST_JOBS``).
    """
    live = _order(s for s in stories if s.ok)
    z, columns = features_and_columns(live) if live else (None, None)
    events = _group(stories, live, z, window_days, priority, jobs, columns)
    if z is not None:
        link_timelines(events, stories, storylines(events, live, z, jobs, columns), timeline_count)
    return events
