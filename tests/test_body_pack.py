"""The packed story bodies (body_pack.py): found by state, else by HTML, else typeset; never trusted.

make_articles runs here with a real build cache (a SQLite file in a temporary
folder) over stories whose final-state keys the tests give, as the pipeline
would: a story keeps its body while its state and its related stories' states
are the same, and finds it by its HTML when only its state changed.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from test_story_page_fingerprints import _settings

from news_digest import body_pack, codec
from news_digest.cache import FILE, Cache
from news_digest.incremental import Memo
from news_digest.pelican_glue import make_articles
from news_digest.story import Block, Story
from news_digest.typography import Typesetter


def _stories() -> list[Story]:
    day = dt.date(2026, 11, 20)
    lead = Story(
        source="scraped/lead.html",
        headline="Harbour bridge opens",
        blocks=[Block("p", "The bridge opened on Monday.")],
        outlet="Daily Post",
        category="Local",
        date=day,
        slug="harbour-bridge-opens",
        summary="The bridge opened.",
    )
    other = dataclasses.replace(
        lead,
        source="scraped/tolls.html",
        headline="Bridge tolls set",
        blocks=[Block("p", "Tolls start in May.")],
        slug="bridge-tolls-set",
        summary=None,
        related=["scraped/lead.html"],
    )
    third = dataclasses.replace(
        lead,
        source="scraped/ferry.html",
        headline="Ferry ends",
        blocks=[Block("p", "The last ferry sailed on Sunday.")],
        slug="ferry-ends",
    )
    return [lead, other, third]


def _build(
    folder: Path,
    stories: list[Story],
    states: dict[str, str],
    settings: dict[str, Any] | None = None,
    jobs: int = 1,
) -> tuple[dict[str, tuple[str, str | None]], list[int]]:
    """make_articles with the cache in ``folder`` (closed after, as a build ends): each story's
    body and summary, and the bodies count [from the cache, typeset]."""
    settings = settings or _settings()
    memo = Memo(Cache(folder), jobs)
    for story in stories:
        if story.source in states:
            memo.went_through(story, "final", states[story.source])
    context: dict[str, Any] = {**copy.copy(settings), "generated_content": {}, "static_content": {}}
    articles = make_articles(stories, settings, context, 2, memo)
    assert memo.cache is not None
    memo.cache.close()
    out = {src: (a._content, a.metadata.get("summary")) for src, a in articles.items()}
    return out, memo.counts.get("bodies", [0, 0])


def _cold(stories: list[Story], settings: dict[str, Any] | None = None) -> dict[str, tuple[str, str | None]]:
    settings = settings or _settings()
    context: dict[str, Any] = {**copy.copy(settings), "generated_content": {}, "static_content": {}}
    articles = make_articles(stories, settings, context, 2, None)
    return {src: (a._content, a.metadata.get("summary")) for src, a in articles.items()}


STATES = {"scraped/lead.html": "s-lead", "scraped/tolls.html": "s-tolls", "scraped/ferry.html": "s-ferry"}


def test_unchanged_states_take_every_body_from_the_pack(tmp_path):
    first, counts = _build(tmp_path, _stories(), STATES)
    assert counts == [0, 3]
    assert first == _cold(_stories())
    again, counts = _build(tmp_path, _stories(), STATES)
    assert counts == [3, 0]
    assert again == first


def test_added_story_is_typeset_alone(tmp_path):
    _build(tmp_path, _stories()[:2], STATES)
    stories = _stories()
    built, counts = _build(tmp_path, stories, STATES)
    assert counts == [2, 1]
    assert built == _cold(_stories())


def test_a_new_state_with_the_same_html_is_found_by_its_html(tmp_path):
    _build(tmp_path, _stories(), STATES)
    states = {**STATES, "scraped/ferry.html": "s-ferry-2"}  # e.g. a new event: the body is the same
    built, counts = _build(tmp_path, _stories(), states)
    assert counts == [3, 0]
    assert built == _cold(_stories())
    # ... and kept under its new state for the build after.
    _built, counts = _build(tmp_path, _stories(), states)
    assert counts == [3, 0]


def test_an_edited_story_and_the_stories_that_link_it_are_made_again(tmp_path):
    _build(tmp_path, _stories(), STATES)
    stories = _stories()
    stories[0].headline = "Harbour bridge opens at last"  # shown in the tolls story's see-also
    stories[0].blocks = [Block("p", "The bridge opened on Monday, late.")]
    states = {**STATES, "scraped/lead.html": "s-lead-2"}
    built, counts = _build(tmp_path, stories, states)
    assert counts == [1, 2]
    assert built == _cold([dataclasses.replace(s) for s in stories])
    assert "Harbour bridge opens at last" in built["scraped/tolls.html"][0]


def test_a_related_story_with_a_new_state_makes_the_body_again(tmp_path):
    """Its see-also item may have changed although the story's own state did not."""
    _build(tmp_path, _stories(), STATES)
    stories = _stories()
    stories[0].headline = "Harbour bridge opens at last"
    states = {**STATES, "scraped/lead.html": "s-lead-2"}
    built, counts = _build(tmp_path, stories, states)
    assert "Harbour bridge opens at last" in built["scraped/tolls.html"][0]
    assert built == _cold(stories)
    # The lead's body is the same HTML (the headline is not in it): found by its HTML. The tolls
    # story's state is the same, but its see-also item changed: typeset.
    assert counts == [2, 1]


def test_deleted_stories_entries_are_dropped_when_the_pack_is_written_again(tmp_path, monkeypatch):
    monkeypatch.setattr(body_pack, "CHUNK", 1)
    _build(tmp_path, _stories(), STATES)
    stories = _stories()
    built, counts = _build(tmp_path, stories[1:], STATES)  # the lead deleted: the tolls story loses its link
    assert built == _cold(_stories()[1:])
    assert counts == [1, 1]
    bodies = _part_values(tmp_path)
    entries = [e for v in bodies for e in codec.loads(v[1:])["bodies"]]
    assert len(entries) == 4  # the parts read by this build are kept through it ...
    _build(tmp_path, stories[1:], STATES)
    bodies = _part_values(tmp_path)
    entries = [e for v in bodies for e in codec.loads(v[1:])["bodies"]]
    assert len(entries) == 2  # ... and gone after the next: the live entries only


def test_without_final_states_bodies_are_found_by_html(tmp_path):
    _build(tmp_path, _stories(), {})
    built, counts = _build(tmp_path, _stories(), {})
    assert counts == [3, 0]
    assert built == _cold(_stories())


def test_a_changed_typography_setting_typesets_again(tmp_path):
    _build(tmp_path, _stories(), STATES)
    settings = {**_settings(), "TYPOGRIFY_DASHES": "oldschool"}
    _built, counts = _build(tmp_path, _stories(), STATES, settings)
    assert counts == [0, 3]


def _part_values(folder: Path) -> list[bytes]:
    db = sqlite3.connect(folder / FILE)
    values = [v for (v,) in db.execute("SELECT value FROM records") if b'"bodies"' in v]
    db.close()
    return values


def _parts(folder: Path) -> int:
    """Parts in the pack's index."""
    memo = Memo(Cache(folder))
    pack = body_pack.BodyPack.load(memo, Typesetter(_settings()).identity)
    assert memo.cache is not None
    memo.cache.close(forget_unused=False)
    return len(pack.parts)


def _part_rows(folder: Path) -> list[str]:
    db = sqlite3.connect(folder / FILE)
    keys = [k for k, v in db.execute("SELECT key, value FROM records") if b'"bodies"' in v]
    db.close()
    return keys


@pytest.mark.parametrize(
    "value",
    [
        {"bodies": [["s", "h", "<p>x</p>", None]]},  # an entry too short
        {"bodies": [["s", "h", 3, None, 10, True]]},  # a body that is not text
        {"bodies": [["s", "h", "<p>x</p>", None, 10]]},  # an entry without whether the summary shows
        {"bodies": [["s", "h", "<p>x</p>", None, 10, 1]]},  # whether the summary shows, not a bool
        {"bodies": "none"},
        [],
    ],
    ids=[
        "short entry",
        "not text",
        "no summary shown",
        "summary shown not a bool",
        "not a list",
        "not a part",
    ],
)
def test_a_part_of_another_shape_discards_the_cache(tmp_path, caplog, value):
    _build(tmp_path, _stories(), STATES)
    (part,) = _part_rows(tmp_path)
    data = b"j" + codec.dumps(value)
    db = sqlite3.connect(tmp_path / FILE)
    db.execute(
        "UPDATE records SET value = ?, sha256 = ? WHERE key = ?", (data, hashlib.sha256(data).digest(), part)
    )
    db.commit()
    db.close()
    caplog.set_level(logging.WARNING)
    built, counts = _build(tmp_path, _stories(), STATES)
    assert any("discarded" in r.getMessage() for r in caplog.records)
    assert counts == [0, 3]
    assert built == _cold(_stories())


def test_a_part_that_fails_its_checksum_discards_the_cache(tmp_path, caplog):
    _build(tmp_path, _stories(), STATES)
    (part,) = _part_rows(tmp_path)
    db = sqlite3.connect(tmp_path / FILE)
    db.execute("UPDATE records SET value = CAST('jnull' AS BLOB) WHERE key = ?", (part,))
    db.commit()
    db.close()
    caplog.set_level(logging.WARNING)
    built, counts = _build(tmp_path, _stories(), STATES)
    assert any("checksum" in r.getMessage() for r in caplog.records)
    assert counts == [0, 3]
    assert built == _cold(_stories())


def test_parts_are_joined_when_many(tmp_path, monkeypatch):
    monkeypatch.setattr(body_pack, "MAX_DEAD", 1.0)  # only the count of parts joins them
    for n in range(body_pack.MAX_PARTS + 2):
        states = {**STATES, "scraped/ferry.html": f"s-ferry-{n}"}  # one fresh entry a build
        built, counts = _build(tmp_path, _stories(), states)
        assert counts == ([0, 3] if n == 0 else [3, 0])
        assert 1 <= _parts(tmp_path) <= 1 + body_pack.MAX_PARTS  # one part written whole, and those added
    assert _parts(tmp_path) < n  # joined at least once
    assert built == _cold(_stories())


def test_a_pack_of_many_parts_gets_a_part_for_a_changed_story_not_written_whole(tmp_path, monkeypatch):
    """A pack written whole in more parts than MAX_PARTS (ten at 10,000 stories) is added to."""
    monkeypatch.setattr(body_pack, "CHUNK", 1)  # three parts when written whole
    monkeypatch.setattr(body_pack, "MAX_PARTS", 2)
    _build(tmp_path, _stories(), STATES)
    first = set(_part_rows(tmp_path))
    assert len(first) == 3
    states = {**STATES, "scraped/ferry.html": "s-ferry-2"}  # the ferry's state changed
    built, counts = _build(tmp_path, _stories(), states)
    assert counts == [3, 0]  # found by state or HTML
    after = set(_part_rows(tmp_path))
    assert first < after and len(after) == 4  # the three kept as they are, one added
    assert _parts(tmp_path) == 4
    assert built == _cold(_stories())


def test_a_pack_written_whole_beside_the_build_is_the_one_written_here(tmp_path, monkeypatch):
    """With more than one job a pack written whole is encoded and written by a forked child
    (Cache.put_beside): the same parts, the same index, and every body found by state next."""
    monkeypatch.setattr(body_pack, "CHUNK", 1)  # three parts: more than one chunk
    here, beside = tmp_path / "here", tmp_path / "beside"
    one, _ = _build(here, _stories(), STATES)
    two, counts = _build(beside, _stories(), STATES, jobs=2)
    assert two == one and counts == [0, 3]
    assert sorted(_part_rows(beside)) == sorted(_part_rows(here)) and len(_part_rows(here)) == 3
    assert _parts(beside) == _parts(here) == 3
    again, counts = _build(beside, _stories(), STATES, jobs=2)
    assert again == one and counts == [3, 0]


def test_a_body_found_by_state_is_not_made_again(tmp_path, monkeypatch):
    """Found by state, a body's HTML is not made (nor hashed): that is the pack's point."""
    from news_digest import pelican_glue

    made: list[str] = []
    real = pelican_glue.body_pieces

    def counted(story: Story, *args: Any) -> Any:
        made.append(story.source)
        return real(story, *args)

    monkeypatch.setattr(pelican_glue, "body_pieces", counted)
    _build(tmp_path, _stories(), STATES)
    made.clear()
    states = {**STATES, "scraped/ferry.html": "s-ferry-2"}
    _built, counts = _build(tmp_path, _stories(), states)
    assert counts == [3, 0]
    assert made == ["scraped/ferry.html"]  # its state changed: found by its HTML, made for the key


def _shown(folder: Path, stories: list[Story], states: dict[str, str]) -> dict[str, bool]:
    """make_articles with the cache in ``folder``: whether each story's page shows its summary."""
    memo = Memo(Cache(folder))
    for story in stories:
        memo.went_through(story, "final", states[story.source])
    settings = _settings()
    context: dict[str, Any] = {**copy.copy(settings), "generated_content": {}, "static_content": {}}
    shown: dict[str, bool] = {}
    make_articles(stories, settings, context, 2, memo, shown)
    assert memo.cache is not None
    memo.cache.close()
    return shown


def test_whether_a_page_shows_its_summary_is_kept_with_its_body(tmp_path, monkeypatch):
    from news_digest import pelican_glue
    from news_digest.page_summary import shows_summary

    first = _shown(tmp_path, _stories(), STATES)
    assert first == {s.source: shows_summary(s) for s in _stories()}
    assert first == {"scraped/lead.html": False, "scraped/tolls.html": False, "scraped/ferry.html": True}

    def never(story: Story) -> bool:
        raise AssertionError(f"worked out again for {story.source}")

    monkeypatch.setattr(pelican_glue, "shows_summary", never)
    assert _shown(tmp_path, _stories(), STATES) == first  # found by state: kept, not worked out
    monkeypatch.undo()
    # The ferry's summary becomes its lede (typeset again); the lead's is marked as the
    # editors' (the same HTML: found by it); each under a new state.
    edited = _stories()
    edited[2].summary = "The last ferry sailed"
    edited[0].summary_by_editor = True
    states = {**STATES, "scraped/ferry.html": "s-ferry-2", "scraped/lead.html": "s-lead-2"}
    again = _shown(tmp_path, edited, states)
    assert again == {"scraped/lead.html": True, "scraped/tolls.html": False, "scraped/ferry.html": False}
    assert again == {s.source: shows_summary(s) for s in edited}


@pytest.mark.parametrize("limit", [None, "lead"])
def test_page_sizes_measured_in_a_worker_are_the_ones_one_process_measures(
    tmp_path, monkeypatch, limit, forks
):
    """A cold build measures each page where its body is typeset (a worker): the pack keeps the same
    sizes, and a page over the limit is rejected the same, as when one process does it all."""
    from news_digest import parallel, pelican_glue

    monkeypatch.setattr(parallel, "MIN_CHUNK", 1)  # three stories are enough to fork
    if limit is not None:  # just under the lead's page: it alone is too large
        lead = _stories()[0]
        body = pelican_glue.body_html(lead, [], Typesetter(_settings()))
        monkeypatch.setattr(pelican_glue, "MAX_PAGE_BYTES", pelican_glue._page_bytes(body, lead) - 1)
    made = {}
    for jobs in (1, 2):
        folder = tmp_path / str(jobs)
        memo = Memo(Cache(folder), jobs)
        settings = _settings()
        context: dict[str, Any] = {**copy.copy(settings), "generated_content": {}, "static_content": {}}
        stories = _stories()
        for story in stories:
            memo.went_through(story, "final", STATES[story.source])
        articles = make_articles(stories, settings, context, 2, memo)
        assert memo.cache is not None
        memo.cache.close()
        made[jobs] = (
            sorted(articles),
            [(s.source, s.status, s.reason) for s in stories],
            _part_values(folder),
        )
        assert bool(forks) == (jobs == 2)
    assert made[2] == made[1]
    assert ("scraped/lead.html" in made[1][0]) == (limit is None)
    if limit is not None:
        assert made[1][1][0][2].startswith("story page too large (")
