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
    """The capitalised name in ``text`` whose initials spell ``acronym``.

    The name must come before the acronym's first use, or right before it
    in brackets ("National Weather Service (NWS)"): news spells a name out
    before it abbreviates it, so "AI" early in a story is not the "Adobe
    Illustrator" it mentions later. A two-letter acronym needs the brackets.
    """
    letters = acronym.replace(".", "")
    if len(letters) < 2 or not letters.isalpha():
        return None
    words = _GLUE.join(rf"{letter}[a-z][\w’'-]*" for letter in letters)
    first = re.search(rf"(?<![\w.]){re.escape(acronym)}(?![\w])", text)
    for m in re.finditer(rf"(?<![\w-]){words}(?![\w-])", text):
        bracketed = re.match(rf"\s*\({re.escape(acronym)}\)", text[m.end() :]) is not None
        if bracketed or (len(letters) > 2 and (first is None or m.start() < first.start())):
            return m.group(0)
    return None


def initials(name: str) -> str | None:
    """The acronym a name of three or more capitalised words would have ("RSSA").

    A word that is an acronym itself gives all its letters: "U.S. Travel
    Association" is "USTA", not "UTA".
    """
    words = [w for w in re.split(r"[\s-]+", name) if w not in _SMALL]
    if len(words) < 3 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w.replace(".", "") if is_acronym(w) else w[0] for w in words)


def is_term(acronym: str, text: str) -> bool:
    """Whether ``text`` spells ``acronym`` out in lower-case words: "substance use disorder (SUD)".

    The words may stand anywhere in the story when they come back ("people
    with substance use disorders ... patients with SUD ... substance use
    disorders").
    """
    letters = acronym.replace(".", "").lower()
    if len(letters) < 2 or not letters.isalpha():
        return False
    words = r"\w*[\s-]+".join(letters) + r"\w*"  # "whole-genome sequencing (WGS)"
    seen = 0
    for m in re.finditer(rf"(?<![\w-]){words}", text):
        if not all(part[:1].islower() for part in re.split(r"[\s-]+", m.group(0))):
            continue
        # Once before "(SUD)", or twice anywhere: three words that merely
        # start with the right letters do not come back.
        if re.match(rf"\s*\({re.escape(acronym)}s?\)", text[m.end() :]):
            return True
        seen += 1
    return seen >= 2


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
