"""The whole build's memory: this process and every process under it, sampled.

``ru_maxrss`` gives one process's peak. A build also forks page workers and
runs Pagefind (two at a time with two jobs), and those live at the same
time as the build process, so the machine needs their sum. Forked workers
share most of their pages with the build process, so a sum of resident
sizes would count those pages twice or more: the proportional set size
(PSS, each shared page split between the processes sharing it) adds up to
what the machine holds.

Linux only (``/proc``); elsewhere the sampler reports nothing.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

INTERVAL = 0.2
"""Seconds between samples: workers and Pagefind runs live for seconds."""


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (every thread's, since a thread may start one)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            found += [int(c) for c in Path(f"/proc/{pid}/task/{tid}/children").read_text().split()]
        except (OSError, ValueError):
            continue
    return found


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (an exited child waiting to be reaped holds no memory)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return text[text.rfind(")") + 2 :][:1] not in ("Z", "X")


def tree_pids(root: int) -> list[int]:
    """``root`` and every live process under it, sorted."""
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid not in found and _alive(pid):
            found.add(pid)
            todo += _children(pid)
    return sorted(found)


def usage_kb(pid: int) -> tuple[int, int]:
    """The process's proportional and resident set sizes (PSS, RSS) in kB; (0, 0) when it is gone."""
    found = {"Pss:": 0, "Rss:": 0}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key = line[:4]
            if key in found:
                found[key] = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return found["Pss:"], found["Rss:"]


TRIES = 5
"""Reads of the tree before a sample is given up (:func:`snapshot`)."""


def snapshot(root: int) -> dict[int, tuple[int, int]] | None:
    """PSS and RSS (kB) of ``root`` and each process under it, read while no process started or ended.

    The processes are read one after another, some 18 ms each for a 500 MB
    one. A fork between two reads is counted twice: the parent read before it
    holds its pages alone, the child read after shares them, so the child's
    half is counted on top of the parent's whole (a cold build at 10,000
    stories read 950 MB once as a page worker started, 758-846 MB around it).
    An exit between reads loses or doubles the pages the same way. So the
    tree is listed before and after the reads, and the sample is read again
    when the lists differ; None when they differ :data:`TRIES` times running.
    """
    for _ in range(TRIES):
        pids = tree_pids(root)
        found = {pid: usage_kb(pid) for pid in pids}
        if tree_pids(root) == pids:
            return found
    return None


def tree_pss_kb(root: int) -> int | None:
    """PSS of ``root`` and all its descendants now, in kB (None: see :func:`snapshot`)."""
    found = snapshot(root)
    return None if found is None else sum(pss for pss, _ in found.values())


class TreeMemory:
    """Samples :func:`tree_pss_kb` of this process on a thread until :meth:`stop`."""

    def __init__(self, interval: float = INTERVAL) -> None:
        self.interval = interval
        self.peak_kb = 0
        self.cpu_s = 0.0
        """CPU seconds the sampling thread used (known once :meth:`stop` returns)."""
        self.available = Path(f"/proc/{os.getpid()}/smaps_rollup").exists()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tree-memory", daemon=True)

    def _run(self) -> None:
        # Reading a process's PSS walks its page tables (some 18 ms of CPU for a 500 MB
        # process): 2.3 CPU s of a 72 s +10 build at 10,000 stories. The sampler counts its
        # own CPU (:attr:`cpu_s`), so that the build's figures leave it out. It is not
        # niced: one sample reads the processes one after another, and a sampler that the
        # busy build keeps waiting between reads sees a worker before it exits and its
        # parent after, counting shared pages twice (cold build at 10,000: 1,045-1,095 MB
        # niced, 909 MB not, the same code).
        pid = os.getpid()
        try:
            while True:
                self.peak_kb = max(self.peak_kb, tree_pss_kb(pid) or 0)
                if self._done.wait(self.interval):
                    return
        finally:
            self.cpu_s = time.thread_time()

    def start(self) -> TreeMemory:
        if self.available:
            self._thread.start()
        return self

    def stop(self) -> float | None:
        """The sampled peak in MB, or None where /proc gives no PSS."""
        if not self.available:
            return None
        self._done.set()
        self._thread.join()
        return self.peak_kb / 1024
