"""Runs of capitalised words sorted into people, organisations and places."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ... import lexicon
from .gazetteer import KINDS
from .tokens import ARTICLE, POSSESSIVES, bare, is_acronym, is_cap

# Words a name never starts with: "The", "On", "Monday".
_NOT_FIRST = lexicon.COMMON | lexicon.DATE_WORDS


@dataclass
class Found:
    """What one story yields before surname merging."""

    gaz: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in KINDS})
    people: dict[tuple[str, ...], int] = field(default_factory=dict)
    """Full-name candidates -> strength (2 = cue seen, 1 = no cue yet)."""
    singles: set[str] = field(default_factory=set)
    """Capitalised single tokens seen in mid-sentence (surname candidates)."""
    orgs: set[str] = field(default_factory=set)
    places: list[tuple[str, ...]] = field(default_factory=list)

    def gaz_names(self) -> list[str]:
        """The canonical names the gazetteer matched, every kind."""
        return [name for names in self.gaz.values() for name in names]


def runs(
    tokens: list[str], used: list[bool], initial: set[int], mid_caps: set[str]
) -> Iterable[tuple[int, int]]:
    """Yield ``(start, end)`` of runs of capitalised tokens not taken by the gazetteer."""
    n = len(tokens)
    # Capitalised words (isupper() is False for digits and punctuation).
    caps = {i for i, t in enumerate(tokens) if t[0].isupper() and not used[i]}

    def capital(j: int) -> bool:
        # A sentence-initial capital is an ordinary word unless the story
        # also capitalises it elsewhere.
        return j in caps and (j not in initial or bare(tokens[j]) in mid_caps)

    end = 0
    for i in sorted(caps):
        if i < end or not capital(i):
            continue
        j = i + 1
        while j < n:
            if capital(j) and not tokens[j - 1].endswith(POSSESSIVES):
                j += 1
                continue
            # Connectors: "Bank of England", "Ludwig van Beethoven",
            # "President of the Russian Federation".
            k = j
            if tokens[k] in lexicon.CONNECTORS:
                k += 1
                if k < n and tokens[k] == ARTICLE and tokens[k - 1] in ("of", "for"):
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
    k = next((k for k, t in enumerate(run) if t in lexicon.ORG_SUFFIXES), None)
    if k is None:
        return None
    # Extend to the last suffix before a connector or title: "Old Vic
    # Theatre School", "United Dock Workers' Union", "Kellhaven Rovers
    # Football Club".
    for j in range(k + 1, len(run)):
        if run[j] in lexicon.CONNECTORS or run[j] == ARTICLE or run[j] in lexicon.TITLES:
            break
        if run[j] in lexicon.ORG_SUFFIXES:
            k = j
    begin = k
    while begin > 0 and run[begin - 1] not in lexicon.CONNECTORS and run[begin - 1] != ARTICLE:
        begin -= 1
    stop = k + 1
    if begin == k and stop + 1 < len(run) and run[stop] in ("of", "for"):
        stop += 1
        while (
            stop < len(run)
            and run[stop] not in lexicon.TITLES
            and (run[stop] not in lexicon.CONNECTORS or stop + 1 < len(run))
        ):
            stop += 1
    return begin, stop


def classify_run(
    tokens: list[str],
    start: int,
    end: int,
    before: str,
    after: str,
    found: Found,
    context_before: bool,
) -> None:
    """Sort one run into organisation, person or place candidates."""
    run = [bare(t) if k == end - 1 else t for k, t in enumerate(tokens[start:end], start)]
    run = [t for t in run if t]
    # Drop leading articles/common words that slipped in ("The Kremlin").
    while (
        run
        and (run[0] in lexicon.COMMON or run[0] in lexicon.DATE_WORDS)
        and run[0] not in lexicon.ORG_SUFFIXES
    ):
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
        core = [t for t in name if t not in lexicon.CONNECTORS and t != ARTICLE]
        generic = all(t in lexicon.ORG_SUFFIXES or t in lexicon.TITLES or t in lexicon.DEMONYMS for t in core)
        if generic and begin == 0 and context_before and is_cap(before):
            # "Veldoria Health Ministry", "US Justice Department": the
            # gazetteer name in front says whose ministry it is.
            name, core, generic = [bare(before), *name], [before, *core], False
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
    while lo < hi and (run[lo] in lexicon.CONNECTORS or run[lo] == ARTICLE):
        lo += 1
    while hi > lo and (run[hi - 1] in lexicon.CONNECTORS or run[hi - 1] == ARTICLE):
        hi -= 1
    return run[lo:hi]


def _classify_name(run: list[str], before: str, after: str, found: Found, context_before: bool) -> None:
    """A run without an organisation in it: a person, a place or nothing."""
    if not run:
        return
    # Peel titles, roles and demonyms: keep the name after the last of them.
    last_title = -1
    for k, t in enumerate(run):
        if t in lexicon.TITLES or t in lexicon.DEMONYMS or t in lexicon.CONNECTORS or t == ARTICLE:
            last_title = k
    titled = context_before or last_title >= 0
    honorific = last_title >= 0 and run[last_title] in lexicon.HONORIFICS
    name = run[last_title + 1 :]
    if not name:
        return
    # Names never contain months, weekdays or stray common words.
    if any(t in lexicon.DATE_WORDS or t in lexicon.COMMON for t in name):
        return

    if len(name) == 1:
        tok = name[0]
        if len(tok) < 2 or not tok.isalpha():
            return
        if is_acronym(tok):
            if last_title < 0 and tok.replace(".", "") not in lexicon.NOT_ACRONYMS:
                found.orgs.add(tok)
            return
        found.singles.add(tok)
        if honorific:
            # "Mr Brown": a person; resolved to the full name if one exists.
            found.people.setdefault((tok,), 2)
        elif before in lexicon.PLACE_PREPOSITIONS and last_title < 0 and not context_before:
            found.places.append((tok,))
        return

    if any(len(t.rstrip(".")) < 2 and not t.endswith(".") for t in name):
        return  # stray single letters, not initials
    if len(name) > 3:
        # Long unknown capitalised runs are titles of works, events or noise.
        return
    if name[0] in lexicon.PLACE_HEADS or name[-1] in lexicon.PLACE_TAILS:
        found.places.append(tuple(name))
        return
    if before.lower() == "the" and not titled:
        # "The Nordvik Line said": people never take an article.
        if after in lexicon.SPEECH_VERBS:
            found.orgs.add(" ".join(name))
        return
    cue = titled or after in lexicon.SPEECH_VERBS or before in lexicon.ROLE_NOUNS
    # "in Gold Coast" is a place; not "in Cars Getting Coffee" (a title), and
    # not "to Tony Adams" (people are talked to more often than towns).
    if (
        not cue
        and before in lexicon.PLACE_PREPOSITIONS
        and before != "to"
        and len(name) == 2
        and not any(t.endswith("ing") for t in name)
    ):
        found.places.append(tuple(name))
        return
    key = tuple(name)
    found.people[key] = max(found.people.get(key, 0), 2 if cue else 1)
