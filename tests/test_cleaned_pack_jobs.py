"""A cold build's cleaned pack is the same whether its parts are encoded in one process or, with more
than one job, by a forked child beside the build (``Cache.put_beside``)."""

from __future__ import annotations

import random
import sqlite3

from kept_loads import load
from test_cleaned_pack import _write

from news_digest import cleaned_pack


def _cold_load(root, jobs: int) -> dict[str, bytes]:
    """Every record a cold load through an empty cache stores, by key."""
    load(root, True, jobs, f"cache-{jobs}")
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
    monkeypatch.setattr(cleaned_pack, "CHUNK", 2)  # five parts, made and written by a child with two jobs
    one = _cold_load(tmp_path, 1)
    two = _cold_load(tmp_path, 2)
    assert len(one) > 9 * 2 + 5  # read and cleaning records, five parts and their index
    assert two == one
    # The next load takes every file from those parts, as a load from scratch makes it.
    kept, counts = load(tmp_path, True, 2, "cache-2")
    assert counts["packed"][0] == 9
    assert kept == load(tmp_path, False, 2, "cache-2")[0]
