"""Editors' Markdown commentary (``content/commentary/*.md``), merged into stories.

A commentary file names its story in a ``Story:`` header (the story's slug,
its original URL, or its scraped path) and may carry ``Summary:`` (wins over
the generated summary), ``Related:`` (comma-separated slugs or URLs, listed
first under "See also"), ``Author:`` and ``Title:``. The body is rendered
with Python-Markdown. Commentary is written by our editors, not scraped, so
its HTML is trusted like any Pelican page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import markdown

from .meta import reference_index
from .story import Commentary, Story

logger = logging.getLogger(__name__)


@dataclass
class Note:
    """One parsed commentary file."""

    source: str
    target: str
    html: str
    summary: str | None = None
    related: list[str] = field(default_factory=list)
    author: str | None = None
    title: str | None = None


def _header(meta: dict[str, list[str]], key: str) -> str | None:
    value = " ".join(" ".join(meta.get(key, [])).split())
    return value or None


def read_notes(folder: Path, content: Path) -> list[Note]:
    """Every ``*.md`` under ``folder`` that names a story, sorted by path."""
    if not folder.is_dir():
        return []
    notes = []
    for path in sorted(folder.rglob("*.md")):
        md = markdown.Markdown(extensions=["meta", "extra"])
        html = md.convert(path.read_text(encoding="utf-8-sig"))
        meta = {k.lower(): v for k, v in getattr(md, "Meta", {}).items()}
        source = path.relative_to(content).as_posix()
        target = _header(meta, "story")
        if not target:
            logger.info("commentary %s names no story; left for digest pages", source)
            continue
        related = [r.strip() for r in (_header(meta, "related") or "").split(",") if r.strip()]
        notes.append(
            Note(
                source,
                target,
                html,
                _header(meta, "summary"),
                related,
                _header(meta, "author"),
                _header(meta, "title"),
            )
        )
    return notes


def attach_notes(stories: list[Story], notes: list[Note]) -> list[Note]:
    """Merge each note into the story it names; return the notes that matched none."""
    index = reference_index(stories)
    unmatched = []
    for note in notes:
        story = index.get(note.target.strip().rstrip("/"))
        if story is None:
            unmatched.append(note)
            logger.warning("commentary %s: no story %r", note.source, note.target)
            continue
        story.commentary.append(Commentary(note.source, note.html, note.author, note.title))
        if note.summary:
            story.summary, story.summary_by_editor = note.summary, True
        story.pinned_related.extend(r for r in note.related if r not in story.pinned_related)
    return unmatched
