"""The digest's own feeds, beside Pelican's Atom feeds.

* ``DIGEST_FEED_ATOM`` (``feeds/digest.atom.xml``): one entry per day, its
  content the day's digest, written with ``feedgenerator`` as Pelican writes
  its feeds;
* ``DIGEST_JSON_FEED`` (``feed.json``): a JSON Feed 1.1 of every story and
  editorial, newest first.

Titles are plain text (markup stripped, entities decoded); every link is
absolute (``ABSOLUTE_SITEURL``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from feedgenerator import Atom1Feed
from markupsafe import Markup

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def plain(text: object) -> str:
    """Text without markup: ``<span class="caps">NATO</span> &amp; co`` -> ``NATO & co``."""
    return " ".join(Markup(str(text)).striptags().split())


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def write_digest_atom(
    path: Path,
    settings: Mapping[str, Any],
    days: Iterable[Any],
    render: Callable[[Any], str],
    label: Callable[[dt.date], str],
) -> None:
    """One Atom entry per day (newest first, at most ``FEED_MAX_ITEMS``); content from ``render(day)``."""
    base = settings["ABSOLUTE_SITEURL"]
    name = plain(settings.get("SITENAME", ""))
    feed = Atom1Feed(
        title=f"{name}: daily digest",
        link=f"{base}/",
        description=plain(settings.get("SITESUBTITLE") or ""),
        language=settings.get("DEFAULT_LANG"),
        feed_url=f"{base}/{settings['DIGEST_FEED_ATOM']}",
    )
    newest = sorted(days, key=lambda d: d.date, reverse=True)[: settings.get("FEED_MAX_ITEMS") or None]
    for day in newest:
        url = f"{base}/{day.url}"
        feed.add_item(
            title=f"The digest for {label(day.date)}",
            link=url,
            unique_id=url,
            description=f"{day.events} {'event' if day.events == 1 else 'events'}",
            content=render(day),
            pubdate=_midnight(day.date),
            updateddate=_midnight(day.date),
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fp:
        feed.write(fp, "utf-8")


def json_feed(settings: Mapping[str, Any], articles: Iterable[Any]) -> dict[str, Any]:
    """JSON Feed 1.1 of ``articles`` (Pelican articles, stories and editorials), newest first."""
    base = settings["ABSOLUTE_SITEURL"]
    newest = sorted(articles, key=lambda a: (a.date, a.url), reverse=True)
    items = []
    for article in newest[: settings.get("FEED_MAX_ITEMS") or None]:
        story = getattr(article, "digest", None)
        url = f"{base}/{article.url}"
        item: dict[str, Any] = {
            "id": url,
            "url": url,
            "title": story.headline if story else plain(article.title),
            "content_html": article.get_content(base),
            "date_published": article.date.isoformat(),
            "language": getattr(article, "lang", None) or settings.get("DEFAULT_LANG"),
        }
        summary = story.summary if story else plain(article.metadata.get("summary") or "")
        if summary:
            item["summary"] = summary
        if story and story.url:
            item["external_url"] = story.url
        authors = [str(a) for a in getattr(article, "authors", []) or []]
        if story:
            authors = [story.author] if story.author else []
        if authors:
            item["authors"] = [{"name": a} for a in authors]
        tags = [str(t) for t in getattr(article, "tags", []) or []]
        if tags:
            item["tags"] = tags
        items.append(item)
    return {
        "version": JSON_FEED_VERSION,
        "title": plain(settings.get("SITENAME", "")),
        "home_page_url": f"{base}/",
        "feed_url": f"{base}/{settings['DIGEST_JSON_FEED']}",
        "description": plain(settings.get("SITESUBTITLE") or ""),
        "language": settings.get("DEFAULT_LANG"),
        "items": items,
    }


def write_json_feed(path: Path, feed: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(feed, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
