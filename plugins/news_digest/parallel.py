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

Equal chunks finish together only when every process does the same: the
build process also unpickles the children's results, and its callers' serial
work waits behind its own chunk. :func:`map_balanced` cuts small batches
instead, which this process and the children take as they go (the children
from the front, this process from the back, until they meet), and this
process reads each child's results as they come, between its own batches.
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import multiprocessing
import os
import pickle
import resource
import select
import struct
import sys
import tempfile
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
    _before_fork()
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


def _before_fork() -> None:
    """What every fork here needs first: the output streams flushed (a child must not write out
    what this process had buffered), and the memory freed so far given back (a child then neither
    shares nor copies it: :func:`.collector.return_freed`)."""
    flush_output()
    collector.return_freed()


def flush_output() -> None:
    """This process's buffered output written out before a fork: a child must not write it too."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()


_aside = [0]


def children_aside() -> int:
    """Children of :func:`fork_call` running now (not yet waited for): each has a core to itself."""
    return _aside[0]


def fork_call(work: Callable[[], R]) -> Callable[[], R]:
    """Start ``work()`` in a forked child now; the function returned waits for its result.

    For one piece of work that can run beside this process's own (the child
    has the idle core). Its result must pickle; an exception in the child is
    raised by the wait as :func:`map_chunks` raises it. The caller must wait
    once, whatever happens meanwhile (else the child is left unreaped, and the
    objects alive at the fork stay out of the collector's passes: a full pass
    while the child lives would touch, so copy, every page the two share).
    Without ``fork``, ``work()`` runs here, now.
    """
    if not can_fork():
        result = work()
        return lambda: result
    _before_fork()
    frozen = contextlib.ExitStack()  # collector.frozen() from the fork to the wait
    frozen.enter_context(collector.frozen())
    try:
        pid, fd = _fork(lambda _part: work(), ())
    except BaseException:
        frozen.close()
        raise
    _aside[0] += 1
    waited: list[tuple[str, Any]] = []

    def wait() -> R:
        if not waited:
            try:
                waited.append(_collect(pid, fd))
            finally:
                _aside[0] -= 1
                frozen.close()
        status, value = waited[0]
        if status == "raise":
            raise value
        if status != "ok":
            raise WorkerError(value)
        return value

    return wait


BATCHES_EACH = 12
"""Batches per process in :func:`map_balanced`: enough that the processes end close together."""
BATCH_MOST = 64
"""Items in one batch at most (a batch's results are read by this process as one)."""
_HEADER = struct.Struct("<qq")
"""A batch's record in a child's results file: the batch's number and its pickle's length."""


def map_balanced(
    work: Callable[[Sequence[T]], list[R]], items: Sequence[T], jobs: int, min_chunk: int | None = None
) -> list[R]:
    """``work(batch)`` over small batches of ``items``; the lists it returns, joined in item order.

    This process and ``jobs - 1`` forked children take batches as they go:
    the children from the front, this process from the back, so the one with
    less to do (or more of the machine) takes more, and the children's
    results form the front of the list. Each child pickles each batch's
    result into a file of its own as it is done; this process reads them
    between its own batches, so little is left to read when the work ends.
    Errors come back as from :func:`map_chunks`: this process's own first,
    then the earliest batch's. Below ``min_chunk`` items a process
    (:data:`MIN_CHUNK`), or with one job, nothing is forked.
    """
    return start_balanced(work, items, jobs, min_chunk)()


def start_balanced(
    work: Callable[[Sequence[T]], list[R]], items: Sequence[T], jobs: int, min_chunk: int | None = None
) -> Callable[[], list[R]]:
    """:func:`map_balanced`, its children started now; the function returned joins them and gives the results.

    Until it is called the children take batches alone, beside whatever this
    process does meanwhile (work that leaves the other core idle); then this
    process takes batches from the back as :func:`map_balanced` does. The
    caller must call it once, whatever happens meanwhile (else the children
    are left unreaped, and the collector kept off the objects alive now). With
    nothing forked, ``work`` runs when it is called.
    """
    least = MIN_CHUNK if min_chunk is None else min_chunk
    children = min(jobs, len(items) // max(1, least)) - 1
    if children < 1 or not can_fork():
        return lambda: list(work(items))
    size = max(1, min(BATCH_MOST, len(items) // ((children + 1) * BATCHES_EACH)))
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    try:
        claims = _Claims(len(bounds))
        files = [tempfile.TemporaryFile() for _ in range(children)]  # noqa: SIM115 (closed below)
    except (OSError, ImportError):  # no shared memory (sem_open) or no temporary folder: equal chunks
        return lambda: [result for part in map_chunks(work, items, jobs, min_chunk) for result in part]
    done: dict[int, list[R]] = {}
    failed: dict[int, tuple[str, Any]] = {}
    _before_fork()
    frozen = contextlib.ExitStack()  # collector.frozen() from the forks to the end of finish()
    frozen.enter_context(collector.frozen())
    workers: list[_Child] = []
    started: BaseException | None = None
    try:
        for results in files:
            workers.append(_Child.start(work, items, bounds, claims, results))
    except BaseException as exc:
        started = exc
        claims.stop()
    ended: list[Any] = []
    """The results, or the error, once joined (a second call gives the same)."""

    def finish() -> list[R]:
        if not ended:
            try:
                ended.append(_join())
            except BaseException as exc:
                ended.append(exc)
        if isinstance(ended[0], BaseException):
            raise ended[0]
        return ended[0]

    def _join() -> list[R]:
        own_error = started
        try:
            while own_error is None and (k := claims.take_back()) is not None:
                for child in workers:
                    child.read(done, failed, block=False)
                start, stop = bounds[k]
                done[k] = work(items[start:stop])
        except BaseException as exc:
            own_error = exc
            claims.stop()
        finally:
            for child in workers:
                child.finish(done, failed)
            for results in files:
                results.close()
            claims.close()
            frozen.close()
        if own_error is not None:
            raise own_error
        if failed:
            status, value = failed[min(failed)]
            raise value if status == "raise" else WorkerError(value)
        missing = [k for k in range(len(bounds)) if k not in done]
        if missing:
            raise WorkerError(f"a worker ended without the results of {len(missing)} batches")
        return [result for k in range(len(bounds)) for result in done[k]]

    return finish


class _Claims:
    """Which batches are taken: the next one from the front and the end of the untaken ones,
    in memory every process of one :func:`map_balanced` shares, under a lock."""

    def __init__(self, batches: int) -> None:
        self.memory = mmap.mmap(-1, 16)
        self.lock = multiprocessing.Lock()
        struct.pack_into("<qq", self.memory, 0, 0, batches)

    def take_front(self) -> int | None:
        with self.lock:
            front, back = struct.unpack_from("<qq", self.memory, 0)
            if front >= back:
                return None
            struct.pack_into("<q", self.memory, 0, front + 1)
            return front

    def take_back(self) -> int | None:
        with self.lock:
            front, back = struct.unpack_from("<qq", self.memory, 0)
            if front >= back:
                return None
            struct.pack_into("<q", self.memory, 8, back - 1)
            return back - 1

    def stop(self) -> None:
        """No batch is taken after this (a process failed)."""
        with self.lock:
            front, _back = struct.unpack_from("<qq", self.memory, 0)
            struct.pack_into("<q", self.memory, 8, front)

    def close(self) -> None:
        self.memory.close()


class _Child:
    """One forked child of :func:`map_balanced`: its pid, its results file and how far it is read,
    and a pipe it writes a byte to after each batch (its end: the child is gone)."""

    def __init__(self, pid: int, results: Any, signal: int) -> None:
        self.pid, self.results, self.signal = pid, results, signal
        self.offset = 0
        self.ended = False

    @classmethod
    def start(
        cls,
        work: Callable[[Sequence[T]], list[R]],
        items: Sequence[T],
        bounds: list[tuple[int, int]],
        claims: _Claims,
        results: Any,
    ) -> _Child:
        signal_read, signal_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            _child_batches(work, items, bounds, claims, results.fileno(), signal_write)
        os.close(signal_write)  # children forked after this one must not hold it
        os.set_blocking(signal_read, False)
        return cls(pid, results, signal_read)

    def read(self, done: dict[int, Any], failed: dict[int, tuple[str, Any]], block: bool) -> None:
        """Take in the batches the child has written; ``block``: wait for its next signal first."""
        if self.ended:
            return
        if block:
            select.select([self.signal], [], [])
        try:
            if os.read(self.signal, 4096) == b"":
                self.ended = True
        except BlockingIOError:
            pass
        fd = self.results.fileno()
        size = os.fstat(fd).st_size
        while self.offset + _HEADER.size <= size:
            k, length = _HEADER.unpack(os.pread(fd, _HEADER.size, self.offset))
            if self.offset + _HEADER.size + length > size:
                break
            data = os.pread(fd, length, self.offset + _HEADER.size)
            self.offset += _HEADER.size + length
            status, value = pickle.loads(data)  # from our own child, through our own file
            if status == "ok":
                done[k] = value
            else:
                failed[k] = (status, value)

    def finish(self, done: dict[int, Any], failed: dict[int, tuple[str, Any]]) -> None:
        """Read everything until the child is gone, and reap it."""
        global _peak_child_kb
        try:
            while not self.ended:
                self.read(done, failed, block=True)
            self.read(done, failed, block=False)
        finally:
            os.close(self.signal)
            _, _status, usage = os.wait4(self.pid, 0)
            _peak_child_kb = max(_peak_child_kb, usage.ru_maxrss)


def _child_batches(
    work: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    bounds: list[tuple[int, int]],
    claims: _Claims,
    results: int,
    signal: int,
) -> None:
    """In a child of :func:`map_balanced`: batches from the front, each result written as it is made."""
    global _in_worker
    _in_worker = True
    code = 0
    try:
        while (k := claims.take_front()) is not None:
            start, stop = bounds[k]
            ok = True
            try:
                payload = pickle.dumps(("ok", work(items[start:stop])), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:
                ok = False
                claims.stop()
                payload = _failure(exc)
            _write_all(results, _HEADER.pack(k, len(payload)) + payload)
            os.write(signal, b".")
            if not ok:
                break
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _failure(exc: BaseException) -> bytes:
    """The pickle of a failure: the exception itself when it travels, else its traceback."""
    try:
        payload = pickle.dumps(("raise", exc))
        pickle.loads(payload)
        return payload
    except Exception:
        return pickle.dumps(("error", traceback.format_exc()))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


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
