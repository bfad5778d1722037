"""Runs of capitalised words sorted into people, organisations and places."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ... import lexicon
from . import world
from .gazetteer import KINDS
from .tokens import ARTICLE, POSSESSIVES, bare, is_acronym, is_cap

# Words a name never starts with: "The", "On", "Monday".
_NOT_FIRST = lexicon.COMMON | lexicon.DATE_WORDS


def _date_word(word: str, nxt: str) -> bool:
    """A month, weekday or holiday; not a month's short form used as a first name.

    "Jan Bolz": a month's abbreviation without its dot, before a capitalised
    word that is not a date word, is a first name ("Jan 6" stays a date).
    """
    if word not in lexicon.DATE_WORDS:
        return False
    return not (
        word.lower() in lexicon.MONTH_ABBREVIATIONS
        and nxt[:1].isupper()
        and nxt not in lexicon.DATE_WORDS
        and nxt not in lexicon.COMMON
    )


@dataclass
class Found:
    """What one story yields before surname merging."""

    gaz: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in KINDS})
    people: dict[tuple[str, ...], int] = field(default_factory=dict)
    """Full-name candidates -> strength (2 = cue seen, 1 = no cue yet)."""
    singles: set[str] = field(default_factory=set)
    """Capitalised words met on their own (surname candidates)."""
    repeats: Counter[tuple[str, ...]] = field(default_factory=Counter)
    """How often each full-name candidate was met whole."""
    alone: Counter[str] = field(default_factory=Counter)
    """Capitalised words met as a run of their own, with no title before them."""
    after_the: Counter[str] = field(default_factory=Counter)
    """How many of those uses follow a lower-case "the" ("the Nationals")."""
    plain: frozenset[str] = frozenset()
    """The words the story writes in lower case."""
    common: frozenset[str] = frozenset()
    """The words the archive writes in lower case (see :func:`.tags.common_words`)."""
    headline: frozenset[str] = frozenset()
    """The words of the story's headline."""
    orgs: set[str] = field(default_factory=set)
    firms: set[tuple[str, ...]] = field(default_factory=set)
    """Names met right after "firm", "retailer" and the like: not people."""
    modifiers: set[tuple[str, ...]] = field(default_factory=set)
    """Names between "the" and a lower-case noun ("the Ada Rusk affair"): people if titled elsewhere."""
    places: list[tuple[str, ...]] = field(default_factory=list)
    whole: Counter[tuple[str, ...]] = field(default_factory=Counter)
    """How often each run of two to four capitalised words was met as written (see :func:`count_whole`)."""

    def gaz_names(self) -> list[str]:
        """The canonical names the gazetteer matched, every kind."""
        return [name for names in self.gaz.values() for name in names]


def runs(
    tokens: list[str],
    used: list[bool],
    initial: set[int],
    mid_caps: set[str],
    plain: frozenset[str] = frozenset(),
    common: frozenset[str] = frozenset(),
) -> Iterable[tuple[int, int]]:
    """Yield ``(start, end)`` of runs of capitalised tokens not taken by the gazetteer.

    ``mid_caps`` holds the words the story capitalises away from a sentence
    start, ``plain`` the words it writes in lower case, ``common`` the words
    the archive writes in lower case.
    """
    n = len(tokens)
    # Capitalised words (isupper() is False for digits and punctuation);
    # not a shouted common word ("NO Crime") nor a compound adjective
    # ("Democratic-run Senate").
    caps = {i for i, t in enumerate(tokens) if t[0].isupper() and not used[i] and _name_word(t)}

    def capital(j: int) -> bool:
        # A sentence-initial capital is an ordinary word unless the story
        # also capitalises it elsewhere, or it opens a name: "House Energy
        # Committee Chairwoman ...", "Bank of Ostia said".
        if j not in caps:
            return False
        return j not in initial or bare(tokens[j]) in mid_caps or _opens_name(tokens, j, caps, plain, common)

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
            # "President of the Russian Federation", "Committee on Ethics".
            k = j
            if tokens[k] in lexicon.CONNECTORS or (
                # "Committee on Ethics", not "Administration on Thursday"
                tokens[k] == "on"
                and tokens[k - 1] in lexicon.ORG_SUFFIXES
                and k + 1 < n
                and tokens[k + 1] not in lexicon.DATE_WORDS
            ):
                k += 1
                if k < n and tokens[k] == ARTICLE and tokens[k - 1] in ("of", "for"):
                    k += 1
            elif tokens[k] in _AND and _joins(tokens, i, k, capital):
                k += 1
            elif _model_number(tokens[k]) and tokens[k - 1] not in lexicon.DATE_WORDS:
                k += 1  # "Harrow 919 Falcon", "Premium 3D Sound System": a model's number inside a name
            if k > j and k < n and capital(k):
                j = k
                continue
            break
        yield i, j
        end = j


_AND = frozenset(("and", "&"))


# A body's prize or cup after its name: "Film Academy Award", "Sailing Club Trophy".
_PRIZES = frozenset(("Award", "Awards", "Prize", "Prizes", "Medal", "Trophy", "Cup"))


def _model_number(tok: str) -> bool:
    """A number of up to four characters that is not a year ("919", "3D", "4K"; not "2019")."""
    year = len(tok) == 4 and tok.isdigit() and tok[:2] in ("19", "20")
    return tok[:1].isdigit() and len(tok) <= 4 and not year


def _name_word(tok: str) -> bool:
    """Whether a capitalised token can be part of a name (see :func:`runs`)."""
    if len(tok) > 1 and tok.isupper() and tok.capitalize() in lexicon.COMMON:
        return False
    if tok.lower() in lexicon.SPEECH_VERBS:
        return False  # 'Said Williams: "..."'

    return not any(part[:1].islower() for part in tok.split("-")[1:])


def _opens_name(
    tokens: list[str], j: int, caps: set[int], plain: frozenset[str], common: frozenset[str] = frozenset()
) -> bool:
    """Whether the sentence-initial capital at ``j`` is the first word of a name.

    It is when an organisation word opens "X of Y" ("Department of Health
    officials said"), or when a capital follows and the word is neither a
    common word nor one the story writes in lower case ("Madison Chock and
    ...", but not "Officials Said" or "Like Andy"), nor a compound of words
    the story or the archive writes in lower case ("War-Zone Athens").
    """
    tok = bare(tokens[j])
    nxt = j + 1
    if tok in lexicon.ORG_SUFFIXES and nxt + 1 < len(tokens) and tokens[nxt] in ("of", "for"):
        return nxt + 1 in caps
    if nxt not in caps or tokens[j] != tok:
        return False
    if tok in lexicon.HONORIFICS:
        return True  # "Dr Ilse Brandt agreed": an honorific always opens a name
    if "-" in tok and all(part.lower() in plain or part.lower() in common for part in tok.split("-")):
        return False  # "War-Zone Athens", "Follow-Up Report": a compound of plain words
    return (
        (tok in lexicon.GIVEN_NAMES or (tok not in lexicon.COMMON and tok.lower() not in common))
        and not _date_word(tok, tokens[nxt])
        and tok.lower() not in lexicon.SENTENCE_STARTERS
        and tok.lower() not in plain
        and not tok.endswith("ing")  # "Following Quantumania, ..."
    )


# Words that are never part of a person's name: after a title, a run of
# them is still an organisation ("Department of Health and Human Services").
_NOT_IN_PERSON = lexicon.TITLES | lexicon.ORG_SUFFIXES | lexicon.CONNECTORS | _AND | {ARTICLE}


def _joins(tokens: list[str], start: int, k: int, capital: Callable[[int], bool]) -> bool:
    """Whether "and"/"&" at ``k`` is inside an organisation's name.

    It is when the words after it end the name with an organisation word
    ("National Oceanic and Atmospheric Administration", "Centers for
    Medicare & Medicaid Services"), or when the name so far is an
    organisation word with "of"/"on"/"for" and two more words follow
    ("Council of State and Territorial Epidemiologists"). "Texas and
    Oklahoma" and "Bank of England and Barclays" stay two names.
    """
    after = []
    m = k + 1
    while m < len(tokens) and capital(m) and not tokens[m - 1].endswith(POSSESSIVES):
        after.append(bare(tokens[m]))
        m += 1
    before = tokens[start:k]
    if (
        tokens[k] == "&"
        and after
        and not _ends_in_person(before)
        and not (is_acronym(before[-1]) and is_acronym(after[0]))
    ):
        # "Bike & Style", "Harrow & Vane": an ampersand between capitals is
        # a name's own spelling; prose joins two names with "and" (two
        # bodies' acronyms stay two: "WBA & IBF").
        return True
    if not after or len(after[0]) < 2 or len(before[-1]) < 2:
        return False  # "R&D", "AT&T": one word, not two names
    if (
        after[-1] in lexicon.ORG_SUFFIXES
        and after[-1] not in lexicon.SHARED_SUFFIXES  # "Emily Blunt and Nathalie Press"
        and (
            before[-1] not in lexicon.ORG_SUFFIXES or _field(before[-1], after) or _body_field(before, after)
        )
        and before[-1] not in lexicon.COMMON  # "Heineken Cup and Celtic League"
        and not _ends_in_person(before)  # "Police Chief Ada Rusk and Fire Department"
    ):
        return True
    inside = any(
        before[p] in lexicon.ORG_SUFFIXES and before[p + 1] in ("of", "on", "for")
        for p in range(len(before) - 1)
    )
    # "Survey on Drug Use and Health", "Corporation for Assigned Names and
    # Numbers": after "on" or "for" the words name the body's field, and
    # "and" goes on with it ("Bank of England and Barclays" stays two).
    field_of = any(
        before[p] in lexicon.ORG_SUFFIXES and before[p + 1] in ("on", "for") and len(before) - p >= 3
        for p in range(len(before) - 1)
    )
    return field_of or (inside and (len(after) >= 2 or tokens[k - 2] == "on"))


def _field(word: str, after: list[str]) -> bool:
    """An organisation's word in the plural before "and", a body's word after: one body's fields.

    "Securities and Exchange Commission", "Parks and Wildlife Service": a
    plural ("Securities", "Parks") names what the body deals with, not a
    body ("the Treasury Department and Justice Department" stays two), and the
    body's word after it is singular ("Corvane Foods and Harrow Advisers"
    are two firms).
    """
    return word.endswith("s") and not word.endswith("ss") and len(after) >= 2 and not after[-1].endswith("s")


def _body_field(before: list[str], after: list[str]) -> bool:
    """A body's word, a field, "and", another field and the body's kind: one body.

    "House Energy and Commerce Committee", "Senate Energy and Natural
    Resources Committee": the word before "and" names a field of the body
    before it, even when it can end a firm's name ("Harrow Energy"); two
    bodies of one kind stay two ("Treasury Department and Justice
    Department").
    """
    return (
        len(before) >= 2
        and before[-2] in lexicon.ORG_SUFFIXES
        and before[-2] not in lexicon.SHARED_SUFFIXES
        and before[-1] != after[-1]
    )


def _ends_in_person(words: list[str]) -> bool:
    """Whether ``words`` end in a title and two or more other words ("Chief Ada Rusk")."""
    last = max((p for p, w in enumerate(words) if w in lexicon.TITLES), default=-1)
    return last >= 0 and len(words) - last - 1 >= 2


def _suffix_at(name: list[str], k: int) -> bool:
    """Whether ``name[k]`` is an organisation's word.

    A first name that is also one opens a person's name: "Bill Morrow".
    """
    first_name = k == 0 and len(name) > 1 and name[k] in lexicon.GIVEN_NAMES
    return name[k] in lexicon.ORG_SUFFIXES and not first_name


def _suffix_ends_field(run: list[str], j: int) -> bool:
    """Whether "and" at ``run[j]`` goes on to the body's own word.

    "House Energy and Commerce Committee": the words after "and" end in a
    body's word before any connector. :func:`runs` keeps an "and" inside a
    run only where it joins one name (:func:`_joins`).
    """
    for word in run[j + 1 :]:
        if word in lexicon.CONNECTORS or word in _AND or word == ARTICLE:
            return False
        if word in lexicon.ORG_SUFFIXES and word not in lexicon.SHARED_SUFFIXES:
            return True
    return False


def _org_span(run: list[str]) -> tuple[int, int] | None:
    """Where an organisation name sits in ``run``, from its suffix word.

    Backwards from the suffix over capitalised words ("Nassau County District
    Court", "Russian Foreign Ministry"), stopping at a connector so that
    "Commissioner Neil Basu of the Metropolitan Police" keeps only
    "Metropolitan Police"; forwards through "of/for/on X" ("Metropolitan
    Museum of Art", "Department of Health and Human Services") up to a title
    that starts a person's name ("Bank of Ostia Governor Mark Lind" ->
    "Bank of Ostia").
    """
    # (A first name that is also a law's word opens a person: "Bill Morrow".)
    k = next((k for k in range(len(run)) if _suffix_at(run, k)), None)
    if k is None:
        return None
    # Extend to the last suffix before a connector: "Old Vic Theatre School",
    # "United Dock Workers' Union", "House Intelligence Committee Chairman
    # Ines Kalder" (a person's name follows the last suffix, never sits
    # between two).
    for j in range(k + 1, len(run)):
        if run[j] in _AND and run[j - 1] in lexicon.ORG_SUFFIXES and _field(run[j - 1], run[j + 1 :]):
            continue  # "Securities and Exchange Commission"
        if run[j] == "&":
            continue  # "Harrow University Corvane & Vane School of Law": the ampersand is the name's
        if run[j] in _AND and _suffix_ends_field(run, j):
            continue  # "House Energy and Commerce Committee": two fields, one body
        if run[j] in lexicon.CONNECTORS or run[j] == ARTICLE or run[j] == "on" or run[j] in _AND:
            break
        if run[j] in lexicon.ORG_SUFFIXES:
            k = j
    begin = k
    while begin > 0 and run[begin - 1] not in lexicon.CONNECTORS and run[begin - 1] != ARTICLE:
        begin -= 1
    # A law's title runs through "of" ("Parents' Bill of Rights Act").
    while run[k] in lexicon.LAWS and begin > 1 and run[begin - 1] == "of" and is_cap(run[begin - 2]):
        begin -= 2
        while begin > 0 and run[begin - 1] not in lexicon.CONNECTORS and run[begin - 1] != ARTICLE:
            begin -= 1
    stop = k + 1
    if stop < len(run) and run[stop] in _PRIZES:
        # "Harbour Film Academy Award (for Best Film)": the body's prize is a
        # name of its own; its category after "for" is not.
        return begin, stop + 1
    if 1 <= len(run) - stop <= 2 and run[stop] in lexicon.PLACE_HEADS and run[stop] not in lexicon.COMMON:
        return begin, len(run)  # a campus: "Texas Tech University Health Sciences Center El Paso"
    if stop + 1 < len(run) and run[stop] in ("of", "for", "on"):
        stop = len(run)
        for p in range(k + 2, len(run) - 1):
            rest = run[p + 1 :]
            if run[p] in lexicon.TITLES and not any(w in _NOT_IN_PERSON for w in rest):
                stop = p
                break
        while stop > k + 1 and (run[stop - 1] in lexicon.CONNECTORS or run[stop - 1] in _AND):
            stop -= 1
    return begin, stop


def classify_run(
    tokens: list[str],
    start: int,
    end: int,
    before: str,
    after: str,
    found: Found,
    context_before: bool,
    place_prefix: bool = False,
    owner_prefix: bool = False,
) -> None:
    """Sort one run into organisation, person or place candidates.

    ``place_prefix``: the token before is a place's acronym ("U.S.");
    ``owner_prefix``: it is an organisation's acronym ("BBC").
    """
    run = [bare(t) if k == end - 1 else t for k, t in enumerate(tokens[start:end], start)]
    run = [t for t in run if t]
    if _mid_sentence_the(run, before) or _owner_then_suffix(tokens, end):
        # "for The Hunger Games": a capitalised article inside a sentence
        # opens a title; "the Bloomington Sam's Club": a business named
        # after its owner, not a person.
        name = [*tokens[start:end], after] if after in lexicon.ORG_SUFFIXES else run
        found.orgs.add(" ".join(name))
        return
    size = _numbered_name(run, before) if not _inside_title(tokens, start) else 0
    if size:
        # "the Six Nations match": a name, though "the" and a noun around it
        # would make it a modifier (see :func:`_classify_name`); what follows
        # it is read on its own ("Six Nations Grand Slam").
        found.orgs.add(" ".join(run[:size]))
        run = run[size:]
    if run and run[-1] in lexicon.EVENT_SUFFIXES and run[-1] in lexicon.COMMON and after in _DETERMINERS:
        run = run[:-1]  # "Fort Worth P.D. Open the door!": a verb before its object, not "... Open"
        after = ""
    # Drop leading articles/common words that slipped in ("The Kremlin"),
    # but not a compass word that opens a place ("West Fargo").
    while (
        run
        and (
            run[0] in lexicon.COMMON
            or _date_word(run[0], run[1] if len(run) > 1 else "")
            or (run[0] in lexicon.NUMBER_WORDS and not _capital_number(run, before))
        )
        and run[0] not in lexicon.ORG_SUFFIXES
        # "Mr Bolz": British style writes the honorific without its dot;
        # it marks a person as "Mr. Bolz" does.
        and not (
            (run[0] in lexicon.PLACE_HEADS or run[0] in lexicon.GIVEN_NAMES or run[0] in lexicon.HONORIFICS)
            and len(run) > 1
        )
        # "Persian Gulf": a language's name before a place's last word, never written in lower case
        and not (len(run) == 2 and run[1] in lexicon.PLACE_TAILS and run[0].lower() not in found.plain)
        and not _event_words(run, before)
    ):
        run = run[1:]
        context_before = False
    # A weekday or month after a name is its time, not its part: "in
    # Vancouver Friday", "Coach Maurice Cheeks Saturday morning".
    while len(run) > 1 and run[-1] in lexicon.DATE_WORDS:
        run = run[:-1]
        after = ""
    # "Lib Dem MPs", "Veldorian MEPs": members of a body are not part of its name.
    if len(run) > 1 and run[-1].endswith("s") and run[-1][:-1] in lexicon.TITLES and run[-1][:-1].isupper():
        run = run[:-1]
        after = ""
    owner = tokens[end - 1] != bare(tokens[end - 1])
    run = _trim(run)  # "City of Stillwater" -> "Stillwater"
    if not run:
        return
    if len(run) == 1 and not context_before and not is_title(before):
        found.alone[run[0]] += 1
        if before == ARTICLE:
            found.after_the[run[0]] += 1
    # "from Nasa's Solar ...": a possessive is an owner, rarely a place.
    if owner:
        before = ""

    if len(run) >= 2 and run[0] in lexicon.SHIP_PREFIXES and all(is_cap(t) for t in run[1:]):
        found.orgs.add(" ".join(run))  # a ship: "INS Mysore", "HMS Kellan"
        return
    span = _org_span(run)
    if span is not None:
        begin, stop = span
        name = _trim(run[begin:stop])
        core = [t for t in name if t not in lexicon.CONNECTORS and t != ARTICLE]
        # "Health Ministry" names no one; "House Intelligence Committee" does,
        # and so does a nation's institution ("Indian Navy", "Greek Parliament").
        # A title before a league's or a contest's word is an adjective, not
        # a portfolio: "the Premier League", "a Senior Championship".
        generic = (
            all(t in lexicon.ORG_SUFFIXES or t in lexicon.TITLES for t in core)
            and sum(t in lexicon.ORG_SUFFIXES for t in core) <= 1
            and core[-1] not in _CONTESTS
        )
        # "BBC World Service": a body's acronym before a short name of its
        # own, no connector in it, is its owner's part of that name (not
        # "U.N. Intergovernmental Panel on Climate Change": a body's full name).
        owned = owner_prefix and len(name) <= 2 and len(core) == len(name) and stop >= len(run)
        if begin == 0 and context_before and is_cap(before) and (generic or place_prefix or owned):
            # "Veldoria Health Ministry", "US Justice Department", "U.S.
            # Travel Association": the gazetteer name in front says whose
            # ministry it is, and an acronym in front is part of the name.
            name, core, generic = [bare(before), *name], [before, *core], False
        if stop >= len(run) and len(after) == 1 and after.isdigit() and name[-1] in _NUMBERED:
            name, core = [*name, after], [*core, after]  # "BBC Radio 4": a station's number is its name's
        if name[-1] in lexicon.CORPORATE and len(core) >= 2:
            found.orgs.add(" ".join(name[:-1]))  # "Illumina Inc." is "Illumina"
        elif len(core) >= 2 and not generic:
            found.orgs.add(" ".join(name))
        # The words before the organisation may still end in a person
        # ("Commissioner Neil Basu of the ..."); so may the words after it.
        _classify_name(_trim(run[:begin]), before, after if stop >= len(run) else "", found, context_before)
        if stop < len(run):
            _classify_name(_trim(run[stop:]), "", after, found, True)
        return
    _classify_name(_trim(run), before, after, found, context_before or _appositive_role(tokens, end))


# Words between an appositive's comma and its role: "Ada Rusk, the
# firm's chief executive, said", "Ada Rusk, an analyst at ...".
_ROLE_OPENERS = frozenset(("a", "an", "the", "its", "his", "her", "their", "our", "former", "then"))
_RANKS = frozenset(("vice", "deputy", "senior", "managing", "executive", "assistant"))


def _appositive_role(tokens: list[str], end: int) -> bool:
    """Whether a comma and a role follow the run: "Philip Knight, chairman and chief executive, said".

    A role noun in apposition says the words before it name a person, as a
    title in front of them does. Up to three words may open the role (an
    article, a possessive, an adjective: "its European chief executive").
    """
    if end >= len(tokens) or tokens[end] != ",":
        return False
    for k in range(end + 1, min(end + 5, len(tokens))):
        word = tokens[k]
        if word in lexicon.ROLE_NOUNS or word in _RANKS:
            return True
        if not (word in _ROLE_OPENERS or word.endswith(POSSESSIVES) or word in lexicon.DEMONYMS):
            return False
    return False


def firm_after_noun(run: list[str], found: Found) -> None:
    """A run right after a noun such as "firm" or "retailer" names an organisation.

    "IT firm Dimension Data", "engineering firm Ardley Vane": with no title,
    suffix or "said", the noun in front is the only sign, and it says the
    name is a body's, not a person's. Up to four words; not a run with a
    title in it ("firm chairman ..."), nor one ordinary word ("the company
    Monday").
    """
    name = _trim([bare(t) for t in run])
    if not 1 <= len(name) <= 4 or any(is_title(t) or t in lexicon.DATE_WORDS for t in name):
        return
    if len(name) == 1 and (
        name[0] in lexicon.COMMON
        or name[0].lower() in found.plain
        or name[0] in lexicon.DEMONYMS
        or not name[0][:1].isupper()
    ):
        return
    found.orgs.add(" ".join(name))
    found.firms.add(tuple(name))


# Organisations' words that a number may end: "Radio 4", "Network 7".
_NUMBERED = frozenset(("Radio", "Television", "Network", "Studios"))


def _plural_term(word: str) -> bool:
    """The plural of an acronym that is a title or a term: "MPs", "CEOs", "DVDs"."""
    single = word[:-1]
    return (
        len(word) > 2
        and word.endswith("s")
        and single.isupper()
        and (single in lexicon.NOT_ACRONYMS or single in lexicon.TITLES)
    )


def _mid_sentence_the(run: list[str], before: str) -> bool:
    """A run of three or more words opened by "The" after a lower-case word ("for The Hunger Games")."""
    return (
        len(run) >= 3
        and run[0] == "The"
        and before[:1].islower()
        and before not in lexicon.SPEECH_VERBS  # 'said The ...' may open a quoted sentence
        and run[-1] not in lexicon.CONNECTORS
        # "The Los Angeles Superior Court": the court's; a title may end like an event ("The Hunger Games").
        and not any(t in lexicon.ORG_SUFFIXES and t not in lexicon.EVENT_SUFFIXES for t in run)
    )


def _owner_then_suffix(tokens: list[str], end: int) -> bool:
    """A possessive right before an organisation's word: "Sam's Club", "Children's Hospital"."""
    last = tokens[end - 1]
    return (
        last != bare(last)
        and end < len(tokens)
        and tokens[end] in lexicon.ORG_SUFFIXES
        and tokens[end] not in lexicon.COMMON  # "Labour's Party"
        and not is_acronym(bare(last))  # "USC's School of Social Work": the owner is a body
        and (end + 1 >= len(tokens) or tokens[end + 1] not in lexicon.CONNECTORS)
    )


def count_whole(tokens: list[str], start: int, end: int, found: Found) -> None:
    """Count the run ``tokens[start:end]`` as written, without the ordinary words that open it.

    A run the story writes the same way again and again is one name, even
    when its words are ordinary ones ("Big Machine", "Davis Cup"): see
    :func:`.merge.whole_names`. Shouted runs are not counted.
    """
    run = [bare(t) if k == end - 1 else t for k, t in enumerate(tokens[start:end], start)]
    while run and (run[0] in lexicon.COMMON or run[0] in lexicon.DATE_WORDS or run[0] == ARTICLE):
        run = run[1:]
    run = _trim(run)
    if 2 <= len(run) <= 4 and not all(t.isupper() for t in run):
        found.whole[tuple(run)] += 1


def _capital_number(run: list[str], before: str) -> bool:
    """Whether ``run`` opens with a number word capitalised inside a sentence: "England's Six Nations opener".

    News writes numbers in lower case there ("six nations"); capitalised, the
    number is the first word of a name ("the Six Nations", "a Big Ten
    title"), not a count before one ("Five Bank of America executives" opens
    a sentence).
    """
    return len(run) > 1 and _inside_sentence(before)


def _inside_sentence(before: str) -> bool:
    """Whether ``before`` (the word before a run) says the run is inside a sentence, not opening one."""
    return bool(before) and (before[0].islower() or before.endswith(("'s", "’s")))


# The last words of a sports body's or a contest's name.
_CONTESTS = lexicon.EVENT_SUFFIXES | {"League", "Leagues"}

# Words that open a verb's object: "Open the door", "Show your ticket" ("Conference this week" is a time).
_DETERMINERS = frozenset(("the", "a", "an", "your", "my", "our"))


def _inside_title(tokens: list[str], start: int) -> bool:
    """Whether the run at ``start`` follows a capitalised word and "and the": the end of a work's title.

    "Snow White and the Seven Dwarfs", "Harry Potter and the Deathly
    Hallows": the words after "and the" finish the title, not a name of their own.
    """
    return (
        start >= 3
        and tokens[start - 1] == ARTICLE
        and tokens[start - 2] in _AND
        and is_cap(tokens[start - 3])
    )


def _event_words(run: list[str], before: str) -> bool:
    """Whether ``run`` is ordinary words capitalised inside a sentence and ending in an event's word.

    "a first Grand Slam", "the Olympic Games": "grand" and "olympic" are
    plain words, but a sentence capitalises them only as an event's name;
    at a sentence start ("Grand jury ...") the capital says nothing.
    """
    return (
        len(run) >= 2
        and run[-1] in lexicon.EVENT_SUFFIXES
        and _inside_sentence(before)
        and all(w[:1].isupper() and w not in lexicon.DATE_WORDS for w in run)
    )


def _numbered_name(run: list[str], before: str) -> int:
    """The length of the name a capitalised number word opens inside a sentence, or 0.

    "the Six Nations match", "their Six Nations opener": news writes counts
    in lower case there, so the capital says the number is a name's first
    word (a team, a contest, a band: "Three Lions", "Five Guys"). The name
    is the number and the capitalised words after it up to the first
    ordinary one ("another Six Nations Grand Slam" is "Six Nations").
    """
    if not (run and run[0] in lexicon.NUMBER_WORDS and _capital_number(run, before)):
        return 0
    size = 1
    while size < len(run) and run[size][:1].isupper() and run[size] not in lexicon.COMMON:
        size += 1
    if size < 2 or any(w in lexicon.DATE_WORDS or w in lexicon.NUMBER_WORDS for w in run[1:size]):
        return 0
    if all(w in lexicon.ORG_SUFFIXES for w in run[size:]) and size < len(run):
        return 0  # "the Six Nations Council": a body's word ends the name (see :func:`_org_span`)
    return size


def _trim(run: list[str]) -> list[str]:
    """Without connectors at either end."""
    lo, hi = 0, len(run)
    while lo < hi and (run[lo] in lexicon.CONNECTORS or run[lo] == ARTICLE or run[lo] in _AND):
        lo += 1
    while hi > lo and (run[hi - 1] in lexicon.CONNECTORS or run[hi - 1] == ARTICLE or run[hi - 1] in _AND):
        hi -= 1
    return run[lo:hi]


def is_title(word: str) -> bool:
    """A title ("Sen.", "Minister") or a role noun written with a capital ("Striker").

    Also a title made of a prefix and a title ("Undersheriff", "Vicechair",
    "Co-Founder"): the prefixes of rank that English glues to a title.
    """
    if word in lexicon.TITLES or word.lower() in lexicon.ROLE_NOUNS:
        return True
    lower = word.lower()
    prefix = next((p for p in _TITLE_PREFIXES if lower.startswith(p) and len(lower) > len(p) + 3), None)
    rest = lower[len(prefix) :].lstrip("-").capitalize() if prefix else ""
    return bool(rest) and (rest in lexicon.TITLES or rest in world.titles())


# "Undersheriff", "Vice-Chairman", "Co-Founder", "Archbishop" are titles
# when the rest of the word is one.
_TITLE_PREFIXES = ("under", "vice", "co", "sub", "arch", "deputy")


_OPENS_PLACE = lexicon.PLACE_HEADS


def _speaks(before: str, after: str) -> bool:
    """A speech verb right after the word, or right before it with no article ("said King")."""
    return after in lexicon.SPEECH_VERBS or before in lexicon.SPEECH_VERBS


def _middle_initial(name: list[str], k: int) -> bool:
    """Whether ``name[k]`` is a middle initial written without its dot ("Robert J Pickell")."""
    return 0 < k < len(name) - 1 and len(name) == 3 and name[k].isalpha() and name[k].isupper()


def _classify_name(run: list[str], before: str, after: str, found: Found, context_before: bool) -> None:
    """A run without an organisation in it: a person, a place or nothing."""
    if not run:
        return
    if "&" in run and not any(is_title(t) for t in run):
        if len(run) >= 4 and all(t == "&" or (t.isupper() and len(t) > 2) for t in run):
            return  # "FALSE ACCUSATIONS & FAKE STORIES": a quoted post's shouting, not a firm
        found.orgs.add(" ".join(run))  # "Bike & Style": a firm's or a work's name, not a person
        return
    if len(run) == 1 and is_title(run[0]) and _speaks(before, after):
        found.singles.add(run[0])  # "King said": a surname that is also a title
        return
    if len(run) >= 3 and (run[0] in lexicon.PLACE_HEADS or run[0] in lexicon.PLACE_TAILS) and run[1] == "of":
        found.places.append(tuple(run))  # "Gulf of Aden", "Isle of Skye", "Island of Qeshm"
        return
    if 2 <= len(run) <= 3 and run[0] in lexicon.DEMONYMS and run[-1] in lexicon.PLACE_TAILS:
        found.places.append(tuple(run))  # "Persian Gulf", "Indian Ocean": the people's name is the place's
        return
    if "of" in run:
        # "Teo Bran of Bellgate": a person from a place, when the words
        # before "of" are a plain name (no title: "President of Veldoria").
        cut = run.index("of")
        left, right = run[:cut], run[cut + 1 :]
        plain = all(
            w.isalpha() and not is_title(w) and w not in lexicon.COMMON and w not in lexicon.DATE_WORDS
            for w in left + right
        )
        if plain and 2 <= len(left) <= 3 and 1 <= len(right) <= 2:
            _classify_name(left, before, "of", found, context_before)
            found.places.append(tuple(right))
            return
    # Peel titles, roles and demonyms: keep the name after the last of them.
    # A title word that ends the run is a surname ("Bobby Joe Champion"), and
    # one after a role noun is a first name ("manager Dean Murray").
    last_title = -1
    given = before in lexicon.ROLE_NOUNS and len(run) == 2
    for k, t in enumerate([] if given else run):
        # (An abbreviated title is never a surname: "GOP Rep.")
        last = k == len(run) - 1 and len(run) > 1 and t.lower() not in lexicon.ABBREVIATED_TITLES
        # (A place's last word that is also a demonym ends the place: "Persian Gulf".)
        if (t in lexicon.DEMONYMS and not (last and t in lexicon.PLACE_TAILS)) or (
            not last and (is_title(t) or t in lexicon.CONNECTORS or t == ARTICLE or t in _AND)
        ):
            last_title = k
    titled = context_before or last_title >= 0
    honorific = last_title >= 0 and run[last_title] in lexicon.HONORIFICS
    name = run[last_title + 1 :]
    # Roles the lexicon does not list ("City Engineer Dan Hanson"):
    # nameparser's titles, peeled only while a full name is left. They are
    # too many and too plain ("High", "Rock") to count as evidence of a person.
    while len(name) > 2 and name[0] in world.titles() and name[-1] not in world.name_suffixes():
        name = name[1:]
    if len(name) > 3:
        # "Genesee County Sheriff Robert J Pickell", "Palmer City Clerk Janette
        # Bower": the name is after the last of those titles, when two or
        # three words are left.
        cut = max((p for p in range(len(name) - 2) if name[p] in world.titles()), default=-1)
        if cut >= 0 and len(name) - cut - 1 <= 3:
            name = name[cut + 1 :]
    if not name:
        return
    # Names never contain months, weekdays, stray common words or an
    # organisation's word ("Human Services"); a first name may be a common
    # word ("Bill Morrow").
    if len(name) == 4 and name[-1] in world.name_suffixes():
        name = name[:-1]  # "Arcade Joseph Comeaux Jr."
    if any(t in lexicon.DIVISIONS for t in name[:-1]):
        return  # "County Sheriff": a division is the end of a place's name, never inside a person's
    # "Persian Gulf": a language's name opens a place when the story never writes it in lower case.
    sea = len(name) == 2 and name[1] in lexicon.PLACE_TAILS and name[0].lower() not in found.plain
    if any(
        _date_word(t, name[k + 1] if k + 1 < len(name) and k == 0 else "")
        or t in lexicon.TIME_ZONES
        or (t in lexicon.COMMON and not (k == 0 and (t in lexicon.GIVEN_NAMES or t in _OPENS_PLACE or sea)))
        or _suffix_at(name, k)
        for k, t in enumerate(name)
    ):
        return

    if len(name) == 1:
        tok = name[0]
        if (
            len(tok) < 2
            or not tok.replace("'", "").replace("’", "").removesuffix("+").isalpha()
            or is_title(tok)
        ):
            return  # ("O'Brien" is a word; "-" is not in tokens here: "Ridley-Thomas" stays out)
        if _plural_term(tok):
            return  # "told MPs", "sold DVDs": members or things, not a place or a body
        if is_acronym(tok):
            # "SB 8", "AB 418": a numbered bill or model, not a body.
            if last_title < 0 and tok.replace(".", "") not in lexicon.NOT_ACRONYMS and not after.isdigit():
                found.orgs.add(tok)
            return
        found.singles.add(tok)
        if honorific:
            # "Mr Brown": a person; resolved to the full name if one exists.
            found.people.setdefault((tok,), 2)
        elif before in lexicon.PLACE_PREPOSITIONS and last_title < 0 and not context_before:
            found.places.append((tok,))
        return

    stray = [k for k, t in enumerate(name) if len(t.rstrip(".")) < 2 and not t.endswith(".")]
    if any(not _middle_initial(name, k) for k in stray):
        return  # stray single letters, not initials
    if sum(t.lower() not in lexicon.CONNECTORS for t in name) > 3:
        # Long unknown capitalised runs are titles of works, events or noise
        # (a surname's particles do not count: "James Van Der Beek").
        return
    if name[0] in lexicon.PLACE_HEADS or name[-1] in lexicon.PLACE_TAILS:
        found.places.append(tuple(name))
        return
    if before.lower() == "the" and not titled:
        # "The Nordvik Line said": people never take an article. But in "the
        # Ada Rusk affair" the article is the affair's: a person when the
        # story also calls her "Ms Rusk" (see :func:`.merge.resolve`).
        if after in lexicon.SPEECH_VERBS:
            found.orgs.add(" ".join(name))
        elif after[:1].islower():
            found.modifiers.add(tuple(name))
        return
    # "Ada Rusk said", "said Ada Rusk"
    speech = after in lexicon.SPEECH_VERBS or before in lexicon.SPEECH_VERBS
    cue = titled or speech or before in lexicon.ROLE_NOUNS
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
    found.repeats[key] += 1
