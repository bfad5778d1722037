"""A small rule-based sentence splitter for English news text.

No model, no download: we look at every ``.``/``!``/``?``/ellipsis that is
followed by white space and decide from the word before it (abbreviation,
initial, dotted acronym) and the word after it (lowercase, digit, common
sentence starter) whether a sentence ends there.
"""

from __future__ import annotations

import re

__all__ = ["split_sentences"]


def _words(text: str) -> frozenset[str]:
    """A word list written as white-space separated text."""
    return frozenset(text.split())


# A candidate boundary: terminators, then any closing quotes/brackets, then
# white space (or the end of the text). Decimals like 3.5 and 1,000.50 never
# match because no white space follows their dot.
_BOUNDARY = re.compile(r"(\.{2,}|…|[.!?]+)([\"'”’)\]»]*)(\s+|$)")

# Blank lines are paragraph breaks: always a sentence boundary.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

_OPENERS = "\"'“‘([«"
_WORD_AFTER = re.compile(r"\s*([^\s]+)")
_TRAILING_PUNCT = re.compile(r"\W+$")

# Titles always precede a name, so a dot after them never ends a sentence.
_TITLES = _words(
    """mr mrs ms mx dr prof gen sen rep st gov lt col capt cpt sgt rev hon mt
    ft pres supt insp det cmdr adm maj brig cpl pte fr messrs mme mlle rt
    gov't sens reps"""
)

# Abbreviations that may or may not end a sentence: split only if the next
# word looks like a sentence starter (see _STARTERS).
_WEAK = _words(
    """inc corp ltd co plc jr sr bros dept est govt etc al vs viz cf approx
    ca assn univ ave blvd rd hwy intl natl cos"""
)

# Month abbreviations: "Dec. 15" never splits; "in Dec. The ..." may.
_MONTHS = _words(
    """jan feb mar apr jun jul aug sep sept oct nov dec"""
)

# Only abbreviations when a number follows ("No. 10", "Vol. 3", "pp. 4").
_BEFORE_NUMBER = _words(
    """no nos vol vols pp p fig figs art arts para ch sec op"""
)

# Words that usually open a sentence; after a weak abbreviation
# ("... in the U.S. The company ...") they tip the balance towards a split.
_STARTERS = _words(
    """the a an he she it they we i you this that these those there here his
    her its their our my your but and or so yet however meanwhile also
    still then if when while after before as in on at for by with from
    since although though because what who why how where which one some
    many most all no other another both each such last next earlier later
    now today yesterday instead despite according mr mrs ms dr"""
)

# Speech verbs: '"Why?" Smith asked.' is one sentence.
_SPEECH = re.compile(
    r"\s*\S+(?:\s+\S+)?\s+(?:said|says|asked|asks|told|added|replied|wrote|shouted|insisted)\b"
)

_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")


def _word_before(text: str, end: int) -> str:
    """The word right before position ``end``, without opening punctuation.

    Blocks arrive with white space collapsed to single spaces, so the word
    starts after the last space (a regex searching backwards would be O(n)).
    """
    if end == 0 or text[end - 1] == " ":
        return ""
    return text[text.rfind(" ", 0, end) + 1 : end].lstrip(_OPENERS)


def _word_after(text: str, start: int) -> str:
    """The next word from ``start``, without opening punctuation."""
    m = _WORD_AFTER.match(text, start)
    return m.group(1).lstrip(_OPENERS) if m else ""


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    """Decide whether the candidate match ``m`` ends a sentence."""
    if m.end() >= len(text):
        return True
    term, closers = m.group(1), m.group(2)
    nxt = _word_after(text, m.end())
    if not nxt:
        return True
    first = next((c for c in nxt if c.isalnum()), "")
    # A lowercase continuation never starts a sentence: '"Sure?" she asked.',
    # "e.g. the", "and so on... and then".
    if first.islower():
        return False
    bare_next = _TRAILING_PUNCT.sub("", nxt).lower()

    if set(term) <= {"?", "!"}:
        # '"Why?" Smith asked.' -- a name followed by a speech verb.
        return not (closers and bare_next not in _STARTERS and _SPEECH.match(text, m.end()))
    if term != ".":
        return True  # ellipsis, "?!", "!!" followed by a capital: new sentence

    if closers:
        # 'He said "we will win." Then ...' -- the quote/bracket closes the
        # sentence; an abbreviation inside brackets is rare enough to ignore.
        return True

    word = _word_before(text, m.start())
    low = word.lower().rstrip(".")
    starter = bare_next in _STARTERS

    if not word:
        return True  # " . " as in scraped text: "Scroll down for video ."
    if low in _TITLES:
        return False
    if low in _BEFORE_NUMBER and first.isdigit():
        return False
    if low in _MONTHS:
        return not first.isdigit() and starter
    if low in _WEAK or _DOTTED.match(word):
        # Dotted acronyms (U.S., U.K., e.g., a.m.), company suffixes.
        return starter
    if len(low) == 1 and word[0].isalpha():
        # An initial ("J. R. Smith"); "Plan B. The ..." still splits.
        return starter
    return True


def _split_block(text: str) -> list[str]:
    """Split one paragraph-like block into sentences."""
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if _is_boundary(text, m):
            end = m.start(3)
            piece = text[start:end].strip()
            if piece:
                out.append(piece)
            start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into stripped, non-empty sentences."""
    if not text or not text.strip():
        return []
    sentences: list[str] = []
    for block in _PARAGRAPH_BREAK.split(text):
        # Inside a paragraph a single newline is just wrapping.
        sentences.extend(_split_block(" ".join(block.split())))
    # Drop pieces that carry no letter or digit (stray ". ." in scraped text).
    return [s for s in sentences if any(c.isalnum() for c in s)]
