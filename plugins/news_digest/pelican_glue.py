"""Story -> Pelican Article: the only module that knows Pelican internals.

Pelican never reads the scraped folder itself (``register`` excludes it).
Once Pelican has read its own content, :func:`add_stories` runs the whole
pipeline over the scraped folder, reading each file once, and hands Pelican
finished articles before it builds categories, tags and archives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import locale
import logging
import os
import posixpath
import re
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pelican
from pelican import signals
from pelican.contents import Article, Author, Category, Content, Tag
from pelican.urlwrappers import URLWrapper
from pelican.utils import SafeDatetime, order_content, path_to_url, set_date_tzinfo

from . import build_times, indented_json, output_files, output_guard, page_fingerprints, template_cache
from .body_pack import BodyPack
from .cache import Cache
from .commentary import DRAFT, Note
from .commentary_reader import editorial_articles, read_commentary
from .enrich.entities import tags_with_pages
from .incremental import Memo, no_collection
from .isolation import failure_reason
from .meta import past_folds
from .page_summary import shows_summary
from .parallel import map_balanced
from .pipeline import discover, run_pipeline, source_of
from .report import build_report, summary_line
from .sanitise import inline_html
from .settings import DEFAULTS, DigestSettings, setting
from .story import Story
from .typography import Piece, Typesetter, typogrifier

logger = logging.getLogger(__name__)
summary_logger = logging.getLogger("news_digest.summary")
"""The build's one summary line (see :func:`show_summary`)."""


class DigestStrictError(RuntimeError):
    """Raised after the report is written when DIGEST_STRICT is on and inputs were rejected."""

    exitcode = 1


def exclude_inputs(pelican: Any) -> None:
    """Keep Pelican's own readers out of the scraped and commentary folders.

    A saved HTML page in ``scraped/`` would otherwise be published verbatim
    by Pelican's HTML reader, scripts and all.
    """
    settings = pelican.settings
    scraped = setting(settings, "DIGEST_SCRAPED_PATH")
    commentary = setting(settings, "DIGEST_COMMENTARY_PATH")
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        excludes = list(settings.get(key) or [])
        for folder in (scraped, commentary):
            if folder not in excludes:
                excludes.append(folder)
        settings[key] = excludes


def show_summary(pelican: Any) -> None:
    """``initialized`` receiver: show the build's summary line at Pelican's default verbosity.

    Pelican's command line shows warnings and worse unless given ``-v``; the
    summary is information, so its logger passes INFO while the root logger
    is at that default. ``-q`` (and ``-v``, ``-D``) keep their meaning. Pelican
    also drops a log message it has shown before; the summary is exempt, so
    ``pelican -r`` shows it after every build.
    """
    default = logging.getLogger().getEffectiveLevel() == logging.WARNING
    summary_logger.setLevel(logging.INFO if default else logging.NOTSET)
    if hasattr(summary_logger, "disable_filter"):  # Pelican's LimitLogger
        summary_logger.disable_filter()


def theme_settings(pelican: Any) -> None:
    """Give the theme the plugin settings its templates read (the CSP), defaults filled in."""
    pelican.settings["DIGEST_CSP"] = setting(pelican.settings, "DIGEST_CSP")


def add_stories(generator: Any) -> None:
    """``article_generator_pretaxonomy`` receiver: publish the scraped stories and editorials.

    The finished stories and notes stay in the context (``news_digest``)
    for the digest pages (:mod:`.digest_pages`).
    """
    settings = generator.settings
    digest = DigestSettings.from_pelican(settings)
    memo = open_memo(digest)
    times = build_times.current()
    times.lap("Pelican's setup and reading")
    # One walk of the scraped folder: its count sizes the progress bar, its list is what is read.
    found = discover(digest.scraped_path, digest.content_path)
    times.show_progress(len(found), digest.progress_min)
    times.progress.start("pipeline")
    try:
        notes = read_commentary(digest.commentary_path, digest.content_path, settings, typogrifier(settings))
        stories = run_pipeline(digest, notes, memo, times.stages, found)
    except Exception as exc:  # e.g. a broken registry: the report still lists every input, unbuilt
        times.progress.finish()
        listed = [Story(source=source_of(f.path, digest.content_path)) for f in found]
        output_guard.stopped(build_report(listed, {}), digest.report_path, f"{type(exc).__name__}: {exc}")
        raise
    times.reset()
    # The articles, the report and the output files' record are made here and live to the
    # build's end, none in a cycle: the collector is paused while they are made (its passes
    # over the growing heap were a fifth of the story bodies' time) and they are frozen out of
    # its later passes (incremental.no_collection).
    with no_collection():
        _publish(generator, digest, memo, notes, stories)


def _publish(
    generator: Any, digest: DigestSettings, memo: Memo, notes: list[Note], stories: list[Story]
) -> None:
    """:func:`add_stories` once the pipeline is done: the articles, the report, the output's watch."""
    settings = generator.settings
    times = build_times.current()
    times.progress.start("story bodies")
    shown: dict[str, bool] = {}
    articles = make_articles(stories, settings, generator.context, digest.tag_min_stories, memo, shown)
    times.progress.finish()
    times.lap("story bodies")
    taken = {(a.date.date().isoformat(), a.slug) for a in articles.values()}
    editorials = editorial_articles(notes, taken, settings, generator.context)
    for article in [*articles.values(), *editorials.values()]:
        add_source_path(generator, article)
    generator.articles = order_content(
        [*generator.articles, *articles.values(), *editorials.values()], settings["ARTICLE_ORDER_BY"]
    )
    days = {s.date for s in stories if s.ok and s.date} | {n.date for n in notes if n.url and n.date}
    place_notes(notes, stories, days, {src: a.url for src, a in articles.items()}, settings)
    generator.context["news_digest"] = DigestBuild(stories, notes, days, shown)
    report = build_report(stories, {src: a.url for src, a in articles.items()}, notes, status="writing")
    for item in [*stories, *notes]:
        if item.status == "rejected":
            logger.warning("news-digest rejected %s: %s", item.source, item.reason)
    # The summary line closes the build (build_times.finish), with each stage's time.
    times.summary = summary_line(report, digest.report_path)
    failed = report["counts"]["rejected"] - sum(1 for n in notes if n.reason == DRAFT)
    if digest.strict and failed:
        summary_logger.info(times.summary)
        error = f"DIGEST_STRICT: {failed} input(s) rejected; see {digest.report_path}"
        output_guard.stopped(report, digest.report_path, error)
        raise DigestStrictError(error)
    # From here on output_guard keeps the report true to what is written.
    output = generator.output_path
    pages = {src: os.path.join(output, a.save_as) for src, a in articles.items()}
    pages.update({n.source: os.path.join(output, _save_as(n.url)) for n in notes if n.ok and n.url})
    output_guard.start(report, digest.report_path, pages)
    # Pages whose fingerprint is unchanged are left alone (output_files.py).
    kinds = (
        "articles",
        "translations",
        "drafts",
        "drafts_translations",
        "hidden_articles",
        "hidden_translations",
    )
    written = [a.save_as for kind in kinds for a in getattr(generator, kind, [])]
    output_files.start(memo.cache, output, settings, written, digest.skip_unchanged_pages)


def add_source_path(generator: Any, article: Content) -> None:
    """Pelican's ``generator.add_source_path(article)``: the article by its relative source
    path in ``generated_content``, where ``{filename}`` links find it.

    Pelican works the path out again (``os.path.relpath``); :func:`kept_relative_path` gives it.
    """
    path = kept_relative_path(article)
    if path is None:
        generator.add_source_path(article)
        return
    generator.context["generated_content"][path] = article


_memos: list[Memo] = []


def open_memo(digest: DigestSettings) -> Memo:
    """This build's use of the cache (``DIGEST_CACHE_PATH``) and of the cores (``DIGEST_JOBS``)."""
    close_cache(None)  # a build that stopped half-way in this process leaves nothing behind
    memo = Memo(Cache(digest.cache_path) if digest.cache_path else None, digest.jobs)
    _memos.append(memo)
    template_cache.opened(memo)
    return memo


def close_cache(pelican: Any) -> None:
    """``finalized`` receiver: keep what this build worked out, forget what it no longer needs."""
    while _memos:
        memo = _memos.pop()
        template_cache.closing(memo)
        if memo.cache is not None:
            memo.cache.close(forget_unused=pelican is not None)
        if memo.counts:
            done = ", ".join(f"{stage} {c} of {c + w}" for stage, (c, w) in memo.counts.items())
            logger.info("news-digest build cache: %s stories from the cache", done)


def _save_as(url: str) -> str:
    """The file a URL is written to, as Pelican's defaults pair them (``a/b/`` -> ``a/b/index.html``)."""
    return url + "index.html" if not url or url.endswith("/") else url


@dataclass
class DigestBuild:
    """What the pipeline made, kept in Pelican's context for the digest pages."""

    stories: list[Story]
    notes: list[Note]
    days: set[dt.date]
    """Days that get a digest: days with published stories or editorials."""
    summaries_shown: dict[str, bool] = field(default_factory=dict)
    """Source -> whether the story's page shows its summary box (:func:`.page_summary.shows_summary`),
    kept with its body (:mod:`.body_pack`); a story not listed is worked out when its page is."""


def day_url(settings: Mapping[str, Any], day: dt.date) -> str:
    """The digest page's URL for ``day`` (``DIGEST_DAY_URL``)."""
    return DigestSettings.from_pelican(settings).day_url.format(date=day)


def place_notes(
    notes: list[Note],
    stories: list[Story],
    days: set[dt.date],
    story_urls: Mapping[str, str],
    settings: Mapping[str, Any],
) -> None:
    """Give every published note the URL it appears at; reject day notes for days without a digest."""
    by_source = {s.source: s for s in stories}
    for note in notes:
        if not note.ok:
            continue
        if note.kind == "digest" and note.date:
            if note.date in days:
                note.url = day_url(settings, note.date)
            else:
                note.reject(f"no digest on {note.date.isoformat()} (no stories that day)")
        elif note.kind == "story" and note.story:
            # A note on a repost shows on the page it was folded into.
            story = past_folds(by_source[note.story], by_source)
            note.url = story_urls.get(story.source) if story else None


MAX_PAGE_BYTES = 900_000
"""Story HTML (body and JSON-LD) per page; with the template a page stays under 1 MB."""


def make_articles(
    stories: list[Story],
    settings: Mapping[str, Any],
    context: dict[str, Any],
    tag_min_stories: int = DEFAULTS["DIGEST_TAG_MIN_STORIES"],
    memo: Memo | None = None,
    summaries_shown: dict[str, bool] | None = None,
) -> dict[str, Article]:
    """One Article per published story, keyed by the story's source.

    ``summaries_shown`` gets each published story's :func:`.page_summary.shows_summary`,
    kept with its body.

    Only tags that at least ``tag_min_stories`` stories carry become Pelican
    tags (with a page); the others go to ``plain_tags``, shown as text.

    A story whose page would be larger than :data:`MAX_PAGE_BYTES`, or whose
    page cannot be made at all, is rejected, and no other page links to it.
    """
    typeset = Typesetter(settings)
    names = _Names(settings)
    # A story's language is metadata (``<html lang>``), never part of its URL:
    # Pelican would otherwise save a non-default-language article under
    # ARTICLE_LANG_SAVE_AS, at a path a scraper chose.
    story_settings = {
        **settings,
        "ARTICLE_LANG_URL": settings["ARTICLE_URL"],
        "ARTICLE_LANG_SAVE_AS": settings["ARTICLE_SAVE_AS"],
    }
    pack = BodyPack.load(memo, typeset.identity) if memo is not None and memo.caching else None
    bodies = _bodies([s for s in stories if s.ok], typeset, memo, pack)
    while True:  # again only when a page failed, so that nothing links to it
        published = [s for s in stories if s.ok]
        linked = tags_with_pages(published, tag_min_stories)
        articles: dict[str, Article] = {}
        for story in published:
            try:
                articles[story.source] = _article(
                    story, bodies[story.source], linked, story_settings, context, names
                )
            except Exception as exc:
                story.reject(failure_reason("making the page", exc))
        if len(articles) == len(published):
            break
        bodies = _bodies([s for s in stories if s.ok], typeset, memo, pack)
    if pack is not None:
        pack.save(articles)
    if summaries_shown is not None:
        summaries_shown.update((source, bodies[source].summary_shown) for source in articles)
    # Before anything else is set on them: a story's page counts its article by what it was made from.
    page_fingerprints.made(articles.values(), (lambda s: memo.state_after(s, "final")) if memo else None)
    # JSON-LD holds the related stories' URLs: its links once every article exists, its text when
    # a page's fingerprint or template asks (JsonLd).
    by_source = {s.source: s for s in published}
    siteurl = str(settings.get("SITEURL") or "")
    # Each page's absolute URL once: a story is the related link of several others.
    urls = {source: _site_url(siteurl, article.url) for source, article in articles.items()}
    for source, article in articles.items():
        story = by_source[source]
        article.jsonld = JsonLd.of(story, urls[source], [urls[r] for r in story.related if r in urls])
    return articles


def _bodies(
    published: list[Story], typeset: Typesetter, memo: Memo | None = None, pack: BodyPack | None = None
) -> dict[str, StoryHtml]:
    """Each story's body and summary, typeset; stories whose page would be too large are rejected first.

    The body links other stories by {filename}, which Pelican resolves when
    the page is written, so it is complete before any URL exists.

    With a build cache, ``pack`` (:mod:`.body_pack`) holds the last build's
    bodies: a story is found by its state, else by its body's HTML key, else
    typeset. Typography, most of a body's cost, runs over the ``memo``'s
    workers (``DIGEST_JOBS``). With an empty cache (a cold build) there is
    nothing to find: each worker keys the bodies it typesets. The summary is
    typeset with its body and kept in the same entry.
    """
    by_source = {s.source: s for s in published}
    cached = memo is not None and memo.caching and pack is not None
    keyed_here = cached and memo is not None and not memo.empty
    bodies: dict[str, StoryHtml] = {}
    sizes: dict[str, int] = {}
    """Page sizes the pack gave (an entry found by state: the same story, the same size), and the
    ones measured where the body was typeset (a worker, in a cold build)."""
    states: dict[str, str | None] = {}
    pending: list[tuple[Story, list[Story], list[Piece] | None, str | None]] = []

    body_key = _body_keyer(memo, typeset) if cached and memo is not None else None
    seen: dict[str, Piece] = {}
    """Each related story's see-also item, made once (a story is related to several)."""

    for story in published:
        related = [by_source[r] for r in story.related if r in by_source]
        pieces, key = None, None
        if pack is not None and cached:
            state = states[story.source] = pack.state_key(story, related)
            entry = pack.by_state.get(state) if state is not None else None
            if entry is not None:
                pack.take(story.source, entry)
                bodies[story.source] = StoryHtml(entry[2], entry[3], entry[5])
                sizes[story.source] = entry[4]
                continue
        if keyed_here:
            try:
                pieces = body_pieces(story, related, seen)
            except Exception as exc:
                story.reject(failure_reason("making the page", exc))
                continue
            assert body_key is not None and pack is not None
            key = body_key(pieces, _summary_html(story))
            entry = pack.by_html.get(key)
            if entry is not None:
                made = StoryHtml(entry[2], entry[3], shows_summary(story))
                bodies[story.source] = made
                pack.add(
                    story.source, [states[story.source], key, made.body, made.summary, 0, made.summary_shown]
                )
                continue
        pending.append((story, related, pieces, key))

    def typeset_part(
        part: Sequence[tuple[Story, list[Story], list[Piece] | None, str | None]],
    ) -> list[tuple[StoryHtml, str | None, int] | _Failed]:
        out: list[tuple[StoryHtml, str | None, int] | _Failed] = []
        for story, related, pieces, key in part:
            try:
                summary = _summary_html(story)
                if body_key is not None and not keyed_here:  # a cold build: keyed here, in the worker
                    pieces = body_pieces(story, related, seen)
                    key = body_key(pieces, summary)
                # The pieces the key was made of, typeset without making them again.
                body = body_html(story, related, typeset, pieces=pieces)
                made = StoryHtml(body, typeset(summary) if summary else None, shows_summary(story))
            except Exception as exc:
                out.append(_Failed(failure_reason("making the page", exc)))
                continue
            out.append((made, key, _page_bytes(body, story)))
        return out

    found = len(bodies)
    jobs = memo.jobs if memo is not None else 1
    made = map_balanced(typeset_part, pending, jobs)
    for (story, _related, _pieces, _key), result in zip(pending, made, strict=True):
        if isinstance(result, _Failed):
            story.reject(result.reason)
            continue
        body, key, size = result
        if pack is not None and key is not None:
            entry = [states.get(story.source), key, body.body, body.summary, size, body.summary_shown]
            pack.add(story.source, entry)
        bodies[story.source] = body
        sizes[story.source] = size
    if cached and memo is not None:
        memo.count("bodies", found, len(pending))
    for story in published:
        body = bodies.get(story.source)
        if body is None:
            continue
        size = sizes.get(story.source)
        if size is None:
            size = _page_bytes(body.body, story)
            if pack is not None and story.source in pack.used:
                pack.used[story.source][0][4] = size
        if size > MAX_PAGE_BYTES:
            story.reject(f"story page too large ({size:,} bytes of HTML; at most {MAX_PAGE_BYTES:,})")
            del bodies[story.source]
    if len(bodies) < len(published):  # rare: drop the links to what was rejected
        return _bodies([s for s in published if s.ok], typeset, memo, pack)
    return {s.source: bodies[s.source] for s in published}


@dataclass(frozen=True)
class StoryHtml:
    """A story's HTML as typography leaves it: its body, and its summary (None without one)."""

    body: str
    summary: str | None
    summary_shown: bool
    """Whether the story's page shows the summary box (:func:`.page_summary.shows_summary`)."""


def _summary_html(story: Story) -> str | None:
    """The summary as HTML before typography (None without one)."""
    return html.escape(story.summary, quote=False) if story.summary else None


@dataclass
class _Failed:
    """A body that could not be made, and why (it travels back from a worker)."""

    reason: str


def _page_bytes(body: str, story: Story) -> int:
    """What the story puts on its page: the body, and its text again in the JSON-LD.

    The rest of the JSON-LD (headline, tags, summary, links) is bounded by
    the sidecar schema and the settings.
    """
    text = story.body_text
    escaped = 5 * (text.count("<") + text.count(">") + text.count("&"))  # each becomes \u003c
    return len(body.encode()) + len(json.dumps(text, ensure_ascii=False).encode()) + escaped


def _article(
    story: Story,
    made: StoryHtml,
    linked: set[str],
    story_settings: Mapping[str, Any],
    context: dict[str, Any],
    names: _Names,
) -> Article:
    summary = made.summary
    metadata: dict[str, Any] = {
        "title": html.escape(story.headline, quote=False),
        "date": names.day(story.date),
        "slug": story.slug,
        "category": names.get(Category, story.category),
        "tags": [names.get(Tag, t) for t in story.tags if t.casefold() in linked],
        "plain_tags": [t for t in story.tags if t.casefold() not in linked],
        "lang": story.language,
        "digest": story,
    }
    if summary:
        metadata["summary"] = summary
    if story.author:
        metadata["authors"] = [names.author(story.author)]
    elif "AUTHOR" in story_settings:
        # What Pelican gives an article without one (``AUTHOR``), but one object a
        # build: Pelican makes a new Author per article, whose slug every URL and the
        # authors list then work out again (a tenth of the story bodies' time).
        metadata["authors"] = [names.author(story_settings["AUTHOR"])]
    article = new_article(
        made.body, metadata, story_settings, names.source_path(story), context, names.locale_dates
    )
    # Pelican works the URL out of the settings on every use (a copy of the
    # metadata, path arithmetic, date formatting): hundreds of thousands of
    # times in a large build, as every list and link asks again. Pelican's
    # own override attributes pin it once its parts are known; the file it
    # is saved as likewise (asked four times a story otherwise). Both come
    # from one ``url_format``, as Pelican's ``get_url_setting`` fills them.
    pin_url(article, names.dates)
    return article


_PLAIN_KEYS = frozenset(
    {"title", "date", "slug", "category", "tags", "plain_tags", "lang", "digest", "summary", "authors"}
)
"""Metadata :func:`new_article` sets as Pelican does without Pelican's ``Content.__init__``: none
of them is one Pelican's ``__init__`` reads back or renames (``url``, ``save_as``, ``author``,
``template``, ``date_format``, ``timezone``, ``status``, ``modified``)."""


def new_article(
    content: str,
    metadata: dict[str, Any],
    settings: Mapping[str, Any],
    source_path: str,
    context: dict[str, Any],
    locale_dates: dict[tuple[Any, ...], str],
) -> Article:
    """Pelican's ``Article(content, metadata, settings, source_path, context)`` for a story.

    For the checked Pelican (:data:`CHECKED_PELICAN`), a story's metadata
    (:data:`_PLAIN_KEYS`, a date with its zone, a plain date format) and a
    source path inside the content folder, the article's attributes are set
    as ``Content.__init__`` and ``Article.__init__`` set them, save two
    steps that were a third of a story's making: the relative source path
    is the path itself (Pelican's ``os.path.relpath`` of two absolute paths
    gives it back), and each day's ``locale_date`` is formatted once a build
    (Pelican's own ``strftime``, kept in ``locale_dates`` by the date's
    fields, its zone, the format and the locale). Anything else is Pelican's
    own ``Article`` (``tests/test_new_article.py`` compares the two).
    """
    date = metadata.get("date")
    relative = _inside(source_path, str(settings["PATH"]))
    default_lang = str(settings.get("DEFAULT_LANG", "")).lower()
    lang = metadata.get("lang", default_lang)
    date_format = settings["DATE_FORMATS"].get(lang, settings["DEFAULT_DATE_FORMAT"])
    if (
        _PELICAN_VERSION not in CHECKED_PELICAN
        or relative is None
        or not _PLAIN_KEYS.issuperset(metadata)
        or "slug" not in metadata
        or not isinstance(date, SafeDatetime)
        or date.tzinfo is None
        or not isinstance(date_format, str)
        or "DEFAULT_LANG" not in settings
    ):
        return Article(
            content, metadata=metadata, settings=settings, source_path=source_path, context=context
        )
    article = Article.__new__(Article)
    article.settings = settings
    article._content = content
    article._context = context
    article.translations = []
    local = dict(metadata)
    for key, value in local.items():
        setattr(article, key, value)  # as Pelican: ``summary`` is a property that keeps nothing
    article.metadata = local
    article.template = article.default_template
    if "authors" in local:
        article.author = local["authors"][0]
    elif "AUTHOR" in settings:
        article.author = Author(settings["AUTHOR"], settings)
        article.authors = [article.author]
    article.in_default_lang = True
    if "lang" not in local:
        article.lang = lang
    article.in_default_lang = lang == default_lang
    article.source_path = source_path
    article.relative_source_path = relative
    article.date_format = date_format
    zone = settings.get("TIMEZONE", "UTC")
    article.timezone = ZoneInfo(zone)
    # Pelican's set_date_tzinfo leaves a date with a zone as it is.
    key = (date_format, date.replace(tzinfo=None), date.tzinfo, locale.setlocale(locale.LC_ALL))
    text = locale_dates.get(key)
    if text is None:
        text = locale_dates[key] = date.strftime(date_format)
    article.locale_date = text
    article.status = article.default_status
    if "summary" in local:
        article._summary = local["summary"]
    signals.content_object_init.send(article)
    # Article.__init__: a future date makes a draft unless WITH_FUTURE_DATES.
    if not settings["WITH_FUTURE_DATES"] and date > dt.datetime.now(dt.UTC):
        article.status = "draft"
    return article


def _inside(path: str, folder: str) -> str | None:
    """``path``'s part below ``folder`` as Pelican's ``get_relative_source_path`` gives it, when
    ``path`` is the absolute folder joined to a normalised relative POSIX path; else None."""
    head = os.path.abspath(folder) + os.sep
    if os.sep != "/" or not path.startswith(head):
        return None
    rest = path[len(head) :]
    if not rest or rest[0] == "/" or posixpath.normpath(rest) != rest or rest.split("/", 1)[0] == "..":
        return None
    return rest


def pin_url(article: Article, dates: dict[Any, str] | None = None) -> None:
    """Set ``override_url`` and ``override_save_as`` to what Pelican works out.

    Pelican's ``url`` and ``save_as`` each make the format dict (a copy of
    the metadata, the source path made relative) and format the date once a
    field (``{date:%Y}/{date:%m}/{date:%d}``, by Pelican's ``strftime``): the
    same values twice, and the same few days for every story. Here ``dates``
    (one per build) keeps, for each setting and day, the setting with its
    date fields of numeric fields alone written in (:func:`_day_format`), and
    only the values the rest names are made (:func:`_url_value`); a setting
    naming anything else gets the whole format dict (:func:`url_values`),
    with each day's fields kept (:class:`_KeptDate`). An override already set
    is kept.
    """
    missing = [key for key in ("url", "save_as") if not hasattr(article, f"override_{key}")]
    if not missing:
        return
    values: dict[str, Any] | None = None
    kept = kept_relative_path(article)
    for key in missing:
        key_setting = key if article.in_default_lang else f"lang_{key}"
        setting_name = f"{type(article).__name__}_{key_setting}".upper()
        text = str(article.settings[setting_name])
        date = getattr(article, "date", None)
        if dates is not None and kept is not None and isinstance(date, dt.datetime):
            day_format, names = _day_format(text, date, dates)
            if names <= _OWN_VALUES:
                own = {name: _url_value(article, name, kept) for name in names}
                setattr(article, f"override_{key}", day_format.format_map(own))
                continue
        if values is None:
            values = url_values(article)
            if dates is not None and isinstance(values.get("date"), dt.datetime):
                values["date"] = _KeptDate(values["date"], dates)
        setattr(article, f"override_{key}", text.format_map(values))


_OWN_VALUES = frozenset({"path", "slug", "lang", "date", "author", "category"})
"""The names :func:`url_values` sets from the article itself (over any metadata of the same name)."""


def _day_format(text: str, date: dt.datetime, dates: dict[Any, str]) -> tuple[str, frozenset[str]]:
    """``text`` with each ``{date:<numeric fields>}`` written in for ``date``'s day (a format
    still), and the names of the fields left; kept in ``dates`` by the setting and the date's
    fields (its text depends on nothing else: :data:`_FIELDS_ONLY`)."""
    d = date
    key = (_day_format, text, type(d), d.year, d.month, d.day, d.hour, d.minute, d.second)
    known = dates.get(key)
    if known is not None:
        return known
    out: list[str] = []
    names: set[str] = set()
    for literal, name, spec, conversion in string.Formatter().parse(text):
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        if name == "date" and conversion is None and spec and _FIELDS_ONLY.fullmatch(spec):
            out.append(format(date, spec).replace("{", "{{").replace("}", "}}"))
            continue
        names.add(re.split(r"[.\[]", name, maxsplit=1)[0])
        out.append("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    made = dates[key] = ("".join(out), frozenset(names))
    return made


def _url_value(article: Content, name: str, kept: str) -> Any:
    """What :func:`url_values` gives for ``name`` (one of :data:`_OWN_VALUES`), alone."""
    if name == "slug":
        return getattr(article, "slug", "")
    if name == "date":
        return article.date
    if name == "lang":
        return getattr(article, "lang", "en")
    if name == "path":
        return path_to_url(article.metadata.get("path", kept))
    return getattr(article, name).slug if hasattr(article, name) else ""  # author, category


CHECKED_PELICAN = ("4.12",)
"""Pelican versions whose ``Content.url_format`` and ``add_source_path`` :func:`url_values` and
:func:`add_source_path` give without their second ``os.path.relpath``
(``tests/test_article_urls.py`` compares them); others get Pelican's own."""

_PELICAN_VERSION = ".".join(str(pelican.__version__).split(".")[:2])


def kept_relative_path(article: Content) -> str | None:
    """The relative source path ``Content.__init__`` kept (``relative_source_path``), where
    Pelican would work it out again; None where this Pelican is not one checked, or the
    article has no source path (then Pelican's own code runs).

    The source path is not changed between the article's making and its use here.
    """
    if _PELICAN_VERSION not in CHECKED_PELICAN or article.source_path is None:
        return None
    return article.relative_source_path


def url_values(article: Content) -> dict[str, Any]:
    """Pelican's ``article.url_format``: the metadata with the path, slug, language, date,
    author and category that URL settings name.

    Pelican works the source path out again (``os.path.relpath`` of two absolute
    paths, a fifth of a story's making at 10,000); :func:`kept_relative_path` gives it.
    """
    kept = kept_relative_path(article)
    if kept is None:
        return article.url_format
    metadata = article.metadata
    values = dict(metadata)
    values.update(
        path=path_to_url(metadata.get("path", kept)),
        slug=getattr(article, "slug", ""),
        lang=getattr(article, "lang", "en"),
        date=article.date if hasattr(article, "date") else dt.datetime.now(),
        author=article.author.slug if hasattr(article, "author") else "",
        category=article.category.slug if hasattr(article, "category") else "",
    )
    return values


_FIELDS_ONLY = re.compile(r"(?:[^%]|%-?[YmdHMSjy%])+")
"""A date format of numeric fields alone: its text depends on the date's fields, not on the
locale or the time zone (``{date:%Y}``, ``{date:%-d}``)."""


class _KeptDate:
    """A date in ``str.format`` whose formats of numeric fields alone are kept in ``kept``.

    Every other use (another format, ``!r``, ``!s``, an attribute) goes to the date itself.
    """

    __slots__ = ("date", "kept")

    def __init__(self, date: dt.datetime, kept: dict[Any, Any]) -> None:
        self.date = date
        self.kept = kept

    def __format__(self, spec: str) -> str:
        if not _FIELDS_ONLY.fullmatch(spec):
            return format(self.date, spec)
        d = self.date
        key = (spec, type(d), d.year, d.month, d.day, d.hour, d.minute, d.second)
        text = self.kept.get(key)
        if text is None:
            text = self.kept[key] = format(d, spec)
        return text

    def __getattr__(self, name: str) -> Any:
        return getattr(self.date, name)

    def __str__(self) -> str:
        return str(self.date)

    def __repr__(self) -> str:
        return repr(self.date)


class _Names:
    """One Category, Tag or Author object per name for a build (each name slugified once); its URL dates."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.settings = settings
        self.made: dict[tuple[type[URLWrapper], str], URLWrapper] = {}
        self.dates: dict[Any, Any] = {}
        """The build's dates as URL settings format them (:func:`pin_url`)."""
        self.locale_dates: dict[tuple[Any, ...], str] = {}
        """The build's dates as ``locale_date`` shows them (:func:`new_article`)."""
        self.days: dict[dt.date, dt.datetime] = {}
        self.content: str | None = None

    def day(self, day: dt.date) -> dt.datetime:
        """A story's date: midnight of its day in ``TIMEZONE``, one object a day (dates are immutable)."""
        date = self.days.get(day)
        if date is None:
            midnight = dt.datetime.combine(day, dt.time())
            date = self.days[day] = set_date_tzinfo(midnight, self.settings.get("TIMEZONE"))
        return date

    def get(self, cls: type[URLWrapper], name: str) -> URLWrapper:
        item = self.made.get((cls, name))
        if item is None:
            item = self.made[(cls, name)] = _named(cls, name, self.settings)
        return item

    def source_path(self, story: Story) -> str:
        """The story's file as an absolute path (the content folder's made absolute once a build)."""
        if self.content is None:
            self.content = os.path.abspath(self.settings["PATH"])
        return os.path.join(self.content, *story.source.split("/"))

    def author(self, name: str) -> Author:
        """Pelican's Author for ``name``, one a build (its slug is worked out on first use, once)."""
        item = self.made.get((Author, name))
        if item is None:
            item = self.made[(Author, name)] = Author(name, self.settings)
        assert isinstance(item, Author)
        return item


MAX_SLUG = 80


def _named(cls: type[URLWrapper], name: str, settings: Mapping[str, Any]) -> URLWrapper:
    """A Category or Tag whose slug is never empty and never overlong.

    Pelican slugifies ``!!!`` or ``../..`` to nothing, and every such name
    would share ``category/index.html``; a name of hundreds of words would
    make a file name the file system refuses. Those get a slug hashed from
    the name (kept short), so they stay apart and stable.
    """
    item = cls(name, settings)
    slug = item.slug
    if not slug or len(slug) > MAX_SLUG:
        digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        head = slug[: MAX_SLUG - 11].rstrip("-") if slug else cls.__name__.lower()
        item.slug = f"{head}-{digest}"
    return item


def body_html(
    story: Story,
    related: list[Story],
    typeset: Typesetter | None = None,
    pieces: list[Piece] | None = None,
) -> str:
    """The story body: paragraphs, subheadings and the see-also section in place.

    Scraped text is escaped; scraped markup (links, emphasis) passes the
    sanitiser's allowlist (``sanitise.inline_html``). With ``typeset``, the
    body is typogrified (each see-also item once per build, see
    :mod:`.typography`). Typography is most of a body's cost, and its result
    depends only on the HTML before it and the ``TYPOGRIFY*`` settings: the
    build cache keeps it under exactly those (:func:`_bodies`). ``pieces``:
    :func:`body_pieces`, when the caller already made them.
    """
    if pieces is None:
        pieces = body_pieces(story, related)
    if typeset is None:
        return "\n".join(p.html for p in pieces)
    return typeset.join(pieces)


def _body_keyer(memo: Memo, typeset: Typesetter) -> Callable[[list[Piece], str | None], str]:
    """The build cache's key of a body and summary by their HTML and the ``TYPOGRIFY*`` settings.

    Through :meth:`.incremental.Memo.keyer`: the pieces are plain strings and
    flags, so each key is one pass of the C JSON encoder and one hash (the
    generic :meth:`~.incremental.Memo.key` walked them in Python, a sixth of
    a +10 build's story bodies).
    """
    keyer = memo.keyer("body and summary", typeset.identity)
    return lambda pieces, summary: keyer([[p.html, p.shared] for p in pieces], summary)


def body_pieces(story: Story, related: list[Story], seen: dict[str, Piece] | None = None) -> list[Piece]:
    """The body as whole blocks: the story's own before and after the see-also slot, and the slot's.

    ``seen``: see-also items already made, by source (:func:`see_also_pieces`).
    """
    parts: list[str] = []
    pieces: list[Piece] = []
    slot_seen = False
    for block in story.blocks:
        if block.kind == "p":
            parts.append(f"<p>{inline_html(block)}</p>")
        elif block.kind == "h":
            parts.append(f"<h2>{html.escape(block.text, quote=False)}</h2>")
        elif block.kind == "quote":
            parts.append(f"<blockquote><p>{inline_html(block)}</p></blockquote>")
        elif block.kind == "list":
            items = "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in block.items)
            parts.append(f"<ul>{items}</ul>")
        elif not slot_seen:
            if parts:
                pieces.append(Piece("\n".join(parts)))
                parts = []
            pieces.extend(see_also_pieces(related, seen))
            slot_seen = True
    if parts:
        pieces.append(Piece("\n".join(parts)))
    if not slot_seen:
        pieces.extend(see_also_pieces(related, seen))
    return pieces


def see_also_html(related: list[Story]) -> str:
    """The ``<section id="see-also">`` slot; hidden and empty when nothing is related."""
    return "\n".join(p.html for p in see_also_pieces(related))


_SEE_ALSO_HEAD = (
    '<section id="see-also" class="see-also" aria-labelledby="see-also-title" data-pagefind-ignore>\n'
    '<h2 id="see-also-title">See also</h2>\n<ul>'
)
_SEE_ALSO_TAIL = "</ul>\n</section>"


def see_also_pieces(related: list[Story], seen: dict[str, Piece] | None = None) -> list[Piece]:
    """The see-also slot as shared pieces: its head, one ``<li>`` per story, its tail.

    ``seen``: each story's item by its source, for stories that do not change
    meanwhile (one build's bodies): filled here, each story's item made once.
    """
    if not related:
        return [Piece('<section id="see-also" class="see-also" hidden></section>', shared=True)]
    pieces = [Piece(_SEE_ALSO_HEAD, shared=True)]
    for other in related:
        item = seen.get(other.source) if seen is not None else None
        if item is None:
            item = Piece(see_also_item(other), shared=True)
            if seen is not None:
                seen[other.source] = item
        pieces.append(item)
    pieces.append(Piece(_SEE_ALSO_TAIL, shared=True))
    return pieces


def see_also_item(other: Story) -> str:
    """One related story's ``<li>``: the same on every page that links it."""
    # {filename} links are resolved by Pelican, relative or absolute as
    # the settings ask, in pages and in feeds alike.
    href = "{filename}/" + quote(other.source)
    day = other.date.isoformat() if other.date else ""
    return (
        f'<li><a href="{html.escape(href)}">{html.escape(other.headline, quote=False)}</a> '
        f'<span class="see-also-meta">{html.escape(other.outlet, quote=False)}, '
        f'<time datetime="{day}">{_display_date(other.date)}</time></span></li>'
    )


def _display_date(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _site_url(siteurl: str, url: str) -> str:
    return f"{siteurl.rstrip('/')}/{url}" if siteurl else f"/{url}"


def jsonld_data(story: Story, article: Article, related: list[Article], siteurl: str) -> dict[str, Any]:
    """schema.org NewsArticle for the story, as data (:class:`JsonLd` writes it)."""
    return _jsonld(story, _site_url(siteurl, article.url), [_site_url(siteurl, a.url) for a in related])


def _jsonld(story: Story, url: str, related: list[str]) -> dict[str, Any]:
    """:func:`jsonld_data` from the page's absolute URL and its related pages'."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.headline,
        "datePublished": story.date.isoformat() if story.date else None,
        "articleSection": story.section or story.category,
        "articleBody": story.body_text,
        "publisher": {"@type": "Organization", "name": story.outlet},
        "keywords": list(story.tags),
        "description": story.summary or "",
        "relatedLink": related,
        "url": url,
        "inLanguage": story.language,
    }
    if story.url:
        data["isBasedOn"] = story.url
    if story.author:
        data["author"] = {"@type": "Person", "name": story.author}
    return data


def jsonld_text(data: dict[str, Any]) -> str:
    """``data`` as JSON-LD text, safe to embed in a script element."""
    text = indented_json.dumps(data, indent=1)  # json.dumps(data, ensure_ascii=False, indent=1)'s text
    # "</script>" or "<!--" in scraped text must not end the script element.
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@dataclass(frozen=True, eq=False, init=False)
class JsonLd:
    """A story page's JSON-LD (``article.jsonld``): its text, made when asked for.

    Making it (the story's text joined, the JSON written out) for every story of every build
    was a sixth of the story bodies' time, for pages that a build adding a day's stories leaves
    alone. Made from :meth:`of`, it keeps the story and the page's and related pages' URLs and
    makes :attr:`text` on first use: in the page process whose fingerprint or template reads it,
    or never. ``{{ article.jsonld }}`` gives that text. Page fingerprints walk it as the data
    class it is, so its text counts: what the page shows, made once for both (the fingerprint
    took a compact JSON of the data, and the template made the text again).
    """

    text: str
    """The JSON-LD as the page shows it (:func:`jsonld_text`)."""

    def __init__(self, text: str) -> None:
        object.__setattr__(self, "text", text)

    @classmethod
    def of(cls, story: Story, url: str, related: list[str]) -> JsonLd:
        """The JSON-LD of ``story`` at the absolute ``url``, linking the ``related`` pages' URLs;
        its text made on first use (the story is not changed once its page is made)."""
        made = cls.__new__(cls)
        object.__setattr__(made, "_parts", (story, url, related))
        return made

    def page_key_inputs(self) -> tuple[Story, str, list[str]] | None:
        """What :meth:`of` made it from (the story, the page's URL, the related pages' URLs), of
        which the text is a function (a whole-page key counts it by those,
        :meth:`.page_fingerprints.Fingerprints.page_key`); None when it was made from its text."""
        return self.__dict__.get("_parts")

    def forget(self) -> None:
        """Let the text go when it can be made again (its page is written: a build process keeps
        every article to its end, and the text holds the story's whole body)."""
        if "_parts" in self.__dict__:
            self.__dict__.pop("text", None)

    def __getattr__(self, name: str) -> Any:
        # Only reached for an attribute not set: ``text`` of a JsonLd made by ``of``.
        if name != "text" or "_parts" not in self.__dict__:
            raise AttributeError(name)
        text = jsonld_text(_jsonld(*self.__dict__["_parts"]))
        object.__setattr__(self, "text", text)
        return text

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return True
