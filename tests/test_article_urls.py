"""Story pages' URL and file name: pinned once per article, exactly as Pelican works them out."""

from __future__ import annotations

import datetime as dt

import pytest
from pelican.contents import Article, Author, Category
from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import set_date_tzinfo

from news_digest.pelican_glue import add_source_path, pin_url, url_values

FORMATS = [
    ("{date:%Y}/{date:%m}/{date:%d}/{slug}/", "{date:%Y}/{date:%m}/{date:%d}/{slug}/index.html"),
    ("{date:%Y}/{date:%-m}/{date:%-d}/{slug}.html", "{date:%Y}/{date:%-m}/{date:%-d}/{slug}.html"),
    # Formats a day's kept text must not answer: names of months and days, the zone, the whole date.
    ("{date:%B-%A}/{slug}/", "{date:%b}/{date:%Z%z}/{slug}.html"),
    ("{date}/{date!r}/{date!s}/{slug}", "{date.year}-{date.month}/{date:%Y %H:%M:%S}/{slug}.html"),
    ("{category}/{lang}/{path}/{slug}/", "{author}/{slug}/{date:%j-%y-%%}.html"),
]


def article(when: dt.datetime, slug: str, settings: dict, lang: str = "en") -> Article:
    return Article(
        "<p>Text.</p>",
        metadata={"title": "T", "date": when, "slug": slug, "lang": lang},
        settings=settings,
        source_path=f"/site/content/scraped/{slug}.txt",
        context={},
    )


@pytest.mark.parametrize(("url", "save_as"), FORMATS)
def test_pinned_urls_are_pelicans(url, save_as):
    settings = {
        **DEFAULT_CONFIG,
        "PATH": "/site/content",
        "TIMEZONE": "Europe/Berlin",
        "ARTICLE_URL": url,
        "ARTICLE_SAVE_AS": save_as,
        "ARTICLE_LANG_URL": "lang/" + url,
        "ARTICLE_LANG_SAVE_AS": "lang/" + save_as,
    }
    dates: dict = {}
    days = [dt.datetime(2026, 11, d, h) for d in (1, 9, 30) for h in (0, 23)]
    # The same day in two zones (equal instants, other fields) and in two languages.
    days.append(dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC))
    for i, day in enumerate(days * 2):
        when = set_date_tzinfo(day, settings["TIMEZONE"]) if day.tzinfo is None else day
        lang = "fr" if i % 3 == 0 else "en"
        pinned = article(when, f"s{i}", settings, lang)
        pin_url(pinned, dates)
        plain = article(when, f"s{i}", settings, lang)
        assert (pinned.url, pinned.save_as) == (plain.url, plain.save_as)
    # A day's kept text was used (written into a setting's day format, or kept for a date field)
    # only where a format has date fields of numeric fields alone.
    day_formats = {k[1]: v[0] for k, v in dates.items() if isinstance(v, tuple)}
    used = any(made != text for text, made in day_formats.items()) or any(
        type(v) is str for v in dates.values()
    )
    assert used == any(f in url + save_as for f in ("{date:%Y", "{date:%j"))


def test_an_override_already_set_is_kept():
    settings = {**DEFAULT_CONFIG, "PATH": "/site/content"}
    item = Article(
        "",
        metadata={
            "title": "T",
            "date": dt.datetime(2026, 11, 1),
            "slug": "a",
            "url": "x/",
            "save_as": "x.html",
        },
        settings=settings,
        source_path="/site/content/a.txt",
    )
    pin_url(item, {})
    assert (item.url, item.save_as) == ("x/", "x.html")


@pytest.mark.parametrize("path", [None, "kept/elsewhere.txt"])
def test_url_values_are_pelicans_url_format(path):
    """The values pinned URLs are formatted from equal Pelican's own, with a ``path`` in the
    metadata or without, for an article with an author and a category."""
    settings = {**DEFAULT_CONFIG, "PATH": "/site/content", "TIMEZONE": "UTC"}
    metadata = {
        "title": "T",
        "date": dt.datetime(2026, 11, 9, tzinfo=dt.UTC),
        "slug": "a-story",
        "lang": "de",
        "authors": [Author("Ann Émile", settings)],
        "category": Category("World News", settings),
    }
    if path:
        metadata["path"] = path
    item = Article("", metadata=metadata, settings=settings, source_path="/site/content/scraped/x/a b.txt")
    assert url_values(item) == item.url_format
    assert url_values(item)["path"] == (path or "scraped/x/a b.txt")


def test_add_source_path_is_pelicans(tmp_path):
    """Stories are listed in ``generated_content`` under the key Pelican's own method uses."""
    settings = {**DEFAULT_CONFIG, "PATH": str(tmp_path / "content")}
    item = Article(
        "", metadata={"title": "T"}, settings=settings, source_path=str(tmp_path / "content/s/a.txt")
    )
    ours, pelicans = (
        ArticlesGenerator.__new__(ArticlesGenerator),
        ArticlesGenerator.__new__(ArticlesGenerator),
    )
    ours.context, pelicans.context = {"generated_content": {}}, {"generated_content": {}}
    add_source_path(ours, item)
    pelicans.add_source_path(item)
    assert ours.context == pelicans.context == {"generated_content": {"s/a.txt": item}}
