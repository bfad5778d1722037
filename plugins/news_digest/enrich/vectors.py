"""TF-IDF word vectors of the published stories, computed once per build.

Events and related links read the same vectors (headline and cleaned text,
sublinear tf, English stop words). Each story's IDF counts the stories up
to its own day only (:mod:`.horizon`), so a day's new stories leave the
vectors of older days as they were. Vectorising is the costly part of both
stages, so the matrix is kept for the set of stories it was fitted on and
handed out in whatever row order a caller asks for. The key holds every
story's source, date and a checksum of its text (in a build with a cache, its
:func:`.rows.story_id`), so an edited story is never served stale rows.
The word counts behind it are kept between builds (:mod:`.rows`).
"""

from __future__ import annotations

import zlib

from scipy import sparse

from ..story import Story
from . import horizon
from .rows import current_memo, story_ids, term_counts

_cache: dict[frozenset[tuple[str, int | str, int]], tuple[sparse.csr_matrix, dict[str, int], list[str]]] = {}
"""(source, text checksum or :func:`.rows.story_id`, day) of each story -> its matrix, vocabulary, terms."""


WORDS = "words"
"""The kind of the word counts' rows (:mod:`.rows`); folding makes them beside its shingles (:mod:`.fold`)."""

WORDS_OPTIONS = {"stop_words": "english"}
"""How the words are counted (:func:`.rows.term_counts`' options)."""


def story_text(s: Story) -> str:
    """What the vectoriser reads: headline, then the cleaned paragraphs."""
    return f"{s.headline}\n\n{s.body_text}"


def _fit(stories: list[Story]) -> tuple[sparse.csr_matrix, list[str]]:
    """L2-normalised TF-IDF rows, one per story (empty rows when no vocabulary), and the column terms."""
    counts, terms = term_counts(stories, WORDS, story_text, **WORDS_OPTIONS)
    return horizon.tfidf(counts, horizon.day_numbers([s.date for s in stories])), terms


def word_vectors(stories: list[Story]) -> sparse.csr_matrix:
    """One TF-IDF row per story, in the order given.

    Each row's IDF is fitted on these stories up to its day (:func:`.horizon.tfidf`);
    a second call with the same stories (any order) reuses the first call's matrix.
    """
    return word_vectors_and_terms(stories)[0]


def word_vectors_and_terms(stories: list[Story]) -> tuple[sparse.csr_matrix, list[str]]:
    """:func:`word_vectors` and the term of each column (none when there is no vocabulary)."""
    if current_memo() is not None:
        # A build's stories have their ids already (rows.story_ids: the folding stage made them),
        # and an id names everything story_text reads: no text is joined again to key the matrix.
        sums: list[int] | list[str] = story_ids(stories)
    else:
        sums = [zlib.crc32(story_text(s).encode("utf-8", "surrogatepass")) for s in stories]
    days = [s.date.toordinal() if s.date else -1 for s in stories]
    key = frozenset(zip((s.source for s in stories), sums, days, strict=True))
    hit = _cache.get(key)
    if hit is None or len(key) != len(stories):
        matrix, terms = _fit(stories)
        if len(key) == len(stories):  # sources are unique: the rows can be found again
            _cache.clear()  # one archive per build: keep only the latest set
            _cache[key] = (matrix, {s.source: i for i, s in enumerate(stories)}, terms)
        return matrix.copy(), terms  # callers may sort or prune in place
    matrix, row, terms = hit
    return matrix[[row[s.source] for s in stories]], terms


def clear_cache() -> None:
    """Forget the vectors (called when a build's enrichment ends)."""
    _cache.clear()
