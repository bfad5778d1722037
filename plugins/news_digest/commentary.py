"""Editors' commentary (``content/commentary/**/*.md``): what each note is and where it goes.

Pelican's own Markdown reader reads the files (``commentary_reader.py``, so
the ``MARKDOWN`` setting applies); this module only decides, from a note's
headers, what the note is:

* ``Story: <slug, original URL or scraped path>``: a note on that story,
  shown on its page. ``Summary:`` replaces the generated summary,
  ``Related:`` pins stories first under "See also", ``Event: <slug of a
  lead story>`` or ``Event: none`` tells the events stage to join or split;
* ``Digest: YYYY-MM-DD``: the note that opens that day's digest;
* neither: an editorial, with its own page, listed first in the digest of
  its date. ``Title:`` and ``Date:`` are required.

``Status: draft`` keeps any note out of the site. Every note ends in the
build report, published or rejected with a reason. Commentary is written by
our editors, not scraped, so its HTML is trusted like any Pelican page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from markupsafe import Markup

from .meta import reference_index
from .story import Commentary, Story

NoteKind = Literal["story", "digest", "editorial"]
DRAFT = "draft (Status: draft)"
"""The reason reported for a draft; drafts never fail a strict build."""


@dataclass
class Note:
    """One commentary file, read and classified."""

    source: str
    """Path relative to the content folder, POSIX style: the report's key."""
    kind: NoteKind | None = None
    html: str = ""
    title: str | None = None
    author: str | None = None
    summary: str | None = None
    """Plain text."""
    related: list[str] = field(default_factory=list)
    event_hint: str | None = None
    target: str | None = None
    """The ``Story:`` reference."""
    story: str | None = None
    """Source of the story the note was attached to."""
    date: dt.date | None = None
    """The ``Digest:`` day, or an editorial's ``Date:``."""
    slug: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    """Everything Pelican's reader gave, for editorials that become pages."""
    status: Literal["published", "rejected"] = "published"
    reason: str | None = None
    url: str | None = None
    """The page the note appears on, once known (the report's ``url``)."""

    @property
    def ok(self) -> bool:
        return self.status == "published"

    def reject(self, reason: str) -> None:
        self.status, self.reason = "rejected", reason


def _text(value: object) -> str | None:
    """A header as one line of plain text (Pelican gives lists, Authors, HTML summaries)."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    text = " ".join(Markup(str(value)).striptags().split())
    return text or None


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def classify(source: str, html: str, metadata: dict[str, Any]) -> Note:
    """A note from what the Markdown reader gave: its kind, or why it is rejected."""
    note = Note(source=source, html=html, metadata=metadata)
    note.title = _text(metadata.get("title"))
    note.author = _text(metadata.get("author") or metadata.get("authors"))
    note.summary = _text(metadata.get("summary"))
    note.related = [r.strip() for r in (_text(metadata.get("related")) or "").split(",") if r.strip()]
    note.event_hint = _text(metadata.get("event"))
    note.slug = _text(metadata.get("slug"))
    if (_text(metadata.get("status")) or "").lower() == "draft":
        note.reject(DRAFT)
        return note
    target, day = _text(metadata.get("story")), metadata.get("digest")
    if target and day:
        note.reject("both Story: and Digest: given")
    elif target:
        note.kind, note.target = "story", target
    elif day:
        note.kind, note.date = "digest", _day(_text(day))
        if note.date is None:
            note.reject(f"bad date: Digest: {_text(day)!r} is not YYYY-MM-DD")
    else:
        note.kind = "editorial"
        note.date = _day(metadata.get("date")) if metadata.get("date") else None
        if not note.title:
            note.reject("missing title (an editorial needs Title:)")
        elif note.date is None:
            note.reject("missing date (an editorial needs Date:)")
    return note


def attach_notes(stories: list[Story], notes: list[Note]) -> None:
    """Merge each story note into its story; a note naming no published story is rejected."""
    if not any(note.ok and note.kind == "story" for note in notes):
        return  # no note to place: the archive's index of slugs and URLs is not needed
    index = reference_index(stories)
    for note in notes:
        if not note.ok or note.kind != "story":
            continue
        assert note.target is not None
        story = index.get(note.target.strip().rstrip("/"))
        if story is None or not story.ok:
            note.reject(f"unknown story {note.target!r}")
            continue
        note.story = story.source
        story.commentary.append(Commentary(note.source, note.html, note.author, note.title))
        if note.summary:
            story.summary, story.summary_by_editor = note.summary, True
        story.pinned_related.extend(r for r in note.related if r not in story.pinned_related)
        if note.event_hint:
            story.event_hint = note.event_hint
