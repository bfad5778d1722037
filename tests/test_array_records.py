"""Records of arrays in the build cache (``codec.dumps_arrays``, kind ``b`` in ``cache.py``): the
archive's rows and pairs, stored as raw bytes beside a JSON head. They read back exactly; a record
that is not one (cut, lying about its arrays, of a type not allowed, or a JSON record where arrays
belong) discards the cache with a warning; and a site kept through adds, edits and deletes, or
through a damaged or foreign record, is the site a cold build makes."""

from __future__ import annotations

import hashlib
import logging
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT, assert_same_site, cold_copy, site_and_report
from news_digest import codec
from news_digest.cache import FILE, Cache, record_bytes, record_value

OUTLET = ROOT / "content" / "scraped" / "harbour-courier"

NEW_STORY = """\
Kellhaven ferry timetable changes for winter | Regional news | Harbour Courier

The Kellhaven ferry will run four crossings a day from Monday, down from six, the harbour council said on Sunday, November 29.

Council leader Mara Voss said the change would save fuel during the quietest months. Passengers asked for an extra evening crossing on Fridays.
"""


def _value() -> dict:
    return {
        "ids": ["a", "b"],
        "shape": [2, 3],
        "none": None,
        "indptr": np.array([0, 1, 3], dtype="<i8"),
        "indices": np.array([2, 0, 1], dtype="<i4"),
        "data": np.array([1.5, 2.0, 0.25], dtype="<f4"),
        "digests": np.arange(32, dtype=np.uint8),
        "score": np.array([0.1], dtype="<f8"),
    }


def test_a_record_of_arrays_reads_back_exactly_aligned_and_read_only() -> None:
    value = _value()
    packed = record_bytes(value)
    assert packed[:1] == b"b" and packed == record_bytes(value)  # the same value, the same bytes
    back = record_value(packed)
    assert back.keys() == value.keys()
    for name, expected in value.items():
        if isinstance(expected, np.ndarray):
            got = back[name]
            assert got.dtype == expected.dtype and np.array_equal(got, expected), name
            assert got.flags.aligned and not got.flags.writeable, name  # views of the stored bytes
        else:
            assert back[name] == expected
    assert record_bytes(back) == packed
    # Empty arrays, and a record of arrays only.
    empty = {"r": np.zeros(0, dtype="<i4")}
    assert record_value(record_bytes(empty))["r"].shape == (0,)


def test_values_without_arrays_stay_json() -> None:
    assert record_bytes({"ids": ["a"], "parts": []})[:1] == b"j"


@pytest.mark.parametrize("kind", ["<i2", ">i4", "<c16", "O"])
def test_an_array_of_another_type_is_not_stored(kind) -> None:
    with pytest.raises(TypeError):
        record_bytes({"x": np.zeros(2, dtype=kind)})


def _broken(packed: bytes) -> list[tuple[str, bytes]]:
    body = packed[1:]
    (length,) = codec._HEAD.unpack_from(body)
    head = body[4 : 4 + length]
    rest = body[4 + length :]

    def with_head(text: bytes) -> bytes:
        return b"b" + codec._HEAD.pack(len(text)) + text + rest

    return [
        ("cut", packed[:-8]),
        ("longer", packed + bytes(8)),
        ("no head", b"b" + bytes(2)),
        ("head past the end", b"b" + codec._HEAD.pack(10**6) + head),
        ("head not JSON", with_head(b"{" + head[1:-1])),
        ("type not allowed", with_head(head.replace(b'"<f8"', b'"<c8"'))),
        ("length a lie", with_head(head.replace(b'["score","<f8",1]', b'["score","<f8",900]'))),
        ("name twice", with_head(head.replace(b'"score"', b'"ids"'))),
        ("head of another shape", with_head(b'{"arrays":{},"values":{}}'.ljust(len(head)))),
    ]


def test_a_broken_record_of_arrays_is_a_bad_record() -> None:
    for what, packed in _broken(record_bytes(_value())):
        with pytest.raises(codec.BadRecord):
            record_value(packed)
            pytest.fail(what)


def test_a_broken_record_of_arrays_in_the_file_discards_the_cache(tmp_path, caplog) -> None:
    for what, packed in _broken(record_bytes(_value())):
        folder = tmp_path / what.replace(" ", "-")
        cache = Cache(folder)
        cache.put("k", {"other": 1})
        cache.close()
        _write(folder, {"k": packed})  # checksum made right: only the record's own checks can tell
        cache = Cache(folder)
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            assert cache.get("k") is None, what
        assert "discarded" in caplog.text, what
        cache.close()


def _write(folder: Path, records: dict[str, bytes]) -> None:
    db = sqlite3.connect(folder / FILE)
    for key, packed in records.items():
        db.execute(
            "INSERT OR REPLACE INTO records (key, sha256, value) VALUES (?, ?, ?)",
            (key, hashlib.sha256(packed).digest(), packed),
        )
    db.commit()
    db.close()


def _array_records(folder: Path) -> dict[str, bytes]:
    db = sqlite3.connect(folder / FILE)
    try:
        return {k: v for k, v in db.execute("SELECT key, value FROM records") if v[:1] == b"b"}
    finally:
        db.close()


# --------------------------------------------------------------------------- whole sites


_build = site_and_report
_same = assert_same_site


def _cold(tmp_path: Path, name: str, scraped: Path) -> tuple[dict[str, bytes], bytes]:
    """A build without a cache of the same scraped folder."""
    return cold_copy(tmp_path / name, scraped)


def _site(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "kept"
    scraped = root / "content" / "scraped" / "harbour-courier"
    shutil.copytree(OUTLET, scraped)
    return root, scraped


def test_adds_edits_and_deletes_through_records_of_arrays_give_the_cold_site(tmp_path) -> None:
    root, scraped = _site(tmp_path)
    _build(root)
    first = _array_records(root / ".digest-cache")
    # Rows of each kind, fold pairs, similarity and storyline chunks, the related ranking.
    assert len(first) >= 8
    for packed in first.values():
        record_value(packed)  # each reads back

    (scraped / "kellhaven-ferry-timetable.txt").write_text(NEW_STORY, encoding="utf-8")
    _same(_build(root), _cold(tmp_path, "cold1", scraped))
    added = _array_records(root / ".digest-cache")
    assert added.keys() - first.keys()  # the new story's rows went into records of their own

    text = scraped / "millbrook-long-clean-up.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nVolunteers will meet again on Saturday.\n", "utf-8")
    _same(_build(root), _cold(tmp_path, "cold2", scraped))

    (scraped / "kellhaven-ferry-timetable.txt").unlink()
    for path in scraped.glob("corvane-loses-410-million.*"):
        path.unlink()
    _same(_build(root), _cold(tmp_path, "cold3", scraped))


def _damaged(records: dict[str, bytes], change: Callable[[dict], bytes | None]) -> dict[str, bytes]:
    out = {}
    for key, packed in records.items():
        made = change(record_value(packed))
        if made is not None:
            out[key] = made
    return out


def _cut_arrays(value: dict) -> bytes | None:
    """Every array one item shorter: shapes and pointers no longer match (the record still reads)."""
    cut = {k: v[:-1] if isinstance(v, np.ndarray) and len(v) else v for k, v in value.items()}
    return record_bytes(cut) if any(isinstance(v, np.ndarray) and len(v) for v in value.values()) else None


def _as_json(value: dict) -> bytes:
    """The same record as JSON with its arrays as lists of numbers: a record of another writer."""
    return record_bytes({k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in value.items()})


@pytest.mark.parametrize(
    "change", [_cut_arrays, _as_json, lambda v: b"b" + bytes(7)], ids=["cut", "json", "bytes"]
)
def test_a_damaged_or_foreign_record_of_arrays_discards_the_cache_and_gives_the_cold_site(
    tmp_path, caplog, change
) -> None:
    root, scraped = _site(tmp_path)
    _build(root)
    (scraped / "kellhaven-ferry-timetable.txt").write_text(NEW_STORY, encoding="utf-8")
    folder = root / ".digest-cache"
    damaged = _damaged(_array_records(folder), change)
    assert damaged
    _write(folder, damaged)
    with caplog.at_level(logging.WARNING):
        built = _build(root)
    assert "discarded" in caplog.text
    _same(built, _cold(tmp_path, "cold", scraped))
