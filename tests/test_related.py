"""Related stories: pins first, then ranked published stories, deterministically."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np

from news_digest.enrich.related import _lists, _top_k, link_related
from news_digest.story import Block, Story

# Made-up stories on three made-up subjects.
FERRY = (
    "The Port Wendle harbour council restored the night ferry to Gull Island. The leased ferry sails from "
    "the north quay each evening and islanders welcomed the ferry timetable and the lower fares."
)
FERRY_2 = (
    "Gull Island ferry passengers queued at the north quay for the first night sailing. The harbour council "
    "said the ferry would run all winter and fares would be reviewed after a month."
)
FERRY_3 = (
    "A storm cancelled the Gull Island night ferry on its third evening. The harbour master said the ferry "
    "would resume from the north quay once the swell dropped."
)
CIDER = (
    "The Bramblecombe cider festival drew a record crowd to the orchard. Growers pressed apples in the old "
    "barn and judges crowned a dry cider from the valley as the festival champion."
)
CIDER_2 = (
    "Orchard owners in Bramblecombe say the cider festival doubled apple sales. The festival committee "
    "plans a second barn and a tasting tent for next autumn's cider judging."
)
CHESS = (
    "A twelve year old won the Lantern Hall chess open after a tense final round. Her endgame with two "
    "rooks against a queen impressed the arbiters and the visiting grandmaster."
)


def mk(
    source: str,
    text: str,
    *,
    day: int = 20,
    entities: dict[str, list[str]] | None = None,
    headline: str = "",
    url: str | None = None,
) -> Story:
    slug = source.rsplit("/", 1)[-1].removesuffix(".txt")
    return Story(
        source=source,
        headline=headline or text.split(".")[0],
        blocks=[Block("p", text)],
        date=dt.date(2026, 3, day),
        slug=slug,
        url=url or f"https://news.example/{slug}",
        entities=entities or {},
    )


def archive() -> list[Story]:
    return [
        mk("scraped/ferry.txt", FERRY),
        mk("scraped/ferry-2.txt", FERRY_2, day=21),
        mk("scraped/ferry-3.txt", FERRY_3, day=22),
        mk("scraped/cider.txt", CIDER),
        mk("scraped/cider-2.txt", CIDER_2, day=19),
        mk("scraped/chess.txt", CHESS, day=18),
    ]


def by_source(stories: list[Story]) -> dict[str, Story]:
    return {s.source: s for s in stories}


def test_ranks_the_same_subject_first_and_never_itself() -> None:
    stories = archive()
    link_related(stories)
    s = by_source(stories)
    assert s["scraped/ferry.txt"].related[:2] == ["scraped/ferry-2.txt", "scraped/ferry-3.txt"] or s[
        "scraped/ferry.txt"
    ].related[:2] == ["scraped/ferry-3.txt", "scraped/ferry-2.txt"]
    assert s["scraped/cider.txt"].related[0] == "scraped/cider-2.txt"
    for story in stories:
        assert story.source not in story.related
        assert len(story.related) == len(set(story.related)) <= 5


def test_folded_and_rejected_stories_are_never_linked_nor_linked_from() -> None:
    stories = archive()
    s = by_source(stories)
    s["scraped/ferry-2.txt"].fold_into(s["scraped/ferry.txt"])
    s["scraped/cider-2.txt"].reject("broken")
    link_related(stories)
    for story in stories:
        assert "scraped/ferry-2.txt" not in story.related
        assert "scraped/cider-2.txt" not in story.related
    assert s["scraped/ferry-2.txt"].related == []
    assert s["scraped/cider-2.txt"].related == []


def test_pins_come_first_in_the_editors_order_then_ranked_fill() -> None:
    stories = archive()
    s = by_source(stories)
    # One pin by URL, one by slug; the chess story is unrelated by text.
    s["scraped/ferry.txt"].pinned_related = ["https://news.example/chess", "cider"]
    link_related(stories, count=3)
    related = s["scraped/ferry.txt"].related
    assert related[:2] == ["scraped/chess.txt", "scraped/cider.txt"]
    assert len(related) == 3 and related[2] in {"scraped/ferry-2.txt", "scraped/ferry-3.txt"}


def test_all_pins_are_kept_even_beyond_count() -> None:
    stories = archive()
    s = by_source(stories)
    s["scraped/ferry.txt"].pinned_related = ["chess", "cider", "cider-2"]
    link_related(stories, count=2)
    assert s["scraped/ferry.txt"].related == ["scraped/chess.txt", "scraped/cider.txt", "scraped/cider-2.txt"]


def test_pin_to_a_repost_points_at_its_canonical_and_unknown_pins_warn() -> None:
    stories = archive()
    s = by_source(stories)
    s["scraped/ferry-3.txt"].fold_into(s["scraped/ferry-2.txt"])
    s["scraped/cider.txt"].pinned_related = ["ferry-3", "no-such-story"]
    link_related(stories)
    assert s["scraped/cider.txt"].related[0] == "scraped/ferry-2.txt"
    assert any("no-such-story" in w for w in s["scraped/cider.txt"].warnings)


def test_order_is_deterministic_whatever_the_input_order() -> None:
    def run(seed: int) -> dict[str, list[str]]:
        stories = archive()
        random.Random(seed).shuffle(stories)
        link_related(stories)
        return {st.source: st.related for st in stories}

    assert run(1) == run(2) == run(3)


def test_exact_ties_break_by_newer_date_then_source() -> None:
    stories = [
        mk("scraped/q.txt", FERRY),
        mk("scraped/b.txt", FERRY_2, day=20),
        mk("scraped/a.txt", FERRY_2, day=20),
        mk("scraped/c.txt", FERRY_2, day=20),
        mk("scraped/x.txt", CHESS),
    ]
    link_related(stories, window_days=7.0)
    assert stories[0].related[:3] == ["scraped/a.txt", "scraped/b.txt", "scraped/c.txt"]


def test_shared_entities_raise_the_rank() -> None:
    def run(with_entities: bool) -> list[str]:
        people = {"people": ["Imogen Tarrow"], "places": ["Gull Island"]}
        stories = [
            mk("scraped/q.txt", FERRY, entities=people if with_entities else None),
            # Same text and date: only entities (or the source tie-break) can separate them.
            mk("scraped/a.txt", FERRY_2),
            mk("scraped/b.txt", FERRY_2, entities=people if with_entities else None),
            mk("scraped/x.txt", CHESS, entities={"places": ["Lantern Hall"]}),
        ]
        link_related(stories)
        return stories[0].related

    assert run(False)[:2] == ["scraped/a.txt", "scraped/b.txt"]
    assert run(True)[:2] == ["scraped/b.txt", "scraped/a.txt"]


def test_time_decay_is_soft() -> None:
    stories = [
        mk("scraped/q.txt", FERRY, day=30),
        # Same text, one close in time, one a month older.
        mk("scraped/new.txt", FERRY_2, day=29),
        mk("scraped/old.txt", FERRY_2, day=1),
        # Fresh but only loosely related (shares a few words).
        mk("scraped/weak.txt", "The Lantern Hall chess open moved to the north quay for one night.", day=30),
        mk("scraped/cider.txt", CIDER, day=30),
    ]
    link_related(stories, min_score=0.0)
    related = stories[0].related
    assert related[0] == "scraped/new.txt"  # nearer in time wins among equals
    assert "scraped/old.txt" in related  # a month old, still very similar: still linked
    if "scraped/weak.txt" in related:
        assert related.index("scraped/old.txt") < related.index("scraped/weak.txt")


def test_nothing_below_min_score_but_pins_stay() -> None:
    stories = archive()
    s = by_source(stories)
    s["scraped/chess.txt"].pinned_related = ["ferry"]
    link_related(stories, min_score=0.99)
    assert s["scraped/chess.txt"].related == ["scraped/ferry.txt"]
    assert all(st.related == [] for st in stories if st.source != "scraped/chess.txt")
    # The default floor keeps the unrelated chess story away from the ferry stories.
    link_related(stories)
    assert "scraped/chess.txt" not in s["scraped/ferry.txt"].related


def test_top_k_with_rows_of_many_pairs_is_the_full_sort_s_top_k() -> None:
    """Only values at or above a row's k-th best are sorted: the same links, ties to the lower column."""
    rng = np.random.default_rng(3)
    for shuffled in (False, True):
        rows = np.sort(rng.integers(0, 30, 3000))
        if shuffled:
            rows = rng.permutation(rows)
        cols = rng.integers(0, 500, 3000)
        vals = np.round(rng.random(3000), 2)  # many ties
        order = np.lexsort((cols, -vals, rows))
        expected: list[list[int]] = [[] for _ in range(30)]
        for r, c in zip(rows[order].tolist(), cols[order].tolist(), strict=True):
            if len(expected[r]) < 7:
                expected[r].append(c)
        assert _lists(_top_k(rows, cols, vals, 30, 7)) == expected


def test_related_links_over_forked_workers_are_the_links_one_process_makes(monkeypatch) -> None:
    """The product's chunks split over three processes give every story the same links, pins kept."""
    from news_digest.enrich import related

    rng = random.Random(5)
    sentences = [t for text in (FERRY, FERRY_2, FERRY_3, CIDER, CIDER_2, CHESS) for t in text.split(". ")]

    def stories() -> list[Story]:
        made = [
            mk(f"scraped/s{i:02d}.txt", ". ".join(rng.sample(sentences, 3)), day=1 + i % 28)
            for i in range(60)
        ]
        made[7].pinned_related = ["s30", "s02"]
        return made

    state = rng.getstate()
    one = stories()
    link_related(one, count=4)  # one process, one chunk (60 rows)
    rng.setstate(state)
    split = stories()
    monkeypatch.setattr(related, "CHUNK_CELLS", 300)  # five rows a chunk: twelve chunks over three processes
    link_related(split, count=4, jobs=3)
    assert [s.related for s in split] == [s.related for s in one]
    assert split[7].related[:2] == ["scraped/s30.txt", "scraped/s02.txt"]
    assert sum(bool(s.related) for s in one) > 40


def test_related_scores_started_early_give_the_links_the_stage_makes(monkeypatch, forks) -> None:
    """Scores started before the stage (a cold build starts them before events) in forked workers
    give the links the stage makes on its own; when the stories changed in between (a story
    rejected), they are joined, forgotten, and the stage scores the stories it has."""
    from news_digest.enrich import related

    rng = random.Random(7)
    sentences = [t for text in (FERRY, FERRY_2, FERRY_3, CIDER, CIDER_2, CHESS) for t in text.split(". ")]

    def stories() -> list[Story]:
        return [
            mk(f"scraped/s{i:02d}.txt", ". ".join(rng.sample(sentences, 3)), day=1 + i % 28)
            for i in range(60)
        ]

    monkeypatch.setattr(related, "CHUNK_CELLS", 300)  # five rows a chunk: twelve chunks over two processes
    state = rng.getstate()
    alone = stories()
    link_related(alone, count=4, jobs=2)
    rng.setstate(state)
    early = stories()
    scorer = related.start_early(early, count=4, jobs=2)
    assert scorer is not None and len(forks) == 2
    link_related(early, count=4, jobs=2, early=scorer)
    assert [s.related for s in early] == [s.related for s in alone]
    assert len(forks) == 2  # the stage took the workers started early, and started none
    assert sum(bool(s.related) for s in alone) > 40
    rng.setstate(state)
    changed = stories()
    scorer = related.start_early(changed, count=4, jobs=2)
    changed[3].status = "rejected"
    rng.setstate(state)
    fewer = stories()
    fewer[3].status = "rejected"
    link_related(fewer, count=4)
    link_related(changed, count=4, jobs=2, early=scorer)
    assert [s.related for s in changed] == [s.related for s in fewer]
    assert "scraped/s03.txt" not in {r for s in changed for r in s.related}


def test_a_scorer_started_early_is_made_for_its_own_stories_and_settings_only() -> None:
    """``Scorer.made_for``: the related stage takes early scores only for the same story objects in
    the same order and the same window and floor (one job: nothing is forked here)."""
    import copy

    from news_digest.enrich import related

    stories = [
        mk(f"scraped/s{i}.txt", text, day=1 + i) for i, text in enumerate((FERRY, FERRY_2, CIDER, CHESS))
    ]
    scorer = related.start_early(stories, count=2, window_days=7.0)
    assert scorer is not None
    live = related._order(stories)
    assert scorer.made_for(live, 7.0, related.DEFAULT_MIN_SCORE)
    assert not scorer.made_for(live, 3.0, related.DEFAULT_MIN_SCORE)
    assert not scorer.made_for(live, 7.0, 0.2)
    assert not scorer.made_for(live[::-1], 7.0, related.DEFAULT_MIN_SCORE)
    assert not scorer.made_for(live[:-1], 7.0, related.DEFAULT_MIN_SCORE)
    assert not scorer.made_for(copy.deepcopy(live), 7.0, related.DEFAULT_MIN_SCORE)  # equal, not the same
    scorer.drop_early()
