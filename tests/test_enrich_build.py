"""End-to-end: summaries, related stories, folded reposts, tags and commentary on real builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, Site, build_site, jsonld, norm, soup

SOURCES = """\
outlets:
  courier:
    name: The Harbour Courier
    aliases: [HC]
    hosts: [courier.example]
    priority: 10
  ledger:
    name: Northern Ledger
    aliases: [NL]
    hosts: [ledger.example]
    priority: 30
  wire:
    name: Meridian Wire
    aliases: [MW]
    hosts: [wire.example]
    priority: 20
"""

# A storyline told over four days by three outlets (our own fiction), a
# repost of one of them, and a story about something else entirely.
STRIKE_1 = """\
Kellhaven dockworkers vote to strike over pay | Business | HC

Dockworkers at the port of Kellhaven voted on Monday, November 23, to strike over pay, union leader Tomas Brennick said.

The United Dock Workers' Union said 87 per cent of members backed the walkout at the container terminal. Brennick said the port authority had refused to improve its offer of 2.5 per cent.

Transport Minister Elena Varga urged both sides to return to talks. "A strike at Kellhaven hurts every business in the province," Varga said.

Port chief Margit Solberg said the terminal would stay open with reduced crews.
"""

STRIKE_2 = """\
Kellhaven port strike begins as talks collapse | Economy | NL

The strike at the port of Kellhaven began on Tuesday, November 24, after talks between the United Dock Workers' Union and the port authority collapsed overnight.

Union leader Tomas Brennick said crews walked off at six in the morning. Container ships queued outside the harbour as cranes stood idle.

Transport Minister Elena Varga said she would meet Brennick and port chief Margit Solberg. Varga warned that the strike was costing the province millions every day.

Shipping firms said they would divert cargo to other ports if the Kellhaven dispute lasted into next week.
"""

STRIKE_3 = """\
Mediator named in Kellhaven port dispute | Economy | NL

A mediator was named on Wednesday, November 25, to end the strike at the port of Kellhaven, Transport Minister Elena Varga said.

Harriet Oyelaran, a former judge, will chair talks between the United Dock Workers' Union and the port authority. Union leader Tomas Brennick welcomed the move.

Port chief Margit Solberg said the port authority would attend the talks with a new offer. Container traffic at Kellhaven has fallen by two thirds since the strike began.
"""

STRIKE_4 = """\
Kellhaven dockworkers accept deal, ending strike | Business | MW

Dockworkers at Kellhaven accepted a new pay deal on Thursday, November 26, ending the strike that had closed the port's container terminal.

Union leader Tomas Brennick said members had voted to accept a 4 per cent rise after talks chaired by mediator Harriet Oyelaran.

Transport Minister Elena Varga thanked both sides. Port chief Margit Solberg said the first ships would be unloaded on Friday.

See also:

Kellhaven port strike begins as talks collapse
Who is Tomas Brennick?

The port authority said it expected the backlog at Kellhaven to clear within a week.
"""

# The same wire copy as STRIKE_4, reposted by the Courier a day later with
# its own headline, furniture and a trimmed last sentence.
STRIKE_4_REPOST = """\
Deal ends Kellhaven strike | Business | HC

Share this:

Dockworkers at Kellhaven accepted a new pay deal on Thursday, November 26, ending the strike that had closed the port's container terminal.

Union leader Tomas Brennick said members had voted to accept a 4 per cent rise after talks chaired by mediator Harriet Oyelaran.

Transport Minister Elena Varga thanked both sides. Port chief Margit Solberg said the first ships would be unloaded on Friday.

Leave a Comment
"""

FOOTBALL = """\
Rovers win the provincial cup on penalties | Sport | MW

Kellhaven Rovers won the provincial cup on Saturday, November 21, beating Dunmere Athletic on penalties after a goalless final.

Goalkeeper Ines Albrecht saved two penalties in the shoot-out. Captain Felix Morrow lifted the trophy in front of eleven thousand fans.

The club said the squad would parade through the old town on Sunday.
"""


def files(**extra: str) -> dict[str, str]:
    base = {
        "scraped/hc/strike-vote.txt": STRIKE_1,
        "scraped/nl/strike-begins.txt": STRIKE_2,
        "scraped/nl/mediator.txt": STRIKE_3,
        "scraped/mw/deal.txt": STRIKE_4,
        "scraped/mw/deal.yaml": "url: https://wire.example/deal\n",
        "scraped/hc/deal-repost.txt": STRIKE_4_REPOST,
        "scraped/hc/deal-repost.yaml": "url: https://courier.example/deal\n",
        "scraped/mw/cup.txt": FOOTBALL,
    }
    base.update(extra)
    return base


def see_also_links(html: str) -> list[str]:
    section = soup(html).find(id="see-also")
    assert section is not None
    return [a["href"] for a in section.find_all("a")]


def resolve(page_url: str, href: str) -> str:
    """A site-relative URL from a link on the page at ``page_url``."""
    parts = page_url.rstrip("/").split("/")
    for piece in href.split("/"):
        if piece == "..":
            parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts) + "/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    """The storyline, its repost and the unrelated story, built once for the tests that only read it."""
    return build_site(tmp_path_factory.mktemp("enriched"), files(), sources=SOURCES)


def test_summary_serves_jsonld_digest_and_feed_and_the_page_says_it_once(site: Site):
    page = site.page("scraped/nl/strike-begins.txt")
    data = jsonld(page)
    text = norm(data["description"])
    sentences = re.split(r"(?<=[.!?\"])\s+(?=[A-Z\"])", text)
    assert 1 <= len(sentences) <= 2  # DIGEST_SUMMARY_SENTENCES default
    body = norm(data["articleBody"])
    for sentence in sentences:
        assert sentence in body  # extractive, whole sentences
    # The summary box is left out exactly when it would repeat the opening sentences.
    box = soup(page).find(id="summary")
    assert (box is None) == body.startswith(text)
    day = site.entry("scraped/nl/strike-begins.txt")["url"].rsplit("/", 2)[0]
    digest = norm(soup((site.output / day / "index.html").read_text()).get_text())
    assert text[:60] in digest
    feed = (site.output / "feeds" / "all.atom.xml").read_text()
    assert "<summary" in feed and norm(data["description"])[:40].replace('"', "&quot;") in norm(feed)


def test_summary_sentences_setting(make_site):
    site = make_site(files(), sources=SOURCES, DIGEST_SUMMARY_SENTENCES=1)
    text = jsonld(site.page("scraped/nl/strike-begins.txt"))["description"]
    assert len(re.findall(r"[.!?][\"”]?(?:\s|$)", text)) == 1


def test_related_links_fill_the_see_also_slot(site: Site):
    report = {i["source"]: i for i in site.report["inputs"]}
    url_of = {src: entry["url"] for src, entry in report.items() if entry["url"]}
    page_src = "scraped/mw/deal.txt"
    page = site.page(page_src)
    links = [resolve(url_of[page_src], href) for href in see_also_links(page)]
    assert links, "a story with three related stories lists them"
    linked = {src for src, url in url_of.items() if url in links}
    assert page_src not in linked  # never itself
    assert "scraped/hc/deal-repost.txt" not in linked  # never a folded copy
    assert linked <= {"scraped/hc/strike-vote.txt", "scraped/nl/strike-begins.txt", "scraped/nl/mediator.txt"}
    assert len(linked) >= 2
    # The JSON-LD lists the same stories in the same order.
    data = jsonld(page)
    assert [u.strip("/") for u in data["relatedLink"]] == [u.strip("/") for u in links]
    # The slot stands where the scraped "See also" stood, with its own heading.
    article = str(soup(page).find("article"))
    assert article.index("unloaded on") < article.index('id="see-also"') < article.index("backlog")
    heading = soup(page).find(id="see-also").find(["h2", "h3"])
    assert heading is not None and "See also" in norm(heading.get_text())
    # Each link shows headline, outlet and date.
    item = soup(page).find(id="see-also").find("li")
    assert item.find("time") is not None
    assert any(o in item.get_text() for o in ("Northern Ledger", "The Harbour Courier"))


def test_unrelated_story_shows_no_empty_heading(site: Site):
    page = site.page("scraped/mw/cup.txt")
    section = soup(page).find(id="see-also")
    assert section is not None
    assert section.find("a") is None and section.find(["h2", "h3"]) is None
    assert section.has_attr("hidden")
    assert jsonld(page)["relatedLink"] == []


def test_reposts_fold_into_one_page_crediting_every_outlet(site: Site):
    folded = site.entry("scraped/hc/deal-repost.txt")
    assert folded["status"] == "folded"
    assert folded["folded_into"] == "scraped/mw/deal.txt"
    assert folded["url"] is None
    assert site.report["counts"] == {"published": 5, "folded": 1, "rejected": 0}
    page = site.page("scraped/mw/deal.txt")
    text = norm(soup(page).find("article").get_text(" "))
    assert "Also reported by" in text and "The Harbour Courier" in text
    assert soup(page).find("a", href="https://courier.example/deal") is not None
    # Different articles about the same event stay separate stories.
    for src in ("scraped/hc/strike-vote.txt", "scraped/nl/strike-begins.txt", "scraped/nl/mediator.txt"):
        assert site.entry(src)["status"] == "published"


def test_people_and_places_become_tags_with_pages_newest_first(site: Site):
    keywords = jsonld(site.page("scraped/nl/strike-begins.txt"))["keywords"]
    for name in ("Tomas Brennick", "Elena Varga", "Margit Solberg", "Kellhaven"):
        assert name in keywords, keywords
    for bad in ("Transport", "Union", "The", "Tuesday", "Container", "Shipping"):
        assert bad not in keywords
    tag_page = site.output / "tag" / "tomas-brennick" / "index.html"
    assert tag_page.is_file()
    titles = [
        norm(a.get_text())
        for a in soup(tag_page.read_text()).select("main article h2 a, main li h2 a, main h2 a")
    ]
    dated = [jsonld(site.page(i["source"])) for i in site.report["inputs"] if i["status"] == "published"]
    by_title = {d["headline"]: d["datePublished"] for d in dated}
    listed = [t for t in titles if t in by_title]
    assert len(listed) >= 3
    assert [by_title[t] for t in listed] == sorted((by_title[t] for t in listed), reverse=True)


def test_editor_pins_come_first_and_commentary_summary_wins(make_site):
    commentary = (
        "Story: rovers-win-the-provincial-cup-on-penalties\n"
        "Summary: Our editor's summary of the final.\n"
        "Related: kellhaven-dockworkers-accept-deal-ending-strike\n"
        "Author: Desk Editor\n\n"
        "The **cup final** drew the biggest crowd of the season.\n"
    )
    site = make_site(
        files(
            **{
                "scraped/nl/mediator.yaml": "related: [rovers-win-the-provincial-cup-on-penalties]\n",
                "commentary/cup.md": commentary,
            }
        ),
        sources=SOURCES,
    )
    report = {i["source"]: i["url"] for i in site.report["inputs"]}
    mediator = site.page("scraped/nl/mediator.txt")
    first = resolve(report["scraped/nl/mediator.txt"], see_also_links(mediator)[0])
    assert first == report["scraped/mw/cup.txt"]
    cup = site.page("scraped/mw/cup.txt")
    assert jsonld(cup)["description"] == "Our editor's summary of the final."
    assert norm(soup(cup).find(id="summary").get_text()) == "Our editor's summary of the final."
    assert resolve(report["scraped/mw/cup.txt"], see_also_links(cup)[0]) == report["scraped/mw/deal.txt"]
    assert soup(cup).find("strong", string="cup final") is not None
    assert "Desk Editor" in soup(cup).get_text()


def test_sample_story_tags_summary_and_related(make_site, dw_sample):
    related = (
        "NATO rejects Russian demand on Ukraine | World | DW\n\n"
        "NATO Secretary General said on Thursday, December 16, that the alliance would not give Russia "
        "a veto over Ukraine joining. Russia had demanded security guarantees from NATO and the United States.\n\n"
        "Vladimir Putin has said further expansion of NATO to the East must be ruled out.\n"
    )
    site = make_site(
        {"scraped/dw-security-guarantees.txt": dw_sample, "scraped/dw-nato.txt": related},
        sources=(ROOT / "content" / "sources.yaml").read_text(),
    )
    page = site.page("scraped/dw-security-guarantees.txt")
    data = jsonld(page)
    for name in (
        "Vladimir Putin",
        "NATO",
        "Ukraine",
        "Russia",
        "United States",
        "Karen Donfried",
        "Yuri Ushakov",
        "Sergei Ryabkov",
    ):
        assert name in data["keywords"], (name, data["keywords"])
    assert len(data["keywords"]) <= 8  # DIGEST_MAX_TAGS; Georgia, named in passing, is cut
    for bad in ("Against", "Currently", "Recently", "Earlier"):
        assert bad not in data["keywords"]
    assert data["description"]  # the page box is left out when it is the opening sentences
    assert "See also" not in data["description"] and "Security guarantees\n" not in data["description"]
    assert len(data["relatedLink"]) == 1
    assert Path(site.output / data["relatedLink"][0].strip("/") / "index.html").is_file()
