"""The search index: Pagefind bundles of the story pages, one per period, rebuilt only where pages changed.

Pagefind (PyPI ``pagefind[bin]``) turns HTML pages into a static index that
the search page (``DIGEST_SEARCH_URL``) queries in the browser, with no
server. Only what the theme marks with ``data-pagefind-body`` is indexed:
headlines and story text, not navigation; only story and editorial pages
carry that mark, so only they are sent to Pagefind.

One index of the whole archive cost every build a full indexing run (and its
memory grew with the archive). Instead the pages are split by date into
partitions (:func:`partition`, ``DIGEST_SEARCH_PARTITION``: a week by
default, cut into parts of whole days when it holds more pages than
``DIGEST_SEARCH_BUNDLE_PAGES``, and the newest week into parts of at most
:data:`NEWEST_WEEK_PAGES`, :func:`day_partitions`), each indexed into
its own bundle under ``<output>/pagefind/``, and
the search page merges them in the browser (Pagefind's ``mergeIndex``, ``theme/static/js/search.js``). A
bundle is built again only when what Pagefind reads of one of its pages changed
(:mod:`.search_bundles`, which keeps each bundle's key in
``pagefind/bundles.json``), so a day's new stories re-index their part of the
newest week (about a day at 10,000 stories), and
each Pagefind run holds one partition in memory (``DIGEST_JOBS`` runs at once).

:func:`start` runs :mod:`.search_bundles` as a child process as soon as the
story pages are written; it works beside the build while the build writes the
rest of the site, and the build waits for it at the end (:func:`finish`). In a
cold build with several jobs the story pages are written a few partitions at
a time, largest first (:mod:`.page_writer`): the child starts on the first
partitions with the names of all of them, and each other partition follows
(:func:`send`) once its pages are written, so indexing overlaps the writing
of the older story pages; until the build forks no more workers (:func:`close`,
once the day pages and the digest feeds' child are written), runs hold fewer
pages (the whole build's memory: :data:`.search_bundles.MAX_PAGES_BESIDE_PAGES`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from . import search_bundles

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"
TIMEOUT = 600
"""Seconds indexing may take before the build gives up on the index (with a warning)."""

PERIODS = ("day", "week", "month", "year", "all")
"""The values of ``DIGEST_SEARCH_PARTITION``."""

NEWEST_WEEK_PAGES = 400
"""Pages a part of the newest week holds at most (:func:`day_partitions`), when the budget is larger.

A build that adds stories to the newest day re-indexes the part they join:
at 10,000 synthetic stories (333 a day) a 1,665-page part of five days cost
Pagefind 4.0-4.6 CPU s, a day alone 0.8-0.9. The reader's search page
merges at most six more bundles (a small file and an index chunk each).
"""


def partition(date: dt.date, period: str) -> str:
    """The name of the partition a page of ``date`` belongs to; names sort oldest first.

    ``week`` is the ISO week (``2026-w48``), so a partition is always seven
    days whatever month it straddles.
    """
    if period == "day":
        return f"{date:%Y-%m-%d}"
    if period == "month":
        return f"{date:%Y-%m}"
    if period == "year":
        return f"{date:%Y}"
    if period == "all":
        return "all"
    year, week, _ = date.isocalendar()
    return f"{year}-w{week:02d}"


def day_partitions(
    pages: Iterable[tuple[str, dt.date]], period: str, budget: int = 0, newest: int | None = None
) -> dict[dt.date, str]:
    """The partition each day of ``pages`` (``(save_as, date)``) belongs to.

    With ``period`` ``week`` and a ``budget``, a week is cut into parts of
    consecutive days, each filled from the oldest day while its pages stay
    within ``budget`` (a day larger than that is a part alone), named by the
    week and the ISO weekday of the part's first day (``2026-w48-1``,
    ``2026-w48-5``), so the names sort oldest first. The newest week (that
    of the newest page) is cut within ``newest`` pages
    (:data:`NEWEST_WEEK_PAGES` by default) where that is less: its days are
    the ones still growing, and each build that adds stories re-indexes the
    part they join, so a small part there is what a day's builds pay for;
    once a newer week has pages, the week is cut within ``budget`` like the
    others (its bundles indexed again, once). Only the pages decide the cut,
    never timing or jobs; and a new day's stories change the newest part of
    their week, or start a part of their own, and leave the older parts as
    they were. Otherwise a day's partition is :func:`partition`'s.
    """
    found: dict[dt.date, set[str]] = {}
    for save_as, date in pages:
        found.setdefault(date, set()).add(save_as)
    names = {date: partition(date, period) for date in found}
    if period in ("day", "month", "year", "all") or budget <= 0 or not found:
        return names  # else week, as partition() reads it
    newest_week = names[max(found)]
    newest_budget = min(budget, NEWEST_WEEK_PAGES if newest is None else newest)
    held = 0  # pages in the part being filled
    first: dt.date | None = None  # its first day
    for date in sorted(found):
        week, count = names[date], len(found[date])
        within = newest_budget if week == newest_week else budget
        if first is None or week != partition(first, period) or held + count > within:
            first, held = date, 0
        held += count
        names[date] = f"{week}-{first.isoweekday()}"
    return names


def page_url(save_as: str) -> str:
    """The site-relative URL Pagefind gives a page saved as ``save_as`` (``a/b/index.html`` -> ``/a/b/``)."""
    path = "/" + save_as.lstrip("/")
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def checked_period(period: str) -> str:
    """``DIGEST_SEARCH_PARTITION`` as used: ``week`` (with a warning) for a value not in :data:`PERIODS`."""
    if period not in PERIODS:
        logger.warning("news-digest: DIGEST_SEARCH_PARTITION %r is not one of %s: week", period, PERIODS)
        return "week"
    return period


def partitions(
    pages: Iterable[tuple[str, dt.date]],
    period: str,
    digests: Mapping[str, str] | None = None,
    budget: int = 0,
    newest: int | None = None,
) -> dict[str, list[tuple[str, ...]]]:
    """``(save_as, date)`` of each page to index -> partition name -> its ``(save_as, url)`` pairs.

    ``digests``: the pages' index digests (:func:`.search_bundles.index_digest`) by ``save_as``,
    where the build knows them; such a page's entry is ``(save_as, url, digest)``, and the
    search index does not read it unless its bundle is indexed again.
    ``budget``, ``newest``: pages a weekly partition holds at most (:func:`day_partitions`).
    """
    pages = list(pages)
    names = day_partitions(pages, checked_period(period), budget, newest)
    digests = digests or {}
    parts: dict[str, list[tuple[str, ...]]] = {}
    for save_as, date in pages:
        digest = digests.get(save_as)
        entry = (save_as, page_url(save_as)) + ((digest,) if digest else ())
        parts.setdefault(names[date], []).append(entry)
    return {name: sorted(set(found), key=lambda p: p[1]) for name, found in sorted(parts.items())}


@dataclass
class Indexing:
    """An indexing run under way."""

    output: Path
    process: subprocess.Popen | None
    answer: IO[str] | None = None
    log: IO[str] | None = None
    error: str | None = None
    started: float = field(default_factory=time.perf_counter)
    sent: set[str] = field(default_factory=set)
    """The partitions sent to the run so far."""
    waiting: bool = False
    """Whether the run waits for more partitions (:func:`send`, :func:`close`)."""
    done: dict = field(default_factory=dict)
    """What the run did (:func:`.search_bundles.build`'s answer), once finished."""


_running: dict[Path, Indexing] = {}
last: dict = {}
"""What the latest finished run did: bundles, the ones indexed again, pages indexed."""


def _executable() -> str | None:
    """Pagefind's executable, where ``pagefind.service.get_executable`` (PyPI ``pagefind``) finds it.

    The same places in the same order (``PAGEFIND_BINARY_PATH``, the
    ``pagefind_bin_extended`` or ``pagefind_bin`` package, the ``PATH``),
    without importing ``pagefind.service``: it imports asyncio, 0.015-0.03 s
    of the build process's serial time in a +10 build, for a path.
    """
    if importlib.util.find_spec("pagefind") is None:
        return None
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named is not None:
        return named
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            binary = importlib.import_module(package)
        except ImportError:
            continue
        return str(binary.get_executable())
    return shutil.which("pagefind_extended") or shutil.which("pagefind")


def start(
    output: Path, parts: dict[str, list[tuple[str, ...]]], jobs: int = 1, names: Iterable[str] | None = None
) -> Indexing:
    """Bring the bundles of ``output`` up to date with ``parts`` (:func:`partitions`), in the background.

    ``jobs``: how many bundles may be indexed at once (``DIGEST_JOBS``).
    ``names``: every partition of the site, when ``parts`` holds only those ready now;
    the others follow by :func:`send`, and :func:`close` says there are no more.
    """
    output = output.resolve()
    finish(output)  # never two runs on one folder
    executable = _executable()
    if executable is None:
        run = Indexing(output, None, error="is pagefind[bin] installed? No Pagefind executable found")
        _running[output] = run
        return run
    request = {
        "output": str(output),
        "bundle": BUNDLE,
        "executable": executable,
        "partitions": parts,
        "jobs": jobs,
    }
    if names is not None:
        request.update(names=sorted(set(names)), streamed=True)
    answer = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed by finish()
    log = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed by finish()
    try:
        # By its path: the child needs the standard library alone, not this package's imports.
        process = subprocess.Popen(
            [sys.executable, "-I", search_bundles.__file__],
            stdin=subprocess.PIPE,
            stdout=answer,
            stderr=log,
            text=True,
        )
        assert process.stdin is not None
        process.stdin.write(json.dumps(request) + "\n")
        process.stdin.flush()
        if names is None:
            process.stdin.close()
    except OSError as exc:
        answer.close()
        log.close()
        run = Indexing(output, None, error=str(exc))
    else:
        run = Indexing(output, process, answer, log, sent=set(parts), waiting=names is not None)
    _running[output] = run
    return run


def waiting(output: Path) -> Indexing | None:
    """The run of ``output`` that waits for more partitions, if any."""
    run = _running.get(output.resolve())
    return run if run is not None and run.waiting else None


def send(output: Path, parts: dict[str, list[tuple[str, ...]]]) -> None:
    """Give the run of ``output`` (started with ``names``) more partitions, ready now."""
    run = waiting(output)
    if run is None or not parts:
        return
    assert run.process is not None and run.process.stdin is not None
    try:
        run.process.stdin.write(json.dumps({"partitions": parts}) + "\n")
        run.process.stdin.flush()
    except OSError:  # the run ended (it failed): finish() reports why
        close(output)
    run.sent.update(parts)


def close(output: Path) -> None:
    """No more partitions for the run of ``output``."""
    run = waiting(output)
    if run is None:
        return
    run.waiting = False
    assert run.process is not None and run.process.stdin is not None
    with contextlib.suppress(OSError):
        run.process.stdin.close()


def started(output: Path) -> bool:
    """Whether an index of ``output`` is under way."""
    return output.resolve() in _running


def finish(output: Path) -> float | None:
    """Wait for the index of ``output``; its seconds, or None (and a warning) when it failed."""
    global last
    close(output)
    run = _running.pop(output.resolve(), None)
    if run is None:
        return None
    detail = run.error
    if run.process is not None and run.answer is not None and run.log is not None:
        try:
            code = run.process.wait(timeout=max(1.0, TIMEOUT - (time.perf_counter() - run.started)))
        except subprocess.TimeoutExpired:
            run.process.kill()
            run.process.wait()
            code, detail = -1, f"Pagefind took more than {TIMEOUT} s"
        run.answer.seek(0)
        run.log.seek(0)
        lines = run.answer.read().strip().splitlines()
        log = run.log.read().strip().splitlines()
        run.answer.close()
        run.log.close()
        try:
            run.done = json.loads(lines[-1]) if lines else {}
        except ValueError:
            run.done = {}
        if detail is None and (code != 0 or "error" in run.done):
            detail = str(run.done.get("error") or f"exit status {code}: {log[-3:]}")
    last = run.done
    if detail is not None:
        logger.warning("news-digest: search index not built: %s", detail)
        return None
    return time.perf_counter() - run.started


def build_index(output: Path, parts: dict[str, list[tuple[str, ...]]], jobs: int = 1) -> bool:
    """Index ``parts`` of ``output`` and wait; False (and a warning) when it cannot."""
    start(output, parts, jobs)
    return finish(output) is not None
