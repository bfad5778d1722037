"""The plugin's settings, read in one place with their defaults."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .parallel import jobs_setting
from .search_bundles import BUNDLE_PAGES

DEFAULTS: dict[str, Any] = {
    "DIGEST_SCRAPED_PATH": "scraped",
    "DIGEST_SOURCES": "sources.yaml",
    "DIGEST_ENTITIES": "entities.yaml",
    "DIGEST_COMMENTARY_PATH": "commentary",
    "DIGEST_REPORT_PATH": "digest-report.json",
    "DIGEST_STRICT": False,
    "DIGEST_REFERENCE_DATE": None,
    "DIGEST_LEARN_FURNITURE_MIN": 3,
    "DIGEST_MIN_WORDS": 60,
    "DIGEST_SUMMARY_SENTENCES": 2,
    "DIGEST_RELATED_COUNT": 5,
    "DIGEST_RELATED_WINDOW_DAYS": 7,
    "DIGEST_MAX_TAGS": 8,
    "DIGEST_TAG_MIN_STORIES": 2,
    # Every page's Content-Security-Policy <meta>: scripts only from our own
    # files, none inline (the favicon is a data: URL).
    "DIGEST_CSP": (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'none'"
    ),
    "DIGEST_TOP_EVENTS": 5,
    "DIGEST_DAY_URL": "{date:%Y}/{date:%m}/{date:%d}/",
    "DIGEST_DAY_SAVE_AS": "{date:%Y}/{date:%m}/{date:%d}/index.html",
    "DIGEST_SEARCH": True,
    "DIGEST_SEARCH_URL": "search/",
    # The search index is one Pagefind bundle per period of story pages (search.py):
    # "day", "week", "month", "year" or "all".
    "DIGEST_SEARCH_PARTITION": "week",
    # Story pages a weekly search bundle holds at most: a larger week is cut
    # into parts of whole days (search.day_partitions); 0 keeps whole weeks.
    # By default within what Pagefind runs may hold beside a page worker, so that
    # a cold build indexes every bundle while it still writes pages.
    "DIGEST_SEARCH_BUNDLE_PAGES": BUNDLE_PAGES,
    "DIGEST_FEED_ATOM": "feeds/digest.atom.xml",
    "DIGEST_JSON_FEED": "feed.json",
    "DIGEST_MAX_BYTES": 5 * 1024 * 1024,
    "DIGEST_MAX_PARAGRAPHS": 2_000,
    "DIGEST_EVENT_WINDOW_DAYS": 2,
    "DIGEST_TIMELINE_COUNT": 5,
    # The build cache (cache.py): relative to the folder that holds the
    # output folder; empty for none.
    "DIGEST_CACHE_PATH": ".digest-cache",
    # Processes for per-story work (parallel.py); 0: every core this process may use.
    "DIGEST_JOBS": 0,
    # Builds of at least this many scraped inputs show their progress (progress.py); 0: never.
    "DIGEST_PROGRESS_MIN": 500,
    # With the build cache: pages whose fingerprint and file are unchanged are
    # neither rendered nor written (output_files.py); False renders every page.
    "DIGEST_SKIP_UNCHANGED_PAGES": True,
}

SLUG_SUBSTITUTIONS: tuple[tuple[str, str], ...] = (
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
)
"""Pelican's default ``SLUG_REGEX_SUBSTITUTIONS``, for settings that come without them."""


def setting(settings: Mapping[str, Any], name: str) -> Any:
    """One ``DIGEST_*`` setting from Pelican's settings, or its default."""
    return settings.get(name, DEFAULTS[name])


@dataclass(frozen=True)
class DigestSettings:
    """Typed view of the ``DIGEST_*`` settings."""

    content_path: Path
    scraped_path: Path
    sources_path: Path
    entities_path: Path
    commentary_path: Path
    report_path: Path
    strict: bool
    reference_date: dt.date
    learn_furniture_min: int
    min_words: int
    summary_sentences: int
    related_count: int
    related_window_days: float
    max_tags: int
    tag_min_stories: int
    event_window_days: float
    timeline_count: int
    default_category: str
    top_events: int
    day_url: str
    day_save_as: str
    search: bool
    search_partition: str = DEFAULTS["DIGEST_SEARCH_PARTITION"]
    """``DIGEST_SEARCH_PARTITION``: the period of story pages each search bundle holds."""
    max_bytes: int = DEFAULTS["DIGEST_MAX_BYTES"]
    max_paragraphs: int = DEFAULTS["DIGEST_MAX_PARAGRAPHS"]
    cache_path: Path | None = None
    """The build cache's folder (``DIGEST_CACHE_PATH`` resolved), or None for no cache."""
    jobs: int = 1
    """``DIGEST_JOBS`` resolved: how many processes share per-story work."""
    progress_min: int = DEFAULTS["DIGEST_PROGRESS_MIN"]
    """``DIGEST_PROGRESS_MIN``: builds of at least this many inputs show progress."""
    skip_unchanged_pages: bool = DEFAULTS["DIGEST_SKIP_UNCHANGED_PAGES"]
    """``DIGEST_SKIP_UNCHANGED_PAGES``: unchanged pages are left alone (needs the build cache)."""
    slug_substitutions: tuple[tuple[str, str], ...] = SLUG_SUBSTITUTIONS
    """Pelican's ``SLUG_REGEX_SUBSTITUTIONS``: story slugs are made as Pelican makes its own."""
    timezone: str = "UTC"
    """Pelican's ``TIMEZONE``: a scraped time with a zone is dated by its day there."""

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> DigestSettings:
        """Build from Pelican's settings dict; paths are relative to ``PATH``.

        ``DIGEST_REPORT_PATH`` is relative to the working directory, like
        Pelican's own ``-o``, so a build from the project root drops the
        report beside ``pelicanconf.py``.
        """
        get = {**DEFAULTS, **{k: v for k, v in settings.items() if k.startswith("DIGEST_")}}.get
        content = Path(settings.get("PATH", "content"))
        reference = get("DIGEST_REFERENCE_DATE")
        if isinstance(reference, str):
            reference = dt.date.fromisoformat(reference)
        elif isinstance(reference, dt.datetime):
            reference = reference.date()
        return cls(
            content_path=content,
            scraped_path=content / get("DIGEST_SCRAPED_PATH"),
            sources_path=content / get("DIGEST_SOURCES"),
            entities_path=content / get("DIGEST_ENTITIES"),
            commentary_path=content / get("DIGEST_COMMENTARY_PATH"),
            report_path=Path(get("DIGEST_REPORT_PATH")),
            strict=bool(get("DIGEST_STRICT")),
            # The one place the clock is read, and only when no date is set.
            reference_date=reference or dt.date.today(),
            learn_furniture_min=int(get("DIGEST_LEARN_FURNITURE_MIN")),
            min_words=int(get("DIGEST_MIN_WORDS")),
            summary_sentences=int(get("DIGEST_SUMMARY_SENTENCES")),
            related_count=int(get("DIGEST_RELATED_COUNT")),
            related_window_days=float(get("DIGEST_RELATED_WINDOW_DAYS")),
            max_tags=int(get("DIGEST_MAX_TAGS")),
            tag_min_stories=int(get("DIGEST_TAG_MIN_STORIES")),
            event_window_days=float(get("DIGEST_EVENT_WINDOW_DAYS")),
            timeline_count=int(get("DIGEST_TIMELINE_COUNT")),
            default_category=str(settings.get("DEFAULT_CATEGORY") or "News"),
            top_events=int(get("DIGEST_TOP_EVENTS")),
            day_url=str(get("DIGEST_DAY_URL")),
            day_save_as=str(get("DIGEST_DAY_SAVE_AS")),
            search=bool(get("DIGEST_SEARCH")),
            search_partition=str(get("DIGEST_SEARCH_PARTITION")),
            max_bytes=int(get("DIGEST_MAX_BYTES")),
            max_paragraphs=int(get("DIGEST_MAX_PARAGRAPHS")),
            cache_path=_cache_path(get("DIGEST_CACHE_PATH"), settings.get("OUTPUT_PATH")),
            jobs=jobs_setting(get("DIGEST_JOBS")),
            progress_min=int(get("DIGEST_PROGRESS_MIN") or 0),
            skip_unchanged_pages=bool(get("DIGEST_SKIP_UNCHANGED_PAGES")),
            slug_substitutions=_slug_substitutions(settings.get("SLUG_REGEX_SUBSTITUTIONS")),
            timezone=str(settings.get("TIMEZONE") or "UTC"),
        )


def _cache_path(value: Any, output: Any) -> Path | None:
    """``DIGEST_CACHE_PATH``: relative to the folder holding the output folder (so beside it)."""
    if not value:
        return None
    path = Path(str(value)).expanduser()
    if path.is_absolute():
        return path
    return Path(str(output or "output")).resolve().parent / path


def _slug_substitutions(value: Any) -> tuple[tuple[str, str], ...]:
    """Pelican's slug substitutions as pairs; Pelican's defaults when unset."""
    if not value:
        return SLUG_SUBSTITUTIONS
    return tuple((str(src), str(dst)) for src, dst in value)
