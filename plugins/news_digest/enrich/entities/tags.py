"""Entities of each story, and the tags made from them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from ... import lexicon
from ...story import Story
from . import acronyms, pieces, short_forms
from .classify import Found, classify_run, count_whole, firm_after_noun, runs
from .gazetteer import KINDS, Gazetteer, gazetteer_pass
from .headline import add_headline_names
from .merge import resolve
from .tokens import bare, body_texts, initial_positions, is_acronym, own_headline, sentences_of, tokenise

# A party label after a lawmaker's name: "(R-Texas)", "(D)", "(I-Vt.)".
_PARTY = re.compile(r"^[RDI](?:-[A-Z][\w.]*)?$")


def extract_entities(story: Story, gazetteer: Gazetteer) -> dict[str, list[str]]:
    """People, organisations and places named in ``story``, display names sorted."""
    return _extract(story, gazetteer)[0]


# A lower-case word, or an acronym in the plural ("SUVs", "LEDs"): a common
# noun's abbreviation (a thing there are many of), never one body's name.
_LOWER_WORD = re.compile(r"(?<![\w'’-])(?:[a-z][a-z'’-]+|[A-Z]{2,6}s(?![\w'’-]))")
# "Alzheimer's disease": a person's name used for an illness.
_EPONYM = re.compile(r"\b([A-Z][a-z]+)['’]s? (?:disease|syndrome|disorder)\b")
_EPONYM_WORDS = ("disease", "syndrome", "disorder")
"""Every match of :data:`_EPONYM` spells one of these."""


def common_words(stories: list[Story]) -> frozenset[str]:
    """Words that at least two stories of the archive write in lower case ("crime", "apple").

    A capitalised word the archive also uses as an ordinary word needs more
    than repetition to be a name (see :func:`.merge.recurring_names`).
    """
    counts: Counter[str] = Counter()
    for story in stories:
        counts.update(lower_words(story))
    return frozenset(w for w, n in counts.items() if n >= 2)


def lower_words(story: Story) -> set[str]:
    """The words ``story`` writes in lower case, as :func:`common_words` counts them, and its plural acronyms.

    Read from the story's text only (headline, outlet, blocks): a build with
    a cache keeps each story's set by :func:`..rows.story_id`
    (:mod:`..archive_words`).
    """
    # One scan of the texts joined by a line break (no match holds white space or runs across one).
    return set(_LOWER_WORD.findall("\n".join(body_texts(story))))


def _extract(
    story: Story, gazetteer: Gazetteer, common: frozenset[str] = frozenset()
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The entities of ``story`` and the acronyms it spelled out (acronym -> full name)."""
    # The headline and the paragraphs are read once here and passed on: each
    # takes a pattern per outlet or per paragraph to find.
    headline = own_headline(story)
    paragraphs = body_texts(story)
    sentences = sentences_of(headline, paragraphs)
    found = Found(common=common, headline=frozenset(bare(t) for t in tokenise(headline)))

    # Words seen capitalised away from a sentence start are names, not
    # sentence-initial capitals.
    # (The tokens away from a start are gathered first and tested once each, as distinct
    # words: most are ordinary words met again and again.)
    mid_tokens: set[str] = set()
    initials: list[set[int]] = []
    for tokens in sentences:
        initial = initial_positions(tokens)
        initials.append(initial)
        if len(initial) == 1:  # the sentence's start only (most sentences): no test per position
            mid_tokens.update(tokens[1:])
        else:
            mid_tokens.update(t for i, t in enumerate(tokens) if i not in initial)
    mid_caps = {bare(t) for t in mid_tokens if t[0].isupper()}
    plain = {t for t in set().union(*sentences) if t[0].islower()}
    for paragraph in paragraphs:
        if any(word in paragraph for word in _EPONYM_WORDS):  # (most have none: no scan)
            plain.update(m.group(1).lower() for m in _EPONYM.finditer(paragraph))
    plain -= _address_words(paragraphs)
    lower = frozenset(plain)
    found.plain = lower

    for tokens, initial in zip(sentences, initials, strict=True):
        used = gazetteer_pass(tokens, gazetteer, found.gaz, initial)
        for start, end in runs(tokens, used, initial, mid_caps, lower, common):
            before = tokens[start - 1] if start > 0 else ""
            if before == "of" and start > 1 and tokens[start - 2] in lexicon.PLACE_NOUNS:
                before = "in"  # "the port of Kellhaven" names a place like "in Kellhaven"
            after = tokens[end] if end < len(tokens) else ""
            # A gazetteer name right before the run works like a title:
            # "Russian Federation Yuri Ushakov", "NATO chief ...".
            context = start > 0 and used[start - 1]
            # A place's or a body's acronym right before an organisation may
            # be part of its name: "U.S. Travel Association", "BBC World
            # Service" (see :func:`.classify.classify_run`).
            kind = (gazetteer.get((before,)) or ("",))[0] if context and is_acronym(before) else ""
            if before == "." and start > 1 and tokens[start - 2] in lexicon.TITLES:
                # "Sen. Tomas Verhoef": the abbreviated title's dot is its own token.
                before, context = tokens[start - 2], True
            if after == "(" and end + 1 < len(tokens) and _PARTY.match(tokens[end + 1]):
                context = True  # "Tomas Verhoef (R-Texas)": a lawmaker
            prefix, owner = kind == "places", kind == "organisations"
            team = _place_and_plural(tokens, start, end, used, gazetteer)
            if team:
                found.orgs.add(team)  # "the New York Yankees", "Texas Instruments"
                continue
            classify_run(tokens, start, end, before, after, found, context, prefix, owner)
            count_whole(tokens, start, end, found)
            if before in lexicon.ORG_NOUNS:
                firm_after_noun(tokens[start:end], found)

    body = " ".join(paragraphs)
    # The headline contributes gazetteer names, and names the body repeats
    # with the same capitals: headline capitals alone are style, not evidence.
    if headline:
        head = tokenise(headline)
        gazetteer_pass(head, gazetteer, found.gaz, initial_positions(head))
        # People met with a cue or whose surname recurs; a weak candidate
        # ("Red Sox" at a sentence start) must not hide a headline name.
        known = {
            " ".join(name)
            for name, strength in found.people.items()
            if len(name) >= 2 and (strength >= 2 or name[-1] in found.singles)
        }
        known.update([*found.orgs, *found.gaz_names()])
        known.update(" ".join(name) for name in found.places)
        # The body's start is enough to repeat a headline's names, and keeps
        # the cost of a long headline over a long story bounded.
        add_headline_names(headline, body[:RANK_WINDOW], found, known)
    titles = quoted_titles(headline, paragraphs, gazetteer)
    found.orgs.update(titles)

    out = {kind: set(names) for kind, names in resolve(found, gazetteer).items()}
    top = f"{headline} {body[:RANK_WINDOW]}"  # the headline and the body's start, where subjects are named
    _one_spelling(out["people"], body)
    _drop_trailing_titles(out["organisations"])
    _people_after_roles(out, f"{headline}\n{body}")
    _marked_brands(out, body)
    _drop_peeled(out)
    short_forms.first_names(out, headline, body, gazetteer, (found.plain, common))
    short_forms.first_names_alone(out, body, gazetteer)
    short_forms.people_of_places(out)
    short_forms.cut_first_words(out, "\n".join(paragraphs)[:RANK_WINDOW], gazetteer, (found.plain, common))
    _drop_title_words(out, titles, top)
    # Pieces of longer things: read on the story's lines (headline, paragraphs) as published.
    lines = [headline, *paragraphs]
    text = "\n".join(lines)
    pieces.season_names(out, text)
    pieces.award_categories(out, text)
    pieces.question_words(out, lines)
    pieces.quoted_title_pieces(out, text)
    pieces.cut_runs(out, text, len(headline), gazetteer)
    pieces.address_hosts(out, text)
    pieces.greek_letter_lists(out, text)
    pieces.places_opening_terms(out, text)
    pieces.possessive_fronts(out)
    pieces.acronym_fronts(out)
    _drop_prefix_places(out, gazetteer, top)
    _drop_city_places(out, gazetteer, top)
    _drop_surname_places(out, gazetteer, top)
    _numbered_names(out, f"{headline}\n{body[:RANK_WINDOW]}")
    # An acronym the story or the archive writes in the plural is a term ("SUVs").
    # (The archive's words may only be asked about one at a time: see incremental.name_extractor.)
    letters = {a: a.replace(".", "") for a in out["organisations"] if is_acronym(a)}
    plural = {
        a
        for a, bare_letters in letters.items()
        if f"{bare_letters}s" in common or re.search(rf"\b{re.escape(bare_letters)}s\b", body)
    }
    out["organisations"] -= plural
    # A longer name ending in an acronym's plural is a term of that kind: "SARS-CoV-2 VOCs".
    for names in out.values():
        names -= {n for n in names if " " in n and _PLURAL_ACRONYM.fullmatch(n.rsplit(" ", 1)[1])}
    out["organisations"] -= _units(letters, body)
    short_forms.people_initials(out)
    short_forms.tickers(out, body)
    short_forms.terms_in_brackets(out, body)
    merged = acronyms.settle(out, headline, " ".join(_SPEAKER.sub("", p) for p in paragraphs))
    # (After the acronyms are spelled out: "AHS" is "American Horror Story", which holds "Horror Story".)
    pieces.inside_longer_names(out, text, len(headline), gazetteer)
    return _sorted(out, gazetteer), merged


def _place_and_plural(
    tokens: list[str], start: int, end: int, used: list[bool], gazetteer: Gazetteer
) -> str | None:
    """A known place and the one capitalised plural right after it, as one name: "New York Yankees".

    Teams, firms and bodies are named for their home and a plural
    ("Minnesota Twins", "Texas Instruments", "Cleveland Metroparks"); the
    place is then part of the name, not where the story happens. Not a
    people's, a party's, a title's or an organisation's word ("Texas
    Democrats", "Ohio Senators", "Israel Defense Forces" are other rules').
    """
    # A one-word place before a capitalised word is left to the runs ("Minnesota Twins"); a longer one
    # is the gazetteer's ("New York Yankees").
    inside = end - start == 2 and gazetteer.get((tokens[start],)) is not None
    if inside:
        start += 1
    word = bare(tokens[start])
    if (
        end - start != 1
        or word != tokens[start]
        or len(word) < 4
        or not word.isalpha()
        or not word[1:].islower()
        or not word.endswith("s")
        or word.endswith("ss")
        or word in lexicon.COMMON
        or word in lexicon.DEMONYMS
        or word in lexicon.ORG_SUFFIXES
        or word[:-1] in lexicon.TITLES
        or word[:-1] in lexicon.DEMONYMS
        or word.lower() in lexicon.SPEECH_VERBS
        or gazetteer.is_demonym(word)
    ):
        return None
    if inside and tokens[start - 1] in lexicon.FIRST_NAMES:
        return None  # "Jordan Matthews", "Chad Williams": a person
    if inside:
        known = gazetteer.get((tokens[start - 1],))
        return f"{tokens[start - 1]} {word}" if known is not None and known[0] == "places" else None
    for size in (3, 2, 1):
        first = start - size
        if first >= 0 and all(used[first:start]):
            known = gazetteer.get(tuple(tokens[first:start]))
            if (
                known is not None
                and known[0] == "places"
                and (first == 0 or not used[first - 1])
                and not is_acronym(tokens[start - 1])  # "US Starbucks workers": a country's short form
            ):
                return " ".join([*tokens[first:start], word])
    return None


# An acronym's plural: "VOCs", "NPCs" (not a word that only starts in capitals).
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")

# A transcript's speaker label opening a paragraph: "NELSON:", "ADA RUSK, HOST:".
_SPEAKER = re.compile(r"^(?:[A-Z][A-Z.'’-]+ ){0,3}[A-Z][A-Z.'’-]+(?:, [A-Z][A-Z ]*)?: ")
"""A shouted surname there is the speaker's, not an acronym's use (see :func:`.acronyms.settle`)."""


# An abbreviated role or position before a first name and a surname: "Browns DL Ada Rusk", "CB Kell Ardo".
_ROLE_NAME = re.compile(
    r"(?<![\w.&-])[A-Z]{2,3} ([A-Z][a-z]+(?:-[A-Z][a-z]+)?) ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w&-])"
)


def _people_after_roles(out: dict[str, set[str]], text: str) -> None:
    """A surname the story uses alone, met in full only after an abbreviated role: that person.

    "Browns DL Ada Rusk, who ... Rusk wants": sports writing puts the
    position's letters before a player's name ("DL", "CB", "QB"), which
    hides the first name; the surname alone was taken for a body.
    """
    singles = {name for name in out["organisations"] if " " not in name and not is_acronym(name)}
    if not singles:
        return
    for m in _ROLE_NAME.finditer(text):
        first, last = m.group(1), m.group(2)
        if last in singles and not {first} & (lexicon.COMMON | lexicon.TITLES | lexicon.ORG_SUFFIXES):
            out["organisations"].discard(last)
            out["people"].add(f"{first} {last}")


# Capitalised words right before a trade mark's sign: "Kellhaven Gold® Honey", "Corvane Drive™".
_MARKED = re.compile(r"((?:[A-Z][\w&'’.-]*\s){0,3}[A-Z][\w&'’.-]*)\s?[®™]")


def _marked_brands(out: dict[str, set[str]], body: str) -> None:
    """A name the story marks as a trade mark (® or ™), twice or more, is a brand's name.

    "a jar of Kellhaven Gold® Honey ... Kellhaven Gold® honey": the sign
    says the words before it are a registered name, whatever they are.
    """
    if "®" not in body and "™" not in body:
        return
    counts = Counter(m.group(1) for m in _MARKED.finditer(body))
    named = {name for names in out.values() for name in names}
    for name, n in counts.items():
        words = name.split()
        while words and (words[0] in lexicon.COMMON or words[0] == "The") and len(words) > 1:
            words = words[1:]
        name = " ".join(words)
        if n >= 2 and name not in named and not (len(words) == 1 and words[0] in lexicon.COMMON):
            out["organisations"].add(name)


def _drop_trailing_titles(orgs: set[str]) -> None:
    """Cut a title glued after a body's name: "House of Representatives Speaker", "... Assembly Rt".

    "former House of Representatives Speaker, Ada Rusk": the title belongs
    to the person. Only after a name that is a body by its own words (its
    last word, or the word before its "of", is an organisation's word), and
    not a title's own part ("Office of the Prime Minister").
    """
    for name in list(orgs):
        words = name.split()
        rest = words[:-1]
        if len(rest) < 2 or words[-1] not in lexicon.TITLES or words[-1] in lexicon.ORG_SUFFIXES:
            continue
        if rest[-1] in lexicon.TITLES or rest[-1] in lexicon.CONNECTORS or rest[-1] == "the":
            continue
        head = rest[: rest.index("of")] if "of" in rest else rest
        if rest[-1] in lexicon.ORG_SUFFIXES or (head and head[-1] in lexicon.ORG_SUFFIXES and "of" in rest):
            orgs.discard(name)
            orgs.add(" ".join(rest))


def _one_spelling(people: set[str], body: str) -> None:
    """Keep one spelling of a person written two ways: "Volodymyr Zelensky" and "Volodymyr Zelenskiy".

    Outlets and the agencies they quote transliterate names differently;
    the same first name with surnames of five letters or more one letter
    apart is one person, under the spelling the story writes most.
    """
    by_first: dict[str, list[str]] = {}
    for name in people:
        words = name.split()
        if len(words) >= 2 and len(words[-1]) >= 5:
            by_first.setdefault(" ".join(words[:-1]), []).append(name)
    for names in by_first.values():
        if len(names) < 2:
            continue
        names.sort(key=lambda n: (-body.count(n.rsplit(" ", 1)[-1]), n))
        for i, keep in enumerate(names):
            for other in names[i + 1 :]:
                surnames = keep.rsplit(" ", 1)[-1], other.rsplit(" ", 1)[-1]
                if {keep, other} <= people and _one_letter_apart(*surnames):
                    people.discard(other)


def _one_letter_apart(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter added, dropped or changed (same first three letters)."""
    if a[:3] != b[:3] or abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


# An acronym right after a count (not a year): "2 TFL", "151 PS", "3.5 GW".
_AFTER_COUNT = re.compile(r"(?<![\w.,])(?!(?:1[89]|20)\d\d\b)\d[\d.,]*\s+([A-Z]{2,6})(?![\w&+]|\.\w)")


def _units(letters: dict[str, str], body: str) -> set[str]:
    """Acronyms the story writes with a figure, twice or more: units and stats.

    "1 sack, 2 TFL, 1 INT", "151 PS and 197 Nm": a unit or a statistic's
    abbreviation is counted; a body ("three NBA titles", "the FBI") is not
    always, and a year before a name ("2019 NBA Finals") is no count. A
    statistic is also given its value after it: "RBI (131)", "an ADP of
    2.13"; those may leave one use in three without a figure ("an ADP well
    outside the top 100").
    """
    out = set()
    for acronym, bare_letters in letters.items():
        # (A plain substring test first: most acronyms never stand next to a digit.)
        if acronym != bare_letters or not (
            f"{acronym} (" in body
            or f"{acronym} of " in body
            or any(f"{d} {acronym}" in body for d in "0123456789")
        ):
            continue
        counted = sum(1 for m in _AFTER_COUNT.finditer(body) if m.group(1) == acronym)
        valued = len(re.findall(rf"(?<![\w.&+-]){acronym} (?:\(\d[\d.,]*\)|of \d)", body))
        uses = len(re.findall(rf"(?<![\w.&+-]){re.escape(acronym)}(?![\w&+-])", body))
        # Only ever after a count: every use; given its value too: two uses in three.
        figures, need = counted + valued, (2 * uses + 2) // 3 if valued else uses
        if figures >= 2 and figures >= need:
            out.add(acronym)
    return out


# A web or e-mail address: "www.corvane.example", "https://corvane.example/x", "press@corvane.example",
# "corvane.com"; and the pieces of text that may hold one (a plain substring test first: most have none).
_ADDRESS = re.compile(
    r"(?:https?://|www\.)[^\s,;]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|io)\b(?:/\S*)?"
)
_ADDRESS_HINTS = ("www.", "://", "@", ".com", ".org", ".net", ".gov", ".edu", ".io")


def _address_words(paragraphs: list[str]) -> set[str]:
    """Lower-case words written only inside web or e-mail addresses ("ascom" of "www.ascom.com").

    An address is written in lower case whatever the name: "Corvane ...
    Corvane's ... visit www.corvane.com" never writes the company's name as
    an ordinary word.
    """
    inside: set[str] = set()
    joined = "\n".join(paragraphs)  # (no hint holds a line break: one test for the whole body)
    if not any(hint in joined for hint in _ADDRESS_HINTS):
        return inside
    for paragraph in paragraphs:
        if any(hint in paragraph for hint in _ADDRESS_HINTS):
            for m in _ADDRESS.finditer(paragraph):
                inside.update(re.findall(r"[a-z][a-z'’-]*", m.group(0)))
    if not inside:
        return inside
    rest = _ADDRESS.sub(" ", joined)
    return inside - set(re.findall(r"(?<![\w.@/])[a-z][a-z'’-]*", rest))


def _drop_title_words(out: dict[str, set[str]], titles: set[str], text: str) -> None:
    """Drop a one-word name written only inside a quoted title: "Stars" of "Dancing with the Stars"."""
    if not titles:
        return
    rest = text
    for title in sorted(titles, key=len, reverse=True):
        rest = rest.replace(title, " ")
    words = {w for title in titles for w in title.split()[1:]}
    for names in out.values():
        names -= {w for w in words if w in names and not re.search(rf"(?<!\w){re.escape(w)}(?!\w)", rest)}


def _drop_prefix_places(out: dict[str, set[str]], gazetteer: Gazetteer, text: str) -> None:
    """Drop a place the story names only by its acronym opening a longer name or a title.

    "U.S. Attorney Ada Rusk", "the U.S. Virgin Islands", "the U.S.
    Securities and Exchange Commission": the acronym is part of a title or
    of another name, and the story says nothing of the country itself.
    """
    for name in list(out["places"]):
        forms = [f for f in {name, *gazetteer.names.get("places", {}).get(name, [])} if f]
        hits = [m for f in forms for m in re.finditer(rf"(?<!\w){re.escape(f)}(?!\w)", text)]
        if hits and all(is_acronym(m.group(0)) and _NAME_AFTER.match(text, m.end()) for m in hits):
            out["places"].discard(name)


def _drop_surname_places(out: dict[str, set[str]], gazetteer: Gazetteer, text: str) -> None:
    """Drop a place whose only form in the story is the surname of a person it names in full.

    "Rep. Jim Jordan ... quoted Jordan himself": the one word is the man,
    not the country, unless the story writes it after a place's preposition
    ("talks in Jordan") or names the place by another form.
    """
    surnames = {p.split()[-1] for p in out["people"] if " " in p}
    for name in list(out["places"]):
        forms = {f for f in {name, *gazetteer.names.get("places", {}).get(name, [])} if f}
        hit = forms & surnames
        if not hit:
            continue
        others = forms - hit
        if any(f in text and re.search(rf"(?<![\w.]){re.escape(f)}(?![\w.])", text) for f in others):
            continue
        prepositions = "|".join(sorted(lexicon.PLACE_PREPOSITIONS | {"of"}))
        if any(re.search(rf"\b(?:{prepositions}) {re.escape(f)}\b", text) for f in hit):
            continue
        out["places"].discard(name)


def _drop_city_places(out: dict[str, set[str]], gazetteer: Gazetteer, text: str) -> None:
    """Drop a country the story names only by its capital, and only as a place to be.

    The gazetteer lets a capital stand for its government ("Moscow said",
    "a warning from the Kremlin"). "flew to Ostia via Moscow", "the 2015
    championships in Beijing": after a place's preposition the capital is
    the city, and a story that never names the country is not about it.
    """
    for name in list(out["places"]):
        aliases = gazetteer.names.get("places", {}).get(name, [])
        cities = [a for a in aliases if " " not in a and not is_acronym(a) and a[:1].isupper()]
        if not cities:
            continue
        others = [f for f in {name, *aliases} - set(cities) if f]
        if any(f in text and re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text) for f in others):
            continue
        hits = [m for c in cities for m in re.finditer(rf"(?<!\w){re.escape(c)}(?![\w’'])", text)]
        if hits and all(_WORD_BEFORE.search(text, max(0, m.start() - 12), m.start()) for m in hits):
            out["places"].discard(name)


def _numbered_names(out: dict[str, set[str]], text: str) -> None:
    """A name the story always writes with the same number is that name with its number.

    "Corvane 2" (a game's sequel), "Formula 1", "the 919 Falcon jet": the
    number is part of the name when the story writes the pair twice or more
    and the name never without it. A body's acronym spelled with "&" is a
    name too ("the H&K 100 index"). Not people (their ages and shirts).
    """
    # Only names next to a number somewhere are worth a closer look.
    if not _has_digit(text):
        return  # (both patterns and the ampersand acronyms' numbers need a digit)
    near = {m.group(1) for m in _BEFORE_NUMBER.finditer(text)}
    near |= {m.group(1) for m in _AFTER_NUMBER.finditer(text)}
    if not near:
        return
    for kind in ("organisations", "places"):
        for name in list(out[kind]):
            if name.split(" ", 1)[0] not in near and name.rsplit(" ", 1)[-1] not in near:
                continue
            pair = _with_number(name, text)
            if pair:
                out[kind].discard(name)
                out[kind].add(pair)
    for amp in {m.group(0) for m in _AMP_ACRONYM.finditer(text)}:
        pair = _with_number(amp, text)
        if pair and pair not in out["organisations"]:
            out["organisations"].add(pair)


def _with_number(name: str, text: str) -> str | None:
    """``name`` with the number it always has, after ("Formula 1") or before ("919 Falcon"), if any."""
    word = re.escape(name)
    uses = re.findall(rf"(?<![\w&+])({word})(?![\w&+])", text)
    for pattern, make in (
        (rf"(?<![\w&+]){word} (\d{{1,4}})(?![\d,.]\d|[\w%])", lambda n: f"{name} {n}"),
        # (A year before a name is an edition's: "the 2026 Harbour Fair".)
        (rf"(?<![\w.,-])(?!(?:19|20)\d\d )(\d{{3,4}}) {word}(?![\w&+])", lambda n: f"{n} {name}"),
    ):
        numbers = re.findall(pattern, text)
        if len(numbers) >= 2 and len(numbers) == len(uses) and len(set(numbers)) == 1:
            return make(numbers[0])
    return None


_DIGIT = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    """Whether ``text`` has a character ``\\d`` matches (ASCII text: ten plain substring tests,
    each far quicker than the pattern's test of every character)."""
    if text.isascii():
        return any(d in text for d in "0123456789")
    return _DIGIT.search(text) is not None


# A word right before a number, and right after one.
_BEFORE_NUMBER = re.compile(r"([A-Z][\w&+]*) \d{1,4}(?![\d,.]\d|[\w%])")
_AFTER_NUMBER = re.compile(r"(?<![\w.,-])\d{3,4} ([A-Z][\w&+]*)")
# An acronym spelled with "&": "H&K", "S&P".
_AMP_ACRONYM = re.compile(r"(?<![\w&])[A-Z]{1,3}&[A-Z]{1,3}(?![\w&])")


# A place's preposition right before: "via Moscow", "in Beijing".
_WORD_BEFORE = re.compile(r"(?<!\w)(?:" + "|".join(sorted(lexicon.PLACE_PREPOSITIONS)) + r") $")


# A capitalised word right after: the acronym before it opens a name or a title.
_NAME_AFTER = re.compile(r" [A-Z][a-z]")


def _drop_peeled(out: dict[str, set[str]]) -> None:
    """Drop a body's name that another body of the story has with a people's word in front.

    "British Phonographic Industry ... the Phonographic Industry": where the
    demonym was peeled (at a sentence start, say), what is left is a cut-off
    piece of the whole name, not a second body.
    """
    orgs = out["organisations"]
    pairs = [name.split(" ", 1) for name in orgs if " " in name]
    orgs -= {rest for first, rest in pairs if first in lexicon.DEMONYMS}
    # "The Cold Ledger ... The Cold Ledger asked": at a sentence start the
    # article was taken for an ordinary word; the name is the one with it.
    with_the = {rest for first, rest in pairs if first == "The"}
    for names in out.values():
        names -= with_the


# A title in quotation marks: capitalised words (small words inside), the
# closing mark right after, maybe after a comma or full stop ('"Twilight,"').
_SMALL = frozenset(("of", "the", "and", "a", "an", "in", "on", "to", "for", "at", "by", "with"))
_QUOTED = re.compile(
    r"[\"“]((?:The |A |An )?[A-Z][\w'’-]*(?: (?:[A-Z][\w'’-]*|"
    + "|".join(sorted(_SMALL))
    + r"))*?)[,.!?]?[\"”]"
)
# Headlines put titles in single quotes: "Star eliminated from 'Dancing with the Stars'".
_HEAD_QUOTED = re.compile(
    r"(?<!\w)['‘]((?:The |A |An )?[A-Z][\w-]*(?: (?:[A-Z][\w-]*|"
    + "|".join(sorted(_SMALL))
    + r"))*?)['’](?!\w)"
)


def quoted_titles(headline: str, paragraphs: list[str], gazetteer: Gazetteer) -> set[str]:
    """Titles of works a story quotes: "New Moon", "The Big Lebowski" (``headline``: its
    :func:`.tokens.own_headline`; ``paragraphs``: its :func:`.tokens.body_texts`).

    A film, a book or a show is written in quotation marks with its words
    capitalised; a quoted remark is a sentence and has lower-case words. A
    title counts when the story quotes it twice, or once in the headline
    and once in the text; a single quoted word the language writes in
    lower case ("Yes") or a known name is left to the other rules.
    """
    counts: Counter[str] = Counter()
    text = " ".join(paragraphs)[:RANK_WINDOW]
    for m in _QUOTED.finditer(f"{headline} {text}"):
        counts[m.group(1)] += 1
    for m in _HEAD_QUOTED.finditer(headline):
        counts[m.group(1)] += 1
    out = set()
    for title, n in counts.items():
        words = title.split()
        if (
            n >= 2
            and len(words) <= 6
            and words[-1] not in _SMALL
            and not (len(words) == 1 and (title in lexicon.COMMON or title.lower() in text))
            and not all(w in lexicon.COMMON or w in _SMALL for w in words)
            and gazetteer.get(tuple(tokenise(title))) is None
        ):
            out.add(title)
    return out


def _sorted(out: dict[str, set[str]], gazetteer: Gazetteer) -> dict[str, list[str]]:
    """Names by kind, sorted, each through the gazetteer once more (a spelled-out acronym may be known)."""
    final: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for kind, names in out.items():
        for name in names:
            known = gazetteer.get(tuple(tokenise(name)))
            final[known[0] if known else kind].add(known[1] if known else name)
    return {k: sorted(v, key=lambda s: (s.lower(), s)) for k, v in final.items()}


Extract = Callable[
    [list[Story], Gazetteer, frozenset[str]], list[tuple[dict[str, list[str]], dict[str, str]]]
]
"""Names of each story, as :func:`_extract` finds them (the build cache passes its own)."""


def extract_each(
    stories: list[Story], gazetteer: Gazetteer, common: frozenset[str]
) -> list[tuple[dict, dict]]:
    """:func:`_extract` of each story, in order."""
    return [_extract(story, gazetteer, common) for story in stories]


def add_entities(
    stories: list[Story],
    gazetteer: Gazetteer,
    max_tags: int = 8,
    extract: Extract = extract_each,
    common_of: Callable[[list[Story]], frozenset[str]] = common_words,
    rank: Callable[[Story, Gazetteer, dict[str, set[str]]], list[str]] | None = None,
) -> None:
    """Set ``story.entities`` and append the most salient names to ``story.tags``.

    The tags already there (the sidecar's, set by ``meta``) stay first and
    are always kept; names follow, the story's subjects first (see
    :func:`rank_names`), until the story has ``max_tags`` tags. Names
    already present (in any letter case) are not repeated. ``rank`` ranks
    a story's names in ``rank_names``' stead (the build cache's, ``ranked_names.py``,
    whose ``many`` ranks every story at once, over the workers).
    """
    live = [s for s in stories if s.ok]
    common = common_of(live)  # the build cache passes its own (archive_words.py)
    found = extract(live, gazetteer, common)
    # Acronyms spelled out somewhere in the archive: "NWS" in a story that
    # never says "National Weather Service" still merges with it.
    # Two letters are too few to name one body across an archive ("AI").
    spelled: dict[str, set[str]] = {}
    guessed: dict[str, set[str]] = {}
    uses: Counter[str] = Counter()
    for ents, merged in found:
        for acronym, long in merged.items():
            spelled.setdefault(acronym, set()).add(long)
        uses.update(ents["organisations"])
        for name in ents["organisations"]:
            initials = acronyms.initials(name)
            if initials:
                guessed.setdefault(initials, set()).add(name)
    # A full name only guessed from its initials (no story spells the
    # acronym out) stands for it when the archive uses the acronym no more
    # than twice as often as that name: a school met once is not the "NHS"
    # of a dozen stories.
    for initials, longs in guessed.items():
        for name in longs:
            if initials in spelled or uses[initials] <= 2 * uses[name]:
                spelled.setdefault(initials, set()).add(name)
    spelled = {acronym: longs for acronym, longs in spelled.items() if len(acronym.replace(".", "")) > 2}
    # The acronyms a name stands for count as its mentions ("DEA").
    archive_forms: dict[str, set[str]] = {}
    for acronym, longs in spelled.items():
        if len(longs) == 1:
            archive_forms.setdefault(next(iter(longs)), set()).add(acronym)
    for story, (ents, _merged) in zip(live, found, strict=True):
        story.entities = _spell_out(ents, spelled, gazetteer)
    # Surname -> the people of the archive who carry it, for sidecar tags that give a surname only.
    surnames: dict[str, set[str]] = {}
    carried: Counter[str] = Counter()
    for story in live:
        for person in story.entities.get("people", []):
            if len(person.split()) > 1:
                surnames.setdefault(person.split()[-1], set()).add(person)
                carried[person] += 1
    for story in live:
        story.entities = _surnames_to_people(story.entities, surnames, carried)
    forms_of: list[dict[str, set[str]]] = []
    for story, (_ents, merged) in zip(live, found, strict=True):
        forms: dict[str, set[str]] = {}
        for acronym, long in merged.items():
            forms.setdefault(long, set()).add(acronym)
        for names in story.entities.values():
            for name in names:
                forms.setdefault(name, set()).update(archive_forms.get(name, ()))
        forms_of.append(forms)
    # A ranker with ``many`` ranks every story at once (the build cache's, over the workers).
    many = getattr(rank, "many", None)
    if many is not None:
        ranked = many(live, gazetteer, forms_of)
    else:
        ranked = [
            (rank or rank_names)(story, gazetteer, forms) for story, forms in zip(live, forms_of, strict=True)
        ]
    for story, names_ranked in zip(live, ranked, strict=True):
        given = [_whole(tag, story.entities, spelled, surnames) for tag in story.tags]
        tags: list[str] = []
        seen: set[str] = set()
        for k, tag in enumerate([*given, *names_ranked]):
            key = tag.strip().casefold()
            if key and key not in seen and (k < len(story.tags) or len(tags) < max_tags):
                seen.add(key)
                tags.append(tag.strip())
        story.tags = tags


def _whole(
    tag: str, entities: dict[str, list[str]], spelled: dict[str, set[str]], surnames: dict[str, set[str]]
) -> str:
    """A sidecar's tag as the name the archive gives in full, so one subject is one tag.

    Scrapers copy the outlet's own tags, which are often short forms: an
    acronym the archive spells out one way only ("UDWU"), or the surname of
    a person the story names in full ("Whitcombe"), or failing that, of the
    one person in the archive with that surname. Anything else stays as given.
    """
    key = tag.strip()
    longs = spelled.get(key, set())
    if len(longs) == 1:
        return next(iter(longs))
    people = [p for p in entities.get("people", []) if len(p.split()) > 1 and p.split()[-1] == key]
    if len(people) == 1:
        return people[0]
    archive = surnames.get(key, set())
    return next(iter(archive)) if not people and len(archive) == 1 else tag


def _surnames_to_people(
    ents: dict[str, list[str]], surnames: dict[str, set[str]], carried: Counter[str]
) -> dict[str, list[str]]:
    """One-word bodies that are the surname of one person of the archive, as that person.

    "the Vance administration", "Vance said" with no first name in the story:
    the one word is taken for a body, but when the archive names exactly one
    person with that surname, in two stories or more, the story means that
    person ("Lena Vance").
    """
    out = {kind: list(names) for kind, names in ents.items()}
    for name in ents.get("organisations", []):
        people = surnames.get(name, set())
        if " " in name or name.isupper() or len(people) != 1:
            continue
        person = next(iter(people))
        if carried[person] >= 2:
            out["organisations"].remove(name)
            out["people"] = sorted({*out.get("people", []), person}, key=lambda s: (s.lower(), s))
    return out


def _spell_out(
    ents: dict[str, list[str]], spelled: dict[str, set[str]], gazetteer: Gazetteer
) -> dict[str, list[str]]:
    """Replace acronyms that the archive spells out one way only by that full name."""
    out = {kind: set(names) for kind, names in ents.items()}
    for name in list(out["organisations"]):
        longs = spelled.get(name, set())
        if len(longs) == 1:
            out["organisations"].discard(name)
            out["organisations"].add(next(iter(longs)))
    return _sorted(out, gazetteer)


RANK_WINDOW = 20_000
"""Characters of the body in which a name's mentions are counted (see :func:`rank_names`)."""


def rank_names(story: Story, gazetteer: Gazetteer, forms: dict[str, set[str]] | None = None) -> list[str]:
    """The names of ``story.entities``, the story's subjects first.

    A name in the headline ranks first, then a name in the lead (the first
    two paragraphs), then by how often the story uses it (its surname,
    aliases, and ``forms`` such as the acronyms it stands for count too);
    ties go to the earlier mention, then the name.
    """
    head = own_headline(story)
    paragraphs = body_texts(story)
    lead = " ".join(paragraphs[:2])
    # Mentions are counted in the first RANK_WINDOW characters only: the
    # cost is names x text, and both grow with the story (a 270,000-character
    # story has hundreds of names). Nearly every story is shorter.
    body = " ".join(paragraphs)[:RANK_WINDOW]
    scored = []
    for kind in KINDS:
        for name in story.entities.get(kind, []):
            pattern = _mentions(name, kind, gazetteer, (forms or {}).get(name, set()))
            hits = [m.start() for m in pattern.finditer(body)]
            in_head = bool(pattern.search(head))
            in_lead = bool(pattern.search(lead))
            first = hits[0] if hits else len(body)
            weight = 4 * in_head + 2 * in_lead + min(len(hits), 5)
            scored.append((-weight, first, name.casefold(), name))
    return [name for *_, name in sorted(scored)]


def _mentions(name: str, kind: str, gazetteer: Gazetteer, extra: set[str]) -> re.Pattern[str]:
    """A pattern for the ways a story refers to ``name``."""
    forms = {name, *gazetteer.names.get(kind, {}).get(name, []), *extra}
    parts = name.split()
    if kind == "people" and len(parts) >= 2:
        forms.add(parts[-1])  # "Okonkwo" for "Lotte Okonkwo"
    if kind == "places" and len(parts) == 3 and parts[1] == "of":
        forms.add(parts[2])  # "Qeshm" for the "Island of Qeshm"
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def tags_with_pages(stories: list[Story], min_stories: int) -> set[str]:
    """The tags (case-folded) that at least ``min_stories`` published stories carry.

    Only these get a tag page; the others show on their story page as text.
    """
    counts: dict[str, int] = {}
    for story in stories:
        if story.ok:
            for key in {t.casefold() for t in story.tags}:
                counts[key] = counts.get(key, 0) + 1
    return {key for key, n in counts.items() if n >= min_stories}
