"""Names the headline shares with the body: the story's subjects.

Headline capitals are style ("Storms Move Out But ..."), so a headline run
of capitalised words counts only when the body uses the same words with the
same capitals: "Ubisoft", "Shohei Ohtani", "West Fargo". That is how a
company or product in a headline ("Apple" in a laptop launch) is not missed
when the body never gives it a title, a suffix or a "said".
"""

from __future__ import annotations

import re

from ... import lexicon
from .classify import Found
from .tokens import ARTICLE, bare, is_cap, tokenise

# Words that end a headline run or are trimmed from its ends.
_NOT_NAME = lexicon.COMMON | lexicon.TITLES | lexicon.DEMONYMS | lexicon.DATE_WORDS | lexicon.TIME_ZONES


def headline_runs(headline: str) -> list[list[str]]:
    """Runs of capitalised name words in ``headline`` (connectors allowed inside)."""
    runs: list[list[str]] = []
    current: list[str] = []
    tokens = tokenise(headline)
    for k, tok in enumerate(tokens):
        word = bare(tok)
        if (is_cap(tok) and word not in _NOT_NAME and word.removesuffix("+").isalpha()) or _inner_connector(
            tokens, k, current
        ):
            current.append(word)
            if word != tok:  # a possessive ends the name: "Ohtani’s Japan"
                runs.append(current)
                current = []
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    # Connectors never end a name.
    return [run[: _last_name(run) + 1] for run in runs if _last_name(run) >= 0]


def _inner_connector(tokens: list[str], k: int, current: list[str]) -> bool:
    tok = tokens[k]
    nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
    return bool(current) and (tok in lexicon.CONNECTORS or tok == ARTICLE) and is_cap(nxt)


def _last_name(run: list[str]) -> int:
    for k in range(len(run) - 1, -1, -1):
        if run[k] not in lexicon.CONNECTORS and run[k] != ARTICLE:
            return k
    return -1


def add_headline_names(headline: str, body: str, found: Found, known: set[str]) -> None:
    """Add headline runs the body repeats word for word to ``found``.

    ``known`` holds the names found so far: a run that is part of one of
    them ("Ridley-Thomas" of "Mark Ridley-Thomas") adds nothing. A title-case
    headline glues words to a name ("Ubisoft Develops Tool"): when the body
    never has the whole run, its longest pieces that the body has on their
    own count instead. One word: an organisation or product (its surname
    use, when it is a person's, is merged later), when the body has it twice
    away from a sentence start. Several: a person when the last word recurs
    alone, a place after "in"/"of", else an organisation.
    """
    for run in headline_runs(headline):
        if _person_by_surname(run, body, found):
            found.people[tuple(run)] = 2
            continue
        for piece in _pieces(run, body):
            _add(piece, body, found, known)


def _person_by_surname(run: list[str], body: str, found: Found) -> bool:
    """Whether a headline's two or three words are a person the body calls by the surname only.

    "People Are 'So Over' Ada Rusk After ...", and a body that says "Rusk"
    again and again but never "Ada Rusk": the headline gives the full name.
    Not when the body uses the first word alone too ("Tesla Cybertruck"
    beside "Tesla"), nor for ordinary, place or body words.
    """
    if not 2 <= len(run) <= 3 or " ".join(run) in body:
        return False
    first, last = run[0], run[-1]
    words = set(run)
    return (
        found.alone[last] >= 2
        and found.alone[first] == 0
        and first not in found.gaz_names()
        and not words & (lexicon.COMMON | lexicon.ORG_SUFFIXES | lexicon.PLACE_HEADS | lexicon.CONNECTORS)
        and not any(w.lower() in found.plain or w.lower() in found.common for w in run)
        and not any(w.isupper() for w in run)
    )


# Longer headline runs are titles of works or events, not names.
_MAX_WORDS = 5


def _pieces(run: list[str], body: str) -> list[list[str]]:
    """``run`` if the body has it on its own, else its longest such pieces, left to right."""
    out: list[list[str]] = []
    start = 0
    while start < len(run):
        for end in range(len(run), start, -1):
            piece = run[start:end]
            if piece[0] in lexicon.CONNECTORS or piece[-1] in lexicon.CONNECTORS:
                continue
            if _mentions(" ".join(piece), body):
                out.append(piece)
                start = end
                break
        else:
            start += 1
    return out


def _mentions(text: str, body: str) -> list[tuple[str, bool]]:
    """Each time the body has ``text``: (the word before, whether a sentence starts there)."""
    out: list[tuple[str, bool]] = []
    # Plain string search, as ``(?<![\w’'-])TEXT(?![\w-])`` finds them (left to right, none
    # overlapping): each piece tried is new text, and a pattern compiled for each cost more
    # than the search.
    at = body.find(text)
    while at >= 0:
        end = at + len(text)
        opens = at == 0 or not _joined(body[at - 1], "’'-")
        if opens and (end == len(body) or not _joined(body[end], "-")):
            head = body[max(0, at - 40) : at].rstrip()
            before = head.split()[-1] if head.split() else ""
            out.append((before, not head or head[-1] in ".!?:\"“‘'"))
            at = body.find(text, end)
        else:
            at = body.find(text, at + 1)
    return out


def _joined(char: str, joiners: str) -> bool:
    """Whether ``char`` is a word character (``\\w``: a letter, a digit or "_") or one of ``joiners``."""
    return char.isalnum() or char == "_" or char in joiners


def _add(run: list[str], body: str, found: Found, known: set[str]) -> None:
    """One headline name the body repeats, sorted into ``found``."""
    text = " ".join(run)
    if any(f" {text} " in f" {name} " for name in known):
        return
    mentions = _mentions(text, body)
    key = tuple(run)
    if len(run) == 1:
        mid = [before for before, initial in mentions if not initial]
        if (
            len(text) > 1
            and (len(mid) >= 2 or text.isupper())
            and text.lower() not in found.plain
            and text not in lexicon.NOT_ACRONYMS
            and not (text.endswith("s") and text[:-1].isupper())  # "ATMs"
        ):
            found.orgs.add(text)
        return
    if any(t in lexicon.DIVISIONS for t in run[:-1]):
        return  # "County Sheriff", cut from "Los Angeles County Sheriff's Deputy"
    if run[-1] in lexicon.ORG_SUFFIXES:
        found.orgs.add(text)
    elif len(run) > _MAX_WORDS:
        return
    elif run[-1] in found.singles or (
        len(run) <= 3 and run[0] not in lexicon.PLACE_HEADS and _said(text, body)
    ):
        found.people[key] = 2
    elif any(before in lexicon.PLACE_PREPOSITIONS or before == "of" for before, _ in mentions):
        found.places.append(key)
    else:
        found.orgs.add(text)


def _said(name: str, body: str) -> bool:
    """Whether a speech verb follows the name somewhere ("Ada Rusk said")."""
    verbs = "|".join(sorted(lexicon.SPEECH_VERBS))
    return re.search(rf"{re.escape(name)},?\s+(?:{verbs})\b", body) is not None
