"""Pelican's own feeds written by a forked child while the build process asks for the pages.

Pelican's article generator writes its feeds (the whole site's and one per
category with the default settings: nine of a hundred items each) before it
asks for any page: each item's content has its intrasite links resolved and
feedgenerator writes the XML, about 0.3 CPU s at any archive size, on one
core while the other idles. With more than one job (``DIGEST_JOBS``) and the
plugin's writer (:class:`.output_guard.GuardedWriter`), :func:`install` makes
the generator ask for its feeds as before, but the writer only notes each
call, and a forked child writes them all with Pelican's own
``Writer.write_feed``, in Pelican's order, while this process asks for the
pages and writes them (:mod:`.page_writer`). The bytes are the ones a single
process writes: the same code on the same objects, which nothing changes
between the generator's context and its pages.

What the child's writes leave behind in this process is done here:
Pelican's record of the files written, as soon as the child starts (so that
a page on a feed's file fails as it would); the ``feed_written`` signal for
each feed, once the child has ended (after the pages), so the report's and
the output files' records hold them; the child's error, if any, raised
then, with the report marked failed. The writer's feed attributes
(``site_url``, ``feed_url``) stay as they were: only ``write_feed`` reads
them, and it sets them first.

The feeds are written in this process, in order, as before, when another
plugin listens to ``feed_generated`` or ``feed_written`` (it would hear in the
child only, and may change the feed), or when a feed may override a file or
shares one with another feed or with a file written before.
"""

from __future__ import annotations

import pickle
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pelican
from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

from . import output_files, output_guard
from .parallel import can_fork, fork_call

CHECKED_PELICAN = ("4.12",)
"""Pelican versions whose ``generate_output`` writes the feeds first, then asks for the pages."""


@dataclass
class FeedCall:
    """One ``write_feed(*args, **kwargs)`` call of the generator, held."""

    args: tuple[Any, ...]
    kwargs: dict[str, Any]

    @property
    def path(self) -> Any:
        """The ``path`` argument (where the feed is written; none: not written)."""
        return self.args[2] if len(self.args) > 2 else self.kwargs.get("path")

    @property
    def context(self) -> Any:
        return self.args[1] if len(self.args) > 1 else self.kwargs.get("context")

    @property
    def overrides(self) -> bool:
        """Whether it may override a file (``override_output``)."""
        at = _PARAMETERS.index("override_output")
        return bool(self.args[at] if len(self.args) > at else self.kwargs.get("override_output"))


_PARAMETERS = ("elements", "context", "path", "url", "feed_type", "override_output", "feed_title")
"""Pelican's ``Writer.write_feed`` parameters, in order."""


@dataclass
class Written:
    """What the child wrote: each feed's file, in order, and the error that stopped it, if any."""

    paths: list[str | None] = field(default_factory=list)
    """Each call's file, in order, up to the one that failed (None: a call that writes no file)."""
    error: BaseException | None = None
    failed_on: str | None = None


def install(generator: Any) -> None:
    """``article_generator_finalized``: the generator's feeds written beside its pages."""
    version = ".".join(str(pelican.__version__).split(".")[:2])
    if version not in CHECKED_PELICAN or not all(
        callable(getattr(generator, name, None)) for name in ("generate_feeds", "generate_output")
    ):
        return
    feeds, output = generator.generate_feeds, generator.generate_output
    pending: list[Callable[[], None]] = []

    def generate_feeds(writer: Any) -> None:
        if not _aside(writer):
            feeds(writer)
            return
        writer.held_feeds = []
        try:
            feeds(writer)
        finally:
            held, writer.held_feeds = writer.held_feeds, None
        pending.append(start(writer, held))

    def generate_output(writer: Any) -> None:
        try:
            output(writer)
        except BaseException:
            while pending:  # the build stops with its own error; the child is only reaped
                pending.pop()(reap_only=True)
            raise
        while pending:
            pending.pop()()

    generator.generate_feeds = generate_feeds
    generator.generate_output = generate_output


def _aside(writer: Any) -> bool:
    """Whether ``writer``'s feeds may be written by a child: several jobs, and no one else listening."""
    if not isinstance(writer, output_guard.GuardedWriter) or getattr(writer, "jobs", 1) < 2 or not can_fork():
        return False
    if signals.feed_generated.receivers:
        return False
    ours = {output_guard.note_written, output_files.note_written}
    for receiver in signals.feed_written.receivers.values():
        if isinstance(receiver, weakref.ref):
            receiver = receiver()
        if receiver not in ours:
            return False
    return True


def start(writer: Any, held: list[FeedCall]) -> Callable[..., None]:
    """Write the ``held`` feeds: in a forked child when nothing stands in the way, else here, now.

    The function returned ends it: waits for the child, sends ``feed_written`` for each feed and
    raises the child's error (``reap_only``: only waits).
    """
    try:
        paths = [sanitised_join(writer.output_path, c.path) if c.path else None for c in held]
    except Exception:  # a path outside the output folder: Pelican raises it, in order
        paths = []
    named = [p for p in paths if p is not None]
    clash = (
        len(paths) != len(held)
        or len(set(named)) < len(named)
        or any(p in writer._written_files or p in writer._overridden_files for p in named)
        or any(c.overrides for c in held)
    )
    if clash or not named:
        for call in held:
            writer.write_feed(*call.args, **call.kwargs)
        return lambda reap_only=False: None
    wait = fork_call(lambda: _write(writer, held))
    writer._written_files.update(named)  # Pelican's record, as after writing them (the child's own is fresh)

    def finish(reap_only: bool = False) -> None:
        try:
            written = wait()
        except BaseException:
            if reap_only:
                return
            raise
        if reap_only:
            return
        for call, path in zip(held, written.paths, strict=False):
            if path is not None:
                signals.feed_written.send(path, context=call.context, feed=None)
        if written.error is not None:
            output_guard.failed(written.error, written.failed_on)
            raise written.error

    return finish


def _write(writer: Any, held: list[FeedCall]) -> Written:
    """In the child: each held feed by Pelican's own ``write_feed``, in order, until one fails."""
    written = Written()
    for call in held:
        try:
            Writer.write_feed(writer, *call.args, **call.kwargs)
        except Exception as exc:
            written.error, written.failed_on = _travelling(exc), str(call.path)
            break
        written.paths.append(sanitised_join(writer.output_path, call.path) if call.path else None)
    return written


def _travelling(exc: BaseException) -> BaseException:
    """``exc`` when it pickles (it goes back to the build process), else a RuntimeError saying it."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
