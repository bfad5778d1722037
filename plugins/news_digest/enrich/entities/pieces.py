"""Names that are only a piece of something longer the story writes.

A show's season ("Superman & Lois Season 3"), an award's category ("the
Oscar for Best Performance by an Actor"), a question put as a subheading
("How Did Beethoven Die?"), the tail of a quoted title ("10 Must-Have
Kitchen Gadgets for Sustainable Cooking!") and a run cut from a longer one
("No Color Policy", "Chief Operating Officer", "Hollywood Walk of Fame")
read as names when their capitals are taken at face value. Each rule looks
at every place the story writes the name and acts only when all of them
agree, so a name the story also writes on its own stays.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ... import lexicon
from .gazetteer import Gazetteer
from .tokens import is_acronym

# The word a show's, a book's or a record's part is numbered with.
_PART_WORDS = frozenset(("Season", "Series", "Episode", "Part", "Volume", "Chapter"))
# An award's category opens with one of these: "for Best Actress", "for Outstanding Drama Series".
_CATEGORY_WORDS = frozenset(("Best", "Outstanding"))
# A question's verb, which no name opens with (a title-case subheading: "How Did Beethoven Die?").
_AUXILIARIES = frozenset(
    ("Did", "Does", "Do", "Is", "Are", "Was", "Were", "Has", "Have", "Had", "Should", "Could", "Would")
)
# The rank that opens a job's title: "Chief Operating Officer", "Deputy Managing Director".
_RANKS = frozenset(("Chief", "Vice", "Deputy", "Senior", "Executive", "Assistant", "Managing", "Associate"))
# A quotation: straight or curly double quotes, or curly single ones (a headline's titles).
# (A straight quote opens after a space and closes before one: never the words between two quotes.)
_QUOTATION = re.compile(
    # (Each alternative opens with its quotation mark, the straight one's "after a space, a
    # bracket or nothing" tested right after it: the engine then looks only where a mark is.)
    r"(?:“([^“”\n]{3,120})”|‘([^‘’\n]{3,120})’|\"(?<![^\s(]\")(?=\S)([^\"\n]{3,120}?)(?<=\S)\"(?![\w]))"
)
# The capitalised word right before a name, after a lower-case word, a comma, a colon or an
# opening quote (so not a sentence's first word, which is capitalised whatever it is).
_WORD_BEFORE = re.compile(r"(?:(?<=[a-z,:] )|(?<=[\"“‘]))([A-Z][\w&'’-]*) $")


class _Hit(NamedTuple):
    """Where a name is written: the span of one mention (read like a regular expression's match)."""

    first: int
    last: int

    def start(self) -> int:
        return self.first

    def end(self) -> int:
        return self.last

    def span(self) -> tuple[int, int]:
        return (self.first, self.last)


def _word_char(char: str, joiners: str) -> bool:
    return char.isalnum() or char == "_" or char in joiners


def _spans(name: str, text: str, joiners: str) -> tuple[_Hit, ...]:
    """Each place ``text`` writes ``name`` with no word character (or ``joiners``) either side."""
    hits = []
    i = text.find(name)
    while i >= 0:
        j = i + len(name)
        if (i == 0 or not _word_char(text[i - 1], joiners)) and (
            j == len(text) or not _word_char(text[j], joiners)
        ):
            hits.append(_Hit(i, j))
        i = text.find(name, i + 1)
    return tuple(hits)


# (Plain string search, kept for the names of one story: every rule asks about the same few
# names in the same text, and a pattern compiled per name cost a fifth of the names stage.)
@lru_cache(maxsize=512)
def _mentions(name: str, text: str) -> tuple[_Hit, ...]:
    """Each place ``text`` writes ``name`` as whole words ("&" and "-" join words)."""
    return _spans(name, text, "&-")


def season_names(out: dict[str, set[str]], text: str) -> None:
    """A name ending in a part's word, always before a number, is the work without it.

    "Superman & Lois Season 3 is setting viewers ablaze": the show is
    "Superman & Lois"; the season is no name of its own.
    """
    for names in out.values():
        for name in list(names):
            words = name.split()
            if len(words) < 2 or words[-1] not in _PART_WORDS:
                continue
            hits = _mentions(name, text)
            if hits and all(re.match(r" \d", text[m.end() : m.end() + 2]) for m in hits):
                names.discard(name)
                work = words[:-1]
                while work and (work[-1] in lexicon.CONNECTORS or work[-1] in ("&", "and", "of", "the")):
                    work.pop()
                if work:
                    names.add(" ".join(work))


def award_categories(out: dict[str, set[str]], text: str) -> None:
    """Drop an award's category: "won the Oscar for Best Performance by an Actor in a Supporting Role"."""
    for names in out.values():
        for name in list(names):
            if name.split(" ", 1)[0] not in _CATEGORY_WORDS:
                continue
            hits = _mentions(name, text)
            if hits and all(
                re.search(r"\bfor (?:the )?$", text[max(0, m.start() - 9) : m.start()]) for m in hits
            ):
                names.discard(name)


def question_words(out: dict[str, set[str]], lines: list[str]) -> None:
    """Drop a "name" opening with a question's verb, met only in questions: "How Did Beethoven Die?".

    A question put as a subheading is written in title case; its verb and
    the words after it are no name (the names in it are found where the
    story writes them in its sentences).
    """
    asked = [line for line in lines if line.rstrip().endswith("?")]
    if not asked:
        return
    for names in out.values():
        for name in list(names):
            if name.split(" ", 1)[0] not in _AUXILIARIES:
                continue
            if all(not _mentions(name, line) or line in asked for line in lines):
                names.discard(name)


def quoted_title_pieces(out: dict[str, set[str]], text: str) -> None:
    """Drop a name met only inside longer quoted titles: "Sustainable Cooking" of
    "10 Must-Have Eco-Friendly Kitchen Gadgets for Sustainable Cooking!".

    The quotation must read as a title (its first word capitalised, most of
    its words too), not a remark; a name quoted on its own is the name.
    """
    spans = []
    for m in _QUOTATION.finditer(text):
        group = next(g for g in (1, 2, 3) if m.group(g))
        inner = m.group(group)
        words = re.findall(r"[\w'’-]+", inner)
        if not words or not (words[0][:1].isupper() or words[0][:1].isdigit()):
            continue
        capitals = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
        if capitals * 3 >= len(words) * 2:
            spans.append((m.start(group), m.end(group)))
    if not spans:
        return
    for names in out.values():
        for name in list(names):
            hits = _mentions(name, text)
            if hits and all(
                any(a <= m.start() and m.end() <= b and b - a > len(name) for a, b in spans) for m in hits
            ):
                names.discard(name)


def cut_runs(out: dict[str, set[str]], text: str, body_start: int, gazetteer: Gazetteer) -> None:
    """Drop a name the story always writes as the piece of a longer capitalised run.

    After a capitalised word in mid-sentence ("removes ‘No Color Policy’
    sign", "named Todor Georgiev as Chief Operating Officer"), or, for a
    body or a place, before "of" and a capitalised word ("a star on the
    Hollywood Walk of Fame"). A person's title, a people's name (a
    nationality before a player's name), an article or an acronym in front
    is no part of the name, and a gazetteer name stays.
    """
    every = {n for names in out.values() for n in names}
    for kind, names in out.items():
        for name in list(names):
            if gazetteer.get(tuple(name.split())) is not None:
                continue
            # (A title-case headline capitalises every word: only the body's mentions tell.)
            hits = [m for m in _mentions(name, text) if m.start() > body_start]
            if not hits:
                continue
            if all(_capital_before(text, m.start(), name, kind) for m in hits):
                names.discard(name)
                continue
            # A person's name before "of" is often where they work ("Ada Rusk of Corvane"):
            # only when the story has the longer name too.
            tails = {
                re.match(r" of (?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*", text[m.end() : m.end() + 60])
                for m in hits
            }
            if None in tails:
                continue
            longer = {name + t.group(0) for t in tails if t}
            if kind != "people" or longer <= every:
                names.discard(name)


def _capital_before(text: str, start: int, name: str, kind: str) -> bool:
    """Whether a capitalised word that belongs to the name's run stands right before ``start``."""
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if not m:
        return False
    word = m.group(1).rstrip("'’")
    if (
        word.endswith(("'s", "’s"))
        or word in lexicon.DEMONYMS
        or word in ("The", "A", "An")
        or is_acronym(word)
    ):
        return False
    # Before a person stands a title, often one no list has ("City Clerk Janette Bower",
    # "Undersheriff Larry Waldie", "Senate President Ola Joe Champion"), or a body glued to the
    # name: the "person" is a piece only when it is a job itself, after a rank ("Chief Operating
    # Officer").
    return kind != "people" or (word in _RANKS and name.rsplit(" ", 1)[-1] in lexicon.TITLES)


def inside_longer_names(out: dict[str, set[str]], text: str, body_start: int, gazetteer: Gazetteer) -> None:
    """Drop a name the story only ever writes inside a longer name it also has.

    "Aaron Judge has returned to the New York Yankees": New York is a piece
    of the team's name, not a place the story is about. A name the
    story also writes in another form the gazetteer knows ("NYC") stays.
    """
    every = sorted({n for names in out.values() for n in names}, key=len, reverse=True)
    spans: dict[str, list[tuple[int, int]]] = {}
    for kind, names in out.items():
        for name in list(names):
            longer = [n for n in every if len(n) > len(name) and name in n and _spans(name, n, "")]
            if not longer or any(_mentions(f, text) for f in gazetteer.names.get(kind, {}).get(name, ())):
                continue
            hits = [m for m in _mentions(name, text) if m.start() > body_start]
            if not hits:
                continue
            for n in longer:
                if n not in spans:
                    spans[n] = [m.span() for m in _mentions(n, text)]
            if all(any(a <= m.start() and m.end() <= b for n in longer for a, b in spans[n]) for m in hits):
                names.discard(name)


# The Greek letters' names, which name a series' members: variants ("Alpha, Beta, and Gamma"), groups.
_GREEK = frozenset(
    (
        "Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa", "Lambda", "Mu",
        "Nu", "Xi", "Omicron", "Pi", "Rho", "Sigma", "Tau", "Upsilon", "Phi", "Chi", "Psi", "Omega",
    )
)  # fmt: skip
_LETTER = "(?:" + "|".join(sorted(_GREEK)) + r")(?![\w-])"
_GREEK_LIST = re.compile(rf"(?<![\w-]){_LETTER}(?:,? (?:and |or )?{_LETTER})+")


def greek_letter_lists(out: dict[str, set[str]], text: str) -> None:
    """Drop a Greek letter's name that the story only writes in a list of such names.

    "SARS-CoV-2 variants of concern (VOCs) Alpha, Beta, and Gamma S1
    proteins": the letters are members of a series (the variants) listed
    together, none a subject by itself. One the story also writes on its
    own ("Omicron sub-VOCs", "Delta Air Lines") stays.
    """
    names = [(kind, n) for kind, ns in out.items() for n in ns if n in _GREEK]
    if not names:
        return
    lists = [m.span() for m in _GREEK_LIST.finditer(text)]
    for kind, name in names:
        hits = _mentions(name, text)
        if hits and all(any(a <= m.start() and m.end() <= b for a, b in lists) for m in hits):
            out[kind].discard(name)


# A term in lower-case words, maybe with a hyphened tail, and its acronym in brackets, after a place:
# "Middle East| respiratory syndrome-CoV (MERS-CoV)".
_TERM_AFTER = re.compile(r"(?: [a-z][a-z-]*){1,4}(?:-\S+)? \(([A-Z][\w-]*)\)")


def places_opening_terms(out: dict[str, set[str]], text: str) -> None:
    """Drop a place the story only writes as the first words of a term it abbreviates.

    "Middle East respiratory syndrome-CoV (MERS-CoV)": the place names the
    illness, whose acronym opens with the place's initials; the story is not
    about the place.
    """
    for name in list(out.get("places", ())):
        letters = "".join(w[0] for w in name.split() if w[:1].isupper())
        hits = _mentions(name, text)
        if hits and all(_opens_term(text, m.end(), letters) for m in hits):
            out["places"].discard(name)


def _opens_term(text: str, end: int, letters: str) -> bool:
    """Whether a term and an acronym starting with ``letters`` follow ``end`` in ``text``."""
    m = _TERM_AFTER.match(text, end)
    return m is not None and m.group(1).startswith(letters)


# A web address's host: "MarthaReeves.net".
_HOST_TAIL = re.compile(r"\.(?:com|net|org|gov|edu|io|co|uk|tv)\b")


def address_hosts(out: dict[str, set[str]], text: str) -> None:
    """Drop a name written only as a web address: "MarthaReeves" of "MarthaReeves.net"."""
    for names in out.values():
        for name in list(names):
            hits = _mentions(name, text)
            if hits and all(_HOST_TAIL.match(text, m.end()) for m in hits):
                names.discard(name)


def possessive_fronts(out: dict[str, set[str]]) -> None:
    """A person's possessive is no part of the name after it: "Reeves’ Hollywood reception" is Hollywood's.

    Only a surname of a person the story names ("Martha Reeves"): a plural's
    possessive may open a name ("Parents' Bill of Rights Act").
    """
    surnames = {p.rsplit(" ", 1)[-1] for p in out.get("people", set()) if " " in p}
    for names in out.values():
        for name in list(names):
            first, _, rest = name.partition(" ")
            if rest and first.endswith(("'", "’")) and first[:-1] in surnames:
                names.discard(name)
                names.add(rest)


def acronym_fronts(out: dict[str, set[str]]) -> None:
    """Drop a "person" opening with an acronym of three letters or more: "IRL Keanu", "OTP Tate".

    Initials are two letters ("AJ Styles", "TJ Watt"); a longer acronym before
    a name is a term or a body's label, and the name left is a bare first
    name or surname the story gives elsewhere.
    """
    people = out.get("people", set())
    for name in list(people):
        first, _, rest = name.partition(" ")
        # (A name shouted whole, "SPACE VIZZION", is no acronym before a name.)
        if rest and len(first) >= 3 and first.isupper() and first.isalpha() and not rest.isupper():
            people.discard(name)
