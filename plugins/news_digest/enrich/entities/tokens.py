"""Tokens of a story for the entity rules: words, initials, dotted acronyms."""

from __future__ import annotations

import re

from ...furniture import is_title_case
from ...story import Story
from ..sentences import split_sentences, strip_dateline

# Words, initials ("J."), dotted acronyms ("U.S."), ampersand acronyms
# ("AT&T", "R&D"), abbreviated place heads ("St. Louis"), or any single other
# character (punctuation breaks a run of names).
# A plural possessive keeps its apostrophe inside a name ("Dock Workers' Union"),
# and a service's name its plus ("Corvane+"). A number is one token with the
# letters glued to it: "3D" is no name "D".
# (The tail is word characters with inner runs of hyphens and apostrophes, up to its last
# word character, spelt with possessive repeats: the same tokens as "(?:[\w'’-]*\w)?",
# which ran to the run's end and stepped back, without the engine's backtracking.)
_WORD_TAIL = r"\w*+(?:[-'’]++\w++)*+(?:(?<=s)['’](?=\s+[A-Z]))?"
# Spaces are skipped inside a match (the token is the group), and a word in
# lower case is tried first: only the last of the other alternatives can
# match at a lower-case letter, so the tokens are the same; a quarter less CPU.
# ("[A-Z]++&" and "\w*+\+" do not step back either: what they gave back is never "&" or "+".
# The tokens of 50,339 sentences and headlines of the synthetic site, the corpora's
# 35,117 lines and a million random strings of the pieces that matter are the same;
# 0.44-0.56 -> 0.32-0.33 CPU s over those sentences.)
_TOKEN = re.compile(
    rf"\s*([a-z]{_WORD_TAIL}|(?:St|Mt|Ft)\.(?=\s+[A-Z])|(?:[A-Z]\.){{2,}}|[A-Z]++&[A-Z]+\b|[A-Z]\.(?=\s)"
    rf"|[A-Z][a-z]\w*+\+(?![\w+])|\d\w*|[^\W\d_]{_WORD_TAIL}|\S)"
)
POSSESSIVES = ("'s", "’s")
# After these a capital may just start a quotation or clause ('said: "The ...').
OPENING = frozenset("\"'“‘«:;")
# "the" is allowed after "of"/"for" inside a name: "President of the ...".
ARTICLE = "the"


def tokenise(text: str) -> list[str]:
    """Words, initials, dotted acronyms and single punctuation characters."""
    return _TOKEN.findall(text)


def is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def bare(tok: str) -> str:
    """The token without a possessive ending: "Moscow’s" -> "Moscow"."""
    return tok[:-2] if len(tok) > 3 and tok.endswith(POSSESSIVES) else tok


def is_acronym(tok: str) -> bool:
    letters = tok.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


# Datelines the sentence module may leave: "ST. ALDER, Minn. --",
# "BRACKWATER ―", "TEXAS, USA —" (shouted place, optional state, a dash).
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{1,30}(?:,\s*[A-Z][A-Za-z.]{1,14}(?:\s[A-Z][A-Za-z.]{1,14})?)?"
    r"\s*(?:\([^()]{1,40}\))?\s*(?:--|—|–|―|-)\s+"
)
# Picture credits and captions' tails (each alternative needs "(", "redit",
# "Images" or "Photography": story_sentences tests for those first): "(Ana Reyes / Harbour Courier)",
# "(Photo: Wire Images)", "(Graphic: Fares since 2020 - here)", "Image
# Credit: Lens Works / Stockhouse", and an agency's name without a slash.
_CREDIT = re.compile(
    r"\((?:[^()]*\s/\s?[^()]*|[^()]*/[A-Z][^()]*|(?:Photo|Image|Credit|Picture|Graphic|Chart)[^()]*)\)"
    r"|(?:Image|Photo|Picture)\s+[Cc]redits?:.*$|\b[Cc]redit:.*$"
    # An agency's name alone: "(Lensbank Images)", or closing a caption:
    # "Crews cleared the pier. Lensbank Images".
    r"|\([^()]{0,60}\b(?:Images|Photos|Photography|Pictures)\)"
    r"|(?:^|(?<=[.!?]\s))(?:[A-Z][\w&.’'-]*\s){1,3}(?:Images|Photography)\s*$"
)


def body_texts(story: Story) -> list[str]:
    """The story's text that names are read from: its paragraphs and block quotes, in order.

    A block quote is the story's own text (a review quoted at length, a
    statement): its names are the story's names. Subheadings, lists and the
    see-also slot are not.
    """
    quoted = ("quote",)
    return [
        _without_teasers(b.text)
        for b in story.blocks
        if (b.kind == "p" or (b.kind in quoted and not _EMBED.search(b.text)))
        and not _promo(b.text)
        and not _piped_caption(b.text)
    ]


# A list of other stories' headlines glued after a paragraph's last sentence:
# "... hanging out backstage. Trending Jonathan Majors Arrested for Allegedly Strangling, ...".
_TEASERS = re.compile(r"(?<=[.!?”\"])\s+(?:Trending|Most Read|Most Popular)(?: Now| Stories)?:?\s+(?=[A-Z])")


def _without_teasers(paragraph: str) -> str:
    """The paragraph without a "Trending" list of other stories glued to its end (not the story's names)."""
    if "Trending" not in paragraph and "Most " not in paragraph:
        return paragraph  # (a substring test first: most paragraphs have none)
    m = _TEASERS.search(paragraph)
    return paragraph[: m.start()] if m else paragraph


# A photo caption's credit after a bar: "... in Harbour City, Ostia. | Lena Berg/Lensbank".
_PIPED_CREDIT = re.compile(r"\s\|\s*[A-Z][^|/]{0,40}/[^|]{1,60}$")


def _piped_caption(paragraph: str) -> bool:
    """A paragraph that ends in a picture credit after a bar is a caption: no names of the story."""
    return " | " in paragraph and "/" in paragraph and _PIPED_CREDIT.search(paragraph) is not None


def _promo(paragraph: str) -> bool:
    """A short paragraph that calls to follow, sign up or subscribe, or discloses: the site's text.

    "Follow Newsbeat on Instagram and Twitter.", "Start your day with the
    Opening Bell ... Sign up for the free daily newsletter.": the names in
    it are the site's products and accounts.
    """
    lower = paragraph.lower()  # (a word test first: most paragraphs have none of the words)
    return (
        any(w in lower for w in _PROMO_WORDS)
        and len(paragraph.split()) <= 60
        and any(_PROMO.match(s) for s in split_sentences(paragraph))
    )


_PROMO = re.compile(
    r"(?:be sure to |please )?(?:follow|like|find|visit|join) [^.!?]{0,60}"
    r"\bon (?:facebook|twitter|instagram|youtube|tiktok)"
    r"|(?:sign up|subscribe)\b|[^.!?]*\b(?:free|daily|weekly) newsletter\b"
    r"|disclosure:",
    re.IGNORECASE,
)
# Every call to action above names one of these.
_PROMO_WORDS = (
    "facebook",
    "twitter",
    "instagram",
    "youtube",
    "tiktok",
    "sign up",
    "subscribe",
    "newsletter",
    "disclosure:",
)
_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*:\s+")
# A kicker before the headline proper: "BREAKING NEWS:", "WATCH:".
_KICKER = re.compile(r"^(?:[A-Z][A-Z ]{2,30}:\s+)+")


def own_headline(story: Story) -> str:
    """The headline without the outlet's own name or tagline glued to it, nor a shouted kicker.

    "Best gadgets of the year | Pellworth Review", "Lettings Weekly | The
    estate news site: BREAKING NEWS: Corvane Buys Harlow": what is left is
    the story's headline; the outlet's name there is the page's furniture.
    """
    headline = story.headline
    sep = _SEPARATOR.pattern
    # The whole name first: "Lettings Weekly | The estate news site" is one outlet.
    for outlet in sorted({story.outlet, *story.outlet.split(" | ")} - {""}, key=len, reverse=True):
        name = re.escape(outlet)
        headline = re.sub(rf"^{name}(?:{sep})|(?:{sep}){name}$", "", headline)
    return _KICKER.sub("", headline).strip()


# An embedded social post quoted as a block: its link or its signature
# ("— Ada Rusk (@adarusk) March 3, 2023"). A post is not the story's text.
_EMBED = re.compile(r"pic\.twitter\.com/|\(@\w+\),?\s+[A-Z][a-z]+\.? \d{1,2}, \d{4}")
# A social handle or a hashtag ("@MattBevin", "#MethWeAreOnIt") is an
# account's or a topic's spelling, not a name written in the text.
_HANDLE = re.compile(r"(?<![\w.])[@#]\w+")


def story_sentences(story: Story) -> list[list[str]]:
    """Tokens of each sentence of the story, without datelines and picture credits.

    A dateline ("ASHFORD WEIR (Meridian Wire) - ") is shouted, not named:
    its capitals would read as an acronym. A credit names whoever took a
    picture, not whom the story is about. A headline written as a sentence
    comes first (see :func:`headline_is_prose`).
    """
    return sentences_of(own_headline(story), body_texts(story))


def sentences_of(headline: str, paragraphs: list[str]) -> list[list[str]]:
    """:func:`story_sentences` of a story whose :func:`own_headline` and :func:`body_texts` are these."""
    out = []
    texts = [headline] if headline_is_prose(headline) else []
    # A paragraph in title case without a sentence's end is a deck or a
    # subheading: its capitals are style, as in a title-case headline.
    texts += [p for p in paragraphs if not _deck(p)]
    for paragraph in texts:
        for sentence in split_sentences(paragraph):
            text = _DATELINE.sub("", strip_dateline(sentence), count=1)
            # (Each pattern only where its literal text is: most sentences have none.)
            if "(" in text or "redit" in text or "Images" in text or "Photography" in text:
                text = _CREDIT.sub(" ", text)
            if "@" in text or "#" in text:
                text = _HANDLE.sub(" ", text)
            out.append(tokenise(text))
    return out


def headline_is_prose(headline: str) -> bool:
    """Whether ``headline`` is written like a sentence, so that its capitals are evidence.

    In a title-case headline ("Driver Charged In Fatal Queens Hit & Run")
    every word has a capital, so a capital says nothing. In sentence case
    ("Klitschko stops Thompson in regulation win", or a lede used as the
    headline: "A publicist says Tara Reid has checked herself into rehab.")
    it says what it says in the story's text: the headline is its first
    sentence. A date or timestamp headline has no lower-case word that
    counts and reads as title case.
    """
    words = [w for w in headline.split() if w.lower() not in _SHORT_CONJUNCTIONS]
    return any(w[:1].islower() for w in words) and not is_title_case(" ".join(words))


# Conjunctions that title case leaves in lower case besides the small words
# of :func:`is_title_case`: "Skittles May Be Banned in California if New Bill Passes".
_SHORT_CONJUNCTIONS = frozenset(("if", "nor", "yet", "so", "than"))


def _deck(paragraph: str) -> bool:
    """A title-case line of four or more words that does not end like a sentence."""
    text = paragraph.strip()
    # (The end first: most paragraphs end like a sentence, and need no split.)
    return not text.endswith((".", "!", "?", '"', "”")) and len(text.split()) >= 4 and is_title_case(text)


def initial_positions(tokens: list[str]) -> set[int]:
    """Indices where a sentence, a quotation or a clause after a colon starts."""
    if OPENING.isdisjoint(tokens):  # (most sentences have no quotation nor colon)
        return {0}
    starts = {i + 1 for i, tok in enumerate(tokens) if tok in OPENING}
    starts.add(0)
    return starts
