"""A story page's JSON-LD: written when a page shows it, counted in the page's fingerprint by its data.

``make_articles`` leaves on each article the JSON-LD's data (``JsonLd``),
not its text; the text is written when a template shows it. These tests
render a template that shows nothing but the JSON-LD, so that the story's
fields the JSON-LD alone shows (its body, section, outlet, original URL, a
related story's URL) reach the page's fingerprint only through that data.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from jinja2 import DictLoader, Environment
from test_story_page_fingerprints import _settings, article_page

from news_digest import page_fingerprints
from news_digest.pelican_glue import JsonLd, jsonld_data, jsonld_text, make_articles
from news_digest.story import Block, Story

TEMPLATE = (
    '{% if article.jsonld is defined and article.jsonld %}<script type="application/ld+json">'
    "{{ article.jsonld }}</script>{% endif %}"
)


def _stories() -> list[Story]:
    """A story that links another as related."""
    day = dt.date(2026, 11, 20)
    story = Story(
        source="scraped/story.html",
        headline="Bridge traffic doubles",
        blocks=[Block("p", "Traffic doubled <in> a week & more."), Block("see_also")],
        outlet="Evening News",
        section="Transport",
        category="Local",
        date=day,
        url="https://evening.test/bridge",
        slug="bridge-traffic-doubles",
        author="A. Writer",
        tags=["Harbour", "Traffic"],
        summary="Traffic doubled.",
        related=["scraped/other.html"],
    )
    other = dataclasses.replace(
        story, source="scraped/other.html", slug="bridge-tolls", headline="Bridge tolls", related=[]
    )
    return [story, other]


def _page(stories: list[Story]) -> tuple[str, str, Any]:
    """The JSON-LD-only page of ``scraped/story.html``: its fingerprint, its HTML and its article."""
    settings = _settings()
    context: dict[str, Any] = {**copy.copy(settings), "generated_content": {}, "static_content": {}}
    articles = make_articles(stories, settings, context, tag_min_stories=2)
    article = articles["scraped/story.html"]
    template = Environment(loader=DictLoader({"article.html": TEMPLATE})).get_template("article.html")
    return (*article_page(settings, context, template, article), article)


def _set(source: str, **fields: Any) -> Callable[[list[Story]], None]:
    def change(stories: list[Story]) -> None:
        story = next(s for s in stories if s.source == source)
        for name, value in fields.items():
            setattr(story, name, value)

    return change


CHANGES: dict[str, Callable[[list[Story]], None]] = {
    "body": _set("scraped/story.html", blocks=[Block("p", "Traffic tripled."), Block("see_also")]),
    "section": _set("scraped/story.html", section="Roads"),
    "outlet": _set("scraped/story.html", outlet="Night News"),
    "original URL": _set("scraped/story.html", url="https://evening.test/bridge-2"),
    "related story's URL": _set("scraped/other.html", slug="bridge-tolls-rise"),
    "related stories": _set("scraped/story.html", related=[]),
    "headline": _set("scraped/story.html", headline="Bridge traffic triples"),
    "tags": _set("scraped/story.html", tags=["Harbour", "Tolls"]),
}


def test_the_jsonld_is_written_when_shown_and_is_the_text_it_was() -> None:
    _fingerprint, html, article = _page(_stories())
    assert isinstance(article.jsonld, JsonLd)
    stories = {s.source: s for s in _stories()}
    related = make_articles(list(stories.values()), _settings(), {"generated_content": {}}, tag_min_stories=2)
    # The text as it was written before JsonLd: straight from the data, no compact JSON between.
    data = jsonld_data(
        stories["scraped/story.html"], article, [related["scraped/other.html"]], "https://news.test"
    )
    text = jsonld_text(data)
    assert html == f'<script type="application/ld+json">{text}</script>'
    data = json.loads(text)
    assert data["articleBody"] == "Traffic doubled <in> a week & more."
    assert data["relatedLink"] == [f"https://news.test/{related['scraped/other.html'].url}"]
    assert "<" not in text and "&" not in text  # escaped: scraped text cannot end the script element


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_every_change_the_jsonld_shows_changes_the_fingerprint(name: str) -> None:
    page_fingerprints._READS.clear()
    fingerprint, html, _article = _page(_stories())
    assert _page(_stories())[:2] == (fingerprint, html)  # the same inputs: the same page and fingerprint
    stories = _stories()
    CHANGES[name](stories)
    other, other_html, _article = _page(stories)
    assert other_html != html, f"{name}: the case does not change the page"
    assert other != fingerprint, f"{name}: the page changed but its fingerprint did not"
