"""Metadata: outlet, date, category, original URL and slug of each story."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import urlsplit

from . import lexicon
from .sources import Sources
from .story import Story

# Month and weekday names and short forms, from the lexicon: "sept" -> 9.
MONTHS = {name: i for i, names in enumerate(lexicon.MONTHS, start=1) for name in names}
WEEKDAYS = {name: i for i, names in enumerate(lexicon.WEEKDAYS) for name in names}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"

# Ordered by how much each form says: an ISO date is unambiguous, a weekday
# with month and day pins the year, a bare month and day does not.
DATE_PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY}\b{_YEAR}", re.IGNORECASE),
    re.compile(rf"\b{_WEEKDAY}(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}{_YEAR}\b", re.IGNORECASE),
]


def _to_date(value: object) -> dt.date | None:
    """A date from a sidecar value (YAML gives dates or strings)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def resolve_year(month: int, day: int, weekday: int | None, reference: dt.date) -> dt.date | None:
    """The latest date on or before ``reference`` with this month, day (and weekday).

    "Wednesday, December 15" scraped in 2026 is 2021-12-15: the last
    December 15 that fell on a Wednesday. Without a weekday it is the last
    December 15 not after the reference day.
    """
    for year in range(reference.year, reference.year - 29, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= reference and (weekday is None or candidate.weekday() == weekday):
            return candidate
    return None


def find_date(text: str, reference: dt.date) -> dt.date | None:
    """The story's date as its text states it, or None.

    Mentions with a year, or with a weekday that pins the year, beat a bare
    "December 15". Among those, the latest one not after the scrape wins:
    background paragraphs mention earlier events, and the story cannot be
    dated after it was scraped.
    """
    best: tuple[int, dt.date] | None = None
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            parts = m.groupdict()
            month_text = parts["month"].lower()
            month = int(month_text) if month_text.isdigit() else MONTHS[month_text]
            day = int(parts["day"])
            weekday = WEEKDAYS.get((parts.get("weekday") or "").lower())
            found: dt.date | None
            if parts.get("year"):
                try:
                    found = dt.date(int(parts["year"]), month, day)
                except ValueError:
                    continue
                if found > reference or (weekday is not None and found.weekday() != weekday):
                    continue
            else:
                found = resolve_year(month, day, weekday, reference)
            if found is None:
                continue
            pinned = 1 if parts.get("year") or weekday is not None else 0
            if best is None or (pinned, found) > best:
                best = (pinned, found)
    return best[1] if best else None


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


def resolve_metadata(story: Story, sources: Sources, reference: dt.date, default_category: str) -> None:
    """Date, category, section, URL, author, language and tags, sidecar first."""
    side = story.sidecar
    if side.get("title"):
        story.headline = " ".join(str(side["title"]).split())
    scraped = _to_date(side.get("scraped")) or reference
    story.date = _to_date(side.get("date"))
    if "date" in side and story.date is None:
        story.warnings.append(f"sidecar date {side['date']!r} is not YYYY-MM-DD")
    if story.date is None:
        story.date = find_date(" ".join([story.headline, *story.paragraphs]), scraped)
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


def slugify(text: str, max_length: int = 80) -> str:
    """A readable ASCII slug: lower case words joined by hyphens, never empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > max_length:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "story"


def assign_slugs(stories: Iterable[Story]) -> None:
    """Unique, stable slugs: a collision gets a suffix from the source path.

    The suffix hashes the source path, so a story keeps its URL when other
    stories come and go; the earliest (then first by path) keeps the plain slug.
    """
    groups: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        wanted = story.sidecar.get("slug")
        groups[slugify(str(wanted) if wanted else story.headline)].append(story)
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
