"""The day digests, commentary, feeds and sharing files, on real builds.

One site is built per module: three outlets over three days, with every
kind of commentary note (and the broken ones). The events stage is another
engineer's; here, a wrapper around the real enrichment stages joins two
stories into one event and gives one story a timeline, so the pages are
tested on events as the stage will hand them over.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import feedparser
import jsonschema
import pytest

import news_digest.enrich.stages as stages
from conftest import build_site, norm, soup
from news_digest.commentary import DRAFT, classify
from news_digest.days import build_days, events_of
from news_digest.page_summary import summary_is_lede
from news_digest.story import Credit, Event, Story

SITEURL = "https://news.example/digest"

SOURCES = """\
outlets:
  courier:
    name: The Harbour Courier
    aliases: [HC]
    priority: 10
  ledger:
    name: Northern Ledger
    aliases: [NL]
    priority: 30
  wire:
    name: Meridian Wire
    aliases: [MW]
    priority: 20
"""


def story_text(headline: str, outlet: str, day: int, what: str, section: str = "Business") -> str:
    return (
        f"{headline} | {section} | {outlet}\n\n"
        f"On {dt.date(2026, 11, day):%A}, November {day}, {what} in the port town of Kellhaven, officials said.\n\n"
        f"Residents gathered near the harbour as the news spread. The council met late into the evening.\n\n"
        f"A spokesperson said more details would follow on Tuesday.\n"
    )


FILES = {
    # Day 1 (2026-11-23): a two-outlet event (strike + strike-ledger), and two single ones.
    "scraped/hc/strike.txt": story_text(
        "Dockworkers walk out at Kellhaven", "HC", 23, "dockworkers walked out"
    ),
    "scraped/nl/strike-ledger.txt": story_text(
        "Kellhaven strike halts container traffic", "NL", 23, "container traffic stopped"
    ),
    "scraped/mw/cup.txt": story_text(
        'Rovers win the "NATO cup" & parade', "MW", 23, "the Rovers won the cup", "Sport"
    ),
    "scraped/hc/ferry.txt": story_text("Ferry timetable changes", "HC", 23, "the ferry timetable changed"),
    # Day 2 (2026-11-24): one story, with a timeline back to day 1's event.
    "scraped/mw/talks.txt": story_text("Talks resume at Kellhaven port", "MW", 24, "talks resumed"),
    # Day 3 (2026-11-25): one story.
    "scraped/nl/deal.txt": story_text("Kellhaven deal ends strike", "NL", 25, "a deal ended the strike"),
    # Commentary of every kind.
    "commentary/on-talks.md": (
        "Story: talks-resume-at-kellhaven-port\n"
        "Summary: The desk's own *summary* of the talks.\n"
        "Event: none\n\n"
        "Talks matter because **the port** is the town.\n"
    ),
    "commentary/day.md": "Digest: 2026-11-24\nTitle: A quieter Tuesday\n\nThe day after the walkout.\n",
    "commentary/editorial.md": (
        "Title: Why the port matters\nDate: 2026-11-25\nSummary: Our view.\n\nThe port is the town's heart.\n"
    ),
    "commentary/draft.md": "Status: draft\nStory: ferry-timetable-changes\n\nNot yet.\n",
    "commentary/unknown.md": "Story: no-such-story\n\nLost.\n",
    "commentary/bad-day.md": "Digest: 2026-13-45\n\nBad.\n",
    "commentary/no-title.md": "Date: 2026-11-25\n\nAn editorial without a title.\n",
    "commentary/empty-day.md": "Digest: 2026-11-01\n\nNo stories that day.\n",
}


def _join_two_and_add_a_timeline(original):
    """The real stages, then events as the events stage hands them over: one joined, one timeline."""

    def run(stories, settings, sources, timings=None, notes=None, **more):
        original(stories, settings, sources, timings, notes=notes, **more)
        by = {s.source: s for s in stories}
        for story in stories:  # whatever the real events stage found, these pages get exactly this
            story.event, story.timeline = None, []
        lead, other = by["scraped/hc/strike.txt"], by["scraped/nl/strike-ledger.txt"]
        event = Event(
            "strike-1", lead.source, [lead.source, other.source], 2, lead.date, ["Kellhaven", "strike"]
        )
        lead.event = other.event = event
        by["scraped/mw/talks.txt"].timeline = [event]

    return run


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    patch = pytest.MonkeyPatch()
    patch.setattr(stages, "run", _join_two_and_add_a_timeline(stages.run))
    try:
        return build_site(
            tmp_path_factory.mktemp("digest"),
            FILES,
            sources=SOURCES,
            SITEURL=SITEURL,
            RELATIVE_URLS=False,
            FEED_DOMAIN=SITEURL,
            DIGEST_TOP_EVENTS=2,
        )
    finally:
        patch.undo()


def read(site, url: str):
    return soup((site.output / url / "index.html").read_text(encoding="utf-8"))


def url_of(site, source: str) -> str:
    return site.entry(source)["url"]


# --------------------------------------------------------------------------
# Day pages


def test_every_published_story_is_in_exactly_one_event_on_its_leads_day(site):
    seen: dict[str, str] = {}
    for day in ("2026/11/23/", "2026/11/24/", "2026/11/25/"):
        for event in read(site, day).select("article.event"):
            for link in event.find_all("a"):
                path = link["href"].removeprefix(SITEURL + "/")
                assert path not in seen, (path, seen.get(path), day)
                seen[path] = day
    stories = {i["url"] for i in site.report["inputs"] if i["source"].startswith("scraped/")}
    assert set(seen) == stories


def test_events_are_ranked_by_coverage_then_outlet_priority_with_the_rest_by_category(site):
    page = read(site, "2026/11/23/")
    top = page.select("section.top-stories article.event")
    assert [e["id"] for e in top] == [
        "event-strike-1",
        f"event-{Path(url_of(site, 'scraped/mw/cup.txt')).name}",
    ]
    # Coverage 2 first; then wire (priority 20) beats courier (10) among single-outlet events.
    assert [e["data-outlets"] for e in top] == ["2", "1"]
    sections = page.select("section.digest-section")
    assert [s.h2.get_text() for s in sections] == ["Business"]
    assert "Ferry timetable changes" in sections[0].get_text()


def test_an_event_entry_links_every_member_and_names_the_others(site):
    event = read(site, "2026/11/23/").find("article", id="event-strike-1")
    hrefs = {a["href"] for a in event.find_all("a")}
    assert hrefs == {
        f"{SITEURL}/{url_of(site, 'scraped/hc/strike.txt')}",
        f"{SITEURL}/{url_of(site, 'scraped/nl/strike-ledger.txt')}",
    }
    assert event.h3.get_text(strip=True) == "Dockworkers walk out at Kellhaven"
    also = event.find("p", class_="also")
    assert (
        " ".join(also.get_text().split()) == "Also: Northern Ledger: Kellhaven strike halts container traffic"
    )
    assert also.a.span["class"] == ["visually-hidden"]  # the headline is for screen readers
    assert "2 outlets" in event.get_text() and "Kellhaven, strike" in event.get_text()
    assert event.find("p", class_="event-summary").get_text(strip=True)


def test_day_note_editorial_and_navigation(site):
    day2 = read(site, "2026/11/24/")
    note = day2.find("section", class_="day-note")
    assert note.h2.get_text() == "A quieter Tuesday" and "The day after the walkout." in norm(note.get_text())
    assert day2.find("a", rel="prev")["href"] == f"{SITEURL}/2026/11/23/"
    assert day2.find("a", rel="next")["href"] == f"{SITEURL}/2026/11/25/"
    day3 = read(site, "2026/11/25/")
    main = day3.find("main")
    first = main.find("section")
    assert "editorials" in first["class"]  # listed first
    link = first.find("a")
    assert link.get_text() == "Why the port matters"
    editorial = soup((site.output / link["href"].removeprefix(SITEURL + "/") / "index.html").read_text())
    assert editorial.h1.get_text() == "Why the port matters"
    assert "The port is the town's heart." in norm(editorial.get_text())
    assert day3.find("a", rel="next") is None


def test_home_is_the_latest_digest_with_the_days_before(site):
    home = read(site, "")
    assert home.h1.time["datetime"] == "2026-11-25"
    earlier = home.find("nav", class_="earlier-days")
    assert [a["href"] for a in earlier.find_all("a")] == [f"{SITEURL}/2026/11/24/", f"{SITEURL}/2026/11/23/"]
    archive = read(site, "archives")
    assert [" ".join(li.get_text().split()) for li in archive.select("ol.archive-days li")] == [
        "Wednesday 25 November 2026 (1 event)",
        "Tuesday 24 November 2026 (1 event)",
        "Monday 23 November 2026 (3 events)",
    ]


def test_event_ids_are_stable_across_rebuilds(site, tmp_path, monkeypatch):
    """A second, separate build gives every event the same id."""
    monkeypatch.setattr(stages, "run", _join_two_and_add_a_timeline(stages.run))
    again = build_site(
        tmp_path, FILES, sources=SOURCES, SITEURL=SITEURL, RELATIVE_URLS=False, DIGEST_TOP_EVENTS=2
    )
    for day in ("2026/11/23/", "2026/11/24/", "2026/11/25/"):
        before = [a["id"] for a in read(site, day).select("article.event")]
        assert before == [a["id"] for a in read(again, day).select("article.event")]
        assert all(re.fullmatch(r"event-[a-z0-9-]+", i) for i in before)
    # A story on its own is an event named after its lead's slug.
    assert f"event-{Path(url_of(site, 'scraped/mw/cup.txt')).name}" in before_day(site)


def before_day(site) -> list[str]:
    return [a["id"] for a in read(site, "2026/11/23/").select("article.event")]


# --------------------------------------------------------------------------
# Story pages


def test_story_so_far_lists_earlier_events_and_is_absent_otherwise(site):
    talks = read(site, url_of(site, "scraped/mw/talks.txt"))
    block = talks.find("section", class_="story-so-far")
    assert block.h2.get_text() == "Earlier in this story"
    (item,) = block.find_all("li")
    assert item.time["datetime"] == "2026-11-23"
    assert item.a.get_text() == "Dockworkers walk out at Kellhaven"
    assert read(site, url_of(site, "scraped/nl/deal.txt")).find("section", class_="story-so-far") is None


def test_the_editors_summary_is_shown_and_marked_a_generated_lede_is_not(site):
    talks = read(site, url_of(site, "scraped/mw/talks.txt"))
    box = talks.find(id="summary")
    assert norm(box.get_text()) == "The desk's own summary of the talks."
    assert box.find_parent(class_="summary--editors").find(class_="summary-label")
    assert "the port" in talks.find("aside", class_="commentary").strong.get_text()
    ferry = read(site, url_of(site, "scraped/hc/ferry.txt"))
    assert ferry.find(id="summary") is None  # its summary is its opening sentences
    data = json.loads(ferry.find("script", type="application/ld+json").string)
    assert data["description"].startswith("On Monday, November 23")  # 2026-11-23 is a Monday


# --------------------------------------------------------------------------
# Commentary in the report


def test_every_note_is_in_the_report_published_or_rejected_with_a_reason(site):
    notes = {i["source"]: i for i in site.report["inputs"] if i["source"].startswith("commentary/")}
    assert len(notes) == sum(1 for k in FILES if k.startswith("commentary/"))
    assert notes["commentary/on-talks.md"]["url"] == url_of(site, "scraped/mw/talks.txt")
    assert notes["commentary/day.md"]["url"] == "2026/11/24/"
    assert notes["commentary/editorial.md"]["url"] == "2026/11/25/why-the-port-matters/"
    reasons = {k: v["reason"] for k, v in notes.items() if v["status"] == "rejected"}
    assert reasons["commentary/draft.md"] == DRAFT
    assert reasons["commentary/unknown.md"].startswith("unknown story")
    assert reasons["commentary/bad-day.md"].startswith("bad date")
    assert reasons["commentary/no-title.md"].startswith("missing title")
    assert reasons["commentary/empty-day.md"].startswith("no digest on 2026-11-01")
    assert set(reasons) == {
        k
        for k in notes
        if k not in {"commentary/on-talks.md", "commentary/day.md", "commentary/editorial.md"}
    }
    assert not any("Not yet." in p.read_text() for p in site.output.rglob("*.html"))  # the draft


def test_a_site_with_nothing_published_still_has_a_home_page(tmp_path):
    built = build_site(tmp_path, {"scraped/empty.txt": ""}, sources=SOURCES)
    assert "No stories yet." in read(built, "").get_text()


def test_a_rejected_note_fails_a_strict_build_but_a_draft_does_not(tmp_path):
    story = {"scraped/hc/ferry.txt": FILES["scraped/hc/ferry.txt"]}
    draft = {"commentary/draft.md": FILES["commentary/draft.md"]}
    build_site(tmp_path / "ok", {**story, **draft}, sources=SOURCES, DIGEST_STRICT=True)
    with pytest.raises(RuntimeError, match="DIGEST_STRICT"):
        build_site(
            tmp_path / "bad",
            {**story, "commentary/u.md": "Story: nope\n\nx\n"},
            sources=SOURCES,
            DIGEST_STRICT=True,
        )
    # The strict build stopped before writing pages: the report claims none.
    report = json.loads((tmp_path / "bad" / "digest-report.json").read_text())
    assert report["build"]["status"] == "failed"
    reasons = {i["source"]: i["reason"] for i in report["inputs"]}
    assert reasons["commentary/u.md"].startswith("unknown story")
    assert reasons["scraped/hc/ferry.txt"].startswith("page not written: the build stopped (DIGEST_STRICT")


def test_event_header_sets_the_hint_for_the_events_stage():
    note = classify("commentary/x.md", "<p>x</p>", {"story": "some-slug", "event": "lead-slug"})
    assert note.kind == "story" and note.event_hint == "lead-slug"
    assert classify("c/y.md", "", {"digest": "2026-11-24"}).date == dt.date(2026, 11, 24)
    both = classify("c/z.md", "", {"digest": "2026-11-24", "story": "s"})
    assert not both.ok


def test_markdown_setting_applies_to_commentary(tmp_path):
    files = {
        "scraped/hc/ferry.txt": FILES["scraped/hc/ferry.txt"],
        "commentary/n.md": "Story: ferry-timetable-changes\n\n## Why it matters\n\nBecause.\n",
    }
    markdown = {"extension_configs": {"markdown.extensions.toc": {}}, "output_format": "html5"}
    built = build_site(tmp_path, files, sources=SOURCES, MARKDOWN=markdown)
    aside = read(built, url_of(built, "scraped/hc/ferry.txt")).find("aside", class_="commentary")
    assert aside.find("h2", id="why-it-matters")  # only the toc extension gives headings ids


# --------------------------------------------------------------------------
# Feeds and sharing


def test_feeds_parse_with_absolute_links_and_plain_titles(site):
    for name in ("feeds/all.atom.xml", "feeds/digest.atom.xml"):
        feed = feedparser.parse((site.output / name).read_bytes())
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.entries
        for entry in feed.entries:
            assert entry.link.startswith(SITEURL + "/"), entry.link
            assert "<" not in entry.title and "&" not in entry.title.replace(" & ", ""), entry.title
            for href in re.findall(r'href="([^"]+)"', entry.get("content", [{"value": ""}])[0]["value"]):
                assert href.startswith(("https://", "http://")), href
    digest = feedparser.parse((site.output / "feeds" / "digest.atom.xml").read_bytes())
    assert [e.title for e in digest.entries] == [
        "The digest for Wednesday 25 November 2026",
        "The digest for Tuesday 24 November 2026",
        "The digest for Monday 23 November 2026",
    ]
    assert 'id="event-strike-1"' in digest.entries[-1].content[0].value
    titles = [e.title for e in feedparser.parse((site.output / "feeds/all.atom.xml").read_bytes()).entries]
    assert 'Rovers win the "NATO cup" & parade' in titles  # scraped markup is text, shown as written


# The parts of JSON Feed 1.1 (jsonfeed.org/version/1.1) this site uses, as a schema.
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "pattern": "^https?://"},
        "feed_url": {"type": "string", "pattern": "^https?://"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string"},
                    "url": {"type": "string", "pattern": "^https?://"},
                    "external_url": {"type": "string", "pattern": "^https?://"},
                    "title": {"type": "string", "not": {"pattern": "<[a-zA-Z/]"}},
                    "content_html": {"type": "string"},
                    "summary": {"type": "string"},
                    "date_published": {"type": "string", "format": "date-time"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "authors": {"type": "array", "items": {"type": "object", "required": ["name"]}},
                },
            },
        },
    },
}


def test_json_feed_is_json_feed_1_1(site):
    """feedparser 6 (the latest release) cannot read JSON Feed, so the spec is checked as a schema."""
    feed = json.loads((site.output / "feed.json").read_text(encoding="utf-8"))
    jsonschema.validate(feed, JSON_FEED_SCHEMA, format_checker=jsonschema.FormatChecker())
    assert feed["feed_url"] == f"{SITEURL}/feed.json"
    urls = [i["url"] for i in feed["items"]]
    assert f"{SITEURL}/2026/11/25/why-the-port-matters/" in urls
    assert len(urls) == 7  # six stories and the editorial
    dates = [i["date_published"] for i in feed["items"]]
    assert dates == sorted(dates, reverse=True)
    for item in feed["items"]:
        for href in re.findall(r'href="([^"]+)"', item["content_html"]):
            assert href.startswith("https://"), href


def test_canonical_and_sharing_tags_on_every_page(site):
    for path in sorted(site.output.rglob("*.html")):
        if "pagefind" in path.parts:
            continue
        page = soup(path.read_text(encoding="utf-8"))
        rel = path.relative_to(site.output).as_posix().removesuffix("index.html")
        canonical = page.find("link", rel="canonical")
        assert canonical and canonical["href"] == f"{SITEURL}/{rel}", rel
        for prop in ("og:title", "og:url", "og:type", "og:description", "og:site_name"):
            tag = page.find("meta", property=prop)
            assert tag and tag["content"].strip() and "<" not in tag["content"], (rel, prop)
        assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
        # base.html renders the description and share title once for all three places, and
        # sets the site's plain name before any block (a title's) reads it.
        named = {
            n: page.find("meta", attrs={"name": n})["content"] for n in ("description", "twitter:description")
        }
        assert (
            named["description"]
            == named["twitter:description"]
            == page.find("meta", property="og:description")["content"]
        )
        share = page.find("meta", property="og:title")["content"]
        assert page.find("meta", attrs={"name": "twitter:title"})["content"] == share, rel
        site_name = page.find("meta", property="og:site_name")["content"]
        assert page.title.string.endswith(site_name) and site_name == "News Digest", rel
        assert " · " not in share or share.endswith(f" · {site_name}"), rel  # a title as share title
    story = read(site, url_of(site, "scraped/mw/cup.txt"))
    assert story.find("meta", property="og:type")["content"] == "article"
    assert story.find("meta", property="og:title")["content"] == 'Rovers win the "NATO cup" & parade'


def test_sitemap_lists_every_story_digest_and_editorial_and_robots_names_it(site):
    from xml.etree import ElementTree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ElementTree.parse(site.output / "sitemap.xml")
    locs = [e.text for e in tree.findall("s:url/s:loc", ns)]
    assert len(locs) == len(set(locs))
    wanted = {f"{SITEURL}/", *(f"{SITEURL}/2026/11/{d}/" for d in (23, 24, 25))}
    wanted |= {f"{SITEURL}/{i['url']}" for i in site.report["inputs"] if i["url"]}
    assert set(locs) == wanted
    robots = (site.output / "robots.txt").read_text()
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots.splitlines()


# --------------------------------------------------------------------------
# The pure parts


def _story(source: str, outlet: str, key: str, day: int, category: str = "News", **kw) -> Story:
    story = Story(source=source, headline=source, outlet=outlet, outlet_key=key, category=category, **kw)
    story.date = dt.date(2026, 11, day)
    story.slug = source.replace("/", "-")
    return story


def test_ranking_coverage_then_priority_then_time():
    a = _story("a", "A", "a", 1)
    b = _story("b", "B", "b", 1)
    c = _story("c", "C", "c", 1, also_reported=[Credit("D", None, "d")])  # coverage 2 via a repost
    days = build_days([a, b, c], {"a": 1, "b": 5}, top_events=2)
    (day,) = days
    assert [e.lead.source for e in day.events] == ["c", "b", "a"]
    assert [e.lead.source for e in day.top] == ["c", "b"]
    assert [(name, [e.lead.source for e in es]) for name, es in day.sections] == [("News", ["a"])]


def test_a_broken_event_never_loses_or_repeats_a_story():
    a, b, c = _story("a", "A", "a", 1), _story("b", "B", "b", 1), _story("c", "C", "c", 2)
    shared = Event("e", "a", ["a", "b", "gone"], 3, dt.date(2026, 11, 1))
    a.event = b.event = shared
    c.event = Event("orphan", "missing-lead", ["c"])  # its lead is not published
    events = events_of([a, b, c])
    members = sorted(m for e in events for m in e.members)
    assert members == ["a", "b", "c"]
    assert next(e for e in events if e.lead == "a").members == ["a", "b"]


def test_summary_is_lede_allows_a_dateline_and_nothing_else():
    paragraphs = ["KELLHAVEN (Wire) - The port reopened on Monday. Ships queued.", "More later."]
    assert summary_is_lede("The port reopened on Monday.", paragraphs)
    assert summary_is_lede("The port reopened on Monday. Ships queued.", paragraphs)
    assert not summary_is_lede("Ships queued.", paragraphs)
    assert not summary_is_lede("More later.", paragraphs)
