"""new_article: a story's Article with every attribute Pelican's own ``Article(...)`` gives it."""

from __future__ import annotations

import datetime as dt
import locale
from typing import Any

import pytest
from pelican import signals
from pelican.contents import Article, Author, Category, Tag
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import SafeDatetime, set_date_tzinfo

from news_digest import pelican_glue
from news_digest.pelican_glue import new_article


def _settings(**more: Any) -> dict[str, Any]:
    return {**DEFAULT_CONFIG, "PATH": "/site/content", "TIMEZONE": "Europe/Berlin", **more}


def _metadata(settings: dict[str, Any], **more: Any) -> dict[str, Any]:
    day = set_date_tzinfo(dt.datetime(2026, 11, 9), settings["TIMEZONE"])
    return {
        "title": "Bridge &amp; tunnel",
        "date": day,
        "slug": "bridge",
        "category": Category("Local", settings),
        "tags": [Tag("Traffic", settings)],
        "plain_tags": ["tolls"],
        "lang": "en",
        "digest": object(),
        **more,
    }


def _both(settings: dict[str, Any], metadata: dict[str, Any], path: str = "/site/content/scraped/a.html"):
    context: dict[str, Any] = {}
    kept: dict = {}
    made = new_article("<p>Body.</p>", dict(metadata), settings, path, context, kept)
    again = new_article("<p>Body.</p>", dict(metadata), settings, path, context, kept)  # a kept date
    pelicans = Article(
        "<p>Body.</p>", metadata=dict(metadata), settings=settings, source_path=path, context=context
    )
    return made, again, pelicans, kept


CASES = [
    ("plain", {}, {}),
    ("summary", {}, {"summary": "<p>In short.</p>"}),
    ("an author", {}, {"authors": [Author("A. Writer", DEFAULT_CONFIG)]}),
    ("the site's author", {"AUTHOR": "Desk"}, {}),
    ("another language", {"DATE_FORMATS": {"fr": "%d/%m/%Y"}}, {"lang": "fr"}),
    ("no language", {"DEFAULT_DATE_FORMAT": "%A %-d %B %Y"}, {"lang": None}),
    (
        "no lang key",
        {"DEFAULT_LANG": "DE", "DATE_FORMATS": {"de": "%d.%m.%Y"}},
        {"lang": None, "drop": "lang"},
    ),
    ("a future day", {"WITH_FUTURE_DATES": False}, {"date": SafeDatetime(2999, 1, 1, tzinfo=dt.UTC)}),
    ("a future day allowed", {"WITH_FUTURE_DATES": True}, {"date": SafeDatetime(2999, 1, 1, tzinfo=dt.UTC)}),
]


@pytest.mark.parametrize(
    ("settings_more", "metadata_more"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_attributes_are_pelicans(settings_more, metadata_more):
    settings = _settings(**settings_more)
    drop = metadata_more.pop("drop", None)
    metadata = _metadata(settings, **metadata_more)
    if drop:
        del metadata[drop]
    made, again, pelicans, kept = _both(settings, metadata)
    assert kept, "the fast path was taken"
    for article in (made, again):
        assert type(article) is Article
        assert list(vars(article)) == list(vars(pelicans))
        assert vars(article) == vars(pelicans)
        assert (article.status, article.locale_date, article.url, article.save_as) == (
            pelicans.status,
            pelicans.locale_date,
            pelicans.url,
            pelicans.save_as,
        )


def test_a_day_is_formatted_once_per_locale_and_zone():
    settings = _settings(DEFAULT_DATE_FORMAT="%-d %B %Y %Z")
    berlin = _metadata(settings)
    utc = {**berlin, "date": SafeDatetime(2026, 11, 9, tzinfo=dt.UTC)}
    kept: dict = {}
    for metadata in (berlin, utc, berlin, utc):
        new_article("", dict(metadata), settings, "/site/content/a.html", {}, kept)
    assert sorted(kept.values()) == ["9 November 2026 CET", "9 November 2026 UTC"]
    assert all(key[-1] == locale.setlocale(locale.LC_ALL) for key in kept)


@pytest.mark.parametrize(
    "path",
    [
        "/elsewhere/a.html",
        "/site/content/../a.html",
        "/site/content/./a.html",
        "/site/content//a.html",
        "/site/content/",
    ],
)
def test_a_path_not_plainly_inside_the_content_is_pelicans(path):
    settings = _settings()
    made, _again, pelicans, kept = _both(settings, _metadata(settings), path)
    assert not kept, "Pelican's own Article was made"
    assert vars(made) == vars(pelicans)


@pytest.mark.parametrize(
    ("settings_more", "metadata_more"),
    [
        ({}, {"url": "x/"}),
        ({}, {"status": "draft"}),
        ({}, {"date": dt.datetime(2026, 11, 9)}),
        ({"DEFAULT_DATE_FORMAT": ("C", "%Y")}, {}),
    ],
    ids=["a url", "a status", "a date without a zone", "a locale in the format"],
)
def test_other_metadata_is_pelicans(settings_more, metadata_more):
    settings = _settings(**settings_more)
    made, _again, pelicans, kept = _both(settings, _metadata(settings, **metadata_more))
    assert not kept
    assert vars(made) == vars(pelicans)


def test_another_pelican_gets_pelicans_article(monkeypatch):
    monkeypatch.setattr(pelican_glue, "_PELICAN_VERSION", "0.0")
    settings = _settings()
    made, _again, pelicans, kept = _both(settings, _metadata(settings))
    assert not kept
    assert vars(made) == vars(pelicans)


def test_receivers_of_content_object_init_see_the_article():
    seen: list[tuple[str, str]] = []

    def receiver(content: Article) -> None:
        seen.append((content.relative_source_path, content.locale_date))

    signals.content_object_init.connect(receiver)
    try:
        settings = _settings()
        _both(settings, _metadata(settings))
    finally:
        signals.content_object_init.disconnect(receiver)
    assert seen == [("scraped/a.html", "Mon 09 November 2026")] * 3
