"""Work that treats each item on its own, split over forked processes (``DIGEST_JOBS``).

A build is mostly per-story work (reading, cleaning, summaries, names,
typography, page rendering) and Pelican runs on one core. :func:`map_chunks`
cuts a list into contiguous chunks, one per job: the last chunk runs in this
process while forked children run the others, and the results come back in
order. A child is a fork of this process, so it sees everything this process
had (settings, rules, the archive) without sending it; only results travel,
pickled through a pipe between this process and its own child. Results are
the same as one process would give, since each item is done by the same code
on the same data; only the time differs.

Below :data:`MIN_CHUNK` items a chunk, or with one job, nothing is forked.
"""

from __future__ import annotations

import logging
import os
import pickle
import resource
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from . import collector

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

MIN_CHUNK = 150
"""Fewer items than this per process are not worth a fork (a fork costs a few milliseconds
plus the pickling of results; one story costs about a millisecond a stage)."""


class WorkerError(RuntimeError):
    """A child process failed outside the work's own error handling."""


def available_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def jobs_setting(value: Any) -> int:
    """``DIGEST_JOBS``: 0 (or None) means every core this process may use."""
    jobs = int(value or 0)
    return available_jobs() if jobs <= 0 else jobs


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


def chunks(items: Sequence[T], jobs: int, min_chunk: int | None = None) -> list[Sequence[T]]:
    """Contiguous, nearly equal chunks of ``items``: at most ``jobs``, each at least ``min_chunk`` long."""
    least = MIN_CHUNK if min_chunk is None else min_chunk
    count = max(1, min(jobs, len(items) // max(1, least)))
    size, extra = divmod(len(items), count)
    out, start = [], 0
    for i in range(count):
        stop = start + size + (1 if i < extra else 0)
        out.append(items[start:stop])
        start = stop
    return out


_peak_child_kb = 0
_in_worker = False


def in_worker() -> bool:
    """Whether this process is a forked worker (its changes to objects stay in it; only results travel)."""
    return _in_worker


def peak_child_mb() -> float:
    """The largest resident size of any worker so far (MB), for the benchmarks."""
    return max(_peak_child_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def map_chunks(
    work: Callable[[Sequence[T]], R], items: Sequence[T], jobs: int, min_chunk: int | None = None
) -> list[R]:
    """``work(chunk)`` for each chunk of ``items``, in order; the chunks but the last in forked children.

    ``work``'s result must pickle. An exception in a child comes back as
    :class:`WorkerError` carrying the child's traceback; an exception in this
    process's own chunk propagates as it is (after the children are reaped).
    """
    parts = chunks(items, jobs, min_chunk) if can_fork() else [items]
    if len(parts) == 1:
        return [work(parts[0])]
    children: list[tuple[int, int]] = []
    for stream in (sys.stdout, sys.stderr):  # a child must not write out what this process had buffered
        stream.flush()
    # Objects alive now are never freed while children run; freezing them
    # keeps the garbage collector from touching (so copying) their pages.
    with collector.frozen():
        for part in parts[:-1]:
            children.append(_fork(work, part))
        try:
            own = work(parts[-1])
        finally:
            results = [_collect(pid, fd) for pid, fd in children]
    out = []
    for status, value in results:
        if status == "raise":
            raise value
        if status != "ok":
            raise WorkerError(value)
        out.append(value)
    out.append(own)
    return out


def _fork(work: Callable[[Sequence[T]], R], part: Sequence[T]) -> tuple[int, int]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_fd)
        return pid, read_fd
    # The child: do the work, send the result, and leave without running
    # anything the parent registered to run at exit (the report's guard).
    global _in_worker
    _in_worker = True
    code = 0
    try:
        os.close(read_fd)
        try:
            payload = pickle.dumps(("ok", work(part)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:
            try:  # the exception itself, so the parent raises what one process would have
                payload = pickle.dumps(("raise", exc))
                pickle.loads(payload)
            except Exception:
                payload = pickle.dumps(("error", traceback.format_exc()))
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _collect(pid: int, fd: int) -> tuple[str, Any]:
    global _peak_child_kb
    with os.fdopen(fd, "rb") as pipe:
        data = pipe.read()
    _, status, usage = os.wait4(pid, 0)
    _peak_child_kb = max(_peak_child_kb, usage.ru_maxrss)
    if not data:
        return "error", f"worker {pid} ended without a result (exit status {status})"
    return pickle.loads(data)  # from our own child, through our own pipe
