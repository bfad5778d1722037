"""Incremental output: only changed pages are rendered and written, and the site is a cold build's, byte for byte.

A site is built into a kept output folder with its build cache, changed
(a story added, edited, deleted; a template, a setting), and built again;
its whole output folder must then be the output of a cold build of the same
content in a fresh folder without a cache. Which files a build wrote is
read from their modification times: before each rebuild every output file
is dated 1 January 2001, so a file with another date was written again.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
from pathlib import Path

from jinja2 import DictLoader, Environment

from conftest import ROOT, build_site, tree_bytes
from news_digest.cache import Cache
from news_digest.incremental import file_digest
from news_digest.output_files import OutputFiles, Record
from news_digest.page_fingerprints import _pair_use, _template_reads

OUTLET = ROOT / "content" / "scraped" / "harbour-courier"
STEMS = [
    "dockworkers-back-deal",
    "kellhaven-dockworkers-vote-to-strike",
    "mediator-brings-port-dispute-back-to-table",
    "millbrook-long-clean-up",
    "river-aske-bursts-banks-millbrook",
    "corvane-loses-410-million",
]
OLD = 978_307_200  # 2001-01-01: "not written by the last build"

NEW_STORY = """\
Kellhaven ferry timetable changes for winter | News | Harbour Courier

The Kellhaven ferry will run four crossings a day from Monday, down from six, the harbour council said on Sunday, November 29.

Council leader Mara Voss said the change would save fuel during the quietest months. Passengers asked for an extra evening crossing on Fridays.

The summer timetable returns in April.
"""

ALWAYS_WRITTEN = {"feeds", "feed.json", "sitemap.xml", "robots.txt", "theme", ".news-digest-output"}
"""Feeds, the sitemap, the theme's static files and the marker: made again by every build."""


def _scraped(root: Path) -> Path:
    folder = root / "content" / "scraped" / "harbour-courier"
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(OUTLET.iterdir()):
        if path.stem in STEMS:
            shutil.copy2(path, folder / path.name)
    return folder


def _build(root: Path, **settings) -> dict[str, bytes]:
    site = build_site(root, {}, DELETE_OUTPUT_DIRECTORY=False, **settings)
    return tree_bytes(site.output)


def _age(output: Path) -> None:
    for path in output.rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))


def _rebuild(root: Path, **settings) -> tuple[dict[str, bytes], set[str]]:
    """Build again into the kept output folder: its files, and the pages (not feeds etc.) it wrote."""
    output = root / "output"
    _age(output)
    built = _build(root, **settings)
    written = {
        p.relative_to(output).as_posix()
        for p in output.rglob("*")
        if p.is_file() and p.stat().st_mtime != OLD
    }
    return built, {w for w in written if w.split("/")[0] not in ALWAYS_WRITTEN}


def _cold(tmp_path: Path, name: str, root: Path, **settings) -> dict[str, bytes]:
    fresh = tmp_path / name
    shutil.copytree(root / "content", fresh / "content")
    return _build(fresh, DIGEST_CACHE_PATH="", **settings)


def _same(built: dict[str, bytes], cold: dict[str, bytes]) -> None:
    assert sorted(built) == sorted(cold)
    differ = [name for name, data in cold.items() if built[name] != data]
    assert not differ, differ


def _changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    """The pages (not feeds etc.) whose bytes differ between two builds, or that are new."""
    return {n for n, data in after.items() if before.get(n) != data and n.split("/")[0] not in ALWAYS_WRITTEN}


def _page(tree: dict[str, bytes], slug: str) -> str:
    (name,) = [n for n in tree if n.endswith(f"/{slug}/index.html")]
    return name


def test_add_edit_delete_render_only_what_changed_and_give_a_cold_build(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    root = tmp_path / "kept"
    scraped = _scraped(root)
    first = _build(root)
    _same(first, _cold(tmp_path, "cold0", root))
    pages = {n for n in first if n.endswith(".html")}

    # Nothing changed: no page is written again.
    again, written = _rebuild(root)
    assert written == set()
    _same(again, first)
    assert any("0 pages rendered" in r.getMessage() for r in caplog.records)

    # A story added: its page, its day, the lists it is on, the stories that now link to it;
    # not a story of another storyline days before.
    (scraped / "kellhaven-ferry-timetable.txt").write_text(NEW_STORY, encoding="utf-8")
    added, written = _rebuild(root)
    _same(added, _cold(tmp_path, "cold1", root))
    assert written == _changed(first, added)
    new_page = _page(added, "kellhaven-ferry-timetable-changes-for-winter")
    other = _page(added, "corvane-loses-410-million-euros-of-its-value-as-breach-count-reaches-23-million")
    assert {new_page, "2026/11/29/index.html", "index.html", "archives/index.html"} <= written
    assert other not in written
    assert len(written) < len(pages), sorted(written)

    # A story's text edited: its page is written again, the new story's is not.
    text = scraped / "corvane-loses-410-million.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nShares recovered a little on Friday.\n", "utf-8")
    edited, written = _rebuild(root)
    _same(edited, _cold(tmp_path, "cold2", root))
    assert written == _changed(added, edited)
    assert other in written
    assert new_page not in written
    # Its headline and summary stay, so the lists that show them are not written again.
    assert not [w for w in written if w.startswith(("tag/", "category/"))], sorted(written)

    # An earlier event's lead edited (its body, not its headline): the follow-ups that list it
    # under "Earlier in this story" show only its headline and link, so they are left alone.
    lead = scraped / "kellhaven-dockworkers-vote-to-strike.txt"
    lead.write_text(lead.read_text(encoding="utf-8") + "\nThe union's hall stayed open late.\n", "utf-8")
    lead_page = next(n for n in edited if "/kellhaven-dockworkers-vote" in n)
    folder = lead_page.rsplit("/", 2)[-2].encode()
    follow_ups = {
        n for n, data in edited.items() if b'class="story-so-far"' in data and b"/" + folder + b"/" in data
    }
    assert follow_ups
    relisted, written = _rebuild(root)
    _same(relisted, _cold(tmp_path, "cold2b", root))
    assert lead_page in written
    assert written == _changed(edited, relisted)
    assert follow_ups - written, sorted(written)
    edited = relisted

    # Stories deleted: their pages, and the pages only they made, are gone.
    (scraped / "kellhaven-ferry-timetable.txt").unlink()
    for path in scraped.glob("river-aske-bursts-banks-millbrook.*"):
        path.unlink()
    deleted, written = _rebuild(root)
    assert written == _changed(edited, deleted)
    assert new_page not in deleted
    _same(deleted, _cold(tmp_path, "cold3", root))
    assert len(written) < len([n for n in deleted if n.endswith(".html")])


def test_a_changed_template_or_setting_renders_again(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    root = tmp_path / "kept"
    _scraped(root)
    first = _build(root, THEME=str(theme))
    stories = {n for n in first if n.count("/") == 4 and n.endswith("/index.html")}

    # A template every page extends: every page is rendered with it.
    base = theme / "templates" / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace("summarises stories", "sums up stories"), "utf-8"
    )
    changed, written = _rebuild(root, THEME=str(theme))
    assert b"sums up stories" in changed["index.html"]
    assert stories <= written
    _same(changed, _cold(tmp_path, "cold1", root, THEME=str(theme)))

    # A template only story pages use: only they are rendered again.
    article = theme / "templates" / "article.html"
    article.write_text(article.read_text(encoding="utf-8").replace("Filed under", "Filed in"), "utf-8")
    changed, written = _rebuild(root, THEME=str(theme))
    assert written == stories
    _same(changed, _cold(tmp_path, "cold2", root, THEME=str(theme)))

    # A setting the pages show.
    changed, written = _rebuild(root, THEME=str(theme), SITESUBTITLE="Another subtitle")
    assert stories <= written and "index.html" in written
    _same(changed, _cold(tmp_path, "cold3", root, THEME=str(theme), SITESUBTITLE="Another subtitle"))

    # Leaving unchanged pages alone turned off: every page is written, the same bytes.
    again, written = _rebuild(
        root, THEME=str(theme), SITESUBTITLE="Another subtitle", DIGEST_SKIP_UNCHANGED_PAGES=False
    )
    assert stories <= written and "index.html" in written
    _same(again, changed)

    # A setting that changes how the build runs, not what it makes: nothing is rendered.
    _, written = _rebuild(root, THEME=str(theme), SITESUBTITLE="Another subtitle", DIGEST_JOBS=1)
    assert written == set()


def test_files_the_build_did_not_write_are_left_alone(tmp_path):
    root = tmp_path / "kept"
    scraped = _scraped(root)
    first = _build(root)
    output = root / "output"
    mine = output / "notes" / "mine.txt"
    mine.parent.mkdir()
    mine.write_text("an editor's file", encoding="utf-8")
    # A page of a story about to be deleted, changed by hand since the build.
    gone = output / _page(
        first, "corvane-loses-410-million-euros-of-its-value-as-breach-count-reaches-23-million"
    )
    gone.write_text(gone.read_text(encoding="utf-8") + "<!-- edited -->", encoding="utf-8")
    for path in scraped.glob("corvane-loses-410-million.*"):
        path.unlink()
    _build(root)
    assert mine.read_text(encoding="utf-8") == "an editor's file"
    assert gone.is_file()  # no longer made, but not the bytes the build wrote: kept


def test_a_page_changed_by_hand_is_written_again(tmp_path):
    root = tmp_path / "kept"
    _scraped(root)
    first = _build(root)
    page = root / "output" / "archives" / "index.html"
    page.write_text("defaced", encoding="utf-8")
    again, written = _rebuild(root)
    assert written == {"archives/index.html"}
    _same(again, first)


def test_a_hostile_record_never_removes_a_file_outside_the_output(tmp_path):
    output = tmp_path / "site" / "output"
    output.mkdir(parents=True)
    victim = tmp_path / "site" / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (output / "link").symlink_to(victim.parent)
    # A record naming the file (its true hash and size) by ways out of the output folder.
    record = Record("x", file_digest(victim), victim.stat().st_size, 0, True)
    cache = Cache(tmp_path / "cache")
    files = OutputFiles(cache, str(output), {"PLUGINS": ["news_digest"]})
    files.records = {"../victim.txt": record, str(victim): record, "link/victim.txt": record}
    files.save()
    cache.close()
    cache = Cache(tmp_path / "cache")
    again = OutputFiles(cache, str(output), {"PLUGINS": ["news_digest"]})
    assert set(again.previous) == set(files.records)
    again.remove_articles([])
    again.remove_stale()
    cache.close()
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert again.removed == []


def _use(source: str, name: str) -> int:
    return _pair_use(Environment().parse(source), name)


def test_the_category_menu_counts_without_its_stories_only_when_checked():
    menu = "{% if categories %}{% for cat, cat_articles in categories %}{{ cat.url }}{% endfor %}{% endif %}"
    assert _use(menu, "categories") == 1
    counts = "{% for tag, items in tags|sort %}{{ tag }} ({{ items|length }}){% endfor %}"
    assert _use(counts, "tags") == 2
    titles = "{% for cat, items in categories %}{% for a in items %}{{ a.title }}{% endfor %}{% endfor %}"
    assert _use(titles, "categories") == 3
    assert _use("{{ categories[0][1][0].title }}", "categories") == 3
    assert _use("{% for pair in categories %}{{ pair }}{% endfor %}", "categories") == 3


def _nested(source: str) -> frozenset[str] | None:
    return _template_reads(Environment(loader=DictLoader({"page.html": source})), "page.html").nested


def test_a_linked_object_counts_only_what_is_read_off_more_than_a_context_variable():
    # The page's own article's body: not a linked article's.
    page = "{{ article.content }}{% for day, lead in article.story_so_far %}{{ lead.title }}{% endfor %}"
    assert _nested(page) == {"title"}
    # Read through a loop, a set, a with, a macro's argument or a longer expression: every object's.
    assert "content" in _nested("{% for a in articles %}{{ a.content }}{% endfor %}")
    assert "content" in _nested("{% set x = article %}{{ x.content }}")
    assert "content" in _nested("{% with x = article %}{{ x.content }}{% endwith %}")
    assert "content" in _nested("{% macro m(x) %}{{ x.content }}{% endmacro %}{{ m(article) }}")
    assert "content" in _nested("{{ article.story_so_far[0][1].content }}")
    assert "content" in _nested("{{ (articles|first).content }}")
    # A context variable the template also assigns is such a name.
    assert "content" in _nested("{{ article.content }}{% for article in articles %}{% endfor %}")
    assert _nested("{{ lead[key] }}") is None


def test_only_regular_files_under_plain_folders_count_as_kept(tmp_path):
    output = tmp_path / "output"
    (output / "2026" / "11" / "story").mkdir(parents=True)
    page = output / "2026" / "11" / "story" / "index.html"
    page.write_text("page", encoding="utf-8")
    (output / "elsewhere").symlink_to(output / "2026")  # a folder link, even to inside the output
    (output / "2026" / "alias.html").symlink_to(page)  # a file link
    (output / "2026" / "folder.html").mkdir()
    files = OutputFiles(Cache(tmp_path / "cache"), str(output), {"PLUGINS": ["news_digest"]})
    plain = files._plain_file
    assert plain(str(page))
    assert not plain(str(output / "elsewhere" / "11" / "story" / "index.html"))
    assert not plain(str(output / "elsewhere" / "11" / "story" / "index.html"))  # asked again: remembered
    assert not plain(str(output / "2026" / "alias.html"))
    assert not plain(str(output / "2026" / "folder.html"))
    assert not plain(str(output / "2026" / "missing.html"))
    assert plain(str(page))


def test_the_build_process_lets_a_story_page_s_rendering_go_once_the_page_is_written(tmp_path):
    """The JSON-LD's text and Pelican's memo of the content resolved for the page's site URL are
    made for a story page's render; the build process keeps its articles to the end, but not those
    (each holds the story's body). Its pages are still what they were."""
    from pelican.contents import Content
    from pelican.utils import get_relative_path, path_to_url

    from news_digest import page_fingerprints
    from news_digest.pelican_glue import JsonLd

    root = tmp_path / "site"
    _scraped(root)
    built = _build(root, DIGEST_JOBS=2)
    articles = [a for a, _names, _key in page_fingerprints._MADE.values()]
    assert len(articles) == len(STEMS)
    memo = Content.__dict__["get_content"].cache
    for article in articles:
        assert isinstance(article.jsonld, JsonLd)
        assert "text" not in article.jsonld.__dict__
        assert (article, path_to_url(get_relative_path(article.save_as))) not in memo
        # Made again when asked: what the page shows.
        assert str(article.jsonld) in built[article.save_as].decode("utf-8")
    _same(built, _cold(tmp_path, "cold", root, DIGEST_JOBS=1))


def test_the_record_is_kept_in_shards_by_folder_and_a_missing_shard_makes_every_page(tmp_path, caplog):
    output = tmp_path / "site" / "output"
    output.mkdir(parents=True)
    settings = {"PLUGINS": ["news_digest"]}

    def record(n: int) -> Record:
        return Record(f"fingerprint {n}", f"{n:064x}", n, n, True, None, (("k", f"{n:064x}"),))

    rels = ["2026/11/28/a/index.html", "2026/11/28/b/index.html", "2026/11/29/c/index.html"]
    rels += ["tag/harbour/index.html", "tag/ferry/2.html", "index.html", "feeds/all.atom.xml"]
    cache = Cache(tmp_path / "cache")
    files = OutputFiles(cache, str(output), settings)
    files.records = {rel: record(n) for n, rel in enumerate(rels)}
    files.save()
    cache.close()

    # The next build leaves every page alone but one of the 29th's and the feed: only their shards
    # are encoded again; the others keep their stored records.
    cache = Cache(tmp_path / "cache")
    again = OutputFiles(cache, str(output), settings)
    assert again.previous == files.records
    encoded: list[bytes] = []
    put = cache.put_encoded
    cache.put_encoded = lambda key, data: (encoded.append(data), put(key, data))  # type: ignore[method-assign]
    again.records = dict(again.previous)
    again.records["2026/11/29/c/index.html"] = record(100)
    again.records["feeds/all.atom.xml"] = record(101)
    again.save()
    cache.close()
    shards = sorted(json.loads(data)["shard"] for data in encoded)
    assert shards == ["2026/11/29", "feeds"]

    cache = Cache(tmp_path / "cache")
    third = OutputFiles(cache, str(output), settings)
    assert third.previous == again.records
    shard_keys = dict(third._shards)
    cache.close()
    assert set(shard_keys) == {"2026/11/28", "2026/11/29", "tag", "", "feeds"}

    # A shard gone from the cache: the record is not trusted, every page is made.
    with sqlite3.connect(tmp_path / "cache" / "cache.sqlite") as db:
        db.execute("DELETE FROM records WHERE key = ?", (shard_keys["tag"][0],))
    db.close()
    cache = Cache(tmp_path / "cache")
    with caplog.at_level(logging.WARNING):
        fourth = OutputFiles(cache, str(output), settings)
    cache.close()
    assert fourth.previous == {}
    assert "record of output files is unusable" in caplog.text
