"""Story pages' URL and file name: pinned once per article, exactly as Pelican works them out."""

from __future__ import annotations

import datetime as dt

import pytest
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import set_date_tzinfo

from news_digest.pelican_glue import pin_url

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
    # The kept texts were used where a format has numeric fields alone.
    assert bool(dates) == any(f in url + save_as for f in ("{date:%Y", "{date:%j"))


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
