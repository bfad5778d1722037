"""Archive-wide steps made cheaper per build (events, folding): the same answers as their definitions.

Each step here is compared, on random inputs full of ties, with a plain
statement of what it computes (a sort of every row, a product of every
pair), so that a faster way of getting the answer cannot drift from it.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from news_digest.cache import Cache
from news_digest.enrich import archive_words, events, fold, ranked_names, rows
from news_digest.enrich.entities import load_gazetteer
from news_digest.enrich.entities.tags import common_words, rank_names
from news_digest.enrich.unit_rows import l2_normalize
from news_digest.incremental import Memo
from news_digest.story import Block, Story


def _neighbourhoods_by_sorting(r: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    """The definition: each row sorted by value (highest first, then lower column), its first ``k``."""
    n = r.shape[0]
    rows, cols, vals = [], [], []
    for i in range(n):
        start, stop = r.indptr[i], r.indptr[i + 1]
        ranked = sorted(
            zip(r.indices[start:stop].tolist(), r.data[start:stop].tolist(), strict=True),
            key=lambda e: (-e[1], e[0]),
        )
        for j, v in ranked[:k]:
            rows.append(i)
            cols.append(j)
            vals.append(v)
    knn = sparse.csr_matrix((vals, (rows, cols)), shape=(n, n))
    return l2_normalize((knn + sparse.identity(n, format="csr")).tocsr())


def _random_pairs(rng: np.random.Generator, n: int) -> sparse.csr_matrix:
    """A symmetric matrix of pair scores with no diagonal, drawn from a few values so that rows tie."""
    dense = np.triu(rng.integers(0, 5, size=(n, n)) * (rng.random((n, n)) < rng.random()), k=1) / 4.0
    dense = dense + dense.T
    return sparse.csr_matrix(dense)


@pytest.mark.parametrize("k", [1, 2, 6, 40])
def test_neighbourhoods_are_each_row_s_best_by_value_then_lower_column(k: int) -> None:
    rng = np.random.default_rng(k)
    for _ in range(60):
        r = _random_pairs(rng, int(rng.integers(1, 30)))
        got = events.neighbourhoods(r, k)
        want = _neighbourhoods_by_sorting(r, k)
        assert np.array_equal(got.indptr, want.indptr)
        assert np.array_equal(got.indices, want.indices)
        assert np.array_equal(got.data, want.data)


def test_neighbourhoods_of_rows_stored_out_of_column_order() -> None:
    r = _random_pairs(np.random.default_rng(5), 25)
    shuffled = r.copy()
    for i in range(r.shape[0]):  # each row's entries stored backwards
        a, b = shuffled.indptr[i], shuffled.indptr[i + 1]
        shuffled.indices[a:b] = shuffled.indices[a:b][::-1].copy()
        shuffled.data[a:b] = shuffled.data[a:b][::-1].copy()
    shuffled.has_sorted_indices = False
    got, want = events.neighbourhoods(shuffled, 3), _neighbourhoods_by_sorting(r, 3)
    assert np.array_equal(got.indices, want.indices) and np.array_equal(got.data, want.data)


def test_copies_of_some_rows_are_the_pairs_of_the_whole_product() -> None:
    """``fold.pairs_with`` (only the columns the asked rows use) against every pair ``scored_pairs`` finds."""
    rng = np.random.default_rng(7)
    for _ in range(150):
        n, columns = int(rng.integers(2, 25)), int(rng.integers(3, 40))
        dense = rng.random((n, columns)) < rng.uniform(0.1, 0.6)
        dense[rng.integers(0, n, 3)] = dense[rng.integers(0, n)]  # some exact copies
        dense[rng.integers(0, n)] = False  # an empty row
        x = sparse.csr_matrix(dense.astype(np.float32))
        asked = np.sort(rng.choice(n, size=int(rng.integers(1, n + 1)), replace=False))
        for threshold in (0.3, 0.6, 0.875, 1.0):
            every = np.array([(i, j) for i, j, _ in fold.scored_pairs(x, threshold)], dtype=np.int64)
            every = every.reshape(-1, 2)
            wanted = every[np.isin(every, asked).any(axis=1)]
            assert np.array_equal(fold.pairs_with(x, asked, threshold), wanted)


# --------------------------------------------------------------------------- the archive's lower-case words

VOCABULARY = [
    "crime",
    "apple",
    "fair",
    "pear",
    "pie",
    "harbour",
    "ferry",
    "quay",
    "rain",
    "levee",
    "council",
    "budget",
    "tram",
    "vote",
]


def _words_story(rng: random.Random, source: str) -> Story:
    words = rng.sample(VOCABULARY, rng.randint(1, 4))
    return Story(source=source, headline=f"Story {source}", blocks=[Block("p", "The " + " and ".join(words))])


def _common_through_cache(tmp_path: Path, stories: list[Story]) -> tuple[frozenset[str], list[int], int]:
    """One build's common words through the cache, its counts, and the parts its index names."""
    memo = Memo(Cache(tmp_path / "cache"))
    with rows.kept_in(memo):
        common = archive_words.kept_common_words(memo)(stories)
        index = memo.get(memo.key("lower-case words"))
    assert memo.cache is not None
    memo.cache.close()
    return common, memo.counts["common-words"], len(index["parts"])


@pytest.mark.parametrize("seed", range(6))
def test_lower_case_words_kept_in_parts_are_the_words_counted_from_scratch(tmp_path, seed) -> None:
    """Builds that add (a part each, no part read), edit, delete and bring stories back: after each,
    the set counted from scratch; a build that only deletes reads the parts the adding builds left."""
    rng = random.Random(seed)
    stories = [_words_story(rng, f"s{i:03d}.txt") for i in range(40)]
    made = len(stories)
    common, counts, parts = _common_through_cache(tmp_path, stories)
    assert (common, counts, parts) == (common_words(stories), [0, 40], 1)
    removed: list[Story] = []
    for build in range(16):
        change = rng.choice(["add", "add", "edit", "delete", "back"])
        before = len(stories)
        if change == "add":
            stories += [_words_story(rng, f"s{made + k:03d}.txt") for k in range(2)]
            made += 2
        elif change == "edit":
            story = rng.choice(stories)
            story.blocks = [Block("p", f"The {rng.choice(VOCABULARY)} edited in build {build}")]
        elif change == "delete":
            removed.append(stories.pop(rng.randrange(len(stories))))
        elif removed:
            stories.append(removed.pop())
        common, counts, parts = _common_through_cache(tmp_path, stories)
        assert common == common_words(stories), (build, change)
        assert sum(counts) == len(stories) and 1 <= parts <= rows.MAX_PARTS
        if change in ("delete", "edit"):  # the words taken off came from the kept parts, not a recount
            assert counts[0] >= before - 1, (build, change, counts)


# --------------------------------------------------------------------------- the ranking of a story's names


def _org_story(source: str, text: str, names: list[str]) -> Story:
    return Story(
        source=source, headline="Harbour news", blocks=[Block("p", text)], entities={"organisations": names}
    )


def _ranked_through_cache(
    tmp_path: Path, stories: list[Story], forms: dict[str, dict]
) -> tuple[list, list[int]]:
    gazetteer = load_gazetteer(None)
    memo = Memo(Cache(tmp_path / "cache"))
    with rows.kept_in(memo):
        ranks = ranked_names.KeptRanks(memo, None)
        got = [ranks(s, gazetteer, forms.get(s.source, {})) for s in stories]
        ranks.keep()
    assert memo.cache is not None
    memo.cache.close()
    want = [rank_names(s, gazetteer, forms.get(s.source, {})) for s in stories]
    assert got == want
    return got, memo.counts["ranked-names"]


def test_names_ranked_through_the_cache_are_ranked_again_when_their_text_names_or_forms_change(
    tmp_path,
) -> None:
    """A story's kept ranking stands only while its text, its names and their other forms are the same:
    here a new story spelling "HKB" out gives an old story's acronym to its name, which then ranks first."""
    names = ["Gull Pier Trust", "Harbour Kite Board"]
    text = "The Gull Pier Trust met. The HKB said no, the HKB asked again and the HKB left."
    stories = [
        _org_story("a.txt", text, names),
        _org_story("b.txt", "The Harbour Kite Board sailed while the Gull Pier Trust watched.", names),
        _org_story("c.txt", "The Gull Pier Trust and the Harbour Kite Board met.", names),
    ]
    first, counts = _ranked_through_cache(tmp_path, stories, {})
    assert counts == [0, 3] and first[0] == names
    spelled = {"a.txt": {"Harbour Kite Board": {"HKB"}}}
    stories[1].blocks = [Block("p", "The Gull Pier Trust sailed; the Gull Pier Trust won.")]  # edited
    stories[2].entities = {"organisations": ["Harbour Kite Board", "Pier Trust"]}  # its names changed
    stories.append(_org_story("d.txt", "The Harbour Kite Board (HKB) grew.", names[1:]))
    again, counts = _ranked_through_cache(tmp_path, stories, spelled)
    assert again[0] == names[::-1]  # the acronym's three mentions count for the Board now
    assert counts == [0, 4]
    _, counts = _ranked_through_cache(tmp_path, stories[1:], spelled)  # a story gone, nothing changed
    assert counts == [3, 0]


def test_names_ranked_at_once_over_the_workers_are_the_ones_ranked_one_by_one(tmp_path) -> None:
    """``KeptRanks.many`` (the names stage's, over two jobs) gives each story what ``rank_names``
    gives it, and keeps the rankings as the one-by-one calls do: the next build ranks only the changed."""
    rng = random.Random(5)
    pool = ["Gull Pier Trust", "Harbour Kite Board", "Quay Rowing Club", "North Mole Forum", "Tide Office"]
    stories = []
    for k in range(400):
        names = rng.sample(pool, 3)
        text = " ".join(f"The {rng.choice(names)} {rng.choice(VOCABULARY)}." for _ in range(6))
        stories.append(_org_story(f"s{k:03d}.txt", text, names))
    forms = [{"Harbour Kite Board": {"HKB"}} if k % 7 == 0 else {} for k in range(len(stories))]
    gazetteer = load_gazetteer(None)
    want = [rank_names(s, gazetteer, f) for s, f in zip(stories, forms, strict=True)]
    for build in range(2):
        memo = Memo(Cache(tmp_path / "cache"), 2)
        with rows.kept_in(memo):
            ranks = ranked_names.KeptRanks(memo, None)
            assert ranks.many(stories, gazetteer, forms) == want
            ranks.keep()
        assert memo.cache is not None
        memo.cache.close()
        assert memo.counts["ranked-names"] == ([0, 400] if build == 0 else [399, 1])
        stories[3].blocks = [Block("p", "The Tide Office closed; the Tide Office opened.")]
        want[3] = rank_names(stories[3], gazetteer, forms[3])
