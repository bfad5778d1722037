"""The build cache (``DIGEST_CACHE_PATH``): used when it can be, never trusted, never a different site.

Each incremental build is compared file by file with a cold build (no
cache) of the same content: the cache may only change the time a build takes.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import ROOT, assert_same_site, cold_copy, site_and_report
from news_digest import cache as cache_mod
from news_digest import codec
from news_digest.incremental import tree_identity

OUTLET = ROOT / "content" / "scraped" / "harbour-courier"

NEW_STORY = """\
Kellhaven ferry timetable changes for winter | Regional news | Harbour Courier

The Kellhaven ferry will run four crossings a day from Monday, down from six, the harbour council said on Sunday, November 29.

Council leader Mara Voss said the change would save fuel during the quietest months. Passengers asked for an extra evening crossing on Fridays.

The summer timetable returns in April.
"""

EDITED_SIDECAR = "title: Dockworkers back the new pay deal at last\n"


def _content(root: Path, stems: list[str] | None = None) -> Path:
    """One outlet of the demo (its stories and sidecars), or only the files of ``stems``."""
    folder = root / "content" / "scraped" / "harbour-courier"
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(OUTLET.iterdir()):
        if stems is None or path.stem in stems:
            shutil.copy2(path, folder / path.name)
    return folder


@contextmanager
def _unlogged():
    """Pelican's log filter left as it was: it drops a line it has shown before, so a shared
    build's "build cache" line must not hide the same line of a test's own build."""
    from pelican.log import LimitFilter

    shown = set(LimitFilter._raised_messages)
    try:
        yield
    finally:
        LimitFilter._raised_messages.clear()
        LimitFilter._raised_messages.update(shown)


@pytest.fixture(scope="module")
def outlet_cold(tmp_path_factory) -> tuple[dict[str, bytes], bytes]:
    """What a cold build of the whole outlet gives (built once for the tests that compare with it)."""
    base = tmp_path_factory.mktemp("outlet")
    with _unlogged():
        return cold_copy(base / "cold", _content(base / "source"))


def _cached(caplog) -> dict[str, tuple[int, int]]:
    """Stage -> (from the cache, total), as the last build logged it."""
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("news-digest build cache:")]
    assert lines, "the build said nothing about its cache"
    text = lines[-1].removeprefix("news-digest build cache: ").removesuffix(" stories from the cache")
    out = {}
    for part in text.split(", "):
        stage, got, _of, total = part.split()
        out[stage] = (int(got), int(total))
    return out


def test_add_edit_delete_give_what_a_cold_build_gives(tmp_path, caplog, outlet_cold):
    caplog.set_level(logging.INFO)
    root = tmp_path / "kept"
    scraped = _content(root)
    first = site_and_report(root)
    assert (root / ".digest-cache" / cache_mod.FILE).is_file()
    counts = _cached(caplog)
    assert counts["reading"][0] == 0 and counts["reading"][1] > 10
    assert_same_site(first, outlet_cold)

    # The same content again: everything per story comes from the cache.
    caplog.clear()
    assert_same_site(site_and_report(root), first)
    assert all(got == total for got, total in _cached(caplog).values())

    # Add a story.
    (scraped / "kellhaven-ferry-timetable.txt").write_text(NEW_STORY, encoding="utf-8")
    caplog.clear()
    added = site_and_report(root)
    counts = _cached(caplog)
    assert counts["reading"] == (counts["reading"][1] - 1, counts["reading"][1])
    assert "kellhaven-ferry-timetable" in "".join(added[0])
    assert_same_site(added, cold_copy(tmp_path / "cold1", scraped))

    # Edit one story's sidecar (its headline) and another's text.
    sidecar = scraped / "dockworkers-back-deal.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + EDITED_SIDECAR, encoding="utf-8")
    text = scraped / "millbrook-long-clean-up.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nVolunteers will meet again on Saturday.\n", "utf-8")
    caplog.clear()
    edited = site_and_report(root)
    assert _cached(caplog)["reading"][0] == _cached(caplog)["reading"][1] - 2
    assert b"Dockworkers back the new pay deal at last" in b"".join(edited[0].values())
    assert_same_site(edited, cold_copy(tmp_path / "cold2", scraped))

    # Delete two stories (one with its sidecar).
    (scraped / "kellhaven-ferry-timetable.txt").unlink()
    for path in scraped.glob("corvane-loses-410-million.*"):
        path.unlink()
    caplog.clear()
    deleted = site_and_report(root)
    assert not any("kellhaven-ferry-timetable" in name for name in deleted[0])
    assert_same_site(deleted, cold_copy(tmp_path / "cold3", scraped))


def test_a_changed_setting_is_not_answered_from_the_cache(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    root = tmp_path / "kept"
    scraped = _content(
        root, ["dockworkers-back-deal", "kellhaven-dockworkers-vote-to-strike", "millbrook-long-clean-up"]
    )
    site_and_report(root, DIGEST_SUMMARY_SENTENCES=2)
    caplog.clear()
    one = site_and_report(root, DIGEST_SUMMARY_SENTENCES=1)
    counts = _cached(caplog)
    assert counts["summaries"][0] == 0 and counts["reading"][0] == counts["reading"][1]
    assert_same_site(one, cold_copy(tmp_path / "cold", scraped, DIGEST_SUMMARY_SENTENCES=1))
    # Typography settings: the story bodies are typeset again.
    caplog.clear()
    dashes = site_and_report(root, DIGEST_SUMMARY_SENTENCES=1, TYPOGRIFY_DASHES="oldschool")
    counts = _cached(caplog)
    assert counts["bodies"][0] == 0 and counts["summaries"][0] == counts["summaries"][1]
    assert_same_site(
        dashes,
        cold_copy(tmp_path / "cold2", scraped, DIGEST_SUMMARY_SENTENCES=1, TYPOGRIFY_DASHES="oldschool"),
    )


def test_changed_plugin_code_changes_every_key(tmp_path):
    package = tmp_path / "news_digest"
    shutil.copytree(ROOT / "plugins" / "news_digest", package, ignore=shutil.ignore_patterns("__pycache__"))
    before = tree_identity(package)
    assert tree_identity(package) == before
    clean = package / "clean.py"
    clean.write_text(clean.read_text(encoding="utf-8") + "\n# a change\n", encoding="utf-8")
    assert tree_identity(package) != before
    words = next(package.rglob("*.txt"))
    clean.write_text(clean.read_text(encoding="utf-8").removesuffix("\n# a change\n"), encoding="utf-8")
    assert tree_identity(package) == before
    words.write_text(words.read_text(encoding="utf-8") + "\nzzz\n", encoding="utf-8")
    assert tree_identity(package) != before


STEMS = ["dockworkers-back-deal", "millbrook-long-clean-up"]


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, tuple[dict[str, bytes], bytes]]:
    """The STEMS site built once with its cache, and what a cold build of it gives."""
    base = tmp_path_factory.mktemp("small")
    root = base / "kept"
    scraped = _content(root, STEMS)
    with _unlogged():
        site_and_report(root)
        return root, cold_copy(base / "cold", scraped)


def _warm(tmp_path: Path, small) -> tuple[Path, Path, tuple[dict[str, bytes], bytes]]:
    """A copy of the small site built with its cache (each test damages its own), and its cold build."""
    built, cold = small
    root = tmp_path / "kept"
    shutil.copytree(built, root)  # the cache's records are keyed by content, not by folder
    return root, root / ".digest-cache", cold


def _rebuild_warns(root: Path, caplog, expected: str) -> tuple[dict[str, bytes], bytes]:
    caplog.clear()
    built = site_and_report(root)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any(expected in w for w in warnings), warnings
    return built


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda db: db.write_bytes(b"not a database at all" * 100), id="garbage"),
        pytest.param(lambda db: db.write_bytes(db.read_bytes()[: db.stat().st_size // 2]), id="truncated"),
        pytest.param(lambda db: db.write_bytes(b""), id="empty"),
    ],
)
def test_a_damaged_cache_is_discarded_and_the_build_goes_on_cold(tmp_path, caplog, damage, small):
    root, folder, cold = _warm(tmp_path, small)
    damage(folder / cache_mod.FILE)
    assert_same_site(_rebuild_warns(root, caplog, "discarded"), cold)
    # ... and the cache made anew is good again.
    caplog.clear()
    assert_same_site(site_and_report(root), cold)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def _damage_free_pages(file: Path) -> None:
    """Free pages in the file (a record added, then deleted), their list then pointing past its end:
    damage no read of a record meets, which SQLite's ``quick_check`` finds."""
    db = sqlite3.connect(file)
    db.execute("INSERT INTO records VALUES ('unused', x'00', zeroblob(200000))")
    db.commit()
    db.execute("DELETE FROM records WHERE key = 'unused'")
    db.commit()
    db.close()
    data = bytearray(file.read_bytes())
    page_size, trunk = int.from_bytes(data[16:18], "big"), int.from_bytes(data[32:36], "big")
    assert trunk, "no free pages"
    at = (trunk - 1) * page_size
    for i in range(int.from_bytes(data[at + 4 : at + 8], "big")):
        data[at + 8 + 4 * i : at + 12 + 4 * i] = (10**7).to_bytes(4, "big")
    file.write_bytes(bytes(data))


def test_damage_only_sqlites_check_finds_discards_the_cache_before_it_is_written(tmp_path, caplog, small):
    root, folder, cold = _warm(tmp_path, small)
    _damage_free_pages(folder / cache_mod.FILE)
    assert cache_mod._quick_check(folder / cache_mod.FILE) is False
    caplog.set_level(logging.INFO)
    # The check runs beside the build, which reads its (checksummed) records meanwhile.
    assert_same_site(_rebuild_warns(root, caplog, "the database is damaged"), cold)
    assert all(got == total for got, total in _cached(caplog).values())
    assert cache_mod._quick_check(folder / cache_mod.FILE)  # made anew
    caplog.clear()
    assert_same_site(site_and_report(root), cold)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def _tamper(folder: Path, sql: str, *args) -> None:
    db = sqlite3.connect(folder / cache_mod.FILE)
    db.execute(sql, args)
    db.commit()
    db.close()


def test_a_record_that_fails_its_checksum_discards_the_cache(tmp_path, caplog, small):
    root, folder, cold = _warm(tmp_path, small)
    _tamper(folder, "UPDATE records SET value = CAST('jnull' AS BLOB)")
    assert_same_site(_rebuild_warns(root, caplog, "checksum"), cold)


def test_a_record_with_a_foreign_class_discards_the_cache(tmp_path, caplog, small):
    root, folder, cold = _warm(tmp_path, small)
    # A well-formed record (its checksum right) that asks for a class no story is made of.
    value = b"j" + codec.dumps([{"$class": "Popen", "$fields": {"args": ["touch", "pwned"]}}])
    db = sqlite3.connect(folder / cache_mod.FILE)
    import hashlib

    db.execute("UPDATE records SET value = ?, sha256 = ?", (value, hashlib.sha256(value).digest()))
    db.commit()
    db.close()
    assert_same_site(_rebuild_warns(root, caplog, "discarded"), cold)
    assert not (root / "pwned").exists()


def test_another_programs_database_is_discarded(tmp_path, caplog, small):
    root, folder, cold = _warm(tmp_path, small)
    _tamper(folder, "CREATE TABLE extra (x)")
    assert_same_site(_rebuild_warns(root, caplog, "unexpected tables"), cold)
    _tamper(folder, "UPDATE meta SET value = 'news-digest-cache 0'")
    assert_same_site(_rebuild_warns(root, caplog, "another cache format"), cold)


def test_a_folder_that_is_not_a_cache_is_left_alone(tmp_path, caplog, small):
    root = tmp_path / "kept"
    _content(root, STEMS)
    folder = root / ".digest-cache"
    folder.mkdir()
    (folder / "notes.txt").write_text("an editor's file\n", encoding="utf-8")
    built = _rebuild_warns(root, caplog, "left as it is")
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "an editor's file\n"
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert_same_site(built, small[1])


_opened: list[str] | None = None
"""Paths opened while a test counts them (an audit hook cannot be removed, so it is added once)."""


def _count_opens(event: str, args: tuple) -> None:
    if _opened is not None and event == "open" and isinstance(args[0], str):
        _opened.append(args[0])


sys.addaudithook(_count_opens)


def test_each_scraped_file_is_opened_once_cold_or_warm(tmp_path):
    """Keying a file reads its bytes; the reader gets those bytes instead of opening it again."""
    global _opened
    root = tmp_path / "site"
    scraped = _content(root)
    watched = str(scraped.resolve()) + "/"
    for build in ("cold", "warm"):
        _opened = []
        try:
            site_and_report(root, DIGEST_JOBS=1)
        finally:
            opened, _opened = _opened, None
        counts = Counter(p for p in opened if p.startswith(watched))
        stories = [p for p in scraped.iterdir() if p.suffix != ".yaml"]
        assert len(counts) == len(list(scraped.iterdir())), build  # every story and sidecar ...
        assert max(counts.values()) == 1, (build, counts.most_common(3))  # ... opened once
        assert len(stories) > 10


def test_records_that_workers_keyed_and_encoded_serve_the_next_build(tmp_path, monkeypatch, caplog):
    """A cold build keys and encodes in its forked workers; a warm build finds every record."""
    from news_digest import parallel

    monkeypatch.setattr(parallel, "MIN_CHUNK", 2)  # even this small archive is split over workers
    caplog.set_level(logging.INFO)
    from pelican.log import LimitFilter

    # Pelican drops a log line it has shown before, and the counts are read from the log.
    monkeypatch.setattr(LimitFilter, "_raised_messages", set())
    root = tmp_path / "site"
    _content(root)
    cold = site_and_report(root, DIGEST_JOBS=2)
    assert all(got == 0 for got, _total in _cached(caplog).values())
    caplog.clear()
    warm = site_and_report(root, DIGEST_JOBS=1)
    counts = _cached(caplog)
    assert {"reading", "cleaning", "summaries", "names", "bodies"} <= set(counts)
    assert all(got == total > 0 for got, total in counts.values()), counts
    assert_same_site(warm, cold)


@pytest.mark.parametrize("writer_bytes", [1 << 40, 0], ids=["here", "writer"])
def test_records_written_early_serve_the_next_build(tmp_path, monkeypatch, caplog, outlet_cold, writer_bytes):
    """A cold build writes its records as it goes (a few at a time here), not all at the end;
    by the build process itself, or by forked writers while the build goes on."""
    from pelican.log import LimitFilter

    monkeypatch.setattr(cache_mod, "_SPILL_BYTES", 4096)
    monkeypatch.setattr(cache_mod, "_WRITER_BYTES", writer_bytes)
    monkeypatch.setattr(LimitFilter, "_raised_messages", set())  # the counts are read from the log
    caplog.set_level(logging.INFO)
    root = tmp_path / "kept"
    _content(root)
    first = site_and_report(root)
    assert_same_site(first, outlet_cold)
    caplog.clear()
    assert_same_site(site_and_report(root), first)
    counts = _cached(caplog)
    assert {"reading", "cleaning", "bodies"} <= set(counts)
    assert all(got == total > 0 for got, total in counts.values()), counts


def test_records_written_before_a_build_fails_are_good_records(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_mod, "_SPILL_BYTES", 64)
    folder = tmp_path / "cache"
    first = cache_mod.Cache(folder)
    for n in range(5):
        first.put(f"key{n}", {"n": n, "text": "x" * 40})
    assert first.pending_bytes < 64 < 5 * 40
    # The build dies here: the cache is never closed.
    assert first.db is not None
    first.db.close()
    second = cache_mod.Cache(folder)
    # Two records pass the limit: four were written; the fifth was still held and is lost.
    found = second.get_many([f"key{n}" for n in range(5)])
    assert found == {f"key{n}": {"n": n, "text": "x" * 40} for n in range(4)}
    second.close()


def test_a_big_record_is_written_at_once_and_read_back(tmp_path, monkeypatch):
    """A record past _BIG_BYTES goes to the file when it is put (the ones held first), not held."""
    monkeypatch.setattr(cache_mod, "_BIG_BYTES", 100)
    folder = tmp_path / "cache"
    first = cache_mod.Cache(folder)
    first.put("small", {"text": "x"})
    first.put("big", {"text": "é" * 200})
    assert first.pending == {} and first.pending_bytes == 0
    assert first.db is not None
    first.db.close()  # the build dies here: both records are in the file all the same
    second = cache_mod.Cache(folder)
    assert second.get("big") == {"text": "é" * 200}
    assert second.get("small") == {"text": "x"}
    second.close()


def test_big_records_do_not_wait_for_the_writer_at_work(tmp_path, monkeypatch, forks):
    """Big records put while a writer is at work are held (and read from memory), not waited for;
    the first put after that writer ends hands them all to one writer, and every record lands."""
    monkeypatch.setattr(cache_mod, "_BIG_BYTES", 100)
    monkeypatch.setattr(cache_mod, "_WRITER_BYTES", 100)
    go = tmp_path / "go"
    real, parent = cache_mod._insert, cache_mod.os.getpid()

    def slow_in_a_child(db, records):
        if cache_mod.os.getpid() != parent:
            for _ in range(1000):  # the first writer waits for the test (10 s at most)
                if go.exists():
                    break
                time.sleep(0.01)
        real(db, records)

    monkeypatch.setattr(cache_mod, "_insert", slow_in_a_child)
    folder = tmp_path / "cache"
    first = cache_mod.Cache(folder)
    big = {f"big{n}": {"n": n, "text": "x" * 200} for n in range(3)}
    for key, value in big.items():
        first.put(key, value)
    assert first.writer is not None and list(first.writer.records) == ["big0"]
    assert list(first.pending) == ["big1", "big2"] and first.owed and len(forks) == 1
    assert first.get("big2") == big["big2"]
    go.touch()
    while first.writer.busy():
        time.sleep(0.01)
    first.put("small", {"text": "x"})
    assert list(first.writer.records) == ["big1", "big2", "small"] and not first.pending
    assert len(forks) == 2 and not first.owed
    first.close()
    second = cache_mod.Cache(folder)
    assert second.get_many([*big, "small"]) == {**big, "small": {"text": "x"}}
    second.close()


def _filled(folder: Path, records: int) -> cache_mod.Cache:
    """A cache that has handed its first records to a writer (and holds the last one)."""
    cache = cache_mod.Cache(folder)
    for n in range(records):
        cache.put(f"key{n}", {"n": n, "text": "x" * 40})
    return cache


def test_records_being_written_are_read_from_memory_and_land_in_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_mod, "_SPILL_BYTES", 100)
    monkeypatch.setattr(cache_mod, "_WRITER_BYTES", 100)
    folder = tmp_path / "cache"
    first = _filled(folder, 5)
    assert first.writer is not None and "key2" in first.writer.records and "key4" in first.pending
    # The last batch went to a writer; the ones before were written by writers before it.
    assert first.get("key3") == {"n": 3, "text": "x" * 40}
    assert first.get_many(["key0", "key3", "key4"]) == {
        f"key{n}": {"n": n, "text": "x" * 40} for n in (0, 3, 4)
    }
    first.close()
    assert first.writer is None
    second = cache_mod.Cache(folder)
    assert second.get_many([f"key{n}" for n in range(5)]) == {
        f"key{n}": {"n": n, "text": "x" * 40} for n in range(5)
    }
    second.close()


def test_an_ended_writers_records_are_let_go_before_the_pages(tmp_path, monkeypatch):
    """settle_writers (called before the pages are written) reaps a writer that has ended: the
    batch it wrote is no longer held in memory, and read from the file; one at work is left be."""
    monkeypatch.setattr(cache_mod, "_SPILL_BYTES", 100)
    monkeypatch.setattr(cache_mod, "_WRITER_BYTES", 100)
    folder = tmp_path / "cache"
    first = _filled(folder, 5)
    writer = first.writer
    assert writer is not None and "key2" in writer.records
    while writer.busy():
        time.sleep(0.01)
    cache_mod.settle_writers()
    assert first.writer is None and "key4" in first.pending  # held records stay until written
    assert first.get("key2") == {"n": 2, "text": "x" * 40}  # from the file now
    first.close()
    second = cache_mod.Cache(folder)
    assert second.get_many([f"key{n}" for n in range(5)]) == {
        f"key{n}": {"n": n, "text": "x" * 40} for n in range(5)
    }
    second.close()


def test_a_failed_writers_records_are_written_by_the_build(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(cache_mod, "_SPILL_BYTES", 100)
    monkeypatch.setattr(cache_mod, "_WRITER_BYTES", 100)
    real, parent = cache_mod._insert, cache_mod.os.getpid()

    def fails_in_a_child(db, records):
        if cache_mod.os.getpid() != parent:
            raise sqlite3.OperationalError("disk I/O error")
        real(db, records)

    monkeypatch.setattr(cache_mod, "_insert", fails_in_a_child)
    folder = tmp_path / "cache"
    first = _filled(folder, 5)
    first.close(forget_unused=False)
    second = cache_mod.Cache(folder)
    assert second.get_many([f"key{n}" for n in range(5)]) == {
        f"key{n}": {"n": n, "text": "x" * 40} for n in range(5)
    }
    second.close()


def _made(n: int) -> list[tuple[str, bytes]]:
    """Records as put_beside's ``make`` gives them: keys and JSON, the values' digests in the keys."""
    return [(f"part-{k}", codec.dumps({"n": k, "text": "x" * 40})) for k in range(n)]


def test_records_made_beside_are_written_by_a_child_and_kept(tmp_path):
    """put_beside: a forked child makes and writes the records; the build process learns the keys
    (in order) when it settles, keeps them through close, and the next build reads them."""
    folder = tmp_path / "cache"
    first = cache_mod.Cache(folder)
    made_in: list[int] = []
    got: list[list[str]] = []

    def make() -> list[tuple[str, bytes]]:
        made_in.append(cache_mod.os.getpid())
        return _made(3)

    first.put_beside(make, got.append)
    assert len(first.beside) == 1 and not got and not first.pending  # nothing made or held here
    cache_mod.settle_writers()
    assert got == [["part-0", "part-1", "part-2"]] and not first.beside
    assert made_in == []  # the child made them: its list is its own
    assert first.get("part-1") == {"n": 1, "text": "x" * 40}  # in the file
    first.close()  # kept: in this build's used records
    second = cache_mod.Cache(folder)
    assert second.get_many(["part-0", "part-2"]) == {
        k: {"n": n, "text": "x" * 40} for k, n in (("part-0", 0), ("part-2", 2))
    }
    second.close()


def test_records_a_child_failed_to_make_beside_are_made_by_the_build(tmp_path, caplog):
    folder = tmp_path / "cache"
    first = cache_mod.Cache(folder)
    parent = cache_mod.os.getpid()

    def make() -> list[tuple[str, bytes]]:
        if cache_mod.os.getpid() != parent:
            raise OSError("no space left on device")
        return _made(2)

    got: list[list[str]] = []
    first.put_beside(make, got.append)
    first.close(forget_unused=True)  # waits for the child first
    assert got == [["part-0", "part-1"]]
    second = cache_mod.Cache(folder)
    assert second.get("part-1") == {"n": 1, "text": "x" * 40}
    second.close()


def test_records_made_beside_a_discarded_cache_are_dropped(tmp_path, caplog):
    folder = tmp_path / "cache"
    first = cache_mod.Cache(folder)
    got: list[list[str]] = []
    first.put_beside(lambda: _made(2), got.append)
    first.discard("a test")
    assert not got and not first.beside
    first.close()
    second = cache_mod.Cache(folder)
    assert second.empty
    second.close()


def test_a_record_that_is_not_utf8_discards_the_cache(tmp_path, caplog):
    folder = tmp_path / "cache"
    first = cache_mod.Cache(folder)
    first.put("key", {"text": "x"})
    first.close(forget_unused=False)
    bad = b'j{"text":"\xff"}'
    with sqlite3.connect(folder / cache_mod.FILE) as db:
        db.execute("UPDATE records SET value = ?, sha256 = ? WHERE key = 'key'", (bad, _sha(bad)))
    second = cache_mod.Cache(folder)
    with caplog.at_level(logging.WARNING):
        assert second.get("key") is None
    assert "discarded" in caplog.text and second.get_many(["key"]) == {}
    second.close()


def _sha(data: bytes) -> bytes:
    import hashlib

    return hashlib.sha256(data).digest()
