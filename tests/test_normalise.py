"""Unicode repair: mojibake, NFC, zero-width and bidi characters (no Pelican, plus one build)."""

from __future__ import annotations

import pytest

from conftest import jsonld, soup
from news_digest.meta import slugify
from news_digest.normalise import clean_body, clean_line, normalise_story
from news_digest.story import Block, Story


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("The Mayorâ€™s plan", "The Mayor’s plan"),  # UTF-8 read as cp1252
        ("Ã‰lections: Ã©tÃ© chaud", "Élections: été chaud"),
        ("ÐŸÑ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€", "Привет мир"),  # Cyrillic read as cp1252
        ("Cafe\u0301 society", "Café society"),  # decomposed accent -> NFC
        ("Ferry\u200b crews\u2060 return", "Ferry crews return"),  # zero-width space, word joiner
        ("\u202eevil\u202c headline", "evil headline"),  # right-to-left override
        ("Two\u2066isolated\u2069 words", "Twoisolated words"),
        ("\ufeffBOM inside", "BOM inside"),
        ("soft\u00adhyphen", "softhyphen"),
        ("plain ASCII stays", "plain ASCII stays"),
        ("naïve café résumé", "naïve café résumé"),  # correct text is left alone
        ("“Curly” quotes stay curly", "“Curly” quotes stay curly"),
        ("Москва и Київ", "Москва и Київ"),
    ],
)
def test_one_line_fields_are_repaired(raw, fixed):
    assert clean_line(raw) == fixed
    assert clean_line(fixed) == fixed  # idempotent


def test_body_keeps_joiners_that_shape_text_but_drops_overrides():
    assert (
        clean_body("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645")
        == "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    )
    assert clean_body("fire\u200dfighter \u202ereversed") == "fire\u200dfighter reversed"
    assert clean_body("line one\nline two") == "line one\nline two"


def test_headlines_that_look_alike_get_the_same_slug():
    story = Story(source="a.txt", headline="Ferry\u200b crews \u202ereturn")
    normalise_story(story)
    assert story.headline == "Ferry crews return"
    assert slugify(story.headline) == slugify("Ferry crews return") == "ferry-crews-return"


def test_every_field_a_reader_fills_is_repaired():
    story = Story(
        source="a.txt",
        headline="Mayorâ€™s plan",
        raw_section="Politicsâ€‹",
        raw_outlet="Harbour\u200b Courier",
        blocks=[
            Block("p", "Caf\u00c3\u00a9 owners said so."),
            Block("list", items=["Ã©tÃ©"]),
            Block("h", "Sub\u200bhead"),
        ],
        sidecar={"title": "Ti\u200btle", "tags": ["Ta\u200bg"], "date": "2026-11-18"},
    )
    normalise_story(story)
    assert story.headline == "Mayor’s plan"
    assert story.raw_outlet == "Harbour Courier"
    assert story.blocks[0].text == "Café owners said so."
    assert story.blocks[1].items == ["été"]
    assert story.blocks[2].text == "Subhead"
    assert story.sidecar == {"title": "Title", "tags": ["Tag"], "date": "2026-11-18"}


def test_mojibake_headline_is_repaired_on_the_built_page(make_site):
    text = (
        "The Mayorâ€™s ferry\u200b plan | Harbour Courier\n\n"
        "The mayor of Kellhaven presented a plan on 18 November 2026 to add two ferries to the island route.\n\n"
        "CafÃ© owners on the quay welcomed the plan, saying the crossings were too crowded in summer.\n"
    )
    site = make_site({"scraped/mayor.txt": text})
    entry = site.entry("scraped/mayor.txt")
    assert entry["url"].endswith("/the-mayors-ferry-plan/")
    page = site.page("scraped/mayor.txt")
    assert jsonld(page)["headline"] == "The Mayor’s ferry plan"
    assert "Café owners" in jsonld(page)["articleBody"]
    assert "\u200b" not in soup(page).find("h1").get_text()
