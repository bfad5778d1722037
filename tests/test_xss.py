"""XSS payloads in every reader and every field: nothing in the built site can run them.

Two layers: every built file is parsed and checked for anything that could
run or load something (fast); then Debian's Chromium loads every built page
over HTTP and watches for a dialog, the payloads' global and any request to
the payload host (slow). A control page where the payload does run shows the
browser check can fail.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from browser import chromium, serving
from bs4 import BeautifulSoup

from conftest import Site, build_site
from xss import HOST, PAYLOADS, RUN, site_files, sources

# Attributes that hold a URL a browser may load or navigate to.
URL_ATTRS = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "srcdoc",
    "xlink:href",
    "poster",
    "background",
    "srcset",
}
NEVER = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "svg", "math", "style", "img"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.I)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    return build_site(tmp_path_factory.mktemp("xss-site"), site_files(), sources=sources())


def test_every_hostile_input_is_published_and_reported_once(site):
    report = site.report
    sources_seen = [i["source"] for i in report["inputs"]]
    assert len(sources_seen) == len(set(sources_seen))
    expected = {
        "scraped/xss/inquiry.txt",
        "scraped/xss/day-two.html",
        "scraped/xss/days.jsonl#1",
        "scraped/xss/days.jsonl#2",
        "scraped/xss/report.json#1",
    }
    assert set(sources_seen) == expected
    for source in expected:
        assert site.entry(source)["status"] == "published", site.entry(source)
    # The payloads are shown as text, not dropped: the reader sees what the scraper sent.
    page = site.page("scraped/xss/inquiry.txt")
    assert "&lt;script&gt;window.__xss=1" in page


def _check_markup(markup: str, where: str) -> None:
    doc = BeautifulSoup(markup, "html.parser")
    for el in doc.find_all(True):
        name = el.name.lower()
        assert name not in NEVER, (where, str(el)[:200])
        if name == "script":
            assert el.get("type") == "application/ld+json" or (el.get("src") and not el.string), (
                where,
                str(el)[:200],
            )
            if el.get("type") == "application/ld+json":
                json.loads(el.string)  # data, and whole: no payload closed it early
        if name == "meta" and el.get("http-equiv"):
            assert el["http-equiv"].lower() == "content-security-policy", (where, str(el))
        if name == "form":
            assert "search-form" in el.get("class", []), (where, str(el)[:200])
        for attr, value in el.attrs.items():
            attr = attr.lower()
            assert not attr.startswith("on"), (where, attr, str(el)[:200])
            assert attr != "style", (where, str(el)[:200])
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attr in URL_ATTRS:
                plain = "".join(ch for ch in html.unescape(text) if ch > " ")
                icon = name == "link" and "icon" in el.get("rel", []) and plain == "data:,"
                assert icon or not BAD_SCHEME.match(plain), (where, attr, text[:200])
                assert HOST not in plain, (where, attr, text[:200])


def test_no_built_page_or_feed_carries_anything_that_could_run(site):
    checked = 0
    for path in sorted(site.output.rglob("*")):
        where = path.relative_to(site.output).as_posix()
        if path.suffix == ".html":
            _check_markup(path.read_text(encoding="utf-8"), where)
            checked += 1
        elif path.suffix == ".xml" and "feeds" in path.parts:
            for el in ElementTree.parse(path).iter():
                if el.tag.endswith(("content", "summary")) and el.text:
                    _check_markup(el.text, f"{where} <{el.tag}>")
            checked += 1
        elif path.name == "feed.json":
            for item in json.loads(path.read_text(encoding="utf-8"))["items"]:
                _check_markup(item.get("content_html", ""), f"{where} {item.get('id')}")
            checked += 1
    assert checked > 10


def test_the_static_check_catches_what_it_looks_for():
    for bad in (f"<p>{p}</p>" for p in PAYLOADS[:7]):
        with pytest.raises(AssertionError):
            _check_markup(bad, "control")


# --------------------------------------------------------------------------
# a real browser


@pytest.fixture(scope="module")
def served(site: Site) -> Iterator[str]:
    with serving(site.output) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright with a fresh profile (never a downloaded browser)."""
    with chromium() as context:
        yield context


def _visit(browser, url: str, local: str) -> dict[str, list[str] | bool]:
    """Load ``url``; what it did: dialogs, the payload global, requests leaving ``local``."""
    page = browser.new_page()
    seen: dict[str, list[str] | bool] = {"dialogs": [], "requests": []}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))

    def route(request_route) -> None:
        url_ = request_route.request.url
        if urlsplit(url_).netloc != local:
            seen["requests"].append(url_)
            request_route.abort()
        else:
            request_route.continue_()

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(150)  # timers and late event handlers
    seen["global"] = bool(page.evaluate("typeof window.__xss !== 'undefined'"))
    page.close()
    return seen


@pytest.mark.slow
def test_chromium_runs_no_payload_on_any_page(site, served, browser):
    local = urlsplit(served).netloc
    pages = sorted(p.relative_to(site.output).as_posix() for p in site.output.rglob("*.html"))
    assert len(pages) > 10
    ran = {}
    for rel in pages:
        url = f"{served}/{rel.removesuffix('index.html')}"
        seen = _visit(browser, url, local)
        if seen["dialogs"] or seen["requests"] or seen["global"]:
            ran[rel] = seen
    assert not ran


@pytest.mark.slow
def test_chromium_check_sees_a_payload_that_runs(tmp_path, browser):
    (tmp_path / "ran.html").write_text(f"<!DOCTYPE html><title>t</title><p>x</p><script>{RUN}</script>")
    with serving(tmp_path) as url:
        local = urlsplit(url).netloc
        seen = _visit(browser, f"{url}/ran.html", local)
    assert seen["dialogs"] == ["1"] and seen["global"] is True
    assert any(HOST in r for r in seen["requests"])
