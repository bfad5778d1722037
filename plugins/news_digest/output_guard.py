"""What the build writes, checked: the report never claims a page that was not written.

The plugin writes the report when the stories are handed to Pelican (status
``writing``), before any page exists. From then on:

- Pelican's writer is replaced (``get_writer`` signal, :mod:`.page_writer`) by one that first
  leaves :data:`MARKER` in the output folder, so that ``invoke clean`` knows
  the folder is build output, and that, when writing any page or feed
  raises, rewrites the report as ``failed`` with the error and every story
  whose page was not written yet moved to rejected; then the exception goes
  on, and Pelican stops with an error;
- every file Pelican writes is noted (``content_written`` signal);
- when Pelican has finished (``finalized`` signal), the report is rewritten
  as ``complete``, after checking that every published story's page was
  written in this build;
- when the process exits with the build still ``writing`` (Pelican stopped
  for a reason outside the writer, e.g. another plugin raised, and the
  ``pelican`` command exits with its error), the report is marked
  ``failed`` with the pages written so far.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pelican.writers import Writer

from .report import ReportWriter, not_written, write_report

logger = logging.getLogger(__name__)

MARKER = ".news-digest-output"
"""File the build leaves in the output folder; ``invoke clean`` deletes only folders holding it."""

MARKER_TEXT = "Written by the news_digest plugin: this folder is build output (`invoke clean` deletes it).\n"


class Run:
    """One build's report, the pages it promises and the files written so far."""

    def __init__(self, report: dict[str, Any], report_path: Path, pages: Mapping[str, str]) -> None:
        self.report = report
        self.report_path = report_path
        self.pages = {source: os.path.normpath(os.path.abspath(p)) for source, p in pages.items()}
        self.written: set[str] = set()
        self.status = "writing"
        self._writer = ReportWriter(report_path)
        self._save()

    def _save(self) -> None:
        self.report = {**self.report, "build": {**self.report.get("build", {}), "status": self.status}}
        self._writer.write(self.report)

    def wrote(self, path: str) -> None:
        self.written.add(os.path.normpath(os.path.abspath(path)))

    def fail(self, error: str) -> None:
        """The build stopped: only stories whose pages exist stay published."""
        if self.status == "failed":
            return
        self.status = "failed"
        done = [source for source, page in self.pages.items() if page in self.written]
        self.report = not_written(self.report, done, f"the build failed ({error})")
        self.report["build"] = {"status": "failed", "error": error}
        self._save()
        logger.error("news-digest: the build failed: %s; see %s", error, self.report_path)

    def finish(self) -> None:
        """Pelican finished: check the pages on the list were written, then say so."""
        if self.status != "writing":
            return
        done = [source for source, page in self.pages.items() if page in self.written]
        if len(done) < len(self.pages):
            self.report = not_written(self.report, done, "Pelican did not write it")
        self.status = "complete"
        self._save()


_current: Run | None = None


def start(report: dict[str, Any], report_path: Path, pages: Mapping[str, str]) -> Run:
    """Write the report as ``writing`` and watch the rest of this build."""
    global _current
    _current = Run(report, report_path, pages)
    return _current


def stopped(report: dict[str, Any], report_path: Path, error: str) -> None:
    """The build stops before writing anything: no page is claimed."""
    global _current
    _current = None
    report = not_written(report, [], f"the build stopped ({error})")
    report["build"] = {"status": "failed", "error": error}
    write_report(report, report_path)


def failed(exc: BaseException, what: object) -> None:
    """Writing ``what`` raised ``exc``: the build under way failed (see :meth:`Run.fail`)."""
    if _current is not None:
        _current.fail(_describe(exc, what))


def _describe(exc: BaseException, what: object) -> str:
    message = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}: {message} (writing {what})"


class GuardedWriter(Writer):
    """Pelican's writer, which marks its folder and reports a failed write before raising."""

    def __init__(self, output_path: str, settings: Mapping[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        os.makedirs(output_path, exist_ok=True)
        Path(output_path, MARKER).write_text(MARKER_TEXT, encoding="utf-8")

    def write_file(self, name: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().write_file(name, *args, **kwargs)
        except Exception as exc:
            if _current is not None:
                _current.fail(_describe(exc, name))
            raise

    held_feeds: list[Any] | None = None
    """While not None, ``write_feed`` calls are noted here, not written (:mod:`.pelican_feeds`)."""

    def write_feed(self, elements: Any, context: Any, path: Any = None, *args: Any, **kwargs: Any) -> Any:
        if self.held_feeds is not None:
            from .pelican_feeds import FeedCall  # the module that holds them imports this one

            self.held_feeds.append(FeedCall((elements, context, path, *args), kwargs))
            return None
        try:
            return super().write_feed(elements, context, path, *args, **kwargs)
        except Exception as exc:
            if _current is not None:
                _current.fail(_describe(exc, path))
            raise


# Signal receivers (connected in ``register``).


def note_written(path: str, **_: Any) -> None:
    """``content_written`` and ``feed_written``: remember what exists."""
    if _current is not None:
        _current.wrote(path)


def finalized(pelican: Any) -> None:
    """``finalized``: Pelican wrote everything."""
    global _current
    if _current is not None:
        _current.finish()
        _current = None


@atexit.register
def _unfinished() -> None:
    """At exit, a build that never finished nor failed in the writer did fail."""
    if _current is not None and _current.status == "writing":
        # OSError: the report's folder is gone (a test's temporary folder).
        with contextlib.suppress(OSError):
            _current.fail("Pelican stopped before it finished; its error is in the build log")
