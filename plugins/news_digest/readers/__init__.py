"""Readers: one module per input format, chosen by file suffix from a registry.

Each reader takes ``(path, source, *, max_bytes, max_paragraphs, data)`` and
returns the stories in the file, or raises :class:`Unreadable` with the
reason the build report will show. ``data``, when given, is the file's
bytes, already read by the build cache to key it: the file is not opened
again. The limits are ``DIGEST_MAX_BYTES`` and
``DIGEST_MAX_PARAGRAPHS``; the pipeline checks the file's size before any
reader runs, and a reader checks what only it can see (a gzipped page's
size after decompressing, a page's paragraph count before extraction). This
registry is the only place that knows which format a file is in; after the
reader, every story goes through the same pipeline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from ..story import Story
from .html import read_html
from .jsonl import read_json, read_jsonl
from .text import Unreadable, read_text


class Reader(Protocol):
    """A format's reader."""

    def __call__(
        self, path: Path, source: str, *, max_bytes: int, max_paragraphs: int, data: bytes | None = None
    ) -> list[Story]: ...


# Longest suffix first: "page.html.gz" is a saved page, not any ".gz".
READERS: dict[str, Reader] = {
    ".html.gz": read_html,
    ".htm.gz": read_html,
    ".html": read_html,
    ".htm": read_html,
    ".txt": read_text,
    ".json": read_json,
    ".jsonl": read_jsonl,
}

# Files in the scraped folder that are not stories: sidecars and the
# outlet registry. Dotfiles (.gitkeep, .DS_Store) are skipped too.
NON_STORY_SUFFIXES = frozenset({".yaml", ".yml"})


def suffix_of(path: Path) -> str:
    """The registry suffix of ``path`` (``.html.gz`` for a gzipped page), lower case."""
    return suffix_of_name(path.name)


def suffix_of_name(name: str) -> str:
    """:func:`suffix_of` for a file name given as a string (no ``Path`` made)."""
    low = name.lower()
    for suffix in READERS:
        if low.endswith(suffix) and len(low) > len(suffix):
            return suffix
    # Path.suffix: from the last dot, unless the name starts or ends with it.
    i = low.rfind(".")
    return low[i:] if 0 < i < len(low) - 1 else ""


def reader_for(path: Path) -> Reader | None:
    """The reader registered for ``path``'s suffix, if any."""
    return READERS.get(suffix_of(path))


__all__ = [
    "NON_STORY_SUFFIXES",
    "READERS",
    "Reader",
    "Unreadable",
    "reader_for",
    "suffix_of",
    "suffix_of_name",
]
