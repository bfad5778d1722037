"""Word counts made without scikit-learn's per-token loop are scikit-learn's, entry for entry."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer

from conftest import ROOT, examples
from news_digest.enrich.rows import count_terms

# Words of every kind the vectoriser treats apart: stop words in both cases,
# one-letter words, digits, apostrophes, accents, other scripts, punctuation.
WORDS = st.sampled_from(
    [
        "the",
        "The",
        "THE",
        "and",
        "a",
        "I",
        "x",
        "42",
        "2026",
        "don't",
        "O'Neill",
        "Kellhaven",
        "kellhaven",
        "port",
        "Port-side",
        "déjà",
        "Zürich",
        "İstanbul",
        "ǅemal",
        "straße",
        "Москва",
        "東京都",
        "e-mail",
        "U.S.",
        "__init__",
        "_",
        "—",
        "said,",
        "(AP)",
        "\n",
        "\t",
        "",
    ]
)
TEXTS = st.lists(st.lists(WORDS, max_size=12).map(" ".join), min_size=1, max_size=6)
OPTIONS = [
    {"stop_words": "english"},
    {"stop_words": "english", "token_pattern": r"\S+", "lowercase": False},
    {},
    {"lowercase": False},
]


def _sklearn(texts: list[str], options: dict):
    vec = CountVectorizer(dtype=np.float32, **options)
    try:
        x = vec.fit_transform(texts).tocsr()
    except ValueError:
        return None
    x.sort_indices()
    return x, vec.get_feature_names_out().tolist()


def _same(texts: list[str], options: dict) -> None:
    x, terms = count_terms(texts, **options)
    expected = _sklearn(texts, options)
    if expected is None:  # scikit-learn: no vocabulary at all
        assert (x.shape, terms) == ((len(texts), 0), [])
        return
    want, want_terms = expected
    assert terms == want_terms
    assert x.shape == want.shape and x.dtype == want.dtype == np.float32
    assert x.has_sorted_indices
    for a, b in ((x.indptr, want.indptr), (x.indices, want.indices), (x.data, want.data)):
        assert a.dtype == b.dtype and np.array_equal(a, b)


@settings(max_examples=examples(150), deadline=None, derandomize=True)
@given(texts=TEXTS, which=st.integers(0, len(OPTIONS) - 1))
def test_counts_are_scikit_learns(texts, which):
    _same(texts, OPTIONS[which])


@pytest.mark.parametrize("options", OPTIONS[:2])
def test_counts_of_the_demo_stories_are_scikit_learns(options):
    texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted((ROOT / "content" / "scraped").rglob("*.txt"))
    ]
    assert len(texts) > 40
    _same(texts, options)
