"""Metadata: outlet, date, category, original URL and slug of each story."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from unidecode import unidecode

from . import dates, lexicon
from .enrich.sentences import split_sentences
from .furniture import is_title_case
from .settings import SLUG_SUBSTITUTIONS
from .sources import Sources
from .story import Story


@dataclass
class RawTop:
    """What the date rules read before cleaning removes it: the raw lines."""

    headline: str = ""
    before: list[str] = field(default_factory=list)
    """Lines above the first paragraph of prose (date lines, bylines, captions)."""
    lede: str = ""
    """The first paragraph of prose, dateline included."""
    lines: list[str] = field(default_factory=list)
    """Every raw line, for "Update, <date>:" notes wherever they stand."""


def raw_top(story: Story, max_before: int = 8) -> RawTop:
    """The raw top of ``story`` as the reader gave it (call before cleaning)."""
    lines = [line for block in story.blocks for line in block.text.split("\n") if line.strip()]
    before: list[str] = []
    lede = ""
    for line in lines:
        if len(line.split()) >= 8 and line.rstrip().endswith(tuple('.!?…"”’)')):
            lede = line
            break
        if len(before) < max_before:
            before.append(line)
    return RawTop(story.headline, before, lede, lines)


def sidecar_day(value: object, zone: str | None = None) -> dt.date | None:
    """A date from a sidecar value (YAML gives dates or strings).

    A timestamp with an offset ("2026-11-24T22:30:00-05:00") is an instant:
    its day in the site's ``zone`` (UTC when None), the day a reader of the
    site should see, not the day written in it.
    """
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            try:
                return dt.date.fromisoformat(value.strip()[:10])
            except ValueError:
                return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dates.site_zone(zone)).date() if value.tzinfo else value.date()
    if isinstance(value, dt.date):
        return value
    return None


def safe_url(value: object) -> str | None:
    """``value`` if it is an absolute http(s) URL, else None (no ``javascript:``)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc and not re.search(r"[\s\"'<>]", value):
        return value
    return None


def resolve_outlet(story: Story, sources: Sources) -> None:
    """Fill ``outlet`` and ``outlet_key`` from the sidecar, the text or the URL."""
    label = story.sidecar.get("source") or story.raw_outlet
    url = safe_url(story.sidecar.get("url"))
    outlet = sources.find(str(label)) if label else None
    if outlet is None and url:
        outlet = sources.find_by_url(url)
    if outlet is not None:
        story.outlet, story.outlet_key = outlet.name, outlet.key
    elif label:
        story.outlet = str(label)
        story.warnings.append(f"outlet {label!r} is not in the sources file")
    else:
        story.outlet = "Unknown outlet"
        story.warnings.append("no outlet given")


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def headline_looks_like_lede(headline: str, first_paragraph: list[str], scraped: dt.date) -> bool:
    """Line 1 is a timestamp ("Posted 11/24/2026 3:36 PM") or the story's first sentence.

    A sidecar ``title`` replaces such a headline; without one the story is
    published with the warning ``headline looks like a lede``.
    """
    if dates.is_date_line(headline, scraped):
        return True
    sentences = split_sentences(first_paragraph[0]) if first_paragraph else []
    if sentences and _words(headline) and _words(headline) == _words(sentences[0]):
        return True
    # A whole sentence in sentence case; a two-part headline in title case is a headline.
    return (
        len(headline.split()) >= 12 and headline.rstrip().endswith((".", "!")) and not is_title_case(headline)
    )


# A tagline's separator: a bar or a dash between spaces.
_TAGLINE = re.compile(r"\s+[|–—-]\s+")


def outlet_names(story: Story, sources: Sources) -> tuple[list[str], list[str]]:
    """The names the story's outlet goes by, and the words of its web address.

    Names: the outlet's, its registry aliases, and each part of a name read
    from a page with its tagline ("Harbour Post | Daily news for the coast").
    The address gives the site's own word for itself: "pellworth" of
    ``news.pellworth.com``.
    """
    names = {story.outlet, *_TAGLINE.split(story.outlet)}
    outlet = sources.outlets.get(story.outlet_key or "")
    if outlet is not None:
        names.update([outlet.name, *outlet.aliases])
    host = urlsplit(safe_url(story.sidecar.get("url")) or "").hostname or ""
    labels = host.removeprefix("www.").split(".")[:-1]
    hosts = [label for label in labels if len(label) >= 3]
    return sorted(names - {"", "Unknown outlet"}, key=len, reverse=True), hosts


def without_outlet(headline: str, names: Iterable[str], hosts: Iterable[str] = ()) -> str:
    """``headline`` without the outlet's own name glued to its end or its start.

    Pages give their ``<title>``: "Best lamps of the year | Pellworth Review",
    "Pellworth Review - Daily news: Corvane buys Harlow". The outlet's name
    is the page's furniture, not the story's headline. Only a whole name after
    the last separators (compared without case, spaces or punctuation), or a
    word of its address ("... | pellworth"), goes, so "Lords wrong on
    detainees - Straw" keeps its speaker; a headline is never emptied.
    """
    names = list(names)
    keys = {_key(name) for name in [*names, *hosts]} - {""}
    for sep in _TAGLINE.finditer(headline):
        head, tail = headline[: sep.start()], headline[sep.end() :]
        if _key(tail) in keys and _key(head):
            headline = head.rstrip()
            break
    for name in names:
        lead = re.match(rf"{re.escape(name)}(?:\s+[|–—-]\s+|:\s+)", headline, re.IGNORECASE)
        if lead and _key(headline[lead.end() :]):
            return headline[lead.end() :].lstrip()
    return headline


def without_section(headline: str, section: str | None = None) -> str:
    """``headline`` without a section name glued to its end or its start.

    Page titles carry the site's section: "Harbour works stall | Editorial",
    "Opinion | Why the ferry matters", "New hatchback shown - Auto News". A
    segment after the last separator, or before the first, goes when it is
    the story's own ``section``, a section name of ``lexicon/sections.txt``
    (compared like outlet names) or a name ending in "News" ("Auto News"); a
    colon kicker ("Analysis: ...") and any other segment stay, and a headline
    is never emptied.
    """
    own = _key(section or "")

    def is_section(segment: str) -> bool:
        key = _key(segment)
        return bool(key) and (key == own or key in _section_keys() or bool(_NEWS_SECTION.fullmatch(segment)))

    seps = list(_TAGLINE.finditer(headline))
    if seps and is_section(headline[seps[-1].end() :]) and _key(headline[: seps[-1].start()]):
        headline = headline[: seps[-1].start()].rstrip()
        seps = seps[:-1]
    if seps and is_section(headline[: seps[0].start()]) and _key(headline[seps[0].end() :]):
        headline = headline[seps[0].end() :].lstrip()
    return headline


def _key(text: str) -> str:
    """``text`` compared loosely: case-folded letters and digits only."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


# "Auto News", "U.S. News": up to three capitalised words ending in "News".
_NEWS_SECTION = re.compile(r"(?:[A-Z][\w.&]*\s+){1,2}News")


@functools.cache
def _section_keys() -> frozenset[str]:
    """The section names of the lexicon, compared as :func:`_key` compares."""
    return frozenset(_key(name) for name in lexicon.SECTION_NAMES) - {""}


def _without_furniture(headline: str, names: list[str], hosts: list[str], section: str | None) -> str:
    """``headline`` without the outlet's name and the section glued to it, in either order."""
    for _ in range(2):
        headline = without_section(without_outlet(headline, names, hosts), section)
    return headline


def resolve_metadata(
    story: Story,
    sources: Sources,
    reference: dt.date,
    default_category: str,
    top: RawTop | None = None,
    zone: str | None = None,
) -> None:
    """Date, category, section, URL, author, language and tags, sidecar first.

    ``top`` is the story's raw top (:func:`raw_top`, taken before cleaning);
    the date rules are in :mod:`dates`. ``zone`` is the site's ``TIMEZONE``:
    a time with a zone (in the sidecar or the top lines) gives its day there.
    """
    side = story.sidecar
    scraped = sidecar_day(side.get("scraped"), zone) or reference
    names, hosts = outlet_names(story, sources)
    section = str(side.get("section") or story.raw_section or "") or None
    story.headline = _without_furniture(story.headline, names, hosts, section)
    if headline_looks_like_lede(story.headline, story.paragraphs[:1], scraped) and not side.get("title"):
        story.warnings.append("headline looks like a lede")
    if side.get("title"):
        story.headline = _without_furniture(" ".join(str(side["title"]).split()), names, hosts, section)
    story.date = sidecar_day(side.get("date"), zone)
    story.date_from = "sidecar" if story.date else None
    if "date" in side and story.date is None:
        story.warnings.append(f"sidecar date {side['date']!r} is not YYYY-MM-DD")
    if story.date is None:
        top = top or RawTop(story.headline, [], "", [])
        story.date, story.date_from = dates.publication_date(
            url=safe_url(side.get("url")),
            headline=top.headline,
            before=top.before,
            lede=top.lede,
            lines=top.lines,
            paragraphs=[b.text or " ".join(b.items) for b in story.blocks],
            reference=scraped,
            zone=zone,
        )
    if story.date is None:
        story.reject("no date")
        return
    story.section = str(side.get("section") or story.raw_section or "") or None
    outlet = sources.outlets.get(story.outlet_key or "")
    mapped = outlet.sections.get(story.section or "") if outlet else None
    story.category = str(side.get("category") or mapped or story.section or default_category)
    if "url" in side:
        story.url = safe_url(side["url"])
        if story.url is None:
            story.warnings.append("sidecar url is not an http(s) address; not linked")
    story.author = str(side["author"]) if side.get("author") else None
    story.language = str(side.get("language") or "en")
    story.tags = [str(t) for t in side.get("tags") or []]
    story.pinned_related = [str(r) for r in side.get("related") or []]
    # The editor's say on the event (a commentary Event: header, attached later, wins).
    story.event_hint = " ".join(str(side.get("event") or "").split()) or None


def slugify(
    text: str, max_length: int = 80, substitutions: Iterable[tuple[str, str]] = SLUG_SUBSTITUTIONS
) -> str:
    """A slug as ``pelican.utils.slugify`` makes it, cut at a word boundary, never empty.

    Same steps as Pelican: NFKC, transliteration to ASCII with ``unidecode``
    ("Москва" is "moskva", not dropped), the ``SLUG_REGEX_SUBSTITUTIONS``, lower
    case. Then the slug is cut at the last hyphen that keeps it within
    ``max_length`` characters.
    """
    # unidecode replaces each character on its own, one Python step a character: only the runs
    # of non-ASCII characters go through it (the ASCII rest is what it gives back), the same text.
    value = _NON_ASCII.sub(_transliterated, unicodedata.normalize("NFKC", text))
    for pattern, replacement in _compiled(tuple(map(tuple, substitutions))):
        value = pattern.sub(replacement, value)
    value = value.lower().strip().strip("-")
    if len(value) > max_length:
        cut = value.rfind("-", 0, max_length + 1)
        value = value[: cut if cut > 0 else max_length].strip("-")
    return value or "story"


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _transliterated(match: re.Match[str]) -> str:
    return _unidecoded(match.group())


@functools.lru_cache(maxsize=4096)
def _unidecoded(run: str) -> str:
    """``unidecode(run)``, remembered: a few runs (a dash, a curly quote) come back in most headlines."""
    return unidecode(run)


@functools.cache
def _compiled(substitutions: tuple[tuple[str, str], ...]) -> list[tuple[re.Pattern[str], str]]:
    """The slug substitutions as :func:`re.sub` takes them (NFKC, any letter case), compiled once."""
    return [
        (
            re.compile(unicodedata.normalize("NFKC", pattern), re.IGNORECASE),
            unicodedata.normalize("NFKC", repl),
        )
        for pattern, repl in substitutions
    ]


def assign_slugs(
    stories: Iterable[Story], substitutions: Iterable[tuple[str, str]] = SLUG_SUBSTITUTIONS
) -> None:
    """Unique, stable slugs: a collision gets a suffix from the source path.

    The suffix hashes the source path, so a story keeps its URL when other
    stories come and go; the earliest (then first by path) keeps the plain slug.
    """
    subs = tuple(substitutions)
    groups: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        wanted = story.sidecar.get("slug")
        groups[slugify(str(wanted) if wanted else story.headline, substitutions=subs)].append(story)
    taken = set(groups)
    for slug, members in sorted(groups.items()):
        members.sort(key=lambda s: (s.date or dt.date.min, s.source))
        members[0].slug = slug
        for story in members[1:]:
            digest = hashlib.sha1(story.source.encode()).hexdigest()
            n = 6
            while f"{slug}-{digest[:n]}" in taken:
                n += 1
            story.slug = f"{slug}-{digest[:n]}"
            taken.add(story.slug)


def reference_index(stories: Iterable[Story]) -> dict[str, Story]:
    """Stories by the names editors give them: slug, original URL and scraped path.

    Keys carry no trailing slash (look them up with ``ref.strip().rstrip("/")``);
    when two stories claim a key, a published one wins, then the first by path.
    """
    index: dict[str, Story] = {}
    for story in sorted(stories, key=lambda s: (not s.ok, s.source)):
        for key in (story.slug, story.url, story.source):
            if key:
                index.setdefault(key.rstrip("/"), story)
    return index


def past_folds(story: Story | None, by_source: dict[str, Story]) -> Story | None:
    """The story a reference lands on: a repost stands for the story it was folded into.

    Chains are followed to their end; a loop stops where it closes.
    """
    seen: set[str] = set()
    while story is not None and story.status == "folded" and story.folded_into and story.source not in seen:
        seen.add(story.source)
        story = by_source.get(story.folded_into)
    return story
