"""The one data type every pipeline stage reads and returns.

A :class:`Story` starts life in a reader (raw headline, raw blocks, sidecar
metadata) and is filled in stage by stage: cleaning, metadata, enrichment.
Stages are plain functions over ``list[Story]``; only ``pelican_glue`` knows
about Pelican.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

BlockKind = Literal["p", "h", "list", "quote", "see_also"]
Status = Literal["published", "folded", "rejected"]


@dataclass
class Block:
    """One piece of story body.

    ``p`` a paragraph, ``h`` a subheading, ``quote`` a block quote (``text``),
    ``list`` a bulleted list (``items``), ``see_also`` the slot where the
    scraped "See also" stood.
    """

    kind: BlockKind
    text: str = ""
    items: list[str] = field(default_factory=list)
    html: str | None = None
    """Inline markup (links, emphasis) of ``text`` from an HTML source, or None.

    Scraped, so hostile: it is sanitised when rendered, and used only while
    it still says what ``text`` says (cleaning may change the text).
    """


@dataclass
class Credit:
    """An outlet that carried a story (the canonical one or a folded repost)."""

    outlet: str
    url: str | None
    source: str
    date: date | None = None


@dataclass
class Commentary:
    """An editor's Markdown note attached to a story (``content/commentary/``)."""

    source: str
    html: str
    author: str | None = None
    title: str | None = None


@dataclass
class Event:
    """Every published story that reports one real-world event (``enrich/events.py``).

    Members share this one object (``Story.event``); the digest page of
    ``day`` lists the event once, led by ``lead``.
    """

    id: str
    """The lead story's slug: stable across rebuilds while the lead stays the
    lead, used in ``id="event-ID"``."""
    lead: str
    """Source of the lead story: the story an editor named, else the member
    most like the others, else the earliest."""
    members: list[str] = field(default_factory=list)
    """Sources of every member, the lead first, then by date."""
    outlets: int = 1
    """Coverage: the number of distinct outlets among the members and the
    reposts folded into them (``Story.also_reported``)."""
    day: date | None = None
    """The lead story's date: the digest it appears in."""
    topics: list[str] = field(default_factory=list)
    """Up to three topics (tags) the members share."""


@dataclass
class Story:
    """A scraped story and everything the pipeline learns about it."""

    source: str
    """Path relative to the content folder, POSIX style: the report's key."""

    headline: str = ""
    blocks: list[Block] = field(default_factory=list)

    # As the scraper saw them.
    raw_section: str | None = None
    raw_outlet: str | None = None
    sidecar: dict[str, Any] = field(default_factory=dict)
    structured: bool = False
    """The reader knew the paragraphs and headings (HTML markup); cleaning does not guess them."""

    # Resolved metadata.
    outlet: str = ""
    outlet_key: str | None = None
    section: str | None = None
    category: str = ""
    date: date | None = None
    date_from: str | None = None
    """Which rule found the date: sidecar, url, updated, timed, top or body (``dates.py``)."""
    url: str | None = None
    slug: str = ""
    author: str | None = None
    language: str = "en"
    tags: list[str] = field(default_factory=list)

    # Enrichment.
    summary: str | None = None
    summary_by_editor: bool = False
    entities: dict[str, list[str]] = field(default_factory=dict)
    related: list[str] = field(default_factory=list)
    """Sources (report keys) of related stories, best first."""
    pinned_related: list[str] = field(default_factory=list)
    """Slugs or original URLs an editor pinned, in the editor's order."""
    also_reported: list[Credit] = field(default_factory=list)
    commentary: list[Commentary] = field(default_factory=list)
    event: Event | None = None
    """The event this story reports (shared by every member)."""
    event_hint: str | None = None
    """An editor's say on the event: the slug (or URL, or scraped path) of the
    lead story to join, or ``"none"`` to keep this story apart. Set from the
    sidecar key ``event``; a commentary ``Event:`` header wins over it."""
    timeline: list[Event] = field(default_factory=list)
    """Earlier events of the same storyline, oldest first ("Earlier in this story")."""

    # Bookkeeping.
    status: Status = "published"
    reason: str | None = None
    folded_into: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        """The body paragraphs, without subheadings or the see-also slot."""
        return [b.text for b in self.blocks if b.kind == "p"]

    @property
    def body_text(self) -> str:
        """Cleaned text, paragraphs separated by a blank line (JSON-LD articleBody).

        Subheadings, block quotes and list items (one item a line) are story
        text too.
        """
        parts = []
        for block in self.blocks:
            if block.kind in ("p", "h", "quote") and block.text:
                parts.append(block.text)
            elif block.kind == "list" and block.items:
                parts.append("\n".join(block.items))
        return "\n\n".join(parts)

    @property
    def ok(self) -> bool:
        """True while the story is still headed for publication."""
        return self.status == "published"

    def reject(self, reason: str) -> None:
        """Mark the story rejected; later stages skip it."""
        self.status = "rejected"
        self.reason = reason

    def fold_into(self, canonical: Story) -> None:
        """Mark the story as a repost of ``canonical``."""
        self.status = "folded"
        self.folded_into = canonical.source
        self.reason = f"repost of {canonical.source}"
