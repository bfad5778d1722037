"""Which files the plugin may open: regular files inside the content folder.

Scrapers write into the content folder, so a path there can be anything: a
symlink to ``/etc/passwd``, a FIFO that blocks the first ``open`` forever, a
link to a directory elsewhere. Every path is checked here with ``lstat`` and
``resolve`` *before* anything opens it; what fails carries the reason the
build report shows.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

OUTSIDE = "symlink outside the content folder"
NOT_REGULAR = "not a regular file"
DIRECTORY_LINK = "directory symlink, not followed"


@dataclass(frozen=True)
class Found:
    """One path met while walking a folder: readable (``reason`` None) or not."""

    path: Path
    reason: str | None = None


def refusal(path: Path, content: Path) -> str | None:
    """Why ``path`` may not be read, or None for a regular file inside ``content``.

    Never opens ``path``. A symlink is followed only to check where it ends:
    it must end at a regular file inside ``content``.
    """
    try:
        mode = path.lstat().st_mode
    except OSError:
        return NOT_REGULAR
    if stat.S_ISLNK(mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # dangling, or a loop of links
            return NOT_REGULAR
        try:
            mode = target.stat().st_mode
        except OSError:
            return NOT_REGULAR
        if stat.S_ISDIR(mode):
            return DIRECTORY_LINK
        if not target.is_relative_to(content.resolve()):
            return OUTSIDE
    return None if stat.S_ISREG(mode) else NOT_REGULAR


def walk(folder: Path, content: Path, skip: frozenset[str] = frozenset()) -> Iterator[Found]:
    """Every non-hidden entry under ``folder`` that is not a plain directory.

    Directories are entered only when they are real directories (never
    through a symlink), so the walk cannot leave ``folder`` or loop. Files
    come with ``reason`` None; everything else (FIFOs, sockets, devices,
    dangling links, links out of ``content``, directory links) comes with the
    reason it is not read. Entries whose suffix (as ``Path.suffix`` has it,
    lower-cased) is in ``skip`` are left out. Order is unspecified; callers sort.
    """
    stack = [os.fspath(folder)]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                stack.append(entry.path)  # a loop, not recursion: any depth is fine
                continue
            if skip and _suffix(name).lower() in skip:
                continue  # left out before a Path is made of it: half of a walk's entries are sidecars
            path = Path(entry.path)
            try:
                plain = entry.is_file(follow_symlinks=False)  # from the listing: no call to the system
            except OSError:
                plain = False
            # A regular file that is no link is what refusal() passes; the rest it checks.
            yield Found(path, None if plain else refusal(path, content))


def _suffix(name: str) -> str:
    """``Path(name).suffix``: from the last dot, unless the name starts or ends with it."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""
