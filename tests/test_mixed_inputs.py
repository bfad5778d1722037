"""Nothing lost: a folder of good, duplicate and broken inputs of every format, built once.

Every input is in the report exactly once (a record file once per record),
and published + folded + rejected is the number of inputs.
"""

from __future__ import annotations

import json

import pytest

from conftest import build_site
from pages import article_page, consent_page, gz, index_page, record

GOOD_TEXT = (
    "Harbour council approves flood barrier | Island news | Harbour Courier\n\n"
    "The Kellhaven harbour council approved a new flood barrier on Tuesday, 24 November 2026, after a long debate.\n\n"
    "Council leader Mara Voss said the barrier would protect four thousand homes on the low streets.\n"
)
NO_DATE = (
    "Undated story | Harbour Courier\n\nA story that says nothing about when anything at all happened here.\n"
)
SHOPS = {
    "title": "Island shops restock after the stoppage",
    "text": "Island shops restocked their shelves on Thursday after two days without deliveries.\n"
    "Bread and milk arrived on the first ferry, traders said on 19 November 2026.",
    "url": "https://harbour-courier.example/shops",
    "source": "Harbour Courier",
    "date": "2026-11-19",
}
BARRIER = {  # the text story again, as a scraper's record: a repost
    "title": "Flood barrier approved in Kellhaven",
    "text": GOOD_TEXT.split("\n\n", 1)[1],
    "url": "https://meridian-wire.example/barrier",
    "source": "Meridian Wire",
}

FILES: dict[str, str | bytes] = {
    # good
    "scraped/mix/barrier.txt": GOOD_TEXT,
    "scraped/mix/ferry.html": article_page(),
    "scraped/mix/records.jsonl": "\n".join([record(**SHOPS), "{not json", record(**BARRIER), "[]"]) + "\n",
    # duplicates of the good ones, in other formats
    "scraped/mix/ferry-copy.html.gz": gz(article_page(url="https://meridian-wire.example/ferry")),
    "scraped/mix/ferry-again.htm": article_page(url="https://riverside-post.example/ferry"),
    "scraped/mix/shops.json": json.dumps([{**SHOPS, "url": "https://riverside-post.example/shops"}]),
    # broken
    "scraped/mix/empty.txt": "",
    "scraped/mix/undated.txt": NO_DATE,
    "scraped/mix/binary.html": b"\x00\x01\x02\x03" * 50,
    "scraped/mix/broken.html.gz": b"\x1f\x8b\x08\x00 not really gzip",
    "scraped/mix/front.html": index_page(),
    "scraped/mix/consent.html": consent_page(),
    "scraped/mix/bad.json": '{"title": "cut off',
    "scraped/mix/empty.jsonl": "\n\n",
    "scraped/mix/scan.pdf": b"%PDF-1.4 binary",
    "scraped/mix/sidecar-broken.txt": GOOD_TEXT.replace("flood barrier", "sea wall"),
    "scraped/mix/sidecar-broken.yaml": "title: [unclosed\n",
}
INPUTS = 19  # files, but records.jsonl holds four records


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("mixed"), FILES)


def test_every_input_is_listed_once_and_the_counts_add_up(site):
    report = site.report
    sources = [i["source"] for i in report["inputs"]]
    assert len(sources) == len(set(sources)) == INPUTS
    files = {s.split("#")[0] for s in sources}
    assert files == {f for f in FILES if not f.endswith(".yaml")}
    counts = report["counts"]
    assert counts["published"] + counts["folded"] + counts["rejected"] == INPUTS
    assert counts == {**counts, "published": 3, "folded": 4, "rejected": 12}


# Each group is one story in several files: one is published, the others fold into it.
SAME_STORY = [
    {"scraped/mix/ferry.html", "scraped/mix/ferry-copy.html.gz", "scraped/mix/ferry-again.htm"},
    {"scraped/mix/barrier.txt", "scraped/mix/records.jsonl#3"},
    {"scraped/mix/records.jsonl#1", "scraped/mix/shops.json#1"},
]


def test_what_happened_to_each(site):
    status = {i["source"]: (i["status"], i["folded_into"] or i["reason"]) for i in site.report["inputs"]}
    for group in SAME_STORY:
        published = [s for s in group if status[s][0] == "published"]
        assert len(published) == 1, {s: status[s] for s in group}
        for other in group - set(published):
            assert status[other] == ("folded", published[0])
    reasons = {s: why for s, (st, why) in status.items() if st == "rejected"}
    assert reasons["scraped/mix/records.jsonl#2"].startswith("not readable JSON")
    assert reasons["scraped/mix/records.jsonl#4"].startswith("not a record")
    assert reasons["scraped/mix/empty.txt"] == "empty file"
    assert reasons["scraped/mix/undated.txt"] == "no date"
    assert reasons["scraped/mix/binary.html"] == "binary file"
    assert reasons["scraped/mix/broken.html.gz"].startswith("not a readable gzip file")
    assert reasons["scraped/mix/front.html"].startswith("not an article: an index page")
    assert reasons["scraped/mix/consent.html"].startswith("not an article: a cookie or consent wall")
    assert reasons["scraped/mix/bad.json"].startswith("not readable JSON")
    assert reasons["scraped/mix/empty.jsonl"] == "empty file"
    assert reasons["scraped/mix/scan.pdf"] == "no reader for .pdf files"
    assert reasons["scraped/mix/sidecar-broken.txt"].startswith("broken sidecar sidecar-broken.yaml")
