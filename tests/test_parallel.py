"""``DIGEST_JOBS``: work split over forked processes gives what one process gives."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import ROOT, build_site, tree_bytes
from news_digest import page_writer, parallel


def _pid_chunk(part):
    return [(os.getpid(), item * 2) for item in part]


def test_map_chunks_keeps_order_and_uses_other_processes():
    items = list(range(10))
    parts = parallel.map_chunks(_pid_chunk, items, jobs=3, min_chunk=2)
    flat = [pair for part in parts for pair in part]
    assert [value for _, value in flat] == [i * 2 for i in items]
    pids = {pid for pid, _ in flat}
    assert len(parts) == 3 and len(pids) == 3 and os.getpid() in pids


def test_small_lists_and_one_job_stay_in_this_process():
    assert parallel.map_chunks(_pid_chunk, [1, 2, 3], jobs=4) == [
        [(os.getpid(), 2), (os.getpid(), 4), (os.getpid(), 6)]
    ]
    assert len(parallel.map_chunks(_pid_chunk, list(range(1000)), jobs=1)) == 1


def _fail_on_three(part):
    if 3 in part:
        raise ValueError("three")
    return list(part)


def test_an_exception_in_a_worker_is_raised_here():
    with pytest.raises(ValueError, match="three"):
        parallel.map_chunks(_fail_on_three, list(range(8)), jobs=2, min_chunk=2)


def _pid_slowly(part):
    time.sleep(0.002 * len(part))
    return _pid_chunk(part)


def test_map_balanced_keeps_order_and_uses_other_processes():
    items = list(range(500))
    flat = parallel.map_balanced(_pid_slowly, items, jobs=3, min_chunk=10)
    assert [value for _, value in flat] == [i * 2 for i in items]
    assert len({pid for pid, _ in flat}) == 3 and os.getpid() in {pid for pid, _ in flat}


def _slow_here(part):
    time.sleep(0.001 if parallel.in_worker() else 0.03)
    return [(os.getpid(), item) for item in part]


def test_map_balanced_gives_more_to_the_process_that_is_free():
    """The children take from the front while this process works slowly from the back:
    they do most of the items, and their results come first."""
    items = list(range(600))
    flat = parallel.map_balanced(_slow_here, items, jobs=2, min_chunk=10)
    assert [item for _, item in flat] == items
    here = [item for pid, item in flat if pid == os.getpid()]
    assert len(here) < len(items) // 4 and here == items[len(items) - len(here) :]


def test_start_balanced_children_work_before_the_join_and_give_the_same_results(forks):
    """The children start on the batches at once; this process does other work meanwhile, then joins
    them: the results of map_balanced, in order, and a second call gives them again."""
    items = list(range(600))
    finish = parallel.start_balanced(_slow_here, items, jobs=2, min_chunk=10)
    assert len(forks) == 1
    time.sleep(0.5)  # this process's own work: the child goes on alone
    flat = finish()
    assert [item for _, item in flat] == items
    here = [item for pid, item in flat if pid == os.getpid()]
    assert len(here) < len(items) // 4 and here == items[len(items) - len(here) :]
    assert finish() is flat


def test_start_balanced_errors_come_back_at_the_join():
    finish = parallel.start_balanced(_fail_on_300, list(range(600)), jobs=2, min_chunk=10)
    with pytest.raises(ValueError, match="three hundred"):
        finish()
    one = parallel.start_balanced(_pid_chunk, [1, 2, 3], jobs=4)  # nothing forked: the work runs at the join
    assert one() == [(os.getpid(), 2), (os.getpid(), 4), (os.getpid(), 6)]


def test_map_balanced_small_lists_stay_here():
    assert parallel.map_balanced(_pid_chunk, [1, 2, 3], jobs=4) == [
        (os.getpid(), 2),
        (os.getpid(), 4),
        (os.getpid(), 6),
    ]


def _fail_on_300(part):
    if 300 in part:
        raise ValueError("three hundred")
    return list(part)


def _gone_in_a_worker(part):
    if parallel.in_worker():
        os._exit(3)
    time.sleep(0.01)
    return list(part)


def test_map_balanced_errors_come_back_here():
    with pytest.raises(ValueError, match="three hundred"):
        parallel.map_balanced(_fail_on_300, list(range(600)), jobs=2, min_chunk=10)
    with pytest.raises(parallel.WorkerError, match="without the results"):
        parallel.map_balanced(_gone_in_a_worker, list(range(600)), jobs=2, min_chunk=10)


def test_map_balanced_without_a_temporary_folder_cuts_equal_chunks(monkeypatch):
    def no_folder():
        raise OSError("no usable temporary directory")

    monkeypatch.setattr(parallel.tempfile, "TemporaryFile", no_folder)
    items = list(range(500))
    flat = parallel.map_balanced(_pid_slowly, items, jobs=2, min_chunk=10)
    assert [value for _, value in flat] == [i * 2 for i in items]
    assert [pid for pid, _ in flat][-250:] == [os.getpid()] * 250  # map_chunks: this process's chunk last


def test_jobs_setting():
    assert parallel.jobs_setting(0) == parallel.available_jobs()
    assert parallel.jobs_setting(None) == parallel.available_jobs()
    assert parallel.jobs_setting(3) == 3


def _copy_demo_part(root: Path) -> None:
    """Part of the demo (two outlets, the commentary): stories in text, HTML and JSON."""
    content = root / "content"
    for outlet in ("harbour-courier", "meridian-wire", "beacon-news"):
        shutil.copytree(ROOT / "content" / "scraped" / outlet, content / "scraped" / outlet)
    shutil.copytree(ROOT / "content" / "commentary", content / "commentary")


def test_two_jobs_build_the_same_bytes_as_one(tmp_path, monkeypatch):
    # Chunks of two stories, so even this small archive is split over the workers.
    monkeypatch.setattr(parallel, "MIN_CHUNK", 2)
    forks = []
    real_fork = parallel._fork
    monkeypatch.setattr(
        parallel, "_fork", lambda work, part: forks.append(len(part)) or real_fork(work, part)
    )
    built = {}
    for jobs in (1, 2):
        root = tmp_path / f"jobs{jobs}"
        _copy_demo_part(root)
        forks.clear()
        page_writer.last_processes = 0
        site = build_site(root, {}, DIGEST_JOBS=jobs)
        assert bool(forks) == (jobs > 1)  # the second build did use a worker
        # Pages too (page_writer.py): one job writes them in order, two share them.
        assert page_writer.last_processes == (0 if jobs == 1 else 2)
        built[jobs] = (tree_bytes(site.output), site.report_path.read_bytes())
    assert len(built[1][0]) > 30
    assert any(name.startswith("tag/") for name in built[1][0])
    assert built[1][0].keys() == built[2][0].keys()
    for name, data in built[1][0].items():
        assert built[2][0][name] == data, name
    assert built[1][1] == built[2][1]


def test_a_page_that_fails_in_a_worker_fails_the_build_and_the_report_stays_true(tmp_path, monkeypatch):
    """Pages written by two processes: the report claims exactly the pages either of them wrote."""
    import json

    monkeypatch.setattr(parallel, "MIN_CHUNK", 2)
    first = tmp_path / "first"
    _copy_demo_part(first)
    site = build_site(first, {}, DIGEST_JOBS=1)
    published = [i for i in site.report["inputs"] if i["status"] == "published"]
    blocked = published[len(published) // 3]  # a story page in the first worker's share, not the last
    root = tmp_path / "second"
    _copy_demo_part(root)
    (root / "output" / blocked["url"] / "index.html").mkdir(parents=True)  # a folder where the page goes
    with pytest.raises(IsADirectoryError):
        build_site(root, {}, DIGEST_JOBS=2)
    report = json.loads((root / "digest-report.json").read_text(encoding="utf-8"))
    assert report["build"]["status"] == "failed"
    assert "IsADirectoryError" in report["build"]["error"]
    entry = next(i for i in report["inputs"] if i["source"] == blocked["source"])
    assert entry["status"] == "rejected" and entry["reason"].startswith("page not written: the build failed")
    for item in report["inputs"]:
        if item["status"] == "published":
            assert (root / "output" / item["url"] / "index.html").is_file(), item["source"]


def test_day_pages_leave_the_feeds_child_its_core(tmp_path):
    """With two jobs the digest's feeds are written by a forked child beside the day pages: the
    day pages are then written by the build process alone (a worker more would only share the
    cores and copy pages of its own); without those feeds, by two processes. (The bytes are
    the same as one job's: test_two_jobs_build_the_same_bytes_as_one.)"""
    for feeds in (True, False):
        root = tmp_path / f"feeds{feeds}"
        _copy_demo_part(root)
        off = {} if feeds else {"DIGEST_FEED_ATOM": None, "DIGEST_JSON_FEED": None}
        page_writer.last_held_processes = 0
        site = build_site(root, {}, DIGEST_JOBS=2, **off)
        assert page_writer.last_held_processes == (1 if feeds else 2)
        assert parallel.children_aside() == 0  # the feeds' child was waited for
        assert (site.output / "feed.json").exists() == feeds
        # The sitemap and robots.txt: by the feeds' child when there is one, else here, after the days.
        assert "<urlset" in (site.output / "sitemap.xml").read_text(encoding="utf-8")
        assert "sitemap.xml" in (site.output / "robots.txt").read_text(encoding="utf-8")
