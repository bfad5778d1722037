"""Scraper records: ``*.json`` (one record, or a list of them) and ``*.jsonl`` (one a line).

trafilatura, newspaper4k, news-please and Scrapy feeds each name their
fields a little differently; :data:`FIELDS` accepts all their names. Each
record is its own input in the report, ``path#N`` with N counting from 1, and
a record that is broken (a line that is not JSON, a record without text) is
rejected on its own while the others are read.

A record's text may be plain (paragraphs separated by blank lines, or one a
line) or HTML (a fragment of the article, or the whole saved page); HTML
goes through the same structure walker, and a whole page through the same
extractor, as a saved page.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from pathlib import Path
from typing import Any

from ..meta import safe_url
from ..story import Block, Story
from .html import MAX_BYTES, MAX_PARAGRAPHS, language_code, page_story, read_bytes
from .markup import blocks_from_html
from .text import Unreadable, decoded, split_blocks

# Our name -> the names scrapers give it, in the order they are tried.
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "text": ("html", "text", "content", "raw_text", "maintext"),
    "url": ("url",),
    "date": ("date", "date_publish", "published"),
    "outlet": ("source", "sitename", "source_domain", "hostname"),
    "author": ("author", "authors"),
    "section": ("section", "category", "categories"),
    "tags": ("tags",),
    "language": ("language",),
}

# Markup in a text field: a tag a scraper's HTML output would contain.
_LOOKS_HTML = re.compile(
    r"<(p|br|div|h[1-6]|ul|ol|li|blockquote|span|a|em|strong|b|i|article|section)\b[^>]*>", re.I
)
_WHOLE_PAGE = re.compile(r"<(html|body|head)\b", re.I)
_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")

MAX_RECORDS = 1_000
"""Records read from one file. Each record costs as much as a story, so a file of
many thousand tiny records (well within ``DIGEST_MAX_BYTES``) would cost minutes;
the records after this many are rejected together, in one report entry."""


def read_json(
    path: Path,
    source: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_paragraphs: int = MAX_PARAGRAPHS,
    data: bytes | None = None,
) -> list[Story]:
    """Read a ``.json`` file: one record, or a list of records."""
    text = _read(path, max_bytes, data)
    try:
        data = json.loads(text)
    except RecursionError:
        raise Unreadable("not readable JSON (nested too deeply)") from None
    except ValueError as exc:
        raise Unreadable(f"not readable JSON ({exc})") from None
    records = data if isinstance(data, list) else [data]
    if not records:
        raise Unreadable("no records (an empty list)")
    stories = [
        record_story(rec, f"{source}#{n}", max_paragraphs)
        for n, rec in enumerate(records[:MAX_RECORDS], start=1)
    ]
    return stories + _past_the_limit(source, len(records))


def read_jsonl(
    path: Path,
    source: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_paragraphs: int = MAX_PARAGRAPHS,
    data: bytes | None = None,
) -> list[Story]:
    """Read a ``.jsonl`` file: one record a line; blank lines are skipped."""
    text = _read(path, max_bytes, data)
    lines = [ln for ln in text.split("\n") if ln.strip()]
    stories = []
    for n, line in enumerate(lines[:MAX_RECORDS], start=1):
        rec_source = f"{source}#{n}"
        try:
            data = json.loads(line)
        except RecursionError:
            stories.append(_rejected(rec_source, "not readable JSON (nested too deeply)"))
            continue
        except ValueError as exc:
            stories.append(_rejected(rec_source, f"not readable JSON ({exc})"))
            continue
        stories.append(record_story(data, rec_source, max_paragraphs))
    return stories + _past_the_limit(source, len(lines))


def _past_the_limit(source: str, count: int) -> list[Story]:
    """One rejected entry, ``path#1001-N``, for the records after :data:`MAX_RECORDS`."""
    if count <= MAX_RECORDS:
        return []
    reason = f"too many records in one file ({count:,}; at most {MAX_RECORDS:,} are read: split the file)"
    return [_rejected(f"{source}#{MAX_RECORDS + 1}-{count}", reason)]


def _read(path: Path, max_bytes: int, given: bytes | None = None) -> str:
    data, _ = read_bytes(path, max_bytes, given)
    text, _encoding = decoded(data)
    if not text.strip():
        raise Unreadable("empty file")
    return text


def _rejected(source: str, reason: str) -> Story:
    story = Story(source=source)
    story.reject(reason)
    return story


def _first(record: dict[str, Any], ours: str) -> tuple[str | None, Any]:
    """The first of the scraper names for ``ours`` that the record fills: ``(name, value)``."""
    for name in FIELDS[ours]:
        value = record.get(name)
        if value not in (None, "", [], {}):
            return name, value
    return None, None


def _words(value: Any) -> str | None:
    """One line of text from a string, number or list of strings (authors, categories)."""
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        parts = [p for p in (_words(v) for v in value if not isinstance(v, list | dict)) if p]
        return ", ".join(parts) or None
    return None


def _date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or date-time, an RFC 2822 date or a Unix time.

    A date-time with its zone (an offset, an RFC 2822 zone, a Unix time) is
    an instant, kept as ISO text with its offset: its day depends on the
    site's ``TIMEZONE`` (``meta`` converts it).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return dt.datetime.fromtimestamp(value, dt.UTC).isoformat(timespec="seconds")
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value)
    if m:
        try:
            moment = dt.datetime.fromisoformat(value.strip())
            if moment.tzinfo is not None:
                return moment.isoformat(timespec="seconds")
        except ValueError:
            pass
        try:
            return dt.date.fromisoformat(m.group(1)).isoformat()
        except ValueError:
            return None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.isoformat(timespec="seconds") if moment.tzinfo is not None else moment.date().isoformat()


def text_blocks(text: str) -> list[Block]:
    """Plain text as raw blocks for the cleaner.

    With blank lines, they separate paragraphs and the lines inside one are
    hard wraps (as in our text files); without any, every line is a
    paragraph (trafilatura's and newspaper's text output).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n[ \t\u00a0]*\n", text):
        return [Block("p", "\n".join(lines)) for lines in split_blocks(text)]
    return [Block("p", line) for line in (" ".join(ln.split()) for ln in text.split("\n")) if line]


def record_story(record: Any, source: str, max_paragraphs: int = MAX_PARAGRAPHS) -> Story:
    """One record as a raw story; a broken record comes back rejected with the reason."""
    if not isinstance(record, dict):
        return _rejected(source, f"not a record (a JSON {type(record).__name__}, not an object)")
    name, body = _first(record, "text")
    if isinstance(body, list) and all(isinstance(p, str) for p in body):
        body = "\n\n".join(body)  # some scrapers give the paragraphs as a list
    if not isinstance(body, str) or not body.strip():
        names = ", ".join(FIELDS["text"])
        return _rejected(source, f"no story text in the record (none of {names})")
    _, url_value = _first(record, "url")
    url = safe_url(url_value)
    title = _words(_first(record, "title")[1])
    story: Story
    if _WHOLE_PAGE.search(body[:4096]):
        try:
            story = page_story(body, source, max_paragraphs)
        except Unreadable as exc:
            return _rejected(source, str(exc))
        url = url or safe_url(story.sidecar.get("url"))
    elif name == "html" or _LOOKS_HTML.search(body):
        story = Story(source=source, blocks=blocks_from_html(body, url), structured=True)
    else:
        story = Story(source=source, blocks=text_blocks(body))
    if title:
        story.headline = title
    if not story.headline:
        return _rejected(source, "no title in the record")
    if not any(b.text or b.items for b in story.blocks):
        return _rejected(source, "no story text in the record")
    story.raw_outlet = _words(_first(record, "outlet")[1]) or story.raw_outlet
    section = _first(record, "section")[1]
    if isinstance(section, list):
        section = next((s for s in section if isinstance(s, str) and s.strip()), None)
    story.raw_section = _words(section) or story.raw_section
    found = dict(story.sidecar)
    date_name, date_value = _first(record, "date")
    if date_value is not None:
        day = _date(date_value)
        if day:
            found["date"] = day
        else:
            story.warnings.append(f"record {date_name} is not a date this reader knows; not used")
    if url:
        found["url"] = url
    elif url_value is not None:
        story.warnings.append("record url is not an http(s) address; not linked")
    author = _words(_first(record, "author")[1])
    if author:
        found["author"] = author
    tags = _first(record, "tags")[1]
    if isinstance(tags, str):
        tags = tags.split(",")
    if isinstance(tags, list):
        found["tags"] = [t for t in (_words(t) for t in tags if isinstance(t, str)) if t]
    language = language_code(_words(_first(record, "language")[1]))
    if language:
        found["language"] = language
    story.sidecar = {k: v for k, v in found.items() if v not in (None, "", [])}
    return story
