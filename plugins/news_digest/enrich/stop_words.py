"""scikit-learn's English stop words, without importing scikit-learn.

Any ``import sklearn...`` runs the package's ``__init__``, which imports
``scipy.stats`` (about a second of CPU, in every build, cold or warm). The
list itself is one plain module in the installed package
(``sklearn/feature_extraction/_stop_words.py``, a ``frozenset`` literal and
no imports): it is read from there on its own, so the words are exactly the
installed version's. If the package lays its files out otherwise one day,
the ordinary import is used.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

_FILE = Path("feature_extraction") / "_stop_words.py"


@cache
def english() -> frozenset[str]:
    """``sklearn.feature_extraction.text.ENGLISH_STOP_WORDS``, as a frozenset."""
    words = _from_file()
    if words is None:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        words = frozenset(ENGLISH_STOP_WORDS)
    return words


def _from_file() -> frozenset[str] | None:
    package = importlib.util.find_spec("sklearn")  # finds the package without running it
    if package is None or not package.submodule_search_locations:
        return None
    for folder in package.submodule_search_locations:
        path = Path(folder) / _FILE
        if not path.is_file():
            continue
        spec = importlib.util.spec_from_file_location("news_digest.enrich._sklearn_stop_words", path)
        if spec is None or spec.loader is None:
            return None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        words = getattr(module, "ENGLISH_STOP_WORDS", None)
        return frozenset(words) if isinstance(words, frozenset) else None
    return None
