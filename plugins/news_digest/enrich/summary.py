"""Extractive summaries: pick the ``n`` most telling sentences of a story.

The method is deliberately simple and explainable. Every sentence gets

    score = position prior            (news puts the point first)
          + similarity to the headline
          + similarity to the story's centroid  (what the story is about)
          - penalties                  (dangling openers, fragments, captions)

and sentences are then taken greedily, best first, each time subtracting
their overlap with the sentences already taken (maximal marginal relevance),
so the summary does not say the same thing twice. Furniture such as "Scroll
down for video", appeals, captions or bylines (``furniture.junk_kind``) is
never a candidate. The chosen sentences are
returned in document order, unchanged apart from stripping a wire dateline
such as ``"London (CNN) -- "``.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable

import numpy as np
from threadpoolctl import ThreadpoolController

from ..furniture import junk_kind
from ..story import Story
from . import stop_words
from .sentences import no_junk, split_sentences, strip_dateline

__all__ = ["add_summaries", "summarise"]

# Weights of the score; chosen on cnndm/ (never on bbc/, which is our
# independent check). The position prior dominates on purpose.
POSITION_WEIGHT = 1.0
POSITION_DECAY = 0.25  # prior = exp(-decay * index): 1.0, 0.78, 0.61, 0.47 ...
HEADLINE_WEIGHT = 0.3
CENTROID_WEIGHT = 0.5
REDUNDANCY_WEIGHT = 0.6
DANGLING_PENALTY = 0.35
QUOTE_PENALTY = 0.1
QUESTION_PENALTY = 0.2  # rhetorical questions tease, they do not tell
CAPTION_PENALTY = 0.5
LONG_PENALTY = 0.25

MIN_WORDS = 6  # shorter is a fragment ("Watch the video.")
DUPLICATE_SIMILARITY = 0.8  # cosine above which a sentence repeats a chosen one
# Fragments and repeats get this knocked off their score: they are taken only
# when the summary would otherwise be empty.
REJECT = 10.0
LONG_WORDS = 45  # longer is often two sentences glued by a lost caption

# Bounded cost whatever the story's size: only the first WINDOW candidate
# sentences are scored, so the arrays below are at most WINDOW x WINDOW and
# WINDOW x (their words). News puts its point first, and stories of up to
# WINDOW sentences (nearly all) are summarised exactly as before. A
# "sentence" longer than MAX_SENTENCE_CHARS is a run-on scrape, never a
# summary.
WINDOW = 150
MAX_SENTENCE_CHARS = 1_000

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = stop_words.english() | {"said", "says", "story", "mr", "mrs", "ms"}

# What is not news (appeals, promos, captions, credits, bylines, video
# stubs, page furniture) is said once, in ``furniture.py``, for the cleaner
# and for summaries alike.
# Photo captions glued into the text ("..., pictured, ...", "(left)").
_CAPTION = re.compile(r"(?i)\b(?:pictured|\((?:left|right|centre|center|above|below|shown|inset)\))")
# Sentences whose opening word points back to something the reader has not
# seen when the sentence stands alone.
_DANGLING = re.compile(
    r"""(?x)^[\"'“‘(]?(?:
        He|She|They|It|This|These|Those|That|His|Her|Their|Its|Them|Him
        | But|However|Also|Meanwhile|And|Or|So|Yet|Still|Instead|Then|Such|Nevertheless
        | Moreover|Furthermore|Besides|Nonetheless|Otherwise|Thus|Hence|There
        | The\s+(?:company|firm|group|man|woman|couple|pair|move|decision|report|club|latter|former|same)
    )\b"""
)
_QUOTES = "\"'“‘"


class _Normalised(dict[str, str]):
    """Token -> normalised content word ("" for a stop word), each worked out once.

    Memoised because news vocabulary is small and the same words recur in
    every story; a miss goes through ``__missing__``, so a hit is one lookup in C.
    """

    def __missing__(self, tok: str) -> str:
        if tok in _STOP or len(tok) < 2:
            norm = ""
        elif len(tok) > 4 and tok.endswith("s") and not tok.endswith("ss"):
            norm = tok[:-1]  # a crude plural cut: "talks" meets "talk"
        else:
            norm = tok
        if len(self) >= _NORMALISED_MAX:
            self.clear()
        self[tok] = norm
        return norm


_NORMALISED = _Normalised()
_NORMALISED_MAX = 200_000


def _tokens(raw: list[str]) -> list[str]:
    """Content words of a list of lowercase raw tokens."""
    return list(filter(None, map(_NORMALISED.__getitem__, raw)))


def _vectors(token_lists: list[list[str]], idf_rows: int) -> np.ndarray:
    """L2-normalised TF-IDF rows; IDF counts only the first ``idf_rows`` rows.

    IDF is over the story's own sentences, so no archive-wide state is needed.
    """
    rows = len(token_lists)
    flat = [t for toks in token_lists for t in toks]
    if not flat:
        return np.zeros((rows, 1))
    row_of = np.repeat(np.arange(rows), [len(toks) for toks in token_lists])
    # The columns in the words' sorted order, as ``np.unique`` gave them (a dict
    # and Python's sort of a few hundred words cost a fraction of NumPy's string array).
    vocab = sorted(set(flat))
    column = {word: i for i, word in enumerate(vocab)}
    col_of = np.fromiter(map(column.__getitem__, flat), np.intp, len(flat))
    width = len(vocab)
    counts = np.bincount(row_of * width + col_of, minlength=rows * width)
    # Sublinear tf keeps one repeated word from dominating a sentence.
    mat = np.log1p(counts.reshape(rows, width).astype(float))
    df = np.count_nonzero(mat[:idf_rows], axis=0)
    mat *= np.log((1 + idf_rows) / (1 + df)) + 1.0
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return mat / norms


def _clean(sentence: str) -> str:
    """Strip a wire dateline in any of its forms; the rest of the sentence is kept as written."""
    return strip_dateline(sentence)


def _candidates(paragraphs: Iterable[str]) -> tuple[list[str], list[list[str]]]:
    """Sentences of the body in order, furniture and repeats dropped.

    Returns the sentences and their raw lowercase tokens: at most
    :data:`WINDOW` of them, none longer than :data:`MAX_SENTENCE_CHARS`.
    """
    seen: set[tuple[str, ...]] = set()
    sents: list[str] = []
    raws: list[list[str]] = []
    for para in paragraphs:
        if len(sents) >= WINDOW:
            break
        # Cleaning judged the sentences of most paragraphs already: its verdict stands for
        # a sentence as it split it (no dateline taken off here).
        news = no_junk(para)
        for split in split_sentences(para):
            if len(sents) >= WINDOW:
                break
            if len(split) > MAX_SENTENCE_CHARS:
                continue
            sent = _clean(split)
            raw = _TOKEN.findall(sent.lower())
            key = tuple(raw)
            if not key or key in seen or (not (news and sent == split) and junk_kind(sent)):
                continue
            seen.add(key)
            sents.append(sent)
            raws.append(raw)
    return sents, raws


def summarise(paragraphs: list[str], headline: str, n: int) -> list[str]:
    """Return up to ``n`` sentences of ``paragraphs`` in document order."""
    if n <= 0:
        return []
    sents, raws = _candidates(paragraphs)
    if len(sents) <= n:
        whole = [s for s, r in zip(sents, raws, strict=True) if len(r) >= MIN_WORDS]
        return whole or sents
    toks = [_tokens(r) for r in raws]
    # Headline goes last so that it does not count towards the IDF.
    vecs = _vectors([*toks, _tokens(_TOKEN.findall(headline.lower()))], idf_rows=len(toks))
    sent_vecs, head_vec = vecs[:-1], vecs[-1]

    centroid = sent_vecs.sum(axis=0)
    norm = np.linalg.norm(centroid)
    if norm:
        centroid /= norm
    size = len(sents)
    base = (
        POSITION_WEIGHT * np.exp(-POSITION_DECAY * np.arange(size))
        + HEADLINE_WEIGHT * (sent_vecs @ head_vec)
        + CENTROID_WEIGHT * (sent_vecs @ centroid)
    )
    base -= np.fromiter((_penalty(s, r) for s, r in zip(sents, raws, strict=True)), float, size)
    # A dangling opener is penalised until its antecedent sentence is chosen.
    dangling = np.fromiter((bool(_DANGLING.match(s)) for s in sents), float, size) * DANGLING_PENALTY
    dangling[0] = 0.0  # the opening sentence has nothing to dangle from
    base -= dangling

    sims = sent_vecs @ sent_vecs.T
    overlap = np.zeros(size)  # similarity to the closest chosen sentence
    chosen: list[int] = []
    for _ in range(n):
        adjusted = base - REDUNDANCY_WEIGHT * overlap
        best = int(np.argmax(adjusted))
        if chosen and adjusted[best] < -REJECT / 2:
            break  # only fragments and repeats are left: a shorter summary is better
        chosen.append(best)
        overlap = np.maximum(overlap, sims[best])
        base[sims[best] > DUPLICATE_SIMILARITY] -= REJECT
        if best + 1 < size:
            base[best + 1] += dangling[best + 1]
        base[best] = -math.inf
    return [sents[i] for i in sorted(chosen)]


def _penalty(sent: str, raw: list[str]) -> float:
    """Static penalties of one sentence (its word tokens are ``raw``)."""
    words = len(raw)
    if words < MIN_WORDS:
        return REJECT  # a fragment
    penalty = LONG_PENALTY if words > LONG_WORDS else 0.0
    if sent[0] in _QUOTES:
        penalty += QUOTE_PENALTY
    if sent.rstrip("\"'”’)").endswith("?"):
        penalty += QUESTION_PENALTY
    if ("pictured" in raw or "(" in sent) and _CAPTION.search(sent):
        penalty += CAPTION_PENALTY
    return penalty


def add_summaries(stories: list[Story], n: int) -> None:
    """Set ``story.summary`` from the editor's sidecar or from ``summarise``."""
    # One BLAS thread: a story's matrices are small, and BLAS's own threads
    # (one per core, in each worker) mostly spun waiting for each other: half
    # the stage's CPU on real scrapes (4.6 -> 2.4 CPU s for 1,384 stories).
    # The same summaries, and none that depend on the machine's core count.
    with _blas().limit(limits=1, user_api="blas"):
        _add_summaries(stories, n)


@functools.cache
def _blas() -> ThreadpoolController:
    """The loaded thread pools, found once a process (0.85 ms a search; a search a batch of stories)."""
    return ThreadpoolController()


def _add_summaries(stories: list[Story], n: int) -> None:
    for story in stories:
        if not story.ok or story.summary_by_editor:
            continue
        editor = story.sidecar.get("summary")
        if isinstance(editor, str) and editor.strip():
            story.summary = " ".join(editor.split())
            story.summary_by_editor = True
            continue
        picked = summarise(story.paragraphs, story.headline, n)
        story.summary = " ".join(picked) if picked else None
