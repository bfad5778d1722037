"""The pack of stories as read and cleaned (``cleaned_pack``): a warm load that takes unchanged files
from it gives, field for field, the stories a load from scratch makes, through random adds, edits and
deletes that make outlets learn and forget furniture; its parts are joined as they age; a bad part
discards the cache.

Every story here is our own fiction.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from kept_loads import load, load_settings, same_as_from_scratch

from conftest import ROOT
from news_digest.cache import Cache
from news_digest.cleaned_pack import CHUNK, MAX_PARTS, Pack, _part
from news_digest.incremental import Memo

OUTLETS = ["Kellhaven Gazette", "Dunmere Herald", "Ashford Bugle"]

SUBJECTS = [
    "the old harbour wall",
    "the Fenwick Street library",
    "the apple orchards near Ashford Weir",
    "the Tessel lighthouse",
    "the Millbrook choir",
    "the Eastmarch fish market",
    "the Corvane payroll servers",
    "the Rovers' new goalkeeper",
    "the ferry to Brackwater",
    "the school on Quarry Lane",
    "the river Aske flood banks",
    "the county bus timetable",
]

FURNITURE = [
    "Tide tables and harbour notices",  # no sentence: learned from three stories on
    "Our reporters visited the site this week.",  # to the reader: told by subject
    "No one was injured.",  # a sentence of news: never learned
]


def _text(outlet: str, k: int, subject: str, extras: list[str]) -> str:
    lede = (
        f"Work on {subject} will start next month, story {k} of the {outlet.split()[0]} desk said on Friday."
    )
    body = [
        f"Council leader Mara Voss said the plans for {subject} had been agreed with residents after a long wait.",
        *extras,
        f"Residents asked for notices about {subject} to be posted at the town hall as well as online.",
        "The next council meeting is on Thursday, and the minutes will be published a week later.",
    ]
    return f"News about {subject} | Regional news | {outlet}\n\n{lede}\n\n" + "\n\n".join(body) + "\n"


def _write(scraped: Path, name: str, rng: random.Random) -> None:
    outlet = rng.choice(OUTLETS)
    extras = [line for line in FURNITURE if rng.random() < 0.6]
    path = scraped / name
    path.write_text(_text(outlet, rng.randrange(1000), rng.choice(SUBJECTS), extras))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_adds_edits_and_deletes_load_the_stories_loaded_from_scratch(tmp_path, seed) -> None:
    rng = random.Random(seed)
    content = tmp_path / "content"
    scraped = content / "scraped" / "wire"
    scraped.mkdir(parents=True)
    shutil.copy2(ROOT / "content" / "sources.yaml", content / "sources.yaml")
    names = [f"story-{n:03d}.txt" for n in range(8)]
    for name in names:
        _write(scraped, name, rng)
    counts = same_as_from_scratch(tmp_path)
    assert counts["packed"] == [0, len(names)]
    made = len(names)
    packed = 0
    for _build in range(6):
        for _ in range(rng.randint(1, 3)):  # adds
            name = f"story-{made:03d}.txt"
            made += 1
            names.append(name)
            _write(scraped, name, rng)
        for name in rng.sample(names, rng.randint(0, 2)):  # edits
            _write(scraped, name, rng)
        for name in rng.sample(names, rng.randint(0, 2)):  # deletes
            (scraped / name).unlink()
            names.remove(name)
        counts = same_as_from_scratch(tmp_path)
        packed += counts["packed"][0]
        assert sum(counts["packed"]) == len(names)
    assert packed > 0  # the pack was used


def test_a_lesson_learnt_cleans_the_outlets_packed_stories_again(tmp_path) -> None:
    """The third story carrying a line teaches it: the two packed stories that carry it are read
    and cleaned again (their cleaned text loses the line), the others come from the pack."""
    content = tmp_path / "content"
    scraped = content / "scraped" / "wire"
    scraped.mkdir(parents=True)
    shutil.copy2(ROOT / "content" / "sources.yaml", content / "sources.yaml")
    for k in range(2):
        (scraped / f"a{k}.txt").write_text(_text(OUTLETS[0], k, SUBJECTS[k], [FURNITURE[0]]))
    for k in range(3):
        (scraped / f"b{k}.txt").write_text(_text(OUTLETS[1], k, SUBJECTS[5 + k], []))
    same_as_from_scratch(tmp_path)
    counts = same_as_from_scratch(tmp_path)
    assert counts["packed"] == [5, 0] and counts["cleaning"] == [5, 0]
    (scraped / "a2.txt").write_text(_text(OUTLETS[0], 2, SUBJECTS[2], [FURNITURE[0]]))
    counts = same_as_from_scratch(tmp_path)
    assert counts["packed"] == [3, 3] and counts["reading"] == [5, 1]
    fresh, _ = load(tmp_path, cached=False)
    assert any("learned furniture for outlet 'kellhaven gazette'" in "".join(s) for s in fresh.values())
    counts = same_as_from_scratch(tmp_path)
    assert counts["packed"] == [6, 0]
    (scraped / "a2.txt").unlink()  # the lesson forgotten: the two are cleaned again, with the line
    counts = same_as_from_scratch(tmp_path)
    assert counts["packed"] == [3, 2] and counts["reading"] == [5, 0]


def test_a_bad_part_discards_the_cache_and_the_load_goes_on(tmp_path) -> None:
    content = tmp_path / "content"
    scraped = content / "scraped" / "wire"
    scraped.mkdir(parents=True)
    shutil.copy2(ROOT / "content" / "sources.yaml", content / "sources.yaml")
    for k in range(4):
        (scraped / f"s{k}.txt").write_text(_text(OUTLETS[k % 2], k, SUBJECTS[k], []))
    same_as_from_scratch(tmp_path)
    cache = Cache(load_settings(tmp_path).cache_path)
    assert cache.db is not None
    rows = cache.db.execute("SELECT key, value FROM records").fetchall()
    parts = [key for key, value in rows if b'{"files":[' in value]
    assert len(parts) == 1
    with cache.db:  # a part that is JSON, and checks, but is not a part of packed files
        cache.db.execute("DELETE FROM records WHERE key = ?", (parts[0],))
    cache.put(parts[0], {"files": [["some key", [[True, 1, 2, 3, 4, 5, 6, 7, 8]]]]})
    cache.close(forget_unused=False)
    counts = same_as_from_scratch(tmp_path)
    assert counts["packed"][0] == 0


def _files(n: int, tag: str) -> dict[str, list | None]:
    return {
        f"{tag}{k}": [[False, None, None, None, None, None, None, None, {"$class": "Story"}]]
        for k in range(n)
    }


def test_parts_are_added_then_joined(tmp_path) -> None:
    """Each build that changes files adds a part holding them; past MAX_PARTS added parts, or past a
    quarter of dead files, the parts are joined (into parts of CHUNK files); a build that changes
    nothing writes none."""

    def open_pack() -> tuple[Memo, Pack]:
        memo = Memo(Cache(tmp_path / "cache"), 1, salt="test")
        return memo, Pack.load(memo, memo.key("pack"))

    def close(memo: Memo) -> None:
        assert memo.cache is not None
        memo.cache.close()

    def packed_files(memo: Memo, pack: Pack) -> dict[str, list]:
        out: dict[str, list] = {}
        for part, n in reversed(pack.parts):
            files = _part(memo, part)
            assert files is not None and len(files) == n
            for key, stored in files:
                out.setdefault(key, stored)
        return out

    base = _files(40, "a")
    memo, pack = open_pack()
    pack.save(base)
    close(memo)
    parts = []
    names = set(base)
    for n in range(1, MAX_PARTS + 3):
        memo, pack = open_pack()
        parts.append(len(pack.parts))
        assert set(packed_files(memo, pack)) == names
        new = _files(1, f"n{n}-")
        names |= set(new)
        pack.save({**dict.fromkeys(packed_files(memo, pack)), **new})
        close(memo)
    assert parts == [*range(1, MAX_PARTS + 2), 1]  # grown one a build, then joined
    # Nothing new and nothing gone: the index and parts are kept as they are.
    memo, pack = open_pack()
    before = list(pack.parts)
    pack.save(dict.fromkeys(packed_files(memo, pack)))
    close(memo)
    memo, pack = open_pack()
    assert pack.parts == before and set(packed_files(memo, pack)) == names
    # Most files gone: joined into one part holding the others, stories and all.
    stored = packed_files(memo, pack)
    survivors = sorted(stored)[:10]
    pack.save({**dict.fromkeys(survivors), **_files(1, "z")})
    close(memo)
    memo, pack = open_pack()
    assert len(pack.parts) == 1 and sorted(packed_files(memo, pack)) == sorted([*survivors, "z0"])
    assert {key: packed_files(memo, pack)[key] for key in survivors} == {
        key: stored[key] for key in survivors
    }
    # Many new files: parts of CHUNK files.
    pack.save({**dict.fromkeys(survivors), **_files(CHUNK * 2, "big")})
    close(memo)
    memo, pack = open_pack()
    assert [n for _key, n in pack.parts] == [11, CHUNK, CHUNK]
