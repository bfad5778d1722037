"""One build's stage times and progress, from Pelican's signals.

Pelican's steps between the plugin's own stages are timed as laps between
signals: from ``initialized`` to the plugin's stories (Pelican's setup and
its own content), the pipeline's stages (:mod:`.pipeline`), the story
bodies, Pelican's lists and feeds, the pages (:mod:`.page_writer`), the
digests, and the wait for the search index at the end. At ``finalized`` the
build's one summary line gives them all.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from .progress import Progress, Stages

summary_logger = logging.getLogger("news_digest.summary")
"""The build's one summary line (see :func:`.pelican_glue.show_summary`)."""


class BuildTimes:
    """Laps and stages of one build, and its progress output."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.progress = Progress("off")
        self.stages = Stages(self._stage_done)
        self.summary: str | None = None

    def show_progress(self, stories: int, least: int) -> None:
        """Progress output for a build of ``stories`` inputs (``DIGEST_PROGRESS_MIN``)."""
        self.progress = Progress.for_build(stories, least)

    def lap(self, name: str) -> None:
        """The time since the last lap (or :meth:`reset`) was ``name``'s."""
        now = time.perf_counter()
        self.stages[name] = self.stages.get(name, 0.0) + now - self.last
        self.last = now

    def reset(self) -> None:
        """The next lap starts now (the stages since were timed on their own)."""
        self.last = time.perf_counter()

    def _stage_done(self, name: str, seconds: float) -> None:
        if self.progress.active:  # a step of a stage under way (the pipeline's), not a lap
            self.progress.step(f"{name} {seconds:.1f} s")

    def line(self) -> str:
        """``45.2 s: Pelican's setup and reading 0.4 s, read and clean 7.1 s, ...``."""
        total = time.perf_counter() - self.started
        return f"{total:.1f} s: {self.stages.line()}"


_current: BuildTimes | None = None


def current() -> BuildTimes:
    """This build's times (a new record when none was begun)."""
    global _current
    if _current is None:
        _current = BuildTimes()
    return _current


def begin(pelican: Any) -> None:
    """``initialized`` receiver: the build's clock starts."""
    global _current
    _current = BuildTimes()


def finish(pelican: Any) -> None:
    """``finalized`` receiver (after the search index): the summary line, with every stage's time."""
    global _current
    run, _current = _current, None
    if run is None or run.summary is None:
        return
    run.progress.finish()
    run.lap("static files, cache and the wait for search")
    summary_logger.info("%s; %s", run.summary, run.line())
