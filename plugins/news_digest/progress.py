"""A build's progress and the time each stage took.

A build of at least ``DIGEST_PROGRESS_MIN`` stories shows its long stages as
they go: on a terminal, a bar per stage (``rich``); otherwise (CI logs, a
pipe) plain lines, one as a stage starts and one at each tenth of the items
it works through, so a log shows where a slow build is without a line per
page. Progress goes to the error stream, like Pelican's log; the output
folder never sees it.

Every build, large or small, records its stages' times (:class:`Stages`),
and the build's one summary line gives them.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any


class Stages(dict[str, float]):
    """Seconds per stage, in the order the stages ran; ``on_done`` hears of each one."""

    def __init__(self, on_done: Callable[[str, float], None] | None = None) -> None:
        super().__init__()
        self.on_done = on_done

    def __setitem__(self, name: str, seconds: float) -> None:
        super().__setitem__(name, seconds)
        if self.on_done is not None:
            self.on_done(name, seconds)

    @contextmanager
    def timed(self, name: str, clock: Callable[[], float] = time.perf_counter) -> Iterator[None]:
        start = clock()
        try:
            yield
        finally:
            self[name] = self.get(name, 0.0) + clock() - start

    def line(self) -> str:
        """``read and clean 7.1 s, summaries 2.0 s, ...``."""
        return ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.items())


class Progress:
    """Progress of one build: a bar on a terminal, plain lines elsewhere, or nothing."""

    def __init__(self, mode: str = "off", stream: IO[str] | None = None) -> None:
        self.mode = mode
        """``bar``, ``lines`` or ``off``."""
        self.stream = stream if stream is not None else sys.stderr
        self._bar: Any = None
        self._task: Any = None
        self._label = ""
        self._total = 0
        self._tenths = 0
        self._started = 0.0

    @classmethod
    def for_build(cls, stories: int, least: int, stream: IO[str] | None = None) -> Progress:
        """Shown when the build has at least ``least`` stories (0: never); a bar when on a terminal."""
        stream = stream if stream is not None else sys.stderr
        if least <= 0 or stories < least:
            return cls("off", stream)
        return cls("bar" if _is_terminal(stream) else "lines", stream)

    def start(self, label: str, total: int = 0) -> None:
        """A stage begins; ``total`` items when it counts them (0: a stage shown whole)."""
        self.finish()
        self._label, self._total, self._tenths = label, total, 0
        self._started = time.perf_counter()
        if self.mode == "lines":
            count = f", {total:,} items" if total else ""
            self._say(f"news-digest: {label}{count} ...")
        elif self.mode == "bar":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(
                TextColumn("news-digest: {task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(label, total=total or None)

    def update(self, done: int) -> None:
        """``done`` of the stage's items are done."""
        if self.mode == "bar" and self._bar is not None:
            self._bar.update(self._task, completed=done)
        elif self.mode == "lines" and self._total:
            tenths = min(10, done * 10 // self._total)
            if tenths > self._tenths:
                self._tenths = tenths
                seconds = time.perf_counter() - self._started
                self._say(
                    f"news-digest: {self._label} {tenths * 10}% ({done:,}/{self._total:,}), {seconds:.1f} s"
                )

    @property
    def active(self) -> bool:
        """A stage is under way and shown."""
        return self.mode != "off" and bool(self._label)

    def step(self, text: str) -> None:
        """A step of a stage shown whole is done (``summaries 2.0 s``)."""
        label = f"{self._label}: {text}" if self._label else text
        if self.mode == "lines":
            self._say(f"news-digest: {label}")
        elif self.mode == "bar" and self._bar is not None:
            self._bar.update(self._task, description=label)

    def finish(self) -> None:
        """The stage under way, if any, is done."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        if self._label and self.mode != "off":
            seconds = time.perf_counter() - self._started
            if self.mode == "lines" or self._total == 0:
                self._say(f"news-digest: {self._label} done, {seconds:.1f} s")
        self._label = ""

    def _say(self, text: str) -> None:
        print(text, file=self.stream, flush=True)


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
