"""Extractive summaries: pick the ``n`` most telling sentences of a story.

The method is deliberately simple and explainable. Every sentence gets

    score = position prior            (news puts the point first)
          + similarity to the headline
          + similarity to the story's centroid  (what the story is about)
          - penalties                  (dangling openers, fragments, captions)

and sentences are then taken greedily, best first, each time subtracting
their overlap with the sentences already taken (maximal marginal relevance),
so the summary does not say the same thing twice. Furniture such as "Scroll
down for video" or bylines is never a candidate. The chosen sentences are
returned in document order, unchanged apart from stripping a wire dateline
such as ``"London (CNN) -- "``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from news_digest.enrich.sentences import split_sentences
from news_digest.story import Story

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
LONG_WORDS = 45  # longer is often two sentences glued by a lost caption

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "story", "mr", "mrs", "ms"}

# Lines that are page furniture, not news.
_FURNITURE = re.compile(
    r"""(?ix)
    scroll\s+down | click\s+here | read\s+more\b | see\s+also\b | sign\s+up\b
    | subscribe\b | follow\s+(?:us|me|@) | share\s+this | all\s+rights\s+reserved
    | copyright\b | ^\s*by\s*[.:]? [\s.]* [A-Z]? .{0,60}reporter\b
    | ^\s*by\s*\.\s | published\s*:\s | updated\s*:\s | last\s+updated
    | ^\s*(?:photo|image|video|watch|pictured|caption|source)\s*: | ^\s*advertisement\b
    """
)
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
_OPENS_QUOTE = re.compile(r"^[\"'“‘]")
# Wire datelines: "London (CNN) -- ", "(CNN)", "WASHINGTON (Reuters) - ".
_DATELINE = re.compile(
    r"^(?:[A-Z][\w .,'’-]{0,40}?\s*)?\((?:CNN|AP|Reuters|AFP|UPI)\)\s*(?:--|—|–|-)?\s*"
)


def _tokens(text: str) -> list[str]:
    """Lowercase content words; a crude suffix cut lets "talks" meet "talk"."""
    out = []
    for tok in _TOKEN.findall(text.lower()):
        if tok in _STOP or len(tok) < 2:
            continue
        if len(tok) > 4 and tok.endswith("s") and not tok.endswith("ss"):
            tok = tok[:-1]
        out.append(tok)
    return out


def _vectors(token_lists: list[list[str]], idf_rows: int) -> np.ndarray:
    """L2-normalised TF-IDF rows; IDF counts only the first ``idf_rows`` rows.

    IDF is over the story's own sentences, so no archive-wide state is needed.
    """
    vocab: dict[str, int] = {}
    for toks in token_lists:
        for t in toks:
            vocab.setdefault(t, len(vocab))
    mat = np.zeros((len(token_lists), max(len(vocab), 1)))
    for i, toks in enumerate(token_lists):
        for t in toks:
            mat[i, vocab[t]] += 1.0
    # Sublinear tf keeps one repeated word from dominating a sentence.
    np.log1p(mat, out=mat)
    df = np.count_nonzero(mat[:idf_rows], axis=0)
    idf = np.log((1 + idf_rows) / (1 + df)) + 1.0
    mat *= idf
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return mat / norms


def _clean(sentence: str) -> str:
    """Strip a wire dateline; the rest of the sentence is kept as written."""
    return _DATELINE.sub("", sentence, count=1).strip()


def _candidates(paragraphs: Iterable[str]) -> list[str]:
    """All sentences of the body in order, furniture dropped, no duplicates."""
    seen: set[str] = set()
    out: list[str] = []
    for para in paragraphs:
        for sent in split_sentences(para):
            sent = _clean(sent)
            key = " ".join(_TOKEN.findall(sent.lower()))
            if not key or key in seen or _FURNITURE.search(sent):
                continue
            seen.add(key)
            out.append(sent)
    return out


def summarise(paragraphs: list[str], headline: str, n: int) -> list[str]:
    """Return up to ``n`` sentences of ``paragraphs`` in document order."""
    if n <= 0:
        return []
    sents = _candidates(paragraphs)
    if len(sents) <= n:
        return sents
    toks = [_tokens(s) for s in sents]
    n_words = np.array([len(s.split()) for s in sents])
    # Headline goes last so that it does not count towards the IDF.
    vecs = _vectors([*toks, _tokens(headline)], idf_rows=len(toks))
    sent_vecs, head_vec = vecs[:-1], vecs[-1]

    centroid = sent_vecs.sum(axis=0)
    norm = np.linalg.norm(centroid)
    if norm:
        centroid /= norm
    position = np.exp(-POSITION_DECAY * np.arange(len(sents)))
    score = (
        POSITION_WEIGHT * position
        + HEADLINE_WEIGHT * (sent_vecs @ head_vec)
        + CENTROID_WEIGHT * (sent_vecs @ centroid)
    )

    # Static penalties.
    score -= LONG_PENALTY * (n_words > LONG_WORDS)
    score -= QUOTE_PENALTY * np.array([bool(_OPENS_QUOTE.match(s)) for s in sents])
    score -= QUESTION_PENALTY * np.array([s.rstrip("\"'”’)").endswith("?") for s in sents])
    score -= CAPTION_PENALTY * np.array([bool(_CAPTION.search(s)) for s in sents])
    dangling = np.array([bool(_DANGLING.match(s)) for s in sents])
    dangling[0] = False  # the opening sentence has nothing to dangle from
    # Fragments are only used if nothing else is left.
    score[n_words < MIN_WORDS] -= 10.0

    sims = sent_vecs @ sent_vecs.T
    chosen: list[int] = []
    for _ in range(n):
        adjusted = score.copy()
        if chosen:
            adjusted -= REDUNDANCY_WEIGHT * sims[:, chosen].max(axis=1)
        # A dangling opener is fine right after its antecedent sentence.
        has_context = np.zeros(len(sents), dtype=bool)
        for c in chosen:
            if c + 1 < len(sents):
                has_context[c + 1] = True
        adjusted -= DANGLING_PENALTY * (dangling & ~has_context)
        adjusted[chosen] = -math.inf
        chosen.append(int(np.argmax(adjusted)))
    return [sents[i] for i in sorted(chosen)]


def add_summaries(stories: list[Story], n: int) -> None:
    """Set ``story.summary`` from the editor's sidecar or from ``summarise``."""
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
