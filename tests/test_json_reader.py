"""Scraper records: *.json (one record or a list) and *.jsonl (one record a line)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import build_site, jsonld, norm, soup
from news_digest.meta import sidecar_day
from news_digest.readers import reader_for
from news_digest.readers.jsonl import MAX_RECORDS, read_json, read_jsonl
from news_digest.readers.text import Unreadable
from pages import ARTICLE_PARAGRAPHS, article_page, record

TEXT = "\n".join(ARTICLE_PARAGRAPHS)  # one paragraph a line, as trafilatura writes it

# The same record as each scraper names its fields.
STYLES = {
    "trafilatura": {
        "title": "Ferry crews return",
        "text": TEXT,
        "url": "https://harbour-courier.example/ferry",
        "date": "2026-11-18",
        "sitename": "Harbour Courier",
        "author": "Lena Marsh",
        "categories": "Island news",
        "tags": "ferries, strikes",
        "language": "en",
    },
    "news-please": {
        "title": "Ferry crews return",
        "maintext": TEXT,
        "url": "https://harbour-courier.example/ferry",
        "date_publish": "2026-11-18 07:15:00",
        "source_domain": "harbour-courier.example",
        "authors": ["Lena Marsh"],
        "category": "Island news",
        "tags": ["ferries", "strikes"],
        "language": "en",
    },
    "scrapy": {
        "title": "Ferry crews return",
        "content": "\n\n".join(ARTICLE_PARAGRAPHS),
        "url": "https://harbour-courier.example/ferry",
        "published": "Wed, 18 Nov 2026 07:15:00 GMT",
        "source": "Harbour Courier",
        "author": "Lena Marsh",
        "section": "Island news",
        "tags": ["ferries", "strikes"],
        "language": "en",
    },
    "newspaper": {
        "title": "Ferry crews return",
        "raw_text": TEXT,
        "url": "https://harbour-courier.example/ferry",
        "published": 1_795_000_000,  # a Unix time: 2026-11-18
        "hostname": "harbour-courier.example",
        "authors": ["Lena Marsh"],
        "categories": ["Island news", "Ferries"],
        "tags": ["ferries", "strikes"],
        "language": "en",
    },
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_registry_knows_records_by_suffix(tmp_path):
    assert reader_for(tmp_path / "a.json") is read_json
    assert reader_for(tmp_path / "a.JSONL") is read_jsonl


@pytest.mark.parametrize("style", sorted(STYLES))
def test_every_scrapers_field_names_are_understood(tmp_path, style):
    [story] = read_json(write(tmp_path, "r.json", json.dumps(STYLES[style])), "scraped/r.json")
    assert story.source == "scraped/r.json#1"
    assert story.ok and story.headline == "Ferry crews return"
    assert story.raw_section == "Island news"
    assert story.raw_outlet in ("Harbour Courier", "harbour-courier.example")
    # A date-time with its zone stays an instant (ISO text): meta dates it in the site's zone.
    assert sidecar_day(story.sidecar.pop("date")) == dt.date(2026, 11, 18)
    assert story.sidecar == {
        "url": "https://harbour-courier.example/ferry",
        "author": "Lena Marsh",
        "tags": ["ferries", "strikes"],
        "language": "en",
    }
    text = " ".join(b.text for b in story.blocks)
    assert all(p in text for p in ARTICLE_PARAGRAPHS)


def test_a_list_of_records_and_lines_of_records_number_each_from_one(tmp_path):
    recs = [STYLES["trafilatura"], {**STYLES["scrapy"], "title": "Second"}]
    stories = read_json(write(tmp_path, "feed.json", json.dumps(recs)), "feed.json")
    assert [s.source for s in stories] == ["feed.json#1", "feed.json#2"]
    lines = "\n".join(json.dumps(r) for r in recs) + "\n\n"
    assert [s.source for s in read_jsonl(write(tmp_path, "feed.jsonl", lines), "feed.jsonl")] == [
        "feed.jsonl#1",
        "feed.jsonl#2",
    ]


def test_records_past_the_limit_are_rejected_together_with_a_reason(tmp_path):
    # Thousands of tiny records fit in DIGEST_MAX_BYTES but would each cost a story's time.
    count = MAX_RECORDS + 250
    recs = [{"title": f"Note {n}", "text": "Too short."} for n in range(count)]
    listed = read_json(write(tmp_path, "many.json", json.dumps(recs)), "many.json")
    lines = read_jsonl(write(tmp_path, "many.jsonl", "\n".join(map(json.dumps, recs))), "many.jsonl")
    for stories, source in ((listed, "many.json"), (lines, "many.jsonl")):
        assert len(stories) == MAX_RECORDS + 1
        assert stories[MAX_RECORDS - 1].source == f"{source}#{MAX_RECORDS}"
        last = stories[-1]
        assert last.source == f"{source}#{MAX_RECORDS + 1}-{count}"
        assert last.status == "rejected" and "too many records in one file (1,250;" in last.reason


def test_a_broken_line_rejects_that_record_only(tmp_path):
    lines = [
        record(**STYLES["trafilatura"]),
        '{"title": "cut off", "text": "The line ends',
        "[1, 2, 3]",
        record(title="No text here", url="https://harbour-courier.example/x"),
        record(text="Text without a title. It is a long enough sentence."),
        "[" * 100_000,
        record(**{**STYLES["scrapy"], "title": "Last one"}),
    ]
    stories = read_jsonl(write(tmp_path, "f.jsonl", "\n".join(lines)), "f.jsonl")
    status = {s.source: (s.status, s.reason) for s in stories}
    assert [s.source for s in stories] == [f"f.jsonl#{n}" for n in range(1, 8)]
    assert status["f.jsonl#1"] == ("published", None)
    assert status["f.jsonl#2"][1].startswith("not readable JSON (")
    assert status["f.jsonl#3"][1] == "not a record (a JSON list, not an object)"
    assert status["f.jsonl#4"][1].startswith("no story text in the record")
    assert status["f.jsonl#5"][1] == "no title in the record"
    assert status["f.jsonl#6"][1].startswith("not readable JSON")
    assert status["f.jsonl#7"] == ("published", None)


def test_html_fields_keep_structure_and_links(tmp_path):
    html = (
        f"<p>{ARTICLE_PARAGRAPHS[0]}</p><h2>What changes</h2>"
        "<ul><li>One.</li><li>Two.</li></ul><blockquote>We are back.</blockquote>"
        f'<p>{ARTICLE_PARAGRAPHS[1][:20]}<a href="/fares">{ARTICLE_PARAGRAPHS[1][20:]}</a></p>'
    )
    rec = {"title": "Ferry", "html": html, "url": "https://harbour-courier.example/ferry"}
    [story] = read_json(write(tmp_path, "r.json", json.dumps(rec)), "r.json")
    assert story.structured
    assert [b.kind for b in story.blocks] == ["p", "h", "list", "quote", "p"]
    assert 'href="https://harbour-courier.example/fares"' in story.blocks[-1].html


def test_a_whole_saved_page_in_a_record_is_extracted_like_a_page(tmp_path):
    rec = {"url": "https://harbour-courier.example/ferry", "html": article_page(), "source": "HC"}
    [story] = read_json(write(tmp_path, "r.json", json.dumps(rec)), "r.json")
    assert story.headline == "Ferry crews return to work after two-day stoppage"
    assert story.raw_outlet == "HC"
    assert sidecar_day(story.sidecar["date"]) == dt.date(2026, 11, 18)
    assert [b.kind for b in story.blocks][:3] == ["p", "p", "h"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty file"),
        ("not json at all", "not readable JSON"),
        ("[]", "no records"),
        ("[" * 50_000, "nested too deeply"),
    ],
)
def test_files_that_hold_no_records(tmp_path, text, reason):
    with pytest.raises(Unreadable, match=reason):
        read_json(write(tmp_path, "x.json", text), "x.json")


# --------------------------------------------------------------------------
# end to end


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    feed = [
        record(**STYLES["news-please"]),
        "{broken",
        record(
            **{
                **STYLES["scrapy"],
                "title": "Island shops restock after the stoppage",
                "content": (
                    "Island shops restocked their shelves on Thursday after two days without deliveries.\n\n"
                    "Bread and milk arrived on the first ferry, traders said on 19 November 2026."
                ),
                "url": "https://harbour-courier.example/shops",
            }
        ),
    ]
    return build_site(
        tmp_path_factory.mktemp("json-site"),
        {
            "scraped/feed.jsonl": "\n".join(feed) + "\n",
            "scraped/feed.yaml": "section: Island news\ntitle: One title for every record?\n",
            "scraped/one.json": json.dumps(
                {**STYLES["trafilatura"], "url": "https://meridian-wire.example/ferry"}
            ),
        },
    )


def test_records_build_into_stories_with_the_text_contract(site):
    entry = site.entry("scraped/feed.jsonl#1")
    assert entry["status"] == "published"
    page = site.page("scraped/feed.jsonl#1")
    data = jsonld(page)
    assert data["headline"] == "Ferry crews return"
    assert data["datePublished"] == "2026-11-18"
    assert data["publisher"]["name"] == "The Harbour Courier"
    assert data["isBasedOn"] == "https://harbour-courier.example/ferry"
    assert data["articleSection"] == "Island news"
    assert data["articleBody"].split("\n\n") == ARTICLE_PARAGRAPHS
    assert "ferries" in data["keywords"]
    assert soup(page).find(id="see-also") is not None
    assert norm(soup(page).find("h1").get_text()) == "Ferry crews return"


def test_each_record_is_one_input_in_the_report(site):
    report = site.report
    sources = [i["source"] for i in report["inputs"]]
    assert sources == sorted(sources) and len(set(sources)) == len(sources) == 4
    assert site.entry("scraped/feed.jsonl#2")["status"] == "rejected"
    assert site.entry("scraped/feed.jsonl#3")["status"] == "published"
    assert site.entry("scraped/one.json#1")["status"] == "folded"  # the same story from another outlet
    assert {k: report["counts"][k] for k in ("published", "folded", "rejected")} == {
        "published": 2,
        "folded": 1,
        "rejected": 1,
    }
    # The sidecar's section applies to every record; a title cannot.
    assert jsonld(site.page("scraped/feed.jsonl#3"))["headline"] == "Island shops restock after the stoppage"
    assert jsonld(site.page("scraped/feed.jsonl#3"))["articleSection"] == "Island news"
    assert any("sidecar title ignored" in w for w in site.entry("scraped/feed.jsonl#3")["warnings"])
