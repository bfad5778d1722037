"""The word lists of the language of news, each kept once, in plain text files.

The lists are about English and news style, not about any story, so an
editor reads and edits them here rather than in code:

``dates.txt``      months, weekdays, feasts (one month or weekday a line),
                   time zones
``titles.txt``     honorifics, titles and offices, lower-case role nouns
``places.txt``     place-name heads and tails, administrative divisions,
                   place cues, demonyms
``names.txt``      common capitalised words (and those that are also first
                   names), organisation suffixes, events' last words,
                   laws' last words, ships' prefixes,
                   all-caps words that are not organisations, name
                   connectors, speech verbs
``sentences.txt``  abbreviations and sentence openers for the splitter
``sections.txt``   news sites' one-word section names ("Editorial",
                   "Opinion") that page titles glue to headlines
``first_names.txt`` given names of the US Social Security Administration's
                   baby-names tables (public domain; source in the file)

Format: ``[section]`` headers, white-space separated words, ``#`` comments.
A word written with a trailing dot ("Sen.", "Jan.") is an abbreviation: the
dot is not part of the word, and the sentence splitter knows that the dot
does not end a sentence. Each file is read once, when this module is first
imported.
"""

from __future__ import annotations

from importlib import resources

__all__ = [
    "ABBREVIATED_TITLES",
    "ABBREVIATIONS_BEFORE_NUMBER",
    "COMMON",
    "CONNECTORS",
    "CORPORATE",
    "DATE_WORDS",
    "DEMONYMS",
    "DIVISIONS",
    "EVENT_SUFFIXES",
    "FIRST_NAMES",
    "GIVEN_NAMES",
    "HOLIDAYS",
    "HONORIFICS",
    "LAWS",
    "MONTHS",
    "MONTH_ABBREVIATIONS",
    "NOT_ACRONYMS",
    "NUMBER_WORDS",
    "ORG_NOUNS",
    "ORG_SUFFIXES",
    "PLACE_ABBREVIATIONS",
    "PLACE_HEADS",
    "PLACE_NOUNS",
    "PLACE_PREPOSITIONS",
    "PLACE_TAILS",
    "ROLE_NOUNS",
    "SECTION_NAMES",
    "SENTENCE_STARTERS",
    "SHARED_SUFFIXES",
    "SHIP_PREFIXES",
    "SPEECH_VERBS",
    "TIME_ZONES",
    "TITLES",
    "WEAK_ABBREVIATIONS",
    "WEEKDAYS",
    "read_sections",
]

Rows = tuple[tuple[str, ...], ...]


def read_sections(name: str) -> dict[str, Rows]:
    """``{section: rows of words}`` of ``<name>.txt``, words as written (dots kept)."""
    text = resources.files(__package__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    sections: dict[str, list[tuple[str, ...]]] = {}
    current = sections.setdefault("", [])
    for line in text.splitlines():
        line = line.partition("#")[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), [])
            continue
        current.append(tuple(line.split()))
    return {key: tuple(rows) for key, rows in sections.items()}


def _words(rows: Rows) -> frozenset[str]:
    """Every word of ``rows``, without an abbreviation's dot."""
    return frozenset(word.removesuffix(".") for row in rows for word in row)


def _abbreviations(rows: Rows) -> frozenset[str]:
    """The words written with a dot, without it, in lower case."""
    return frozenset(w[:-1].lower() for row in rows for w in row if w.endswith(".") and len(w) > 1)


def _lower(rows: Rows) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(w.removesuffix(".").lower() for w in row) for row in rows)


_dates = read_sections("dates")
_titles = read_sections("titles")
_places = read_sections("places")
_names = read_sections("names")
_sentences = read_sections("sentences")
_sections = read_sections("sections")
_first_names = read_sections("first_names")

# Dates. MONTHS[0] is ("january", "jan"); WEEKDAYS[0] is ("monday", "mon").
MONTHS: Rows = _lower(_dates["months"])
WEEKDAYS: Rows = _lower(_dates["weekdays"])
MONTH_ABBREVIATIONS = _abbreviations(_dates["months"])
HOLIDAYS = _words(_dates["holidays"])
DATE_WORDS = _words(_dates["months"] + _dates["weekdays"] + _dates["holidays"])
"""Capitalised month, weekday and feast names and their short forms."""
TIME_ZONES = _words(_dates["zones"])
"""Time zones' abbreviations ("GMT", "EDT")."""

# People.
HONORIFICS = _words(_titles["honorifics"])
TITLES = HONORIFICS | _words(_titles["titles"])
ROLE_NOUNS = _words(_titles["roles"])
ABBREVIATED_TITLES = _abbreviations(_titles["honorifics"] + _titles["titles"])

# Places.
PLACE_HEADS = _words(_places["heads"]) | frozenset(
    w for row in _places["heads"] for w in row if w.endswith(".")
)
"""First words of place names, abbreviations with and without their dot ("St.", "St")."""
DIVISIONS = _words(_places["divisions"])
PLACE_TAILS = _words(_places["tails"]) | DIVISIONS
PLACE_PREPOSITIONS = _words(_places["prepositions"])
PLACE_NOUNS = _words(_places["nouns"])
PLACE_ABBREVIATIONS = _abbreviations(_places["heads"])
DEMONYMS = _words(_places["demonyms"])

# Organisations and ordinary words.
COMMON = _words(_names["common"])
GIVEN_NAMES = _words(_names["given_names"])
FIRST_NAMES = _words(_first_names["first_names"])
"""Given names of many people ("Mickie", "Steven"): evidence, never alone a name (see ``first_names.txt``)."""
NUMBER_WORDS = _words(_names["numbers"])
CORPORATE = _words(_names["corporate"])
LAWS = _words(_names["laws"])
EVENT_SUFFIXES = _words(_names["event_suffixes"])
ORG_SUFFIXES = _words(_names["org_suffixes"]) | CORPORATE | LAWS | EVENT_SUFFIXES
ORG_NOUNS = _words(_names["org_nouns"])
SHIP_PREFIXES = _words(_names["ship_prefixes"])
SHARED_SUFFIXES = _words(_names["shared_suffixes"])
NOT_ACRONYMS = _words(_names["not_acronyms"])
CONNECTORS = _words(_names["connectors"])
SPEECH_VERBS = _words(_names["speech_verbs"])

# Headlines: a site's section names, lower case.
SECTION_NAMES = frozenset(w.lower() for w in _words(_sections["sections"]))

# The sentence splitter.
WEAK_ABBREVIATIONS = _words(_sentences["weak"])
ABBREVIATIONS_BEFORE_NUMBER = _words(_sentences["before_number"])
SENTENCE_STARTERS = _words(_sentences["starters"])
