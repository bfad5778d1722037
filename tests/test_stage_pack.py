"""The summaries and names stages' packed records (``stage_pack.py``): a warm build that takes its
stories' records from the packs makes the site a cold build makes, through adds, edits, deletes and a
damaged part; and the parts are added, then joined, as the module says."""

from __future__ import annotations

import hashlib
import logging
import shutil
import sqlite3
from pathlib import Path

import pytest
from pelican.log import LimitFilter

from conftest import ROOT, assert_same_site, cold_copy, site_and_report
from news_digest import codec, stage_pack
from news_digest.cache import FILE, Cache
from news_digest.incremental import Memo
from news_digest.stage_pack import StagePack

OUTLET = ROOT / "content" / "scraped" / "harbour-courier"

NEW_STORY = """\
Kellhaven ferry timetable changes for winter | Regional news | Harbour Courier

The Kellhaven ferry will run four crossings a day from Monday, down from six, the harbour council said on Sunday, November 29.

Council leader Mara Voss said the change would save fuel during the quietest months. Passengers asked for an extra evening crossing on Fridays.
"""

STAGES = ("summaries", "names")


def _content(root: Path) -> Path:
    folder = root / "content" / "scraped" / "harbour-courier"
    shutil.copytree(OUTLET, folder)
    return folder


_build = site_and_report
_same = assert_same_site


def _cold(tmp_path: Path, name: str, scraped: Path) -> tuple[dict[str, bytes], bytes]:
    """A build without a cache of the same scraped folder."""
    return cold_copy(tmp_path / name, scraped)


def _packed(root: Path) -> dict[str, tuple[int, int]]:
    """Stage -> (parts, records) of each stage's pack as the last build left it."""
    cache = Cache(root / ".digest-cache")
    try:
        out = {}
        for stage in STAGES:
            pack = StagePack(Memo(cache), stage)
            pack.get_many([])
            out[stage] = (len(pack.parts), len(pack.records))
        return out
    finally:
        cache.close(forget_unused=False)


def _counts(caplog) -> dict[str, tuple[int, int]]:
    """Stage -> (from the cache, total), as the last build logged it."""
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("news-digest build cache:")]
    text = lines[-1].removeprefix("news-digest build cache: ").removesuffix(" stories from the cache")
    return {part.split()[0]: (int(part.split()[1]), int(part.split()[3])) for part in text.split(", ")}


@pytest.fixture
def logged(monkeypatch, caplog):
    """The build cache's counts read from the log (Pelican drops a line it has shown before)."""
    monkeypatch.setattr(LimitFilter, "_raised_messages", set())
    caplog.set_level(logging.INFO)
    return caplog


def test_adds_edits_and_deletes_through_the_packs_give_the_cold_site(tmp_path, logged) -> None:
    root = tmp_path / "kept"
    scraped = _content(root)
    first = _build(root)
    stories = _counts(logged)["summaries"][1]
    # Every story's record is in one part of each stage's pack (a cold build joins them).
    assert _packed(root) == dict.fromkeys(STAGES, (1, stories))

    # The same content again: every record from the packs, which stay as they were.
    logged.clear()
    _same(_build(root), first)
    counts = _counts(logged)
    assert counts["summaries"] == counts["names"] == (stories, stories)
    assert _packed(root) == dict.fromkeys(STAGES, (1, stories))

    # Add a story: its records go into a part of their own.
    (scraped / "kellhaven-ferry-timetable.txt").write_text(NEW_STORY, encoding="utf-8")
    logged.clear()
    built = _build(root)
    assert _counts(logged)["summaries"] == (stories, stories + 1)
    _same(built, _cold(tmp_path, "cold1", scraped))
    assert _packed(root) == dict.fromkeys(STAGES, (2, stories + 1))

    # Edit a story's text: its new records are added; its old ones stay until a join.
    text = scraped / "millbrook-long-clean-up.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nVolunteers will meet again on Saturday.\n", "utf-8")
    logged.clear()
    built = _build(root)
    assert _counts(logged)["summaries"] == (stories, stories + 1)
    _same(built, _cold(tmp_path, "cold2", scraped))
    assert _packed(root) == dict.fromkeys(STAGES, (3, stories + 2))

    # Delete two stories: their records stay in the parts (dead, a quarter of them at most).
    (scraped / "kellhaven-ferry-timetable.txt").unlink()
    for path in scraped.glob("corvane-loses-410-million.*"):
        path.unlink()
    logged.clear()
    built = _build(root)
    assert _counts(logged)["summaries"] == (stories - 1, stories - 1)
    _same(built, _cold(tmp_path, "cold3", scraped))
    assert _packed(root) == dict.fromkeys(STAGES, (3, stories + 2))

    # One more: the dead records pass a quarter of the packs, which are joined.
    (scraped / "hackers-claim-corvane-attack.txt").unlink()
    logged.clear()
    built = _build(root)
    assert _counts(logged)["summaries"] == (stories - 2, stories - 2)
    _same(built, _cold(tmp_path, "cold4", scraped))
    assert _packed(root) == dict.fromkeys(STAGES, (1, stories - 2))


def test_a_damaged_part_discards_the_cache_and_the_build_gives_the_cold_site(tmp_path, logged) -> None:
    root = tmp_path / "kept"
    scraped = _content(root)
    _build(root)
    # A part with a good checksum that is no part: every part of both packs says the same.
    value = b"j" + codec.dumps({"records": [["a key", None]]})
    db = sqlite3.connect(root / ".digest-cache" / FILE)
    changed = 0
    for key, stored in db.execute("SELECT key, value FROM records").fetchall():
        if stored.startswith(b'j{"records":['):
            db.execute(
                "UPDATE records SET value = ?, sha256 = ? WHERE key = ?",
                (value, hashlib.sha256(value).digest(), key),
            )
            changed += 1
    db.commit()
    db.close()
    assert changed == len(STAGES)
    logged.clear()
    _same(_build(root), _cold(tmp_path, "cold", scraped))
    warnings = [r.getMessage() for r in logged.records if r.levelno >= logging.WARNING]
    assert any("not a part of a stage's records" in w for w in warnings), warnings


def _session(folder: Path, stage: str, records: dict[str, bytes]) -> tuple[StagePack, dict[str, object]]:
    """One build's use of a pack: every key of ``records`` asked for, the missing ones made."""
    cache = Cache(folder)
    pack = StagePack(Memo(cache), stage)
    found = pack.get_many(list(records))
    for key, data in records.items():
        if key not in found:
            pack.put_encoded(key, data)
    pack.save()
    cache.close()
    return pack, found


def test_parts_are_added_then_joined(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(stage_pack, "CHUNK", 4)
    folder = tmp_path / "cache"

    def record(k: int) -> tuple[str, bytes]:
        return hashlib.sha256(str(k).encode()).hexdigest(), codec.dumps({"summary": f"story {k}"})

    present = dict(record(k) for k in range(10))
    pack, found = _session(folder, "summaries", present)
    assert found == {} and len(pack.fresh) == 10
    # A cold build's records are joined into parts of CHUNK.
    pack, found = _session(folder, "summaries", present)
    assert [n for _k, n in pack.parts] == [4, 4, 2] and found == {
        k: codec.loads(v) for k, v in present.items()
    }
    # Each build that adds a story adds a part of its own...
    for k in range(10, 20):
        present.update([record(k)])
        pack, found = _session(folder, "summaries", present)
        assert len(found) == len(present) - 1
    assert [n for _k, n in pack.parts] == [4, 4, 2] + [1] * 10
    # ... until there are MAX_PARTS more than a join would make (13 > 5 + 8): the parts are joined.
    present.update([record(20)])
    pack, found = _session(folder, "summaries", present)
    assert len(found) == 20 and [n for _k, n in pack.parts] == [4, 4, 4, 4, 4, 1]
    # Stories gone: up to a quarter of the records stay dead in their parts; past it, a join.
    for k in range(5):
        del present[record(k)[0]]
    pack, found = _session(folder, "summaries", present)
    assert len(found) == 16 and [n for _k, n in pack.parts] == [4, 4, 4, 4, 4, 1]
    del present[record(5)[0]]
    pack, found = _session(folder, "summaries", present)
    assert len(found) == 15 and [n for _k, n in pack.parts] == [4, 4, 4, 3]
    assert _session(folder, "summaries", present)[1] == {k: codec.loads(v) for k, v in present.items()}
    # Another stage's pack is another pack.
    assert _session(folder, "names", present)[1] == {}
