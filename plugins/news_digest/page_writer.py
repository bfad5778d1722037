"""Pelican's pages rendered on every core: article, tag, category and archive pages.

Pelican renders and writes one page after another on one core. The writer
here (:class:`PageWriter`, given to Pelican by ``get_writer``) takes the
pages the article generator asks for without writing them, and writes them
all when that generator is done (the ``article_writer_finalized`` signal,
:func:`flush`), split over ``DIGEST_JOBS`` forked workers
(:func:`.parallel.map_chunks`). Each page is rendered by the same template
from the same objects as in one process, so the bytes are the same; only
the time differs. The feeds, the other generators' pages and the digests are
written as before, in this process. The story pages come first; in a cold
build they are written a few search partitions at a time, so that the search
index starts on each week as soon as its pages are written
(:meth:`PageWriter._story_rounds`).

What one process would do that workers cannot share is done here, in this
process, in the original order: Pelican's record of the files written (a
second write to a file is an error), the report's record of the pages
written (:mod:`.output_guard`), and the page-relative site URL that
Pelican leaves in the context after each page. When two of the held pages
would write one file, or one that was written already, the pages are
written in one process, in order, so Pelican raises or overrides as it would.

With the build cache on, every page's template is asked first whether the
page changed since the last build (:class:`Watched`, :mod:`.output_files`):
an unchanged page is neither rendered nor written, and Pelican's own
records (files written, ``content_written``) see it as written.

``content_written`` receivers of other plugins run in the worker that wrote
the page; a plugin that gathers state from that signal needs
``DIGEST_JOBS = 1``.
"""

from __future__ import annotations

import io
import logging
import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from . import build_times, cache, digest_pages, list_pages, output_files, output_guard
from . import search as search_index
from .parallel import children_aside, chunks, map_chunks
from .progress import Progress
from .search_bundles import MAX_PAGES_BESIDE_PAGES
from .settings import DigestSettings

logger = logging.getLogger(__name__)


@dataclass
class Held:
    """One ``write_file`` call, kept until the generator is done."""

    name: str
    template: Any
    context: dict[str, Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    targets: list[tuple[str, bool]] = field(default_factory=list)
    """The files it writes (output-relative) and whether each may override."""


@dataclass
class Written:
    """What a worker wrote: files in order, the context's last page URL, and a failure if any."""

    paths: list[str]
    pid: int = 0
    records: list[Any] = field(default_factory=list)
    """The output files' records of ``paths`` (:meth:`.output_files.OutputFiles.take`)."""
    localsiteurl: Any = None
    error: BaseException | None = None
    failed_on: str | None = None


MAX_STORY_ROUNDS = 8
"""Rounds of story pages in a cold build after the first, at most (:meth:`PageWriter._story_rounds`)."""

MIN_STORY_ROUND = 500
"""Story pages a round holds at least: fewer are not worth forking the workers again for."""

last_processes = 0
"""How many processes at once wrote the pages of the last flush (1 when written in order)."""

last_held_processes = 0
"""How many processes at once wrote the pages of the last :meth:`PageWriter.write_held`."""


class PageWriter(output_guard.GuardedWriter):
    """Pelican's writer, holding the article generator's pages to write them on every core."""

    def __init__(self, output_path: str, settings: Mapping[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.jobs = _jobs(settings or {})
        self.holding = self.jobs > 1
        self.stable_lists = digest_pages.enabled(settings or {})
        self.held: list[Held] = []
        self.on_page: Callable[[int], None] | None = None
        """Called with how many pages this process has written (progress output)."""

    def write_file(self, name: Any, template: Any, context: Any, *args: Any, **kwargs: Any) -> Any:
        pages = list_pages.split_call(self.settings, name, args, kwargs) if self.stable_lists else None
        if pages is not None:  # a category's or tag's pages, numbered from the oldest
            for page_name, page_kwargs in pages:
                self.write_file(page_name, template, context, **page_kwargs)
            return None
        files = output_files.current()
        if files is not None and name:
            template = Watched(template, context, files)
        if not self.holding or not name:
            return super().write_file(name, template, context, *args, **kwargs)
        self.held.append(Held(name, template, context, args, kwargs))
        return None

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        files = output_files.current()
        if files is None:
            return super()._open_w(filename, encoding, override)
        if not files.keeps(filename):
            encoded = files.encoded(filename)
            if (
                encoded is None
                or encoding != "utf-8"
                or filename in self._written_files
                or filename in self._overridden_files
            ):  # not the page just rendered, or a second write: Pelican's own open and checks
                return super()._open_w(filename, encoding, override)
            # A first write of the page just rendered: the bytes its record's digest was taken of.
            if override:
                self._overridden_files.add(filename)
            self._written_files.add(filename)
            return _EncodedFile(filename, *encoded, files)
        # An unchanged page: Pelican's checks and records, without opening the file.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time')
        elif filename in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}": written already')
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return io.StringIO()

    def flush(self) -> None:
        """Write every held page; from now on pages are written when asked for."""
        global last_processes
        held, self.held, self.holding = self.held, [], False
        times = build_times.current()
        if not held:  # one job: Pelican wrote its pages as it went
            times.lap("Pelican's feeds and pages")
            return
        times.lap("Pelican's lists and feeds")
        cache.settle_writers()  # the workers forked next do not share what is written already
        last_processes = 0
        try:
            last_processes = self._flush(held)
        finally:
            times.progress.finish()
            times.lap(f"pages ({last_processes} {'process' if last_processes == 1 else 'processes'})")

    def hold(self) -> bool:
        """Hold the pages asked for from now on, to write them on every core (:meth:`write_held`).

        False (nothing held) with one job.
        """
        self.holding = self.jobs > 1
        return self.holding

    def write_held(self) -> None:
        """Write the pages held since :meth:`hold`, split over the jobs however few they are.

        For the digests: a few pages, each reading a whole day of stories. A child that
        :func:`.parallel.fork_call` started beside this process (the digest's feeds) has a core
        of its own: the pages take the other jobs only. A worker more would only share the
        cores, and hold its own copy of every page of this process it writes to (some 50 MB
        at 10,000 stories, with the feeds' child and Pagefind's last runs beside it).
        """
        global last_held_processes
        held, self.held, self.holding = self.held, [], False
        if held:
            jobs = max(1, self.jobs - children_aside())
            try:
                last_held_processes = self._flush(held, search=False, min_chunk=1, jobs=jobs)
            finally:
                build_times.current().progress.finish()

    def _flush(
        self, held: list[Held], search: bool = True, min_chunk: int | None = None, jobs: int | None = None
    ) -> int:
        """Write ``held`` over ``jobs`` processes (every job by default); how many wrote them at once."""
        for item in held:
            item.targets = self._targets(item)
        _templates_fixed(held)
        names = [t for item in held for t, _ in item.targets]
        paths = {sanitised_join(self.output_path, n) for n in names}
        if len(paths) < len(names) or paths & self._written_files:
            # Two pages on one file: one process, in order, as Pelican would.
            logger.debug("news-digest: pages share a file; writing them in one process")
            for item in held:
                super().write_file(item.name, item.template, item.context, *item.args, **item.kwargs)
            return 1
        # The article pages come first (Pelican writes them first); the search
        # index starts on them while the tag, category and archive pages are written.
        first = next((i for i, item in enumerate(held) if item.kwargs.get("article") is None), len(held))
        rounds = self._story_rounds(held, first) if search else [(list(range(first)), None)]
        stories = len(rounds)  # the rounds of story pages, then one of the other pages
        rounds.append((list(range(first, len(held))), None))
        progress = build_times.current().progress
        by_index: dict[int, Written] = {}
        processes = 0
        for number, (indexes, ready) in enumerate(rounds):
            if not indexes:
                continue
            done = self._write_round(held, indexes, progress, min_chunk, jobs or self.jobs)
            by_index.update(done)
            processes = max(processes, len({w.pid for w in done.values()}))
            if any(w.error is not None for w in done.values()):
                search_index.close(Path(self.output_path))  # no more partitions: it ends with what it has
                break
            if search and number < stories:
                files = output_files.current()
                if files is not None:  # the story pages' index digests, for the search index
                    for written in done.values():
                        files.merge(written.records)
                last_story_round = number == stories - 1
                digest_pages.start_search(
                    self.settings, held[0].context, self.output_path, None if last_story_round else ready
                )
        self._settle(held, by_index)
        return processes

    def _story_rounds(self, held: list[Held], first: int) -> list[tuple[list[int], set[str] | None]]:
        """The story pages ``held[:first]`` cut into rounds (indexes into ``held``), each with the
        partitions of the search index whose pages are all written by its end.

        In a cold build every bundle of the search index is made, one or two
        Pagefind runs at a time (:data:`.search_bundles.MAX_PAGES_AT_ONCE`);
        started only once every story page was written, the build waited for
        them at its end with one core idle. Written a few partitions at a time,
        each partition's bundle starts as soon as its pages are written.
        The partitions are written largest first (:func:`_by_size`), so the
        bundles left to index once the pages are written are the small ones
        (the newest week's days), which run two at a time beside the build's
        end; written newest first, the last were whole older weeks, indexed
        one at a time on one core while the other idled. Each round forks its
        workers again (their template memos too), so there are at most
        :data:`MAX_STORY_ROUNDS`; a build that keeps pages of an earlier one
        (whose bundles mostly stay as they are) writes its story pages in one
        round. The pages are the same in any order; only their time differs.
        """
        whole: list[tuple[list[int], set[str] | None]] = [(list(range(first)), None)]
        files = output_files.current()
        if first < 2 * MIN_STORY_ROUND or (files is not None and files.previous):
            return whole
        pages = digest_pages.search_pages(self.settings, held[0].context)
        if not pages:
            return whole
        period, budget = digest_pages.search_period(self.settings), digest_pages.search_budget(self.settings)
        day_partition = search_index.day_partitions(pages, period, budget)
        partition_of = {save_as: day_partition[date] for save_as, date in pages}
        members: dict[str, list[int]] = {}
        unindexed: list[int] = []  # story pages the search index does not hold
        for i in range(first):
            name = partition_of.get(getattr(held[i].kwargs.get("article"), "save_as", None) or "")
            (unindexed if name is None else members.setdefault(name, [])).append(i)
        counts = Counter(partition_of.values())
        # Only a partition whose pages are all held and that is small enough to index
        # beside the page workers ends a round; the others go in the last one.
        sizes = {n: len(found) for n, found in members.items() if len(found) == counts[n]}
        early = _by_size({n: size for n, size in sizes.items() if size <= MAX_PAGES_BESIDE_PAGES})
        late = [i for n in sorted(set(members) - set(early)) for i in members[n]]
        least = max(MIN_STORY_ROUND, -(-first // MAX_STORY_ROUNDS))
        rounds: list[tuple[list[int], set[str] | None]] = []
        written: set[str] = set()
        now = list(unindexed)
        left = first - len(now)
        for name in early:
            now += members[name]
            left -= len(members[name])
            written.add(name)
            # The first round ends with its first whole partition, so that Pagefind starts
            # early in the pages stretch (its runs left to the build's end are fewer).
            if len(now) >= (least if rounds else MIN_STORY_ROUND) and left >= least:
                rounds.append((now, set(written)))
                now = []
        rounds.append((now + late, None))
        return rounds

    def _write_round(
        self, held: list[Held], indexes: list[int], progress: Progress, min_chunk: int | None, jobs: int
    ) -> dict[int, Written]:
        """Write ``held[i]`` for ``i`` in ``indexes`` over ``jobs`` processes."""
        # Every job gets pages from all over the list (long and short
        # articles; tags, categories, archives), so the work is shared evenly.
        order = [indexes[i] for first in range(jobs) for i in range(first, len(indexes), jobs)]
        # This process writes the last chunk; its progress stands for the others'.
        parts = chunks(order, jobs, min_chunk)
        what = "story pages" if held[indexes[0]].kwargs.get("article") is not None else "other pages"
        count = f"{len(parts)} {'process' if len(parts) == 1 else 'processes'}"
        progress.start(f"writing {what} ({count})", len(parts[-1]))
        parent = os.getpid()
        self.on_page = lambda done: progress.update(done) if os.getpid() == parent else None
        files = output_files.current()
        if files is not None:
            # What each template reads, parsed here once: a worker's parse ends with the worker.
            watched = (held[i].template for i in indexes if isinstance(held[i].template, Watched))
            for template in {id(w.template): w.template for w in watched}.values():
                files.fingerprints.reads(template)
        try:
            results = map_chunks(lambda part: self._write_part(held, part), order, jobs, min_chunk)
        except Exception as exc:  # a worker died outside the page's own error handling
            output_guard.failed(exc, "pages in a worker")
            raise
        finally:
            self.on_page = None
            progress.finish()
        return {i: w for chunk in results for i, w in chunk}

    def _write_part(self, held: list[Held], part: Sequence[int]) -> list[tuple[int, Written]]:
        """Write the held pages ``part`` (indexes) in this process; stop at the first failure."""
        out: list[tuple[int, Written]] = []
        paths: list[str] = []

        def wrote(path: str, **_: Any) -> None:
            paths.append(path)

        files = output_files.current()
        signals.content_written.connect(wrote, weak=False)
        try:
            for count, i in enumerate(part, start=1):
                item = held[i]
                written = Written(paths=[], pid=os.getpid())
                try:
                    # Pelican's own write: a failure is reported once, by the parent.
                    self._write_page(item, files)
                except Exception as exc:
                    written.error, written.failed_on = exc, str(item.name)
                else:
                    written.localsiteurl = item.context.get("localsiteurl")
                    _forget(item.kwargs.get("article"))
                written.paths, paths[:] = list(paths), []
                if files is not None:
                    written.records = files.take(written.paths)
                out.append((i, written))
                if written.error is not None:
                    break
                if self.on_page is not None:
                    self.on_page(count)
        finally:
            signals.content_written.disconnect(wrote)
        return out

    def _write_page(self, item: Held, files: output_files.OutputFiles | None) -> None:
        """Pelican's ``write_file`` of ``item``; a page left alone skips what only a written one needs.

        Pelican makes the page's context, renders it and, even when the render
        gives nothing (:class:`Watched`: the page is unchanged), makes its
        folders and opens it. Here an unpaginated page's context is made as
        Pelican makes it (the page's fingerprint reads it) and rendered; a page
        left alone then gets only what Pelican records of a written one (its
        path checked, the file noted as written, the log line, ``content_written``),
        and a page rendered goes through Pelican's own write with the text just made.
        """
        call = self._call(item) if files is not None and isinstance(item.template, Watched) else None
        if call is None:
            Writer.write_file(self, item.name, item.template, item.context, *item.args, **item.kwargs)
            return
        relative_urls, override, extra = call
        name, context = item.name, item.context
        # Pelican's ``_get_localcontext`` and the start of its ``_write_file``.
        local = context.copy()
        local["localsiteurl"] = local.get("localsiteurl", None)
        if relative_urls:
            url = path_to_url(get_relative_path(name))
            local["SITEURL"] = url
            local["localsiteurl"] = url
        local["output_file"] = name
        local.update(extra)
        if local["localsiteurl"]:
            context["localsiteurl"] = local["localsiteurl"]
        text = item.template.render(local)
        path = sanitised_join(self.output_path, name)
        assert files is not None
        if not files.keeping(path):  # rendered: Pelican's write, its render taking the text made here
            rendered = _Rendered(item.template.template, text)
            Writer.write_file(self, name, rendered, context, *item.args, **item.kwargs)
            return
        with self._open_w(path, "utf-8", override=override):
            pass  # the file stays as it is: its folder exists, nothing is written
        _pelican_log.info('Writing "%s"', path)
        signals.content_written.send(path, context=local)

    def _call(self, item: Held) -> tuple[bool, bool, dict[str, Any]] | None:
        """``item``'s ``relative_urls``, ``override_output`` and other keywords as Pelican's
        ``write_file`` takes them; None when Pelican would cut it into numbered pages."""
        kwargs, paginated = self._write_call(item)
        if paginated is not None:
            return None
        extra = {k: v for k, v in kwargs.items() if k not in _WRITE_FILE_ARGS}
        return bool(kwargs.get("relative_urls")), bool(kwargs.get("override_output")), extra

    def _settle(self, held: list[Held], by_index: dict[int, Written]) -> None:
        """In this process, what the workers' writes would have left behind."""
        failure: Written | None = None
        files = output_files.current()
        for i, item in enumerate(held):
            written = by_index.get(i)
            if written is None:  # after a failure in its worker: never written
                continue
            if files is not None:
                files.merge(written.records)
            overrides = {sanitised_join(self.output_path, t): o for t, o in item.targets}
            for path in written.paths:
                if overrides.get(path):
                    self._overridden_files.add(path)
                self._written_files.add(path)
                output_guard.note_written(path)
            if written.error is not None and failure is None:
                failure = written
        last = by_index.get(len(held) - 1)
        if last is not None and last.error is None:
            # Pelican leaves the last page's relative site URL in the context.
            held[-1].context["localsiteurl"] = last.localsiteurl
        if failure is not None and failure.error is not None:
            output_guard.failed(failure.error, failure.failed_on)
            raise failure.error

    def _write_call(self, item: Held) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """``item``'s arguments to Pelican's ``write_file`` as keywords, and the lists Pelican would
        cut the page into numbered pages by (None: it writes one page)."""
        kwargs = dict(item.kwargs)
        for key, value in zip(_WRITE_FILE_ARGS, item.args, strict=False):
            kwargs[key] = value
        paginated = kwargs.get("paginated")
        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
        if paginated and kwargs.get("template_name") in self.settings["PAGINATED_TEMPLATES"]:
            return kwargs, paginated
        return kwargs, None

    def _targets(self, item: Held) -> list[tuple[str, bool]]:
        """The files ``write_file`` would write for ``item``, as Pelican's writer names them."""
        kwargs, paginated = self._write_call(item)
        override = bool(kwargs.get("override_output"))
        if paginated is not None:
            template_name = kwargs.get("template_name")
            per_page = (
                self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
            )
            pager = Paginator(
                item.name, kwargs.get("url"), next(iter(paginated.values())), self.settings, per_page
            )
            return [(pager.page(n).save_as, override) for n in range(1, pager.num_pages + 1)]
        return [(item.name, override)]


_WRITE_FILE_ARGS = ("relative_urls", "paginated", "template_name", "override_output", "url")
"""Pelican's ``Writer.write_file`` parameters after the context, in order."""

_pelican_log = logging.getLogger("pelican.writers")
"""The logger of Pelican's writer (its "Writing" line for each page)."""


class _Rendered:
    """A page's template whose render is the text made already (:meth:`PageWriter._write_page`)."""

    def __init__(self, template: Any, text: str) -> None:
        self.template, self.text = template, text

    @property
    def name(self) -> str:
        return self.template.name

    def render(self, local: Mapping[str, Any]) -> str:
        return self.text


class _EncodedFile:
    """A page's file, written as Pelican writes it (``open(filename, "w", encoding="utf-8")``,
    then its text) but from the text's UTF-8 bytes made already (:meth:`.OutputFiles.encoded`):
    no text layer, no second encoding. Other text is encoded as the text layer would.

    Its size and modification time, read from the open file as it closes, go to
    ``files``' record of it (:meth:`.OutputFiles.wrote` would read them by its path).
    """

    def __init__(self, filename: str, text: str, data: bytes, files: output_files.OutputFiles) -> None:
        self.filename, self.text, self.data, self.files = filename, text, data, files
        self.fd = os.open(filename, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)

    def __enter__(self) -> _EncodedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                self.files.closed(self.filename, os.fstat(self.fd))
        finally:
            os.close(self.fd)

    def write(self, text: str) -> int:
        data = self.data if text is self.text else text.encode("utf-8")
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]
        return len(text)


class Watched:
    """A page's template that renders only when the page changed (:mod:`.output_files`)."""

    def __init__(self, template: Any, context: Mapping[str, Any], files: output_files.OutputFiles) -> None:
        self.template = template
        self.context = context
        self.files = files

    @property
    def name(self) -> str:
        return self.template.name

    def render(self, local: Mapping[str, Any]) -> str:
        return self.files.render(self.template, self.context, local)


def _by_size(sizes: Mapping[str, int]) -> list[str]:
    """Partition names, largest first, then newest first (names sort oldest first).

    Largest first (the longest runs first) leaves the shortest Pagefind runs
    for the end, where two of them share the cores; among equals the newest,
    the search page's primary bundle.
    """
    return sorted(sizes, key=lambda name: (sizes[name], name), reverse=True)


def _forget(article: Any) -> None:
    """What rendering ``article``'s page made and kept on it, let go once the page is written:
    its JSON-LD's text (:meth:`.pelican_glue.JsonLd.forget`) and Pelican's memo of its content
    resolved for the page's site URL (``get_content``, kept class-wide by the article and URL).

    The build process keeps every article to the build's end, and each of them held its
    story's body twice more (some 40 MB at 10,000 stories); no other page reads them.
    """
    if article is None:
        return
    forget = getattr(article.__dict__.get("jsonld"), "forget", None)
    if forget is not None:
        forget()
    memo = getattr(getattr(article, "get_content", None), "cache", None)
    siteurl = getattr(article, "get_siteurl", None)
    if type(memo) is dict and siteurl is not None:
        memo.pop((article, siteurl()), None)


def _templates_fixed(held: Sequence[Held]) -> None:
    """The held pages' Jinja environments stop checking their templates' files at each page.

    With ``auto_reload`` (Jinja's default) every template a page extends or
    includes is looked up again and its file's time read (a ``stat`` of
    ``base.html`` at every page). The environment is made for one build, whose
    templates do not change while it writes; the next build makes a new one.
    """
    for item in held:
        template = item.template.template if isinstance(item.template, Watched) else item.template
        env = getattr(template, "environment", None)
        if env is not None and getattr(env, "auto_reload", False):
            env.auto_reload = False


def _jobs(settings: Mapping[str, Any]) -> int:
    if not digest_pages.enabled(settings):
        return 1
    return DigestSettings.from_pelican(settings).jobs


# Signal receivers (connected in ``register``).


def provide_writer(pelican: Any) -> type[PageWriter]:
    """``get_writer``: our writer (output_guard's, holding pages to write them on every core)."""
    return PageWriter


def flush(generator: Any, writer: Any = None) -> None:
    """``article_writer_finalized``: write the article generator's pages."""
    if isinstance(writer, PageWriter):
        writer.flush()
