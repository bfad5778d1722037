"""A day's news leaves the pages it does not touch byte for byte as they were.

A synthetic archive (``bench/synth.py``: 40 stories over 30 days, eight
categories, two per page) is built with its cache into a kept output folder; three
stories dated on its newest day are added and the site built again. Then:

* the output is a cold build's of the same content, byte for byte;
* an old story page changes only when it now links to one of the new
  stories or to a tag page they made (word weights count the stories up to
  each story's day, so old stories' related links move only for a new story
  that ranks among them);
* the numbered pages of categories and tags (counted from the oldest story)
  are as they were, but for the newest one when a list grew a page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from bench import synth
from conftest import build_site, tree_bytes
from news_digest.enrich import horizon
from news_digest.list_pages import blocks, span

ARCHIVE = 40
ADDED = 3
PER_PAGE = 2


def _stories() -> list[synth.SynthStory]:
    """The archive and the added stories, two paragraphs each (the build's cost is in their words)."""
    return [dataclasses.replace(s, paragraphs=s.paragraphs[:2]) for s in synth.make_stories(ARCHIVE + ADDED)]


def _build(root: Path, **settings) -> dict[str, bytes]:
    return tree_bytes(
        build_site(root, {}, DELETE_OUTPUT_DIRECTORY=False, DEFAULT_PAGINATION=PER_PAGE, **settings).output
    )


@pytest.fixture(scope="module")
def day_added(tmp_path_factory) -> tuple[dict[str, bytes], dict[str, bytes], dict[str, bytes], list[str]]:
    """The site before, after three stories on the newest day, a cold build of after; the new slugs."""
    patch = pytest.MonkeyPatch()
    # The test archive is small: weights stop counting later stories from its 9th story on.
    patch.setattr(horizon, "MIN_STORIES", 8)
    try:
        stories = _stories()
        newest = max(s.date for s in stories[:ARCHIVE])
        stories[ARCHIVE:] = [dataclasses.replace(s, date=newest) for s in stories[ARCHIVE:]]
        root = tmp_path_factory.mktemp("kept")
        synth.write_scraped(stories[:ARCHIVE], root / "content")
        before = _build(root)
        staged = tmp_path_factory.mktemp("staged")
        synth.write_scraped(stories[ARCHIVE:], staged / "content")
        for path in (staged / "content" / "scraped").iterdir():
            shutil.copy2(path, root / "content" / "scraped" / path.name)
        after = _build(root)
        fresh = tmp_path_factory.mktemp("fresh")
        shutil.copytree(root / "content", fresh / "content")
        cold = _build(fresh, DIGEST_CACHE_PATH="")
    finally:
        patch.undo()
    new = [
        name.split("/")[-2] for name in after if name not in before and re.match(r"\d{4}/.+/index.html", name)
    ]
    return before, after, cold, new


def test_the_kept_site_is_a_cold_build(day_added):
    _, after, cold, new = day_added
    assert len(new) == ADDED
    assert sorted(after) == sorted(cold)
    assert [n for n in cold if after[n] != cold[n]] == []


def test_old_story_pages_change_only_to_link_a_new_story(day_added):
    before, after, _, new = day_added
    stories = [n for n in before if re.match(r"\d{4}/\d\d/\d\d/[^/]+/index.html$", n)]
    changed = [n for n in stories if after[n] != before[n]]
    # A tag that reaches DIGEST_TAG_MIN_STORIES with a new story gets its page: a link.
    new_tags = {n.split("/")[1] for n in after.keys() - before.keys() if n.startswith("tag/")}
    for name in changed:
        html = after[name].decode()
        assert any(f"/{slug}/" in html for slug in new) or any(f"/tag/{t}/" in html for t in new_tags), name
    assert len(changed) < len(stories) // 2


def test_numbered_list_pages_keep_their_bytes(day_added):
    before, after, _, _ = day_added
    numbered = re.compile(r"(category|tag)/([^/]+)/page/(\d+)/index.html$")
    checked = 0
    for name, data in before.items():
        m = numbered.match(name)
        if not m:
            continue
        kind, slug = m.group(1), m.group(2)
        highest_before = max(
            int(numbered.match(n).group(3)) for n in before if n.startswith(f"{kind}/{slug}/page/")
        )
        highest_after = max(
            int(numbered.match(n).group(3)) for n in after if n.startswith(f"{kind}/{slug}/page/")
        )
        if int(m.group(3)) == highest_before and highest_after > highest_before:
            continue  # its "Newer stories" link now goes to the new page
        assert after[name] == data, name
        checked += 1
    assert checked >= 4


def test_a_category_reads_newest_first_across_its_pages(day_added):
    """Front page, then "Older stories" down to page 1: every story once, newest first."""
    _, after, _, _ = day_added
    front = after["category/world/index.html"].decode()
    seen: list[str] = []
    links: list[str] = []
    page = front
    while True:
        body = page.split('<ol class="story-list">', 1)[1].split("</ol>", 1)[0]
        seen += re.findall(r'<time datetime="([\d-]+)">', body)
        links += re.findall(r'<h2><a href="[./]*([^"]+)" rel="bookmark">', body)
        older = re.search(r'<a href="([^"]+)" rel="next">Older stories</a>', page)
        if not older:
            break
        target = re.sub(r"^(\.\./)+", "", older.group(1)).rstrip("/") + "/index.html"
        page = after[target].decode()
        assert re.search(r'rel="prev">Newer stories</a>', page)
    assert seen == sorted(seen, reverse=True)
    world = [s for s in _stories() if s.section == "World"]
    assert len(links) == len(set(links)) == len(world)


def test_blocks_and_spans():
    assert blocks(3, 2) == (0, [range(3)])
    assert blocks(4, 2) == (1, [range(2, 4), range(2)])
    assert blocks(7, 2) == (2, [range(4, 7), range(2), range(2, 4)])
    assert blocks(0, 2) == (0, [range(0)])
    d = dt.date
    assert span([d(2026, 10, 3)]) == "3 October 2026"
    assert span([d(2026, 10, 3), d(2026, 10, 1)]) == "1 to 3 October 2026"
    assert span([d(2026, 9, 30), d(2026, 10, 2)]) == "30 September to 2 October 2026"
    assert span([d(2025, 12, 28), d(2026, 1, 3)]) == "28 December 2025 to 3 January 2026"
