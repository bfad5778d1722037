"""Acronyms: merged with their full names, dropped when they name no one.

"The National Weather Service ... NWS said": one name, the full one. The
full name is found by the acronym's letters ("N... W... S...", with "of",
"and", "for", "the" allowed between), in the story or, failing that, in
another story of the archive. An acronym spelled out in lower case
("substance use disorder (SUD)") is a term, not a name. An acronym met once,
or only inside shouted text ("USA TODAY"), is not a tag.
"""

from __future__ import annotations

import re

from .tokens import is_acronym

_SMALL = frozenset(("of", "and", "for", "the", "on", "in", "&", "de"))
_GLUE = r"(?:\s+(?:of|and|for|the|on|in|&|de))*\s+"


def is_acronym_name(name: str) -> bool:
    """A one-word, all-capital name such as "NWS" or "U.N."."""
    return " " not in name and is_acronym(name)


def full_name(acronym: str, text: str) -> str | None:
    """The capitalised name in ``text`` whose initials spell ``acronym``."""
    letters = acronym.replace(".", "")
    if len(letters) < 2 or not letters.isalpha():
        return None
    words = _GLUE.join(rf"{letter}[a-z][\w’'-]*" for letter in letters)
    m = re.search(rf"(?<![\w-]){words}(?![\w-])", text)
    return m.group(0) if m else None


def initials(name: str) -> str | None:
    """The acronym a name of three or more capitalised words would have ("RSSA")."""
    words = [w for w in re.split(r"[\s-]+", name) if w not in _SMALL]
    if len(words) < 3 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


def is_term(acronym: str, text: str) -> bool:
    """Whether ``text`` spells ``acronym`` out in lower-case words: "(SUD)" after "substance use disorder"."""
    letters = acronym.replace(".", "").lower()
    for m in re.finditer(rf"((?:[a-z][\w-]*\s+){{1,8}})\({re.escape(acronym)}s?\)", text):
        initials = "".join(part[0] for part in re.split(r"[\s-]+", m.group(1)) if part)
        if initials.endswith(letters):
            return True
    return False


def plain_mentions(acronym: str, text: str) -> int:
    """Mentions of ``acronym`` that are not part of a shouted run of capitals."""
    count = 0
    for m in re.finditer(rf"(?<![\w.]){re.escape(acronym)}(?![\w])", text):
        before = text[max(0, m.start() - 12) : m.start()].split()
        after = text[m.end() : m.end() + 12].split()
        shouted = any(
            w.strip(".,:;—-").isupper() and len(w.strip(".,:;—-")) > 1 for w in before[-1:] + after[:1]
        )
        count += not shouted
    return count


def settle(out: dict[str, set[str]], headline: str, text: str) -> dict[str, str]:
    """Merge or drop the acronyms among ``out["organisations"]``; return acronym -> full name used."""
    orgs = out["organisations"]
    merged: dict[str, str] = {}
    for acronym in sorted(a for a in orgs if is_acronym_name(a)):
        if is_term(acronym, text):
            orgs.discard(acronym)
            continue
        long = full_name(acronym, text)
        if long is not None:
            orgs.discard(acronym)
            orgs.add(long)
            merged[acronym] = long
        elif plain_mentions(acronym, text) < 2 and acronym not in headline.split():
            orgs.discard(acronym)
    for long in set(merged.values()):
        drop_fragments(out, long)
    return merged


def drop_fragments(out: dict[str, set[str]], long: str) -> None:
    """Remove names that are a cut-off piece of ``long`` ("Atmospheric Administration")."""
    whole = f" {long} "
    for name in list(out["organisations"]):
        if name != long and f" {name} " in whole:
            out["organisations"].discard(name)
