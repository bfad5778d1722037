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

from kept_loads import load, load_settings, same_as_from_scratch

from conftest import ROOT
from news_digest import collector
from news_digest.cache import Cache
from news_digest.codec import story_reprs
from news_digest.commentary import Note
from news_digest.incremental import Memo
from news_digest.pipeline import run_pipeline

LINE = "Kellhaven tide tables and harbour notices"
"""A line that is no sentence: learned as furniture once three different stories carry it."""

STORY = """\
{headline} | Regional news | Kellhaven Gazette

{lede} The harbour council said on Sunday, November 29, that the work would start within weeks.

{line}

Council leader Mara Voss said the plan had been agreed with the port's tenants. Residents asked for
the notices to be posted at the ferry terminal as well as online.

Harbour master Idris Quayle said boats would be moved to the outer basin while the work went on,
and that the fish market would stay open throughout. Traders said they had been told in good time.

The next council meeting is on Thursday.
"""

LEDES = [
    ("Harbour wall repairs approved", "Repairs to the old harbour wall were approved on Friday."),
    ("New moorings for the fishing fleet", "Twelve new moorings will be laid for the fishing fleet."),
    ("Ferry terminal roof to be replaced", "The ferry terminal's leaking roof is to be replaced."),
    ("Harbour dredging to begin in spring", "Dredging of the inner harbour will begin in spring."),
]


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

    counts = same_as_from_scratch(tmp_path)  # the cache filled
    total = counts["cleaning"][1]
    assert counts["cleaning"] == [0, total] and total > 10
    assert same_as_from_scratch(tmp_path)["cleaning"] == [total, 0]  # all from the cache

    # A third story carries the line: the outlet learns it, so its stories are cleaned again
    # (the first of them now carries the lesson's warning before cleaning).
    _story(gazette, 3)
    counts = same_as_from_scratch(tmp_path)
    assert counts["reading"] == [total, 1] and counts["cleaning"] == [total - 2, 3]  # the outlet's three
    kept, _ = load(tmp_path, cached=True)
    taught = [
        source
        for source, state in kept.items()
        if "furniture for outlet 'kellhaven gazette'" in "".join(state)
    ]
    assert [Path(source).name for source in taught] == ["harbour-notice-1.txt"]

    # A fourth, whose name comes first: the same lesson, whose warning moves to it. The story
    # that carried the warning is cleaned again, the others are not.
    _story(gazette, 0)
    counts = same_as_from_scratch(tmp_path)
    assert counts["reading"] == [total + 1, 1] and counts["cleaning"] == [total, 2]

    # The story goes again: the warning moves back.
    (gazette / "harbour-notice-0.txt").unlink()
    counts = same_as_from_scratch(tmp_path)
    assert counts["reading"] == [total + 1, 0] and counts["cleaning"][1] == 1
    total += 1

    # The registry changes (a furniture line for every outlet): every story is cleaned again,
    # none read again.
    registry = content / "sources.yaml"
    text = registry.read_text()
    assert "\nfurniture: []\n" in text
    registry.write_text(text.replace("\nfurniture: []\n", '\nfurniture: ["Kellhaven tide tables"]\n'))
    counts = same_as_from_scratch(tmp_path)
    assert counts["reading"] == [total, 0] and counts["cleaning"] == [0, total]

    # An edited sidecar and an edited text: those two are read and cleaned again.
    sidecar = next(folder.glob("*.yaml"))
    sidecar.write_text(sidecar.read_text() + "title: A headline the editor set\n")
    text = gazette / "harbour-notice-1.txt"
    text.write_text(text.read_text() + "\nThe work will take three weeks.\n")
    counts = same_as_from_scratch(tmp_path)
    assert counts["reading"] == [total - 2, 2] and counts["cleaning"] == [total - 2, 2]


def _run(root: Path, cached: bool, notes: list[dict]) -> tuple[dict[str, list[str]], dict[str, list[int]]]:
    """The whole pipeline, through the cache or not; every field of every story after it."""
    settings = load_settings(root)
    memo = Memo(Cache(settings.cache_path), 1) if cached else None
    try:
        stories = run_pipeline(settings, [Note(**note) for note in notes], memo)
    finally:
        collector.release()
        if memo is not None and memo.cache is not None:
            memo.cache.close()
    return {s.source: story_reprs(s) for s in stories}, (memo.counts if memo else {})


def _enriched_as_from_scratch(root: Path, notes: list[dict]) -> dict[str, list[int]]:
    kept, counts = _run(root, True, notes)
    fresh, _ = _run(root, False, notes)
    assert sorted(kept) == sorted(fresh)
    for source, state in fresh.items():
        assert kept[source] == state, source
    return counts


def test_summaries_and_names_kept_follow_slugs_and_commentary(tmp_path) -> None:
    """Summaries' and names' records are keyed by the record of the stage before and what the stages
    in between may change (slugs; commentary): a story whose slug or commentary changes is worked
    out again, and every story after the whole pipeline is the one a build without a cache makes."""
    content = tmp_path / "content"
    gazette = content / "scraped" / "gazette"
    shutil.copytree(ROOT / "content" / "scraped" / "harbour-courier", content / "scraped" / "harbour-courier")
    shutil.copy2(ROOT / "content" / "sources.yaml", content / "sources.yaml")
    for k in (1, 2, 3):
        _story(gazette, k)
    counts = _enriched_as_from_scratch(tmp_path, [])
    total = counts["summaries"][1]
    assert counts["summaries"] == [0, total] and counts["names"] == [0, total]
    counts = _enriched_as_from_scratch(tmp_path, [])
    assert counts["summaries"] == [total, 0] and counts["names"] == [total, 0]

    # An editor's note on one story (its summary): only that story's names are worked out again.
    note = {
        "source": "commentary/moorings.md",
        "kind": "story",
        "target": "new-moorings-for-the-fishing-fleet",
        "summary": "The fleet gets twelve moorings, the council says.",
        "html": "<p>About time.</p>",
    }
    counts = _enriched_as_from_scratch(tmp_path, [note])
    assert counts["summaries"] == [total, 0] and counts["names"] == [total - 1, 1]

    # Another outlet's story under the same headline, whose file comes first, takes the plain slug:
    # the one that had it gets another, and its summary and names are worked out again (with the
    # new one's), though it was read and cleaned as before.
    other = content / "scraped" / "a-ledger"
    other.mkdir()
    text = STORY.format(headline=LEDES[1][0], lede="A second fleet is to get moorings too.", line="")
    (other / "moorings.txt").write_text(text.replace("Kellhaven Gazette", "Kellhaven Ledger"))
    counts = _enriched_as_from_scratch(tmp_path, [note])
    assert counts["cleaning"] == [total, 1] and counts["summaries"] == [total - 1, 2]
