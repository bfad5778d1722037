"""The search index: Pagefind indexes the finished site at the end of every build.

Pagefind (PyPI ``pagefind[bin]``) reads the built HTML and writes a static
index to ``<output>/pagefind/``; the search page (``DIGEST_SEARCH_URL``)
queries it in the browser, with no server. Only what the theme marks with
``data-pagefind-body`` is indexed: headlines and story text, not navigation.

Only article pages carry that mark, so Pagefind is pointed at them alone
(:func:`page_glob`): it no longer reads the digests, tag and category pages
only to skip them, and the index is byte for byte the same. It starts as
soon as the article pages are written (:func:`start`), and runs on one core
while the build writes the rest of the site; the build waits for it at the
end (:func:`finish`).
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"
TIMEOUT = 600
"""Seconds Pagefind may take before the build gives up on the index (with a warning)."""

_FIELD = re.compile(r"\{[^{}]*\}")


def page_glob(save_as: str, pages: Iterable[str]) -> str | None:
    """A glob of ``ARTICLE_SAVE_AS``'s shape (``*/*/*/*/index.html``) that matches every page to index.

    None when some page does not fit it (a field that puts a ``/`` in a
    path, an article saved elsewhere): then Pagefind reads the whole site.
    """
    glob = _FIELD.sub("*", save_as).lstrip("/")
    if not glob or "**" in glob or "{" in glob or "[" in glob:
        return None
    parts = glob.split("/")
    for page in pages:
        segments = page.lstrip("/").split("/")
        if len(segments) != len(parts) or not all(_fits(p, s) for p, s in zip(parts, segments, strict=True)):
            return None
    return glob


def _fits(pattern: str, segment: str) -> bool:
    regex = ".*".join(re.escape(piece) for piece in pattern.split("*"))
    return re.fullmatch(regex, segment) is not None


@dataclass
class Indexing:
    """A Pagefind run under way."""

    output: Path
    process: subprocess.Popen | None
    log: IO[str] | None = None
    error: str | None = None
    started: float = field(default_factory=time.perf_counter)


_running: dict[Path, Indexing] = {}


def start(output: Path, glob: str | None = None) -> Indexing:
    """Start indexing ``output`` (only the files ``glob`` matches, when given), in the background.

    The bundle folder is emptied first, so no index of an earlier build
    lingers beside the new one.
    """
    output = output.resolve()
    finish(output)  # never two runs on one folder
    bundle = output / BUNDLE
    if bundle.is_dir():
        shutil.rmtree(bundle)
    command = [sys.executable, "-m", "pagefind", "--site", str(output), "--quiet"]
    if glob:
        command += ["--glob", glob]
    log = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - outlives this call, closed by finish()
    try:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True)
    except OSError as exc:
        log.close()
        run = Indexing(output, None, error=str(exc))
    else:
        run = Indexing(output, process, log)
    _running[output] = run
    return run


def started(output: Path) -> bool:
    """Whether an index of ``output`` is under way."""
    return output.resolve() in _running


def finish(output: Path) -> float | None:
    """Wait for the index of ``output``; its seconds, or None (and a warning) when there is none."""
    run = _running.pop(output.resolve(), None)
    if run is None:
        return None
    detail = run.error
    if run.process is not None and run.log is not None:
        try:
            code = run.process.wait(timeout=max(1.0, TIMEOUT - (time.perf_counter() - run.started)))
        except subprocess.TimeoutExpired:
            run.process.kill()
            run.process.wait()
            code, detail = -1, f"Pagefind took more than {TIMEOUT} s"
        run.log.seek(0)
        lines = run.log.read().strip().splitlines()
        run.log.close()
        if code != 0 and detail is None:
            detail = f"is pagefind[bin] installed? {lines[-1:]}"
    if detail is not None:
        logger.warning("news-digest: search index not built: %s", detail)
        return None
    return time.perf_counter() - run.started


def build_index(output: Path, glob: str | None = None) -> bool:
    """Index ``output`` with Pagefind and wait for it; False (and a warning) when it cannot."""
    start(output, glob)
    return finish(output) is not None
