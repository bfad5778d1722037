"""Readers: one module per input format, chosen by file suffix from a registry.

Each reader takes ``(path, source)`` and returns the stories in the file, or
raises :class:`Unreadable` with the reason the build report will show.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..story import Story
from .text import Unreadable, read_text

Reader = Callable[[Path, str], list[Story]]

READERS: dict[str, Reader] = {
    ".txt": read_text,
}

# Files in the scraped folder that are not stories: sidecars and the
# outlet registry. Dotfiles (.gitkeep, .DS_Store) are skipped too.
NON_STORY_SUFFIXES = frozenset({".yaml", ".yml"})


def reader_for(path: Path) -> Reader | None:
    """The reader registered for ``path``'s suffix, if any."""
    return READERS.get(path.suffix.lower())


__all__ = ["NON_STORY_SUFFIXES", "READERS", "Reader", "Unreadable", "reader_for"]
