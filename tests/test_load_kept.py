"""Reading and cleaning through the build cache: each story a warm load gives is, field for field,
the story a load without a cache makes, whatever changed in between.

A story's cleaning record is keyed by the read record it came from (and its place there), the
registry, the settings, its outlet's learned furniture and the warnings it carries before cleaning,
not by a digest of all its fields (``pipeline.load_stories``). These tests change each of those in
turn (new stories teaching a line, the lesson forgotten, an edited registry, an edited sidecar and
text) and compare every field of every story with a load from scratch.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT
from news_digest import collector
from news_digest.cache import Cache
from news_digest.codec import story_reprs
from news_digest.incremental import Memo
from news_digest.pipeline import load_stories
from news_digest.settings import DigestSettings

LINE = "Kellhaven tide tables and harbour notices"
"""A line that is no sentence: learned as furniture once three different stories carry it."""

STORY = """\
{headline} | Regional news | Kellhaven Gazette

{lede} The harbour council said on Sunday, November 29, that the work would start within weeks.

{line}

Council leader Mara Voss said the plan had been agreed with the port's tenants. Residents asked for
the notices to be posted at the ferry terminal as well as online.

The next council meeting is on Thursday.
"""

LEDES = [
    ("Harbour wall repairs approved", "Repairs to the old harbour wall were approved on Friday."),
    ("New moorings for the fishing fleet", "Twelve new moorings will be laid for the fishing fleet."),
    ("Ferry terminal roof to be replaced", "The ferry terminal's leaking roof is to be replaced."),
    ("Harbour dredging to begin in spring", "Dredging of the inner harbour will begin in spring."),
]


def _settings(root: Path) -> DigestSettings:
    return DigestSettings.from_pelican(
        {
            "PATH": str(root / "content"),
            "OUTPUT_PATH": str(root / "output"),
            "DIGEST_REFERENCE_DATE": "2026-11-30",
            "DIGEST_JOBS": 1,
        }
    )


def _load(root: Path, cached: bool) -> tuple[dict[str, list[str]], dict[str, list[int]]]:
    settings = _settings(root)
    memo = Memo(Cache(settings.cache_path), 1) if cached else None
    try:
        stories = load_stories(settings, memo=memo)
    finally:
        collector.release()
        if memo is not None and memo.cache is not None:
            memo.cache.close()
    return {s.source: story_reprs(s) for s in stories}, (memo.counts if memo else {})


def _same_as_from_scratch(root: Path) -> dict[str, list[int]]:
    kept, counts = _load(root, cached=True)
    fresh, _ = _load(root, cached=False)
    assert sorted(kept) == sorted(fresh)
    for source, state in fresh.items():
        assert kept[source] == state, source
    return counts


def _story(folder: Path, k: int) -> None:
    """A story of an outlet the registry does not list: what it learns is its own."""
    headline, lede = LEDES[k]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"harbour-notice-{k}.txt").write_text(STORY.format(headline=headline, lede=lede, line=LINE))


def test_stories_loaded_through_the_cache_are_the_stories_loaded_from_scratch(tmp_path) -> None:
    content = tmp_path / "content"
    folder = content / "scraped" / "harbour-courier"
    shutil.copytree(ROOT / "content" / "scraped" / "harbour-courier", folder)
    shutil.copy2(ROOT / "content" / "sources.yaml", content / "sources.yaml")
    gazette = content / "scraped" / "gazette"
    for k in (1, 2):
        _story(gazette, k)

    counts = _same_as_from_scratch(tmp_path)  # the cache filled
    total = counts["cleaning"][1]
    assert counts["cleaning"] == [0, total] and total > 10
    assert _same_as_from_scratch(tmp_path)["cleaning"] == [total, 0]  # all from the cache

    # A third story carries the line: the outlet learns it, so its stories are cleaned again
    # (the first of them now carries the lesson's warning before cleaning).
    _story(gazette, 3)
    counts = _same_as_from_scratch(tmp_path)
    assert counts["reading"] == [total, 1] and counts["cleaning"] == [total - 2, 3]  # the outlet's three
    kept, _ = _load(tmp_path, cached=True)
    taught = [
        source
        for source, state in kept.items()
        if "furniture for outlet 'kellhaven gazette'" in "".join(state)
    ]
    assert [Path(source).name for source in taught] == ["harbour-notice-1.txt"]

    # A fourth, whose name comes first: the same lesson, whose warning moves to it. The story
    # that carried the warning is cleaned again, the others are not.
    _story(gazette, 0)
    counts = _same_as_from_scratch(tmp_path)
    assert counts["reading"] == [total + 1, 1] and counts["cleaning"] == [total, 2]

    # The story goes again: the warning moves back.
    (gazette / "harbour-notice-0.txt").unlink()
    counts = _same_as_from_scratch(tmp_path)
    assert counts["reading"] == [total + 1, 0] and counts["cleaning"][1] == 1
    total += 1

    # The registry changes (a furniture line for every outlet): every story is cleaned again,
    # none read again.
    registry = content / "sources.yaml"
    text = registry.read_text()
    assert "\nfurniture: []\n" in text
    registry.write_text(text.replace("\nfurniture: []\n", '\nfurniture: ["Kellhaven tide tables"]\n'))
    counts = _same_as_from_scratch(tmp_path)
    assert counts["reading"] == [total, 0] and counts["cleaning"] == [0, total]

    # An edited sidecar and an edited text: those two are read and cleaned again.
    sidecar = next(folder.glob("*.yaml"))
    sidecar.write_text(sidecar.read_text() + "title: A headline the editor set\n")
    text = gazette / "harbour-notice-1.txt"
    text.write_text(text.read_text() + "\nThe work will take three weeks.\n")
    counts = _same_as_from_scratch(tmp_path)
    assert counts["reading"] == [total - 2, 2] and counts["cleaning"] == [total - 2, 2]
