"""What is not story text: the one furniture lexicon.

Cleaning (``clean.py``) removes furniture from the body and summaries
(``enrich/summary.py``) never pick it; both ask this module, so a rule is
written once. Three levels:

* :data:`FURNITURE` -- whole lines that are page furniture (comment forms,
  share buttons, "Recent News", toolbars). They only ever match a whole,
  short line (:data:`MAX_FURNITURE_WORDS`), so a sentence that merely
  mentions Facebook stays. They are ours and run on Python's engine (an
  editor's ``/regex/`` entries in ``sources.yaml`` run on RE2).
* :func:`junk_kind` -- one *sentence* that is not news, and what it is: an
  appeal for money, a promo (newsletter, app, follow us), a caption or photo
  credit, a byline or contact line, a video stub, a teaser for another
  story, an editor's or legal notice. The patterns need the shape of the
  thing, not a word: "Donations to the campaign rose" is news, "please
  consider a small donation" is not.
* :data:`SEE_ALSO` and :data:`LINK_MARKER` -- dead links: "Related: <title>",
  "Read more:", "WATCH: <title>", "[ <title> ]".

Datelines ("WASHINGTON ― ") are stripped by ``enrich/sentences.py``; they
open real sentences, so they are not furniture.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import lexicon

MAX_FURNITURE_WORDS = 30
"""Lines longer than this are prose, never whole-line furniture (the longest
furniture line seen in practice is a cookie or Akismet notice of about 20 words)."""

_SOCIAL = (
    r"facebook|twitter|x|whatsapp|telegram|linkedin|reddit|pinterest|email|e-mail|"
    r"print|copy link|messenger|vk|flipboard|threads|bluesky|mastodon|instagram|youtube|tiktok"
)

FURNITURE: tuple[str, ...] = (
    # Comment forms and spam filters.
    r"leave a (comment|reply)( cancel reply)?",
    r"(post|add|write|submit|show|view|load|hide|read) (a |your |all |the )?comments?\b.*",
    r"\d*\s*comments?( \(\d+\))?",
    r"comments? (are|is) closed\.?",
    r".*\bakismet\b.*",
    r"your email address will not be published\.?.*",
    r"required fields are marked.*",
    r"(name|email|e-mail|website|comment)\s*\*",
    r"save my name,? email,? and website in this browser.*",
    r"notify me of (new|follow-up) (comments|posts).*",
    # Cookie and consent banners.
    r"(we|this (web)?site|our (web)?site) uses? cookies.*",
    r"(accept|reject|allow|manage|decline)( all)? cookies.*",
    r"(cookie|privacy) (policy|settings|preferences|consent|notice)\.?",
    # Lists of other stories.
    r"(recent|latest|more|top|related|popular|trending) (news|posts|stories|articles|headlines|videos)",
    r"(editor'?s'?|editors'?)\s*(pick|choice)s?",
    r"most (read|popular|viewed|shared|commented|watched)( (news|stories|articles|today))?",
    r"(trending|popular)( now)?",
    r"top stories",
    r"see more .{1,60} (posts|stories|articles|videos)\.?",
    r"(read|find out|discover|learn) more about .{1,120}",
    # Share, follow and subscribe widgets; browser prompts.
    rf"(share|share this|share this (story|article|post|page)|share (on|via) ({_SOCIAL}))\s*:?",
    rf"({_SOCIAL})(\s*[,|/·•]?\s*({_SOCIAL}))*",
    r"(tweet|pin it|like|follow|follow us|bookmark|save)\s*:?",
    r"follow (us|@\w+) on .{1,60}",
    r"(subscribe|sign up|register)\b.{0,80}\bnewsletters?\b.*",
    r"(get|receive) (our|the) .{0,40}newsletter.*",
    r"(subscribe|subscribe now|subscribe today|subscribe here|newsletter|newsletters)\s*[:!.]?",
    r"be the first to know\.?",
    r"(not now|turn on|no thanks|allow notifications|maybe later)\.?",
    r"get browser notifications\b.*",
    # Ads.
    r"(advertisement|advertising|advert|ad|sponsored( content)?|promoted( content)?|paid content)",
    r"scroll to continue( with content)?",
    # Legal lines.
    r"(©|\(c\)|copyright\b).*",
    r".*\ball rights reserved\b.*",
    # Navigation and toolbars.
    r"(home|start|news)\s*(>|»|/|›|\||→)\s*.*",
    r"(skip to (main )?content|menu|search|log ?in|sign ?in|sign ?up|register|close)",
    r"(back to top|go to top|print this (page|article))",
    r"(read|click) here.{0,60}",
    r"(continue reading|read the full (story|article)|read more|more from .{1,40})\s*[.…»>]*",
    r"(tags?|topics?|related topics|filed under|keywords)\s*:.*",
    r"listen \d+ min\b.*",
    r"(gift ?outline )?gift article",
    r"view gallery\b.*",
    r"(enlarge|expand) this image\b.*",
    r"toggle caption\b.*",
    r"example video title will go here.*",
    r"watch the (full )?(clip|video|interview)( here| below)?\s*[:.]?",
    # Photo credits standing alone.
    r"(image|photo|picture|video)\s*(source|credit)s?\s*:.*",
    r"\(?(photo|image|photograph|picture)s?( credit)?\s*:\s*[^.]{1,80}\)?",
    r"photograph:\s*.{1,80}",
    r"courtesy( of)?\s*:?\s*.{1,60}",
    r"credits?\s*:\s*.{1,60}",
    r"([\w.'’ -]{1,40} via )?getty( images)?",
    r"source\s*:\s*.{1,80}",
    # Bylines and separators standing alone.
    r"by",
    r"by\s+(?-i:[A-Z])[\w.'’-]*( (?-i:[A-Z])[\w.'’-]*){0,3}"
    r"(\s*(,|and|&)\s*(?-i:[A-Z])[\w.'’-]*( (?-i:[A-Z])[\w.'’-]*){0,3})*",
    r"[_*=~-]{3,}",
    r"\d{1,3}",  # a gallery's picture count
    r"\((soundbite|sound bite|music|applause|laughter|crosstalk) [^()]{0,80}\)",
    r"\S+@\S+\.\w{2,}",
)
"""Whole-line furniture, matched case-insensitively against a short, whitespace-normalised line."""

# --- Sentences --------------------------------------------------------------

MAX_JUNK_CHARS = 1000
"""A longer "sentence" is never junk (and no pattern has to scan it): appeals,
promos and captions are a few dozen words."""

READER = re.compile(r"\b(you|your|you're|you'll|we|our|us|please|i|i'm|i’m|me|my)\b", re.IGNORECASE)
"""Words that address the reader or speak for the outlet: they make a newsletter mention a promo."""

_APPEAL = re.compile(
    r"\b((make|consider|making) (a |your )?(small |one-time |monthly |tax-deductible )?(donation"
    r"|contribution|gift)"
    r"|a (small )?donation to (us|our)|donate (now|today|here|to (us|our))|contribut(e|ion) (today|now)"
    r"|support (our|local|independent|nonprofit|quality|trustworthy|conservative) (journalism"
    r"|reporting|news\w*)"
    r"|become a (member|sustaining member|subscriber|supporter|patron)|put a dollar value on"
    r"|(we|i) need (your|you to) |your (support|partnership|contribution|gift) (is|makes|helps|keeps)"
    r"|without your (support|partnership|help|contribution)"
    r"|keep (it|this|local news|our \w+) (going|free|alive)|paywalls?\b|gofundme|patreon)",
    re.IGNORECASE,
)
_PROMO = re.compile(
    r"(\b(newsletters?\b|subscribe\b|subscription\b|sign(ing)? up for|inbox\b|podcasts?\b"
    r"|(follow|find|join|like) (us|me|him|her|them)\b.{0,30}\b(on|via) (facebook|twitter|instagram"
    r"|tiktok|youtube)"
    r"|share your thoughts|let us know|tell us (what|in)|in the comments|comment below)"
    r"|^(get|receive|sign up for|subscribe to) (the|our|a|your) (daily|weekly|latest|free|morning|evening)\b"
    r"|\b(we|i)(['’]d| would)? (need|want|love) to hear from you\b"
    r"|^what do you think\b)",
    re.IGNORECASE,
)
_PROMO_STRONG = re.compile(
    r"(\be-?book\b.{0,40}\b(compilation|download)|^download a free copy|delivered to your inbox"
    r"|(browser|push) notifications|by submitting your email|^editor'?s note: (get|sign up)"
    r"|\bget inspired by\b"
    r"|\bsign up for .{1,60} newsletter|^for (news )?updates, follow\b"
    r"|^follow (us|me|him|her|@\w+)\b.{0,30}\b(on|at) (twitter|facebook|instagram|tiktok|threads"
    r"|mastodon|bluesky))",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"((?i:\((photo|image|video)s?( credit)?\s*:[^)]{1,80}\))"
    r"|^\s*(?i:source|credits?|photos?|images?|pictures?)\s*:"
    r"|\([A-Z][\w.'’ -]{1,40}\s?/\s?[A-Z][\w.'’&, -]{1,60}\)"
    r"|(?i:\b(image|photo|picture)\s*(credit|source)s?\s*:|\bphotograph:|\bcourtesy of\b"
    r"|\b(via )?getty images\b|\bshutterstock\b|\bap photo\b)"
    r"|(^|\s)[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3}\s?/\s?(AP|AFP|Reuters|EPA|Bloomberg|Getty Images"
    r"|Shutterstock)$)"
)
_CAPTION = re.compile(
    r"(^(in this|this) (photo|image|screen ?grab|file photo|handout|photograph)\b"
    r"|^(pictured|above|below|left|right|top|bottom|from left)\s*:"
    r"|,\s*(left|right|center|centre|second from (left|right)|foreground|background)\s*,"
    r"|\((left|right|center|centre|above|below|inset)\)"
    r"|^study: .{5,300}image credit)",
    re.IGNORECASE,
)
_DATE_WORDS = "|".join(sorted(lexicon.DATE_WORDS, key=len, reverse=True))
_BYLINE = re.compile(
    rf"(^[Bb]y (?!(?:{_DATE_WORDS})\b)[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){{0,3}}\s*($|,|\||and [A-Z]|&)"
    r"|^(?i:written by) [A-Z]|^(?i:originally (posted|published) (on|in|by)) [A-Z]"
    r"|(?i:republished with permission)"
    r"|^(?i:.{0,160}\bcontributed( reporting)?( to this (report|story))?\.?)$"
    r"|(?i:original article syndication))"
)
_CONTACT = re.compile(
    r"(\S+@\S+\.[a-z]{2,}|\bcan be reached at\b|^contact [A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,2} at\b"
    r"|\b(e-?mail|message) (me|us)\b|\breach (me|us) (at|on|via)\b|\breach out to (me|us)\b"
    r"|\bfollow (him|her|me) (on|at|@)|@\w+ on (twitter|instagram|threads|mastodon|bluesky)\b)",
    re.IGNORECASE,
)
_VIDEO = re.compile(
    r"(\b\d{1,2}:\d\d$|^(watch|video|listen)\s*:|\bthis (segment|video|clip) (aired|originally aired)\b"
    r"|\b(watch|see|check out) (the|his|her|their|this|it|.{0,40} (appearance|interview|clip|video))"
    r"( .{0,60})? below\b|\bcheck out the below link)",
    re.IGNORECASE,
)
_TEASER = re.compile(
    r"(^in other news\b|^see more .{1,60} posts|^(more|more on|magazine)\s*:)", re.IGNORECASE
)
# Legal boilerplate: the paragraph it opens goes.
_LEGAL = re.compile(
    r"(^\W*(important notice|disclaimer|legal notice|terms of use)\s*:"
    r"|transcripts are created on a rush deadline"
    r"|^this (material|content) may not be (published|reproduced))",
    re.IGNORECASE,
)
# Editors' notes and corrections: they stay in the body, never in a summary.
_NOTICE = re.compile(
    r"(^\W*(editor'?s note|note to readers|correction|clarification)\s*:"
    r"|^(an earlier version of this (story|article)|this (story|article) (has been|was) (updated"
    r"|corrected|edited"
    r"|originally published))|\bwe apologi[sz]e for the error\b|^update(d)?,? .{0,40}\b\d{4}\s*:"
    r"|^update(d)?,? (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b)",
    re.IGNORECASE,
)
# Page furniture inside the text ("Scroll down for video", "By . Daily Mail
# Reporter"); only in short sentences: a long one that mentions "read more" is news.
_PAGE = re.compile(
    r"(?i)(scroll\s+down|click\s+here|read\s+more\b|see\s+also\b|sign\s+up\b|subscribe\b"
    r"|follow\s+(?:us|me|@)|share\s+this|all\s+rights\s+reserved|copyright\s*(?:©|\(c\)|\d{4})|©"
    r"|published\s*:|updated\s*:|last\s+updated"
    r"|^\s*(?:by\s*[.:]|by\s+[\w .'’-]{0,60}?\breporter\b"
    r"|(?:photo|image|video|watch|pictured|caption|source)\s*:|advertisement\b))"
)
_URGING = re.compile(r"\W*(don['’]t|do not|never|now)\b", re.IGNORECASE)
_SIGN_UP = re.compile(r"(?i)sign\s+up|subscribe")


def _about_signing_up(text: str) -> bool:
    """A sentence that mentions signing up without asking the reader to: more than a bare
    call ("Sign up", "Subscribe now"), not imperative, not addressed to the reader."""
    return (
        len(text.split()) > 4
        and not IMPERATIVE.match(text)
        and not _URGING.match(text)
        and not READER.search(text)
    )


PAGE_MAX_WORDS = 25
"""Longer sentences are never page furniture by :data:`_PAGE` alone."""
_BIO = re.compile(
    r"^\W*[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){1,3} is (a|an|the) ([\w-]+ ){0,3}"
    r"(columnist|writer|author|reporter|correspondent|contributor|editor|dietitian)\b"
)

_SPOKEN = re.compile(r"(^[\"“‘']|\b(said|says|told|asked|added|wrote|according to)\b)", re.IGNORECASE)

THIS_PAGE = re.compile(r"\bthis (story|article|report|page|post|newsletter)\b", re.IGNORECASE)
"""A sentence about the page itself ("This story has been updated.")."""

ASKS_READER = re.compile(r"^\W*(are|do|did|will|would|have|what do) you\b.{3,160}\?\W*$", re.IGNORECASE)
"""A question to the reader ("Are you excited to see it?"): a promo when a promo follows it."""

IMPERATIVE = re.compile(
    r"^\W*(get|sign|subscribe|join|download|follow|support|donate|give|become|help|click|visit|listen|watch"
    r"|read|check|share|tell|let|register|try)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Needs:
    """What a sentence must hold for one pattern to match it (any one of these is enough).

    ``words``: a whole word of the lower-cased sentence (a run of a-z), for a
    word the pattern bounds on both sides (``\\b``, a space, ``^``, ``:``);
    ``parts``: a piece of the lower-cased sentence, for a word it does not
    bound ("paywalls?" is in "paywalls"; "scroll\\s+down" in "xscroll down");
    ``chars``: a character of the sentence; ``opening_by``: the sentence
    opens with "by". A pattern that matches a sentence always finds one of
    them there (``tests/test_furniture.py`` generates matches of each
    pattern to check), so a sentence with none is not that kind of junk
    and the pattern is not run: a regex scan costs far more than a set test.
    """

    words: frozenset[str] = frozenset()
    parts: tuple[str, ...] = ()
    chars: str = ""
    opening_by: bool = False

    def met(self, text: str, low: str, words: set[str]) -> bool:
        """Whether ``text`` (lower-cased ``low``, its words ``words``) holds one of them."""
        return (
            not self.words.isdisjoint(words)
            or any(part in low for part in self.parts)
            or any(char in text for char in self.chars)
            or (self.opening_by and low.startswith("by"))
        )


def _needs(words: str = "", parts: str = "", chars: str = "", opening_by: bool = False) -> Needs:
    return Needs(frozenset(words.split()), tuple(parts.split("|")) if parts else (), chars, opening_by)


# Each pattern's needs, read off its alternatives (a word in an alternative
# that every match of it must spell). Where one alternative offers several,
# the rarest is named.
KINDS: tuple[tuple[str, re.Pattern[str], Needs], ...] = (
    # "notice"/"disclaimer"/"terms" ... ":", "on a rush deadline", "this material/content may not be".
    ("legal", _LEGAL, _needs("notice disclaimer terms rush material content")),
    # "editor's note:", "note to readers", "correction:", "an earlier version", "this story/article
    # has been", "we apologise", "update(d), ...".
    (
        "notice",
        _NOTICE,
        _needs("note correction clarification earlier story article apologise apologize update updated"),
    ),
    # "e-book ... download", "download a free copy", "by submitting", "editor's note: get",
    # "get inspired by", "sign up for ... newsletter", "for updates, follow", "follow us ... on".
    (
        "promo",
        _PROMO_STRONG,
        _needs(
            "ebook book download submitting note inspired sign updates follow",
            "inbox|notifications",
        ),
    ),
    # Donations, contributions and gifts; "support our", "become a", "put a dollar value",
    # "we need your", "your partnership", "without your", "keep it going", paywalls.
    (
        "appeal",
        _APPEAL,
        _needs(
            "support become dollar need partnership without keep",
            "donat|contribut|gift|paywall|gofundme|patreon",
        ),
    ),
    # "in this photo", "pictured:", ", left,", "(inset)", "study: ... image credit".
    (
        "caption",
        _CAPTION,
        _needs(
            "photo image screen screengrab file handout photograph pictured above below left right top"
            " bottom center centre foreground background inset study"
        ),
    ),
    # "(Photo: ...)", "Source:", "(Name / Outlet)", "image credit:", "courtesy of", "Getty Images",
    # "Name / AP".
    (
        "credit",
        _CREDIT,
        _needs(
            "photo photos image images video videos picture pictures photograph courtesy getty shutterstock",
            "credit|source",
            "/",
        ),
    ),
    # "02:52", "watch:", "this clip aired", "... below", "the below link".
    ("video", _VIDEO, _needs("watch video listen aired below", chars=":")),
    # "in other news", "see more ... posts", "more:", "magazine:".
    ("teaser", _TEASER, _needs("other see more magazine")),
    # an e-mail address or handle, "can be reached at", "contact Name at", "e-mail me",
    # "reach us at", "reach out to", "follow him on".
    ("contact", _CONTACT, _needs("reached contact email mail message reach follow", chars="@")),
    # "By Name", "written by", "originally posted", "republished with permission",
    # "... contributed to this report", "original article syndication".
    (
        "byline",
        _BYLINE,
        _needs("written originally contributed", "republished|syndication", opening_by=True),
    ),
    # "Name is a columnist ...".
    (
        "bio",
        _BIO,
        _needs("columnist writer author reporter correspondent contributor editor dietitian"),
    ),
    # Newsletters, subscriptions, podcasts, "follow us on <network>", "share your thoughts",
    # "let us know", "tell us", comments, "get the daily/free ...", "hear from you", "what do you think".
    (
        "promo",
        _PROMO,
        _needs(
            "newsletter newsletters subscribe subscription sign signing inbox podcast podcasts share let"
            " tell daily weekly latest free morning evening hear think",
            "facebook|twitter|instagram|tiktok|youtube|comment",
        ),
    ),
    # "scroll down", "click here", "read more", "see also", "sign up", "subscribe", "follow us",
    # "share this", "all rights reserved", copyright, "published:", "updated:", "By ...",
    # "photo:", "advertisement".
    (
        "page",
        _PAGE,
        _needs(
            "more also rights photo image video watch pictured caption source",
            "scroll|click|sign|subscribe|follow|share|copyright|published|updated|advertisement",
            "©",
            opening_by=True,
        ),
    ),
)
"""Sentence-level junk, in the order they are tried, each with what it needs."""

_ANY_WORDS = frozenset().union(*(needs.words for _, _, needs in KINDS))
_ANY_PART = tuple(dict.fromkeys(part for _, _, needs in KINDS for part in needs.parts))
_ANY_CHAR = "".join(sorted({char for _, _, needs in KINDS for char in needs.chars}))


def _kinds_needing(has: Callable[[Needs], bool]) -> frozenset[int]:
    return frozenset(i for i, (_, _, needs) in enumerate(KINDS) if has(needs))


# Which patterns (their places in KINDS) each word, piece and character lets run: a sentence
# past the gate finds the patterns it meets the needs of at once (the union of what it holds),
# not each pattern's needs tested in turn.
_BY_WORD = {word: _kinds_needing(lambda needs, w=word: w in needs.words) for word in _ANY_WORDS}
_BY_PART = tuple((part, _kinds_needing(lambda needs, p=part: p in needs.parts)) for part in _ANY_PART)
_BY_CHAR = tuple((char, _kinds_needing(lambda needs, c=char: c in needs.chars)) for char in _ANY_CHAR)
_BY_OPENING = _kinds_needing(lambda needs: needs.opening_by)


def _kinds_met(text: str, low: str, words: set[str]) -> set[int]:
    """The places in KINDS of the patterns whose needs ``text`` meets (:meth:`Needs.met` of each)."""
    met: set[int] = set()
    for word in _ANY_WORDS.intersection(words):
        met |= _BY_WORD[word]
    for part, kinds in _BY_PART:
        if part in low:
            met |= kinds
    for char, kinds in _BY_CHAR:
        if char in text:
            met |= kinds
    if low.startswith("by"):
        met |= _BY_OPENING
    return met


_WORD = re.compile(r"[a-z]+")
# Python's case-insensitive matching takes these for the ASCII letters the
# patterns spell ("ſ" for "s", the Kelvin sign for "k"): folded first, so that
# a word test never misses what a pattern would match.
_CASE_ODD = "İıſK"
_FOLD_ODD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})


def _lowered(text: str) -> str:
    """``text`` lower-cased as the patterns read it."""
    if not text.isascii() and any(char in text for char in _CASE_ODD):
        text = text.translate(_FOLD_ODD)
    return text.lower()


def _holds_needs(token: str) -> bool:
    """Whether one token (no white space) holds a word, piece or character that some pattern needs."""
    return (
        not _ANY_WORDS.isdisjoint(_WORD.findall(token))
        or any(part in token for part in _ANY_PART)
        or any(char in token for char in _ANY_CHAR)
    )


# Each token's answer, kept: news vocabulary is small, so after the first
# stories nearly every sentence is decided by one subset test, in C. (The
# words, pieces and characters are never white space, so a token holds one
# exactly when the sentence holds it there.)
_PLAIN: set[str] = set()
_HOLDING: set[str] = set()
_KEPT_MAX = 100_000


def _may_be_junk(low: str) -> bool:
    """Whether the lower-cased sentence holds anything any pattern needs (most hold nothing)."""
    if low.startswith("by"):
        return True
    tokens = set(low.split())
    if tokens <= _PLAIN:
        return False
    if len(_PLAIN) + len(_HOLDING) > _KEPT_MAX:
        _PLAIN.clear()
        _HOLDING.clear()
    for token in tokens - _PLAIN - _HOLDING:
        (_HOLDING if _holds_needs(token) else _PLAIN).add(token)
    return not _HOLDING.isdisjoint(tokens)


def junk_kind(sentence: str) -> str | None:
    """What ``sentence`` is if it is not news ("appeal", "promo", "caption", ...), else None."""
    text = sentence.strip()
    if not text or len(text) > MAX_JUNK_CHARS:
        return None
    low = _lowered(text)
    if not _may_be_junk(low):
        return None
    met = _kinds_met(text, low, set(_WORD.findall(low)))
    for i, (kind, pattern, _needs) in enumerate(KINDS):
        if i not in met:
            continue  # (a set test instead of a regex scan)
        if pattern is _PAGE and len(text.split()) > PAGE_MAX_WORDS:
            continue  # (before the scan: a long sentence is never page furniture)
        found = pattern.search(text)
        if not found:
            continue
        if pattern is _PAGE and _SIGN_UP.fullmatch(found.group(0)) and _about_signing_up(text):
            continue  # "The paper hopes to sign up more subscribers": news about signing up, not a widget
        if pattern in (_APPEAL, _PROMO) and (
            _SPOKEN.search(text) or not (READER.search(text) or IMPERATIVE.match(text))
        ):
            continue  # quoted speech, or a sentence that does not address the reader, is news
        return kind
    return None


# --- Shapes of captions, credits, embeds and video stubs (whole paragraphs) ----------

_MONTH_WORDS = "|".join(sorted({w for row in lexicon.MONTHS for w in row}, key=len, reverse=True))
_WEEKDAY_WORDS = "|".join(sorted({w for row in lexicon.WEEKDAYS for w in row}, key=len, reverse=True))

# "... pic.twitter.com/x — Jane Doe (@jdoe) March 21, 2023": an embedded post.
TWEET = re.compile(
    rf"^(?P<body>.*?)\s*(?:(?:pic\.twitter\.com|https?://t\.co)/\S+\s*)?[—–-]+\s*"
    rf"(?P<who>[^—–]{{1,80}}?\(@\w{{1,15}}\))\s+(?P<when>(?:{_MONTH_WORDS})\.?\s+\d{{1,2}},\s+\d{{4}})$",
    re.IGNORECASE,
)
TWEET_LINKS = re.compile(r"\s*(?:pic\.twitter\.com|https?://t\.co)/\S+")
# A video stub's title with its running time: "... following new reform 02:52".
DURATION = re.compile(r"(?<![\d:.])\d{1,2}:\d\d$")
# AP photo captions date the picture: "..., Lagos, Nigeria, Saturday, Aug. 20, 2022."
# Prose says "on Monday, November 23, 2026"; a caption drops the "on".
PHOTO_DATE = re.compile(
    rf"(?<!\bon )(?<!\bOn )\b(?:{_WEEKDAY_WORDS})\.?,\s+(?:{_MONTH_WORDS})\.?\s+\d{{1,2}},\s+\d{{4}}\b[.,]",
    re.IGNORECASE,
)
# A credit glued to the end of a caption: "... on March 21, 2023. San Francisco Fire Department".
# A one-sentence caption above the story: a name, a present-tense verb of the
# picture, and what is going on ("Guard Ana Ruiz walks off the court as ...").
_CAPTION_VERBS = (
    "walks|stands|speaks|talks|poses|attends|celebrates|shoots|looks|arrives|leaves|gestures|waves|holds"
    "|sits|reacts|listens|watches|greets|addresses|smiles|hugs|kneels|runs|drives|dunks|passes|yells|pauses"
    "|prays|testifies|exits|enters|departs|boards|carries|wears|rides|jumps|dives|swims|skates"
)
CAPTION_LEDE = re.compile(
    rf"^(?:[\w.'’()-]+\s+){{0,3}}[A-Z][\w.'’-]+\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+)?(?:\s+\(\d+\))?"
    rf"\s+(?:{_CAPTION_VERBS})\b.{{0,200}}\b(?:as|during|after|before|while)\b.{{0,200}}\.$"
)
CREDIT_TAIL = re.compile(
    r"^(?:[A-Z][\w.'’&/-]*|of|the|and|at|for|de|via|&)(?:\s+(?:[A-Z][\w.'’&/-]*|of|the|and|at|for|de"
    r"|via|&)){0,5}$"
)
CREDIT_HEAD = re.compile(r"^(?:Getty|(?:[A-Z][\w.'’-]+\s+){1,3}via Getty Images)\s+(?=[A-Z])")
# A picture's furniture: "VIEW GALLERY - 2 IMAGES", "Enlarge this image", "Photo: ...", a lone count.
PHOTO_FURNITURE = re.compile(
    r"(?i)^(\d{1,3}|view gallery\b.*|(enlarge|expand) this image\b.*|toggle caption\b.*"
    r"|(image|photo|picture)s?\s*(credit|source)?s?\s*:.*|photograph:.*|\(?photos?:.*)$"
)

# An icon's label glued before the text: "ArrowRight Two other members of the party ...".
ICON_LABEL = re.compile(r"(?:^|(?<=[.!?\"”’] ))(?:Arrow|Chevron|Caret)(?:Right|Left|Up|Down)\s+(?=[A-Z\"“])")

# A caption with its credit doubled: "The roll of votes Minnesota House Minnesota House".
DOUBLED = re.compile(r"\b([A-Z][\w'’/-]*(?:\s+[A-Z][\w'’/-]*){0,3})\s+\1\b")


# --- Dead links ------------------------------------------------------------------

SEE_ALSO = re.compile(
    r"(see also|read also|also read|related|related (stories|articles|news|coverage|content|links|reading)|"
    r"see related (story|stories|article)|read more|more on this( story| topic)?|you (may|might) also like|"
    r"further reading|more stories)"
    r"\s*[:：]\s*(?P<rest>.*)"
    r"|(see also|read also|also read|related stories|related articles|more on this( story| topic)?|"
    r"you (may|might) also like|further reading)\s*(?P<rest2>)",
    re.IGNORECASE,
)
"""A "See also" marker: the related-stories slot goes where the first one stood."""

LINK_MARKER = re.compile(
    r"(watch|video|photos?|gallery|listen|more|more on|magazine|podcast)\s*:\s*(?P<rest>\S.{0,200})"
    r"|\[\s*(?P<bracket>[^\[\]]{3,200}?)\s*\]",
    re.IGNORECASE,
)
"""A dead link to a video, a gallery or another story: the line goes, no slot."""


_TITLE_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "vs",
        "via",
        "with",
    ]
)


def is_title_case(line: str) -> bool:
    """Headline style: every word but the small ones capitalised ("Is Megan Fox Pregnant?")."""
    words = [w.strip("\"'“”‘’()[]?!:,.") for w in line.split()]
    words = [w for w in words if w and w[0].isalpha()]
    return bool(words) and all(w[0].isupper() or w.lower() in _TITLE_SMALL for w in words)
