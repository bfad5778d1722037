"""People, organisations and places, by rules and a small editable gazetteer.

No downloaded model. Per story:

1. Split the body into sentences and tokens; note which words appear
   capitalised in mid-sentence (so "Against" at a sentence start is known to
   be an ordinary word, while "Putin" is not).
2. Match gazetteer aliases (``content/entities.yaml``) anywhere: "U.S.",
   "Washington" and "the Western alliance" become their canonical names.
3. Group the remaining capitalised tokens into runs (allowing connectors
   such as "of", "de", "van") and peel off titles, roles and demonyms
   ("Russian Deputy Foreign Minister Sergei Ryabkov" -> "Sergei Ryabkov").
4. Classify what is left: an organisation by its suffix ("... Ministry",
   "... Party") or as an all-caps acronym; a person when 2-3 name tokens are
   preceded by a title or followed by "said"/"told", or when the surname
   recurs alone; a place after "in"/"from"/"to".
5. Merge surname-only mentions ("Donfried") into the full name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import lexicon
from ..sources import ConfigError, load_yaml_config
from ..story import Story
from .sentences import split_sentences, strip_dateline

__all__ = ["KINDS", "Gazetteer", "add_entities", "extract_entities", "load_gazetteer"]


KINDS = ("people", "organisations", "places")

# The word lists (titles, demonyms, months, suffixes ...) are about English
# and news style, not about any story: they live in ``news_digest/lexicon``.
# Names live in the YAML gazetteer.
_TITLES = lexicon.TITLES
# Titles that are a person's form of address: "Mr Brown" is a person even
# though "Brown" alone would not be.
_HONORIFICS = lexicon.HONORIFICS
_DEMONYMS = lexicon.DEMONYMS
# Capitalised words that are never an entity (or a part of one) on their own.
_COMMON = lexicon.COMMON
_MONTHS_DAYS = lexicon.DATE_WORDS
# The last word of an organisation's name.
_ORG_SUFFIXES = lexicon.ORG_SUFFIXES
# First or last words that make a name a place ("River Aske", "Ashford Weir").
_PLACE_HEADS = lexicon.PLACE_HEADS
_PLACE_TAILS = lexicon.PLACE_TAILS
# Lowercase words that introduce a place ("in Kyiv", "from Cologne").
_PLACE_PREPOSITIONS = lexicon.PLACE_PREPOSITIONS
# Nouns after which "of" introduces a place ("the port of Kellhaven").
_PLACE_NOUNS = lexicon.PLACE_NOUNS
# Lowercase nouns that work as titles before a name ("filmmaker Jan Novak").
_ROLE_NOUNS = lexicon.ROLE_NOUNS
# All-caps words that are not organisations.
_NOT_ORG_ACRONYMS = lexicon.NOT_ACRONYMS
_SPEECH_VERBS = lexicon.SPEECH_VERBS

# Words, initials ("J."), dotted acronyms ("U.S."), or any single other
# character (punctuation breaks a run of names).
# A plural possessive keeps its apostrophe inside a name ("Dock Workers' Union").
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]\.(?=\s)|[^\W\d_](?:[\w'’-]*\w)?(?:(?<=s)['’](?=\s+[A-Z]))?|\S")
_POSSESSIVES = ("'s", "’s")
# After these a capital may just start a quotation or clause ('said: "The ...').
_OPENING = frozenset("\"'“‘«:;")
_CONNECTORS = lexicon.CONNECTORS
# "the" is allowed after "of"/"for" inside a name: "President of the ...".
_ARTICLE = "the"


@dataclass
class Gazetteer:
    """Canonical names by kind and the aliases that point at them."""

    names: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    lookup: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)
    """Token tuple of an alias -> (kind, canonical name)."""
    sizes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """First token of an alias -> the alias lengths starting with it, longest first."""

    @classmethod
    def from_mapping(cls, data: dict) -> Gazetteer:
        """Build from ``{kind: {canonical: [aliases]}}``; unknown kinds are ignored."""
        gaz = cls()
        for kind in KINDS:
            entries = data.get(kind) or {}
            gaz.names[kind] = {}
            for canonical, aliases in entries.items():
                canonical = str(canonical).strip()
                alias_list = [str(a).strip() for a in (aliases or []) if str(a).strip()]
                gaz.names[kind][canonical] = alias_list
                for alias in [canonical, *alias_list]:
                    key = tuple(_tokenise(alias))
                    if key:
                        # The first definition wins, so the file order decides ties.
                        gaz.lookup.setdefault(key, (kind, canonical))
        firsts: dict[str, set[int]] = {}
        for key in gaz.lookup:
            firsts.setdefault(key[0], set()).add(len(key))
        gaz.sizes = {first: tuple(sorted(lens, reverse=True)) for first, lens in firsts.items()}
        return gaz

    def get(self, tokens: tuple[str, ...]) -> tuple[str, str] | None:
        """The (kind, canonical) for an exact token sequence, if known."""
        return self.lookup.get(tokens)


def _tokenise(text: str) -> list[str]:
    return _TOKEN.findall(text)


def load_gazetteer(path: Path | None) -> Gazetteer:
    """Load ``content/entities.yaml``; a missing file gives an empty gazetteer."""
    if path is None or not Path(path).is_file():
        return Gazetteer.from_mapping({})
    data = load_yaml_config(Path(path)) or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of kind -> name -> aliases")
    return Gazetteer.from_mapping(data)


# ---------------------------------------------------------------------------


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _bare(tok: str) -> str:
    """The token without a possessive ending: "Moscow’s" -> "Moscow"."""
    return tok[:-2] if len(tok) > 3 and tok.endswith(_POSSESSIVES) else tok


def _is_acronym(tok: str) -> bool:
    letters = tok.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


@dataclass
class _Found:
    """What one story yields before surname merging."""

    gaz: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in KINDS})
    people: dict[tuple[str, ...], int] = field(default_factory=dict)
    """Full-name candidates -> strength (2 = cue seen, 1 = no cue yet)."""
    singles: set[str] = field(default_factory=set)
    """Capitalised single tokens seen in mid-sentence (surname candidates)."""
    orgs: set[str] = field(default_factory=set)
    places: list[tuple[str, ...]] = field(default_factory=list)


def _sentences(story: Story) -> list[list[str]]:
    # A dateline ("ASHFORD WEIR (Meridian Wire) - ") is shouted, not named:
    # its capitals would read as an acronym.
    return [_tokenise(strip_dateline(s)) for p in story.paragraphs for s in split_sentences(p)]


def _initial_positions(tokens: list[str]) -> set[int]:
    """Indices where a sentence, a quotation or a clause after a colon starts."""
    starts = {i + 1 for i, tok in enumerate(tokens) if tok in _OPENING}
    starts.add(0)
    return starts


def _gazetteer_pass(tokens: list[str], gaz: Gazetteer, found: _Found, initial: set[int]) -> list[bool]:
    """Mark gazetteer aliases in ``tokens``; return which tokens they used."""
    n = len(tokens)
    used = [False] * n
    first = gaz.sizes
    # Only positions where some alias starts need a closer look.
    starts = [
        i for i, t in enumerate(tokens) if t in first or (t.endswith(_POSSESSIVES) and _bare(t) in first)
    ]
    free = 0  # tokens before this index are already part of a match
    for i in starts:
        if i < free:
            continue
        hit = None
        for size in first.get(tokens[i]) or first.get(_bare(tokens[i]), ()):
            if i + size > n:
                continue
            key = (*tokens[i : i + size - 1], _bare(tokens[i + size - 1]))
            match = gaz.get(key)
            if match is None:
                continue
            if size == 1 and not _single_alias_ok(tokens, i, gaz, initial):
                continue
            hit = (size, match)
            break
        if hit is None:
            continue
        size, (kind, canonical) = hit
        found.gaz[kind].add(canonical)
        used[i : i + size] = [True] * size
        free = i + size
    return used


def _single_alias_ok(tokens: list[str], i: int, gaz: Gazetteer, initial: set[int]) -> bool:
    """A one-word alias must not be part of a longer unknown name.

    "Jordan" alone is a country, "Michael Jordan" is not; "Washington Post"
    is a newspaper; "Bank of America" is a bank.
    """

    def namey(tok: str) -> bool:
        return (
            _is_cap(tok)
            and tok not in _TITLES
            and tok not in _DEMONYMS
            and tok not in _COMMON
            and tok not in _MONTHS_DAYS
            and gaz.get((_bare(tok),)) is None
        )

    tok = tokens[i]
    if tok.isupper() or "." in tok:
        return True  # acronyms ("US", "U.S.") are unambiguous enough
    if i > 0 and namey(tokens[i - 1]) and i - 1 not in initial:
        return False
    if i + 1 < len(tokens) and not tok.endswith(_POSSESSIVES) and namey(tokens[i + 1]):
        return False
    return not (i >= 2 and tokens[i - 1] in ("of", "for") and tokens[i - 2] in _ORG_SUFFIXES)


def _runs(
    tokens: list[str], used: list[bool], initial: set[int], mid_caps: set[str]
) -> Iterable[tuple[int, int]]:
    """Yield ``(start, end)`` of runs of capitalised tokens not taken by the gazetteer."""
    n = len(tokens)
    # Capitalised words (isupper() is False for digits and punctuation).
    caps = {i for i, t in enumerate(tokens) if t[0].isupper() and not used[i]}

    def capital(j: int) -> bool:
        # A sentence-initial capital is an ordinary word unless the story
        # also capitalises it elsewhere.
        return j in caps and (j not in initial or _bare(tokens[j]) in mid_caps)

    end = 0
    for i in sorted(caps):
        if i < end or not capital(i):
            continue
        j = i + 1
        while j < n:
            if capital(j) and not tokens[j - 1].endswith(_POSSESSIVES):
                j += 1
                continue
            # Connectors: "Bank of England", "Ludwig van Beethoven",
            # "President of the Russian Federation".
            k = j
            if tokens[k] in _CONNECTORS:
                k += 1
                if k < n and tokens[k] == _ARTICLE and tokens[k - 1] in ("of", "for"):
                    k += 1
            if k > j and k < n and capital(k):
                j = k
                continue
            break
        yield i, j
        end = j


def _org_span(run: list[str]) -> tuple[int, int] | None:
    """Where an organisation name sits in ``run``, from its suffix word.

    Backwards from the suffix over capitalised words ("Nassau County District
    Court", "Russian Foreign Ministry"), stopping at a connector so that
    "Commissioner Neil Basu of the Metropolitan Police" keeps only
    "Metropolitan Police"; forwards through "of/for X" up to a title
    ("Bank of England Governor Mark Carney" -> "Bank of England").
    """
    k = next((k for k, t in enumerate(run) if t in _ORG_SUFFIXES), None)
    if k is None:
        return None
    # Extend to the last suffix before a connector or title: "Old Vic
    # Theatre School", "United Dock Workers' Union", "Kellhaven Rovers
    # Football Club".
    for j in range(k + 1, len(run)):
        if run[j] in _CONNECTORS or run[j] == _ARTICLE or run[j] in _TITLES:
            break
        if run[j] in _ORG_SUFFIXES:
            k = j
    begin = k
    while begin > 0 and run[begin - 1] not in _CONNECTORS and run[begin - 1] != _ARTICLE:
        begin -= 1
    stop = k + 1
    if begin == k and stop + 1 < len(run) and run[stop] in ("of", "for"):
        stop += 1
        while (
            stop < len(run)
            and run[stop] not in _TITLES
            and (run[stop] not in _CONNECTORS or stop + 1 < len(run))
        ):
            stop += 1
    return begin, stop


def _classify_run(
    tokens: list[str],
    start: int,
    end: int,
    before: str,
    after: str,
    found: _Found,
    context_before: bool,
) -> None:
    """Sort one run into organisation, person or place candidates."""
    run = [_bare(t) if k == end - 1 else t for k, t in enumerate(tokens[start:end], start)]
    run = [t for t in run if t]
    # Drop leading articles/common words that slipped in ("The Kremlin").
    while run and (run[0] in _COMMON or run[0] in _MONTHS_DAYS) and run[0] not in _ORG_SUFFIXES:
        run = run[1:]
        context_before = False
    if not run:
        return
    # "from Nasa's Solar ...": a possessive is an owner, rarely a place.
    if tokens[end - 1] != run[-1]:
        before = ""

    span = _org_span(run)
    if span is not None:
        begin, stop = span
        name = _trim(run[begin:stop])
        core = [t for t in name if t not in _CONNECTORS and t != _ARTICLE]
        generic = all(t in _ORG_SUFFIXES or t in _TITLES or t in _DEMONYMS for t in core)
        if generic and begin == 0 and context_before and _is_cap(before):
            # "Veldoria Health Ministry", "US Justice Department": the
            # gazetteer name in front says whose ministry it is.
            name, core, generic = [_bare(before), *name], [before, *core], False
        if len(core) >= 2 and not generic:
            found.orgs.add(" ".join(name))
        # The words before the organisation may still end in a person
        # ("Commissioner Neil Basu of the ..."); so may the words after it.
        _classify_name(_trim(run[:begin]), before, after if stop >= len(run) else "", found, context_before)
        if stop < len(run):
            _classify_name(_trim(run[stop:]), "", after, found, True)
        return
    _classify_name(_trim(run), before, after, found, context_before)


def _trim(run: list[str]) -> list[str]:
    """Without connectors at either end."""
    lo, hi = 0, len(run)
    while lo < hi and (run[lo] in _CONNECTORS or run[lo] == _ARTICLE):
        lo += 1
    while hi > lo and (run[hi - 1] in _CONNECTORS or run[hi - 1] == _ARTICLE):
        hi -= 1
    return run[lo:hi]


def _classify_name(run: list[str], before: str, after: str, found: _Found, context_before: bool) -> None:
    """A run without an organisation in it: a person, a place or nothing."""
    if not run:
        return
    # Peel titles, roles and demonyms: keep the name after the last of them.
    last_title = -1
    for k, t in enumerate(run):
        if t in _TITLES or t in _DEMONYMS or t in _CONNECTORS or t == _ARTICLE:
            last_title = k
    titled = context_before or last_title >= 0
    honorific = last_title >= 0 and run[last_title] in _HONORIFICS
    name = run[last_title + 1 :]
    if not name:
        return
    # Names never contain months, weekdays or stray common words.
    if any(t in _MONTHS_DAYS or t in _COMMON for t in name):
        return

    if len(name) == 1:
        tok = name[0]
        if len(tok) < 2 or not tok.isalpha():
            return
        if _is_acronym(tok):
            if last_title < 0 and tok.replace(".", "") not in _NOT_ORG_ACRONYMS:
                found.orgs.add(tok)
            return
        found.singles.add(tok)
        if honorific:
            # "Mr Brown": a person; resolved to the full name if one exists.
            found.people.setdefault((tok,), 2)
        elif before in _PLACE_PREPOSITIONS and last_title < 0 and not context_before:
            found.places.append((tok,))
        return

    if any(len(t.rstrip(".")) < 2 and not t.endswith(".") for t in name):
        return  # stray single letters, not initials
    if len(name) > 3:
        # Long unknown capitalised runs are titles of works, events or noise.
        return
    if name[0] in _PLACE_HEADS or name[-1] in _PLACE_TAILS:
        found.places.append(tuple(name))
        return
    if before.lower() == "the" and not titled:
        # "The Nordvik Line said": people never take an article.
        if after in _SPEECH_VERBS:
            found.orgs.add(" ".join(name))
        return
    cue = titled or after in _SPEECH_VERBS or before in _ROLE_NOUNS
    # "in Gold Coast" is a place; not "in Cars Getting Coffee" (a title), and
    # not "to Tony Adams" (people are talked to more often than towns).
    if (
        not cue
        and before in _PLACE_PREPOSITIONS
        and before != "to"
        and len(name) == 2
        and not any(t.endswith("ing") for t in name)
    ):
        found.places.append(tuple(name))
        return
    key = tuple(name)
    found.people[key] = max(found.people.get(key, 0), 2 if cue else 1)


def extract_entities(story: Story, gazetteer: Gazetteer) -> dict[str, list[str]]:
    """People, organisations and places named in ``story``, display names sorted."""
    sentences = _sentences(story)
    found = _Found()

    # Words seen capitalised away from a sentence start are names, not
    # sentence-initial capitals.
    mid_caps: set[str] = set()
    initials: list[set[int]] = []
    for tokens in sentences:
        initial = _initial_positions(tokens)
        initials.append(initial)
        mid_caps.update(_bare(t) for i, t in enumerate(tokens) if t[0].isupper() and i not in initial)

    for tokens, initial in zip(sentences, initials, strict=True):
        used = _gazetteer_pass(tokens, gazetteer, found, initial)
        for start, end in _runs(tokens, used, initial, mid_caps):
            before = tokens[start - 1] if start > 0 else ""
            if before == "of" and start > 1 and tokens[start - 2] in _PLACE_NOUNS:
                before = "in"  # "the port of Kellhaven" names a place like "in Kellhaven"
            after = tokens[end] if end < len(tokens) else ""
            # A gazetteer name right before the run works like a title:
            # "Russian Federation Yuri Ushakov", "NATO chief ...".
            context = start > 0 and used[start - 1]
            _classify_run(tokens, start, end, before, after, found, context)

    # The headline contributes gazetteer names only: headline capitals are
    # style, not evidence.
    if story.headline:
        head = _tokenise(story.headline)
        _gazetteer_pass(head, gazetteer, found, _initial_positions(head))

    return _resolve(found, gazetteer)


def _resolve(found: _Found, gaz: Gazetteer) -> dict[str, list[str]]:
    """Merge surnames into full names and apply the gazetteer to candidates."""
    out = {k: set(v) for k, v in found.gaz.items()}
    full = [name for name in found.people if len(name) >= 2]
    by_surname: dict[str, list[tuple[str, ...]]] = {}
    for name in full:
        by_surname.setdefault(name[-1], []).append(name)

    accepted = set()
    for name, strength in found.people.items():
        known = gaz.get(name)
        if known is not None:
            out[known[0]].add(known[1])
        elif len(name) >= 2 and (strength >= 2 or name[-1] in found.singles):
            # A full name without a cue counts if its surname recurs on its
            # own; a lone surname is only ever a pointer to a full name.
            accepted.add(name)
    for name in accepted:
        # "Hillary Clinton Obsessed", "Spc Caleb Barnes": a name glued to a
        # caption word or an unknown title.
        if len(name) == 3 and (name[:2] in accepted or name[1:] in accepted):
            continue
        out["people"].add(" ".join(name))
    for name in found.places:
        known = gaz.get(name)
        if known is not None:
            out[known[0]].add(known[1])
        elif name[-1] in by_surname or name[0] in _TITLES:
            continue  # "to Donfried": a person, not a place
        elif name[0] not in _COMMON:
            out["places"].add(" ".join(name))
    for org in found.orgs:
        known = gaz.get(tuple(_tokenise(org)))
        if known is not None:
            out[known[0]].add(known[1])
        else:
            out["organisations"].add(org)
    # A surname-only single with a gazetteer entry ("Putin") is that person.
    for single in found.singles:
        known = gaz.get((single,))
        if known is not None and known[0] == "people":
            out["people"].add(known[1])
    return {k: sorted(v, key=lambda s: (s.lower(), s)) for k, v in out.items()}


def add_entities(stories: list[Story], gazetteer: Gazetteer) -> None:
    """Set ``story.entities`` and append the names to ``story.tags``.

    The tags already there (the sidecar's, set by ``meta``) stay first;
    names already present (in any letter case) are not repeated.
    """
    for story in stories:
        if not story.ok:
            continue
        story.entities = extract_entities(story, gazetteer)
        tags: list[str] = []
        seen: set[str] = set()
        for tag in [*story.tags, *(n for k in KINDS for n in story.entities[k])]:
            key = tag.strip().casefold()
            if key and key not in seen:
                seen.add(key)
                tags.append(tag.strip())
        story.tags = tags
