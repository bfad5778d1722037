"""Plain-text scraped stories: ``Headline | Section | Source``, then paragraphs."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..story import Block, Story
from .encoding import NotText, decode

_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n")


class Unreadable(ValueError):
    """The file cannot become a story; the message is the report's reason."""


def decoded(data: bytes, decoder: Callable[[bytes], tuple[str, str]] = decode) -> tuple[str, str]:
    """``(text, encoding)`` of a file's bytes, or :class:`Unreadable` when it is empty or not text."""
    if not data.strip():
        raise Unreadable("empty file")
    try:
        return decoder(data)
    except NotText as exc:
        raise Unreadable(str(exc)) from None


def parse_headline_line(line: str) -> tuple[str, str | None, str | None]:
    """Split ``Headline | Section | Source`` into its parts.

    The last part is always the source, so ``Headline | Source`` has no
    section; a headline with its own ``|`` keeps everything before the last
    two separators.
    """
    parts = [p.strip() for p in line.split("|")]
    parts = [p for p in parts if p] or [""]
    if len(parts) == 1:
        return parts[0], None, None
    if len(parts) == 2:
        return parts[0], None, parts[1]
    return " | ".join(parts[:-2]), parts[-2], parts[-1]


def split_blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks, each a list of its non-empty lines."""
    blocks = []
    for chunk in _BLANK_LINES.split(text):
        lines = [" ".join(line.split()) for line in chunk.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            blocks.append(lines)
    return blocks


def read_text(
    path: Path, source: str, *, max_bytes: int = 0, max_paragraphs: int = 0, data: bytes | None = None
) -> list[Story]:
    """Read one ``.txt`` story. Raises :class:`Unreadable` with the reason.

    The limits need no check here: the pipeline checked the file's size
    before reading, and checks the blocks after.
    """
    text, encoding = decoded(path.read_bytes() if data is None else data)
    first, _, rest = text.lstrip("\ufeff \t\n").partition("\n")
    headline, section, outlet = parse_headline_line(" ".join(first.split()))
    if not headline:
        raise Unreadable("no headline on the first line")
    story = Story(source=source, headline=headline, raw_section=section, raw_outlet=outlet)
    # Raw lines, grouped by blank-line blocks; cleaning decides what they are.
    story.blocks = [Block("p", "\n".join(lines)) for lines in split_blocks(rest)]
    if not story.blocks:
        raise Unreadable("no story text")
    if encoding not in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
        story.warnings.append(f"decoded as {encoding}")
    return [story]
