"""Fold reposts: near-identical copies of one story become one published story.

Detection is word-shingle MinHash LSH (datasketch, fixed seed) to find
candidate pairs cheaply, then every candidate pair is verified exactly on the
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
bbc/ copies, one edited    31      last sentence     min 1.00
                                   cut
bbc/ copies, one edited    31      a sentence        min 0.90, median
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

from news_digest.story import Credit, Story

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
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)


def tokens(text: str) -> list[str]:
    """Lower-cased ``\\w+`` runs: punctuation and spacing differences don't matter."""
    return _TOKEN.findall(text.lower())


def shingles(text: str, k: int = SHINGLE_WORDS) -> np.ndarray:
    """Sorted unique 32-bit hashes of the word ``k``-shingles of ``text``.

    Vectorised over words (crc32 per distinct word, numpy mixing per shingle),
    because a Python loop per shingle dominates the stage at 10,000 stories.
    """
    words = tokens(text)
    if not words:
        return np.zeros(0, dtype=np.uint32)
    cache: dict[str, int] = {}
    ids = np.fromiter(
        (cache.setdefault(w, zlib.crc32(w.encode())) for w in words),
        dtype=np.uint64,
        count=len(words),
    )
    k = min(k, len(ids), len(_MIX))
    n = len(ids) - k + 1
    with np.errstate(over="ignore"):  # wrap-around multiplication is the point
        h = np.zeros(n, dtype=np.uint64)
        for j in range(k):
            h ^= ids[j : j + n] * _MIX[j]
            h = (h << np.uint64(13)) | (h >> np.uint64(51))
        h ^= h >> np.uint64(33)
        h *= _MIX[0]
        h ^= h >> np.uint64(29)
    return np.unique((h & np.uint64(0xFFFFFFFF)).astype(np.uint32))


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


def candidate_pairs(sets: list[np.ndarray]) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, whose MinHash LSH buckets collide."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    template = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int, scheme="affine32")
    sigs: dict[int, MinHash] = {}
    for i, s in enumerate(sets):
        if len(s) < MIN_SHINGLES:
            continue
        m = template.copy()
        m.update_batch(s.tolist())
        sigs[i] = m
        lsh.insert(i, m, check_duplication=False)
    pairs: set[tuple[int, int]] = set()
    for i, m in sigs.items():
        for j in lsh.query(m):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
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


def find_groups(stories: list[Story], threshold: float = DEFAULT_THRESHOLD) -> list[list[int]]:
    """Indices of ``stories`` grouped into reposts of one story (groups of 2+)."""
    sets = [shingles(s.body_text) for s in stories]
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
    return [g for g in groups.values() if len(g) > 1]


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
        return (undated, s.date.toordinal() if s.date else 0,
                -len(s.body_text), -prio(s), s.source)

    for group in find_groups(live, threshold):
        members = sorted((live[i] for i in group), key=rank)
        canonical, rest = members[0], members[1:]
        credited = {_outlet_id(canonical)} | {
            (c.outlet or "").casefold() for c in canonical.also_reported
        }
        for s in rest:
            s.fold_into(canonical)
            oid = _outlet_id(s)
            if oid and oid not in credited:
                credited.add(oid)
                canonical.also_reported.append(
                    Credit(outlet=s.outlet or s.raw_outlet or "", url=s.url,
                           source=s.source, date=s.date)
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
