"""Acronyms: merged with their full names, dropped when they name no one.

"The National Weather Service ... NWS said": one name, the full one. The
full name is found by the acronym's letters ("N... W... S...", with "of",
"and", "for", "the" allowed between), in the story or, failing that, in
another story of the archive. An acronym spelled out in lower case
("substance use disorder (SUD)") is a term, not a name. An acronym met once,
or only inside shouted text ("USA TODAY"), is not a tag.

The story's text is read once into an :class:`Index` of the spans whose
initials could spell an acronym, so the cost is linear in the story however
many acronyms it has (a regex pass per acronym grew with their product).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ... import lexicon
from .tokens import is_acronym

_SMALL = frozenset(("of", "and", "for", "the", "on", "in", "&", "de"))
_MAX_LETTERS = 6  # is_acronym's limit
_CHUNK = re.compile(r"\S+")
_CAP_WORD = re.compile(r"[A-Z][a-z][\w’'-]*")
_LOWER_PART = re.compile(r"[a-z]\w*")
_TRAILING = ".,;:!?)\"”’'"
_BRACKETED = re.compile(r"\s*\(([A-Z][A-Z.]*?)s?\)|,? or ([A-Z][A-Z.]*?)s?\b")
"""An acronym given right after the words it spells: "(SUD)", ", or HP"."""
_SHOUT_STRIP = ".,:;—-"


def _given(match: re.Match[str]) -> str:
    """The acronym a :data:`_BRACKETED` match gives, in brackets or after "or"."""
    return match.group(1) or match.group(2)


def is_acronym_name(name: str) -> bool:
    """A one-word, all-capital name such as "NWS" or "U.N."."""
    return " " not in name and is_acronym(name)


@dataclass
class Index:
    """What :func:`settle` needs to know about one story's text, read once."""

    names: dict[str, list[tuple[int, str, bool, bool]]] = field(default_factory=dict)
    """Initials -> capitalised spans spelling them, in order.

    Each is (start, text, "(ACR)" follows, the name goes on after it).
    """
    terms: dict[str, tuple[int, bool]] = field(default_factory=dict)
    """Initials -> (lower-case spans spelling them, whether one is followed by "(ACR)")."""
    first: dict[str, int] = field(default_factory=dict)
    """Acronym -> where it is first used."""
    plain: dict[str, int] = field(default_factory=dict)
    """Acronym -> uses not inside a shouted run of capitals."""

    wanted: frozenset[str] | None = None
    """The initials asked about (upper case, no dots); None records every span."""

    @classmethod
    def of(cls, text: str, wanted: frozenset[str] | None = None) -> Index:
        """Read ``text`` once; with ``wanted``, record only the spans spelling those initials.

        Spans of other initials are never looked up, so leaving them out
        changes no answer; it spares a pass over every run of lower-case
        words in a story that has few acronyms.
        """
        index = cls(wanted=wanted)
        heads = None if wanted is None else {w[0] for w in wanted}
        lower_heads = None if heads is None else {h.lower() for h in heads}
        chunks = [(m.start(), m.end(), m.group(0)) for m in _CHUNK.finditer(text)]
        for k, (start, _end, chunk) in enumerate(chunks):
            index._acronym_use(chunks, k, start, chunk)
            head = chunk[:1]
            if (heads is None or head in heads) and _CAP_WORD.match(chunk):
                index._names_from(chunks, k, text)
            if head.islower() and (lower_heads is None or head in lower_heads):
                index._terms_from(chunks, k, text)
        return index

    def _wants(self, letters: str) -> bool:
        return self.wanted is None or letters.upper() in self.wanted

    def _acronym_use(self, chunks: list[tuple[int, int, str]], k: int, start: int, chunk: str) -> None:
        core = chunk.strip('(["“‘' + _TRAILING)
        core = core.removesuffix("'s").removesuffix("’s")
        if not is_acronym(core):
            return
        self.first.setdefault(core, start)

        def shouted(j: int) -> bool:
            if not 0 <= j < len(chunks):
                return False
            word = chunks[j][2].strip(_SHOUT_STRIP)
            return word.isupper() and len(word) > 1

        if not shouted(k - 1) and not shouted(k + 1):
            self.plain[core] = self.plain.get(core, 0) + 1

    def _names_from(self, chunks: list[tuple[int, int, str]], k: int, text: str) -> None:
        """Record each run of capitalised words (glue words between) starting at chunk ``k``."""
        letters = ""
        j = k
        while j < len(chunks) and len(letters) < _MAX_LETTERS:
            chunk = chunks[j][2]
            word = chunk.rstrip(_TRAILING)
            if not _CAP_WORD.fullmatch(word):
                return
            letters += word[0]
            end = chunks[j][0] + len(word)
            if len(letters) >= 2 and self._wants(letters):
                bracket = _BRACKETED.match(text, end)
                follows = bracket is not None and _given(bracket).replace(".", "") == letters
                spans = self.names.setdefault(letters, [])
                if len(spans) < 8:
                    spans.append((chunks[k][0], text[chunks[k][0] : end], follows, _goes_on(chunks, j, word)))
            if word != chunk:
                return  # punctuation ends the name
            j += 1
            while j < len(chunks) and chunks[j][2] in _SMALL:
                j += 1

    def _terms_from(self, chunks: list[tuple[int, int, str]], k: int, text: str) -> None:
        """Record each run of lower-case words (hyphens split words) starting at chunk ``k``."""
        letters = ""
        for j in range(k, min(len(chunks), k + _MAX_LETTERS)):
            chunk = chunks[j][2]
            word = chunk.rstrip(_TRAILING)
            parts = word.split("-")
            if not all(_LOWER_PART.fullmatch(p) for p in parts):
                return
            letters += "".join(p[0] for p in parts)
            if len(letters) > _MAX_LETTERS:
                return
            if len(letters) >= 2 and self._wants(letters):
                bracket = _BRACKETED.match(text, chunks[j][0] + len(word))
                follows = bracket is not None and _given(bracket).replace(".", "").lower() == letters
                seen, bracketed = self.terms.get(letters, (0, False))
                self.terms[letters] = (seen + 1, bracketed or follows)
            if word != chunk:
                return


def full_name(acronym: str, index: Index) -> str | None:
    """The capitalised name whose initials spell ``acronym``.

    The name must come before the acronym's first use, or right before it
    in brackets ("National Weather Service (NWS)"): news spells a name out
    before it abbreviates it, so "AI" early in a story is not the "Adobe
    Illustrator" it mentions later. A two-letter acronym needs the brackets.
    """
    letters = acronym.replace(".", "")
    if len(letters) < 2 or not letters.isalpha():
        return None
    first = index.first.get(acronym)
    for start, text, bracketed, cut in index.names.get(letters, []):
        if bracketed or (len(letters) > 2 and not cut and (first is None or start < first)):
            return text
    return None


def _goes_on(chunks: list[tuple[int, int, str]], j: int, word: str) -> bool:
    """Whether the capitalised name ending at chunk ``j`` goes on with another capitalised word.

    "Dow Jones Industrial Average ... .DJI": the ticker's letters spell the
    first three words, a cut-off piece of the name; a name's initials spell
    the whole of it. (A title after it is not its part: "Bank of Ostia
    Governor".)
    """
    if word != chunks[j][2] or j + 1 >= len(chunks):
        return False
    nxt = chunks[j + 1][2].rstrip(_TRAILING)
    return bool(_CAP_WORD.fullmatch(nxt)) and nxt not in lexicon.TITLES


def initials(name: str) -> str | None:
    """The acronym a name of three or more capitalised words would have ("RSSA").

    A word that is an acronym itself gives all its letters: "U.S. Travel
    Association" is "USTA", not "UTA".
    """
    words = [w for w in re.split(r"[\s-]+", name) if w not in _SMALL]
    if len(words) < 3 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w.replace(".", "") if is_acronym(w) else w[0] for w in words)


def is_term(acronym: str, index: Index) -> bool:
    """Whether the story spells ``acronym`` out in lower-case words: "substance use disorder (SUD)".

    Once right before the acronym in brackets, or twice anywhere ("people
    with substance use disorders ... patients with SUD ... substance use
    disorders"): three words that merely start with the right letters do not
    come back.
    """
    letters = acronym.replace(".", "").lower()
    seen, bracketed = index.terms.get(letters, (0, False))
    return bracketed or seen >= 2


def settle(out: dict[str, set[str]], headline: str, text: str) -> dict[str, str]:
    """Merge or drop the acronyms among ``out["organisations"]``; return acronym -> full name used."""
    orgs = out["organisations"]
    merged: dict[str, str] = {}
    found = sorted(a for a in orgs if is_acronym_name(a))
    if not found:
        return merged
    index = Index.of(text, frozenset(a.replace(".", "").upper() for a in found))
    for acronym in found:
        if is_term(acronym, index):
            orgs.discard(acronym)
            continue
        long = full_name(acronym, index)
        if long is not None:
            orgs.discard(acronym)
            orgs.add(long)
            merged[acronym] = long
        elif index.plain.get(acronym, 0) < 2 and acronym not in headline.split():
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
