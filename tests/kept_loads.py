"""Loading scraped stories with the build cache and without it, for the tests that compare them."""

from __future__ import annotations

from pathlib import Path

from news_digest import collector
from news_digest.cache import Cache
from news_digest.codec import story_reprs
from news_digest.incremental import Memo
from news_digest.pipeline import load_stories
from news_digest.settings import DigestSettings


def load_settings(root: Path) -> DigestSettings:
    """The settings of a site under ``root`` (``content/``, ``output/``), one job, a fixed date."""
    return DigestSettings.from_pelican(
        {
            "PATH": str(root / "content"),
            "OUTPUT_PATH": str(root / "output"),
            "DIGEST_REFERENCE_DATE": "2026-11-30",
            "DIGEST_JOBS": 1,
        }
    )


def load(root: Path, cached: bool) -> tuple[dict[str, list[str]], dict[str, list[int]]]:
    """Every story's state after loading (by source), and the cache's counts when ``cached``."""
    settings = load_settings(root)
    memo = Memo(Cache(settings.cache_path), 1) if cached else None
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
