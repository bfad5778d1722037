"""Feeds written by forked children beside the pages: Pelican's (``pelican_feeds``) and the digest's
own (``digest_pages``, beside the day pages).

With two jobs the feeds must be the files one process writes, the output
files' record and the report the same, and the feeds written by another
process than the build's; when another plugin listens to the feed signals, or
two feeds share a file, they are written in order by the build process, as
Pelican does; a feed that fails in the child fails the build with its error.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from feedgenerator import Atom1Feed
from pelican import signals
from pelican.writers import FileOverwriteFailedError

from conftest import ROOT, build_site, tree_bytes
from news_digest import digest_pages

OUTLET = ROOT / "content" / "scraped" / "harbour-courier"


@pytest.fixture
def writers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A file where each Atom feed written adds the id of the process that wrote it and the file's name."""
    log = tmp_path / "feed-writers.txt"
    write = Atom1Feed.write

    def noted(self: Atom1Feed, outfile: Any, *args: Any, **kwargs: Any) -> None:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {Path(outfile.name).name}\n")
        write(self, outfile, *args, **kwargs)

    monkeypatch.setattr(Atom1Feed, "write", noted)
    yield log


def _site(root: Path, **settings: Any) -> tuple[dict[str, bytes], dict[str, Any]]:
    """The example outlet built under ``root``: every output file, and the report."""
    if not (root / "content").exists():
        shutil.copytree(OUTLET, root / "content" / "scraped" / "harbour-courier")
    site = build_site(root, {}, DIGEST_CACHE_PATH=str(root / "digest-cache"), **settings)
    return tree_bytes(site.output), site.report


def _pids(log: Path, digest: bool | None = None) -> list[int]:
    """The processes that wrote the feeds (each write), then forgotten; ``digest``: only the
    digest's own feed (True) or only Pelican's (False)."""
    lines = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    log.unlink()
    return [int(pid) for pid, name in lines if digest is None or (name == "digest.atom.xml") == digest]


@pytest.mark.parametrize("relative", [False, True])
def test_feeds_written_beside_the_pages_are_the_files_one_process_writes(
    tmp_path: Path, writers: Path, relative: bool
) -> None:
    one, one_report = _site(tmp_path / "one", DIGEST_JOBS=1, RELATIVE_URLS=relative)
    assert set(_pids(writers)) == {os.getpid()}
    two, two_report = _site(tmp_path / "two", DIGEST_JOBS=2, RELATIVE_URLS=relative)
    pids = _pids(writers)
    # Pelican's feeds by one child, the digest's own Atom feed by another beside the day pages.
    children = set(pids) - {os.getpid()}
    assert len(children) == 2
    assert len(pids) == len([n for n in one if n.startswith("feeds/")]) + pids.count(os.getpid()) > 2
    # The digest feed's summaries resolve their links against the relative site URL the day pages
    # leave: the child renders them with it, so its feed is kept either way.
    assert pids.count(os.getpid()) == 0
    assert sorted(two) == sorted(one)
    for name, data in one.items():
        assert two[name] == data, name
    one_report.pop("build"), two_report.pop("build")  # the report's build section holds paths and times
    assert json.dumps(two_report, sort_keys=True) == json.dumps(one_report, sort_keys=True)


def test_a_digest_feed_rendered_for_another_site_url_is_written_again_by_the_build_process(
    tmp_path: Path, writers: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, _report = _site(tmp_path / "one", DIGEST_JOBS=1)
    _pids(writers)
    # The child told the wrong page-relative site URL: its digest feed must not be the one kept.
    monkeypatch.setattr(digest_pages.DigestGenerator, "_site_url_after_days", lambda self, before: "../..")
    two, _report = _site(tmp_path / "two", DIGEST_JOBS=2)
    digest = _pids(writers, digest=True)
    assert len(digest) == 2 and digest[-1] == os.getpid() != digest[0]
    assert two["feeds/digest.atom.xml"] == one["feeds/digest.atom.xml"]
    assert two["feed.json"] == one["feed.json"]


def test_feeds_written_by_the_child_are_recorded_and_removed_once_turned_off(tmp_path: Path) -> None:
    files, _report = _site(tmp_path, DIGEST_JOBS=2)
    categories = [n for n in files if n.startswith("feeds/category/")]
    assert categories
    # Only a file the output files' record holds is removed when no build makes it any more.
    files, _report = _site(tmp_path, DIGEST_JOBS=2, CATEGORY_FEED_ATOM=None, DELETE_OUTPUT_DIRECTORY=False)
    assert not [n for n in files if n.startswith("feeds/category/")]
    assert "feeds/all.atom.xml" in files


def test_another_plugin_listening_to_the_feeds_gets_them_written_in_order(
    tmp_path: Path, writers: Path
) -> None:
    heard: list[tuple[str, Any]] = []

    def listen(path: str, feed: Any = None, **_: Any) -> None:
        heard.append((path, feed))

    signals.feed_written.connect(listen)
    try:
        files, _report = _site(tmp_path, DIGEST_JOBS=2)
    finally:
        signals.feed_written.disconnect(listen)
    assert set(_pids(writers, digest=False)) == {os.getpid()}
    written = sorted(os.path.relpath(path, tmp_path / "output") for path, _feed in heard)
    assert written == sorted(n for n in files if n.startswith("feeds/") and n != "feeds/digest.atom.xml")
    assert all(isinstance(feed, Atom1Feed) for _path, feed in heard)


@pytest.mark.parametrize("jobs", [1, 2])
def test_two_feeds_on_one_file_fail_as_pelican_fails_before_any_page(tmp_path: Path, jobs: int) -> None:
    with pytest.raises(FileOverwriteFailedError):
        _site(tmp_path, DIGEST_JOBS=jobs, CATEGORY_FEED_ATOM="feeds/all.atom.xml")
    report = json.loads((tmp_path / "digest-report.json").read_text(encoding="utf-8"))
    assert report["build"]["status"] == "failed"
    assert "feeds/all.atom.xml" in report["build"]["error"]
    assert report["counts"]["published"] == 0  # stopped before any page, as one process stops
    assert not list((tmp_path / "output").rglob("index.html"))


def test_a_feed_that_fails_in_the_child_fails_the_build_with_its_error(tmp_path: Path) -> None:
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "feeds").write_text("not a folder", encoding="utf-8")
    with pytest.raises(OSError):
        _site(tmp_path, DIGEST_JOBS=2, DELETE_OUTPUT_DIRECTORY=False)
    report = json.loads((tmp_path / "digest-report.json").read_text(encoding="utf-8"))
    assert report["build"]["status"] == "failed"
    assert "feeds/all.atom.xml" in report["build"]["error"]
    # The pages were written meanwhile: the stories whose pages exist stay published, truly.
    published = [i for i in report["inputs"] if i["status"] == "published"]
    assert published
    assert all((tmp_path / "output" / i["url"] / "index.html").is_file() for i in published)
