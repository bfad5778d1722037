"""The whole-tree memory sampler (``bench/tree_memory.py``) reads the tree as it stood at one moment."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from bench import tree_memory

pytestmark = pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="Linux /proc only")


@contextmanager
def child(exit_at_once: bool = False) -> Iterator[int]:
    """A forked child that waits on a pipe (or exits at once, left unreaped); reaped on leaving."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(write_fd)
        if not exit_at_once:
            os.read(read_fd, 1)
        os._exit(0)
    os.close(read_fd)
    try:
        yield pid
    finally:
        os.close(write_fd)
        os.waitpid(pid, 0)


def _state(pid: int) -> str:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rfind(")") + 2]


def test_live_children_are_read_and_exited_ones_are_not() -> None:
    me = os.getpid()
    with child() as running, child(exit_at_once=True) as exited:
        deadline = time.monotonic() + 10
        while _state(exited) != "Z" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _state(exited) == "Z"
        pids = tree_memory.tree_pids(me)
        assert me in pids and running in pids
        assert exited not in pids  # exited, not yet reaped: it holds no memory
        found = tree_memory.snapshot(me)
        assert found is not None and set(found) == set(pids)
        assert all(pss > 0 and rss >= pss for pss, rss in found.values())


def test_a_fork_between_reads_is_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A child started while the tree is read: the parent was read before it shared its pages, so
    that read is thrown away and the whole tree read again, the child with it."""
    me, started = os.getpid(), []
    read = tree_memory.usage_kb

    def forking(pid: int) -> tuple[int, int]:
        found = read(pid)
        if not started:
            started.append(stack.enter_context(child()))
        return found

    with ExitStack() as stack:
        monkeypatch.setattr(tree_memory, "usage_kb", forking)
        found = tree_memory.snapshot(me)
        assert started and found is not None
        assert set(found) == {me, started[0]}  # read after the fork: the child is there
        assert tree_memory.tree_pss_kb(me) is not None


def test_a_tree_that_keeps_changing_gives_no_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    me, started = os.getpid(), []
    read = tree_memory.usage_kb

    def forking(pid: int) -> tuple[int, int]:
        started.append(stack.enter_context(child()))  # a new child at every read
        return read(pid)

    with ExitStack() as stack:
        monkeypatch.setattr(tree_memory, "usage_kb", forking)
        assert tree_memory.snapshot(me) is None
        assert len(started) >= tree_memory.TRIES
