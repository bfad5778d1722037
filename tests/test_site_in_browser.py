"""The demo site in a real browser: search, accessibility, page weight and screenshots.

Debian's Chromium (``/usr/bin/chromium``) is driven by Playwright (PyPI
``playwright``, which never downloads a browser here: it is given the system
one). The built demo is served over HTTP by the standard library, as any
static host would serve it; Pagefind needs no server of its own. axe-core
comes from npm (``node_modules/axe-core``).

Screenshots of every checked page, at 375 and 1280 px, light and dark, go
to ``screenshots/`` in the project (or ``$NEWS_DIGEST_SCREENSHOTS``).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import random
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import chromium, serving
from bs4 import BeautifulSoup
from test_search_bundles import story_files

from conftest import ROOT, Site, build_site

pytestmark = pytest.mark.slow

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("NEWS_DIGEST_SCREENSHOTS") or ROOT / "screenshots")
STORY_BUDGET = 14 * 1024  # story page HTML + CSS, gzipped
DIGEST_BUDGET = 40 * 1024  # a digest page of 50 events, HTML + CSS, gzipped


@pytest.fixture(scope="module")
def served(demo_site: Site) -> Iterator[str]:
    """The demo output served over HTTP."""
    with serving(demo_site.output) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright, with a fresh profile."""
    with chromium() as context:
        yield context


def pages_to_check(site: Site) -> dict[str, str]:
    """Name -> URL path of the pages the accessibility and screenshot checks cover."""
    inputs = {i["source"]: i for i in site.report["inputs"]}
    editorial = next(i["url"] for s, i in inputs.items() if s.startswith("commentary/") and "editorial" in s)
    noted = inputs["commentary/port-deal-note.md"]["url"]
    tag = sorted(p.parent.relative_to(site.output).as_posix() for p in site.output.glob("tag/*/index.html"))[
        0
    ]
    day = inputs["commentary/2026-11-22-day-note.md"]["url"]
    return {
        "home": "",
        "digest": day,
        "story": noted,
        "tag": f"{tag}/",
        "editorial": editorial,
        "search": "search/?q=Kellhaven",
    }


def test_search_finds_a_demo_story_by_typing(browser, served, demo_site):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{served}/search/")
    page.click("#search-input")
    page.keyboard.type("Oyelaran mediator", delay=20)
    # Results for a prefix of the query may show while typing goes on: wait for the whole query's.
    page.wait_for_selector("#search-status:has-text('found for “Oyelaran mediator”')", timeout=15_000)
    hrefs = [a.get_attribute("href") for a in page.query_selector_all("#search-results li a")]
    mediator = next(i["url"] for i in demo_site.report["inputs"] if "mediator" in i["source"])
    assert f"/{mediator}" in hrefs, hrefs
    # Only headlines and story text are indexed: the byline every story page carries is not.
    page.fill("#search-input", '"Originally published by"')
    page.wait_for_selector("#search-status:has-text('Nothing found')", timeout=15_000)
    # Twenty results at most, and the reader is told when more pages hold the word.
    holding = indexed_pages_with(demo_site, "kellhaven")
    assert holding > 20, holding  # the demo's port strike runs through the whole month
    assert len(search_for(page, "Kellhaven")) == 20
    assert page.inner_text("#search-status").startswith("More than 20 stories found for “Kellhaven”")
    assert search_for(page, "Oyelaran") and "More than" not in page.inner_text("#search-status")
    assert not errors, errors  # the CSP allowed everything search needs
    page.close()


def indexed_pages_with(site: Site, word: str) -> int:
    """Pages whose indexed text (``data-pagefind-body`` less ``data-pagefind-ignore``) holds ``word``."""
    count = 0
    for path in site.output.rglob("*.html"):
        body = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find(
            attrs={"data-pagefind-body": True}
        )
        if body is None:
            continue
        for ignored in body.find_all(attrs={"data-pagefind-ignore": True}):
            ignored.decompose()
        count += word in body.get_text(" ").lower()
    return count


def search_for(page, query: str) -> list[str]:
    """The result links the search page shows for ``query``."""
    page.fill("#search-input", query)
    page.wait_for_selector(f"#search-status:has-text('for “{query}”')", timeout=15_000)
    return [a.get_attribute("href") for a in page.query_selector_all("#search-results li a")]


def test_search_finds_each_week_and_only_pages_holding_the_words(browser, tmp_path):
    """Three weekly bundles searched together: a word one week lacks brings none of its pages.

    Alone, Pagefind answers a word missing from a bundle with pages holding a shorter prefix of it
    ("Tollerby" finds "to"; "Marrowby" finds keeper Ilse Marrow): merged, every other week would
    add such pages to the real hit.
    """
    site = build_site(tmp_path, story_files("old", "mid", "new", "added"), DIGEST_SEARCH=True)
    bundles = json.loads((site.output / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    assert [b["name"] for b in bundles["bundles"]] == ["2026-w48-2", "2026-w46-4", "2026-w45-2"]
    urls = {i["source"].split("/")[-1].removesuffix(".txt"): f"/{i['url']}" for i in site.report["inputs"]}
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    with serving(site.output) as served:
        page.goto(f"{served}/search/")
        assert search_for(page, "Brackwater") == [urls["old"]]  # the oldest bundle
        assert search_for(page, "Marrowby") == [urls["mid"]]  # not the page naming Ilse Marrow
        assert search_for(page, "Tollerby") == [urls["added"]]  # the newest bundle, and nothing else
        assert search_for(page, "Tollerb") == [urls["added"]]  # a word being typed
        assert search_for(page, "sailed") == [urls["mid"]]  # the same stem as "sail" and "sailing"
        assert sorted(search_for(page, "Tuesday")) == sorted([urls["old"], urls["new"]])
        assert sorted(search_for(page, "Saturday")) == sorted([urls["mid"], urls["new"]])
        assert search_for(page, "Zanzibar") == []
    page.close()
    assert not errors, errors


# Each town's name starts with a word every story holds ("Tollerby": "to"; "Atwell": "at").
NAMES = ["Tollerby", "Ontley", "Andlow", "Theberton", "Fromhold", "Boatwick"]
NAMES += ["Quayford", "Sailsby", "Tideham", "Harbourne", "Atwell", "Tovey"]


def many_days() -> dict[str, str]:
    """A story on each of twelve days over three ISO weeks, each naming its own town.

    Besides a sentence they share, each story is made-up words (a fixed seed), so that no two
    fold together.
    """
    rng = random.Random(11)
    syllables = ["ka", "lo", "mer", "to", "an", "bre", "sil", "vo", "ne", "dra", "pe", "qua"]
    files = {}
    for i, name in enumerate(NAMES):
        date = dt.date(2026, 11, 2) + dt.timedelta(days=2 * i)
        words = ["".join(rng.choices(syllables, k=rng.randint(2, 3))) for _ in range(60)]
        sentences = [" ".join(words[j : j + 12]).capitalize() + "." for j in range(0, 60, 12)]
        files[f"scraped/hc/town{i}.txt"] = (
            f"{name} harbour {words[0]} {words[1]} | Regional news | Harbour Courier\n\n"
            f"The harbour at {name} {' '.join(sentences[:2])}\n\n{' '.join(sentences[2:])} "
            "Boats sailed to and from the quay at the harbour on the tide.\n"
        )
        files[f"scraped/hc/town{i}.yaml"] = f"date: {date}\nurl: https://harbour-courier.example/town{i}\n"
    return files


def test_search_merges_a_bundle_a_day_and_finds_each_story_once(browser, tmp_path):
    """Twelve bundles (a week cut at one page a bundle): each town's story, and only it, is found.

    Every bundle but one lacks each town's name, and each would answer it with pages holding a
    shorter prefix of it; the merged search must drop all of those. The whole index is loaded
    once (each bundle's entry file fetched once) however many searches follow.
    """
    site = build_site(tmp_path, many_days(), DIGEST_SEARCH=True, DIGEST_SEARCH_BUNDLE_PAGES=1)
    bundles = json.loads((site.output / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    names = [b["name"] for b in bundles["bundles"]]
    assert len(names) == 12 and names == sorted(names, reverse=True)
    assert names[-3:] == ["2026-w45-5", "2026-w45-3", "2026-w45-1"]  # a part per day, named by its weekday
    urls = {i["source"].split("/")[-1].removesuffix(".txt"): f"/{i['url']}" for i in site.report["inputs"]}
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    fetched: list[str] = []  # what the page and Pagefind's worker ask for under pagefind/
    track = lambda r: fetched.append(urlsplit(r.url).path) if "/pagefind/" in r.url else None  # noqa: E731
    browser.on("request", track)
    with serving(site.output) as served:
        page.goto(f"{served}/search/")
        for i, name in enumerate(NAMES):
            assert search_for(page, name) == [urls[f"town{i}"]], name
        assert search_for(page, NAMES[3][:-1]) == [urls["town3"]]  # a word being typed
        assert sorted(search_for(page, "harbour")) == sorted(urls.values())
        assert search_for(page, "Zanzibar") == []
    page.close()
    browser.remove_listener("request", track)
    assert not errors, errors
    # Loaded once for all the searches: each bundle's entry and metadata, one WebAssembly module.
    assert sorted(u for u in fetched if u.endswith("/pagefind-entry.json")) == sorted(
        f"/pagefind/{name}/pagefind-entry.json" for name in names
    )
    assert len([u for u in fetched if u.endswith(".pf_meta")]) == 12
    assert len([u for u in fetched if "/wasm." in u]) == 1


# One test per colour scheme, so that two test workers can share the work.
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_and_screenshots(browser, served, demo_site, scheme):
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (or `invoke test`, which does it)")
    axe = AXE.read_text(encoding="utf-8")
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    page = browser.new_page()
    page.emulate_media(color_scheme=scheme)
    for name, path in pages_to_check(demo_site).items():
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{served}/{path}")
        if name == "search":  # check and show the results, not an empty form
            page.wait_for_selector("#search-results li", timeout=15_000)
        page.evaluate(axe)  # through DevTools, so the page's CSP does not apply to the checker
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            targets = [n["target"] for n in violation["nodes"]][:3]
            problems.append(f"{name} ({scheme}): {violation['id']}: {violation['help']} {targets}")
        page.screenshot(path=str(SHOTS / f"{name}-1280-{scheme}.png"), full_page=True)
        page.set_viewport_size({"width": 375, "height": 800})
        page.screenshot(path=str(SHOTS / f"{name}-375-{scheme}.png"), full_page=True)
    page.close()
    print(f"screenshots: {SHOTS}")
    assert not problems, "\n".join(problems)


def weight(output: Path, url: str) -> int:
    """Gzipped bytes of a page's HTML plus the stylesheet it links."""
    html = (output / url / "index.html").read_bytes()
    css = (output / "theme" / "css" / "main.css").read_bytes()
    return len(gzip.compress(html, 9)) + len(gzip.compress(css, 9))


def test_story_pages_are_light_and_load_in_three_requests(browser, served, demo_site):
    heaviest = max(demo_site.published(), key=lambda s: weight(demo_site.output, demo_site.entry(s)["url"]))
    url = demo_site.entry(heaviest)["url"]
    assert weight(demo_site.output, url) <= STORY_BUDGET, (heaviest, weight(demo_site.output, url))
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("data:") else None)
    page.goto(f"{served}/{url}", wait_until="networkidle")
    page.close()
    assert len(requests) <= 3, requests
    assert not any("pagefind" in r for r in requests)


def test_a_digest_of_fifty_events_is_light(tmp_path):
    files = {}
    for n in range(50):
        files[f"scraped/s{n:02}.txt"] = (
            f"Harbour story number {n} about the quay | Business | HC\n\n"
            f"On Monday, November 23, 2026, something numbered {n} happened at the quay of Kellhaven, "
            f"and officials from the harbour board described event {n} to reporters at length.\n\n"
            f"Residents said the change {n} would matter for the ferry, the market and the fish sales.\n"
        )
        # The stories differ in a number only: the editor keeps each its own event.
        files[f"scraped/s{n:02}.yaml"] = "event: none\n"
    site = build_site(tmp_path, files)
    page = site.output / "2026" / "11" / "23" / "index.html"
    assert page.read_text(encoding="utf-8").count('<article class="event"') == 50
    assert weight(site.output, "2026/11/23") <= DIGEST_BUDGET
