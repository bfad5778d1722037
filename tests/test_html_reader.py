"""Saved web pages: extraction, structure, metadata, non-articles and hostile files."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from conftest import build_site, jsonld, norm, soup
from news_digest.readers import reader_for
from news_digest.readers.html import gunzip, read_html
from news_digest.readers.text import Unreadable
from pages import (
    ARTICLE_ITEMS,
    ARTICLE_PARAGRAPHS,
    ARTICLE_QUOTE,
    ARTICLE_SUBHEADING,
    ARTICLE_URL,
    FURNITURE_TEXT,
    article_page,
    consent_page,
    gz,
    index_page,
    search_page,
)

EXPECTED_BODY = [
    *ARTICLE_PARAGRAPHS[:2],
    ARTICLE_SUBHEADING,
    ARTICLE_PARAGRAPHS[2],
    "\n".join(ARTICLE_ITEMS),
    ARTICLE_QUOTE,
    *ARTICLE_PARAGRAPHS[3:],
]


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_registry_knows_pages_by_suffix(tmp_path):
    for name in ("a.html", "b.HTM", "c.html.gz", "d.htm.gz"):
        assert reader_for(tmp_path / name) is read_html, name
    assert reader_for(tmp_path / "e.gz") is None


def test_article_structure_and_metadata(tmp_path):
    [story] = read_html(write(tmp_path, "ferry.html", article_page()), "scraped/ferry.html")
    assert story.headline == "Ferry crews return to work after two-day stoppage"
    assert story.raw_outlet == "Harbour Courier"
    # The page's time with its offset stays an instant: meta dates it in the site's zone.
    assert story.sidecar.pop("date") == "2026-11-18T07:15:00+00:00"
    assert story.sidecar == {
        "url": ARTICLE_URL,
        "author": "Lena Marsh",
        "language": "en-GB",
    }
    kinds = [b.kind for b in story.blocks]
    assert kinds == ["p", "p", "h", "p", "list", "quote", "p", "p"]
    assert story.blocks[4].items == ARTICLE_ITEMS
    text = " ".join(b.text + " ".join(b.items) for b in story.blocks)
    for furniture in FURNITURE_TEXT:
        assert furniture not in text
    # The link is made absolute against the page's URL; emphasis is kept.
    linked = story.blocks[6]
    assert linked.text == ARTICLE_PARAGRAPHS[3]
    assert '<a href="https://harbour-courier.example/2026/11/fares">lost fares</a>' in linked.html
    assert "<em>extra staff</em>" in linked.html


def test_gzipped_page_reads_like_the_plain_one(tmp_path):
    [plain] = read_html(write(tmp_path, "a.html", article_page()), "a")
    [zipped] = read_html(write(tmp_path, "b.html.gz", gz(article_page())), "a")
    assert zipped == plain


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (index_page(), "not an article: an index page"),
        (search_page(), "not an article: a search results page"),
        (consent_page(), "not an article: a cookie or consent wall"),
        ("<html><head><title>Gallery</title></head><body><img src=a.jpg></body></html>", "no story text"),
    ],
)
def test_pages_that_are_not_articles_are_rejected_with_what_they_are(tmp_path, page, reason):
    with pytest.raises(Unreadable, match=reason):
        read_html(write(tmp_path, "page.html", page), "page.html")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t ", "empty file"),
        (b"\x00\x01\x02PK\x03\x04" * 100, "binary file"),
    ],
)
def test_empty_and_binary_files(tmp_path, data, reason):
    with pytest.raises(Unreadable, match=reason):
        read_html(write(tmp_path, "x.html", data), "x.html")


def test_gzip_bomb_stops_at_the_limit(tmp_path):
    bomb = gzip.compress(b"<p>" + b"a" * 20_000_000, mtime=0)
    assert len(bomb) < 100_000
    with pytest.raises(Unreadable, match=r"decompresses to more than DIGEST_MAX_BYTES \(1,000,000 bytes\)"):
        read_html(write(tmp_path, "bomb.html.gz", bomb), "bomb.html.gz", max_bytes=1_000_000)


def test_file_over_the_limit_is_rejected_before_it_is_read(tmp_path):
    big = tmp_path / "big.html"
    with big.open("wb") as f:  # sparse: costs no disk and no time
        f.truncate(6 * 1024 * 1024)
    with pytest.raises(
        Unreadable, match=r"file too large \(6,291,456 bytes; DIGEST_MAX_BYTES is 5,242,880\)"
    ):
        read_html(big, "big.html")


def test_broken_and_truncated_gzip(tmp_path):
    with pytest.raises(Unreadable, match="not a readable gzip file"):
        read_html(write(tmp_path, "bad.html.gz", b"\x1f\x8b\x08\x00garbage" * 10), "bad.html.gz")
    whole = gz(article_page())
    [story] = read_html(write(tmp_path, "cut.html.gz", whole[: len(whole) - 40]), "cut.html.gz")
    assert "gzip file is truncated; read what was there" in story.warnings
    assert story.headline.startswith("Ferry crews")


def test_gunzip_reads_every_member_up_to_the_limit_exactly():
    data = gzip.compress(b"one ", mtime=0) + gzip.compress(b"two", mtime=0)
    assert gunzip(data, 7) == (b"one two", [])
    with pytest.raises(Unreadable, match=r"more than DIGEST_MAX_BYTES \(6 bytes\)"):
        gunzip(data, 6)


def test_declared_legacy_charset(tmp_path):
    page = article_page(title="Паромщики вернулись к работе", charset="windows-1251", lang="ru")
    [story] = read_html(write(tmp_path, "ru.html", page.encode("cp1251")), "ru.html")
    assert story.headline == "Паромщики вернулись к работе"
    assert story.sidecar["language"] == "ru"
    assert "decoded as windows-1251" in story.warnings


# --------------------------------------------------------------------------
# end to end: pages built into the site by the one pipeline

SIDECAR = "title: Ferry crews back at work\nsection: Island news\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("html-site")
    return build_site(
        root,
        {
            "scraped/courier/ferry.html": article_page(),
            "scraped/courier/ferry.yaml": SIDECAR,
            "scraped/wire/ferry-copy.html.gz": gz(article_page(url="https://meridian-wire.example/ferry")),
            "scraped/courier/index.html": index_page(),
            "scraped/courier/search.htm": search_page(),
            "scraped/courier/consent.html": consent_page(),
            "scraped/courier/broken.html.gz": b"\x1f\x8b\x08\x00not gzip",
        },
    )


def test_page_builds_into_a_story_with_the_text_contract(site):
    entry = site.entry("scraped/courier/ferry.html")
    assert entry["status"] == "published", entry
    page = site.page("scraped/courier/ferry.html")
    data = jsonld(page)
    assert data["headline"] == "Ferry crews back at work"  # the sidecar wins over the page
    assert data["articleSection"] == "Island news"
    assert data["datePublished"] == "2026-11-18"
    assert data["publisher"]["name"] == "The Harbour Courier"
    assert data["isBasedOn"] == ARTICLE_URL
    assert data["author"]["name"] == "Lena Marsh"
    assert data["inLanguage"] == "en-GB"
    assert data["articleBody"].split("\n\n") == EXPECTED_BODY
    doc = soup(page)
    article = doc.find("article")
    assert doc.html["lang"] == "en-GB"
    assert norm(article.select_one(".story-body h2").get_text()) == ARTICLE_SUBHEADING
    assert [norm(li.get_text()) for li in article.select(".story-body ul li")][:2] == ARTICLE_ITEMS
    assert norm(article.select_one(".story-body blockquote").get_text()) == ARTICLE_QUOTE
    assert doc.find(id="see-also") is not None
    for furniture in FURNITURE_TEXT:
        assert furniture not in data["articleBody"]


def test_every_page_is_in_the_report_once(site):
    report = site.report
    by_source = {i["source"]: i for i in report["inputs"]}
    assert len(by_source) == len(report["inputs"]) == 6
    assert by_source["scraped/wire/ferry-copy.html.gz"]["status"] == "folded"
    assert by_source["scraped/wire/ferry-copy.html.gz"]["folded_into"] == "scraped/courier/ferry.html"
    reasons = {src: i["reason"] for src, i in by_source.items() if i["status"] == "rejected"}
    assert reasons["scraped/courier/index.html"].startswith("not an article: an index page")
    assert reasons["scraped/courier/search.htm"] == "not an article: a search results page"
    assert reasons["scraped/courier/consent.html"].startswith("not an article: a cookie or consent wall")
    assert reasons["scraped/courier/broken.html.gz"].startswith("not a readable gzip file")
    assert sum(report["counts"].values()) == 6
    assert not any(name.endswith(".html.gz") for name in os.listdir(site.output))


def test_links_are_kept_sanitised_and_every_page_has_the_csp(site):
    page = site.page("scraped/courier/ferry.html")
    body = soup(page).select_one(".story-body")
    link = body.find("a", string="lost fares")
    assert link["href"] == "https://harbour-courier.example/2026/11/fares"
    assert link["rel"] == ["nofollow", "noopener", "noreferrer"]
    assert body.find("em", string="extra staff") is not None
    for path in site.output.rglob("*.html"):
        metas = soup(path.read_text(encoding="utf-8")).find_all(
            "meta", attrs={"http-equiv": "Content-Security-Policy"}
        )
        assert len(metas) == 1, path
        assert "script-src 'self'" in metas[0]["content"] and "unsafe-inline" not in metas[0]["content"]


def test_the_build_applies_its_own_limits_to_gzipped_pages(tmp_path):
    big = gz(
        "<html><head><title>Big</title></head><body>" + "<p>A long sentence about the harbour.</p>" * 3000
    )
    many = "<html><body>" + "<p>A paragraph.</p>" * 50 + "</body></html>"
    site = build_site(
        tmp_path,
        {"scraped/big.html.gz": big, "scraped/many.html": many},
        DIGEST_MAX_BYTES=100_000,
        DIGEST_MAX_PARAGRAPHS=40,
    )
    assert len(big) < 100_000
    assert (
        site.entry("scraped/big.html.gz")["reason"]
        == "decompresses to more than DIGEST_MAX_BYTES (100,000 bytes)"
    )
    assert site.entry("scraped/many.html")["reason"] == (
        "too many paragraphs (50 <p> elements; DIGEST_MAX_PARAGRAPHS is 40)"
    )


def test_control_characters_in_markup_do_not_lose_the_page(tmp_path):
    page = article_page().replace(
        '<a href="/2026/11/fares">', '<a href=" &#14; /2026/11/fares" title="a&#11;b">'
    )
    [story] = read_html(write(tmp_path, "ctl.html", page), "ctl.html")
    assert [b.kind for b in story.blocks] == ["p", "p", "h", "p", "list", "quote", "p", "p"]
