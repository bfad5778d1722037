"""Fold reposts: near-identical copies of one story become one published story.

Each cleaned body becomes one row of a sparse binary matrix ``X`` of its
word 5-shingles (lower-cased ``\\w+`` runs), hashed as scikit-learn's
``HashingVectorizer`` hashes them (:func:`shingle_matrix`). One sparse
product ``X @ X.T``, a chunk of rows at a time, counts the shingles every
pair of stories shares: exact, no sampling, and only pairs that share
something are ever touched.

The score of a pair is the *containment* of the smaller set in the larger
(``|A & B| / min(|A|, |B|)``), so a repost that trims or adds a sentence or
two still scores near 1. The smaller body must also have at least
``MIN_SIZE_RATIO`` of the larger one's shingles, so a short brief quoted in a
long feature is not swallowed by it. Pairs at ``DEFAULT_THRESHOLD`` or above
fold. Bodies with the same words in the same order (case, spacing and
punctuation aside) always fold; bodies under ``MIN_SHINGLES`` shingles fold
only then: too little text to tell a repost from a stock phrase.

Why these numbers, and why an exact product rather than MinHash LSH (same
folds, same speed, bounded memory with a 5 MB story): ``bench/RESULTS.md``,
"Folding", from ``python -m bench.quality_links --fold-figures`` and
``python -m bench.fold_cost``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from itertools import chain

import mmh3
import numpy as np
from scipy import sparse

from ..parallel import map_balanced, start_balanced
from ..story import Credit, Story
from . import stop_words
from .rows import TermCounts, kept_pairs, kept_rows, term_params
from .vectors import WORDS, WORDS_OPTIONS

DEFAULT_THRESHOLD = 0.875
"""Containment at or above which two stories are one (bench/RESULTS.md, "Folding")."""

SHINGLE_WORDS = 5
"""Words per shingle: long enough that shared stock phrases rarely match."""

MIN_SHINGLES = 10
"""Below this many shingles only identical bodies fold."""

MIN_SIZE_RATIO = 0.7
"""The smaller body must have at least this share of the larger one's shingles."""

HASH_BUCKETS = 2**22
"""Shingle hash space. Two 500-shingle bodies share a bucket by chance about
0.06 times; even two 5 MB bodies (850,000 shingles each) collide on about a
fifth of their shingles, far below the threshold."""

CHUNK_CELLS = 2_000_000
"""Rows per product chunk are at most ``CHUNK_CELLS / n``: bounds a chunk's result even if it were dense."""

BLOCK_ROWS = 64
"""Rows per product chunk at least (below ``CHUNK_CELLS / n``): an archive's product is cut
into chunks of about ``n / 32`` rows, which the build process and its workers take as they
go (:func:`..parallel.map_balanced`); a chunk of fewer rows is not worth a batch."""

MAX_PAIR_WORK = 200
"""The product costs the sum over shingles of (stories sharing it)^2. Past
``MAX_PAIR_WORK`` times the number of shingles (boilerplate shared by
thousands of stories), the most shared shingles are left out of the product,
their count is added back as an upper bound, and only the pairs that could
still pass are verified exactly. Real corpora stay far below it (bench/RESULTS.md)."""

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """Lower-cased ``\\w+`` runs: punctuation and spacing differences don't matter."""
    return _TOKEN.findall(text.lower())


def shingle_matrix(texts: list[str]) -> sparse.csr_matrix:
    """One binary row of hashed word shingles per text (sorted column indices).

    A text shorter than ``SHINGLE_WORDS`` words has no shingles. The matrix
    scikit-learn's ``HashingVectorizer(ngram_range=(5, 5), token_pattern=r"\\w+",
    n_features=HASH_BUCKETS, alternate_sign=False, binary=True, norm=None,
    dtype=float32)`` makes, entry for entry and with the same index types (a
    test compares them): each shingle is its words joined by a space, its
    bucket the absolute value of its signed 32-bit MurmurHash3 (seed 0, UTF-8
    bytes) modulo ``HASH_BUCKETS``. Importing scikit-learn costs every build
    about a second of CPU (its ``__init__`` imports ``scipy.stats``); ``mmh3``
    is the same hash in a small C extension.
    """
    return _shingles(tokens(text) for text in texts)


def _shingles(token_lists: Iterable[list[str]]) -> sparse.csr_matrix:
    """:func:`shingle_matrix` of the texts whose :func:`tokens` these are (each list taken in turn)."""
    parts: list[np.ndarray] = []
    for words in token_lists:
        # mmh3 hashes a str as its UTF-8 bytes (signed, seed 0 by default); map and
        # zip keep the per-shingle work in C (a generator cost twice the hashing),
        # and an int64 array per text holds 8 bytes a shingle, not a Python int.
        shingles = zip(*(words[k:] for k in range(SHINGLE_WORDS)), strict=False)  # ragged on purpose
        parts.append(np.fromiter(map(mmh3.hash, map(" ".join, shingles)), dtype=np.int64))
    sizes = np.array([len(p) for p in parts], dtype=np.int64)
    # Each cell is row * HASH_BUCKETS + bucket, made in place: one array a shingle at a time.
    cells = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    del parts
    np.abs(cells, out=cells)
    np.remainder(cells, HASH_BUCKETS, out=cells)
    cells += np.repeat(np.arange(len(sizes), dtype=np.int64) * HASH_BUCKETS, sizes)
    cells = _sorted_unique(cells)  # each row's buckets once, in order
    indptr = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(np.bincount(cells // HASH_BUCKETS, minlength=len(sizes)), out=indptr[1:])
    index = np.int32 if len(cells) <= np.iinfo(np.int32).max else np.int64
    return sparse.csr_matrix(
        (np.ones(len(cells), dtype=np.float32), (cells % HASH_BUCKETS).astype(index), indptr.astype(index)),
        shape=(len(sizes), HASH_BUCKETS),
    )


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` for a 1-d integer array, by sorting.

    NumPy 2.4's ``np.unique`` without counts or indices goes through a hash
    table that costs about a microsecond an element here: 3.8 of the 6.3 CPU s
    of shingling 5,000 synthetic stories. A sort and a neighbour test give
    the same array in a few hundredths of that.
    """
    ordered = np.sort(values)
    keep = np.empty(len(ordered), dtype=bool)
    keep[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _row(x: sparse.csr_matrix, i: int) -> np.ndarray:
    return x.indices[x.indptr[i] : x.indptr[i + 1]]


def fold_score(x: sparse.csr_matrix, i: int, j: int) -> float:
    """Containment of the smaller of rows ``i`` and ``j`` in the larger (0 if their sizes differ too much)."""
    a, b = _row(x, i), _row(x, j)
    small, large = sorted((len(a), len(b)))
    if small == 0 or small < MIN_SIZE_RATIO * large:
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / small


COUNT_EVERY_COLUMN_FROM = 2**19
"""Shingles (nnz) from which :func:`_left_out` counts every column at once instead of sorting them."""


def _left_out(x: sparse.csr_matrix) -> np.ndarray:
    """Columns to leave out of the product so that it costs at most ``MAX_PAIR_WORK`` x nnz."""
    # Each column's count of shingles. Sorting the shingles (np.unique) costs n log n: 0.2 CPU s
    # at 10,000 synthetic stories (4.7 million), every build. A count of each of the
    # HASH_BUCKETS columns (np.bincount) costs a pass over them too, however few the shingles,
    # but no sort: cheaper from about half a million shingles (0.036 s at 10,000). Its unused
    # columns count 0 and add nothing to the work, so they are dropped only when some
    # columns must be left out (not in the usual case: no pass over the 4M columns to find them).
    if x.nnz >= COUNT_EVERY_COLUMN_FROM:
        used, df = None, np.bincount(x.indices, minlength=x.shape[1])
    else:
        used, df = np.unique(x.indices, return_counts=True)
    df = df.astype(np.int64, copy=False)
    over = int(np.dot(df, df)) - MAX_PAIR_WORK * x.nnz
    if over <= 0:  # the usual case: nothing to sort
        return np.zeros(0, dtype=np.int64)
    if used is None:
        used = np.flatnonzero(df)
        df = df[used]
    by_count = np.argsort(-df, kind="stable")  # most used first; ties by column, as they come
    work = np.cumsum(df[by_count] ** 2)
    return used[by_count][: int(np.searchsorted(work, over)) + 1].astype(np.int64)


def scored_pairs(
    x: sparse.csr_matrix,
    min_score: float,
    jobs: int = 1,
    left_out: np.ndarray | None = None,
    before_product: Callable[[], object] | None = None,
) -> list[tuple[int, int, float]]:
    """Every pair ``(i, j, score)``, ``i < j``, of rows sharing a shingle whose fold score
    is at least ``min_score`` (see :func:`fold_score`), in order.

    The product is cut into chunks of rows, worked over ``jobs`` processes:
    a pair's score is the same wherever its chunk runs, and the pairs are
    sorted at the end. ``left_out``: :func:`_left_out` of ``x``, when the
    caller has it. ``before_product``: called once the product is ready to
    start, before its workers are forked (:func:`find_groups` joins the
    identities' workers there).
    """
    n = x.shape[0]
    sizes = np.diff(x.indptr)
    kept = x
    left_out = _left_out(x) if left_out is None else left_out
    if len(left_out):
        kept = x.copy()
        kept.data[np.isin(kept.indices, left_out)] = 0
        kept.eliminate_zeros()
    missing = sizes - np.diff(kept.indptr)  # shingles left out of each row's product
    kept_t = kept.T.tocsr()
    step = max(1, min(CHUNK_CELLS // max(n, 1), max(BLOCK_ROWS, -(-n // 32))))

    def chunk(start: int) -> list[tuple[int, int, float]]:
        shared = (kept[start : start + step] @ kept_t).tocoo()
        i, j = shared.row.astype(np.int64) + start, shared.col.astype(np.int64)
        upper = (j > i).nonzero()[0]
        i, j, count = i[upper], j[upper], np.rint(shared.data[upper]).astype(np.int64)
        small, large = np.minimum(sizes[i], sizes[j]), np.maximum(sizes[i], sizes[j])
        bound = count + np.minimum(missing[i], missing[j])
        can = (small > 0) & (small >= MIN_SIZE_RATIO * large) & (bound >= min_score * small)
        out = []
        for a, b, c, m, lo in zip(
            i[can], j[can], count[can], missing[i[can]] + missing[j[can]], small[can], strict=True
        ):
            score = c / lo if m == 0 else fold_score(x, int(a), int(b))
            if score >= min_score:
                out.append((int(a), int(b), float(score)))
        return out

    def chunks(starts: Sequence[int]) -> list[list[tuple[int, int, float]]]:
        return [chunk(start) for start in starts]

    if before_product is not None:
        before_product()
    # Two chunks a process at least: fewer rows than that are one chunk's work.
    found = map_balanced(chunks, range(0, n, step), jobs, min_chunk=2)
    return sorted(pair for pairs in found for pair in pairs)


def pairs_with(x: sparse.csr_matrix, rows: np.ndarray, min_score: float) -> np.ndarray:
    """The pairs of :func:`scored_pairs` (with no shingle left out) that hold one of ``rows``.

    As an ``(n, 2)`` array, lower index first: how a build with the build
    cache finds the copies of its new stories among the whole archive.
    """
    sizes = np.diff(x.indptr)
    asked = x[rows]
    used = np.unique(asked.indices)  # the shingles of the rows asked about: only these can be shared
    shared = (_columns(asked, used) @ _columns(x, used).T).tocoo()
    i, j = rows[shared.row].astype(np.int64), shared.col.astype(np.int64)
    count = np.rint(shared.data).astype(np.int64)
    small, large = np.minimum(sizes[i], sizes[j]), np.maximum(sizes[i], sizes[j])
    # The tests of scored_pairs, in its order: a bound first, then the score itself.
    can = (i != j) & (small > 0) & (small >= MIN_SIZE_RATIO * large) & (count >= min_score * small)
    can[can] = count[can] / small[can] >= min_score
    pairs = np.sort(np.stack([i[can], j[can]], axis=1), axis=1)
    return np.unique(pairs, axis=0) if len(pairs) else np.zeros((0, 2), dtype=np.int64)


def _columns(x: sparse.csr_matrix, used: np.ndarray) -> sparse.csr_matrix:
    """``x[:, used]`` for sorted distinct ``used``, without a pass over ``x``'s HASH_BUCKETS columns.

    Products against ``x.T`` spend most of their time on the 4 million
    columns (a pointer each) rather than on the entries; a build that adds
    ten stories needs only the few thousand columns they use (0.25 -> 0.07
    CPU s at 10,000 synthetic stories). The shared counts are the same
    integers: a pair shares a shingle only in a column one of them uses.
    """
    wanted = np.zeros(x.shape[1], dtype=bool)  # a byte a column: looked up 5 times faster than an index
    wanted[used] = True
    at = np.flatnonzero(wanted[x.indices])  # the entries in those columns
    row = np.searchsorted(x.indptr, at, "right") - 1
    indptr = np.zeros(x.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=x.shape[0]), out=indptr[1:])
    column = np.searchsorted(used, x.indices[at]).astype(x.indices.dtype)
    return sparse.csr_matrix((x.data[at], column, indptr), shape=(x.shape[0], len(used)))


def copy_pairs(
    stories: list[Story],
    x: sparse.csr_matrix,
    threshold: float,
    jobs: int = 1,
    before_product: Callable[[], object] | None = None,
) -> np.ndarray:
    """Every pair ``(i, j)``, ``i < j``, whose fold score is at least ``threshold`` (``(n, 2)``, in order).

    A pair's score depends on its two stories only, so a build with the
    build cache takes the pairs of stories it had before from it and scores
    only the new stories (:func:`.rows.kept_pairs`). Not when the product
    must leave the most shared shingles out (``MAX_PAIR_WORK``): its pairs
    then depend on the archive, and every pair is scored. ``jobs``: processes
    the product is worked over (:func:`scored_pairs`, which calls
    ``before_product`` before it forks them).
    """
    left_out = _left_out(x)

    def every_pair() -> np.ndarray:
        found = scored_pairs(x, threshold, jobs, left_out, before_product)
        return np.array([(i, j) for i, j, _ in found], dtype=np.int64).reshape(-1, 2)

    if len(left_out):
        return every_pair()
    params = [threshold, SHINGLE_WORDS, HASH_BUCKETS, MIN_SIZE_RATIO]
    return kept_pairs(stories, "fold", params, every_pair, lambda rows: pairs_with(x, rows, threshold))


def _shingle_rows(stories: list[Story]) -> tuple[sparse.csr_matrix, None]:
    return shingle_matrix([s.body_text for s in stories]), None


def _shingles_and_words(
    stories: list[Story],
) -> tuple[tuple[sparse.csr_matrix, None], tuple[sparse.csr_matrix, list[str]]]:
    """:func:`_shingle_rows` and the words' counts events and related links start from
    (:mod:`.vectors`), from one tokenising of each story's body.

    The words are ``count_terms``' tokens (``\\b\\w\\w+\\b``) of the lower-cased
    headline, a blank line and the body (``vectors.story_text``): the maximal
    runs of word characters two or more long, which are the :func:`tokens` of
    the headline and then of the body that are two or more long. So the
    counts are the ones ``term_counts`` makes, entry for entry, without
    finding the body's words a second time (about half of that count's CPU).
    """
    counts = TermCounts(stop_words.english())

    def each(s: Story) -> list[str]:
        words = tokens(s.body_text)
        counts.add(chain(tokens(s.headline), words), shortest=2)
        return words

    shingles = _shingles(map(each, stories))
    return (shingles, None), counts.matrix()


def _identity(x: sparse.csr_matrix, i: int, story: Story) -> bytes | None:
    """Equal for copies that differ only in case, spacing or punctuation; None for an empty body.

    A body with enough shingles is named by its shingle set (no second pass
    over the text, nor a join of its blocks); a shorter one by its lower-cased words.
    """
    row = _row(x, i)
    if len(row) >= MIN_SHINGLES:
        return b"s" + hashlib.blake2b(row.tobytes(), digest_size=16).digest()
    words = " ".join(tokens(story.body_text))
    return b"w" + hashlib.blake2b(words.encode(), digest_size=16).digest() if words else None


def _identities_started(
    x: sparse.csr_matrix, stories: list[Story], jobs: int
) -> Callable[[], list[bytes | None]]:
    """:func:`_identity` of every row, started now in forked workers (a digest of each row: per
    story); the function returned joins them, this process taking what is left, and gives them.

    Started before the product's columns left out and its transpose are
    made (this process alone, about 0.3 CPU s at 10,000 stories), so the
    workers fill the other core meanwhile (:func:`..parallel.start_balanced`).
    """

    def some(rows: Sequence[int]) -> list[bytes | None]:
        return [_identity(x, i, stories[i]) for i in rows]

    return start_balanced(some, range(len(stories)), jobs)


def _priority_of(priority: Callable[[Story], int] | dict | None) -> Callable[[Story], int]:
    if priority is None:
        return lambda s: 0
    if callable(priority):
        return priority
    table = priority

    def lookup(s: Story) -> int:
        # Outlet priorities are keyed by outlet key in sources.yaml; accept the
        # display name too so a plain {name: priority} dict also works.
        for key in (s.outlet_key, s.outlet, s.raw_outlet):
            if key is not None and key in table:
                return int(table[key])
        return 0

    return lookup


def _outlet_id(s: Story) -> str:
    # Compared with Credit.outlet, which holds the display name.
    return (s.outlet or s.raw_outlet or s.outlet_key or "").casefold()


def find_groups(
    stories: list[Story], threshold: float = DEFAULT_THRESHOLD, jobs: int = 1
) -> tuple[list[list[int]], Callable[[int, int], bool]]:
    """Indices of ``stories`` grouped into reposts of one story (groups of 2+),
    and the test that two of them are copies (the caller checks each against its canonical).
    ``jobs``: processes the per-story digests and the product are worked over."""
    words = (WORDS, term_params(WORDS_OPTIONS), _shingles_and_words)
    x, _ = kept_rows(stories, "shingles", [SHINGLE_WORDS, HASH_BUCKETS], _shingle_rows, beside=words)
    sizes = np.diff(x.indptr)
    identities = _identities_started(x, stories, jobs)
    try:
        pairs = copy_pairs(stories, x, threshold, jobs, identities)
    finally:
        identity = identities()  # joined once, whatever happened (start_balanced)
    parent = list(range(len(stories)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first: dict[bytes, int] = {}
    for i, key in enumerate(identity):
        if key is not None:
            union(first.setdefault(key, i), i)
    for i, j in pairs.tolist():
        if min(sizes[i], sizes[j]) >= MIN_SHINGLES:
            union(i, j)

    def copies(a: int, b: int) -> bool:
        if identity[a] is not None and identity[a] == identity[b]:
            return True
        return min(sizes[a], sizes[b]) >= MIN_SHINGLES and fold_score(x, a, b) >= threshold

    groups: dict[int, list[int]] = {}
    for i in range(len(stories)):
        groups.setdefault(find(i), []).append(i)
    return [g for g in groups.values() if len(g) > 1], copies


def fold_reposts(
    stories: list[Story],
    priority: Callable[[Story], int] | dict | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    jobs: int = 1,
) -> None:
    """Fold near-duplicate published stories into one canonical story each.

    Canonical: earliest date, then the longest body, then the higher outlet
    ``priority`` (a callable or an outlet-key -> int dict), then source path.
    The canonical story's ``also_reported`` gets one :class:`Credit` per other
    outlet among the folded copies (a second scrape of the same outlet adds
    nothing a reader needs). ``jobs``: processes the comparisons are worked
    over (``DIGEST_JOBS``; the same folds as one).
    """
    live = sorted((s for s in stories if s.ok), key=lambda s: s.source)
    prio = _priority_of(priority)

    def rank(s: Story) -> tuple:
        undated = s.date is None
        return (undated, s.date.toordinal() if s.date else 0, -len(s.body_text), -prio(s), s.source)

    groups, copies = find_groups(live, threshold, jobs)
    for group in groups:
        order = sorted(group, key=lambda i: rank(live[i]))
        canonical = live[order[0]]
        # Groups are joined pair by pair, so a chain A~B~C can hold a C that
        # is no copy of A: only what matches the canonical text itself folds.
        rest = [live[i] for i in order[1:] if copies(order[0], i)]
        credited = {_outlet_id(canonical)} | {(c.outlet or "").casefold() for c in canonical.also_reported}
        for s in rest:
            s.fold_into(canonical)
            oid = _outlet_id(s)
            if oid and oid not in credited:
                credited.add(oid)
                canonical.also_reported.append(
                    Credit(outlet=s.outlet or s.raw_outlet or "", url=s.url, source=s.source, date=s.date)
                )
            # A copy may itself have carried credits from an earlier run.
            for c in s.also_reported:
                cid = (c.outlet or "").casefold()
                if cid and cid not in credited:
                    credited.add(cid)
                    canonical.also_reported.append(c)
            s.also_reported = []
