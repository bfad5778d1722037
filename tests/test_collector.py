"""The build keeps its loaded stories out of the garbage collector's passes, and gives them back at its end."""

from __future__ import annotations

import gc
import os
import platform
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from news_digest import collector, pipeline


def test_holders_share_one_freeze():
    assert gc.get_freeze_count() == 0
    with collector.frozen():
        assert gc.get_freeze_count() > 0
        collector.freeze_loaded()  # a build holds the objects past the block
        with collector.frozen():  # a nested holder (forking workers) does not thaw them
            pass
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() > 0
    collector.release()
    assert gc.get_freeze_count() == 0
    collector.release()  # once only: a second call does nothing
    assert gc.get_freeze_count() == 0


def test_the_pipeline_freezes_the_loaded_stories(tmp_path):
    from pelican.settings import read_settings

    from news_digest.cache import Cache
    from news_digest.incremental import Memo
    from news_digest.settings import DigestSettings

    shutil.copytree(ROOT / "content" / "scraped" / "harbour-courier", tmp_path / "content" / "scraped" / "hc")
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(tmp_path / "content")})
    memo = Memo(Cache(tmp_path / "cache"))
    try:
        stories = pipeline.run_pipeline(DigestSettings.from_pelican(settings), memo=memo)
        assert sum(s.ok for s in stories) > 5
        assert gc.get_freeze_count() > 1_000  # held for the rest of the build
    finally:
        memo.cache.close()
        collector.release()
    assert gc.get_freeze_count() == 0


def test_a_build_gives_its_objects_back(tmp_path):
    files = sorted((ROOT / "content" / "scraped" / "harbour-courier").glob("*"))[:4]
    site = build_site(tmp_path, {f"scraped/hc/{p.name}": p.read_bytes() for p in files})
    assert site.report_path.is_file()
    assert gc.get_freeze_count() == 0  # collector.release ran on Pelican's finalized signal


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(
    not Path("/proc/self/statm").exists() or platform.libc_ver()[0] != "glibc", reason="glibc on Linux"
)
def test_freed_memory_is_given_back_before_a_fork():
    """What the C library keeps after Python frees it goes back to the system (the forked
    workers would share it, and copy each page written again)."""
    held = [bytearray(b"x" * 2000) for _ in range(40_000)]  # 80 MB in blocks of the C library's heap
    del held[:-100]  # freed, but the last blocks keep the heap from shrinking: glibc holds the rest
    before = _resident_mb()
    collector.return_freed()
    assert _resident_mb() < before - 40
    del held


def test_a_build_collects_its_youngest_objects_less_often_and_gives_the_thresholds_back(tmp_path):
    from pelican import signals

    before = gc.get_threshold()
    during = []

    def seen(*_args, **_kwargs) -> None:
        during.append(gc.get_threshold())

    signals.article_generator_finalized.connect(seen)
    try:
        files = sorted((ROOT / "content" / "scraped" / "harbour-courier").glob("*"))[:4]
        build_site(tmp_path, {f"scraped/hc/{p.name}": p.read_bytes() for p in files})
    finally:
        signals.article_generator_finalized.disconnect(seen)
    assert during == [(max(before[0], collector.BUILD_THRESHOLD), *before[1:])]
    assert gc.get_threshold() == before  # collector.release ran on Pelican's finalized signal
