"""Python's cyclic garbage collector kept off the archive once it is loaded.

A build loads every story (and their cached records) once and keeps them to
the end. Each full collection afterwards walks all of them again, though none
can become cyclic garbage while the build runs: :func:`freeze_loaded` moves
every object alive at that point out of the collector's reach
(``gc.freeze``), and :func:`release` (at the end of the build) puts them
back, so a process that runs several builds (the tests) frees them as usual.
Objects still die when nothing refers to them; only cycles among the frozen
ones wait for :func:`release`. Output is unchanged: the collector decides
when memory is freed, never what a build makes.

``gc.freeze`` is one switch for the whole process, so its users hold it
through :func:`frozen` (forking workers does too): the objects go back to the
collector when the last holder lets go.

While a build runs, the youngest generation is collected every
:data:`BUILD_THRESHOLD` allocations rather than Python's default 700
(:func:`loosen`, undone by :func:`release`): a +10 build at 10,000 stories
made about 1,700 such passes, and their survivors drove 150 passes over the
middle generation and six over the whole heap while the archive was loaded,
0.6 CPU s of the build process in all.

Freed memory is another matter: the C library keeps what Python's objects
freed for its next allocations instead of giving it back, and a forked worker
shares those pages too, so :func:`return_freed` hands them back first.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_holders = [0]
_build = [False]


BUILD_THRESHOLD = 10_000
"""Allocations (less deallocations) of container objects between two collections of the youngest
generation while a build runs. A build keeps most of what it makes to its end (the stories, their
records, the articles), and every pass over the youngest objects walks them once more; cyclic
garbage waits at most this many allocations longer (a few MB)."""

_threshold: list[tuple[int, int, int]] = []
"""The collector's thresholds before :func:`loosen`, while a build has them loosened."""


def loosen(*_signal: Any) -> None:
    """The youngest generation collected every :data:`BUILD_THRESHOLD` allocations until
    :func:`release` (a Pelican ``initialized`` receiver)."""
    if not _threshold:
        first, *older = gc.get_threshold()
        _threshold.append((first, *older))
        gc.set_threshold(max(first, BUILD_THRESHOLD), *older)


def _hold() -> None:
    gc.freeze()  # a later freeze moves the objects made since as well
    _holders[0] += 1


def _let_go() -> None:
    _holders[0] -= 1
    if _holders[0] == 0:
        gc.unfreeze()


@contextmanager
def frozen() -> Iterator[None]:
    """Every object alive now kept out of the collector's passes while the block runs (and held longer
    if a build holds them)."""
    _hold()
    try:
        yield
    finally:
        _let_go()


def freeze_loaded() -> None:
    """Keep every object alive now out of the cyclic collector's passes, until :func:`release`."""
    if not _build[0]:
        _build[0] = True
        _hold()
    else:
        gc.freeze()


def freeze_more() -> None:
    """Within a build that holds the loaded archive: every object alive now joins it (else nothing)."""
    if _build[0]:
        gc.freeze()


def release(*_signal: Any) -> None:
    """The build's frozen objects back in the collector's care, its thresholds as they were
    (a Pelican ``finalized`` receiver)."""
    if _build[0]:
        _build[0] = False
        _let_go()
    if _threshold:
        gc.set_threshold(*_threshold.pop())


_trim: list[Callable[[int], int] | None] = []


def return_freed() -> None:
    """Give the memory the C library holds freed back to the system (glibc's ``malloc_trim``; else nothing).

    The stages before the pages free some 100 MB at 10,000 stories that glibc
    keeps for later (the build process's resident size stays as it was). A
    child forked then shares those pages, and each one this process or the
    child writes again is copied: the tree pays for them twice. Given back
    before a fork, they are neither shared nor copied; a later allocation
    takes fresh pages. Memory only: nothing a build makes depends on it.
    """
    if not _trim:
        try:
            _trim.append(ctypes.CDLL(None).malloc_trim)  # this process's own C library
        except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to call
            _trim.append(None)
    if _trim[0] is not None:
        _trim[0](0)
