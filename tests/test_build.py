"""End-to-end: scraped text files built into a real site by real Pelican."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import jsonld, norm, soup

# A story of our own in the scrapers' format, with the same traps as the
# shared sample: furniture around and inside the story, a subheading, and a
# dead "See also" block in the middle followed by more story.
HARBOUR = """\
Harbour council approves new flood barrier for Kellhaven | Regional news | Harbour Courier

Home > News > Regional

Share this:

The Kellhaven harbour council approved a new flood barrier on Tuesday, November 24, after a night of debate that ran past midnight.

Council leader Mara Voss said the barrier would protect 4,000 homes. "We have waited ten years for this," she told reporters.

Funding the work

The barrier will cost 12.5 million euros, paid over five years from the port levy.

See also:

Kellhaven port reopens after storm
Council leader Voss wins second term

Opponents said the levy would drive shipping to rival ports. The council rejected their motion by nine votes to four.

Advertisement

Work is due to start in the spring.

Leave a Reply

Your email address will not be published. Required fields are marked *

This site uses Akismet to reduce spam. Learn how your comment data is processed.

Recent News

Editor's Pick
"""

HARBOUR_PARAGRAPHS = [
    "The Kellhaven harbour council approved a new flood barrier on Tuesday, November 24, "
    "after a night of debate that ran past midnight.",
    'Council leader Mara Voss said the barrier would protect 4,000 homes. "We have waited '
    'ten years for this," she told reporters.',
    "The barrier will cost 12.5 million euros, paid over five years from the port levy.",
    "Opponents said the levy would drive shipping to rival ports. The council rejected "
    "their motion by nine votes to four.",
    "Work is due to start in the spring.",
]

SOURCES = """\
outlets:
  harbour-courier:
    name: The Harbour Courier
    aliases: [Harbour Courier, HC]
    hosts: [harbour-courier.example]
    priority: 10
    sections:
      Regional news: Europe
  dw:
    name: Deutsche Welle
    aliases: [DW]
    hosts: [dw.com]
    sections:
      News from Germany about Russia: World
"""


def article_text(html: str) -> str:
    article = soup(html).find_all("article")
    assert len(article) == 1
    return norm(article[0].get_text())


def test_dw_sample_builds_into_its_page(make_site, dw_sample):
    site = make_site({"scraped/dw-security-guarantees.txt": dw_sample}, sources=SOURCES)
    entry = site.entry("scraped/dw-security-guarantees.txt")
    assert entry["status"] == "published"
    page = site.page("scraped/dw-security-guarantees.txt")
    doc = soup(page)
    title = "Russia handed over to the US a list of requirements for security guarantees"
    assert norm(doc.find("h1").get_text(" ")) == title
    assert title in doc.title.get_text()
    data = jsonld(page)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == title
    assert data["datePublished"] == "2021-12-15"
    assert data["publisher"]["name"] == "Deutsche Welle"
    assert data["articleSection"] == "News from Germany about Russia"
    assert isinstance(data["relatedLink"], list) and isinstance(data["keywords"], list)
    assert doc.find("time", attrs={"datetime": "2021-12-15"}) is not None
    text = article_text(page)
    assert "Originally published by Deutsche Welle" in text
    headings = [norm(h.get_text(" ")) for h in doc.find("article").find_all(["h2", "h3"])]
    assert "Security guarantees" in headings
    assert "<p>Security guarantees</p>" not in page
    # Every paragraph of the story, word for word (typography aside).
    story_part = dw_sample.split("See also:")[0]
    body_paragraphs = [p for p in story_part.split("\n\n")[1:] if len(p.split()) > 12]
    assert len(body_paragraphs) == 5
    # articleBody: the paragraphs and, in its place, the subheading.
    body = [" ".join(p.split()) for p in body_paragraphs]
    assert data["articleBody"].split("\n\n") == [*body[:2], "Security guarantees", *body[2:]]
    for paragraph in body_paragraphs:
        assert norm(paragraph.replace("\u2019", "'")) in text
    for furniture in ("See also:", "Leave a Comment", "Akismet", "Recent News", "Editor's Pick"):
        assert furniture not in page
        assert furniture not in data["articleBody"]
    assert doc.find(id="see-also") is not None


def test_own_story_is_cleaned_and_structured(make_site):
    site = make_site(
        {
            "scraped/hc/barrier.txt": HARBOUR,
            "scraped/hc/barrier.yaml": "url: https://harbour-courier.example/barrier\n",
        },
        sources=SOURCES,
    )
    page = site.page("scraped/hc/barrier.txt")
    data = jsonld(page)
    assert data["articleBody"].split("\n\n") == [
        *HARBOUR_PARAGRAPHS[:2],
        "Funding the work",
        *HARBOUR_PARAGRAPHS[2:],
    ]
    assert data["datePublished"] == "2026-11-24"
    assert data["publisher"]["name"] == "The Harbour Courier"
    assert data["isBasedOn"] == "https://harbour-courier.example/barrier"
    doc = soup(page)
    article = doc.find("article")
    body_headings = [h for h in article.find_all("h2") if not h.find_parent(["footer", "section", "aside"])]
    assert [norm(h.get_text()) for h in body_headings] == ["Funding the work"]
    # The see-also slot stands where the dead block stood: after the funding
    # paragraph, before the opponents' paragraph.
    body = str(article)
    assert body.index("paid over five") < body.index('id="see-also"') < body.index("Opponents said")
    for gone in (
        "Kellhaven port reopens",
        "second term",
        "Share this",
        "Home &gt;",
        "Advertisement",
        "Leave a Reply",
        "Required fields",
        "Akismet",
        "Recent News",
        "Editor",
    ):
        assert gone not in body, gone
    original = doc.find("a", href="https://harbour-courier.example/barrier")
    assert original is not None and "Harbour Courier" in original.get_text()
    # Category comes from the outlet's section mapping; the section is still shown.
    assert "Europe" in article.get_text() and "Regional news" in article.get_text()
    assert (site.output / "category" / "europe" / "index.html").is_file()


def test_encodings_are_detected(make_site):
    story = "Café owners in Zürich protest – “enough” | Business | HC\n\nOn 12 November 2026 café owners marched. “We are tired,” said Renée Aubert.\n"
    russian = "Москва ответила на предложения | Мир | HC\n\nВ среду, 25 ноября 2026 года, Москва ответила на предложения. Об этом сообщил представитель министерства.\n"
    # Each file tells a different story: identical texts would fold into one.
    bakery = "Bakery owners in Bern protest | Business | HC\n\nOn 13 November 2026 bakers closed early. Flour prices rose again.\n"
    tea = "Tea shops in Basel protest | Business | HC\n\nOn 12 November 2026 tea shops shut for a day. Rents doubled.\n"
    latin1 = "Café owners in Genève protest | Business | HC\n\nOn 14 November 2026 café owners in Genève marched. Renée Aubert spoke.\n"
    files = {
        "scraped/cp1252.txt": story.encode("cp1252"),
        "scraped/latin1.txt": latin1.encode("latin-1"),
        "scraped/cp1251.txt": russian.encode("cp1251"),
        "scraped/cp1251.yaml": "date: 2026-11-25\n",
        "scraped/bom.txt": b"\xef\xbb\xbf" + bakery.encode("utf-8"),
        "scraped/crlf.txt": tea.replace("\n", "\r\n").encode("utf-8"),
    }
    site = make_site(files, sources=SOURCES)
    assert site.report["counts"] == {"published": 5, "folded": 0, "rejected": 0}
    cp1252 = jsonld(site.page("scraped/cp1252.txt"))
    assert cp1252["headline"] == "Café owners in Zürich protest – “enough”"
    assert "Renée Aubert" in cp1252["articleBody"]
    assert "Renée Aubert" in jsonld(site.page("scraped/latin1.txt"))["articleBody"]
    assert jsonld(site.page("scraped/cp1251.txt"))["headline"] == "Москва ответила на предложения"
    bom = jsonld(site.page("scraped/bom.txt"))
    assert bom["headline"].startswith("Bakery owners") and "\ufeff" not in bom["headline"]
    crlf = jsonld(site.page("scraped/crlf.txt"))
    assert "\r" not in crlf["articleBody"] and crlf["datePublished"] == "2026-11-12"


def test_bad_inputs_are_rejected_with_reasons_and_others_publish(make_site):
    good = "Ferry timetable changes for winter | HC\n\nThe ferry company changed its timetable on 20 November 2026. Sailings now leave every two hours.\n"
    files = {
        "scraped/good.txt": good,
        "scraped/empty.txt": "",
        "scraped/blank.txt": "  \n\n  \n",
        "scraped/binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "scraped/undecodable.txt": b"Headline | HC\n\n" + bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 60,
        "scraped/furniture-only.txt": "Storm news | HC\n\nLeave a Comment\n\nRecent News\n\nEditor's Pick\n",
        "scraped/undated.txt": "Ferry strike looms | HC\n\nCrews said they might strike. Talks continue.\n",
        "scraped/broken-sidecar.txt": good.replace("Ferry timetable", "Bus timetable"),
        "scraped/broken-sidecar.yaml": "date: [2026-11-20\n  url: :\n",
        "scraped/list-sidecar.txt": good.replace("Ferry timetable", "Tram timetable"),
        "scraped/list-sidecar.yaml": "- just\n- a list\n",
        "scraped/page.pdf": b"%PDF-1.4 binary",
        "scraped/.gitkeep": "",
    }
    site = make_site(files, sources=SOURCES)
    reasons = {i["source"]: (i["status"], i["reason"]) for i in site.report["inputs"]}
    assert reasons["scraped/good.txt"] == ("published", None)
    assert reasons["scraped/empty.txt"] == ("rejected", "empty file")
    assert reasons["scraped/blank.txt"] == ("rejected", "empty file")
    assert reasons["scraped/binary.txt"] == ("rejected", "binary file")
    assert reasons["scraped/undecodable.txt"][0] == "rejected"
    assert "cannot decode" in reasons["scraped/undecodable.txt"][1]
    assert reasons["scraped/furniture-only.txt"] == ("rejected", "only site furniture, no story text")
    assert reasons["scraped/undated.txt"] == ("rejected", "no date")
    assert reasons["scraped/broken-sidecar.txt"][0] == "rejected"
    assert "broken sidecar broken-sidecar.yaml" in reasons["scraped/broken-sidecar.txt"][1]
    assert "broken sidecar" in reasons["scraped/list-sidecar.txt"][1]
    assert reasons["scraped/page.pdf"] == ("rejected", "no reader for .pdf files")
    # Every input exactly once; sidecars and dotfiles are not inputs.
    assert sorted(reasons) == sorted(
        name for name in files if not name.endswith(".yaml") and ".gitkeep" not in name
    )
    assert site.report["counts"] == {"published": 1, "folded": 0, "rejected": 9}
    assert (site.output / site.entry("scraped/good.txt")["url"] / "index.html").is_file()


def test_strict_mode_fails_the_build_after_writing_the_report(make_site):
    from news_digest.pelican_glue import DigestStrictError

    files = {
        "scraped/good.txt": "Ferry timetable changes | HC\n\nOn 20 November 2026 the ferry timetable changed. Boats now run hourly.\n",
        "scraped/bad.txt": "",
    }
    relaxed = make_site(files, sources=SOURCES)
    assert relaxed.report["counts"] == {"published": 1, "folded": 0, "rejected": 1}
    with pytest.raises(DigestStrictError):
        make_site(files, sources=SOURCES, DIGEST_STRICT=True)
    # The failed build still wrote its report (make_site numbers its folders).
    strict_report = relaxed.root.parent / "site1" / "digest-report.json"
    strict = json.loads(strict_report.read_text())
    # The build stopped before writing pages, and the report claims none.
    assert strict["build"]["status"] == "failed"
    assert "DIGEST_STRICT" in strict["build"]["error"]
    reasons = {i["source"]: (i["status"], i["reason"]) for i in strict["inputs"]}
    assert reasons["scraped/bad.txt"] == ("rejected", "empty file")
    assert reasons["scraped/good.txt"][0] == "rejected"
    assert reasons["scraped/good.txt"][1].startswith("page not written: the build stopped (DIGEST_STRICT")


def test_sidecar_metadata_wins(make_site):
    text = "Scraped headline | Sport | Unknown Outlet\n\nOn Friday, November 20, the team won. Fans celebrated all night.\n"
    sidecar = (
        "title: Editor's headline\ndate: 2026-11-21\nurl: https://dw.com/x\nsource: DW\n"
        "section: Football\ncategory: Sport\nauthor: Ada Byline\ntags: [Football, Kellhaven]\n"
        "summary: The editor's own summary.\n"
    )
    site = make_site({"scraped/s.txt": text, "scraped/s.yaml": sidecar}, sources=SOURCES)
    data = jsonld(site.page("scraped/s.txt"))
    assert data["headline"] == "Editor's headline"
    assert data["datePublished"] == "2026-11-21"
    assert data["publisher"]["name"] == "Deutsche Welle"
    assert data["articleSection"] == "Football"
    assert data["isBasedOn"] == "https://dw.com/x"
    assert data["author"]["name"] == "Ada Byline"
    assert data["description"] == "The editor's own summary."
    assert {"Football", "Kellhaven"} <= set(data["keywords"])
    assert (site.output / "category" / "sport" / "index.html").is_file()
    assert site.entry("scraped/s.txt")["warnings"] == []


def test_outlet_matching_and_unknown_outlet_warning(make_site):
    body = "\n\nOn 20 November 2026 the mayor opened the {}. Traffic flowed at once.\n"
    site = make_site(
        {
            "scraped/a.txt": "Bridge opens | dw" + body.format("bridge"),
            "scraped/b.txt": "Bridge opens again | World | Nowhere Gazette" + body.format("tunnel"),
            "scraped/c.txt": "Bridge opens for bikes" + body.format("cycle lane"),
            "scraped/c.yaml": "url: https://www.dw.com/en/bridge\n",
        },
        sources=SOURCES,
    )
    assert jsonld(site.page("scraped/a.txt"))["publisher"]["name"] == "Deutsche Welle"
    assert jsonld(site.page("scraped/c.txt"))["publisher"]["name"] == "Deutsche Welle"
    assert jsonld(site.page("scraped/b.txt"))["publisher"]["name"] == "Nowhere Gazette"
    assert any("Nowhere Gazette" in w for w in site.entry("scraped/b.txt")["warnings"])
    # No section and no mapping: the default category.
    assert "News" in soup(site.page("scraped/a.txt")).find("article").get_text()


def test_hostile_text_is_escaped_and_bad_urls_dropped(make_site):
    text = (
        "Fire <script>alert(1)</script> in town | <b>World</b> | HC\n\n"
        "On 20 November 2026 a fire broke out. </script><script>alert(2)</script> "
        "Firefighters <img src=x onerror=alert(3)> came.\n"
    )
    site = make_site({"scraped/x.txt": text, "scraped/x.yaml": "url: javascript:alert(4)\n"}, sources=SOURCES)
    page = site.page("scraped/x.txt")
    doc = soup(page)
    assert not [s for s in doc.find_all("script") if s.get("type") != "application/ld+json"]
    assert doc.find("img") is None and doc.find("b") is None
    # Shown as text in the heading and the title, escaped in the source.
    assert norm(doc.find("h1").get_text()) == "Fire <script>alert(1)</script> in town"
    assert doc.title.get_text().startswith("Fire <script>alert(1)</script> in town")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:" not in page
    data = jsonld(page)
    assert "<script>alert(1)</script>" in data["headline"]
    assert any("not an http" in w for w in site.entry("scraped/x.txt")["warnings"])


def test_learned_furniture_removes_recurring_lines_only(make_site):
    footer = "The Harbour Courier is owned by its readers"
    background = "The harbour has been run by the city since the port reforms of the last decade."
    files = {}
    for i, topic in enumerate(["ferries", "cranes", "tugs", "nets", "docks", "pilots"]):
        paragraphs = [f"On {20 + i} November 2026 the harbour board discussed {topic} at length."]
        if i < 3:
            paragraphs.append(background)  # a real sentence in 3 of 6 stories
        paragraphs.append(f"Members agreed to review the {topic} budget next month.")
        if i < 4:
            paragraphs.append(footer)
        files[f"scraped/hc/{topic}.txt"] = (
            f"Board discusses {topic} | HC\n\n" + "\n\n".join(paragraphs) + "\n"
        )
    site = make_site(files, sources=SOURCES)
    bodies = {src: jsonld(site.page(src))["articleBody"] for src in files}
    assert all(footer not in b for b in bodies.values())
    assert sum(background in b for b in bodies.values()) == 3


def test_slugs_are_unique_stable_and_safe(make_site):
    body = "\n\nOn 20 November 2026 the council met. It voted to act.\n"
    files = {
        "scraped/a/one.txt": "Council meets | HC" + body,
        "scraped/b/two.txt": "Council meets | HC" + body.replace("voted", "chose"),
        "scraped/weird name&<x>.txt": "../../../etc/passwd | HC" + body.replace("council", "board"),
    }
    site = make_site(files, sources=SOURCES)
    urls = {i["source"]: i["url"] for i in site.report["inputs"]}
    assert len(set(urls.values())) == len(urls)
    assert urls["scraped/a/one.txt"] == "2026/11/20/council-meets/"
    assert urls["scraped/b/two.txt"].startswith("2026/11/20/council-meets-")
    for url in urls.values():
        assert ".." not in url and (site.output / url / "index.html").resolve().is_relative_to(site.output)
    again = make_site(files, sources=SOURCES)
    assert {i["source"]: i["url"] for i in again.report["inputs"]} == urls


def test_demo_content_builds_clean(demo_site):
    """The shipped demo site: every input accounted for, nothing rejected, every stage ran."""
    counts = demo_site.report["counts"]
    assert counts["rejected"] == 0, [i for i in demo_site.report["inputs"] if i["status"] == "rejected"]
    assert counts["published"] >= 50 and counts["folded"] >= 1
    outlets = {jsonld(demo_site.page(source))["publisher"]["name"] for source in demo_site.published()}
    assert len(outlets) >= 5
    # Every input format: text scrapes, a saved web page and a scraper's JSON record.
    kinds = {Path(source.split("#")[0]).suffix for source in demo_site.published()}
    assert {".txt", ".html", ".json"} <= kinds
    # Nothing in the demo needs an editor's attention beyond what it shows on purpose:
    # the furniture the outlets' pages teach, and the one story saved as cp1252.
    expected = ("learned furniture for outlet", "decoded as cp1252")
    unexpected = [
        (i["source"], w)
        for i in demo_site.report["inputs"]
        for w in i["warnings"]
        if not w.startswith(expected)
    ]
    assert not unexpected, unexpected


def test_pelican_never_reads_the_scraped_folder_itself(make_site):
    """Even with the exclusions gone from the settings, a saved page is not published raw."""
    # Dated, so Pelican's own HTML reader would publish it if it ever saw it.
    hostile = (
        '<html><head><title>Saved page</title><meta name="date" content="2026-11-20"></head>'
        "<body><script>alert(1)</script>x</body></html>"
    )
    site = make_site(
        {
            "scraped/saved.html": hostile,
            "scraped/good.txt": "Ferry timetable changes | HC\n\nOn 20 November 2026 the timetable changed. Boats run hourly.\n",
        },
        sources=SOURCES,
        ARTICLE_EXCLUDES=[],
        PAGE_EXCLUDES=[],
    )
    assert site.entry("scraped/saved.html")["status"] == "rejected"
    for page in site.output.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "alert(1)" not in text and "Saved page" not in text, page


def test_broken_outlet_registry_fails_with_a_message_naming_the_line(make_site):
    good = "Ferry timetable changes | HC\n\nOn 20 November 2026 the timetable changed. Boats run hourly.\n"
    with pytest.raises(Exception, match=r"sources\.yaml is not valid YAML \(line 4") as failed:
        make_site({"scraped/good.txt": good}, sources="outlets:\n  hc:\n    name: [Harbour\n")
    assert failed.type.__module__.startswith("news_digest")
