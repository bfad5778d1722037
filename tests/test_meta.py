"""Slugs, outlets and URLs (no Pelican); dates are in test_dates.py."""

from __future__ import annotations

import datetime as dt

import pytest

from news_digest.meta import assign_slugs, past_folds, reference_index, safe_url, slugify
from news_digest.settings import SLUG_SUBSTITUTIONS
from news_digest.sources import Outlet, Sources
from news_digest.story import Story

REF = dt.date(2026, 11, 30)


def test_slugify():
    assert slugify("Russia handed over to the US a list") == "russia-handed-over-to-the-us-a-list"
    assert slugify("Café in Zürich – “open”") == "cafe-in-zurich-open"
    assert slugify("../../etc/passwd") == "etcpasswd"
    assert slugify("😱🔒") == "story"


@pytest.mark.parametrize(
    "headline",
    [
        "Москва ответила на предложения",
        "Αθήνα: νέα μέτρα για τη λειψυδρία",
        "北京欢迎你",
        "Kraków – Gdańsk: łódź na Wiśle",
        "Ron DeSantis ‘Kind Of Likes’ Trump’s Name For Him",
        "C++ & C#: a tale of two languages",
    ],
)
def test_slugs_transliterate_as_pelican_does(headline):
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify as pelican_slugify

    expected = pelican_slugify(headline, DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    assert slugify(headline) == expected
    assert slugify(headline).isascii() and slugify(headline) != "story"


def test_slugs_are_cut_at_a_word_boundary():
    slug = slugify("Harbour council approves the flood barrier after a night of debate " * 3)
    assert len(slug) <= 80 and not slug.endswith("-")
    assert all(
        word
        in {
            "harbour",
            "council",
            "approves",
            "the",
            "flood",
            "barrier",
            "after",
            "a",
            "night",
            "of",
            "debate",
        }
        for word in slug.split("-")
    )
    assert len(slugify("x" * 200)) == 80  # one long word is cut where it must be


def test_slug_substitutions_are_honoured():
    subs = [(r"^breaking\s*:\s*", ""), *SLUG_SUBSTITUTIONS]
    assert slugify("BREAKING: Port strike ends", substitutions=subs) == "port-strike-ends"
    story = Story(source="x/a.txt", headline="Breaking: Port strike ends", date=dt.date(2026, 11, 20))
    assign_slugs([story], subs)
    assert story.slug == "port-strike-ends"


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


def test_a_reference_to_a_repost_lands_on_the_end_of_its_fold_chain_and_a_loop_stops() -> None:
    a, b, c = Story(source="a.txt"), Story(source="b.txt"), Story(source="c.txt")
    b.fold_into(c)
    a.fold_into(b)
    by_source = {s.source: s for s in (a, b, c)}
    assert past_folds(a, by_source) is c
    assert past_folds(c, by_source) is c
    assert past_folds(None, by_source) is None
    c.fold_into(a)  # a loop no build makes, and still no hang
    assert past_folds(a, by_source) is a


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Best lamps of the year | Pellworth Review", "Best lamps of the year"),
        ("Ferry timetable changes – pellworth review", "Ferry timetable changes"),
        ("Dune walk review - the long way round - Pellworth Review", "Dune walk review - the long way round"),
        ("Pellworth Review: Corvane buys Harlow", "Corvane buys Harlow"),
        ("Pellworth Review | Coastal news daily: Corvane buys Harlow", "Corvane buys Harlow"),
        ("Quiet season on the dunes | pellworth", "Quiet season on the dunes"),
        # Not the outlet: a speaker, a section, a name inside the headline stay.
        ("Lords wrong on detainees - Straw", "Lords wrong on detainees - Straw"),
        ("Ferry fares rise | Travel", "Ferry fares rise | Travel"),
        ("Why Pellworth Review readers love the dunes", "Why Pellworth Review readers love the dunes"),
        ("Pellworth Review readers pick the best lamps", "Pellworth Review readers pick the best lamps"),
        # Never emptied.
        ("Pellworth Review", "Pellworth Review"),
    ],
)
def test_outlet_tagline_leaves_the_headline(headline, expected):
    from news_digest.meta import outlet_names, without_outlet

    story = Story(
        source="s.html",
        headline=headline,
        outlet="Pellworth Review | Coastal news daily",
        sidecar={"url": "https://news.pellworth.example/2026/11/20/lamps/"},
    )
    names, hosts = outlet_names(story, Sources())
    assert without_outlet(headline, names, hosts) == expected


@pytest.mark.parametrize(
    ("headline", "section", "expected"),
    [
        (
            "The Courier view on the harbour levy: fair at last | Editorial",
            "Opinion",
            "The Courier view on the harbour levy: fair at last",
        ),
        ("Opinion | Brackwater needs a second boat", "Opinion", "Brackwater needs a second boat"),
        (
            "New Corvane hatchback shown in Kellhaven - Auto News",
            None,
            "New Corvane hatchback shown in Kellhaven",
        ),
        ("Photos | Kellhaven lanterns light the quay", "Sports", "Kellhaven lanterns light the quay"),
        # The story's own section, whether or not the lexicon lists it.
        ("Dune grass planting starts – Coast Life", "Coast Life", "Dune grass planting starts"),
        ("Harbour works stall | Comment | Travel", None, "Harbour works stall | Comment"),
        # Not a section: a speaker, a colon kicker, a name inside, a lower-case tail.
        ("Lords wrong on detainees - Straw", "Politics", "Lords wrong on detainees - Straw"),
        ("Analysis: the levy explained", "Business", "Analysis: the levy explained"),
        ("Opinion polls favour Rusk", "Politics", "Opinion polls favour Rusk"),
        ("How to make kelp bread – recipe", "Food", "How to make kelp bread – recipe"),
        # Never emptied.
        ("Editorial", "Opinion", "Editorial"),
        ("Opinion | Editorial", None, "Opinion"),
    ],
)
def test_a_section_glued_to_the_headline_is_dropped(headline, section, expected):
    from news_digest.meta import without_section

    assert without_section(headline, section) == expected


def test_outlet_tagline_by_registry_alias():
    from news_digest.meta import outlet_names, without_outlet

    outlet = Outlet(key="pw", name="The Pellworth Review", aliases=["PellRev"])
    story = Story(source="s.txt", headline="x", outlet="The Pellworth Review", outlet_key="pw")
    names, hosts = outlet_names(story, Sources(outlets={"pw": outlet}))
    assert without_outlet("Dune walk opens - PellRev", names, hosts) == "Dune walk opens"
    assert without_outlet("Dune walk opens - The Pellworth Review", names, hosts) == "Dune walk opens"
