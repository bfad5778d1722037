"""The search index as bundles per period: partitions, what a build re-indexes, and the same bytes as a cold build.

The builds here run Pagefind for real (``DIGEST_SEARCH``); the browser test
that searches two partitions at once is in ``test_site_in_browser.py``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Site, build_site, tree_bytes
from news_digest import search, search_bundles
from news_digest.search_bundles import index_digest, page_glob
from news_digest.settings import DEFAULTS

# Fictional stories, one per ISO week of November 2026 that the tests use.
STORIES = {
    "old": (
        "2026-11-03",
        "Brackwater lighthouse keepers vote to stay on | Regional news | Harbour Courier\n\n"
        "The last two keepers of the Brackwater lighthouse voted on Tuesday to stay on for another winter, "
        "the harbour trust said.\n\nThe trust had planned to switch the lamp to remote control in December. "
        "Keeper Ilse Marrow said the fog signal still needed a hand on the lever.\n",
    ),
    "mid": (
        "2026-11-12",
        "Marrowby school opens a sailing club | Regional news | Harbour Courier\n\n"
        "Pupils at the Marrowby school will learn to sail on the estuary from the spring, the head teacher "
        "said on Wednesday.\n\nA club up the coast gave two dinghies. Parents will help with the boats on "
        "Saturday mornings.\n",
    ),
    "new": (
        "2026-11-24",
        "Quillmoor bakery wins the county bread prize | Regional news | Harbour Courier\n\n"
        "A family bakery in Quillmoor won the county bread prize on Tuesday with a rye loaf baked in a "
        "wood oven.\n\nThe judges praised its crust. The owners said they would keep the recipe a secret "
        "and bake twice as many loaves on Saturday.\n",
    ),
    "added": (
        "2026-11-26",
        "Tollerby ferry adds a night crossing | Regional news | Harbour Courier\n\n"
        "The Tollerby ferry will add a night crossing from next week, the operator said on Thursday.\n\n"
        "Night workers at the port asked for it last spring. The crossing leaves at eleven and returns "
        "before one.\n",
    ),
}


STORIES["older"] = (
    "2026-11-05",
    "Brackwater harbour dredging starts early | Regional news | Harbour Courier\n\n"
    "Dredging of the Brackwater harbour mouth began on Thursday, two weeks before the date the trust "
    "had given.\n\nThe dredger came free from a job up the coast. Fishing boats will use the north "
    "channel until the work ends.\n",
)


STORIES["next"] = (
    "2026-12-01",
    "Fenwick choir sings at the town hall | Regional news | Harbour Courier\n\n"
    "The Fenwick choir sang carols at the town hall on Tuesday evening, its conductor said.\n\n"
    "Forty singers took part. The collection went to the village library.\n",
)


def story_files(*names: str, tags: str = "") -> dict[str, str]:
    files = {}
    for name in names:
        date, text = STORIES[name]
        files[f"scraped/hc/{name}.txt"] = text
        files[f"scraped/hc/{name}.yaml"] = f"date: {date}\nurl: https://harbour-courier.example/{name}\n" + (
            f"tags: [{tags}]\n" if tags else ""
        )
    return files


def manifest(site: Site) -> list[str]:
    data = json.loads((site.output / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    return [b["name"] for b in data["bundles"]]


def bundle(site: Site, name: str) -> dict[str, bytes]:
    return tree_bytes(site.output / "pagefind" / name)


def build(root: Path, files: dict[str, str], **settings) -> Site:
    return build_site(root, files, DIGEST_SEARCH=True, **settings)


def test_partition_names_sort_oldest_first():
    assert search.partition(dt.date(2026, 11, 30), "week") == "2026-w49"
    assert search.partition(dt.date(2026, 11, 29), "week") == "2026-w48"
    # An ISO week belongs to the year of its Thursday: 1 January 2027 is in 2026's last week.
    assert search.partition(dt.date(2027, 1, 1), "week") == "2026-w53"
    assert search.partition(dt.date(2026, 11, 3), "day") == "2026-11-03"
    assert search.partition(dt.date(2026, 11, 3), "month") == "2026-11"
    assert search.partition(dt.date(2026, 11, 3), "year") == "2026"
    assert search.partition(dt.date(2026, 11, 3), "all") == "all"
    weeks = [search.partition(dt.date(2026, 1, 1) + dt.timedelta(days=d), "week") for d in range(0, 800, 5)]
    assert weeks == sorted(weeks)


def test_partitions_group_pages_with_pagefind_urls(caplog):
    pages = [
        ("2026/11/24/b/index.html", dt.date(2026, 11, 24)),
        ("2026/11/03/a/index.html", dt.date(2026, 11, 3)),
        ("2026/11/26/c.html", dt.date(2026, 11, 26)),
    ]
    assert search.partitions(pages, "week") == {
        "2026-w45": [("2026/11/03/a/index.html", "/2026/11/03/a/")],
        "2026-w48": [
            ("2026/11/24/b/index.html", "/2026/11/24/b/"),
            ("2026/11/26/c.html", "/2026/11/26/c.html"),
        ],
    }
    # With the pages' index digests known (the build cache), each entry carries its own.
    digests = {"2026/11/03/a/index.html": "abc"}
    assert search.partitions(pages, "month", digests)["2026-11"][0] == (
        "2026/11/03/a/index.html",
        "/2026/11/03/a/",
        "abc",
    )
    with caplog.at_level(logging.WARNING):
        assert list(search.partitions(pages, "fortnight")) == ["2026-w45", "2026-w48"]
    assert "DIGEST_SEARCH_PARTITION" in caplog.text


def _days(counts: dict[str, int]) -> list[tuple[str, dt.date]]:
    """``counts`` pages on each ISO date, as ``(save_as, date)``."""
    return [
        (f"{day}/s{i}/index.html", dt.date.fromisoformat(day)) for day, n in counts.items() for i in range(n)
    ]


def _sizes(pages: list[tuple[str, dt.date]], budget: int) -> dict[str, int]:
    """Partition name -> pages in it, for weekly partitions within ``budget``."""
    return {name: len(found) for name, found in search.partitions(pages, "week", budget=budget).items()}


def test_a_week_over_the_budget_is_cut_into_parts_of_whole_days():
    # Monday 23 to Sunday 29 November 2026 (ISO week 48), 3 pages a day, then Monday 30 (week 49).
    week = {f"2026-11-{d}": 3 for d in range(23, 30)}
    pages = _days({**week, "2026-11-30": 3})
    # Filled from the oldest day while within 10 pages; named by the weekday the part starts on.
    assert _sizes(pages, 10) == {"2026-w48-1": 9, "2026-w48-4": 9, "2026-w48-7": 3, "2026-w49-1": 3}
    # Whole weeks (the days still named) when they fit; without a budget, ISO weeks as before.
    assert _sizes(pages, 21) == {"2026-w48-1": 21, "2026-w49-1": 3}
    assert _sizes(pages, 0) == {"2026-w48": 21, "2026-w49": 3}
    # A day larger than the budget is a part alone.
    assert _sizes(_days({"2026-11-23": 2, "2026-11-24": 12, "2026-11-25": 1}), 10) == {
        "2026-w48-1": 2,
        "2026-w48-2": 12,
        "2026-w48-3": 1,
    }
    # The other periods ignore the budget.
    assert list(search.partitions(pages, "month", budget=10)) == ["2026-11"]
    # Only the pages decide: the same parts whatever order they come in.
    assert search.partitions(pages[::-1], "week", budget=10) == search.partitions(pages, "week", budget=10)


def test_a_new_day_changes_only_the_newest_part_of_its_week():
    before = search.partitions(_days({f"2026-11-{d}": 3 for d in range(23, 27)}), "week", budget=10)
    after = search.partitions(_days({f"2026-11-{d}": 3 for d in range(23, 28)}), "week", budget=10)
    assert list(before) == ["2026-w48-1", "2026-w48-4"]
    assert before["2026-w48-1"] == after["2026-w48-1"]  # the older part: its bundle is left alone
    assert len(after["2026-w48-4"]) == 6
    # Sunday's pages do not fit the newest part: a part of their own, the older ones unchanged.
    more = search.partitions(
        _days({**{f"2026-11-{d}": 3 for d in range(23, 29)}, "2026-11-29": 4}), "week", budget=10
    )
    assert {n: len(p) for n, p in more.items()} == {"2026-w48-1": 9, "2026-w48-4": 9, "2026-w48-7": 4}
    assert more["2026-w48-1"] == after["2026-w48-1"]


def test_the_newest_week_is_cut_into_smaller_parts_until_a_newer_week_begins():
    week = {f"2026-11-{d}": 3 for d in range(23, 28)}  # Monday 23 to Friday 27, ISO week 48
    # The newest week within 4 pages (a day a part here); an older week within the budget of 10.
    older = {f"2026-11-{d}": 3 for d in range(16, 19)}  # week 47
    assert _sizes(_days({**older, **week}), 10) == {"2026-w47-1": 9, "2026-w48-1": 9, "2026-w48-4": 6}
    cut = {
        n: len(p) for n, p in search.partitions(_days({**older, **week}), "week", budget=10, newest=4).items()
    }
    assert cut == {"2026-w47-1": 9, **{f"2026-w48-{d}": 3 for d in range(1, 6)}}
    # A day's new stories change only its own part of the newest week.
    before = search.partitions(_days(week), "week", budget=10, newest=4)
    after = search.partitions(_days({**week, "2026-11-27": 5}), "week", budget=10, newest=4)
    assert {n for n in after if after[n] != before[n]} == {"2026-w48-5"}
    # Once a newer week has pages, the week is cut within the budget, like any older week.
    folded = search.partitions(_days({**week, "2026-11-30": 1}), "week", budget=10, newest=4)
    assert {n: len(p) for n, p in folded.items()} == {"2026-w48-1": 9, "2026-w48-4": 6, "2026-w49-1": 1}
    # The newest week's limit never widens the budget, and no budget keeps whole weeks.
    assert _sizes(_days(week), 2) == {f"2026-w48-{d}": 3 for d in range(1, 6)}
    assert list(search.partitions(_days(week), "week", budget=0, newest=4)) == ["2026-w48"]
    assert search.NEWEST_WEEK_PAGES < search_bundles.MAX_PAGES_BESIDE_PAGES


@pytest.mark.slow
def test_a_new_story_of_the_newest_week_reindexes_its_day_not_its_week(tmp_path, monkeypatch):
    """With parts of one page in the newest week, Thursday's story is indexed alone; Tuesday's
    bundle stays as it was until a story of the next week folds the week into one part."""
    monkeypatch.setattr(search, "NEWEST_WEEK_PAGES", 1)
    kept = tmp_path / "kept"
    first = build(kept, story_files("old", "new"))
    assert manifest(first) == ["2026-w48-2", "2026-w45-2"]
    tuesday = bundle(first, "2026-w48-2")
    added = build(kept, story_files("added"))
    assert search.last["indexed"] == ["2026-w48-4"]
    assert manifest(added) == ["2026-w48-4", "2026-w48-2", "2026-w45-2"]
    assert bundle(added, "2026-w48-2") == tuesday
    # The next week's first story: week 48 is one part again (within the budget), indexed once.
    folded = build(kept, story_files("next"))
    assert search.last["indexed"] == ["2026-w49-2", "2026-w48-2"]
    assert manifest(folded) == ["2026-w49-2", "2026-w48-2", "2026-w45-2"]
    entry = json.loads((folded.output / "pagefind" / "2026-w48-2" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 2
    cold = build(tmp_path / "cold", story_files("old", "new", "added", "next"))
    assert tree_bytes(cold.output / "pagefind") == tree_bytes(folded.output / "pagefind")


def test_the_default_bundle_fits_the_page_budget_beside_page_workers():
    assert DEFAULTS["DIGEST_SEARCH_BUNDLE_PAGES"] == search_bundles.BUNDLE_PAGES
    assert search_bundles.BUNDLE_PAGES <= search_bundles.MAX_PAGES_BESIDE_PAGES


@pytest.mark.slow
def test_a_new_story_rebuilds_only_its_partition_and_matches_a_cold_build(tmp_path):
    root = tmp_path / "kept"
    first = build(root, story_files("old", "new"))
    assert manifest(first) == ["2026-w48-2", "2026-w45-2"]  # newest first: the page loads it, merges the rest
    for name in manifest(first):
        entry = json.loads((first.output / "pagefind" / name / "pagefind-entry.json").read_text())
        assert entry["languages"]["en"]["page_count"] == 1
    old_week, new_week = bundle(first, "2026-w45-2"), bundle(first, "2026-w48-2")
    assert all(old_week.values()) and all(new_week.values())  # every file whole (none left empty)

    again = build(root, {})  # nothing changed: nothing indexed, nothing rewritten
    assert search.last["indexed"] == []
    assert bundle(again, "2026-w45-2") == old_week and bundle(again, "2026-w48-2") == new_week

    added = build(root, story_files("added"))
    assert search.last["indexed"] == ["2026-w48-2"]
    assert bundle(added, "2026-w45-2") == old_week  # the older week's bundle: the same files, the same bytes
    assert bundle(added, "2026-w48-2") != new_week
    entry = json.loads((added.output / "pagefind" / "2026-w48-2" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 2

    cold = build(tmp_path / "cold", story_files("old", "new", "added"))
    assert tree_bytes(cold.output / "pagefind") == tree_bytes(added.output / "pagefind")


PAGE = """<!DOCTYPE html><html lang="en"><head><title>Ferry</title>
<script type="application/ld+json">{"headline": "\\u003cp data-pagefind-ignore\\u003e"}</script></head>
<body><article data-pagefind-body><h1>Ferry</h1><p class="kicker" data-pagefind-ignore>News</p>
<div class="story-body"><p>The ferry runs at night.</p>
<section id="see-also" data-pagefind-ignore><h2 id="see-also-title">See also</h2>
<ul><li><a href="/a/">Bread prize</a> <time datetime="2026-11-24">24 November</time></li></ul></section></div>
<footer class="story-footer" data-pagefind-ignore><ul class="tag-list"><li>Ferries</li></ul></footer>
</article></body></html>"""


def test_index_digest_leaves_out_only_text_pagefind_ignores():
    page = PAGE.encode()
    same = index_digest(page)
    # Text and links inside an ignored element: Pagefind never indexes them.
    for old, new in (
        ('<a href="/a/">Bread prize</a>', '<a href="/b/">Night crossing</a></li><li>Lighthouse'),
        ("<li>Ferries</li>", '<li><a href="/tag/ferries/" rel="tag">Ferries</a></li>'),
        ("DATA-PAGEFIND-IGNORE", "data-pagefind-ignore"),
        ('{"headline"', '{"relatedLink": ["/a/"], "headline"'),  # a script's text
        (
            '<section id="see-also" data-pagefind-ignore>',
            '<section id="see-also" class="x" data-pagefind-ignore>',
        ),
    ):
        assert index_digest(page.replace(old.encode(), new.encode())) == same, new
    assert index_digest(page.upper()) == index_digest(page.upper().replace(b"FERRIES", b"BOATS"))
    # A page with a character a case-blind match takes for an ASCII letter (the Kelvin sign) is read alike.
    kelvin = page.replace(b"runs at night", "runs at 3 \u212a".encode())
    assert index_digest(kelvin) == index_digest(kelvin.replace(b"Bread prize", b"Night crossing"))
    assert index_digest(kelvin) != index_digest(kelvin.replace("\u212a".encode(), b"K"))
    # Everything else counts, and so does what Pagefind may read inside an ignored element.
    for old, new in (
        ("runs at night", "runs by day"),  # indexed text
        ("<title>Ferry", "<title>Boat"),  # outside the body
        ("See also</h2>", "Read on</h2>"),  # a heading, counted whole
        ('<li><a href="/a/">', '<li data-pagefind-filter="kind:x"><a href="/a/">'),  # a filter
        ('<li><a href="/a/">', '<li id="x"><a href="/a/">'),  # an anchor
        ("<li>Ferries", '<li><img src="/f.png" alt="">Ferries'),  # an image
        ('<script type="application/ld+json">', '<script type="text/plain">'),  # a script's tag
        ('id="see-also" data-pagefind-ignore', 'id="see-more" data-pagefind-ignore'),  # an ignored one's id
        ("</section></div>", '</section><script>let a = "<section data-pagefind-ignore>";</script></div>'),
        ("News</p>", "Sport</p>"),  # a <p> may end early: never taken as ignored
        ("</section></div>", "</div>"),  # left open: the whole page counts
        ("<li>Ferries</li></ul>", "<li>Ferries</li></ul></div>"),  # an end tag of nothing opened inside
        ("</section></div>", "<!-- </section> --></section></div>"),  # a comment inside
        ("</section></div>", "<\u017ftyle>p {}</\u017ftyle></section></div>"),  # raw text (a long s: <style>)
    ):
        changed = page.replace(old.encode(), new.encode())
        assert changed != page and index_digest(changed) != same, new


def test_index_digest_reads_a_page_alike_with_or_without_a_case_folded_character():
    """A page that holds none of the characters a case-blind match takes for an ASCII letter is searched
    in its lowered copy, case-sensitive; the others case-blind. A Kelvin sign in the JSON-LD's text
    (which the digest leaves out) sends the same page down the other way: the digest must not change.
    (A page it counts whole is left out: its whole bytes differ.)"""
    variants = [
        PAGE,
        PAGE.upper(),
        PAGE.replace("<section id", "<SECTION ID").replace("</section>", "</Section >"),
        PAGE.replace("</ul></section>", "</ul><section data-pagefind-ignore><h3>In</h3></section></section>"),
        PAGE.replace("<h2 id=", '<h2 data-pagefind-filter="k:v" id='),
        PAGE.replace("<li>Ferries</li>", "<li>Ferries<br><img src=/f.png></li><li>Boats"),
        PAGE.replace("<li>Ferries</li>", "<li><b\u00c9>Ferries</b\u00e9></li>"),  # names equal in lower case
        PAGE.replace("<li>Ferries</li>", "<li><b\u00c9>Ferries</b\u00c9></li>"),
        PAGE.replace('<footer class="story-footer"', '<x\u00c9 class="story-footer"').replace(
            "</footer>", "</x\u00c9>"
        ),
        PAGE.replace(
            "runs at night.", "runs at night.<script>let a = '<section data-pagefind-ignore>';</script>"
        ),
    ]
    for page in variants:
        folded = page.replace("{", "{\u212a", 1)  # the first "{" is the JSON-LD's
        assert folded != page
        assert index_digest(folded.encode()) == index_digest(page.encode()), page


@pytest.mark.slow
def test_a_change_pagefind_ignores_leaves_the_bundle_alone(tmp_path):
    """An old story's page changes only inside ignored elements: its week is not indexed again."""
    root = tmp_path / "kept"
    first = build(root, {**story_files("old", tags="Lighthouses"), **story_files("new")})
    old_week = bundle(first, "2026-w45-2")
    (page,) = (first.output / "2026" / "11" / "03").glob("*/index.html")
    before = page.read_bytes()
    # A second story tagged "Lighthouses": the tag gets a page, and the old story's tag becomes a link.
    added = build(
        root, {**story_files("added", tags="Lighthouses"), **story_files("old", tags="Lighthouses")}
    )
    assert page.read_bytes() != before and b'rel="tag"' in page.read_bytes()
    assert search.last["indexed"] == ["2026-w48-2"]
    assert bundle(added, "2026-w45-2") == old_week
    cold = build(tmp_path / "cold", {**story_files("old", "added", tags="Lighthouses"), **story_files("new")})
    assert tree_bytes(cold.output / "pagefind") == tree_bytes(added.output / "pagefind")
    assert tree_bytes(cold.output) == tree_bytes(added.output)


@pytest.mark.slow
def test_files_digest_hashes_each_file_by_its_path_in_the_order_of_path_parts(tmp_path):
    import hashlib
    import os

    folder = tmp_path / "bundle"
    for name, data in {"a.txt": b"one", "a/b": b"two", "a/c/d.pf": b"three", "z": b""}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "e").write_bytes(b"not in the bundle")
    os.symlink(outside, folder / "linked")  # a linked folder is not entered
    expected = hashlib.sha256()
    for path in ("a/b", "a/c/d.pf", "a.txt", "z"):  # by parts: "a" sorts before "a.txt"
        expected.update(path.encode() + b"\0" + hashlib.sha256((folder / path).read_bytes()).digest())
    assert search_bundles.files_digest(folder) == expected.hexdigest()
    (folder / "a/c/d.pf").write_bytes(b"thrEe")
    assert search_bundles.files_digest(folder) != expected.hexdigest()


def test_bundles_are_checked_and_stale_ones_removed(tmp_path):
    root = tmp_path / "site"
    first = build(root, story_files("old", "new"))
    old_week = bundle(first, "2026-w45-2")
    # A damaged bundle is indexed again, even though its pages did not change.
    meta = next((first.output / "pagefind" / "2026-w45-2").glob("pagefind.*.pf_meta"))
    meta.write_bytes(b"not an index")
    (first.output / "pagefind" / "leftover.js").write_text("from an earlier layout")
    again = build(root, {})
    assert search.last["indexed"] == ["2026-w45-2"]
    assert bundle(again, "2026-w45-2") == old_week
    assert not (again.output / "pagefind" / "leftover.js").exists()
    # The older week's only story goes: so does its bundle.
    for suffix in (".txt", ".yaml"):
        (root / "content" / "scraped" / "hc" / f"old{suffix}").unlink()
    gone = build(root, {})
    assert manifest(gone) == ["2026-w48-2"]
    assert sorted(p.name for p in (gone.output / "pagefind").iterdir()) == ["2026-w48-2", "bundles.json"]


@pytest.mark.slow
def test_one_bundle_for_the_whole_archive_when_asked(tmp_path):
    site = build(tmp_path / "site", story_files("old", "new"), DIGEST_SEARCH_PARTITION="all")
    assert manifest(site) == ["all"]
    # Only what the search page uses: Pagefind's own UI files are left out.
    names = {p.name for p in (site.output / "pagefind" / "all").iterdir()}
    assert {"pagefind.js", "pagefind-entry.json"} <= names
    assert not any(n.startswith(("pagefind-ui", "pagefind-component-ui")) for n in names)


def test_search_off_writes_no_bundles(tmp_path):
    site = build_site(tmp_path / "site", story_files("old"), DIGEST_SEARCH=False)
    assert not (site.output / "pagefind").exists()
    assert not (site.output / "search").exists()


def test_pagefind_reads_story_pages_in_place_only_when_a_glob_matches_them_alone(tmp_path):
    """The glob names the pages' day folders; anything else a glob could reach there means links."""
    pages = ["2026/11/03/a/index.html", "2026/11/03/b/index.html", "2026/11/24/c/index.html"]
    out = tmp_path / "output"
    for page in pages:
        (out / page).parent.mkdir(parents=True)
        (out / page).write_text("<html></html>")
    (out / "2026" / "11" / "03" / "index.html").write_text("a day page beside them")
    (out / "2026" / "11" / "03" / "notes").mkdir()  # a folder without a page
    # It starts with the folders they share: Pagefind walks that folder, not the whole output.
    assert page_glob(out, pages) == "2026/11/{03,24}/*/index.html"
    assert page_glob(out, pages[2:]) == "2026/11/24/*/index.html"
    assert search_bundles._folders_glob(["2026/10/31", "2026/11/01"]) == "2026/{10/31,11/01}"
    assert search_bundles._folders_glob(["2025/12/31", "2026/01/01"]) == "{2025/12/31,2026/01/01}"
    assert search_bundles._folders_glob(["2026/11", "2026/11/03"]) == "2026/{11,11/03}"
    # A page of that shape that is not one of the partition's.
    assert page_glob(out, pages[1:]) is None
    # Pages not in day folders, a page missing, a folder name a glob would read as syntax.
    assert page_glob(out, ["2026/11/03/a.html"]) is None
    assert page_glob(out, ["tag/a/index.html"]) is None
    assert page_glob(out, [*pages, "2026/11/25/d/index.html"]) is None
    (out / "2026" / "11" / "24" / "x").mkdir()
    (out / "2026" / "11" / "24" / "x" / "INDEX.HTML").write_text("another case")
    assert page_glob(out, pages) is None
    shutil.rmtree(out / "2026" / "11" / "24" / "x")
    # A page folder that is a link, and a page that is a link.
    (out / "2026" / "11" / "24" / "c").rename(tmp_path / "c")
    (out / "2026" / "11" / "24" / "c").symlink_to(tmp_path / "c")
    assert page_glob(out, pages) is None
    (out / "2026" / "11" / "24" / "c").unlink()
    (out / "2026" / "11" / "24" / "c").mkdir()
    (out / "2026" / "11" / "24" / "c" / "index.html").symlink_to(tmp_path / "c" / "index.html")
    assert page_glob(out, pages) is None


@pytest.mark.slow
def test_a_bundle_read_in_place_is_the_bundle_read_through_links(tmp_path, monkeypatch):
    site = build(tmp_path / "site", story_files("old", "new", "added"))
    pages = sorted(p.relative_to(site.output).as_posix() for p in site.output.glob("2026/11/2*/*/index.html"))
    assert len(pages) == 2 and page_glob(site.output, pages) is not None
    executable = search._executable()
    assert executable is not None
    linked = search_bundles._index_linked

    def no_links(*args):
        raise AssertionError("read through links")

    monkeypatch.setattr(search_bundles, "_index_linked", no_links)
    search_bundles.index_partition(executable, site.output, pages, tmp_path / "in-place")
    monkeypatch.setattr(search_bundles, "_index_linked", linked)
    monkeypatch.setattr(search_bundles, "page_glob", lambda output, pages: None)
    search_bundles.index_partition(executable, site.output, pages, tmp_path / "linked")
    assert tree_bytes(tmp_path / "in-place") == tree_bytes(tmp_path / "linked")
    assert tree_bytes(tmp_path / "in-place") == bundle(site, "2026-w48-2")
    assert not list(site.output.glob("pagefind/.*"))  # nothing left beside the bundles


@pytest.mark.slow
def test_the_page_budget_is_held_only_while_pagefind_runs(tmp_path, monkeypatch):
    """The glob's checks (and the links) before and after a run overlap the next run, not delay it."""
    site = build(tmp_path / "site", story_files("new", "added"))
    pages = sorted(p.relative_to(site.output).as_posix() for p in site.output.glob("2026/11/2*/*/index.html"))
    executable = search._executable()
    assert executable is not None
    held: list[str] = []  # what happened, in order: Pagefind's runs inside the budget, globs outside

    @contextlib.contextmanager
    def hold():
        held.append("hold")
        yield
        held.append("release")

    glob, run = search_bundles.page_glob, search_bundles._run_pagefind
    monkeypatch.setattr(search_bundles, "page_glob", lambda *a: held.append("glob") or glob(*a))
    monkeypatch.setattr(
        search_bundles, "_run_pagefind", lambda *a, **k: held.append("pagefind") or run(*a, **k)
    )
    search_bundles.index_partition(executable, site.output, pages, tmp_path / "in-place", hold)
    assert held == ["glob", "hold", "pagefind", "release", "glob"]
    assert tree_bytes(tmp_path / "in-place") == bundle(site, "2026-w48-2")
    # Read through links: the links are made outside the budget too.
    held.clear()
    monkeypatch.setattr(search_bundles, "page_glob", lambda *a: held.append("glob"))
    search_bundles.index_partition(executable, site.output, pages, tmp_path / "linked", hold)
    assert held == ["glob", "hold", "pagefind", "release"]
    assert tree_bytes(tmp_path / "linked") == bundle(site, "2026-w48-2")


@pytest.mark.slow
def test_bundles_indexed_at_once_are_the_bundles_indexed_one_by_one(tmp_path, monkeypatch):
    site = build(tmp_path / "site", story_files("old", "new", "added"), DIGEST_JOBS=1)
    pages = [
        (p.relative_to(site.output).as_posix(), dt.date(*map(int, p.relative_to(site.output).parts[:3])))
        for p in site.output.glob("2026/*/*/*/index.html")
    ]
    request = {
        "output": str(site.output),
        "executable": search._executable(),
        "partitions": search.partitions(pages, "week", budget=DEFAULTS["DIGEST_SEARCH_BUNDLE_PAGES"]),
    }
    shutil.rmtree(site.output / "pagefind")
    one = search_bundles.build({**request, "jobs": 1})
    by_one = tree_bytes(site.output / "pagefind")
    shutil.rmtree(site.output / "pagefind")
    assert (
        search_bundles.build({**request, "jobs": 2})
        == one
        == {
            "bundles": 2,
            "indexed": ["2026-w48-2", "2026-w45-2"],
            "pages_indexed": 3,
        }
    )
    assert tree_bytes(site.output / "pagefind") == by_one
    shutil.copytree(site.output / "pagefind" / "2026-w48-2", tmp_path / "w48")
    # One bundle fails: the manifest lists the whole ones only, and the failure is raised
    # (the newer bundle is waited for first, so it is whole by then).
    indexed = search_bundles.index_partition

    def fails_on_the_older(executable, output, pages, target, *rest):
        if target.name == "2026-w45-2":
            raise search_bundles.PagefindFailed("on purpose")
        indexed(executable, output, pages, target, *rest)

    monkeypatch.setattr(search_bundles, "index_partition", fails_on_the_older)
    shutil.rmtree(site.output / "pagefind")
    with pytest.raises(search_bundles.PagefindFailed):
        search_bundles.build({**request, "jobs": 2})
    assert manifest(site) == ["2026-w48-2"]
    assert tree_bytes(site.output / "pagefind" / "2026-w48-2") == tree_bytes(tmp_path / "w48")


@pytest.mark.slow
def test_pagefind_runs_side_by_side_each_keep_to_one_core(tmp_path):
    """With two jobs each Pagefind run may use one core (less memory a run), and writes the same bundles."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        pytest.skip("one core: nothing to keep to")
    site = build(tmp_path / "site", story_files("old", "new", "added"), DIGEST_JOBS=1)
    by_one = tree_bytes(site.output / "pagefind")
    pages = [
        (p.relative_to(site.output).as_posix(), dt.date(*map(int, p.relative_to(site.output).parts[:3])))
        for p in site.output.glob("2026/*/*/*/index.html")
    ]
    log = tmp_path / "cores.log"
    wrapper = tmp_path / "pagefind"  # Pagefind itself, started by a script that notes the cores it may use
    wrapper.write_text(
        f'#!/bin/sh\n[ "$1" = --version ] || grep Cpus_allowed_list /proc/self/status >> "{log}"\n'
        f'exec "{search._executable()}" "$@"\n'
    )
    wrapper.chmod(0o755)
    request = {
        "output": str(site.output),
        "executable": str(wrapper),
        "partitions": search.partitions(pages, "week", budget=DEFAULTS["DIGEST_SEARCH_BUNDLE_PAGES"]),
        "jobs": 2,
    }
    shutil.rmtree(site.output / "pagefind")
    assert search_bundles.build(request)["indexed"] == ["2026-w48-2", "2026-w45-2"]
    allowed = [line.split()[-1] for line in log.read_text().splitlines()]
    assert len(allowed) == 2
    assert all(core.isdigit() and int(core) in cores for core in allowed)
    assert tree_bytes(site.output / "pagefind") == by_one
    # One job: the run is left to the cores the build has.
    log.unlink()
    shutil.rmtree(site.output / "pagefind")
    search_bundles.build({**request, "jobs": 1})
    status = Path("/proc/self/status").read_text().splitlines()
    ours = next(line for line in status if line.startswith("Cpus_allowed_list")).split()[-1]
    assert [line.split()[-1] for line in log.read_text().splitlines()] == [ours] * 2


@pytest.mark.slow
def test_a_run_s_thread_starts_the_next_run_before_the_last_bundle_is_hashed(tmp_path, monkeypatch):
    """Two jobs, three bundles: the first two bundles' hashes wait for the third run to start.
    Were they hashed in the runs' own threads, both threads would wait and the third never start."""
    site = build(tmp_path / "site", story_files("old", "mid", "new"), DIGEST_JOBS=1)
    pages = [
        (p.relative_to(site.output).as_posix(), dt.date(*map(int, p.relative_to(site.output).parts[:3])))
        for p in site.output.glob("2026/*/*/*/index.html")
    ]
    parts = search.partitions(pages, "week", budget=DEFAULTS["DIGEST_SEARCH_BUNDLE_PAGES"])
    first, second, third = sorted(parts, reverse=True)  # one page each: newest first
    third_runs = threading.Event()
    run, digest = search_bundles._run_pagefind, search_bundles.files_digest

    def running(executable, site_folder, glob, building, check=False):
        if building.name == f".{third}.building":
            third_runs.set()
        return run(executable, site_folder, glob, building, check)

    waited: dict[str, bool] = {}

    def hashed(folder):
        if folder.name in (first, second):
            waited[folder.name] = third_runs.wait(timeout=30)
        return digest(folder)

    monkeypatch.setattr(search_bundles, "_run_pagefind", running)
    monkeypatch.setattr(search_bundles, "files_digest", hashed)
    by_one = tree_bytes(site.output / "pagefind")
    shutil.rmtree(site.output / "pagefind")
    request = {"output": str(site.output), "executable": search._executable(), "partitions": parts, "jobs": 2}
    assert search_bundles.build(request)["indexed"] == [first, second, third]
    assert waited == {first: True, second: True}
    assert tree_bytes(site.output / "pagefind") == by_one


def _hold_all(budget: search_bundles.PageBudget, sizes: list[int], meet: bool = False) -> None:
    """Each size held by its own thread, all started together; ``meet``: each waits inside
    for all the others to be inside too (fails unless the budget lets them in at once)."""
    start, inside = threading.Barrier(len(sizes)), threading.Barrier(len(sizes), timeout=20)

    def run(pages: int) -> None:
        start.wait()
        with budget.hold(pages):
            inside.wait() if meet else time.sleep(0.2)

    threads = [threading.Thread(target=run, args=(n,)) for n in sizes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)


def test_pagefind_runs_at_once_stay_within_the_page_budget():
    # Two weeks of 3 pages do not fit a budget of 4 together: one waits for the other.
    apart = search_bundles.PageBudget(4)
    _hold_all(apart, [3, 3])
    assert apart.most == 3 and apart.in_flight == 0
    # Two of 2 fit, and are let in at once.
    together = search_bundles.PageBudget(4)
    _hold_all(together, [2, 2], meet=True)
    assert together.most == 4 and together.in_flight == 0
    # A week larger than the whole budget still runs, alone.
    alone = search_bundles.PageBudget(4)
    _hold_all(alone, [9, 1])
    assert alone.most == 9 and alone.in_flight == 0


def test_a_strict_budget_keeps_a_large_run_waiting_until_it_is_widened():
    # While the build writes story pages, a week larger than the budget does not start alone.
    budget = search_bundles.PageBudget(4, strict=True)
    started = threading.Event()

    def run() -> None:
        with budget.hold(9):
            started.set()

    thread = threading.Thread(target=run)
    thread.start()
    assert not started.wait(0.5)
    budget.widen(4)  # every story page is written: it runs, alone
    assert started.wait(20)
    thread.join(timeout=20)
    assert budget.most == 9 and budget.in_flight == 0


def _taker(budget: search_bundles.PageBudget) -> Callable[[float], search_bundles.Run | str | None]:
    """:meth:`PageBudget.take` called in a thread of its own; the function returned gives what it
    answered within the seconds it is given, or "waiting" (the call goes on: ask again later)."""
    answer: list[search_bundles.Run | None] = []
    thread = threading.Thread(target=lambda: answer.append(budget.take()), daemon=True)
    thread.start()

    def answered(wait: float = 20) -> search_bundles.Run | str | None:
        thread.join(timeout=wait)
        return answer[0] if answer else "waiting"

    return answered


def _taken(budget: search_bundles.PageBudget) -> search_bundles.Run:
    run = _taker(budget)()
    assert isinstance(run, search_bundles.Run), run
    return run


def test_a_smaller_partition_runs_beside_a_larger_one_only_where_it_leaves_it_room():
    budget = search_bundles.PageBudget(10)
    budget.add("r", 3)
    first = _taken(budget)
    budget.add("large", 8)
    budget.add("small", 5)
    # "large" does not fit beside "r"; "small" does, but would leave "large" no room once "r" ends.
    next_one = _taker(budget)
    assert next_one(0.3) == "waiting"
    with first.hold():  # Pagefind's run: the pages taken for it are let go as it ends
        pass
    large = next_one()
    assert isinstance(large, search_bundles.Run) and (large.name, large.ahead) == ("large", False)
    # Beside it, a run of 2 goes ahead of the 5 that does not fit: the 5 fits beside the 2 later.
    budget.add("two", 2)
    two = _taken(budget)
    assert (two.name, two.ahead) == ("two", True) and budget.in_flight == 10
    small = _taker(budget)
    assert small(0.3) == "waiting"
    with large:  # a run that ends without Pagefind's lets its pages go too
        pass
    run = small()
    assert isinstance(run, search_bundles.Run) and (run.name, run.ahead) == ("small", False)
    budget.end()
    with two, run:
        pass
    assert _taker(budget)() is None and budget.in_flight == 0 and budget.most == 10


def test_a_run_too_large_for_a_strict_budget_keeps_no_smaller_one_waiting():
    budget = search_bundles.PageBudget(4, strict=True)
    budget.add("large", 9)
    budget.add("small", 2)
    small = _taken(budget)
    assert small.name == "small"
    large = _taker(budget)
    assert large(0.3) == "waiting"
    # Widened, the large one waits for the small one to end, then runs alone.
    budget.widen(4)
    assert large(0.3) == "waiting"
    with small:
        pass
    run = large()
    assert isinstance(run, search_bundles.Run) and run.name == "large"
    # Stopped (a failure): nothing more starts.
    budget.add("later", 1)
    later = _taker(budget)
    assert later(0.3) == "waiting"
    budget.stop()
    assert later() is None


@pytest.mark.slow
def test_partitions_sent_as_they_are_ready_give_the_bundles_of_one_request(tmp_path):
    site = build(tmp_path / "site", story_files("old", "mid", "new"), DIGEST_JOBS=1)
    pages = [
        (p.relative_to(site.output).as_posix(), dt.date(*map(int, p.relative_to(site.output).parts[:3])))
        for p in site.output.glob("2026/*/*/*/index.html")
    ]
    parts = search.partitions(pages, "week", budget=DEFAULTS["DIGEST_SEARCH_BUNDLE_PAGES"])
    request = {"output": str(site.output), "executable": search._executable(), "jobs": 2}
    whole = tree_bytes(site.output / "pagefind")
    shutil.rmtree(site.output / "pagefind")
    newest, *older = sorted(parts, reverse=True)
    streamed = {**request, "partitions": {newest: parts[newest]}, "names": list(parts), "streamed": True}
    done = search_bundles.build(streamed, iter([{name: parts[name]} for name in older]))
    assert done == {"bundles": 3, "indexed": ["2026-w48-2", "2026-w46-4", "2026-w45-2"], "pages_indexed": 3}
    assert tree_bytes(site.output / "pagefind") == whole
    # A partition that was announced but never sent is an error, and is not listed.
    shutil.rmtree(site.output / "pagefind")
    with pytest.raises(ValueError, match="never sent"):
        search_bundles.build(streamed, iter([]))
    assert manifest(site) == ["2026-w48-2"]


@pytest.mark.slow
def test_a_cold_build_indexes_a_week_once_its_story_pages_are_written(tmp_path, monkeypatch):
    from news_digest import page_writer

    files = story_files("old", "mid", "new", "added")
    # One round of story pages: the search index starts once they are all written.
    whole = build(tmp_path / "whole", files, DIGEST_JOBS=2)
    events: list[tuple[str, object]] = []
    write_round = page_writer.PageWriter._write_round

    def round_logged(self, held, indexes, *args, **kwargs):
        articles = [held[i].kwargs.get("article") for i in indexes]
        if all(articles):  # a round of story pages: their days
            events.append(("round", sorted(a.save_as[:10] for a in articles)))
        return write_round(self, held, indexes, *args, **kwargs)

    start, send = search.start, search.send

    def start_logged(output, parts, jobs=1, names=None):
        events.append(("start", (sorted(parts), names and sorted(names))))
        return start(output, parts, jobs, names)

    def send_logged(output, parts):
        events.append(("send", sorted(parts)))
        return send(output, parts)

    monkeypatch.setattr(page_writer.PageWriter, "_write_round", round_logged)
    monkeypatch.setattr(search, "start", start_logged)
    monkeypatch.setattr(search, "send", send_logged)
    monkeypatch.setattr(page_writer, "MIN_STORY_ROUND", 1)  # rounds of one story page
    rounds = build(tmp_path / "rounds", files, DIGEST_JOBS=2)
    weeks = ["2026-w45-2", "2026-w46-4", "2026-w48-2"]
    # Pelican asks for the newest story first: its week (two stories) is indexed while the
    # older weeks' pages are written, and each older week as soon as its page is.
    assert events[:6] == [
        ("round", ["2026/11/24", "2026/11/26"]),
        ("start", (["2026-w48-2"], weeks)),
        ("round", ["2026/11/12"]),
        ("send", ["2026-w46-4"]),
        ("round", ["2026/11/03"]),
        ("send", ["2026-w45-2"]),
    ]
    assert search.last["indexed"] == weeks[::-1]
    # The same site, byte for byte: the pages, the bundles, the manifest.
    assert tree_bytes(rounds.output) == tree_bytes(whole.output)


@pytest.mark.slow
def test_a_cold_build_writes_and_indexes_the_largest_bundles_first(tmp_path, monkeypatch):
    """An older week of two stories is written and indexed before the newest week's one: the
    bundles left for the build's end are the small ones, which run side by side."""
    from news_digest import page_writer

    files = story_files("old", "older", "mid", "new")
    whole = build(tmp_path / "whole", files, DIGEST_JOBS=2)
    events: list[tuple[str, object]] = []
    write_round = page_writer.PageWriter._write_round

    def round_logged(self, held, indexes, *args, **kwargs):
        articles = [held[i].kwargs.get("article") for i in indexes]
        if all(articles):
            events.append(("round", sorted(a.save_as[:10] for a in articles)))
        return write_round(self, held, indexes, *args, **kwargs)

    start, send = search.start, search.send

    def start_logged(output, parts, jobs=1, names=None):
        events.append(("start", sorted(parts)))
        return start(output, parts, jobs, names)

    def send_logged(output, parts):
        if parts:  # the digests' call sends what is left: here nothing
            events.append(("send", sorted(parts)))
        return send(output, parts)

    monkeypatch.setattr(page_writer.PageWriter, "_write_round", round_logged)
    monkeypatch.setattr(search, "start", start_logged)
    monkeypatch.setattr(search, "send", send_logged)
    monkeypatch.setattr(page_writer, "MIN_STORY_ROUND", 1)
    rounds = build(tmp_path / "rounds", files, DIGEST_JOBS=2)
    assert events == [
        ("round", ["2026/11/03", "2026/11/05"]),
        ("start", ["2026-w45-2"]),
        ("round", ["2026/11/24"]),  # of equal bundles the newest first
        ("send", ["2026-w48-2"]),
        ("round", ["2026/11/12"]),
        ("send", ["2026-w46-4"]),
    ]
    assert manifest(rounds) == ["2026-w48-2", "2026-w46-4", "2026-w45-2"]
    assert tree_bytes(rounds.output) == tree_bytes(whole.output)

    # The search child runs the bundles of one request largest first too.
    ran: list[str] = []
    indexed = search_bundles.index_partition

    def logged(executable, output, pages, target, *rest):
        ran.append(target.name)
        indexed(executable, output, pages, target, *rest)

    monkeypatch.setattr(search_bundles, "index_partition", logged)
    shutil.rmtree(rounds.output / "pagefind")
    pages = [
        (p.relative_to(rounds.output).as_posix(), dt.date(*map(int, p.relative_to(rounds.output).parts[:3])))
        for p in rounds.output.glob("2026/*/*/*/index.html")
    ]
    parts = search.partitions(pages, "week", budget=DEFAULTS["DIGEST_SEARCH_BUNDLE_PAGES"])
    request = {"output": str(rounds.output), "executable": search._executable(), "partitions": parts}
    assert search_bundles.build({**request, "jobs": 1})["pages_indexed"] == 4
    assert ran == ["2026-w45-2", "2026-w48-2", "2026-w46-4"]
    assert tree_bytes(rounds.output) == tree_bytes(whole.output)


@pytest.mark.slow
def test_a_week_cut_into_parts_is_indexed_part_by_part_in_a_cold_build(tmp_path, monkeypatch):
    """A bundle a story page: the newest week's two days go to the index one after the other,
    and a day's new story is indexed alone, its week's older part left as it was."""
    from news_digest import page_writer

    files = story_files("old", "mid", "new", "added")
    whole = build(tmp_path / "whole", files, DIGEST_JOBS=2, DIGEST_SEARCH_BUNDLE_PAGES=1)
    events: list[tuple[str, list[str]]] = []
    start, send = search.start, search.send

    def start_logged(output, parts, jobs=1, names=None):
        events.append(("start", sorted(parts)))
        return start(output, parts, jobs, names)

    def send_logged(output, parts):
        if parts:  # the last round sends what is left: here nothing
            events.append(("send", sorted(parts)))
        return send(output, parts)

    monkeypatch.setattr(search, "start", start_logged)
    monkeypatch.setattr(search, "send", send_logged)
    monkeypatch.setattr(page_writer, "MIN_STORY_ROUND", 1)
    rounds = build(tmp_path / "rounds", files, DIGEST_JOBS=2, DIGEST_SEARCH_BUNDLE_PAGES=1)
    assert events == [
        ("start", ["2026-w48-4"]),
        ("send", ["2026-w48-2"]),
        ("send", ["2026-w46-4"]),
        ("send", ["2026-w45-2"]),
    ]
    assert manifest(rounds) == ["2026-w48-4", "2026-w48-2", "2026-w46-4", "2026-w45-2"]
    assert tree_bytes(rounds.output) == tree_bytes(whole.output)

    kept = tmp_path / "kept"
    build(kept, story_files("old", "new"), DIGEST_SEARCH_BUNDLE_PAGES=1)
    tuesday = bundle(build(kept, {}, DIGEST_SEARCH_BUNDLE_PAGES=1), "2026-w48-2")
    added = build(kept, story_files("added"), DIGEST_SEARCH_BUNDLE_PAGES=1)
    assert search.last["indexed"] == ["2026-w48-4"]
    assert bundle(added, "2026-w48-2") == tuesday


@pytest.mark.slow
def test_pagefind_keeps_to_the_budget_beside_forks_until_the_build_s_last_fork_ends(tmp_path, monkeypatch):
    """With two jobs the search child is told the build forks no more (:func:`search.close`, after
    which its runs may hold :data:`MAX_PAGES_AT_ONCE` pages) only once the day pages' workers and
    the digest feeds' child have ended; a build that keeps its output asks for the same budget."""
    from news_digest import digest_pages, page_writer

    events: list[str] = []
    start, close, fork_call = search.start, search.close, digest_pages.fork_call
    write_held = page_writer.PageWriter.write_held

    def start_logged(output, parts, jobs=1, names=None):
        events.append("start beside forks" if names is not None else "start")
        return start(output, parts, jobs, names)

    def close_logged(output):
        if search.waiting(output) is not None:
            events.append("close")
        return close(output)

    def fork_logged(work):
        wait = fork_call(work)

        def waited():
            try:
                return wait()
            finally:
                events.append("feeds child ended")

        return waited

    def held_logged(self):
        write_held(self)
        events.append("day pages written")

    monkeypatch.setattr(search, "start", start_logged)
    monkeypatch.setattr(search, "close", close_logged)
    monkeypatch.setattr(digest_pages, "fork_call", fork_logged)
    monkeypatch.setattr(page_writer.PageWriter, "write_held", held_logged)
    site = tmp_path / "site"
    build(site, story_files("old", "new"), DIGEST_JOBS=2)
    expected = ["start beside forks", "day pages written", "feeds child ended", "close"]
    assert events == expected
    events.clear()
    build(site, story_files("added"), DIGEST_JOBS=2)  # the pages kept: one round of story pages
    assert events == expected
    assert search.last["indexed"] == ["2026-w48-2"]


def test_the_executable_is_the_one_pagefinds_package_finds(monkeypatch, tmp_path) -> None:
    """``search._executable`` looks where ``pagefind.service.get_executable`` does (without its asyncio)."""
    from pagefind.service import get_executable

    assert search._executable() == str(get_executable())
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "pagefind"))
    assert search._executable() == str(get_executable()) == str(tmp_path / "pagefind")
