"""The publication date of a story: not any date it mentions.

Scraped text is full of dates: the day of the event, photo captions, the
background ("the Jan. 6, 2021 attack"), a follow-up's earlier chapters. The
publication date is found from the strongest evidence down, and a date is
never later than the day the story was scraped:

1. the sidecar's ``date`` (an editor's word; handled by ``meta``);
2. a date in the URL path (``/2023/03/21/``, ``/2023/mar/21/``,
   ``-20230321-``), also inside a Google News redirect; an "Update, <date>:"
   note later than the URL date wins over it (the story scraped is the
   updated one);
3. near the top: a timestamp headline ("Posted 12/19/2005 3:36 PM"), a date
   line or a "Published" / "Updated" / "Posted" line before the first
   paragraph, the dateline of the first paragraph ("DUNMERE, Nov. 27 (Wire)
   -"), or a date in the first paragraph that a weekday pins ("on Wednesday,
   December 15") or that lies within :data:`TOP_DAYS` of the scrape;
   A top line that gives a time with a zone ("Updated 8:36 PM EDT, Tue
   March 21, 2026", "Published 21:30 GMT", an ISO timestamp with an offset)
   names an instant: it is converted to the site's ``TIMEZONE``, the day a
   reader of the site should see, and it beats a URL date that names the
   same local day (an outlet writes its own local date into its URLs);
4. anywhere in the body, only a date that a year or a weekday pins and that
   lies within :data:`BODY_DAYS` of the scrape: deep in the text a date is
   usually background, so only one that agrees with the scrape is trusted.
   Photo captions count here although the cleaner removes them ("... speaks
   in the Capitol on Friday, March 24, 2023. Jane Doe/Agency"): a photo is
   never later than the story it illustrates.

Every rule returns the date and its name (:data:`Rule`), so the report and
the benchmark can say where a date came from. ``htmldate``'s URL patterns
were the model for the URL rules; ``dateparser`` was not used: English forms
are all the scrapes carry, it adds a second of import and parse time to a
build, and it reads a zone named without its season ("4:50 pm ET") at its
standard-time offset, an hour off in summer. Here "ET", "PT" and their kin
are read in their IANA zone on the day given (:data:`SEASONAL_ZONES`).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from . import lexicon
from .enrich.sentences import DATELINE

Rule = Literal["sidecar", "url", "updated", "timed", "top", "body"]
"""``timed``: a top line's time with a zone, on the local day the URL names."""

TOP_DAYS = 31
"""A year-bearing date in the first paragraph counts when at most this many days (a month)
before the scrape."""

BODY_DAYS = 2
"""A date deeper in the body counts only when at most this many days before the scrape."""

EARLIEST = dt.date(1990, 1, 1)
"""No scraped story is older: a "date" before this is an ID or a price."""

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
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?:\b|(?=T\d))"),
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY}\b{_YEAR}", re.IGNORECASE),
    re.compile(rf"\b{_WEEKDAY}(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}{_YEAR}\b", re.IGNORECASE),
]
# US numeric dates (12/19/2005, 3/24/23): only trusted near the top, where
# they are timestamps; in prose "3/4" is a fraction or a score.
_NUMERIC = re.compile(r"(?<![\d/])(?P<a>[01]?\d|[23]\d)/(?P<b>[0-3]?\d)/(?P<year>(?:19|20)?\d\d)(?![\d/])")

# --- URLs -------------------------------------------------------------------

_Y = r"(?P<year>(?:19|20)\d\d)"
_URL_PATTERNS = [
    # /2023/03/21/, 2023-03-21, 2023_3_21 (htmldate's "complete URL" form)
    re.compile(rf"(?<!\d){_Y}[/_-](?P<month>0?[1-9]|1[0-2])[/_-](?P<day>0?[1-9]|[12]\d|3[01])(?!\d)"),
    # /2023/mar/21/ (The Guardian, The Washington Times)
    re.compile(rf"(?<!\d){_Y}/(?P<month>[a-z]{{3,9}})/(?P<day>0?[1-9]|[12]\d|3[01])(?!\d)", re.IGNORECASE),
    # -20230321- or /20230321/ between non-digits (Chicago Tribune, news-medical)
    re.compile(rf"(?<![\d]){_Y}(?P<month>0[1-9]|1[0-2])(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"),
]
_URL_MONTH = re.compile(rf"/{_Y}/(?P<month>0?[1-9]|1[0-2])/(?!\d)")
_GOOGLE_NEWS = re.compile(r"^/(?:rss/)?articles/(?P<id>[A-Za-z0-9_-]{8,})")
_EMBEDDED_URL = re.compile(rb"https?://[\x21-\x7e]+")

# --- Lines near the top -----------------------------------------------------

_CUE = r"(?:first\s+)?(?:published|posted|updated|last\s+updated|update|modified|created)"
_CUED = re.compile(rf"\b(?P<cue>{_CUE})\b(?:\s+on)?\s*[:,]?\s*", re.IGNORECASE)
_UPDATE_NOTE = re.compile(rf"^\W*(?:{_CUE}|editor'?s\s+note)\b", re.IGNORECASE)
# What may stand on a date line besides the date: cue words, times, zones,
# a short byline before a separator ("By Jane Doe |").
# --- Times with a zone ---------------------------------------------------------

FIXED_ZONES: dict[str, float] = {
    "UTC": 0, "GMT": 0,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10,
    "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
    "JST": 9, "KST": 9, "AWST": 8, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}  # fmt: skip
"""Zone abbreviations that name one offset, in hours east of UTC. Ambiguous
ones are left out ("IST" is India, Ireland or Israel); "CST" is US Central,
as English-language news writes it."""

SEASONAL_ZONES: dict[str, str] = {
    "ET": "America/New_York", "Eastern": "America/New_York",
    "CT": "America/Chicago", "Central": "America/Chicago",
    "MT": "America/Denver", "Mountain": "America/Denver",
    "PT": "America/Los_Angeles", "Pacific": "America/Los_Angeles",
}  # fmt: skip
"""Zones named without their season: "4:50 pm ET" is EDT in July and EST in
January, so the offset is the IANA zone's on the day given."""

_ZONE_NAMES = "|".join(sorted([*FIXED_ZONES, *SEASONAL_ZONES], key=len, reverse=True))
# "8:36 PM EDT", "21:30 GMT", "4.50pm ET", "11 a.m. Pacific Time", "10:05 GMT+1".
# Case matters: "ET" is a zone, "et" is not.
_CLOCK = re.compile(
    r"(?<![\d:.])(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?(?::[0-5]\d)?\s*"
    r"(?P<half>[aApP]\.?\s?[mM]\b\.?)?\s*\(?"
    rf"(?P<zone>(?:GMT|UTC)\s*(?P<sign>[+−-])\s*(?P<oh>\d{{1,2}})(?::?(?P<om>\d\d))?|(?:{_ZONE_NAMES})\b)"
)
# 2026-11-24T17:02:00-05:00, 2026-11-24 22:02Z: an instant only with its offset.
_ISO_INSTANT = re.compile(
    r"(?<!\d)(?P<day>(?:19|20)\d\d-[01]\d-[0-3]\d)[T ](?P<clock>[0-2]\d:[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?)"
    r"\s?(?P<offset>Z|[+-][01]\d:?[0-5]\d)(?![\d:])"
)

# What may stand on a date line besides the date: cue words, times, zones,
# a short byline before a separator ("By Jane Doe |").
_ABBREVIATIONS = [z for z in [*FIXED_ZONES, *SEASONAL_ZONES] if z.isupper()]
_ZONE_ABBREVIATIONS = "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True))
_TIME = re.compile(
    r"(?:\b\d{1,2}(?::\d\d){1,2}\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?(?=\W|$))"
    r"(?:\s*(?:eastern|central|mountain|pacific)(?:\s+time)?\b)?"
    rf"|\b(?:{_ZONE_ABBREVIATIONS})\b(?:\s*[+−-]\s*\d{{1,2}}(?::?\d\d)?)?",
    re.IGNORECASE,
)
_BYLINE_PREFIX = re.compile(r"^\s*by\s+[^|·•]{1,60}[|·•]", re.IGNORECASE)
_FILLER = re.compile(rf"\b(?:{_CUE}|on|at|local|time)\b|[\W_]+", re.IGNORECASE)


def _latest_year(month: int, day: int, weekday: int | None, reference: dt.date) -> dt.date | None:
    """The latest date on or before ``reference`` with this month, day (and weekday)."""
    for year in range(reference.year, reference.year - 29, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= reference and (weekday is None or candidate.weekday() == weekday):
            return candidate
    return None


resolve_year = _latest_year
"""Public name: "December 15" with a weekday scraped in 2026 is the last one that fits."""


def mentions(text: str, reference: dt.date) -> Iterator[tuple[dt.date, bool, int]]:
    """Every date ``text`` states, with whether a year or weekday pins it, and its offset.

    Dates after ``reference`` are dropped; a month and day without a year
    become the latest such day not after it.
    """
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
                found = _latest_year(month, day, weekday, reference)
            if found is not None and found >= EARLIEST:
                yield found, bool(parts.get("year")) or weekday is not None, m.start()


def _numeric(text: str, reference: dt.date) -> Iterator[tuple[dt.date, int]]:
    for m in _NUMERIC.finditer(text):
        a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
        year += 2000 if year < 100 else 0
        month, day = (a, b) if a <= 12 else (b, a)  # US order unless that cannot be
        try:
            found = dt.date(year, month, day)
        except ValueError:
            continue
        if EARLIEST <= found <= reference:
            yield found, m.start()


def _dated_offsets(text: str, reference: dt.date) -> list[tuple[dt.date, int]]:
    """Every date ``text`` states (words, ISO or numeric) with its offset."""
    return [(d, at) for d, _, at in mentions(text, reference)] + list(_numeric(text, reference))


def _all_dates(text: str, reference: dt.date) -> list[dt.date]:
    return [d for d, _ in _dated_offsets(text, reference)]


# --- Instants -----------------------------------------------------------------


@functools.cache
def site_zone(name: str | None) -> dt.tzinfo:
    """The site's ``TIMEZONE`` as a zone; UTC when it is unset or unknown."""
    try:
        return zoneinfo.ZoneInfo(name) if name else dt.UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def _clock_zone(m: re.Match[str]) -> dt.tzinfo:
    zone = m["zone"]
    if m["sign"]:
        hours = dt.timedelta(hours=int(m["oh"]), minutes=int(m["om"] or 0))
        return dt.timezone(-hours if m["sign"] in "-−" else hours)
    if zone in SEASONAL_ZONES:
        return zoneinfo.ZoneInfo(SEASONAL_ZONES[zone])
    return dt.timezone(dt.timedelta(hours=FIXED_ZONES[zone]))


def instants(text: str, reference: dt.date) -> list[tuple[dt.date, dt.datetime]]:
    """The moments ``text`` states, each with its date as written there.

    An ISO timestamp with an offset, or a time with a zone beside a date
    ("Updated 8:36 PM EDT, Tue November 24, 2026"; the date nearest the
    time). A time without a zone, or a zone without a date, names no moment.
    """
    found: list[tuple[dt.date, dt.datetime]] = []
    for m in _ISO_INSTANT.finditer(text):
        try:
            moment = dt.datetime.fromisoformat(f"{m['day']}T{m['clock']}{m['offset']}")
        except ValueError:
            continue
        if EARLIEST <= moment.date() <= reference:
            found.append((moment.date(), moment))
    if found:
        return found
    days = _dated_offsets(_ISO_INSTANT.sub(" ", text), reference)
    for m in _CLOCK.finditer(text) if days else ():
        hour, half = int(m["hour"]), (m["half"] or "").lower()[:1]
        if not (m["minute"] or half) or (half and not 1 <= hour <= 12):
            continue  # "21 GMT" is no time; "14 pm" is no time either
        hour = hour % 12 + (12 if half == "p" else 0) if half else hour
        day = min(days, key=lambda d: abs(d[1] - m.start()))[0]
        local = dt.datetime.combine(day, dt.time(hour, int(m["minute"] or 0)), tzinfo=_clock_zone(m))
        found.append((day, local))
    return found


def on_site_day(text: str, written: dt.date, reference: dt.date, zone: str | None) -> dt.date | None:
    """The site's day of the moment ``text`` gives for the date ``written``, if it gives one.

    A moment that would fall after the scrape date (an evening post in the
    Americas, scraped before midnight UTC) keeps its written date: never
    later than the scrape.
    """
    for day, moment in instants(text, reference):
        if day == written:
            local = moment.astimezone(site_zone(zone)).date()
            return local if EARLIEST <= local <= reference else written
    return None


# --- URL --------------------------------------------------------------------


def wrapped_url(url: str) -> str | None:
    """The original address a Google News redirect wraps, if ``url`` is one.

    News aggregator links (``news.google.com/rss/articles/CBMi...``) carry the
    original address base64-encoded in their last path segment.
    """
    parts = urlsplit(url)
    hit = _GOOGLE_NEWS.match(parts.path) if parts.netloc.endswith("news.google.com") else None
    if not hit:
        return None
    code = hit["id"]
    try:
        raw = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
    except (binascii.Error, ValueError):
        return None
    inner = _EMBEDDED_URL.search(raw)
    return inner.group().decode("ascii", "replace") if inner else None


def _url_parts(url: str) -> list[str]:
    """The URL's path, and the path of a URL a Google News redirect wraps."""
    inner = wrapped_url(url)
    return [urlsplit(url).path] + ([urlsplit(inner).path] if inner else [])


def from_url(url: str | None, reference: dt.date) -> dt.date | None:
    """A full date in the URL path, not after ``reference``."""
    if not url:
        return None
    for path in _url_parts(url):
        for pattern in _URL_PATTERNS:
            for m in pattern.finditer(path):
                month_text = m["month"].lower()
                month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
                if month is None:
                    continue
                try:
                    found = dt.date(int(m["year"]), month, int(m["day"]))
                except ValueError:
                    continue
                if EARLIEST <= found <= reference:
                    return found
    return None


def url_month(url: str | None) -> tuple[int, int] | None:
    """Year and month of a URL that gives no day (``/2023/03/slug``)."""
    if not url:
        return None
    for path in _url_parts(url):
        m = _URL_MONTH.search(path)
        if m:
            return int(m["year"]), int(m["month"])
    return None


def local_day_somewhere(moment: dt.datetime, day: dt.date) -> bool:
    """Whether ``day`` is the local date of ``moment`` in some zone on Earth (UTC-12 to UTC+14)."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return start - dt.timedelta(hours=14) <= moment < start + dt.timedelta(days=1, hours=12)


def page_date(found: str, url: str | None) -> str:
    """A page's date as sidecar text, from htmldate's ``%Y-%m-%dT%H:%M:%S%z`` output.

    A time with an offset is an instant, kept as ISO text (``meta`` dates it
    in the site's zone) when the URL gives no date or the URL's date is a
    local date of it (an outlet's URL holds its local date: a page of
    19:53 -05:00 on the 19th is the 20th in UTC). Otherwise the URL's date,
    else the day written.
    """
    on_url = from_url(url, dt.date.max)
    try:
        moment = dt.datetime.fromisoformat(found.strip())
    except ValueError:
        return on_url.isoformat() if on_url else found.strip()[:10]
    if moment.tzinfo is not None and (on_url is None or local_day_somewhere(moment, on_url)):
        return moment.isoformat()
    return on_url.isoformat() if on_url else moment.date().isoformat()


# --- Top lines ----------------------------------------------------------------


def is_date_line(line: str, reference: dt.date) -> bool:
    """A line that is a date or timestamp and little else ("Updated 5:30 PM EDT, March 24, 2023")."""
    if len(line) > 120 or not _all_dates(line, reference):
        return False
    rest = _ISO_INSTANT.sub(" ", _BYLINE_PREFIX.sub(" ", line))
    for pattern in (*DATE_PATTERNS, _NUMERIC, _TIME):
        rest = pattern.sub(" ", rest)
    return not _FILLER.sub(" ", rest).split()


def _cued_dates(line: str, reference: dt.date) -> Iterator[tuple[str, dt.date, str]]:
    """Dates right after a "Published" / "Updated" / "Posted" cue, with the cue and its text."""
    for cue in _CUED.finditer(line):
        window = line[cue.end() : cue.end() + 60]
        found = _all_dates(_TIME.sub(" ", window), reference)
        if found:
            yield cue["cue"].lower(), found[0], window


@dataclass(frozen=True)
class TopDate:
    """A date a top line gives: how much it says, as written, and on the site's day."""

    rank: int
    """0 for a published, posted or bare date line, 1 for an updated one."""
    written: dt.date
    day: dt.date
    """``written``, or the site's day of the moment the line gives with a time and zone."""
    timed: bool


def _top_dates(
    headline: str, before: list[str], lede: str, reference: dt.date, zone: str | None
) -> list[TopDate]:
    """The dates of the cue and date lines above the lede (else of a cue in the lede)."""

    def top(rank: int, written: dt.date, text: str) -> TopDate:
        day = on_site_day(text, written, reference, zone)
        return TopDate(rank, written, day or written, day is not None)

    candidates: list[TopDate] = []
    for line in [headline, *before]:
        for cue, day, window in _cued_dates(line, reference):
            candidates.append(top(0 if "updat" not in cue and "modif" not in cue else 1, day, window))
        if not candidates and is_date_line(line, reference):
            candidates.append(top(0, _all_dates(line, reference)[0], line))
    if not candidates:
        for _cue, day, window in _cued_dates(lede[:200], reference):
            return [top(0, day, window)]
    return candidates


def _best(candidates: list[TopDate]) -> TopDate:
    """Published beats updated; then the latest."""
    return min(candidates, key=lambda c: (c.rank, -c.day.toordinal()))


def from_top(
    headline: str, before: list[str], lede: str, reference: dt.date, zone: str | None = None
) -> dt.date | None:
    """The date near the top: a timestamp headline, a date line, a cue, the dateline or the lede.

    ``before`` are the lines above the first paragraph of prose, ``lede``
    that paragraph. Published and posted dates beat updated ones. A line
    with a time and a zone gives the site's day in ``zone`` (the site's
    ``TIMEZONE``; UTC when None).
    """
    candidates = _top_dates(headline, before, lede, reference, zone)
    if candidates:
        return _best(candidates).day
    dateline = DATELINE.match(lede)
    for day, pinned, offset in sorted(mentions(lede, reference), key=lambda m: m[2]):
        in_dateline = dateline is not None and offset < dateline.end()
        if in_dateline or (pinned and (reference - day).days <= TOP_DAYS):
            return day
    # A weekday pins the year of "Wednesday, December 15" however long ago.
    for pattern in DATE_PATTERNS[1:]:
        for m in pattern.finditer(lede):
            if m["weekday"] and not m["year"]:
                found = _latest_year(
                    MONTHS[m["month"].lower()], int(m["day"]), WEEKDAYS[m["weekday"].lower()], reference
                )
                if found is not None:
                    return found
    return None


def update_note(lines: Iterable[str], reference: dt.date, zone: str | None = None) -> dt.date | None:
    """The latest date of an "Update, March 24:" or "Updated on ..." note anywhere in the story.

    A note with a time and a zone gives the site's day in ``zone``.
    """
    found = [
        on_site_day(window, day, reference, zone) or day
        for line in lines
        if _UPDATE_NOTE.match(line)
        for _, day, window in _cued_dates(line[:100], reference)
    ]
    return max(found) if found else None


def from_body(
    paragraphs: Iterable[str], reference: dt.date, month: tuple[int, int] | None = None
) -> dt.date | None:
    """The latest pinned date in the body within :data:`BODY_DAYS` of the scrape (and in ``month``)."""
    best: dt.date | None = None
    for para in paragraphs:
        for day, pinned, _ in mentions(para, reference):
            if not pinned or (reference - day).days > BODY_DAYS:
                continue
            if month is not None and (day.year, day.month) != month:
                continue
            if best is None or day > best:
                best = day
    return best


def publication_date(
    *,
    url: str | None,
    headline: str,
    before: list[str],
    lede: str,
    lines: list[str],
    paragraphs: list[str],
    reference: dt.date,
    zone: str | None = None,
) -> tuple[dt.date | None, Rule | None]:
    """The publication date and the rule that found it (sidecars are ``meta``'s job).

    ``before`` are the raw lines above the first prose paragraph, ``lede``
    that paragraph, ``lines`` every raw line (for update notes, and for the
    body rule: captions and credits the cleaner drops) and ``paragraphs`` the
    cleaned body. ``zone`` is the site's ``TIMEZONE`` (UTC when None): a time
    with a zone is converted to it.
    """
    day = from_url(url, reference)
    if day is not None:
        updated = update_note(lines, reference, zone)
        if updated is not None and updated > day:
            return updated, "updated"
        # The URL holds the outlet's local date; a top line's time with a
        # zone on that same local date says when, so the site's day.
        tops = _top_dates(headline, before, lede, reference, zone)
        timed = [c for c in tops if c.timed and c.written == day]
        if timed:
            return _best(timed).day, "timed"
        return day, "url"
    day = from_top(headline, before, lede, reference, zone)
    if day is not None:
        return day, "top"
    day = from_body([*paragraphs, *lines], reference, url_month(url))
    if day is not None:
        return day, "body"
    return None, None
