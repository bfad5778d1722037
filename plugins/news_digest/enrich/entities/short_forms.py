"""Short forms of a name the story also gives whole: a first name, initials, a ticker, a people's name.

Each rule takes the story's names by kind (``{kind: set of names}``, as
:func:`.tags._extract` holds them after :func:`.merge.resolve`) and folds a
short form into the whole name, or drops it when the whole name is already
there. The short forms are the way news writes a name the second time
("Mickie" for "Mickie James", "PG" for "Paul George", "BTC" for
"Bitcoin"), not further subjects.
"""

from __future__ import annotations

import re
from collections.abc import Container

from ... import lexicon
from . import world
from .classify import is_title
from .gazetteer import Gazetteer
from .headline import headline_runs
from .tokens import is_acronym

_PLAIN_KINDS = ("organisations", "places")


def first_names(
    out: dict[str, set[str]],
    headline: str,
    body: str,
    gazetteer: Gazetteer,
    lower: tuple[Container[str], ...],
) -> None:
    """A one-word name that is the first name of a person the headline names in full is that person.

    "Obsessive Fans Are The Ones Behind The Supposed Feud Between Selena
    Gomez And Hailey Bieber", over a body that says "Selena" and never
    "Gomez": the headline gives the full name, the body the short one,
    which alone reads as a body. The headline's two words count as a
    person's when the second is a word the body never uses (not "Tesla
    Cybertruck" over a story about the Cybertruck) nor the language writes
    in lower case (``lower``, the story's and the archive's words: not "Apple Being", "Pokemon Reveals"), and
    the short one never opens another name in the body ("Chelsea FC") and
    is the subject of a sentence that goes on with "he" or "she" ("Selena
    posted a photo of herself"), as no body's name is ("Google Bets",
    "Chelsea Activate").
    A name the gazetteer knows ("Jordan") and an acronym are left alone.

    (A first name used alone for a person the body names in full, "Mickie"
    for "Mickie James", is not folded: without a list of first names it
    cannot be told from a body's name opening a product's, "Google" and
    "Google Stadia".)
    """
    named = {name for names in out.values() for name in names}
    heads: dict[str, list[str]] = {}
    for run in headline_runs(headline):
        if (
            len(run) == 2
            and not {*run} & _NOT_PERSON
            and all(w.isalpha() and not w.isupper() for w in run)
            and not any(run[1].lower() in words for words in lower)
            and " ".join(run) not in named
            and not re.search(rf"(?<!\w){run[1]}(?!\w)", body)
        ):
            heads.setdefault(run[0], []).append(run[1])
    for kind in _PLAIN_KINDS:
        for name in list(out[kind]):
            surnames = heads.get(name, [])
            if len(surnames) != 1 or is_acronym(name) or gazetteer.get((name,)) is not None:
                continue
            if re.search(rf"(?<!\w){name} [A-Z]", body) or not _person_pronoun(name, body):
                continue
            out[kind].discard(name)
            out["people"].add(f"{name} {surnames[0]}")


def first_names_alone(out: dict[str, set[str]], body: str, gazetteer: Gazetteer) -> None:
    """Drop a one-word name that is the first name of one person the story names in full.

    "Bully Ray and Masha Slamovich vs Tommy Dreamer and Mickie James ...
    Bully tags to Masha. Mickie hits punches in Masha": sport, wrestling and
    interviews call people by their first name once they are introduced
    ("Steven is not for sale" of Steven Gerrard). The one word is that person,
    not a further subject. Left alone: a name the gazetteer knows ("Jordan"),
    an acronym, a word that opens two people's names ("Josh Alexander", "Josh
    Hart"), and a word the body also writes before a capitalised word that is
    not the person's surname ("Google Stadia" beside "Google Play"): that one
    opens other names too, as a body's or a brand's name does.
    """
    firsts: dict[str, list[str]] = {}
    for person in out["people"]:
        words = person.split()
        if len(words) >= 2:
            firsts.setdefault(words[0], []).append(person)
    if not firsts:
        return
    for kind in _ALL_KINDS:
        for name in list(out[kind]):
            people = firsts.get(name, [])
            if len(people) != 1 or name not in lexicon.FIRST_NAMES or gazetteer.get((name,)) is not None:
                continue
            if _opens_other_names(name, people[0], body):
                continue
            out[kind].discard(name)


_ALL_KINDS = ("people", "organisations", "places")


def _opens_other_names(word: str, person: str, body: str) -> bool:
    """Whether ``body`` writes ``word`` before a capitalised word other than ``person``'s next one."""
    at = body.find(f"{word} ")
    while at >= 0:
        end = at + len(word) + 1
        before_ok = at == 0 or not (body[at - 1].isalnum() or body[at - 1] in "-'’")
        if before_ok and end < len(body) and body[end].isupper() and not body.startswith(person, at):
            return True
        at = body.find(f"{word} ", end)
    return False


_PRONOUNS = r"\b(?:he|she|him|her|his|hers|himself|herself)\b"


def _person_pronoun(name: str, body: str) -> bool:
    """Whether a sentence opens with ``name`` and a verb and goes on with a person's pronoun."""
    opening = rf"(?:^|[.!?]\s+|,\s+){re.escape(name)} [a-z][^.!?]*{_PRONOUNS}"
    return re.search(opening, body) is not None


# Words a person's name never holds (the headline rule above reads title case).
_NOT_PERSON = (
    lexicon.COMMON
    | lexicon.TITLES
    | lexicon.ORG_SUFFIXES
    | lexicon.PLACE_HEADS
    | lexicon.PLACE_TAILS
    | lexicon.DEMONYMS
    | lexicon.DATE_WORDS
    | lexicon.CONNECTORS
)


def people_initials(out: dict[str, set[str]]) -> None:
    """Drop a two- or three-letter acronym that is the initials of one person the story names in full.

    "PG went down ... tallying wins for PG" in a story about Paul George:
    sport and politics call people by their initials; the letters name the
    person already tagged, not a body.
    """
    initials: dict[str, set[str]] = {}
    for person in out["people"]:
        words = person.replace("-", " ").split()
        if 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words):
            initials.setdefault("".join(w[0] for w in words), set()).add(person)
    for name in list(out["organisations"]):
        if is_acronym(name) and "." not in name and len(initials.get(name, ())) == 1:
            out["organisations"].discard(name)


def tickers(out: dict[str, set[str]], text: str) -> None:
    """An acronym given in brackets after one capitalised word it abbreviates is that word's name.

    "Bitcoin (BTC) has a fixed maximum supply ... 21 million BTC": a
    ticker or a currency's code is written from the letters of one word
    (B-i-t-C-oin), not from the initials of several, so the initials rule of
    :mod:`.acronyms` never finds it.
    """
    for name in list(out["organisations"]):
        if not is_acronym(name) or "." in name or f"({name})" not in text:
            continue
        for m in re.finditer(rf"(?<![\w-])([A-Z][a-z]+) \({name}\)", text):
            word = m.group(1)
            if word not in lexicon.COMMON and _spells(name, word):
                out["organisations"].discard(name)
                out["organisations"].add(word)
                break


def _spells(acronym: str, word: str) -> bool:
    """Whether the letters of ``acronym`` are the first letter of ``word`` and then letters of it in order."""
    rest = word.lower()
    if rest[:1] != acronym[:1].lower():
        return False
    at = 1
    for letter in acronym[1:].lower():
        at = rest.find(letter, at) + 1
        if at == 0:
            return False
    return True


# Endings that make a people's name of a place's: Minnesota -> Minnesotans, Texas -> Texans.
_PEOPLE_ENDINGS = ("ns", "ans", "ians", "ers", "ites")


def people_of_places(out: dict[str, set[str]]) -> None:
    """Drop a one-word plural that is the people of a place the story names: "Minnesotans", "Texans".

    A people's name is no subject of its own beside the place (the
    demonym list cannot hold every state's and city's people).
    """
    stems = set()
    for place in out["places"]:
        stems.add(place)
        stems.add(place[:-1])  # "Minnesota" -> "Minnesot" + "ans", "Texas" -> "Texa" + "ns"
    for kind in _PLAIN_KINDS:
        for name in list(out[kind]):
            if " " in name or not name.endswith("s"):
                continue
            if any(name.endswith(e) and name[: -len(e)] in stems for e in _PEOPLE_ENDINGS):
                out[kind].discard(name)


def cut_first_words(
    out: dict[str, set[str]], body: str, gazetteer: Gazetteer, lower: tuple[Container[str], ...]
) -> None:
    """A name of two or more words that the story always writes after the same capitalised word is cut short.

    "Financial Conduct Authority, the UK's financial market supervisor":
    at a sentence start "Financial" read as an ordinary word (the story
    writes "financial" too). When every use of the name has the same word in
    front, the name is the whole run. Not a title or role ("President Joe
    Biden", "Undersheriff Larry Waldie"), a known name ("Ukraine Kurt
    Volker", "the Mayor of Port Aster Elin Sarko"), a body's word ("Murder House OTP Tate"), an acronym ("US
    Justice Department"), a possessive, a number, a date word or an
    ordinary word ("When Joe Biden ...") in front: those are not the name's.
    Only the body's paragraphs (``body``, one a line) are read: a title-case
    headline capitalises every word. A
    name the gazetteer knows is whole already ("Remember New Jersey’s
    epic quest").
    """
    for kind in ("people", "organisations", "places"):
        for name in list(out[kind]):
            if " " not in name or name not in body or gazetteer.get(tuple(name.split())) is not None:
                continue
            uses = []
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", body):
                head = body[max(0, m.start() - 80) : m.start()]
                words = head.split() if head.endswith(" ") and not head.endswith("  ") else []
                uses.append((words[-4:-1], words[-1] if words else ""))
            fronts = {front for _, front in uses}
            if len(fronts) != 1:
                continue
            front = next(iter(fronts))
            if not _front_word(front) or any(_ends_known(before, front, gazetteer) for before, _ in uses):
                continue
            if kind == "people" and (
                front in world.titles() or front in lexicon.DEMONYMS or any(front.lower() in w for w in lower)
            ):
                # "City Engineer Dan Hanson": nameparser's roles are peeled from people only;
                # "Enter Osric Vane": a word written in lower case opens no person's name; and a
                # demonym before a person is a nationality (sport copy: tried, it cost the bbc
                # seventh set four right tags while it fixed "Christian Gottlob Neefe").
                continue
            whole = f"{front} {name}"
            out[kind].discard(name)
            if not any(whole in names for names in out.values()):
                out[kind].add(whole)


def _ends_known(before: list[str], front: str, gazetteer: Gazetteer) -> bool:
    """Whether ``front``, with none to three of the words ``before`` it, is a name the gazetteer knows."""
    return any(gazetteer.get((*before[len(before) - k :], front)) is not None for k in range(len(before) + 1))


def _front_word(word: str) -> bool:
    """Whether ``word``, right before a name every time, is the name's own first word."""
    return (
        word.isalpha()
        and word[:1].isupper()
        and not word.isupper()
        and word not in lexicon.COMMON
        and word not in lexicon.DATE_WORDS
        and word.lower() not in lexicon.SENTENCE_STARTERS
        and word not in lexicon.NUMBER_WORDS
        and word not in lexicon.ORG_SUFFIXES
        and not is_title(word)
    )


def terms_in_brackets(out: dict[str, set[str]], text: str) -> None:
    """Drop an acronym the story only ever defines in brackets after lower-case words.

    "The DeFi sector decreased the total value of protocols (TVL)": the
    words before the bracket are a term's, written in lower case, even
    when their initials do not spell the letters exactly (so the rule of
    :func:`.acronyms.is_term` misses it: "the total value in locked
    protocols (TVL)"). Within six lower-case words before every bracket, a
    word that is not a small one ("the") starts with the acronym's first
    letter; a capitalised name right before a bracket keeps the acronym.
    """
    for name in list(out["organisations"]):
        if not is_acronym(name) or "." in name or f"({name})" not in text:
            continue
        befores = [m.group(1).split() for m in re.finditer(rf"((?:\S+ ){{1,6}})\({name}\)", text)]
        if befores and all(_lower_term(words, name) for words in befores):
            out["organisations"].discard(name)


def _lower_term(words: list[str], acronym: str) -> bool:
    """Whether ``words`` end in lower-case words, one of which starts with the acronym's first letter."""
    tail: list[str] = []
    for word in reversed(words):
        if not re.fullmatch(r"[a-z][a-z-]*", word):
            break
        tail.append(word)
    return bool(tail) and any(w[0] == acronym[0].lower() and w not in _SMALL_WORDS for w in tail)


_SMALL_WORDS = frozenset(("the", "a", "an", "of", "in", "on", "for", "and", "to", "at", "by", "with"))
