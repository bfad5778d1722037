"""A cold build's cleaned pack is the same whether its parts are encoded in one process or over the jobs."""

from __future__ import annotations

import random
import sqlite3

from test_cleaned_pack import _write

from news_digest import cleaned_pack, collector
from news_digest.cache import Cache
from news_digest.codec import story_reprs
from news_digest.incremental import Memo
from news_digest.pipeline import load_stories
from news_digest.settings import DigestSettings


def _settings(root, jobs: int) -> DigestSettings:
    return DigestSettings.from_pelican(
        {
            "PATH": str(root / "content"),
            "OUTPUT_PATH": str(root / "output"),
            "DIGEST_REFERENCE_DATE": "2026-11-30",
            "DIGEST_JOBS": jobs,
            "DIGEST_CACHE_PATH": str(root / f"cache-{jobs}"),
        }
    )


def _load(root, jobs: int, cached: bool = True) -> tuple[dict[str, list[str]], dict[str, list[int]]]:
    """Every story's state after loading (by source), and the cache's counts."""
    settings = _settings(root, jobs)
    memo = Memo(Cache(settings.cache_path), jobs) if cached else None
    try:
        stories = load_stories(settings, memo=memo)
    finally:
        collector.release()
        if memo is not None and memo.cache is not None:
            memo.cache.close()
    return {s.source: story_reprs(s) for s in stories}, (memo.counts if memo else {})


def _cold_load(root, jobs: int) -> dict[str, bytes]:
    """Every record a cold load through an empty cache stores, by key."""
    _load(root, jobs)
    db = sqlite3.connect(root / f"cache-{jobs}" / "cache.sqlite")
    try:
        return dict(db.execute("SELECT key, value FROM records"))
    finally:
        db.close()


def test_parts_encoded_over_two_jobs_are_the_parts_one_process_encodes(tmp_path, monkeypatch) -> None:
    scraped = tmp_path / "content" / "scraped"
    scraped.mkdir(parents=True)
    rng = random.Random(11)
    for k in range(9):
        _write(scraped, f"story-{k}.txt", rng)
    monkeypatch.setattr(cleaned_pack, "CHUNK", 2)  # five parts: the second job encodes two of them
    one = _cold_load(tmp_path, 1)
    two = _cold_load(tmp_path, 2)
    assert len(one) > 9 * 2 + 5  # read and cleaning records, five parts and their index
    assert two == one
    # The next load takes every file from those parts, as a load from scratch makes it.
    kept, counts = _load(tmp_path, 2)
    assert counts["packed"][0] == 9
    assert kept == _load(tmp_path, 2, cached=False)[0]
