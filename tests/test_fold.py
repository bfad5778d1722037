"""Repost folding: copies fold, different articles about one event don't."""

from __future__ import annotations

import datetime as dt

import pytest

from news_digest.enrich.fold import fold_reposts
from news_digest.story import Block, Credit, Story

# A made-up story about a made-up town, long enough to shingle (about 200 words).
FERRY = [
    "The harbour council of Port Wendle voted on Tuesday evening to restore the night ferry to Gull Island, "
    "ending a two year gap that islanders said had cut them off from evening shifts on the mainland.",
    "Councillor Imogen Tarrow, who chairs the transport committee, said the first sailing would leave the "
    "north quay at nine in the evening from the first of March, with a return crossing an hour later.",
    "The service was stopped after the old ferry, the Marigold, failed a hull inspection and the council "
    "could not agree on who should pay for a replacement vessel or for the crew to run it at night.",
    "A leased boat from a yard on the southern coast will now cover the route for three years while a new "
    "ferry is designed, at a cost the council put at a little under two million crowns in total.",
    "Island shopkeeper Bram Oduya said the decision would let his daughter take a nursing job in town. "
    "We have waited a long time for this and we will believe it when the lights are on the water, he said.",
]

# Same event, written independently by another outlet: related, not a repost.
FERRY_OTHER = [
    "Gull Island will get its evening boat back. Port Wendle's councillors backed the plan by eleven votes "
    "to four after a long debate about money and about the safety record of leased vessels.",
    "Under the plan a chartered ferry sails from the north quay each night from March. Critics on the "
    "council warned that a three year lease would cost more than buying a second hand boat outright.",
    "Residents who packed the public gallery cheered the result. Many had campaigned since the Marigold was "
    "withdrawn, saying buses and a morning sailing were no substitute for a late return home.",
    "The transport committee will publish a timetable next month and has promised a review of fares, which "
    "islanders say rose sharply when the old ferry was taken off the route two years ago.",
]


def story(
    source: str,
    paras: list[str],
    *,
    day: int = 10,
    outlet: str = "Wendle Gazette",
    url: str | None = None,
    key: str | None = None,
) -> Story:
    return Story(
        source=source,
        headline="Night ferry to Gull Island restored",
        blocks=[Block("p", p) for p in paras],
        outlet=outlet,
        outlet_key=key,
        date=dt.date(2026, 3, day),
        url=url,
        slug=source.rsplit("/", 1)[-1].removesuffix(".txt"),
    )


def trimmed(paras: list[str]) -> list[str]:
    """Drop the last sentence, as a syndicating site often does."""
    *head, last = paras
    return [*head, last.rsplit(". ", 1)[0] + "."]


def test_repost_with_trimmed_sentence_folds_into_earlier_story() -> None:
    original = story("scraped/gazette-ferry.txt", FERRY, day=10, url="https://gazette.example/ferry")
    repost = story(
        "scraped/coast-ferry.txt",
        trimmed(FERRY),
        day=11,
        outlet="Coast Daily",
        url="https://coast.example/ferry",
    )
    fold_reposts([repost, original])
    assert original.ok
    assert repost.status == "folded"
    assert repost.folded_into == original.source
    assert original.also_reported == [
        Credit(
            outlet="Coast Daily",
            url="https://coast.example/ferry",
            source="scraped/coast-ferry.txt",
            date=dt.date(2026, 3, 11),
        )
    ]


def test_repost_with_an_added_sentence_folds() -> None:
    original = story("scraped/a.txt", FERRY, day=10)
    longer = [*FERRY[:-1], FERRY[-1] + " The council meets again in April to set the fares."]
    repost = story("scraped/b.txt", longer, day=12, outlet="Coast Daily")
    fold_reposts([original, repost])
    assert repost.folded_into == original.source


def test_different_article_about_the_same_event_does_not_fold() -> None:
    a = story("scraped/a.txt", FERRY)
    b = story("scraped/b.txt", FERRY_OTHER, outlet="Coast Daily")
    fold_reposts([a, b])
    assert a.ok and b.ok
    assert a.also_reported == [] and b.also_reported == []


def test_canonical_is_the_earliest_story() -> None:
    late_long = story(
        "scraped/a.txt",
        [*FERRY, "A longer version with one more closing line for readers."],
        day=12,
        outlet="Coast Daily",
    )
    early = story("scraped/z.txt", FERRY, day=9)
    fold_reposts([late_long, early])
    assert early.ok and late_long.folded_into == early.source


def test_same_day_the_longest_text_wins() -> None:
    short = story("scraped/a.txt", trimmed(FERRY), day=10, outlet="Coast Daily")
    full = story("scraped/z.txt", FERRY, day=10)
    fold_reposts([short, full])
    assert full.ok and short.folded_into == full.source


def test_same_day_same_length_higher_priority_wins_then_source() -> None:
    low = story("scraped/a.txt", FERRY, outlet="Coast Daily", key="coast")
    high = story("scraped/z.txt", FERRY, outlet="Wendle Gazette", key="gazette")
    fold_reposts([low, high], priority={"coast": 1, "gazette": 5})
    assert high.ok and low.folded_into == high.source

    # Equal priority (a callable this time): the source path decides.
    a = story("scraped/a.txt", FERRY, outlet="Coast Daily")
    b = story("scraped/b.txt", FERRY, outlet="Wendle Gazette")
    fold_reposts([b, a], priority=lambda s: 0)
    assert a.ok and b.folded_into == a.source


def test_same_outlet_scraped_twice_gets_no_credit_line() -> None:
    first = story("scraped/a.txt", FERRY, day=10)
    again = story("scraped/b.txt", FERRY, day=10)
    other = story("scraped/c.txt", trimmed(FERRY), day=11, outlet="Coast Daily")
    other2 = story("scraped/d.txt", FERRY, day=12, outlet="Coast Daily")
    fold_reposts([first, again, other, other2])
    assert first.ok
    assert {s.folded_into for s in (again, other, other2)} == {first.source}
    assert [c.outlet for c in first.also_reported] == ["Coast Daily"]


def test_only_published_stories_take_part() -> None:
    rejected = story("scraped/a.txt", FERRY, day=1)
    rejected.reject("broken")
    live = story("scraped/b.txt", FERRY, day=5)
    fold_reposts([rejected, live])
    assert live.ok and rejected.status == "rejected"


def test_short_bodies_fold_only_when_identical() -> None:
    a = story("scraped/a.txt", ["Ferry restored."])
    b = story("scraped/b.txt", ["Ferry restored."], outlet="Coast Daily")
    c = story("scraped/c.txt", ["Ferry delayed."], outlet="Coast Daily")
    empty1 = story("scraped/d.txt", [])
    empty2 = story("scraped/e.txt", [])
    fold_reposts([a, b, c, empty1, empty2])
    assert b.folded_into == a.source
    assert c.ok and empty1.ok and empty2.ok


def test_folding_is_deterministic_whatever_the_input_order() -> None:
    def run(order: list[int]) -> list[tuple[str, str, str | None]]:
        made = [
            story("scraped/a.txt", FERRY, day=10),
            story("scraped/b.txt", trimmed(FERRY), day=10, outlet="Coast Daily"),
            story("scraped/c.txt", FERRY_OTHER, day=10, outlet="Isle Post"),
        ]
        fold_reposts([made[i] for i in order])
        return [(s.source, s.status, s.folded_into) for s in made]

    assert run([0, 1, 2]) == run([2, 1, 0]) == run([1, 2, 0])


def test_a_chain_of_copies_folds_only_what_matches_the_canonical_text() -> None:
    # Made-up sentences of distinct tokens, so shingle overlap is easy to count.
    def sents(prefix: str, n: int) -> list[str]:
        return [" ".join(f"{prefix}{i}w{j}" for j in range(8)) + "." for i in range(n)]

    s, t = sents("s", 50), sents("t", 8)
    a = story("x/a.txt", [" ".join(s)])
    b = story("x/b.txt", [" ".join(s[:46] + t[:4])])  # a with 4 of 50 sentences changed
    c = story("x/c.txt", [" ".join(s[:42] + t)])  # b with 4 more changed: 8 away from a
    fold_reposts([a, b, c])
    assert b.status == "folded" and b.folded_into == "x/a.txt"
    assert c.status == "published", "c matches b, but not the canonical a"


def _boilerplate_archive() -> list[Story]:
    """Thirty different stories that share a long uncleaned footer, plus one trimmed repost."""
    footer = " ".join(f"footer{j} line" for j in range(60)) + "."
    made = []
    for i in range(30):
        words = " ".join(f"topic{i}w{j}" for j in range(80)) + "."
        made.append(story(f"scraped/s{i:02d}.txt", [words, footer], outlet=f"Outlet {i}"))
    made.append(story("scraped/copy.txt", [*trimmed(FERRY), footer], outlet="Coast Daily"))
    made.append(story("scraped/ferry.txt", [*FERRY, footer]))
    return made


def test_boilerplate_shared_by_many_stories_is_bounded_and_folds_the_same(monkeypatch) -> None:
    """Past fold.MAX_PAIR_WORK the most shared shingles leave the product; the folds do not change."""
    from news_digest.enrich import fold

    def result(stories: list[Story]) -> list[tuple[str, str, str | None]]:
        fold_reposts(stories)
        return [(s.source, s.status, s.folded_into) for s in stories]

    exact = result(_boilerplate_archive())
    monkeypatch.setattr(fold, "MAX_PAIR_WORK", 2)
    x = fold.shingle_matrix([s.body_text for s in _boilerplate_archive()])
    assert len(fold._left_out(x)) > 0  # the bound really applies here
    assert result(_boilerplate_archive()) == exact
    folded = [(src, into) for src, status, into in exact if status == "folded"]
    assert folded == [("scraped/copy.txt", "scraped/ferry.txt")]


@pytest.mark.parametrize("work", [0, 1, 2, 5, 200])
def test_both_ways_of_counting_shingles_leave_the_same_columns_out(monkeypatch, work: int) -> None:
    """``_left_out`` sorts the shingles of a small archive and counts every column of a large one:
    the same columns either way, in the same order, and the same folds."""
    from news_digest.enrich import fold

    monkeypatch.setattr(fold, "MAX_PAIR_WORK", work)
    x = fold.shingle_matrix([s.body_text for s in _boilerplate_archive()])
    made = {}
    for name, start in (("sorted", 2**62), ("counted", 0)):
        monkeypatch.setattr(fold, "COUNT_EVERY_COLUMN_FROM", start)
        stories = _boilerplate_archive()
        fold_reposts(stories)
        made[name] = (fold._left_out(x).tolist(), [(s.source, s.status, s.folded_into) for s in stories])
    assert made["counted"] == made["sorted"]
    assert (len(made["sorted"][0]) > 0) == (work < 200)  # the bound applies but with the default


def test_identical_copies_fold_even_when_all_their_shingles_are_common(monkeypatch) -> None:
    from news_digest.enrich import fold

    monkeypatch.setattr(fold, "MAX_PAIR_WORK", 0)  # nothing left in the product
    copies = [story(f"scraped/{i}.txt", FERRY, outlet=f"Outlet {i}") for i in range(4)]
    fold_reposts([*copies, story("scraped/other.txt", FERRY_OTHER)])
    assert [s.status for s in copies] == ["published", "folded", "folded", "folded"]


def test_nothing_to_fold() -> None:
    fold_reposts([])
    lone = story("scraped/a.txt", FERRY)
    fold_reposts([lone])
    assert lone.ok


def test_two_jobs_fold_the_same_as_one(monkeypatch, forks) -> None:
    """The product's chunks and the per-story digests worked over two processes: the same folds."""

    from news_digest import parallel
    from news_digest.enrich import fold

    def result(jobs: int) -> list[tuple[str, str, str | None, list[str]]]:
        stories = _boilerplate_archive()
        fold_reposts(stories, jobs=jobs)
        return [(s.source, s.status, s.folded_into, [c.source for c in s.also_reported]) for s in stories]

    monkeypatch.setattr(fold, "BLOCK_ROWS", 4)  # 32 stories: 8 chunks of the product
    monkeypatch.setattr(parallel, "MIN_CHUNK", 4)  # and the digests split too
    for work in (fold.MAX_PAIR_WORK, 2):  # the exact product, and with shared shingles left out
        monkeypatch.setattr(fold, "MAX_PAIR_WORK", work)
        one = result(1)
        assert not forks
        assert result(2) == one
        assert len(forks) == 2  # one child for the digests, one for the product
        forks.clear()
        assert ("scraped/copy.txt", "folded", "scraped/ferry.txt", []) in one
