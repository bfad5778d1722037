"""Size limits on one input, so that no single file can make the build slow or huge.

Three limits apply in order:

1. ``DIGEST_MAX_BYTES`` (5 MB): checked on the file size before the file is
   opened by a reader;
2. ``DIGEST_MAX_PARAGRAPHS`` (2,000): checked on the reader's blocks, and on
   their lines (at most :data:`LINES_PER_PARAGRAPH` a paragraph), before
   cleaning; and again on the cleaned paragraphs (hard-wrapped lines can
   join or split);
3. :data:`MAX_RAW_TEXT` characters as read, before cleaning (whose cost
   grows with the text), and :data:`MAX_TEXT` characters of cleaned story
   text, before enrichment: the story page carries the text twice (body and
   JSON-LD), and a page stays well under a megabyte.

Headlines, sections and outlet names from the text are cut to the sidecar
schema's lengths (with a warning), because they are repeated on index pages,
feeds and other stories' "See also" lists.
"""

from __future__ import annotations

from .schema import MAX_SHORT, MAX_TITLE
from .story import Story

MAX_TEXT = 300_000
"""Characters of cleaned story text (about 50,000 words; long features run to 15,000)."""

MAX_RAW_TEXT = 2 * MAX_TEXT
"""Characters of a story as read, before cleaning: cleaning never takes half of a real story away."""

LINES_PER_PARAGRAPH = 10
"""Lines a paragraph may be hard-wrapped over: more lines than this per allowed
paragraph are rejected before cleaning, whose cost grows with the lines."""


def _text_size(story: Story) -> int:
    return sum(len(b.text) + sum(len(i) for i in b.items) for b in story.blocks)


def too_big(size: int, max_bytes: int) -> str | None:
    """The rejection reason for a file of ``size`` bytes, or None."""
    if size > max_bytes:
        return f"file too large ({size:,} bytes; DIGEST_MAX_BYTES is {max_bytes:,})"
    return None


def _too_many(count: int, max_paragraphs: int) -> str:
    return f"too many paragraphs ({count:,}; DIGEST_MAX_PARAGRAPHS is {max_paragraphs:,})"


def cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > limit // 2:
        head = head[:space]
    return head.rstrip() + "…"


def bound_read(story: Story, max_paragraphs: int) -> None:
    """Reject a story with too many blocks or far too much text; cut a long headline, section or outlet."""
    if len(story.blocks) > max_paragraphs:
        story.reject(_too_many(len(story.blocks), max_paragraphs))
        return
    lines = sum(b.text.count("\n") + 1 + len(b.items) for b in story.blocks)
    if lines > LINES_PER_PARAGRAPH * max_paragraphs:
        limit = LINES_PER_PARAGRAPH * max_paragraphs
        story.reject(f"too many lines ({lines:,}; at most {limit:,}: {LINES_PER_PARAGRAPH} per paragraph)")
        return
    size = _text_size(story)
    if size > MAX_RAW_TEXT:
        # Cleaning looks at every sentence: a 5 MB line would cost it tens of
        # seconds to find what this finds now, that the story is too long.
        story.reject(f"story text too long ({size:,} characters before cleaning; at most {MAX_RAW_TEXT:,})")
        return
    if len(story.headline) > MAX_TITLE:
        story.headline = cut(story.headline, MAX_TITLE)
        story.warnings.append(f"headline cut to {MAX_TITLE} characters")
    for name in ("raw_section", "raw_outlet"):
        value = getattr(story, name)
        if value and len(value) > MAX_SHORT:
            setattr(story, name, cut(value, MAX_SHORT))
            story.warnings.append(f"{name.removeprefix('raw_')} cut to {MAX_SHORT} characters")


def bound_cleaned(story: Story, max_paragraphs: int) -> None:
    """Reject a cleaned story with too many paragraphs or too much text for one page."""
    blocks = len(story.blocks)
    if blocks > max_paragraphs:
        story.reject(_too_many(blocks, max_paragraphs))
        return
    size = _text_size(story)
    if size > MAX_TEXT:
        story.reject(f"story text too long ({size:,} characters after cleaning; at most {MAX_TEXT:,})")
