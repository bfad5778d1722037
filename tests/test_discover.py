"""Finding the candidate stories: every entry but sidecars, dotfiles and plain directories, once."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from news_digest import files, pipeline
from news_digest.readers import NON_STORY_SUFFIXES


@given(st.text(st.sampled_from("ab.YyAaMmLl"), min_size=1, max_size=8))
def test_a_names_suffix_is_the_one_pathlib_gives(name: str) -> None:
    assert files._suffix(name) == Path(name).suffix


def test_sidecars_and_hidden_entries_are_left_out_and_everything_else_is_found(tmp_path: Path) -> None:
    content = tmp_path / "content"
    scraped = content / "scraped"
    names = [
        "a.txt", "a.yaml", "b.html.gz", "b.YML", "c.", "d.tar.yaml", ".hidden.txt", "e",
        "deep/f.txt", "deep/f.yml", "deep/er/g.json", "deep/er/g.Yaml", ".dot/h.txt", "x.yaml.txt",
    ]  # fmt: skip
    for name in names:
        (scraped / name).parent.mkdir(parents=True, exist_ok=True)
        (scraped / name).write_text("text")
    os.mkfifo(scraped / "pipe.txt")
    os.mkfifo(scraped / "pipe.yaml")
    (scraped / "outside.txt").symlink_to(tmp_path / "elsewhere.txt")
    (scraped / "link.yml").symlink_to(tmp_path / "elsewhere.txt")
    (scraped / "folder-link").symlink_to(scraped / "deep", target_is_directory=True)
    (scraped / "folder-link.yaml").symlink_to(scraped / "deep", target_is_directory=True)

    found = pipeline.discover(scraped, content)

    # What the walk gives, with the sidecars taken out afterwards (as discover did before it
    # asked the walk to leave them out), in the same order.
    everything = [f for f in files.walk(scraped, content) if f.path.suffix.lower() not in NON_STORY_SUFFIXES]
    assert sorted(found, key=lambda f: str(f.path)) == sorted(everything, key=lambda f: str(f.path))
    got = {f.path.relative_to(scraped).as_posix(): f.reason for f in found}
    assert got == {
        "a.txt": None,
        "b.html.gz": None,
        "c.": None,
        "e": None,
        "deep/f.txt": None,
        "deep/er/g.json": None,
        "x.yaml.txt": None,
        "pipe.txt": files.NOT_REGULAR,
        "outside.txt": files.NOT_REGULAR,  # dangling
        "folder-link": files.DIRECTORY_LINK,
    }
    assert [f.path for f in found] == sorted(
        (f.path for f in found), key=lambda p: p.relative_to(scraped).as_posix()
    )
