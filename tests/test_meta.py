"""Dates, slugs, outlets and URLs (no Pelican)."""

from __future__ import annotations

import datetime as dt

import pytest

from news_digest.meta import assign_slugs, find_date, reference_index, resolve_year, safe_url, slugify
from news_digest.sources import Outlet, Sources
from news_digest.story import Story

REF = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("said Yuri Ushakov on Wednesday, December 15.", dt.date(2021, 12, 15)),
        ("The talks on Tuesday, November 24 ended late.", dt.date(2026, 11, 24)),
        ("on Wed. Dec. 15", dt.date(2021, 12, 15)),
        ("on 24 November 2026 the board met", dt.date(2026, 11, 24)),
        ("on Tuesday 24th of November the board met", dt.date(2026, 11, 24)),
        ("November 3, 2026: the vote", dt.date(2026, 11, 3)),
        ("published 2026-11-20 at noon", dt.date(2026, 11, 20)),
        ("on December 3 the port", dt.date(2025, 12, 3)),  # not after the scrape
        ("Since March 3, 2014, and on Wednesday, November 25, talks went on.", dt.date(2026, 11, 25)),
        ("The summit on 4 January 2027 was postponed. It met on 20 November 2026.", dt.date(2026, 11, 20)),
        ("No date here at all.", None),
        ("On Monday, February 30 nothing happened.", None),
    ],
)
def test_find_date(text, expected):
    assert find_date(text, REF) == expected


def test_weekday_resolution_uses_the_scrape_date():
    assert resolve_year(12, 15, 2, dt.date(2021, 12, 20)) == dt.date(2021, 12, 15)
    assert resolve_year(12, 15, 2, dt.date(2021, 12, 14)) == dt.date(2010, 12, 15)
    assert resolve_year(2, 29, None, dt.date(2026, 11, 30)) == dt.date(2024, 2, 29)


def test_slugify():
    assert slugify("Russia handed over to the US a list") == "russia-handed-over-to-the-us-a-list"
    assert slugify("Café in Zürich – “open”") == "cafe-in-zurich-open"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("Москва") == "story"
    assert len(slugify("word " * 100)) <= 80


def _story(source: str, headline: str, day: int) -> Story:
    return Story(source=source, headline=headline, date=dt.date(2026, 11, day))


def test_colliding_slugs_get_stable_suffixes():
    a, b, c = _story("x/a.txt", "Same", 20), _story("x/b.txt", "Same", 21), _story("x/c.txt", "Other", 20)
    assign_slugs([b, a, c])
    assert (a.slug, c.slug) == ("same", "other")
    assert b.slug.startswith("same-") and len(b.slug) == len("same-") + 6
    again = [_story("x/b.txt", "Same", 21), _story("x/a.txt", "Same", 20)]
    assign_slugs(again)
    assert again[0].slug == b.slug


def test_safe_url():
    assert safe_url("https://dw.com/a?b=1") == "https://dw.com/a?b=1"
    for bad in (
        "javascript:alert(1)",
        "data:text/html,x",
        "//dw.com/a",
        "https://dw.com/a b",
        'https://x/"><',
        42,
    ):
        assert safe_url(bad) is None


def test_outlet_lookup_by_name_alias_host_and_case():
    sources = Sources({"dw": Outlet("dw", "Deutsche Welle", aliases=["DW"], hosts=["dw.com"])})
    for label in ("Dw", "DW", "deutsche welle", "dw.com", "www.dw.com", "https://www.dw.com/en/x"):
        assert sources.find(label).name == "Deutsche Welle", label
    assert sources.find_by_url("https://dw.com/en/story").key == "dw"
    assert sources.find("Nowhere Gazette") is None


def test_reference_index_names_stories_as_editors_do():
    live = Story(source="scraped/b.txt", slug="bridge", url="https://dw.com/bridge/")
    folded = Story(source="scraped/a.txt", slug="bridge", url="https://dw.com/other")
    folded.reject("stand-in for a folded copy")
    index = reference_index([folded, live])
    assert index["bridge"] is live  # a published story wins a shared slug
    assert index["https://dw.com/bridge"] is live  # no trailing slash in keys
    assert index["scraped/b.txt"] is live and index["scraped/a.txt"] is folded
