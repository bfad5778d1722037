"""The digest pages, as a Pelican generator (added through ``get_generators``).

After Pelican's own generators have read everything (the scraped stories
included, see :func:`.pelican_glue.add_stories`), :class:`DigestGenerator`

* ranks each day's events (:mod:`.days`) and writes a digest page per day,
  the home page (the latest digest) and the search page;
* gives the archive template every day with its number of events;
* gives each story page its "Earlier in this story" list;
* writes the digest Atom feed, the JSON Feed, ``sitemap.xml`` and
  ``robots.txt`` (:mod:`.feeds`, :mod:`.sharing`).

Templates get plain view objects; all ranking is in :mod:`.days`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pelican.contents import Article
from pelican.generators import Generator
from pelican.utils import get_relative_path, path_to_url

from . import build_times, output_files, search
from .commentary import Note
from .days import Day, DayEvent, build_days
from .feeds import json_feed, write_digest_atom, write_json_feed
from .page_summary import shows_summary
from .parallel import can_fork, fork_call
from .settings import DEFAULTS, DigestSettings
from .sharing import ROBOTS, SITEMAP, write_sharing_files
from .sources import load_sources

logger = logging.getLogger(__name__)

HOME_DAYS = 7
"""How many earlier days the home page links to."""


@dataclass
class EventView:
    """One event entry as the templates render it."""

    id: str
    outlets: int
    lead: Article
    others: list[Article]
    topics: list[str]


@dataclass(frozen=True)
class DayLink:
    """Another day as a digest page links it: its date, address and number of events.

    Days link each other through these, not through one another's
    :class:`DigestDay`: a page then depends on what it shows of its
    neighbours, not on their whole digests (see :mod:`.page_fingerprints`).
    """

    date: dt.date
    url: str
    events: int


@dataclass
class DigestDay:
    """One day's digest page as the templates render it."""

    date: dt.date
    url: str
    save_as: str
    top: list[EventView]
    sections: list[tuple[str, list[EventView]]]
    notes: list[Note]
    editorials: list[Article]
    events: int
    previous: DayLink | None = None
    next: DayLink | None = None
    earlier: list[DayLink] = field(default_factory=list)
    """The days before this one, newest first, up to :data:`HOME_DAYS`: only the home page's."""

    @property
    def all_events(self) -> list[EventView]:
        return [*self.top, *(e for _, events in self.sections for e in events)]


class DigestGenerator(Generator):
    """Writes one digest page per day, the home page, search page, feeds and sitemap."""

    def generate_context(self) -> None:
        build = self.context.get("news_digest")
        self.days: list[DigestDay] = []
        self.home: DigestDay | None = None
        if build is None:  # the plugin did not run (no articles generator)
            return
        settings = DigestSettings.from_pelican(self.settings)
        sources = load_sources(settings.sources_path)
        priority = {key: outlet.priority for key, outlet in sources.outlets.items()}
        articles = [a for a in self.context.get("articles", []) if a.status == "published"]
        by_source = {a.digest.source: a for a in articles if getattr(a, "digest", None)}
        editorials: dict[dt.date, list[Article]] = {}
        for article in articles:
            if getattr(article, "editorial", None):
                editorials.setdefault(article.date.date(), []).append(article)
        day_notes: dict[dt.date, list[Note]] = {}
        for note in build.notes:
            if note.ok and note.kind == "digest" and note.date:
                day_notes.setdefault(note.date, []).append(note)
        built = build_days(
            [s for s in build.stories if s.source in by_source], priority, settings.top_events, editorials
        )
        for day in built:
            self.days.append(self._view(day, by_source, day_notes, editorials, settings))
        links = [DayLink(day.date, day.url, day.events) for day in self.days]
        for i, day in enumerate(self.days):
            day.previous = links[i - 1] if i else None
            day.next = links[i + 1] if i + 1 < len(links) else None
        # Only the home page lists the earlier days: a day's own page does not
        # depend on its neighbours' counts (a page's fingerprint counts all of ``day``).
        self.home = (
            replace(self.days[-1], earlier=links[max(0, len(links) - 1 - HOME_DAYS) : -1][::-1])
            if self.days
            else None
        )
        self.context["digest_days"] = self.days[::-1]
        self._story_so_far(by_source, build.summaries_shown)

    def _view(
        self,
        day: Day,
        by_source: dict[str, Article],
        notes: dict[dt.date, list[Note]],
        editorials: dict[dt.date, list[Article]],
        settings: DigestSettings,
    ) -> DigestDay:
        def view(entry: DayEvent) -> EventView:
            return EventView(
                id=entry.event.id,
                outlets=entry.outlets,
                lead=by_source[entry.lead.source],
                others=[by_source[s.source] for s in entry.others],
                topics=list(entry.event.topics[:3]),
            )

        return DigestDay(
            date=day.date,
            url=settings.day_url.format(date=day.date),
            save_as=settings.day_save_as.format(date=day.date),
            top=[view(e) for e in day.top],
            sections=[(name, [view(e) for e in events]) for name, events in day.sections],
            notes=notes.get(day.date, []),
            editorials=sorted(editorials.get(day.date, []), key=lambda a: a.source_path),
            events=len(day.events),
        )

    def _story_so_far(self, by_source: dict[str, Article], shown: dict[str, bool]) -> None:
        """``article.story_so_far``: (date, lead article) of each earlier event, oldest first;
        ``article.summary_shown``, as the story's body kept it (``shown``) or worked out."""
        for source, article in by_source.items():
            earlier = []
            for event in article.digest.timeline:
                lead = by_source.get(event.lead)
                if lead is not None and lead is not article:
                    earlier.append((event.day or lead.date.date(), lead))
            article.story_so_far = earlier
            summary_shown = shown.get(source)
            article.summary_shown = shows_summary(article.digest) if summary_shown is None else summary_shown

    def generate_output(self, writer: Any) -> None:
        # Every article page is written by now (Pelican's own generators came
        # first): Pagefind indexes them while the rest is written. (With several
        # jobs, page_writer.py started it sooner, a partition at a time.)
        start_search(self.settings, self.context, self.output_path)
        relative = self.settings.get("RELATIVE_URLS")
        template = self.get_template("digest")
        if not self.days:  # nothing published yet: the home page still exists, and says so
            if self.context.get("news_digest") is not None:
                empty = self.get_template("index")  # the theme's story list, which says "No stories yet."
                writer.write_file("index.html", empty, self.context, relative_urls=relative, url="")
            return
        feeds = self._feeds_aside()
        try:
            self._write_days(writer, template, relative)
        except BaseException:
            if feeds is not None:  # the build stops with the pages' error; the child is only reaped
                with contextlib.suppress(Exception):
                    feeds()
            raise
        if feeds is None:
            self._write_feeds()
            self._write_sharing()
        elif not feeds():  # the child's sitemap and robots.txt stand: they name no relative URL
            self._write_feeds()
        # The build's last fork (the day pages' workers, the feeds' child) has ended: Pagefind
        # runs may hold more pages from now on (search_bundles.MAX_PAGES_AT_ONCE).
        search.close(Path(self.output_path))
        self._note_feeds()
        for name in (SITEMAP, ROBOTS):
            output_files.note_written(str(Path(self.output_path) / name))
        build_times.current().lap("digests, feeds and sitemap")

    def _write_days(self, writer: Any, template: Any, relative: Any) -> None:
        """The day pages, the home page and the search page."""
        # Each day's page reads a whole day of stories: the pages are written on every core.
        hold = getattr(writer, "hold", None)
        held = hold() if hold is not None else False
        for day in self.days:
            writer.write_file(
                day.save_as, template, self.context, relative_urls=relative, url=day.url, day=day, home=False
            )
        writer.write_file(
            "index.html", template, self.context, relative_urls=relative, url="", day=self.home, home=True
        )
        if held:
            writer.write_held()
        if self.settings.get("DIGEST_SEARCH"):
            url = self.settings["DIGEST_SEARCH_URL"]
            writer.write_file(
                f"{url}index.html", self.get_template("search"), self.context, relative_urls=relative, url=url
            )

    def _feeds_aside(self) -> Callable[[], bool] | None:
        """Start writing the digest's feeds, ``sitemap.xml`` and ``robots.txt`` in a forked child,
        beside the day pages; None when they are written here, after them (one job, no fork, no
        feed).

        The function returned waits for the child (raising its error) and says whether its
        feeds are the ones this process would write now. The digest feed renders each day's
        summaries, whose intrasite links Pelican resolves against the page-relative site URL
        the last page written leaves in the context (``localsiteurl``): the child renders them
        with the value the day pages will leave (:meth:`_site_url_after_days`). The same value
        once they are written: the same feeds (nothing else the feeds read changes meanwhile);
        another: they are written again here.
        """
        if DigestSettings.from_pelican(self.settings).jobs < 2 or not can_fork():
            return None
        if not (self.settings.get("DIGEST_FEED_ATOM") or self.settings.get("DIGEST_JSON_FEED")):
            return None
        self.get_template("digest_body")  # compiled here, once: the child's compile would die with it
        expected = self._site_url_after_days(self.context.get("localsiteurl"))

        def write() -> None:  # in the child: its context is its own
            if expected is not None:
                self.context["localsiteurl"] = expected
            self._write_feeds()
            # Of the days' and stories' absolute URLs and dates, which the day pages do not change:
            # written here, they were 0.05 CPU s of the build process's alone at 10,000 stories.
            self._write_sharing()

        wait = fork_call(write)

        def written() -> bool:
            wait()
            return self.context.get("localsiteurl") == expected

        return written

    def _site_url_after_days(self, before: Any) -> Any:
        """The ``localsiteurl`` Pelican's writer leaves in the context after :meth:`_write_days`:
        with relative URLs, the last page's (the search page, else the home page) relative to
        the output folder; else as it was."""
        if not self.settings.get("RELATIVE_URLS"):
            return before
        search = self.settings.get("DIGEST_SEARCH")
        last = f"{self.settings['DIGEST_SEARCH_URL']}index.html" if search else "index.html"
        return path_to_url(get_relative_path(last)) or before

    def _articles(self) -> list[Article]:
        return [
            a
            for a in self.context.get("articles", [])
            if a.status == "published" and (getattr(a, "digest", None) or getattr(a, "editorial", None))
        ]

    def _write_feeds(self) -> None:
        base = self.settings["ABSOLUTE_SITEURL"]
        body = self.get_template("digest_body")
        output = Path(self.output_path)
        if self.settings.get("DIGEST_FEED_ATOM"):
            write_digest_atom(
                output / self.settings["DIGEST_FEED_ATOM"],
                self.settings,
                self.days,
                lambda day: body.render({**self.context, "SITEURL": base, "day": day}),
                day_label,
            )
        if self.settings.get("DIGEST_JSON_FEED"):
            feed = json_feed(self.settings, self._articles())
            write_json_feed(output / self.settings["DIGEST_JSON_FEED"], feed)

    def _note_feeds(self) -> None:
        """The output files' record of the feeds :meth:`_write_feeds` wrote."""
        output = Path(self.output_path)
        for name in ("DIGEST_FEED_ATOM", "DIGEST_JSON_FEED"):
            if self.settings.get(name):
                output_files.note_written(str(output / self.settings[name]))

    def _write_sharing(self) -> None:
        pages: list[tuple[str, dt.date | None]] = [("", self.days[-1].date)]
        pages += [(day.url, day.date) for day in reversed(self.days)]
        pages += [(a.url, a.date.date()) for a in sorted(self._articles(), key=lambda a: a.url)]
        write_sharing_files(Path(self.output_path), self.settings["ABSOLUTE_SITEURL"], pages)


def day_label(day: dt.date) -> str:
    """``Friday 20 November 2026``."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def configure(pelican: Any) -> None:
    """``initialized`` receiver: the templates see the digest settings and the site's address.

    The home page becomes the latest digest instead of Pelican's article
    index. ``ABSOLUTE_SITEURL`` is ``SITEURL`` when it is absolute, else
    ``FEED_DOMAIN`` (the local server), for canonical links, sharing tags,
    feeds and the sitemap, which must be absolute.
    """
    settings = pelican.settings
    if not enabled(settings):
        return
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    templates = list(settings.get("DIRECT_TEMPLATES") or [])
    if "index" in templates:
        templates.remove("index")
    settings["DIRECT_TEMPLATES"] = templates
    siteurl = str(settings.get("SITEURL") or "")
    if not siteurl.startswith(("http://", "https://")):
        siteurl = str(settings.get("FEED_DOMAIN") or "")
    settings["ABSOLUTE_SITEURL"] = siteurl.rstrip("/")


def search_pages(settings: Mapping[str, Any], context: Mapping[str, Any]) -> list[tuple[str, dt.date]]:
    """``(save_as, date)`` of each page the search index holds: the story pages; none with search off."""
    if not enabled(settings) or not settings.get("DIGEST_SEARCH"):
        return []
    return [(a.save_as, a.date.date()) for a in context.get("articles", []) if a.template == "article"]


def search_period(settings: Mapping[str, Any]) -> str:
    """``DIGEST_SEARCH_PARTITION``."""
    return str(settings.get("DIGEST_SEARCH_PARTITION") or DEFAULTS["DIGEST_SEARCH_PARTITION"])


def search_budget(settings: Mapping[str, Any]) -> int:
    """``DIGEST_SEARCH_BUNDLE_PAGES``: story pages a weekly search bundle holds at most (0: no limit)."""
    value = settings.get("DIGEST_SEARCH_BUNDLE_PAGES", DEFAULTS["DIGEST_SEARCH_BUNDLE_PAGES"])
    return max(0, int(value or 0))


def start_search(
    settings: Mapping[str, Any],
    context: Mapping[str, Any],
    output_path: str,
    ready: Collection[str] | None = None,
) -> None:
    """Index the story pages (``DIGEST_SEARCH``): the partitions in ``ready``, or all that are left.

    With ``ready``, the story pages of those partitions are written and the
    others are not yet: their indexing starts now, beside the writing of the
    rest, and a later call (``ready`` None once every story page is written)
    sends the others. With ``ready`` or several jobs (the build forks workers
    after this: the other pages, the day pages, the feeds' child), the run
    keeps to the smaller page budget of runs beside forked workers
    (:data:`.search_bundles.MAX_PAGES_BESIDE_PAGES`) until
    :func:`.search.close`, once the build forks no more.
    """
    global _sent_all
    output = Path(output_path)
    run = search.waiting(output)
    if search.started(output) and (run is None or run is _sent_all):
        # Every partition was sent: asked before the story pages are listed and cut again (the
        # digests' call after the pages' last one: 0.06 CPU s of the build process at 10,000).
        return
    pages = search_pages(settings, context)
    if not pages:
        return
    # The pages' index digests as this build wrote or kept them: Pagefind's child reads no unchanged page.
    files = output_files.current()
    digests = files.index_digests() if files is not None else None
    parts = search.partitions(pages, search_period(settings), digests, search_budget(settings))
    sent = run.sent if run is not None else set()
    now = {n: found for n, found in parts.items() if n not in sent and (ready is None or n in ready)}
    if run is not None:
        search.send(output, now)
    else:
        jobs = DigestSettings.from_pelican(settings).jobs
        streamed = ready is not None or jobs > 1
        search.start(output, now, jobs, names=list(parts) if streamed else None)
    if ready is None:
        _sent_all = search.waiting(output)


_sent_all: search.Indexing | None = None
"""The run that a call of :func:`start_search` without ``ready`` sent every partition left to."""


def index_site(pelican: Any) -> None:
    """``finalized`` receiver: the search index (``DIGEST_SEARCH``) is complete before the build ends."""
    if enabled(pelican.settings) and pelican.settings.get("DIGEST_SEARCH"):
        seconds = search.finish(Path(pelican.output_path))
        if seconds is not None:  # mostly beside the digests, on the other core
            done = search.last
            what = f"{len(done.get('indexed', []))} of {done.get('bundles', 0)} bundles"
            build_times.current().stages[f"search index (Pagefind, alongside: {what})"] = seconds


def get_generators(pelican: Any) -> type[DigestGenerator] | None:
    """``get_generators`` receiver."""
    return DigestGenerator if enabled(pelican.settings) else None


def enabled(settings: Any) -> bool:
    """Whether this build lists the plugin (signals stay connected from earlier builds in a process)."""
    return any(
        getattr(p, "__name__", p) in ("news_digest", __package__) for p in settings.get("PLUGINS") or []
    )
