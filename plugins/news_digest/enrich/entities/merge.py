"""Candidates to names: surnames into full names, aliases into canonical names."""

from __future__ import annotations

from ... import lexicon
from .classify import Found
from .gazetteer import Gazetteer
from .tokens import is_acronym, tokenise


def resolve(found: Found, gaz: Gazetteer) -> dict[str, list[str]]:
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
        elif name[-1] in by_surname or name[0] in lexicon.TITLES:
            continue  # "to Donfried": a person, not a place
        elif name[0] not in lexicon.COMMON:
            out["places"].add(" ".join(name))
    for org in found.orgs:
        key = tuple(tokenise(org))
        known = gaz.get(key)
        if known is None and len(key) > 2 and is_acronym(key[0]) and gaz.get(key[:1]):
            known = gaz.get(key[1:])  # "U.S. State Department" is the "State Department"
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
