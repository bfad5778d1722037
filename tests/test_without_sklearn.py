"""The build's own row normalisation, shingle hashing and stop words are scikit-learn's, bit for bit.

A build does not import scikit-learn (its ``__init__`` imports ``scipy.stats``:
about a second of CPU in every build); the pipeline does these three things
itself. scikit-learn stays a test dependency to prove them the same.
"""

from __future__ import annotations

import subprocess
import sys
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
    CountVectorizer,
    HashingVectorizer,
    TfidfVectorizer,
)
from sklearn.preprocessing import normalize

from conftest import ROOT, examples
from news_digest.enrich import fold, stop_words
from news_digest.enrich.rows import count_terms
from news_digest.enrich.unit_rows import l2_normalize
from news_digest.learned import tfidf_rows


def _identical(a, b) -> None:
    assert type(a) is type(b) and a.shape == b.shape and a.dtype == b.dtype
    for x, y in ((a.indptr, b.indptr), (a.indices, b.indices), (a.data, b.data)):
        assert x.dtype == y.dtype and x.tobytes() == y.tobytes()


def pairwise_bounds(x: sparse.csr_matrix):
    """Each row's (start, end) in the stored entries."""
    return pairwise(x.indptr.tolist())


def _wide_range(seed: int, rows: int, cols: int, density: float, dtype) -> sparse.csr_matrix:
    """Values spread over many orders of magnitude: the order of the additions shows in the last bit."""
    rng = np.random.default_rng(seed)
    x = sparse.random(rows, cols, density=density, format="csr", dtype=np.float64, random_state=seed)
    x.data *= np.exp(rng.normal(0.0, 8.0, len(x.data))) * rng.choice([-1.0, 1.0], len(x.data))
    return x.astype(dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("seed", range(6))
def test_l2_normalize_is_scikit_learns(seed, dtype):
    x = _wide_range(seed, 40, 2_000, 0.3, dtype)
    for row in (5, 9):  # an empty row, and rows of stored zeros, are left as they are
        x.data[x.indptr[row] : x.indptr[row + 1]] = 0.0
    x.eliminate_zeros()
    x.data[x.indptr[12] : x.indptr[13]] = 0.0
    x.data[::7] = 0.0  # explicit zeros stay stored
    _identical(l2_normalize(x), normalize(x))


def test_the_order_of_the_additions_matters_on_these_rows():
    """The comparison above can fail: adding the squares in pairs (NumPy's sums) gives other norms."""
    x = _wide_range(1, 40, 2_000, 0.3, np.float64)
    squares = x.data * x.data
    pairwise = np.sqrt(np.add.reduceat(squares, x.indptr[:-1]))
    scikit = normalize(x)
    in_order = np.array([np.sqrt(sum(squares[a:b].tolist())) for a, b in pairwise_bounds(x)])
    assert (pairwise != in_order).sum() > 5
    divided = (x.data / np.repeat(pairwise, np.diff(x.indptr))).tobytes()
    assert divided != scikit.data.tobytes()


def test_l2_normalize_other_inputs():
    rng = np.random.default_rng(3)
    counts = sparse.csr_matrix(rng.integers(0, 3, size=(30, 50)))  # integers become float64
    _identical(l2_normalize(counts), normalize(counts))
    coo = sparse.coo_matrix(
        (rng.random(60).astype(np.float32), (rng.integers(0, 8, 60), rng.integers(0, 9, 60))), shape=(8, 9)
    )
    _identical(l2_normalize(coo), normalize(coo))  # duplicates summed as scikit-learn's CSR does
    array = sparse.csr_array(_wide_range(4, 10, 100, 0.5, np.float32))
    _identical(l2_normalize(array), normalize(array))
    unsorted = _wide_range(5, 6, 40, 0.5, np.float64)
    unsorted.indices = unsorted.indices.copy()
    for a, b in pairwise_bounds(unsorted):
        unsorted.indices[a:b] = unsorted.indices[a:b][::-1].copy()
        unsorted.data[a:b] = unsorted.data[a:b][::-1].copy()
    unsorted.has_sorted_indices = False
    _identical(l2_normalize(unsorted), normalize(unsorted))
    x = _wide_range(6, 5, 20, 0.5, np.float64)
    before = x.data.copy()
    l2_normalize(x)
    assert np.array_equal(x.data, before)  # a copy, as scikit-learn's


def test_l2_normalize_refuses_what_scikit_learn_refuses():
    for bad in (sparse.csr_matrix((0, 4)), sparse.csr_matrix((3, 0))):
        with pytest.raises(ValueError):
            normalize(bad)
        with pytest.raises(ValueError):
            l2_normalize(bad)
    nan = sparse.csr_matrix(np.array([[1.0, np.nan], [0.0, 2.0]]))
    with pytest.raises(ValueError):
        normalize(nan)
    with pytest.raises(ValueError):
        l2_normalize(nan)


def _hashing(texts: list[str]) -> sparse.csr_matrix:
    """What fold hashed with before: scikit-learn's vectoriser, its indices sorted."""
    vectoriser = HashingVectorizer(
        analyzer="word",
        ngram_range=(fold.SHINGLE_WORDS, fold.SHINGLE_WORDS),
        token_pattern=fold._TOKEN.pattern,
        lowercase=True,
        n_features=fold.HASH_BUCKETS,
        alternate_sign=False,
        binary=True,
        norm=None,
        dtype=np.float32,
    )
    x = vectoriser.transform(texts).tocsr()
    x.sort_indices()
    return x


def test_shingles_of_the_demo_stories_are_scikit_learns():
    texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted((ROOT / "content" / "scraped").rglob("*.txt"))
    ]
    assert len(texts) > 40
    texts += ["", "four words only here", "Five words, and five again? five words and five again!"]
    ours = fold.shingle_matrix(texts)
    _identical(ours, _hashing(texts))
    assert ours.has_sorted_indices and ours.nnz > 1_000


WORDS = st.sampled_from(
    [
        *("the", "The", "port", "Port-side", "déjà", "Zürich", "İstanbul", "straße", "Москва", "東京都"),
        *("42", "don't", "U.S.", "_", "—", "said,", "\n", "", "ǅemal", "e\u0301", "x" * 40),
    ]
)


@settings(max_examples=examples(120), deadline=None, derandomize=True)
@given(texts=st.lists(st.lists(WORDS, max_size=30).map(" ".join), min_size=1, max_size=5))
def test_shingles_are_scikit_learns(texts):
    _identical(fold.shingle_matrix(texts), _hashing(texts))


def _tfidf(texts: list[str]):
    try:
        return TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts).tocsr()
    except ValueError:  # no vocabulary at all
        return None


def test_tfidf_of_the_demo_stories_is_scikit_learns():
    """Learned furniture's TF-IDF rows: the same numbers, stored in the same order (the norms follow it)."""
    texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted((ROOT / "content" / "scraped").rglob("*.txt"))
    ]
    want = _tfidf(texts)
    assert not want.has_sorted_indices  # scikit-learn's own order, which the sums must follow
    _identical(tfidf_rows(texts), want)


@settings(max_examples=examples(120), deadline=None, derandomize=True)
@given(texts=st.lists(st.lists(WORDS, max_size=30).map(" ".join), min_size=1, max_size=5))
def test_tfidf_is_scikit_learns(texts):
    want = _tfidf(texts)
    if want is None:
        assert tfidf_rows(texts) is None
    else:
        _identical(tfidf_rows(texts), want)


def test_counts_in_first_seen_order_are_scikit_learns():
    texts = ["zebra apple zebra mango", "mango kiwi apple the", "kiwi zebra"]
    want = CountVectorizer(stop_words="english", dtype=np.float32).fit_transform(texts).tocsr()
    x, terms = count_terms(texts, stop_words="english", first_seen_order=True)
    _identical(x, want)
    assert terms == ["apple", "kiwi", "mango", "zebra"] and x.indices.tolist() == [3, 0, 2, 0, 2, 1, 3, 1]


def test_stop_words_are_scikit_learns():
    assert stop_words.english() == ENGLISH_STOP_WORDS
    assert isinstance(stop_words.english(), frozenset) and stop_words._from_file() == ENGLISH_STOP_WORDS


def test_the_pipeline_does_not_import_scikit_learn():
    """Every module of the plugin and a whole pipeline run over the demo, in a fresh interpreter."""
    code = (
        "import sys, pkgutil, importlib, news_digest\n"
        "from pathlib import Path\n"
        "for m in pkgutil.walk_packages(news_digest.__path__, 'news_digest.'):\n"
        "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
        "from news_digest import pipeline\n"
        "from news_digest.settings import DigestSettings\n"
        "from pelican.settings import read_settings\n"
        f"s = read_settings({str(ROOT / 'pelicanconf.py')!r}, override={{'PATH': {str(ROOT / 'content')!r}}})\n"
        "stories = pipeline.run_pipeline(DigestSettings.from_pelican(s))\n"
        "assert sum(st.ok for st in stories) > 40\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn' or m == 'scipy.stats'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
