"""The end of a build: what is done while the search index's last Pagefind runs go on."""

from __future__ import annotations

import logging

from test_search_bundles import build, story_files

from news_digest import output_files, pelican_glue, search


def test_the_output_record_and_the_cache_are_saved_before_the_build_waits_for_search(
    tmp_path, monkeypatch, caplog
):
    """Saving them needs nothing of the search index, so the wait for Pagefind covers them."""
    saved: list[tuple[bool, bool]] = []  # at the wait: (output record saved, build cache closed)
    finish = search.finish

    def waits(output):
        if search.started(output):  # the build's wait (search.start calls it first, on nothing)
            saved.append((output_files.current() is None, not pelican_glue._memos))
        return finish(output)

    monkeypatch.setattr(search, "finish", waits)
    with caplog.at_level(logging.INFO, logger="news_digest.summary"):
        site = build(tmp_path / "site", story_files("old", "new"))
    assert saved == [(True, True)]
    assert (site.output / "pagefind" / "bundles.json").is_file()
    assert "static files, cache and the wait for search" in caplog.text
