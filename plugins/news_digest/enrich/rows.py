"""Per-story rows of the archive-wide stages, kept between builds.

Folding, events and related links each start from a sparse matrix with one
row per story: its word counts (TF-IDF comes from them), its lead's, its
names', its hashed word shingles. A row depends on its own story's text only,
so a build keeps each kind of matrix in the build cache (one record a kind,
its rows named by :func:`story_id`: the story's source and a digest of its
text) and the next build makes rows only for the stories that are new or
changed; the rows of removed stories are dropped. The result is the matrix a
build without a cache makes, entry for entry: the columns are the terms the
present stories use, sorted, and each row's entries are in column order. The
rows a build makes are made over the workers (``DIGEST_JOBS``,
:func:`made_over`), stacked the same way.

What the stages compute from the rows (IDF, cosines, events) is computed
again from them on every build, or kept where it provably depends on
unchanged rows only (events' days, related links: their modules say why),
so a build with a cache makes the same site as one without, byte for byte. Pairs that depend on two
stories only (folding's copies) are kept the same way (:func:`kept_pairs`).

The stages find the build's cache through :func:`kept_in` (``stages.run``);
without it (a build with ``DIGEST_CACHE_PATH`` empty, a benchmark, a test)
every row is made.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

from ..codec import BadRecord, array
from ..parallel import map_balanced, map_chunks, start_balanced
from ..story import Story
from . import stop_words

if TYPE_CHECKING:
    from ..incremental import Memo

_memo: list[Memo] = []
"""The build's memo while its enrichment runs (at most one)."""

_ids: dict[int, tuple[Story, str]] = {}
"""Each story's :func:`story_id` while the memo is in use: the stages after
the names stage never change what an id is made of."""

_early: dict[tuple[str, str], tuple[dict[str, int], sparse.csr_matrix, list[str] | None]] = {}
"""Rows of one kind made beside another's (:func:`kept_rows`' ``beside``) until a stage takes them:
by kind and params, each story's place by its :func:`story_id`, the rows and their terms."""


@contextmanager
def kept_in(memo: Memo | None) -> Iterator[None]:
    """Rows and pairs made inside this block are kept in ``memo``'s cache (None: not kept)."""
    if memo is None or memo.cache is None:
        yield
        return
    _memo.append(memo)
    try:
        yield
    finally:
        _memo.remove(memo)
        _ids.clear()
        _early.clear()


def current_memo() -> Memo | None:
    """The build's memo while its enrichment runs (:func:`kept_in`), else None."""
    return _memo[-1] if _memo else None


def story_id(s: Story) -> str:
    """The story's source and everything a row is made of: headline, outlet, blocks."""
    parts = [s.source, s.headline, s.outlet, s.raw_outlet or ""]
    parts += [f"{b.kind}\1{b.text}\1{chr(2).join(b.items)}" for b in s.blocks]
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def story_ids(stories: list[Story]) -> list[str]:
    """:func:`story_id` of each story, remembered per story object for the build.

    The ids the build does not have yet (the first call makes every story's:
    a digest of its whole text) are made over the build's workers.
    """
    missing = [s for s in stories if (known := _ids.get(id(s))) is None or known[0] is not s]
    if missing:
        jobs = _memo[-1].jobs if _memo else 1
        made = map_balanced(lambda some: [story_id(s) for s in some], missing, jobs)
        for s, sid in zip(missing, made, strict=True):
            _ids[id(s)] = (s, sid)
    return [_ids[id(s)][1] for s in stories]


def start_story_ids(stories: list[Story]) -> Callable[[], None]:
    """:func:`story_ids` of ``stories`` started now in forked children; call what it returns to take them.

    The ids read only what no stage changes (source, headline, outlet,
    blocks), and the first stage to ask for them (names') comes after
    slugs and summaries, which in a build with a warm cache leave the
    other core idle: started where enrichment starts, they are made there.
    The function must be called once whatever happens (``start_balanced``).
    """
    jobs = _memo[-1].jobs if _memo else 1
    join = start_balanced(lambda some: [story_id(s) for s in some], stories, jobs)

    def take() -> None:
        for s, sid in zip(stories, join(), strict=True):
            _ids[id(s)] = (s, sid)

    return take


# --------------------------------------------------------------------------- rows

Make = Callable[[list[Story]], tuple[sparse.csr_matrix, list[str] | None]]
"""Rows of some stories and the names of their columns (None: columns are fixed, e.g. hashed)."""


def term_counts(stories: list[Story], kind: str, text: Callable[[Story], str], **options: Any):
    """``CountVectorizer(**options)`` counts of ``text(story)``, one row per story, kept between builds.

    Returns the counts (float32) and the sorted terms naming the columns.
    """

    def make(some: list[Story]) -> tuple[sparse.csr_matrix, list[str]]:
        texts = [text(s) for s in some]
        if set(options) <= _COUNTED_HERE:
            return count_terms(texts, **options)
        # Options count_terms does not do itself: scikit-learn, imported only then
        # (importing it costs about a second of CPU; no stage asks for it now).
        from sklearn.feature_extraction.text import CountVectorizer

        vec = CountVectorizer(dtype=np.float32, **options)
        try:
            x = vec.fit_transform(texts).tocsr()
        except ValueError:  # no vocabulary at all (stop words only, or no text)
            return sparse.csr_matrix((len(some), 0), dtype=np.float32), []
        x.sort_indices()
        return x, vec.get_feature_names_out().tolist()

    x, terms = kept_rows(stories, kind, term_params(options), make, named=True)
    return x, terms or []


def term_params(options: dict[str, Any]) -> list[list[Any]]:
    """What :func:`term_counts`' rows depend on besides the text: its options, in order."""
    return [[k, v] for k, v in sorted(options.items())]


_COUNTED_HERE = frozenset({"stop_words", "token_pattern", "lowercase"})
"""The ``CountVectorizer`` options :func:`count_terms` does itself."""

_DEFAULT_TOKEN = r"(?u)\b\w\w+\b"
"""``CountVectorizer``'s default token pattern."""


def count_terms(
    texts: list[str],
    stop_words: str | None = None,
    token_pattern: str = _DEFAULT_TOKEN,
    lowercase: bool = True,
    first_seen_order: bool = False,
) -> tuple[sparse.csr_matrix, list[str]]:
    """``CountVectorizer(dtype=float32, ...).fit_transform(texts)`` and its sorted terms,
    entry for entry, for these options (``stop_words`` "english" or None).

    A row's entries are stored by column; with ``first_seen_order`` they are
    stored as scikit-learn leaves them (ordered by when the archive's text
    first used each term), which sums over a row, in a double, follow.

    scikit-learn counts each token in a Python loop of its own (a generator,
    a default dict and a counter per token); here the tokens get numbers in
    one comprehension and are counted by NumPy. The same lower-casing, token
    pattern and stop list; no vocabulary at all is an empty matrix, where
    scikit-learn raises.
    """
    pattern = re.compile(token_pattern)
    if pattern.groups > 1:  # scikit-learn refuses these; so does this
        raise ValueError("More than 1 capturing group in token pattern.")
    find = pattern.findall
    if stop_words not in ("english", None):
        raise ValueError(f"unknown stop list: {stop_words!r}")
    counts = TermCounts(_english_stop_words() if stop_words == "english" else frozenset())
    for t in texts:
        counts.add(find(t.lower() if lowercase else t))
    return counts.matrix(first_seen_order)


class TermCounts:
    """:func:`count_terms`' counts of token lists given one document at a time.

    A caller that has a story's tokens already (folding's shingles, :mod:`.fold`)
    counts them here without keeping every story's text or tokens at once.
    """

    def __init__(self, stop: frozenset[str]) -> None:
        self.stop = stop
        self.ids: dict[str, int] = {}
        """Each term's number, in the order the documents first use them."""
        self.docs: list[list[int]] = []

    def add(self, found: Iterable[str], shortest: int = 1) -> None:
        """One document's tokens (those ``shortest`` characters long or more), stop words left out."""
        ids, stop = self.ids, self.stop
        number = ids.setdefault
        if shortest > 1:
            self.docs.append([number(w, len(ids)) for w in found if len(w) >= shortest and w not in stop])
        else:
            self.docs.append([number(w, len(ids)) for w in found if w not in stop])

    def matrix(self, first_seen_order: bool = False) -> tuple[sparse.csr_matrix, list[str]]:
        """The counts, one row per document added, and the sorted terms (see :func:`count_terms`)."""
        ids, docs = self.ids, self.docs
        if not ids:
            return sparse.csr_matrix((len(docs), 0), dtype=np.float32), []
        terms = sorted(ids)
        place = np.empty(len(terms), dtype=np.int64)
        place[np.fromiter((ids[t] for t in terms), dtype=np.int64, count=len(terms))] = np.arange(len(terms))
        flat = np.fromiter((i for doc in docs for i in doc), dtype=np.int64, count=sum(map(len, docs)))
        row = np.repeat(np.arange(len(docs), dtype=np.int64), [len(doc) for doc in docs])
        stored = flat if first_seen_order else place[flat]
        keys, counts = np.unique(row * len(terms) + stored, return_counts=True)
        indptr = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys // len(terms), minlength=len(docs)), out=indptr[1:])
        index = np.int32 if indptr[-1] <= np.iinfo(np.int32).max else np.int64
        columns = place[keys % len(terms)] if first_seen_order else keys % len(terms)
        x = sparse.csr_matrix(
            (counts.astype(np.float32), columns.astype(index), indptr.astype(index)),
            shape=(len(docs), len(terms)),
        )
        return x, terms


def _english_stop_words() -> frozenset[str]:
    return stop_words.english()


MAX_PARTS = 12
"""Parts an archive's rows may be kept in before they are joined into one again."""

DEAD_SHARE = 0.25
"""Share of kept rows whose stories are gone (removed or edited) past which the parts are joined again."""


Both = Callable[
    [list[Story]],
    tuple[tuple[sparse.csr_matrix, list[str] | None], tuple[sparse.csr_matrix, list[str] | None]],
]
"""Rows of two kinds of some stories, made in one pass over their text: ``make``'s, and another kind's."""


def kept_rows(
    stories: list[Story],
    kind: str,
    params: Any,
    make: Make,
    named: bool = False,
    beside: tuple[str, Any, Both] | None = None,
) -> tuple[sparse.csr_matrix, list[str] | None]:
    """``make(stories)``, with the rows of stories the last build had taken from the cache.

    ``kind`` names the rows in the build's summary; ``params`` is whatever
    else ``make`` depends on; ``named``: its columns are named by terms.

    The rows are kept in parts (:func:`_kept_parts`): a build that adds a day's
    stories writes a part of their rows alone, not the archive's rows again
    (tens of MB at 10,000 stories, about a CPU second a build to encode and
    write). Parts are joined into one when there are ``MAX_PARTS`` of them, or
    when more than ``DEAD_SHARE`` of their rows belong to stories gone since.

    ``beside``: another kind, its params, and a function that makes both
    kinds' rows of some stories in one pass (folding's shingles and the
    words' counts read the same tokens). The rows this call makes are made
    with it; the other kind's are held until a later ``kept_rows`` of that
    kind and params asks for rows of those stories (:func:`_taken_early`),
    which are then the rows its own ``make`` gives, entry for entry.
    """
    memo = _memo[-1] if _memo else None
    if memo is None or not stories:
        return make(stories)
    ids = story_ids(stories)
    key = memo.key("archive rows", kind, params)
    try:
        parts = _kept_parts(memo, key, named)
        _check_columns(parts)
    except BadRecord as exc:
        memo.discard(f"bad archive rows: {exc}")
        parts = []
    old_ids = [sid for part in parts for sid in part[0]]
    at = {sid: i for i, sid in enumerate(old_ids)}
    new = [i for i, sid in enumerate(ids) if sid not in at]

    def made(some: list[int]) -> tuple[sparse.csr_matrix, list[str] | None]:
        some_ids = [ids[i] for i in some]
        early = _taken_early(kind, params, some_ids)
        if early is not None:
            return early
        chosen = [stories[i] for i in some]
        if beside is None:
            return made_over(make, chosen, memo.jobs)
        both = map_chunks(beside[2], chosen, memo.jobs)
        other = _joined([b for _a, b in both])
        _early[beside[0], repr(beside[1])] = ({sid: k for k, sid in enumerate(some_ids)}, *other)
        return _joined([a for a, _b in both])

    made_rows = made_terms = None
    scratch = not parts or len(new) == len(stories)
    if scratch:
        x, terms = made(list(range(len(stories))))
    else:
        made_rows, made_terms = made(new) if new else (None, None)
        x, terms = _merge(ids, at, [(x, terms) for _ids, x, terms in parts], new, made_rows, made_terms)
    dead = len(old_ids) - len(set(ids) & at.keys())  # rows of stories gone (or kept twice)
    if scratch or len(parts) + bool(new) > MAX_PARTS or dead > DEAD_SHARE * len(old_ids):
        if new or dead or len(parts) != 1:  # else: the one part as it is (reading it kept it)
            _keep_parts(memo, key, kind, params, [(ids, x, terms)])
    elif new:
        _keep_parts(memo, key, kind, params, [*parts, ([ids[i] for i in new], made_rows, made_terms)])
    # else: no story new, few gone: the parts as they are (reading them kept them)
    memo.count(f"rows-{kind}", len(stories) - len(new), len(new))
    return x, terms


def _taken_early(kind: str, params: Any, ids: list[str]) -> tuple[sparse.csr_matrix, list[str] | None] | None:
    """The rows of the stories ``ids`` names, made beside another kind's (``kept_rows``' ``beside``),
    picked in this order over the terms they use; None unless some were made for every one of them.

    Taken once: a second ask, or one they do not cover, makes its rows as before.
    """
    held = _early.pop((kind, repr(params)), None)
    if held is None:
        return None
    at, x, terms = held
    if not all(sid in at for sid in ids):
        return None
    return _merge(ids, at, [(x, terms)], [], None, None)


Part = tuple[list[str], sparse.csr_matrix, list[str] | None]
"""Kept rows: the ids of their stories, the rows, and the terms naming their columns (None: fixed)."""


def _part_key(memo: Memo, kind: str, params: Any, ids: list[str]) -> str:
    """A part's record key: its rows are a function of its stories' ids (their text) and ``params``."""
    return memo.key("archive rows part", kind, params, hashlib.sha256("\0".join(ids).encode()).hexdigest())


def _kept_parts(memo: Memo, key: str, named: bool) -> list[Part]:
    """The parts the last build kept under ``key`` (none if it kept none, or a part is missing)."""
    index = memo.get(key)
    if index is None:
        return []
    if not isinstance(index, dict) or set(index) != {"parts"} or not isinstance(index["parts"], list):
        raise BadRecord("not an index of rows")
    keys = index["parts"]
    if not keys or not all(type(k) is str for k in keys) or len(set(keys)) < len(keys):
        raise BadRecord("bad keys of rows")
    found = memo.get_many(keys)
    if len(found) < len(keys):
        return []
    parts = [_decode_rows(found[k], named) for k in keys]
    return [part for part in parts if part is not None]


def _keep_parts(memo: Memo, key: str, kind: str, params: Any, parts: list[Part]) -> None:
    """Keep ``parts`` (each record put only when the cache lacks it) and their index under ``key``."""
    keys = []
    for ids, x, terms in parts:
        part_key = _part_key(memo, kind, params, ids)
        if memo.cache is not None and part_key not in memo.cache.used:  # not read nor put this build
            memo.put(part_key, _encode_rows(ids, x, terms))
        keys.append(part_key)
    memo.put(key, {"parts": keys})


def _check_columns(parts: list[Part]) -> None:
    """Parts with unnamed (fixed) columns: all of them, all as wide (else :class:`BadRecord`)."""
    if any(terms is None for _ids, _x, terms in parts) and (
        len({x.shape[1] for _ids, x, _terms in parts}) > 1 or any(t is not None for *_, t in parts)
    ):
        raise BadRecord("parts of rows with different columns")


def made_over(
    make: Make, stories: list[Story], jobs: int, min_chunk: int | None = None
) -> tuple[sparse.csr_matrix, list[str] | None]:
    """``make(stories)``, split over ``jobs`` processes (:func:`..parallel.map_chunks`).

    A row depends on its own story alone, so each process makes the rows of
    a chunk of the stories and the chunks are stacked in order over the
    sorted union of their terms: the matrix one ``make`` over every story
    gives, entry for entry (a cold build made every row in one process).
    """
    return _joined(map_chunks(make, stories, jobs, min_chunk))


def _joined(
    parts: list[tuple[sparse.csr_matrix, list[str] | None]],
) -> tuple[sparse.csr_matrix, list[str] | None]:
    """Chunks' rows stacked in order (:func:`made_over`), over the sorted union of their terms."""
    if len(parts) == 1:
        return parts[0]
    dtype = parts[0][0].dtype
    if any(terms is None for _x, terms in parts):  # fixed columns (hashed): the same in every chunk
        return sparse.vstack([x for x, _terms in parts], format="csr", dtype=dtype), None
    terms = sorted(set().union(*(t for _x, t in parts if t)))
    place = {t: j for j, t in enumerate(terms)}
    xs = [_recolumn(x, np.array([place[t] for t in ts or ()], dtype=np.int64), len(terms)) for x, ts in parts]
    x = sparse.vstack(xs, format="csr", dtype=dtype)
    x.sort_indices()
    return x, terms


def _merge(
    ids: list[str],
    at: dict[str, int],
    parts: list[tuple[sparse.csr_matrix, list[str] | None]],
    new: list[int],
    made: sparse.csr_matrix | None,
    made_terms: list[str] | None,
) -> tuple[sparse.csr_matrix, list[str] | None]:
    """The kept rows still wanted (``at``: their places in the ``parts`` stacked in order) and the
    made ones, in ``ids`` order, over the terms they use.

    The parts and the made rows are stacked once and picked once (not joined,
    picked, stacked and put in order: four passes over the archive's entries,
    the shingles' 9 million at 10,000 stories); when the picks are the stacked
    rows in order (a day's news at the end, nothing gone), not even that.
    """
    blocks = [*parts, (made, made_terms)] if made is not None else parts
    stacked, terms = _stacked(blocks)
    pick = np.fromiter((at.get(sid, -1) for sid in ids), dtype=np.int64, count=len(ids))
    pick[new] = stacked.shape[0] - len(new) + np.arange(len(new))  # the made rows come last
    x = stacked if np.array_equal(pick, np.arange(stacked.shape[0])) else stacked[pick]
    if terms is not None:  # drop the terms of removed stories
        used = np.flatnonzero(np.bincount(x.indices, minlength=len(terms)))
        if len(used) < len(terms):
            place_used = np.full(len(terms), -1, dtype=np.int64)
            place_used[used] = np.arange(len(used))
            x = _recolumn(x, place_used, len(used))
            terms = [terms[j] for j in used.tolist()]
    x.sort_indices()
    return x, terms


def _stacked(
    blocks: list[tuple[sparse.csr_matrix, list[str] | None]],
) -> tuple[sparse.csr_matrix, list[str] | None]:
    """The blocks' rows stacked in order (the first block's dtype); when every block's columns are
    named by terms, onto the sorted union of those terms (maps that keep each row's order)."""
    dtype = blocks[0][0].dtype
    if any(terms is None for _x, terms in blocks):
        return sparse.vstack([x for x, _terms in blocks], format="csr", dtype=dtype), None
    terms = sorted(set().union(*(ts for _x, ts in blocks if ts)))
    place = {t: j for j, t in enumerate(terms)}
    xs = [
        _recolumn(x, np.array([place[t] for t in ts or ()], dtype=np.int64), len(terms)) for x, ts in blocks
    ]
    return sparse.vstack(xs, format="csr", dtype=dtype), terms


def _recolumn(x: sparse.csr_matrix, place: np.ndarray, columns: int) -> sparse.csr_matrix:
    """``x`` with column ``j`` moved to ``place[j]`` (a map that keeps the order of columns)."""
    return sparse.csr_matrix(
        (x.data, place[x.indices].astype(np.int32), x.indptr), shape=(x.shape[0], columns)
    )


def _array(value: Any, dtype: Any) -> np.ndarray:
    """A kept array of type ``dtype`` (a record of arrays, :func:`..codec.dumps_arrays`), read-only."""
    return array(value, np.dtype(dtype).str)


def _encode_rows(ids: list[str], x: sparse.csr_matrix, terms: list[str] | None) -> dict[str, Any]:
    return {
        "ids": ids,
        "shape": [int(x.shape[0]), int(x.shape[1])],
        "indptr": x.indptr.astype("<i8"),
        "indices": x.indices.astype("<i4"),
        # Rows of ones (folding's hashed shingles, 37 MB of them at 10,000 stories) keep no data:
        # half the record, and half of what reading and writing it holds at once.
        "data": None if np.all(x.data == 1) else x.data.astype("<f4"),
        "terms": terms,
    }


def _decode_rows(record: Any, named: bool) -> tuple[list[str], sparse.csr_matrix, list[str] | None] | None:
    """The rows of a record, checked (a record that fails any check is :class:`BadRecord`)."""
    if record is None:
        return None
    if not isinstance(record, dict) or set(record) != {"ids", "shape", "indptr", "indices", "data", "terms"}:
        raise BadRecord("not a rows record")
    ids, shape, terms = record["ids"], record["shape"], record["terms"]
    if not (isinstance(ids, list) and all(type(i) is str for i in ids)):
        raise BadRecord("row ids are not text")
    if not (isinstance(shape, list) and len(shape) == 2 and all(type(v) is int and v >= 0 for v in shape)):
        raise BadRecord("bad shape")
    rows, columns = shape
    if (terms is not None) != named:
        raise BadRecord("column names where none belong, or none where they do")
    if terms is not None:
        if not (isinstance(terms, list) and all(type(t) is str for t in terms)) or len(terms) != columns:
            raise BadRecord("column terms do not match the shape")
        if any(a >= b for a, b in pairwise(terms)):
            raise BadRecord("column terms are not sorted")
    indptr = _array(record["indptr"], "<i8").astype(np.int64)
    indices = _array(record["indices"], "<i4").astype(np.int32)
    stored = record["data"]
    data = np.ones(len(indices), np.float32) if stored is None else _array(stored, "<f4").astype(np.float32)
    if len(ids) != rows or len(indptr) != rows + 1 or indptr[0] != 0 or np.any(np.diff(indptr) < 0):
        raise BadRecord("row pointers do not match the rows")
    if indptr[-1] != len(indices) or len(data) != len(indices):
        raise BadRecord("entries do not match the row pointers")
    if len(indices) and (indices.min() < 0 or indices.max() >= columns):
        raise BadRecord("a column out of range")
    # Rows as this module makes them: columns increasing within each row, counts above 0.
    step = np.diff(indices)  # columns are in [0, columns): their differences fit the int32 they are
    starts = indptr[1:-1][(indptr[1:-1] > 0) & (indptr[1:-1] < len(indices))] - 1
    step[starts] = 1
    if np.any(step <= 0) or not np.all(np.isfinite(data) & (data > 0)):
        raise BadRecord("entries out of order or not counts")
    return ids, sparse.csr_matrix((data, indices, indptr), shape=(rows, columns)), terms


# --------------------------------------------------------------------------- pairs


def kept_pairs(
    stories: list[Story],
    kind: str,
    params: Any,
    every_pair: Callable[[], np.ndarray],
    pairs_with: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    """Pairs ``(i, j)``, ``i < j``, of stories (an ``(n, 2)`` array, sorted), kept between builds.

    For pairs decided by the two stories alone: ``every_pair()`` finds all of
    them; ``pairs_with(rows)`` those with at least one story in ``rows``. A
    build with a cache asks only about the stories the last build did not
    have, and takes the other pairs from it (dropping removed stories).
    """
    memo = _memo[-1] if _memo else None
    if memo is None or not stories:
        return every_pair()
    ids = story_ids(stories)
    if len(set(ids)) < len(ids):  # two stories that cannot be told apart: nothing to name pairs by
        return every_pair()
    key = memo.key("archive pairs", kind, params)
    record = memo.get(key)
    try:
        old = _decode_pairs(record)
    except BadRecord as exc:
        memo.discard(f"bad archive pairs: {exc}")
        old = None
    if old is None:
        pairs = every_pair()
        new_count = len(stories)
        old_ids = None
    else:
        old_ids, old_pairs = old
        now = {sid: i for i, sid in enumerate(ids)}
        where = np.array([now.get(sid, -1) for sid in old_ids], dtype=np.int64)
        known = set(old_ids)
        new = np.array([i for i, sid in enumerate(ids) if sid not in known], dtype=np.int64)
        kept = where[old_pairs] if len(old_pairs) else np.zeros((0, 2), dtype=np.int64)
        kept = kept[(kept >= 0).all(axis=1)]
        found = pairs_with(new) if len(new) else np.zeros((0, 2), dtype=np.int64)
        pairs = _sorted_pairs(np.concatenate([kept, found]))
        new_count = len(new)
    if ids != old_ids:
        memo.put(key, {"ids": ids, "pairs": pairs.astype("<i4").ravel()})
    memo.count(f"pairs-{kind}", len(stories) - new_count, new_count)
    return pairs


def _sorted_pairs(pairs: np.ndarray) -> np.ndarray:
    """Each pair low index first, no duplicates, in order."""
    if len(pairs) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.sort(pairs.astype(np.int64), axis=1)
    return np.unique(pairs, axis=0)


def _decode_pairs(record: Any) -> tuple[list[str], np.ndarray] | None:
    if record is None:
        return None
    if not isinstance(record, dict) or set(record) != {"ids", "pairs"}:
        raise BadRecord("not a pairs record")
    ids = record["ids"]
    if not (isinstance(ids, list) and all(type(i) is str for i in ids)) or len(set(ids)) < len(ids):
        raise BadRecord("pair ids are not distinct text")
    flat = _array(record["pairs"], "<i4").astype(np.int64)
    if len(flat) % 2 or (len(flat) and (flat.min() < 0 or flat.max() >= len(ids))):
        raise BadRecord("pairs out of range")
    return ids, flat.reshape(-1, 2)
