"""Tag, category and author pages asked for as Pelican asks, without its scan per page."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from pelican import signals

from bench import synth
from conftest import build_site
from news_digest.taxonomy_pages import DatePositions, by_identity


class _Item:
    """An article stand-in compared by identity, as Pelican's articles are."""


def test_date_positions_pick_what_the_scan_picks() -> None:
    items = [_Item() for _ in range(9)]
    dates = [*items, items[3]]  # one object twice in the archive: it is picked twice
    positions = DatePositions(dates)
    for members in ([], items[::2], [items[5], items[5], items[3]], [_Item(), items[8]], items):
        assert positions.of(members) == [a for a in dates if a in members]


def test_equality_other_than_identity_is_noticed() -> None:
    @dataclasses.dataclass
    class Equal:
        n: int

    assert by_identity([_Item(), 3.5 and _Item()])
    assert not by_identity([_Item(), Equal(1)])


@pytest.fixture(scope="module")
def generator(tmp_path_factory) -> Any:
    """The article generator of a real build of 30 synthetic stories (tags with pages, one author)."""
    stories = [dataclasses.replace(s, paragraphs=s.paragraphs[:2]) for s in synth.make_stories(30)]
    root = tmp_path_factory.mktemp("taxonomy")
    synth.write_scraped(stories, root / "content")
    found: list[Any] = []

    def keep(gen: Any) -> None:
        found.append(gen)

    signals.article_generator_finalized.connect(keep, weak=False)
    try:
        build_site(root, {}, DEFAULT_PAGINATION=2, DIGEST_TAG_MIN_STORIES=2)
    finally:
        signals.article_generator_finalized.disconnect(keep)
    return found[-1]


def _shown(value: Any) -> Any:
    if isinstance(value, list):
        return [id(a) for a in value]
    return value if isinstance(value, (str, bool, int, type(None))) else id(value)


def _calls(method: Any) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []

    def write(name: Any, template: Any, context: Any, **kwargs: Any) -> None:
        # Names, order and values of the arguments; objects by identity, lists by their items' identity.
        shown = [(k, _shown(v)) for k, v in kwargs.items()]
        calls.append((name, template.name, id(context), shown))

    method(write)
    return calls


@pytest.mark.parametrize("kind", ["generate_tags", "generate_categories", "generate_authors"])
def test_list_pages_are_asked_for_as_pelican_asks(generator: Any, kind: str) -> None:
    ours = getattr(generator, kind)
    assert ours.__func__ is not getattr(type(generator), kind), "the plugin's method is installed"
    pelicans = getattr(type(generator), kind).__get__(generator)
    theirs = _calls(pelicans)
    assert theirs, "the site has such pages"
    assert _calls(ours) == theirs
    assert any(len(dict(c[3])["dates"]) > 1 for c in theirs), "lists of more than one story"
