"""Tag, category and author pages asked for without a scan of the archive per page.

For each tag, category and author, Pelican's article generator picks the
``dates`` list of the page out of the whole archive: every article of the
archive is looked up in the tag's list, a linear search each time. That is
the archive's size times the sum of the lists' lengths, quadratic in the
archive: about 0.25 CPU s at 2,000 stories, several seconds at 10,000, on
every build, the warm ones included.

:func:`install` gives the generator its own ``generate_tags``,
``generate_categories`` and ``generate_authors``: they ask the writer for
the same pages with the same arguments (names, order, values), but find
each list's ``dates`` from the positions of its own articles in the
archive's order (:class:`DatePositions`). That is the same list whenever
"in" means "is the same object", as it does for Pelican's articles (they do
not define ``==``); otherwise, and for a Pelican whose methods this module
was not checked against, Pelican's own methods run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from types import MethodType
from typing import Any

import pelican
from pelican.writers import FileOverwriteFailedError

logger = logging.getLogger(__name__)

CHECKED_PELICAN = ("4.12",)
"""Pelican versions whose ``generate_tags``/``generate_categories``/``generate_authors``
these replace (``tests/test_taxonomy_pages.py`` compares the calls with Pelican's own)."""


class DatePositions:
    """Where each article is in the archive's date order, to pick a list's ``dates`` from it."""

    def __init__(self, dates: Sequence[Any]) -> None:
        self.dates = dates
        self.at: dict[int, list[int]] = {}
        for i, item in enumerate(dates):
            self.at.setdefault(id(item), []).append(i)

    def of(self, members: Iterable[Any]) -> list[Any]:
        """``[a for a in dates if a in members]`` for members compared by identity."""
        found = {i for m in members for i in self.at.get(id(m), ())}
        return [self.dates[i] for i in sorted(found)]


def by_identity(items: Iterable[Any]) -> bool:
    """Whether ``==`` between any of ``items`` is ``is`` (none of their types defines it)."""
    # Asked of each class once, not of each item (60,000 list entries at 10,000 stories).
    return all(kind.__eq__ is object.__eq__ for kind in set(map(type, items)))


def install(generator: Any) -> None:
    """``article_generator_finalized``: the generator's list pages without the quadratic scan."""
    version = ".".join(str(pelican.__version__).split(".")[:2])
    if version not in CHECKED_PELICAN:
        return
    needed = ("dates", "tags", "categories", "authors", "articles", "context", "get_template")
    if not all(hasattr(generator, name) for name in needed):
        return
    generator.generate_tags = MethodType(_generate_tags, generator)
    generator.generate_categories = MethodType(_generate_categories, generator)
    generator.generate_authors = MethodType(_generate_authors, generator)


def _positions(generator: Any) -> DatePositions | None:
    """The generator's :class:`DatePositions` (made once), None when ``in`` may mean more than ``is``."""
    known = getattr(generator, "_news_digest_positions", None)
    if known is None or known.dates is not generator.dates:
        dates = generator.dates
        lists = [
            items
            for pairs in (_pairs(generator.tags), generator.categories, generator.authors)
            for _, items in pairs
        ]
        if not by_identity(dates) or not by_identity(chain.from_iterable(lists)):
            return None
        known = DatePositions(dates)
        generator._news_digest_positions = known
    return known


def _pairs(value: Any) -> Iterable[tuple[Any, Any]]:
    return value.items() if hasattr(value, "items") else value


def _write_lists(
    generator: Any, write: Callable[..., Any], kind: str, pairs: Iterable[tuple[Any, Any]], fallback: str
) -> None:
    """One page call per (name, articles) pair, as Pelican's ``generate_<kind>s`` makes it."""
    positions = _positions(generator)
    if positions is None:
        getattr(type(generator), fallback)(generator, write)
        return
    template = generator.get_template(kind)
    for named, articles in pairs:
        dates = positions.of(articles)
        # The same arguments in the same order as Pelican's own loop for this kind.
        kwargs: dict[str, Any] = (
            {"tag": named, "url": named.url} if kind == "tag" else {"url": named.url, kind: named}
        )
        kwargs.update(
            articles=articles,
            dates=dates,
            template_name=kind,
            blog=True,
            page_name=named.page_name,
            all_articles=generator.articles,
        )
        try:
            write(named.save_as, template, generator.context, **kwargs)
        except FileOverwriteFailedError:
            if named.slug:
                logger.error("Failed to write %s page for %r.", kind.capitalize(), str(named))
                raise
            logger.info(
                '%s "%s" has an invalid slug; skipping writing %s page...',
                kind.capitalize(),
                named,
                kind,
                extra={"limit_msg": f"Further {kind}s with invalid slugs."},
            )


def _generate_tags(self: Any, write: Callable[..., Any]) -> None:
    _write_lists(self, write, "tag", self.tags.items(), "generate_tags")


def _generate_categories(self: Any, write: Callable[..., Any]) -> None:
    _write_lists(self, write, "category", self.categories, "generate_categories")


def _generate_authors(self: Any, write: Callable[..., Any]) -> None:
    _write_lists(self, write, "author", self.authors, "generate_authors")
