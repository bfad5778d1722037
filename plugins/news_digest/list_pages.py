"""Category and tag pages numbered from the oldest story, so a day's news rewrites one page.

Pelican numbers a list's pages from the newest story: one new story moves
every story down a place, and every page of the category changes. Here the
first page (``category/<slug>/``) shows the newest stories, and the older
ones are on pages of exactly ``per_page`` stories counted from the oldest:
``category/<slug>/page/1/`` holds the first ``per_page`` stories the
category ever had, ``page/2/`` the next, and so on (the URL is the
``PAGINATION_PATTERNS`` rule for pages after the first). The first page
holds what is left: between ``per_page`` and ``2 * per_page - 1`` stories
(all of them in a shorter list). New stories on the newest day change the
first page only; once ``per_page`` more have come, the oldest of the first
page's stories move to a new numbered page, and the page before it gets its
"Newer stories" link. A numbered page's URL keeps showing the same stories,
so links and bookmarks to it stay true.

Each page gets ``articles`` and ``dates`` (its own stories, newest first)
and ``listing`` (:class:`Listing`: its number, the span of its dates and its
neighbours' URLs) instead of Pelican's ``articles_page``/``articles_paginator``,
which would make every page depend on the whole list. The theme's
``pagination.html`` reads ``listing`` when it is there.

:func:`split_call` is called by the plugin's writer (``page_writer``) for
every page Pelican asks it to write; it splits the paginated category, tag
and author lists and leaves every other page to Pelican.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .taxonomy_pages import DatePositions

TEMPLATES = frozenset({"category", "tag", "author"})
"""The paginated templates whose pages are numbered from the oldest."""

_ARGS = ("relative_urls", "paginated", "template_name", "override_output", "url")
"""Pelican's ``Writer.write_file`` parameters after ``context``, in order."""

_TEMPLATE_AT = _ARGS.index("template_name")


@dataclass(frozen=True)
class Listing:
    """What a page of a list shows about itself and links to."""

    number: int
    """0 for the first page (the newest stories), else 1, 2, ... counted from the oldest."""
    span: str
    """The dates of its stories: ``3 October 2026``, ``1 to 3 October 2026``, ..."""
    newer_url: str
    """The page of the next newer stories ("" on the first page)."""
    older_url: str
    """The page of the next older stories ("" on page 1, or when there is none)."""


def blocks(count: int, per_page: int) -> tuple[int, list[range]]:
    """How many numbered pages a list of ``count`` stories has, and each page's stories as
    positions counted from the oldest: the first page's, then page 1's, 2's, ..."""
    numbered = max(0, count // per_page - 1) if per_page > 0 else 0
    pages = [range(numbered * per_page, count)]
    pages += [range((k - 1) * per_page, k * per_page) for k in range(1, numbered + 1)]
    return numbered, pages


def span(dates: Sequence[dt.date]) -> str:
    """``1 October 2026``, ``1 to 3 October 2026``, ``30 September to 2 October 2026``, ..."""
    if not dates:
        return ""
    first, last = min(dates), max(dates)
    if first == last:
        return f"{last.day} {last:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} to {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"


def numbered_page(settings: Mapping[str, Any], name: str, url: str, number: int) -> tuple[str, str]:
    """URL and file of numbered page ``number`` of the list at ``name``/``url``, by the
    ``PAGINATION_PATTERNS`` rule Pelican uses for the pages after the first."""
    rule = None
    for pattern in settings["PAGINATION_PATTERNS"]:
        if pattern.min_page != -1 and pattern.min_page <= 2:
            rule = pattern
    if rule is None or rule.min_page < 2:
        raise ValueError("PAGINATION_PATTERNS has no rule for the pages after the first")
    stem, extension = _splitext(name)
    folder, _, leaf = name.rpartition("/")
    base_name = folder if leaf in ("index.htm", "index.html") else stem
    values = {"save_as": name, "url": url, "name": stem, "base_name": base_name, "extension": extension}
    out = []
    for key in ("URL", "SAVE_AS"):
        text = getattr(rule, key).format(number=number, **values)
        out.append(text[1:] if text.startswith("/") else text)
    return out[0], out[1]


def _splitext(name: str) -> tuple[str, str]:
    leaf = name.rpartition("/")[2]
    dot = leaf.rfind(".")
    if dot <= 0:
        return name, ""
    return name[: len(name) - len(leaf) + dot], leaf[dot:]


def split_call(settings: Mapping[str, Any], name: Any, args: tuple, kwargs: dict[str, Any]):
    """The pages one ``write_file(name, template, context, *args, **kwargs)`` call of a
    category, tag or author list stands for, as ``(name, kwargs)`` pairs (all arguments
    by keyword, nothing left to paginate); None for any other call, which Pelican
    writes as it would."""
    if not name:
        return None
    # Most calls are a story's page (no template name): answered before anything is copied.
    template_name = args[_TEMPLATE_AT] if len(args) > _TEMPLATE_AT else kwargs.get("template_name")
    if template_name not in TEMPLATES:
        return None
    call = dict(kwargs)
    for key, value in zip(_ARGS, args, strict=False):
        call[key] = value
    paginated = call.get("paginated")
    if paginated is None:
        paginated = {k: v for k, v in call.items() if k in {"articles", "dates"}}
    templates = settings.get("PAGINATED_TEMPLATES") or {}
    if template_name not in templates or not paginated:
        return None
    if set(paginated) - {"articles", "dates"} or "articles" not in paginated:
        return None
    per_page = templates[template_name] or settings.get("DEFAULT_PAGINATION")
    if not per_page:
        return None
    articles = list(paginated["articles"])  # newest first, as Pelican orders a list
    oldest_first = articles[::-1]
    numbered, pages = blocks(len(articles), int(per_page))
    url = call.get("url") or ""
    where = {0: (url, name)} | {k: numbered_page(settings, name, url, k) for k in range(1, numbered + 1)}
    # A page's ``dates`` picked by their positions in the list's, not by a scan of the whole
    # list for each page (pages times stories: quadratic in a large category).
    dates = DatePositions(list(paginated.get("dates") or ()))
    out = []
    for number, positions in enumerate(pages):
        stories = [oldest_first[i] for i in reversed(positions)]
        newer = 0 if number == numbered else number + 1
        older = numbered if number == 0 else number - 1
        listing = Listing(
            number=number,
            span=span([a.date.date() if isinstance(a.date, dt.datetime) else a.date for a in stories]),
            newer_url=where[newer][0] if number else "",
            older_url=where[older][0] if older else "",
        )
        page_url, page_name = where[number]
        page_kwargs = {**call, "paginated": {}, "url": page_url, "articles": stories, "listing": listing}
        if "dates" in paginated:
            page_kwargs["dates"] = dates.of(stories)
        out.append((page_name, page_kwargs))
    return out
