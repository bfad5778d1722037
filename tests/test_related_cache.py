"""Related links kept between builds (``enrich/related_cache.py``): the lists a build without a cache makes.

Random archives go through several builds that add stories (on the newest
day, and weeks back, which moves the weights of every later story), edit,
delete and re-pin others; after each, the kept ranking must be the ranking
made from scratch, list for list. The archives are young, so the horizon's
minimum is lowered to let old stories keep their rows (``horizon.MIN_STORIES``).
"""

from __future__ import annotations

import datetime as dt
import logging
import random

import numpy as np
import pytest

from news_digest.cache import Cache, record_bytes, record_value
from news_digest.enrich import horizon, related, rows
from news_digest.enrich.related import _order, link_related, ranked
from news_digest.incremental import Memo
from news_digest.story import Block, Story

TOPICS = [
    ["ferry", "harbour", "quay", "island", "sailing", "timetable", "fares", "council", "night", "winter"],
    ["cider", "orchard", "apples", "festival", "barn", "judges", "growers", "valley", "pressing", "tasting"],
    [
        "chess",
        "tournament",
        "endgame",
        "rooks",
        "queen",
        "grandmaster",
        "arbiter",
        "opening",
        "round",
        "pawn",
    ],
    ["flood", "river", "bank", "rain", "levee", "pumps", "insurers", "aid", "brussels", "rescue"],
]
COMMON = ["said", "year", "people", "week", "new", "first", "local", "officials", "told", "city"]
NAMES = [
    "Mara Voss",
    "Kellhaven",
    "Gull Island",
    "Bramblecombe",
    "Lantern Hall",
    "Aske",
    "Dunmere",
    "Eastmarch",
]
COUNT = 4


def _story(rng: random.Random, source: str, first_day: int, last_day: int) -> Story:
    topic = rng.choice(TOPICS)
    words = [rng.choice(topic if rng.random() < 0.7 else COMMON) for _ in range(rng.randint(12, 40))]
    names = rng.sample(NAMES, rng.randint(0, 3))
    day = rng.randint(first_day, last_day)
    return Story(
        source=source,
        headline=" ".join(words[:5]).capitalize(),
        blocks=[Block("p", " ".join(words))],
        date=None if rng.random() < 0.05 else dt.date(2026, 1, 1) + dt.timedelta(days=day),
        entities={"people": names[:1], "places": names[1:]} if names else {},
    )


def _ranking(stories: list[Story], pins: dict[str, set[str]], memo: Memo | None) -> list[list[str]]:
    """Each story's ranked links by source, the cache used when ``memo`` is given."""
    live = _order(stories)
    index = {s.source: i for i, s in enumerate(live)}
    exclude = {index[a]: {index[b] for b in bs if b in index} for a, bs in pins.items() if a in index}
    if memo is None:
        best = ranked(live, COUNT, 7.0, 0.02, exclude=exclude)
    else:
        with rows.kept_in(memo):
            best = ranked(live, COUNT, 7.0, 0.02, exclude=exclude)
    return [[live[j].source for j in row] for row in best]


def _build(tmp_path, stories: list[Story], pins: dict[str, set[str]]) -> tuple[list[list[str]], list[int]]:
    memo = Memo(Cache(tmp_path / "cache"))
    got = _ranking(stories, pins, memo)
    assert memo.cache is not None
    memo.cache.close()
    return got, memo.counts["related"]


@pytest.mark.parametrize("seed", range(10))
def test_kept_ranking_is_the_ranking_from_scratch_after_adds_edits_deletes_and_pins(
    tmp_path, monkeypatch, seed
) -> None:
    monkeypatch.setattr(horizon, "MIN_STORIES", 8)
    rng = random.Random(seed)
    stories = [_story(rng, f"s{i:03d}.txt", 0, 60) for i in range(120)]
    pins: dict[str, set[str]] = {"s005.txt": {"s010.txt"}}
    got, counts = _build(tmp_path, stories, pins)
    assert counts == [0, len(stories)]
    assert got == _ranking(stories, pins, None)
    kept_some = 0
    made = 120
    changes = ["newest", "back-dated", "edit", "delete", "pins", "mixed"]
    rng.shuffle(changes)
    for round_, change in enumerate(changes):
        if change in ("newest", "mixed"):
            last = max((s.date - dt.date(2026, 1, 1)).days for s in stories if s.date)
            stories += [_story(rng, f"s{made + k:03d}.txt", last, last) for k in range(3)]
            made += 3
        if change in ("back-dated", "mixed"):
            stories.append(_story(rng, f"s{made:03d}.txt", 5, 20))  # moves the horizons after it
            made += 1
        if change in ("edit", "mixed"):
            for s in rng.sample(stories, 2):
                s.blocks = [Block("p", s.blocks[0].text + " " + " ".join(rng.sample(TOPICS[round_ % 4], 4)))]
        if change in ("delete", "mixed"):
            for s in rng.sample(stories, 3):
                stories.remove(s)
        if change in ("pins", "mixed"):  # a story pins what it links to now, and another story
            a = rng.choice([row[0] for row in got if row and row[0] in {s.source for s in stories}])
            ranked_now = dict(
                zip([s.source for s in _order(stories)], _ranking(stories, pins, None), strict=True)
            )
            linked = [b for b in ranked_now[a] if b != a][:1]
            pins[a] = {*linked, rng.choice(stories).source} - {a}
        got, counts = _build(tmp_path, stories, pins)
        assert got == _ranking(stories, pins, None), (round_, change)
        assert sum(counts) == len(stories)
        kept_some += counts[0]
    assert kept_some > 0  # the kept lists were used, not every row scored again


def test_a_day_s_news_scores_only_its_own_rows_and_the_rows_that_take_it_in(tmp_path) -> None:
    """An archive past the horizon's minimum: stories added on its newest day leave older rows
    alone, and the rows they enter are merged, not scored again."""
    rng = random.Random(11)
    stories = [_story(rng, f"s{i:03d}.txt", 0, 40) for i in range(horizon.MIN_STORIES + 100)]
    for s in stories:
        s.date = s.date or dt.date(2026, 1, 2)
    _build(tmp_path, stories, {})
    last = max(s.date for s in stories)
    for k in range(5):
        new = _story(rng, f"new{k}.txt", 0, 0)
        new.date = last
        stories.append(new)
    got, counts = _build(tmp_path, stories, {})
    assert counts == [len(stories) - 5, 5]
    scratch = _ranking(stories, {}, None)
    assert got == scratch
    assert any(any(src.startswith("new") for src in row) for row in scratch[5:])  # old rows took them in


def test_link_related_with_a_cache_gives_the_links_without(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(horizon, "MIN_STORIES", 8)
    rng = random.Random(3)
    stories = [_story(rng, f"scraped/s{i:03d}.txt", 0, 30) for i in range(60)]
    for s in stories:
        s.slug = s.source.removeprefix("scraped/").removesuffix(".txt")
        s.url = f"https://news.example/{s.slug}"
    stories[4].pinned_related = ["s007", "s020"]
    for build in range(2):
        memo = Memo(Cache(tmp_path / "cache"))
        with rows.kept_in(memo):
            link_related(stories, count=3)
        memo.cache.close()
        with_cache = [s.related for s in stories]
        link_related(stories, count=3)
        assert with_cache == [s.related for s in stories]
        assert stories[4].related[:2] == ["scraped/s007.txt", "scraped/s020.txt"]
        stories.append(_story(rng, f"scraped/s{60 + build:03d}.txt", 30, 30))
        stories[-1].slug = f"s{60 + build:03d}"


def test_a_bad_ranking_record_discards_the_cache(tmp_path, caplog) -> None:
    rng = random.Random(4)
    stories = [_story(rng, f"s{i:03d}.txt", 0, 30) for i in range(40)]
    memo = Memo(Cache(tmp_path / "cache"))
    _ranking(stories, {}, memo)
    (key,) = [k for k in memo.cache.pending if record_value(memo.cache.pending[k]).keys() >= {"score"}]
    value = record_value(memo.cache.pending[key])
    index = value["index"].copy()
    index[0] = 10**6
    value["index"] = index
    memo.cache.pending[key] = record_bytes(value)
    memo.cache.close()
    memo = Memo(Cache(tmp_path / "cache"))
    with caplog.at_level(logging.WARNING):
        got = _ranking(stories, {}, memo)
    assert "discarded" in caplog.text and "related entries out of range" in caplog.text
    assert got == _ranking(stories, {}, None)


def test_gap_factors_do_not_depend_on_how_many_gaps_are_asked_for() -> None:
    short = related._gap_factors(np.arange(10, dtype=np.float64), 7.0)
    long = related._gap_factors(np.arange(3000, dtype=np.float64), 7.0)
    assert np.array_equal(short, long[:10])
    assert short[0] == 1.0 and np.all(np.diff(long) <= 0) and long[-1] >= related.TIME_FLOOR
