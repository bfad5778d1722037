"""A story's final-state key (``memo.state_after(story, "final")``) names its state as the pipeline leaves it.

Later build steps (the story bodies, the page fingerprints) may use a story's
work of the last build again when its key is the same: so two stories with
the same key, in one build or in two, must be equal field by field, and an
unchanged story must keep its key from a cold build to a warm one.

Every story is from the project's demo content (our own fiction).
"""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path

from kept_loads import load_settings

from conftest import ROOT
from news_digest import collector
from news_digest.cache import Cache
from news_digest.codec import story_reprs
from news_digest.enrich import stages
from news_digest.incremental import Memo
from news_digest.isolation import REJECTING
from news_digest.pipeline import run_pipeline
from news_digest.story import Event, Story

DEMO = ROOT / "content"


def _site(root: Path, outlets: tuple[str, ...]) -> None:
    """The demo's sources and names, and the stories of ``outlets``."""
    (root / "content" / "scraped").mkdir(parents=True)
    for name in ("sources.yaml", "entities.yaml"):
        shutil.copy2(DEMO / name, root / "content" / name)
    for outlet in outlets:
        shutil.copytree(DEMO / "scraped" / outlet, root / "content" / "scraped" / outlet)


def _run(root: Path, cache: str) -> tuple[list[Story], Memo]:
    """Run the pipeline with the build cache ``cache``: the stories and the build's memo."""
    settings = load_settings(root, cache=cache)
    memo = Memo(Cache(settings.cache_path))
    try:
        stories = run_pipeline(settings, memo=memo)
    finally:
        collector.release()
        assert memo.cache is not None
        memo.cache.close()
    # Every published story has a key.
    assert all(memo.state_after(s, "final") is not None for s in stories if s.ok)
    return stories, memo


def _build(root: Path, cache: str) -> dict[str, tuple[str | None, list[str]]]:
    """Each story's final key and state, by source, after a build with the build cache ``cache``."""
    stories, memo = _run(root, cache)
    return {s.source: (memo.state_after(s, "final"), story_reprs(s)) for s in stories}


def test_equal_final_keys_are_equal_stories_in_cold_and_warm_builds(tmp_path: Path) -> None:
    scraped = tmp_path / "content" / "scraped"
    _site(tmp_path, ("harbour-courier", "riverside-post"))
    builds = [_build(tmp_path, "cache")]
    # A body edited where nothing after summaries shows it: only the summaries key tells.
    with (scraped / "harbour-courier" / "back-in-the-cabs-at-kellhaven.txt").open(
        "a", encoding="utf-8"
    ) as out:
        out.write("\nit was a long week for everyone, and few will miss it.\n")
    builds.append(_build(tmp_path, "cache"))
    # Stories of other outlets (new related stories, events, tags and common words for the
    # old ones), a repost edited, one story gone.
    for outlet in ("northern-ledger", "meridian-wire"):
        shutil.copytree(DEMO / "scraped" / outlet, scraped / outlet)
    reposts = sorted((scraped / "riverside-post").glob("*.txt"))
    with reposts[0].open("a", encoding="utf-8") as out:
        out.write("\nThe harbour council will answer the questions on Friday.\n")
    reposts[1].unlink()
    builds.append(_build(tmp_path, "cache"))
    cold = _build(tmp_path, "fresh cache")

    # The same state in a cold build and a warm one: the same key.
    assert builds[-1].keys() == cold.keys()
    for source, (key, state) in builds[-1].items():
        assert state == cold[source][1], source
        assert key == cold[source][0], source
    # Equal keys, equal stories, in every build.
    states: dict[str, list[str]] = {}
    for build in builds:
        for source, (key, state) in build.items():
            if key is not None:
                assert states.setdefault(key, state) == state, source
    # From one build to the next, a story keeps its key exactly when it stays the same.
    # After the edit most stories stay; the new outlets change every old story (their
    # related stories, or the archive's common words their tags are found by).
    for before, after, stayed in zip(builds[:-1], builds[1:], (True, False), strict=True):
        same = changed = 0
        for source, (key, state) in before.items():
            if source in after and key is not None:
                assert (key == after[source][0]) == (state == after[source][1]), source
                same += state == after[source][1]
                changed += state != after[source][1]
        assert changed and bool(same) == stayed


def test_every_field_a_stage_after_summaries_writes_changes_the_key(tmp_path: Path) -> None:
    """What the stages after summaries write is in the key, field by field (the summaries key cannot tell)."""
    later = {
        f for stage, fields in stages.WRITES.items() if stage not in ("slugs", "summaries") for f in fields
    }
    assert later | set(REJECTING) <= set(stages.AFTER_SUMMARIES)
    _site(tmp_path, ("harbour-courier",))
    stories, memo = _run(tmp_path, "cache")
    story = next(s for s in stories if s.ok)

    def final_key() -> str | None:
        memo.went_through(story, "summaries", "the same summaries record")
        stages._note_final_states([story], memo)
        return memo.state_after(story, "final")

    key = final_key()
    other = Story(source="scraped/other.txt", headline="Another")
    for name in stages.AFTER_SUMMARIES:
        was = getattr(story, name)
        setattr(story, name, getattr(other, name) if was != getattr(other, name) else ["changed"])
        assert final_key() != key, name
        setattr(story, name, was)
        assert final_key() == key, name


def _keys(stories: list[Story]) -> list[str | None]:
    """Each story's final key, as if each had left summaries with a record keyed by its source."""
    memo = Memo(None)
    for story in stories:
        memo.went_through(story, "summaries", f"summaries of {story.source}")
    stages._note_final_states(stories, memo)
    return [memo.state_after(s, "final") for s in stories]


def test_an_event_counts_by_its_state_not_by_the_object() -> None:
    """Events are shared by their members and digested once a build: by value, never by object."""
    day = date(2026, 3, 2)

    def event(*members: str) -> Event:
        return Event(id="harbour-strike", lead=members[0], members=list(members), outlets=2, day=day)

    shared = event("scraped/a.txt", "scraped/b.txt")
    a = Story(source="scraped/a.txt", event=shared, timeline=[event("scraped/x.txt")])
    b = Story(source="scraped/b.txt", event=shared, timeline=[event("scraped/x.txt")])
    # The same events as other objects: the same keys (a cold build and a warm one make new objects).
    twin = Story(
        source="scraped/a.txt", event=event("scraped/a.txt", "scraped/b.txt"), timeline=list(a.timeline)
    )
    keys = _keys([a, b, twin])
    assert keys[0] == keys[2] and keys[0] != keys[1]
    # One member more in the shared event, an event's day, a timeline's order or length: new keys.
    before = _keys([a])[0]
    shared.members.append("scraped/c.txt")
    assert _keys([a])[0] != before
    shared.members.pop()
    assert _keys([a])[0] == before
    a.event = dataclasses.replace(shared, day=date(2026, 3, 3))
    assert _keys([a])[0] != before
    a.event = shared
    a.timeline = [event("scraped/y.txt"), event("scraped/x.txt")]
    other_order = _keys([a])[0]
    a.timeline.reverse()
    assert len({before, other_order, _keys([a])[0]}) == 3
    # In one build, an event with the same id (slug) but other members is not taken for another.
    a.timeline = []
    c = Story(source="scraped/c.txt", event=event("scraped/c.txt", "scraped/a.txt"))
    alone = _keys([c])[0]
    assert _keys([a, c])[1] == alone and _keys([c, a])[0] == alone
    # No event: not the same as any event.
    a.event = None
    assert _keys([a])[0] not in (before, other_order)
