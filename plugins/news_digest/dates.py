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
4. anywhere in the body, only a date that a year or a weekday pins and that
   lies within :data:`BODY_DAYS` of the scrape: deep in the text a date is
   usually background, so only one that agrees with the scrape is trusted.
   Photo captions count here although the cleaner removes them ("... speaks
   in the Capitol on Friday, March 24, 2023. Jane Doe/Agency"): a photo is
   never later than the story it illustrates.

Every rule returns the date and its name (:data:`Rule`), so the report and
the benchmark can say where a date came from. ``htmldate``'s URL patterns
were the model for the URL rules; ``dateparser`` was not used: English forms
are all the scrapes carry, and it adds a second of import and parse time
to a build.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Literal
from urllib.parse import urlsplit

from . import lexicon
from .enrich.sentences import DATELINE

Rule = Literal["sidecar", "url", "updated", "top", "body"]

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
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
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
_TIME = re.compile(
    r"\b\d{1,2}(?::\d\d){1,2}\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?(?=\W|$)|\b(?:[ECMP][SD]?T|GMT|UTC|BST|CET|CEST)\b",
    re.IGNORECASE,
)
_BYLINE_PREFIX = re.compile(r"^\s*by\s+[^|·•]{1,60}[|·•]", re.IGNORECASE)
_FILLER = re.compile(rf"\b(?:{_CUE}|on|at|ET|local|time)\b|[\W_]+", re.IGNORECASE)


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


def _numeric(text: str, reference: dt.date) -> Iterator[dt.date]:
    for m in _NUMERIC.finditer(text):
        a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
        year += 2000 if year < 100 else 0
        month, day = (a, b) if a <= 12 else (b, a)  # US order unless that cannot be
        try:
            found = dt.date(year, month, day)
        except ValueError:
            continue
        if EARLIEST <= found <= reference:
            yield found


def _all_dates(text: str, reference: dt.date) -> list[dt.date]:
    return [d for d, _, _ in mentions(text, reference)] + list(_numeric(text, reference))


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


# --- Top lines ----------------------------------------------------------------


def is_date_line(line: str, reference: dt.date) -> bool:
    """A line that is a date or timestamp and little else ("Updated 5:30 PM EDT, March 24, 2023")."""
    if len(line) > 120 or not _all_dates(line, reference):
        return False
    rest = _BYLINE_PREFIX.sub(" ", line)
    for pattern in (*DATE_PATTERNS, _NUMERIC, _TIME):
        rest = pattern.sub(" ", rest)
    return not _FILLER.sub(" ", rest).split()


def _cued_dates(line: str, reference: dt.date) -> Iterator[tuple[str, dt.date]]:
    """Dates right after a "Published" / "Updated" / "Posted" cue, with the cue."""
    for cue in _CUED.finditer(line):
        window = _TIME.sub(" ", line[cue.end() : cue.end() + 60])
        found = _all_dates(window, reference)
        if found:
            yield cue["cue"].lower(), found[0]


def from_top(headline: str, before: list[str], lede: str, reference: dt.date) -> dt.date | None:
    """The date near the top: a timestamp headline, a date line, a cue, the dateline or the lede.

    ``before`` are the lines above the first paragraph of prose, ``lede``
    that paragraph. Published and posted dates beat updated ones.
    """
    candidates: list[tuple[int, dt.date]] = []
    for line in [headline, *before]:
        for cue, day in _cued_dates(line, reference):
            candidates.append((0 if "updat" not in cue and "modif" not in cue else 1, day))
        if not candidates and is_date_line(line, reference):
            candidates.append((0, _all_dates(line, reference)[0]))
    if candidates:
        return min(candidates, key=lambda c: (c[0], -c[1].toordinal()))[1]
    for _cue, day in _cued_dates(lede[:200], reference):
        return day
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


def update_note(lines: Iterable[str], reference: dt.date) -> dt.date | None:
    """The latest date of an "Update, March 24:" or "Updated on ..." note anywhere in the story."""
    found = [
        day for line in lines if _UPDATE_NOTE.match(line) for _, day in _cued_dates(line[:100], reference)
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
) -> tuple[dt.date | None, Rule | None]:
    """The publication date and the rule that found it (sidecars are ``meta``'s job).

    ``before`` are the raw lines above the first prose paragraph, ``lede``
    that paragraph, ``lines`` every raw line (for update notes, and for the
    body rule: captions and credits the cleaner drops) and ``paragraphs`` the
    cleaned body.
    """
    day = from_url(url, reference)
    if day is not None:
        updated = update_note(lines, reference)
        if updated is not None and updated > day:
            return updated, "updated"
        return day, "url"
    day = from_top(headline, before, lede, reference)
    if day is not None:
        return day, "top"
    day = from_body([*paragraphs, *lines], reference, url_month(url))
    if day is not None:
        return day, "body"
    return None, None
