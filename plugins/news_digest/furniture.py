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

KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("legal", _LEGAL),
    ("notice", _NOTICE),
    ("promo", _PROMO_STRONG),
    ("appeal", _APPEAL),
    ("caption", _CAPTION),
    ("credit", _CREDIT),
    ("video", _VIDEO),
    ("teaser", _TEASER),
    ("contact", _CONTACT),
    ("byline", _BYLINE),
    ("bio", _BIO),
    ("promo", _PROMO),
    ("page", _PAGE),
)
"""Sentence-level junk, in the order they are tried."""

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


# Every pattern above needs one of these words (or one of the characters in
# _TRIGGER_CHARS, or a sentence opening with "by"): a sentence with none of
# them is news, and three in four news sentences are decided by one set
# lookup instead of a dozen regex scans.
_TRIGGERS = """
donation donations donate contribution contribute support member subscriber supporter patron
dollar need partnership paywall paywalls gofundme patreon gift keep newsletter newsletters
subscribe subscription sign signing inbox podcast facebook twitter instagram tiktok youtube
threads mastodon bluesky thoughts comments comment tell let hear think daily weekly latest
morning evening updates ebook book download delivered notifications submitting inspired editor
photo photos image images video videos credit credits source picture pictures photograph
courtesy getty shutterstock pictured above below left right top bottom center centre foreground
background inset study watch listen segment clip aired link other more magazine posts reached
contact email mail message reach follow written originally republished contributed syndication
columnist writer author reporter correspondent contributor dietitian notice disclaimer terms
transcripts material content note readers correction clarification earlier corrected edited
published apologize apologise update updated scroll click read see share rights copyright
caption advertisement podcasts screen screengrab grab handout file free help
"""
_TRIGGER_WORDS = frozenset(_TRIGGERS.split())
_TRIGGER_CHARS = frozenset("/@©:")
_WORD = re.compile(r"[a-z]+")


def _may_be_junk(text: str) -> bool:
    low = text.lower()
    if low.startswith("by") or not _TRIGGER_CHARS.isdisjoint(text):
        return True
    return not _TRIGGER_WORDS.isdisjoint(_WORD.findall(low))


def junk_kind(sentence: str) -> str | None:
    """What ``sentence`` is if it is not news ("appeal", "promo", "caption", ...), else None."""
    text = sentence.strip()
    if not text or len(text) > MAX_JUNK_CHARS or not _may_be_junk(text):
        return None
    for kind, pattern in KINDS:
        found = pattern.search(text)
        if not found:
            continue
        if pattern is _PAGE and len(text.split()) > PAGE_MAX_WORDS:
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
