"""Candidates to names: surnames into full names, aliases into canonical names."""

from __future__ import annotations

from collections import Counter

from ... import lexicon
from . import world
from .classify import Found
from .gazetteer import Gazetteer
from .tokens import ARTICLE, is_acronym, tokenise


def resolve(found: Found, gaz: Gazetteer) -> dict[str, list[str]]:
    """Merge surnames into full names and apply the gazetteer to candidates."""
    out = {k: set(v) for k, v in found.gaz.items()}
    accepted = set()
    # "brought in Manuel Almunia ... Almunia": after "in", but a person.
    people = dict(found.people)
    # "the Ada Rusk affair ... Ms Rusk": the honorific makes her a person.
    for name in found.modifiers:
        if people.get(name[-1:], 0) >= 2 and len(name) >= 2:
            people[name] = 2
    for name in found.places:
        if len(name) == 2 and name[-1] in found.singles and name[0] not in lexicon.PLACE_HEADS:
            people.setdefault(name, 1)
    # "envoy to Ukraine Kurt Volker": a known place or body glued before a
    # person's name is not part of it.
    for name in [n for n in people if len(n) >= 3 and gaz.get(n[:1]) is not None and gaz.get(n) is None]:
        strength = people.pop(name)
        people[name[1:]] = max(strength, people.get(name[1:], 0))
    for name in found.firms:
        people.pop(name, None)  # "firm Ardley Vane ... Ardley Vane's staff": a body
    for name, strength in people.items():
        known = gaz.get(name)
        if known is not None:
            out[known[0]].add(known[1])
        elif (
            len(name) >= 2
            and (
                strength >= 2
                or name[-1] in found.singles
                or (
                    _first_name(name) and found.alone[name[0]] >= RECURRING and (name[0],) not in found.places
                )
                or _repeated_in_full(name, found)
                # "Ashley Smith Robinson ... Ms. Smith Robinson"
                # "Ada van der Berg ... Van der Berg said": a surname with its particles
                or (len(name) >= 3 and people.get(name[1:], 0) >= 2 and not _glued(name[0], found))
            )
        ):
            # A full name without a cue counts if its surname recurs on its
            # own, or its first name does ("Kelly Holmes ... Kelly"); a lone
            # surname or first name is only ever a pointer to a full name.
            accepted.add(name)
    named = set(found.gaz_names()) | found.orgs
    for name in accepted:
        # "Hillary Clinton Obsessed", "Spc Caleb Barnes": a name glued to a
        # caption word or an unknown title.
        if len(name) == 3 and (name[:2] in accepted or (name[1:] in accepted and _glued(name[0], found))):
            continue
        # "Ms. Smith Robinson", "Sgt. La Croix": a double surname after a
        # title points to the full name ("Ashley Smith Robinson").
        if len(name) >= 2 and any(
            len(o) == len(name) + 1 and o[1:] == name and not _glued(o[0], found) for o in accepted
        ):
            continue
        if people[name] < 2 and not _first_word_of_a_person(name[0], found, named):
            continue  # "Married Adeli", "Malaga Benzema": no cue, and no first name
        out["people"].add(" ".join(name))
    surnames = {name[-1] for name in accepted}
    person_words = {word for name in accepted for word in name}
    for name in found.places:
        known = gaz.get(name)
        if known is not None:
            out[known[0]].add(known[1])
        elif name in accepted or name[-1] in surnames or name[0] in lexicon.TITLES:
            continue  # "to Donfried": a person, not a place
        elif len(name) == 1 and name[0] in person_words and not _own_name(name[0], surnames, found):
            continue  # "spoken to Nicolas": Nicolas Anelka
        elif len(name) == 1 and name[0].lower() in found.common:
            continue  # "Flight into Danger": a title; the archive writes "danger"
        elif name[0] not in lexicon.COMMON or (
            len(name) > 1 and (name[0] in lexicon.PLACE_HEADS or name[-1] in lexicon.PLACE_TAILS)
        ):  # ("Persian Gulf")
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
    out["organisations"].update(recurring_names(found, gaz, out))
    whole_names(found, out, {" ".join(name) for name in accepted}, surnames)
    return {k: sorted(v, key=lambda s: (s.lower(), s)) for k, v in out.items()}


RECURRING = 2
"""Mentions on its own after which a one-word name is a name of the story."""


def _repeated_in_full(name: tuple[str, ...], found: Found) -> bool:
    """A two-word name the story repeats whole three times, of words never written in lower case.

    "Tory defector Rhys Morgan ... what Rhys Morgan did": a person whom the
    story never gives a title or a "said", nor a surname on its own. The
    archive's lower-case words keep out titles of works and products
    ("Golden Joystick"); the words must be plain capitalised words.
    """
    return (
        len(name) == 2
        and found.repeats[name] >= 3
        and all(w.isalpha() and w[:1].isupper() and w[1:].islower() for w in name)
        and not any(w.lower() in found.plain or w.lower() in found.common for w in name)
        and name[0] not in lexicon.PLACE_HEADS
        and name[-1] not in lexicon.PLACE_TAILS
    )


def _own_name(word: str, surnames: set[str], found: Found) -> bool:
    """A person's first word the story uses on its own three times or more, as a place: a name of its own.

    "the Europa Clipper mission ... plumes on Europa ... Europa's ocean": a
    person is seldom called by the first name alone, again and again, and
    never "on" or "from" it; a place or a thing named in a longer name is.
    """
    return word not in surnames and found.alone[word] >= 3


def _glued(word: str, found: Found) -> bool:
    """Whether ``word`` before a person's name is a title or an ordinary word, not a first name.

    "Spc Caleb Barnes", "The Notorious Bettie Page": the person is the last
    two words. "Ashley Smith Robinson": all three.
    """
    if word in world.titles():
        return True
    return word not in lexicon.GIVEN_NAMES and (word.lower() in found.plain or word.lower() in found.common)


def _first_word_of_a_person(word: str, found: Found, names: set[str]) -> bool:
    """Whether ``word`` can open a person's name met without a title or "said".

    Not a word the story writes in lower case ("Married Adeli"), unless it is
    a first name that is also a word ("Bill", "Grace"); not a place or body
    the story names ("Malaga Benzema", "Everton Gomis").
    """
    if word in names:
        return False
    return word.lower() not in found.plain or word in lexicon.GIVEN_NAMES


def _word_and_suffix(name: str) -> bool:
    """A name of one word and an organisation word: "Lyric Theatre", "Varn Labs"."""
    words = name.split()
    return len(words) == 2 and words[1] in lexicon.ORG_SUFFIXES


def _first_name(name: tuple[str, ...]) -> bool:
    """Whether ``name`` looks like a first name and more: words of letters, the first not an acronym."""
    first = name[0].split("-")
    return (
        all(p[:1].isupper() and p[1:].islower() for p in first)
        and all(w.replace("-", "").replace("'", "").isalpha() for w in name)
        and not is_acronym(name[-1])
    )  # "Kelly", "Jean-Michel"; not "DirecTV", "NIH"; nor "Pellworth TV", a product


_GENERIC = lexicon.COMMON | lexicon.TITLES | lexicon.DEMONYMS | lexicon.ORG_SUFFIXES | lexicon.PLACE_TAILS


def _one_word_name(word: str) -> bool:
    """Three or more letters, not a generic word.

    Not an acronym either (those have their own rules, see :mod:`.acronyms`),
    nor a plural one ("NPCs"), nor a compound adjective ("Western-funded");
    a double name is fine ("Cordon-Ragot").
    """
    parts = word.split("-")
    return (
        len(word) > 2
        and all(part[:1].isupper() and part.isalpha() for part in parts)
        and not word.isupper()
        and not (word.endswith("s") and word[:-1].isupper())
        and word not in _GENERIC
        and word not in lexicon.PLACE_HEADS
    )


def recurring_names(found: Found, gaz: Gazetteer, names: dict[str, set[str]]) -> list[str]:
    """One-word names the story keeps using: "Ubisoft", "Twitter", "Illumina".

    A company, a product or a team rarely has a title, a suffix or a "said"
    to show it is a name; using it again, always with its capital, does. Not
    a name: a word of a person's name already found ("Chock" for Madison
    Chock, "Keanu" for Keanu Reeves), a word the story also writes in lower
    case, one the archive writes in lower case unless the headline has it
    ("Crime" in a shouted quote; but "Apple" in "Apple unveils ..."), and a
    people's name made from a place ("Californians", "Michiganders").
    """
    taken = {w.casefold() for name in names["people"] for w in name.split()} - _brands(found, names)
    taken |= {name.casefold() for kind in names.values() for name in kind}
    # "Lyric" of the "Lyric Theatre"; "Billy Elliots", the plural of a name.
    taken |= {name.casefold().split()[0] for name in names["organisations"] if _word_and_suffix(name)}
    taken |= {name.casefold() + "s" for kind in names.values() for name in kind}
    out = []
    for word, count in found.alone.items():
        if word.casefold() in taken or gaz.get((word,)) is not None:
            continue
        if _party_like(word, count, found) or (
            count >= RECURRING
            and _one_word_name(word)
            and word.lower() not in found.plain
            and (
                word.lower() not in found.common
                or word in found.headline
                or count >= USED_AS_NAME
                or _team_like(word, count, found)
            )
            and not gaz.is_demonym(word)
            and not (word.endswith("s") and word[:-1] in lexicon.DEMONYMS)  # "Greeks"
        ):
            out.append(word)
    return out


def _team_like(word: str, count: int, found: Found) -> bool:
    """A plural the story always writes capitalised after "the": a team, a party, a band.

    "the Nationals' best chance ... the Nationals can sweeten their offer":
    the archive writes "nationals" in lower case, but a story that never
    does and always says "the Nationals" means the team.
    """
    return word.endswith("s") and not word.endswith("ss") and found.after_the[word] == count


def _brands(found: Found, names: dict[str, set[str]]) -> set[str]:
    """Words that open two or more of the story's names, one not a person's, and stand alone 4+ times.

    "Nissan North America ... Nissan Connect ... Nissan PH ... Nissan said":
    a company's name opens its divisions and products, and the story uses
    it alone again and again; a first name opens one person's name.
    """
    # One name read both as a person and as a body ("Hailey Bieber") is one name, a person's.
    distinct = set().union(*names.values())
    opens = Counter(name.split()[0] for name in distinct if " " in name)
    bodies = {
        name.split()[0]
        for kind in ("organisations", "places")
        for name in names[kind]
        if " " in name and name not in names["people"]
    }
    return {
        w.casefold() for w, n in opens.items() if n >= 2 and w in bodies and found.alone[w] >= USED_AS_NAME
    }


WHOLE = 3
"""Times a run of capitalised words must be written the same way to be a name by that alone."""


def whole_names(found: Found, out: dict[str, set[str]], people: set[str], surnames: set[str]) -> None:
    """Add the runs of capitalised words the story writes whole three times or more, as bodies.

    "Big Machine", "Davis Cup", "Home Depot": a company, a team or a contest
    named with ordinary words has no title, suffix or "said" to show it,
    and its words alone are not names; the story writing the same words
    with the same capitals, again and again, is the sign. Not a run of
    generic words only ("Prime Minister"), with a date word or a lone
    letter ("Strep A"), an honorific or a person in it ("Sir Ravi",
    "President Okafor"), or a piece of a longer name. A one-word name the story never
    uses on its own that is a word of the run was a cut-off piece of it.
    """
    named = {name for names in out.values() for name in names}
    for run, count in found.whole.items():
        words = [w for w in run if w not in lexicon.CONNECTORS and w != ARTICLE]
        text = " ".join(run)
        if (
            count < WHOLE
            or text in named
            or all(w in _GENERIC or w.lower() in lexicon.ROLE_NOUNS for w in words)
            or any(w in lexicon.DATE_WORDS or w in lexicon.TIME_ZONES for w in words)
            or any(w in surnames or w in people or len(w) < 2 for w in words)
            or run[0] in lexicon.HONORIFICS
            or any(f" {text} " in f" {name} " for name in named | people)
        ):
            continue
        for kind in ("organisations", "places"):
            out[kind] -= {w for w in words if w in out[kind] and not found.alone[w]}
        out["organisations"].add(text)


USED_AS_NAME = 4
"""Mentions on its own after which a word the archive also writes in lower case is a name of the story.

"Apple plans ... Apple analyst ... Apple will ... Apple continues": a story
that uses the word again and again, always with its capital and never in
lower case itself, means the company, whatever the archive's recipes say.
"""


def _party_like(word: str, count: int, found: Found) -> bool:
    """A title's word the story keeps using on its own, always capitalised: a party ("Labour").

    Words such as "Labour" stand before names as titles ("Labour Secretary
    ..."), but a story that uses one three times or more with no name after
    it, and never in lower case, means a body by it. Roles ("President",
    "the Chancellor") are written in lower case too, or are role nouns.
    """
    return (
        count >= 3
        and word in lexicon.TITLES
        and word.isalpha()
        and word[:1].isupper()
        and word[1:].islower()
        and word.lower() not in lexicon.ROLE_NOUNS
        and word not in lexicon.HONORIFICS
        and word.lower() not in lexicon.ABBREVIATED_TITLES  # "Rep" of "Rep."
        and word.lower() not in found.plain
    )
