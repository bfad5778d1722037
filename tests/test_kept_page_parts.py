"""A build takes its made articles' story-field digests (on their own pages and on the pages that
list them) and its story pages' link targets from the last build (``page_fingerprints.KeptParts``):
every fingerprint it makes so is the one a build from scratch makes.

The site is built with the cache, changed (stories added, edited, given
another author, deleted), built again, and its record of output files
(each page's fingerprint and kept parts) and its output are compared with a
build of the same content in the same folder with no cache and no output.

Every story is from the project's demo content (our own fiction).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

from conftest import ROOT, build_site, tree_bytes
from news_digest import output_files
from news_digest.cache import Cache

DEMO = ROOT / "content" / "scraped"
NEW = sorted(p.name for p in (DEMO / "northern-ledger").glob("*.txt"))[0]


def _record(root: Path) -> dict[str, list[Any]]:
    """The build's record of output files: path -> its row (fingerprint, ..., joined, links)."""
    output = os.path.normpath(os.path.abspath(root / "output"))
    cache = Cache(root / ".digest-cache")
    try:
        data = cache.get(hashlib.sha256(f"{output_files.FORMAT}\0{output}".encode()).hexdigest())
        assert isinstance(data, dict)
        shards = [cache.get(key) for _name, key in data["shards"]]  # the record's shards by folder
    finally:
        cache.close()
    return {row[0]: row[1:] for shard in shards for row in shard["files"]}


def _build(root: Path) -> tuple[dict[str, list[Any]], dict[str, bytes]]:
    site = build_site(root, {}, DELETE_OUTPUT_DIRECTORY=False)
    return _record(root), tree_bytes(site.output)


def _from_scratch(root: Path) -> tuple[dict[str, list[Any]], dict[str, bytes]]:
    shutil.rmtree(root / "output")
    shutil.rmtree(root / ".digest-cache")
    return _build(root)


def test_kept_parts_give_the_fingerprints_of_a_build_from_scratch(tmp_path: Path) -> None:
    scraped = tmp_path / "content" / "scraped"
    for outlet in ("harbour-courier", "riverside-post"):
        shutil.copytree(DEMO / outlet, scraped / outlet)
    (scraped / "northern-ledger").mkdir()
    first, _ = _build(tmp_path)
    stories = [rel for rel, row in first.items() if row[4]]
    assert stories and all(first[rel][7] is not None for rel in stories)
    # A page keeps the story-field digests it was the first to work out: its own story's (unless a
    # page before it listed that story under the same fields), and those of the stories it lists.
    lists = [rel for rel, row in first.items() if not row[4] and row[6]]
    assert any(first[rel][6] for rel in stories) and any(rel.startswith("tag/") for rel in lists)

    # A story of another outlet, one body edited, one story given another author (a field the
    # page shows, not in its body), one deleted.
    shutil.copy2(DEMO / "northern-ledger" / NEW, scraped / "northern-ledger" / NEW)
    kept = sorted((scraped / "harbour-courier").glob("*.txt"))
    with kept[0].open("a", encoding="utf-8") as out:
        out.write("\nThe harbour council will answer the questions on Friday.\n")
    sidecar = kept[1].with_suffix(".yaml")
    lines = [
        line for line in sidecar.read_text(encoding="utf-8").splitlines() if not line.startswith("author:")
    ]
    sidecar.write_text("\n".join([*lines, "author: Another Writer"]) + "\n", encoding="utf-8")
    kept[2].unlink()
    kept[2].with_suffix(".yaml").unlink(missing_ok=True)
    warm, warm_output = _build(tmp_path)
    again, _ = _build(tmp_path)  # nothing changed: the same record again
    cold, cold_output = _from_scratch(tmp_path)

    assert warm_output == cold_output
    assert warm.keys() == cold.keys() == again.keys()
    for rel, row in cold.items():
        # The fingerprint, the whole-page key and the kept parts; the file's bytes (not its time). A
        # page left alone by its key keeps the joined digests it had (it digests no article), so
        # which page holds a joined digest differs from a build from scratch: the union is checked below.
        assert warm[rel][:2] == row[:2] and warm[rel][4:6] == row[4:6] and warm[rel][7:] == row[7:], rel
        assert again[rel][:2] == row[:2] and again[rel][4:6] == row[4:6] and again[rel][7:] == row[7:], rel
    # Every joined digest a build from scratch keeps, the warm builds keep too (on some page).
    for build in (warm, again):
        held = {key for row in build.values() for key, _digest in row[6]}
        assert {key for row in cold.values() for key, _digest in row[6]} <= held
    # Story pages have whole-page keys, and the unchanged ones were left alone by them.
    assert all(cold[rel][8] is not None for rel in stories if rel in cold)
    # A kept key names one digest, whichever build and page worked it out.
    digests: dict[str, str] = {}
    for build in (first, warm, again, cold):
        for row in build.values():
            for key, digest in row[6]:
                assert digests.setdefault(key, digest) == digest, key
    # Some story pages' parts were the last build's, some were new.
    same = [rel for rel in stories if rel in warm and warm[rel][6] == first[rel][6]]
    assert same and len(same) < len(stories)
