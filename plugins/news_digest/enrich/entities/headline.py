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
_NOT_NAME = lexicon.COMMON | lexicon.TITLES | lexicon.DEMONYMS | lexicon.DATE_WORDS


def headline_runs(headline: str) -> list[list[str]]:
    """Runs of capitalised name words in ``headline`` (connectors allowed inside)."""
    runs: list[list[str]] = []
    current: list[str] = []
    tokens = tokenise(headline)
    for k, tok in enumerate(tokens):
        word = bare(tok)
        if (is_cap(tok) and word not in _NOT_NAME and word.isalpha()) or _inner_connector(tokens, k, current):
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

    ``known`` holds every word of the names found so far: a run that is
    part of one of them ("Ridley-Thomas" of "Mark Ridley-Thomas") adds
    nothing. One word: an organisation or product (its surname use, when it
    is a person's, is merged later). Several: a person when the last word
    recurs alone, a place after "in"/"of", else an organisation.
    """
    for run in headline_runs(headline):
        text = " ".join(run)
        if not run or all(word in known for word in run if word not in lexicon.CONNECTORS):
            continue
        mentions = re.findall(rf"(?<![\w’'-])(\w+\s+)?{re.escape(text)}(?![\w-])", body)
        if not mentions:
            continue
        key = tuple(run)
        if len(run) == 1:
            if len(text) > 1 and (len(mentions) >= 2 or text.isupper()):
                found.orgs.add(text)
            continue
        if run[-1] in lexicon.ORG_SUFFIXES:
            found.orgs.add(text)
        elif run[-1] in found.singles or (
            len(run) <= 3 and run[0] not in lexicon.PLACE_HEADS and _said(text, body)
        ):
            found.people[key] = 2
        elif any(
            before.strip() in lexicon.PLACE_PREPOSITIONS or before.strip() == "of" for before in mentions
        ):
            found.places.append(key)
        else:
            found.orgs.add(text)


def _said(name: str, body: str) -> bool:
    """Whether a speech verb follows the name somewhere ("Ada Rusk said")."""
    verbs = "|".join(sorted(lexicon.SPEECH_VERBS))
    return re.search(rf"{re.escape(name)},?\s+(?:{verbs})\b", body) is not None
