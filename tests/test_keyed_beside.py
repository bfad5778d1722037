"""A warm load with workers keys the scraped files in a worker while it decodes the cleaned pack
(``incremental._keyed_beside``): the stories are the ones a load from scratch makes, through adds, edits
and deletes, and the records it stores are found by the keys a one-process load makes."""

from __future__ import annotations

import random
import shutil

from kept_loads import load
from test_cleaned_pack import _write

from conftest import ROOT
from news_digest import incremental


def test_files_keyed_in_a_worker_beside_the_pack_load_what_a_load_from_scratch_loads(
    tmp_path, monkeypatch
) -> None:
    content = tmp_path / "content"
    scraped = content / "scraped" / "wire"
    scraped.mkdir(parents=True)
    shutil.copy2(ROOT / "content" / "sources.yaml", content / "sources.yaml")
    rng = random.Random(5)
    names = [f"story-{k:02d}.txt" for k in range(12)]
    for name in names:
        _write(scraped, name, rng)
    monkeypatch.setattr(incremental, "KEYED_BESIDE", 1)  # a small archive takes that way too
    beside = []
    keyed_beside = incremental._keyed_beside

    def noted(keys, meanwhile):
        beside.append(True)
        return keyed_beside(keys, meanwhile)

    monkeypatch.setattr(incremental, "_keyed_beside", noted)
    _kept, counts = load(tmp_path, True, 2)
    assert counts["packed"] == [0, 12] and not beside  # cold: nothing to decode, workers key as they read

    _write(scraped, "story-20.txt", rng)  # an add,
    _write(scraped, names[3], rng)  # an edit
    (scraped / names[7]).unlink()  # and a delete
    kept, counts = load(tmp_path, True, 2)
    assert beside == [True]
    assert counts["reading"] == [10, 2] and counts["packed"][0] > 0  # (learning may clean some again)
    assert kept == load(tmp_path, False, 1)[0]

    # One process keys the same files the same way: every file comes from the pack it left.
    kept, counts = load(tmp_path, True, 1)
    assert beside == [True]
    assert counts["packed"] == [12, 0] and counts["reading"] == [12, 0]
    assert kept == load(tmp_path, False, 1)[0]
