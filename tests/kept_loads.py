"""Loading scraped stories with the build cache and without it, for the tests that compare them."""

from __future__ import annotations

from pathlib import Path

from news_digest import collector
from news_digest.cache import Cache
from news_digest.codec import story_reprs
from news_digest.incremental import Memo
from news_digest.pipeline import load_stories
from news_digest.settings import DigestSettings


def load_settings(root: Path, jobs: int = 1, cache: str | None = None) -> DigestSettings:
    """The settings of a site under ``root`` (``content/``, ``output/``), a fixed date.

    ``cache``: the build cache's folder under ``root`` (default: the settings' own).
    """
    pelican: dict[str, object] = {
        "PATH": str(root / "content"),
        "OUTPUT_PATH": str(root / "output"),
        "DIGEST_REFERENCE_DATE": "2026-11-30",
        "DIGEST_JOBS": jobs,
    }
    if cache is not None:
        pelican["DIGEST_CACHE_PATH"] = str(root / cache)
    return DigestSettings.from_pelican(pelican)


def load(
    root: Path, cached: bool, jobs: int = 1, cache: str | None = None
) -> tuple[dict[str, list[str]], dict[str, list[int]]]:
    """Every story's state after loading (by source), and the cache's counts when ``cached``."""
    settings = load_settings(root, jobs, cache)
    memo = Memo(Cache(settings.cache_path), jobs) if cached else None
    try:
        stories = load_stories(settings, memo=memo)
    finally:
        collector.release()
        if memo is not None and memo.cache is not None:
            memo.cache.close()
    return {s.source: story_reprs(s) for s in stories}, (memo.counts if memo else {})


def same_as_from_scratch(root: Path) -> dict[str, list[int]]:
    """Load through the cache, check every story equals a load without it; the cache's counts."""
    kept, counts = load(root, cached=True)
    fresh, _ = load(root, cached=False)
    assert sorted(kept) == sorted(fresh)
    for source, state in fresh.items():
        assert kept[source] == state, source
    return counts
