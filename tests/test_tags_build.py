"""End-to-end: which tags get a page, which show as text, and how many a story keeps."""

from __future__ import annotations

from conftest import jsonld, norm, soup

# Our own fiction: Orla Venn is in two stories, Bram Tesk in one.
FERRY = """\
Orla Venn reopens the Tessel ferry line | News | HC

Harbour Commissioner Orla Venn reopened the Tessel ferry line on Monday, November 23, 2026, after a month of repairs.

Venn said the crossing to Brackwater would run every hour. Ferry captain Bram Tesk said the new engines were quieter. Tesk has sailed the route for twenty years.
"""
BUDGET = """\
Port budget passes after long night | News | HC

The port council passed its budget on Tuesday, November 24, 2026, after Harbour Commissioner Orla Venn agreed to cut dredging costs.

Venn told reporters the savings would pay for two new pontoons at the marina.
"""
CROWDED = """\
Six ministers meet in Dunmere | News | HC

Finance Minister Ada Rusk, Trade Minister Ivo Marl, Health Minister Pia Lend and Energy Minister Uri Sand met in Dunmere on Wednesday, November 25, 2026.

Rusk said the talks went well. Marl agreed with Rusk. Lend said little, and Sand left early, Rusk said.
"""


def _topics(html: str) -> tuple[list[str], list[str]]:
    """(linked topic names, plain-text topic names) in the story footer."""
    items = soup(html).select("footer .tag-list li")
    linked = [norm(li.get_text()) for li in items if li.find("a")]
    plain = [norm(li.get_text()) for li in items if not li.find("a")]
    return linked, plain


def test_a_tag_gets_a_page_only_when_two_stories_carry_it(make_site):
    site = make_site({"scraped/ferry.txt": FERRY, "scraped/budget.txt": BUDGET})
    ferry = site.page("scraped/ferry.txt")
    linked, plain = _topics(ferry)
    assert "Orla Venn" in linked
    assert "Bram Tesk" in plain and "Bram Tesk" not in linked
    assert (site.output / "tag" / "orla-venn" / "index.html").is_file()
    assert not (site.output / "tag" / "bram-tesk").exists()
    # The page's metadata still names every topic.
    assert {"Orla Venn", "Bram Tesk"} <= set(jsonld(ferry)["keywords"])
    tags_index = soup((site.output / "tags" / "index.html").read_text())
    assert "Bram Tesk" not in norm(tags_index.get_text())


def test_min_stories_and_max_tags_are_settings(make_site):
    site = make_site(
        {"scraped/ferry.txt": FERRY, "scraped/budget.txt": BUDGET, "scraped/crowded.txt": CROWDED},
        DIGEST_TAG_MIN_STORIES=3,
        DIGEST_MAX_TAGS=2,
    )
    assert not (site.output / "tag" / "orla-venn").exists()
    crowded = site.page("scraped/crowded.txt")
    keywords = jsonld(crowded)["keywords"]
    assert len(keywords) == 2
    # The headline's place first, then the person named most; Sand, named
    # twice, and the others once or twice, are left out.
    assert keywords == ["Dunmere", "Ada Rusk"]
    assert _topics(crowded) == ([], keywords)


# A scraper's tags are the outlet's own short forms of names the stories give in full.
UNION = """\
Tessel pilots walk out over rosters | News | HC

Members of the Harbour Pilots' Union (HPU) walked out at Tessel on Thursday, November 26, 2026, over new night rosters.

Union secretary Mara Quill said the rosters left pilots with too little rest. Quill said talks could resume next week.
"""
UNION_AGAIN = """\
Pilots return to work at Tessel | News | HC

Pilots at Tessel went back to work on Friday, November 27, 2026, after the Harbour Pilots' Union agreed to a month of talks.

The port said night rosters would stay as they were until the talks end.
"""


def test_a_sidecars_short_forms_become_the_names_the_archive_gives_in_full(make_site):
    site = make_site(
        {
            "scraped/walkout.txt": UNION,
            "scraped/walkout.yaml": "tags: [HPU, Quill, rosters]\n",
            "scraped/return.txt": UNION_AGAIN,
            "scraped/return.yaml": "tags: [HPU, Quill]\n",
        }
    )
    walkout = jsonld(site.page("scraped/walkout.txt"))["keywords"]
    back = jsonld(site.page("scraped/return.txt"))["keywords"]
    # The acronym the archive spells out one way, and the surname of the one person who carries it.
    assert walkout[:3] == ["Harbour Pilots' Union", "Mara Quill", "rosters"]
    assert back[:2] == ["Harbour Pilots' Union", "Mara Quill"]  # Quill is named in the other story only
    assert not {"HPU", "Quill"} & set(walkout + back)
    assert (site.output / "tag" / "harbour-pilots-union" / "index.html").is_file()
    assert not (site.output / "tag" / "hpu").exists() and not (site.output / "tag" / "quill").exists()
