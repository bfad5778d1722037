"""Fold reposts: near-identical copies of one story become one published story.

Detection is word-shingle MinHash LSH to find candidate pairs cheaply
(datasketch's affine32 permutations for a fixed seed and its optimal
bands x rows for ``LSH_THRESHOLD``; signatures and banding run in numpy over
the whole archive), then every candidate pair is verified exactly on the
shingle sets. The verified score is the *containment* of the smaller set in
the larger (``|A & B| / min(|A|, |B|)``), so a repost that trims or adds a
sentence or two still scores near 1, while the two bodies must be of
comparable length (the smaller at least ``MIN_SIZE_RATIO`` of the larger) so a
short brief quoted inside a long feature is not swallowed by it.

Threshold. Figures from ``python -m bench.quality_links --fold-figures``
(word 5-shingles of the lower-cased ``\\w+`` tokens of the cleaned body; every
pair of stories sharing at least one shingle; pairs classed by an independent,
order-aware token alignment, difflib ratio: *copies* >= 0.95, *near copies*
0.8-0.95, *different* < 0.8):

=========================  ======  ================  ===================
corpus                     pairs   class             fold score
=========================  ======  ================  ===================
bbc/ (1,111 stories)       36      copies            min 0.984
bbc/                       4,731   different         max 0.56, p99 0.05
bbc/                       1       near copy         0.847 (an update,
                                                     rewritten lead)
bbc/ copies, one edited    each    last sentence     min 1.00
                                   cut
bbc/ copies, one edited    each    a sentence        min 0.90, median
                                   dropped, one      0.96
                                   added
ecbplus/ (447 bodies)      7       copies (wire)     min 0.914
ecbplus/                   1,977   different, same   max 0.726, p99 0.35
                                   event
ecbplus/                   6       near copies       0.61-0.78 rewrites;
                                                     0.905 and 1.0 light
                                                     edits of one wire
=========================  ======  ================  ===================

``ecbplus/`` is not free of reposts: seven pairs are the same wire copy on two
sites (token alignment >= 0.95), and they *should* fold. Different articles
about one event top out at 0.726; copies and lightly edited reposts start at
0.90. ``DEFAULT_THRESHOLD = 0.875`` leaves a margin of 0.15 over the
different articles and 0.025 under the edited reposts; the only pairs near it
are versions of one wire story: 0.847 (a BBC update with a new lead, kept
apart) and 0.905 (an Indian wire story with its first sentence reworded,
folded). Measured result: ``bbc/`` recall 1.0 on the 31 byte-identical pairs,
5 extra folds all near-identical (alignment >= 0.99); ``ecbplus/`` 9 folds,
0 below alignment 0.8.

``MIN_SIZE_RATIO = 0.7`` keeps apart two pairs whose smaller text is mostly
inside the larger but which are not the same story any more: a BBC report
extended by four paragraphs (containment 1.0, size ratio 0.65) and a
half-length rewrite of a wire story (0.79, ratio 0.51).

Bodies under ``MIN_SHINGLES`` shingles (a one-line brief, a headline-only
scrape) fold only when identical after normalisation: too little text to
tell a repost from a stock phrase.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..story import Credit, Story

DEFAULT_THRESHOLD = 0.875
"""Verified containment at or above which two stories are one (see above)."""

SHINGLE_WORDS = 5
"""Words per shingle: long enough that shared stock phrases rarely match."""

MIN_SHINGLES = 10
"""Below this many shingles only identical bodies fold."""

MIN_SIZE_RATIO = 0.7
"""The smaller body must have at least this share of the larger one's shingles."""

LSH_THRESHOLD = 0.3
"""Candidate recall threshold on estimated Jaccard. Low on purpose: a repost
with a trimmed paragraph has containment ~1 but a lower Jaccard, and exact
verification discards the extra candidates cheaply."""

NUM_PERM = 128
SEED = 20251130  # fixed so the candidate set, hence the output, is reproducible

_TOKEN = re.compile(r"\w+")
# Odd 64-bit multipliers that combine word hashes into a shingle hash.
_MIX = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
    ],
    dtype=np.uint64,
)


def tokens(text: str) -> list[str]:
    """Lower-cased ``\\w+`` runs: punctuation and spacing differences don't matter."""
    return _TOKEN.findall(text.lower())


SHINGLE_BLOCK = 256
"""Texts hashed per numpy pass: bounds the per-token temporaries to tens of MB."""


def shingle_sets(texts: list[str], k: int = SHINGLE_WORDS) -> list[np.ndarray]:
    """For each text, the sorted unique 32-bit hashes of its word ``k``-shingles."""
    out: list[np.ndarray] = []
    for start in range(0, len(texts), SHINGLE_BLOCK):
        out.extend(_shingle_block(texts[start : start + SHINGLE_BLOCK], k))
    return out


def _shingle_block(texts: list[str], k: int) -> list[np.ndarray]:
    """Shingle sets of a block of texts.

    Vectorised over the whole archive (crc32 once per distinct word, numpy for
    the shingle hashes and the per-story sets) because a Python loop per
    shingle dominates the stage at 10,000 stories. crc32, not ``hash()``:
    Python's string hash changes between runs. A text shorter than ``k``
    words is one shingle of all its words.
    """
    k = max(1, min(k, len(_MIX)))
    words = [tokens(t) for t in texts]
    lens = np.array([len(w) for w in words], dtype=np.int64)
    flat = [w for ws in words for w in ws]
    cache: dict[str, int] = {w: zlib.crc32(w.encode()) for w in set(flat)}
    ids = np.fromiter(map(cache.__getitem__, flat), dtype=np.uint64, count=len(flat))
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), lens)
    starts = np.concatenate([[0], np.cumsum(lens)])[:-1]
    pos = np.arange(len(ids), dtype=np.int64) - starts[doc] if len(ids) else doc
    span = np.minimum(lens, k)[doc] if len(ids) else doc  # words per shingle in this text
    valid = pos + span <= lens[doc] if len(ids) else doc.astype(bool)
    with np.errstate(over="ignore"):  # wrap-around multiplication is the point
        h = np.zeros(len(ids), dtype=np.uint64)
        for j in range(k):
            nxt = np.zeros(len(ids), dtype=np.uint64)
            take = np.flatnonzero(valid & (j < span))
            nxt[take] = ids[take + j] * _MIX[j]
            h = ((h ^ nxt) << np.uint64(13)) | ((h ^ nxt) >> np.uint64(51))
        h ^= h >> np.uint64(33)
        h *= _MIX[0]
        h ^= h >> np.uint64(29)
    keys = np.sort((doc[valid].astype(np.uint64) << np.uint64(32)) | (h[valid] & np.uint64(0xFFFFFFFF)))
    # Sorted, so duplicates are neighbours (np.unique's hashing is slower here).
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys
    owner = (keys >> np.uint64(32)).astype(np.int64)
    bounds = np.searchsorted(owner, np.arange(len(texts) + 1))
    values = (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    return [values[bounds[i] : bounds[i + 1]] for i in range(len(texts))]


def shingles(text: str, k: int = SHINGLE_WORDS) -> np.ndarray:
    """Shingle hashes of one text (see :func:`shingle_sets`)."""
    return shingle_sets([text], k)[0]


def similarity(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Exact (Jaccard, containment-of-the-smaller) of two shingle arrays."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))


def fold_score(a: np.ndarray, b: np.ndarray) -> float:
    """The verified score compared with the threshold (see module docstring)."""
    small, large = sorted((len(a), len(b)))
    if small == 0 or small < MIN_SIZE_RATIO * large:
        return 0.0
    _, containment = similarity(a, b)
    return containment


def _normalised(text: str) -> str:
    return " ".join(tokens(text))


def signatures(sets: list[np.ndarray]) -> np.ndarray:
    """MinHash signatures (one row per set), with datasketch's affine32 permutations.

    The permutations are datasketch's own for ``SEED``, applied with numpy to
    many stories at once (``MinHash.update_batch`` calls a Python hash
    function per shingle). Empty sets get all-ones rows.
    """
    a, b = (p.astype(np.uint32) for p in MinHash(NUM_PERM, seed=SEED, scheme="affine32").permutations)
    sig = np.full((len(sets), NUM_PERM), np.iinfo(np.uint32).max, dtype=np.uint32)
    block = 32  # stories per numpy call: bounds the (perms x shingles) temporaries to a few MB
    for start in range(0, len(sets), block):
        part = list(sets[start : start + block])
        sizes = np.array([len(s) for s in part])
        if sizes.sum() == 0:
            continue
        flat = np.concatenate(part)
        with np.errstate(over="ignore"):  # arithmetic mod 2**32 is the permutation
            vals = a[:, None] * flat[None, :] + b[:, None]  # perms x shingles: rows contiguous
        nonempty = np.flatnonzero(sizes)
        offsets = np.concatenate([[0], np.cumsum(sizes)])[:-1][nonempty]
        sig[start + nonempty] = np.minimum.reduceat(vals, offsets, axis=1).T
    return sig


def candidate_pairs(sets: list[np.ndarray]) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, that share a MinHash LSH band.

    Bands and rows per band are datasketch's optimum for ``LSH_THRESHOLD``
    (``MinHashLSH(...).b``, ``.r``); the bucketing itself is a numpy sort per
    band, because inserting 10,000 keys into datasketch's index one by one
    costs more than everything else in the stage.
    """
    params = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    bands, rows = params.b, params.r
    live = np.array([i for i, s in enumerate(sets) if len(s) >= MIN_SHINGLES], dtype=np.int64)
    pairs: set[tuple[int, int]] = set()
    if len(live) < 2:
        return pairs
    sig = signatures([sets[i] for i in live]).astype(np.uint64)
    for band in range(bands):
        cols = sig[:, band * rows : (band + 1) * rows]
        with np.errstate(over="ignore"):
            key = np.zeros(len(live), dtype=np.uint64)
            for j in range(cols.shape[1]):
                key = (key ^ cols[:, j]) * _MIX[j % len(_MIX)]
        order = np.argsort(key, kind="stable")
        sk = key[order]
        same = np.flatnonzero(sk[1:] == sk[:-1])
        if len(same) == 0:
            continue
        # Runs of equal keys: every pair inside a run is a candidate.
        run_starts = same[np.concatenate([[True], np.diff(same) > 1])]
        for rs in run_starts.tolist():
            re_ = rs + 1
            while re_ + 1 < len(sk) and sk[re_ + 1] == sk[rs]:
                re_ += 1
            members = sorted(live[order[rs : re_ + 1]].tolist())
            pairs.update((x, y) for xi, x in enumerate(members) for y in members[xi + 1 :])
    return pairs


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
    stories: list[Story], threshold: float = DEFAULT_THRESHOLD
) -> tuple[list[list[int]], list[np.ndarray]]:
    """Indices of ``stories`` grouped into reposts of one story (groups of 2+),
    and every story's shingle set (the caller verifies against them)."""
    sets = shingle_sets([s.body_text for s in stories])
    parent = list(range(len(stories)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for i, j in sorted(candidate_pairs(sets)):
        if fold_score(sets[i], sets[j]) >= threshold:
            union(i, j)

    # Short bodies skip LSH; fold them only when the normalised text is identical.
    short: dict[str, int] = {}
    for i, s in enumerate(sets):
        if 0 < len(s) < MIN_SHINGLES:
            key = _normalised(stories[i].body_text)
            if key in short:
                union(short[key], i)
            else:
                short[key] = i

    groups: dict[int, list[int]] = {}
    for i in range(len(stories)):
        groups.setdefault(find(i), []).append(i)
    return [g for g in groups.values() if len(g) > 1], sets


def fold_reposts(
    stories: list[Story],
    priority: Callable[[Story], int] | dict | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> None:
    """Fold near-duplicate published stories into one canonical story each.

    Canonical: earliest date, then the longest body, then the higher outlet
    ``priority`` (a callable or an outlet-key -> int dict), then source path.
    The canonical story's ``also_reported`` gets one :class:`Credit` per other
    outlet among the folded copies (a second scrape of the same outlet adds
    nothing a reader needs).
    """
    live = sorted((s for s in stories if s.ok), key=lambda s: s.source)
    prio = _priority_of(priority)

    def rank(s: Story) -> tuple:
        undated = s.date is None
        return (undated, s.date.toordinal() if s.date else 0, -len(s.body_text), -prio(s), s.source)

    groups, sets = find_groups(live, threshold)
    for group in groups:
        order = sorted(group, key=lambda i: rank(live[i]))
        canonical = live[order[0]]
        # Groups are joined pair by pair, so a chain A~B~C can hold a C that
        # is no copy of A: only what matches the canonical text itself folds.
        rest = [live[i] for i in order[1:] if fold_score(sets[order[0]], sets[i]) >= threshold]
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


def fold_groups_of(stories: Iterable[Story]) -> list[list[str]]:
    """Sources grouped by canonical after :func:`fold_reposts` (for checks)."""
    groups: dict[str, list[str]] = {}
    for s in stories:
        if s.status == "folded" and s.folded_into:
            groups.setdefault(s.folded_into, [s.folded_into]).append(s.source)
    return [sorted(g) for g in groups.values()]
