"""A small rule-based sentence splitter for English news text.

No model, no download: we look at every ``.``/``!``/``?``/ellipsis that is
followed by white space and decide from the word before it (abbreviation,
initial, dotted acronym) and the word after it (lowercase, digit, common
sentence starter) whether a sentence ends there.
"""

from __future__ import annotations

import re
from array import array

from .. import lexicon

__all__ = ["split_sentences"]


# A candidate boundary: terminators, then any closing quotes/brackets, then
# white space (or the end of the text). Decimals like 3.5 and 1,000.50 never
# match because no white space follows their dot.
# (One character class first: much faster to scan than an alternation. It
# is spelt "[...][...]*", not "[...]+": a pattern that opens with a plain
# class (a repeat of one does not count) lets Python's engine skip to the
# next terminator instead of trying a match at every character; 2.3 times
# faster over real paragraphs.)
_BOUNDARY = re.compile(r"([.!?…][.!?…]*)([\"'”’)\]»]*)(\s+|$)")
_HAS_ALNUM = re.compile(r"[^\W_]")

# Blank lines are paragraph breaks: always a sentence boundary.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

_OPENERS = "\"'“‘([«"
_WORD_AFTER = re.compile(r"\s*([^\s]+)")
_TRAILING_PUNCT = re.compile(r"\W+$")
_NEXT_ALNUM = re.compile(r"[^\w\s]*([^\W_])")

# The word lists live in ``news_digest/lexicon`` (lower case here).
# Titles always precede a name, so a dot after them never ends a sentence;
# nor does the dot of "St.", "Mt.", "Ft." in place names.
_TITLES = lexicon.ABBREVIATED_TITLES | lexicon.PLACE_ABBREVIATIONS

# Abbreviations that may or may not end a sentence: split only if the next
# word looks like a sentence starter (see _STARTERS). US state abbreviations
# in datelines ("Austin, Tex.") are among them.
_WEAK = lexicon.WEAK_ABBREVIATIONS

# Month abbreviations: "Dec. 15" never splits; "in Dec. The ..." may.
_MONTHS = lexicon.MONTH_ABBREVIATIONS

# Only abbreviations when a number follows ("No. 10", "Vol. 3", "pp. 4").
_BEFORE_NUMBER = lexicon.ABBREVIATIONS_BEFORE_NUMBER

# Every word whose dot may not end a sentence (the fast path skips the rest).
_ABBREVIATIONS = _TITLES | _WEAK | _MONTHS | _BEFORE_NUMBER

# Words that usually open a sentence; after a weak abbreviation
# ("... in the U.S. The company ...") they tip the balance towards a split.
_STARTERS = lexicon.SENTENCE_STARTERS

# Speech verbs: '"Why?" Smith asked.' is one sentence.
_SPEECH = re.compile(
    r"\s*\S+(?:\s+\S+)?\s+(?:" + "|".join(sorted(lexicon.SPEECH_VERBS, key=lambda w: (-len(w), w))) + r")\b"
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
    after = m.end()
    if after >= len(text):
        return True
    # The first letter or digit of the next word ("$5" -> "5", '"We' -> "W").
    first = text[after]
    if not first.isalnum():
        found = _NEXT_ALNUM.match(text, after)
        first = found.group(1) if found else ""
    # A lowercase continuation never starts a sentence: '"Sure?" she asked.',
    # "e.g. the", "and so on... and then".
    if first.islower():
        return False
    term, closers = m.group(1), m.group(2)

    if term in ("?", "!") or set(term) <= {"?", "!"}:
        # '"Why?" Smith asked.' -- a name followed by a speech verb.
        return not (closers and not _next_is_starter(text, after) and _SPEECH.match(text, after))
    if term != "." or closers:
        # Ellipsis, "?!" followed by a capital; or 'He said "we will win." Then':
        # the quote/bracket closes the sentence (an abbreviation inside
        # brackets is rare enough to ignore).
        return True

    word = _word_before(text, m.start())
    if not word:
        return True  # " . " as in scraped text: "Scroll down for video ."
    low = word.lower().rstrip(".")
    if low not in _ABBREVIATIONS and len(low) > 1 and "." not in low:
        return True  # the common case: an ordinary word ends the sentence
    if low in _TITLES:
        return False
    if low in _BEFORE_NUMBER and first.isdigit():
        return False
    if low in _MONTHS:
        return not first.isdigit() and _next_is_starter(text, after)
    if low in _WEAK or _DOTTED.match(word):
        # Dotted acronyms (U.S., U.K., e.g., a.m.), company suffixes.
        return _next_is_starter(text, after)
    if len(low) == 1 and word[0].isalpha():
        # An initial ("J. R. Smith"); "Plan B. The ..." still splits.
        return _next_is_starter(text, after)
    return True


def _next_is_starter(text: str, start: int) -> bool:
    """Whether the word at ``start`` usually opens a sentence ("The", "He")."""
    nxt = _word_after(text, start)
    return _TRAILING_PUNCT.sub("", nxt).lower() in _STARTERS


def _split_block(text: str) -> list[str]:
    """Split one paragraph-like block into sentences."""
    out: list[str] = []
    start = 0
    size = len(text)
    for m in _BOUNDARY.finditer(text):
        dot, after = m.start(), m.end()
        # Most candidates end the text, or are ". " then a capital after an ordinary
        # word: those cases of :func:`_is_boundary` are decided here, without its call.
        if after >= size:
            plain = True
        elif after - dot == 2 and text[dot] == "." and text[after].isupper():
            word = _word_before(text, dot)
            low = word.lower().rstrip(".")
            plain = not word or (low not in _ABBREVIATIONS and len(low) > 1 and "." not in low)
        else:
            plain = False
        if plain or _is_boundary(text, m):
            piece = text[start : m.start(3)].strip()
            if piece:
                out.append(piece)
            start = after
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into stripped, non-empty sentences."""
    # Cleaning, summaries and names each split every paragraph: each is split once in a
    # process (the cache), and a cleaning worker's splits come back with its stories
    # (:func:`sent_back`, :func:`take_back`) as offsets into the text.
    known = _SENT_BACK.get(text)
    if known is not None:
        return [text[known[i] : known[i + 1]] for i in range(1, len(known), 2)]
    return list(_split_cached(text))


def _split_cached(text: str) -> tuple[str, ...]:
    # The cache is unbounded (a bounded LRU thrashes when the archive has more
    # paragraphs than it holds) and emptied by ``clear_cache`` after each build.
    got = _CACHE.get(text)
    if got is None:
        got = _CACHE[text] = tuple(_split(text))
    return got


_CACHE: dict[str, tuple[str, ...]] = {}
_NO_JUNK: set[str] = set()
"""Texts every sentence of which cleaning found to be news (``furniture.junk_kind`` None)."""
_SENT_BACK: dict[str, array] = {}
"""Texts a worker split, from :func:`sent_back`: a no-junk flag, then each sentence's start and end."""


def note_no_junk(text: str) -> None:
    """Cleaning found no junk in any sentence of ``text`` (``furniture.junk_kind`` of each is None)."""
    _NO_JUNK.add(text)


def no_junk(text: str) -> bool:
    """Whether cleaning, in this process or a worker, found every sentence of ``text`` to be news.

    ``junk_kind`` is a function of the sentence alone, so a later stage may
    take the verdict instead of judging the same sentences again.
    """
    if text in _NO_JUNK:
        return True
    known = _SENT_BACK.get(text)
    return known is not None and known[0] == 1


def sent_back(texts: list[str]) -> tuple[array | None, ...]:
    """What this process knows of ``texts``' sentences, to send to the build process (:func:`take_back`).

    For each text it split: a no-junk flag, then the start and end of each
    sentence in the text (None for a text not split here, or whose sentences
    are not pieces of it as written: white space collapsed).
    """
    out: list[array | None] = []
    for text in texts:
        sentences = _CACHE.get(text)
        offsets = array("I", (text in _NO_JUNK,))
        at = 0
        for sentence in sentences or ():
            start = text.find(sentence, at)
            if start < 0:
                break
            at = start + len(sentence)
            offsets.append(start)
            offsets.append(at)
        else:
            out.append(offsets if sentences is not None else None)
            continue
        out.append(None)
    return tuple(out)


def take_back(texts: list[str], known: tuple[array | None, ...]) -> None:
    """Keep :func:`sent_back`'s answers for ``texts`` (the same texts, here) until :func:`clear_cache`."""
    for text, offsets in zip(texts, known, strict=True):
        if offsets is not None:
            _SENT_BACK[text] = offsets


def clear_cache() -> None:
    """Forget the sentences of the last build (called when enrichment ends)."""
    _CACHE.clear()
    _NO_JUNK.clear()
    _SENT_BACK.clear()


def _split(text: str) -> list[str]:
    if not text or not text.strip():
        return []
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        # White space already collapsed (the only printable white space is " "), one block: a
        # cleaned paragraph, mostly.
        sentences = _split_block(text)
    else:
        sentences = []
        for block in _PARAGRAPH_BREAK.split(text):
            # Inside a paragraph a single newline is just wrapping.
            sentences.extend(_split_block(" ".join(block.split())))
    # Drop pieces that carry no letter or digit (stray ". ." in scraped text); a sentence
    # that opens with one is kept without the scan (``str.isalnum`` is the pattern's class).
    return [s for s in sentences if s[0].isalnum() or _HAS_ALNUM.search(s)]


# Wire datelines, in all the forms scrapes carry:
#   "London (CNN) -- ", "(CNN) - ", "WASHINGTON (Reuters) - ", "WASHINGTON ― ",
#   "ST. PAUL, Minn. -- ", "HOUSTON, Texas (KTRK) -- ", "DUNMERE, Nov. 27 (Wire) - ",
#   "SALT LAKE CITY — ", and one capitalised word before a long dash: "Washington — ".
_AGENCIES = r"CNN|AP|Reuters|AFP|UPI|dpa|Xinhua|Bloomberg|TASS|ANI|PTI|KTLA|KTRK|WCCO|KPIX"
_DASH = r"(?:--|—|–|―|-)"
_UPPER_WORD = r"[A-Z][A-Z.'’-]*[A-Z.]"
_PLACE = rf"(?:{_UPPER_WORD}|[A-Z]\.)(?:\s+(?:{_UPPER_WORD}|[A-Z]\.)){{0,4}}"
_REGION = r"(?:,\s*[A-Z][A-Za-z.'’]*(?:\s+[A-Z][A-Za-z.'’]*){0,2})?"
_MONTH_NAMES = "|".join(sorted((w.title() for row in lexicon.MONTHS for w in row), key=len, reverse=True))
_WHEN = rf"(?:,?\s*(?:{_MONTH_NAMES})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"
DATELINE = re.compile(
    rf"^(?:[A-Z][\w .,'’-]{{0,40}}?\s*)?\((?:{_AGENCIES})\)\s*{_DASH}?\s*"
    rf"|^(?:{_PLACE}{_REGION}{_WHEN}\s*(?:\([^()]{{2,40}}\))?\s*{_DASH}|[A-Z][a-z]+\s+(?:—|―|--))"
    r"(?:\s+(?=[A-Z0-9\"“‘'(])|\s*$)"
)


# Every dateline opens with a capital or "(" and holds "(" (the agency's
# form) or a dash, "-", "—", "–" or "―" (the others): a sentence with neither is not scanned.
_DATELINE_OPENS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ(")


def strip_dateline(sentence: str) -> str:
    """``sentence`` without a leading wire dateline ("DUNMERE (Wire) - "); "" if it is one."""
    # (The marks tested one by one, not through a generator: this runs on every sentence.)
    if sentence[:1] not in _DATELINE_OPENS or not (
        "(" in sentence or "-" in sentence or "—" in sentence or "–" in sentence or "―" in sentence
    ):
        return sentence.strip()
    found = DATELINE.match(sentence)
    return (sentence[found.end() :] if found else sentence).strip()
