"""The editable gazetteer (``content/entities.yaml``) and its matching pass."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ... import lexicon
from ...schema import entities_schema
from ...sources import load_registry
from . import world
from .tokens import POSSESSIVES, bare, is_cap, tokenise

KINDS = ("people", "organisations", "places")
# After a one-word place, these make it part of a longer place's name.
_PLACE_WORDS = frozenset(("City", "County"))
# Endings of a people's name made from a place's ("Texans", "Michiganders",
# "Israelis", "Chinese").
_DEMONYM_ENDINGS = ("n", "ns", "an", "ans", "er", "ers", "ese", "i", "is", "ite", "ites")


@dataclass
class Gazetteer:
    """Canonical names by kind and the aliases that point at them."""

    names: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    lookup: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)
    """Token tuple of an alias -> (kind, canonical name)."""
    sizes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """First token of an alias -> the alias lengths starting with it, longest first."""
    place_stems: frozenset[str] = frozenset()
    """One-word place names less their last letter ("Texa", "Michiga"), for :meth:`is_demonym`."""

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
                    key = tuple(tokenise(alias))
                    if key:
                        # The first definition wins, so the file order decides ties.
                        gaz.lookup.setdefault(key, (kind, canonical))
        firsts: dict[str, set[int]] = {}
        for key in gaz.lookup:
            firsts.setdefault(key[0], set()).add(len(key))
        gaz.sizes = {first: tuple(sorted(lens, reverse=True)) for first, lens in firsts.items()}
        gaz.place_stems = frozenset(
            key[0][:-1]
            for key, (kind, _) in gaz.lookup.items()
            if kind == "places" and len(key) == 1 and len(key[0]) >= 4
        )
        return gaz

    def get(self, tokens: tuple[str, ...]) -> tuple[str, str] | None:
        """The (kind, canonical) for an exact token sequence, if known."""
        return self.lookup.get(tokens)

    def is_demonym(self, word: str) -> bool:
        """Whether ``word`` names the people of a known place: "Texans", "Michiganders", "Utahns".

        The place's name less its last letter, then a people's ending.
        """
        return any(
            word.startswith(stem)
            and 0 < len(word) - len(stem) <= 5
            and word[len(stem) :].endswith(_DEMONYM_ENDINGS)
            for stem in self.place_stems
        )


def load_gazetteer(path: Path | None) -> Gazetteer:
    """Load ``content/entities.yaml`` over the countries and US states of :mod:`.world`.

    The file's names and aliases come first, so an editor's entry wins
    ("Washington" stays the US government). A missing file gives the world
    data alone.
    """
    data: dict = {}
    if path is not None and os.path.lexists(path):  # a FIFO or a bad link is refused, not missing
        # The schema (file, key path and line on a mistake) is in schema.py.
        data = load_registry(Path(path), entities_schema(KINDS)).data or {}
    places = dict(data.get("places") or {})
    for name, aliases in world.places().items():
        places.setdefault(name, aliases)
    return Gazetteer.from_mapping({**data, "places": places})


def gazetteer_pass(
    tokens: list[str], gaz: Gazetteer, found: dict[str, set[str]], initial: set[int]
) -> list[bool]:
    """Mark gazetteer aliases in ``tokens``; return which tokens they used."""
    n = len(tokens)
    used = [False] * n
    first = gaz.sizes
    if first.keys().isdisjoint(tokens):
        joined = "\0".join(tokens)
        if "'" not in joined and "’" not in joined:
            return used  # no alias starts here, nor a possessive that could hide one (most sentences)
    # Only positions where some alias starts need a closer look.
    # (A possessive ends in "s": that one-character test first spares most tokens a method call.)
    starts = [
        i
        for i, t in enumerate(tokens)
        if t in first or (t[-1] == "s" and t.endswith(POSSESSIVES) and bare(t) in first)
    ]
    free = 0  # tokens before this index are already part of a match
    for i in starts:
        if i < free:
            continue
        hit = None
        for size in first.get(tokens[i]) or first.get(bare(tokens[i]), ()):
            if i + size > n:
                continue
            key = (*tokens[i : i + size - 1], bare(tokens[i + size - 1]))
            match = gaz.get(key)
            if match is None:
                continue
            if size == 1 and not _single_alias_ok(tokens, i, gaz, initial):
                continue
            if size > 1 and not _long_alias_ok(tokens, i, size, used, initial, match[0]):
                continue
            hit = (size, match)
            break
        if hit is None:
            continue
        size, (kind, canonical) = hit
        found[kind].add(canonical)
        used[i : i + size] = [True] * size
        free = i + size
    return used


def _long_alias_ok(
    tokens: list[str], i: int, size: int, used: list[bool], initial: set[int], kind: str
) -> bool:
    """A longer alias must not be the tail or the head of a longer name.

    "New York" in "The New York Times" is a newspaper's name; "Security
    Council" in "US National Security Council" is not the UN's. Titles
    before a person's name are fine ("President Joe Biden").
    """
    prev = tokens[i - 1] if i > 0 else ""
    if (
        is_cap(prev)
        and i - 1 not in initial
        and not used[i - 1]
        and (kind != "people" or prev not in lexicon.TITLES)
        and prev not in lexicon.COMMON
        and prev not in lexicon.DATE_WORDS
    ):
        return False
    last = tokens[i + size - 1]
    if last.endswith(POSSESSIVES):
        return True
    if i + size < len(tokens) and (tokens[i + size] in _PLACE_WORDS or tokens[i + size] in lexicon.DIVISIONS):
        return False  # "Los Angeles County": a longer place
    # "New York Stock Exchange", "Los Angeles Police Department": capitals
    # after the alias that end in an organisation's word make one name.
    for after in tokens[i + size : i + size + 3]:
        if after in lexicon.ORG_SUFFIXES:
            return False
        if not is_cap(after) or after.endswith(POSSESSIVES):
            break
    return True


def _single_alias_ok(tokens: list[str], i: int, gaz: Gazetteer, initial: set[int]) -> bool:
    """A one-word alias must not be part of a longer unknown name.

    "Jordan" alone is a country, "Michael Jordan" is not; "Washington Post"
    is a newspaper; "Bank of America" is a bank.
    """

    def namey(tok: str) -> bool:
        return (
            is_cap(tok)
            and tok not in lexicon.TITLES
            and tok not in lexicon.DEMONYMS
            and tok not in lexicon.COMMON
            and tok not in lexicon.DATE_WORDS
            and gaz.get((bare(tok),)) is None
        )

    tok = tokens[i]
    if tok.isupper() or "." in tok:
        return True  # acronyms ("US", "U.S.") are unambiguous enough
    if i > 0 and namey(tokens[i - 1]) and i - 1 not in initial:
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if not tok.endswith(POSSESSIVES) and (namey(nxt) or nxt in _PLACE_WORDS):
        return False  # "Oklahoma City", "Jersey Shore"
    kind = (gaz.get((bare(tok),)) or ("",))[0]
    if kind == "places" and i > 0 and tokens[i - 1] == "the" and not tok.endswith("s"):
        # A country or state takes no article; "the Mississippi" is the river
        # ("the Netherlands", "the Philippines" are listed with theirs).
        return False
    return not (i >= 2 and tokens[i - 1] in ("of", "for") and tokens[i - 2] in lexicon.ORG_SUFFIXES)
