"""make_articles' authors: a story's own, else the site's ``AUTHOR``, as Pelican would give them.

Pelican gives an article without an author a new ``Author(AUTHOR)`` each;
make_articles gives them all one (made once a build). These tests check the
articles end as Pelican leaves them: the same author, authors, URL and file,
and the same source path.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import os
from typing import Any

from pelican.contents import Article
from test_story_page_fingerprints import _settings

from news_digest.pelican_glue import make_articles
from news_digest.story import Block, Story


def _stories() -> list[Story]:
    day = dt.date(2026, 11, 20)
    plain = Story(
        source="scraped/a.html",
        headline="Bridge traffic doubles",
        blocks=[Block("p", "Traffic doubled.")],
        outlet="Evening News",
        category="Local",
        date=day,
        slug="bridge-traffic-doubles",
    )
    return [
        plain,
        dataclasses.replace(plain, source="scraped/sub/b.html", slug="bridge-tolls", headline="Bridge tolls"),
        dataclasses.replace(plain, source="scraped/c.html", slug="by-a-writer", author="A. Writer"),
    ]


def _articles(settings: dict[str, Any]) -> dict[str, Article]:
    context: dict[str, Any] = {**copy.copy(settings), "generated_content": {}, "static_content": {}}
    return make_articles(_stories(), settings, context, tag_min_stories=2)


def _pelicans(article: Article, settings: dict[str, Any]) -> Article:
    """The article as Pelican makes it from the same body and metadata, without a default author given."""
    metadata = {
        k: v
        for k, v in article.metadata.items()
        if k != "authors" or article.author.name != settings.get("AUTHOR")
    }
    return Article(
        article._content,
        metadata=metadata,
        settings=article.settings,
        source_path=article.source_path,
        context={},
    )


def test_articles_without_an_author_share_the_sites_author_as_pelican_names_it():
    settings = _settings()
    articles = _articles(settings)
    a, b, c = articles["scraped/a.html"], articles["scraped/sub/b.html"], articles["scraped/c.html"]
    assert a.author is b.author  # one object for the build
    assert a.authors == [a.author] and b.authors == [b.author]
    assert c.author.name == "A. Writer" and c.authors == [c.author]
    for article in (a, b, c):
        own = _pelicans(article, settings)
        assert (own.author.name, own.author.slug) == (article.author.name, article.author.slug)
        assert [x.name for x in own.authors] == [x.name for x in article.authors]
        # The pinned URL and file are what Pelican works out for its own article.
        assert (article.url, article.save_as) == (
            own._expand_settings("url"),
            own._expand_settings("save_as"),
        )
        assert own.relative_source_path == article.relative_source_path
    assert a.source_path == os.path.join(os.path.abspath(settings["PATH"]), "scraped", "a.html")
    assert b.source_path == os.path.join(os.path.abspath(settings["PATH"]), "scraped", "sub", "b.html")


def test_without_an_author_setting_articles_have_none():
    settings = _settings()
    settings.pop("AUTHOR", None)
    articles = _articles(settings)
    assert not hasattr(articles["scraped/a.html"], "author")
    assert not hasattr(articles["scraped/a.html"], "authors")
    assert articles["scraped/c.html"].author.name == "A. Writer"
