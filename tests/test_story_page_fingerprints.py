"""A story page's fingerprint counts its article by what it was made from (page_fingerprints.made).

Each case changes one thing a story page shows, makes the articles again
as a build does (``make_articles``, then what the digest pages set on them),
renders the page with the real theme, and checks that whenever the page's
HTML changed, its fingerprint changed too.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from jinja2 import Environment, FileSystemLoader, Template
from pelican.settings import read_settings

from conftest import ROOT
from news_digest import page_fingerprints
from news_digest.pelican_glue import make_articles
from news_digest.story import Block, Commentary, Credit, Event, Story


def _settings() -> dict[str, Any]:
    return read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(ROOT / "content"),
            "THEME": str(ROOT / "theme"),
            "SITEURL": "https://news.test",
        },
    )


def _stories() -> list[Story]:
    """Three stories: a lead, and two that follow it (the first links the lead as related)."""
    day = dt.date(2026, 11, 20)
    lead = Story(
        source="scraped/lead.html",
        headline="Harbour bridge opens",
        blocks=[Block("p", "The bridge opened on Monday.")],
        outlet="Daily Post",
        category="Local",
        date=day,
        slug="harbour-bridge-opens",
        tags=["Harbour", "Bridges"],
        summary="The bridge opened.",
    )
    story = Story(
        source="scraped/story.html",
        headline="Bridge traffic doubles",
        blocks=[Block("p", "Traffic doubled in a week."), Block("see_also")],
        outlet="Evening News",
        section="Transport",
        category="Local",
        date=day + dt.timedelta(days=7),
        url="https://evening.test/bridge",
        slug="bridge-traffic-doubles",
        author="A. Writer",
        tags=["Harbour", "Traffic"],
        summary="Traffic doubled.",
        related=["scraped/lead.html", "scraped/other.html"],
        also_reported=[Credit("Morning Star", "https://star.test/b", "scraped/copy.html")],
        commentary=[Commentary("commentary/n.md", "<p>A note.</p>", author="Ed")],
    )
    other = dataclasses.replace(
        story,
        source="scraped/other.html",
        slug="bridge-tolls",
        headline="Bridge tolls",
        related=[],
        url=None,
        tags=["Harbour"],
    )
    event = Event(id="harbour-bridge-opens", lead=lead.source, members=[lead.source], day=day)
    lead.event = event
    story.timeline = [event]
    return [lead, story, other]


def _page(stories: list[Story], after: Callable[[dict[str, Any]], None] | None = None) -> tuple[str, str]:
    """The story page of ``scraped/story.html``: its fingerprint and its HTML."""
    settings = _settings()
    context: dict[str, Any] = {**copy.copy(settings), "generated_content": {}, "static_content": {}}
    articles = make_articles(stories, settings, context, tag_min_stories=2)
    for article in articles.values():  # as the build's context holds them, for {filename} links
        context["generated_content"][article.relative_source_path] = article
    by_source = {a.digest.source: a for a in articles.values()}
    for article in articles.values():  # what the digest pages set (digest_pages._story_so_far)
        article.story_so_far = [
            (e.day, by_source[e.lead]) for e in article.digest.timeline if by_source[e.lead] is not article
        ]
        article.summary_shown = True
        # The JSON-LD repeats most story fields: kept the same here, so that each case shows
        # that the field itself counts (the JSON-LD counts on its own: AFTER).
        article.jsonld = "{}"
    if after is not None:
        after(by_source)
    article = by_source["scraped/story.html"]
    env = Environment(
        loader=FileSystemLoader(str(ROOT / "theme" / "templates")), extensions=["jinja2.ext.do"]
    )
    return article_page(settings, context, env.get_template("article.html"), article)


def article_page(
    settings: dict[str, Any], context: dict[str, Any], template: Template, article: Any
) -> tuple[str, str]:
    """``article``'s page by ``template``, as the writer renders it: its fingerprint and its HTML."""
    local = {
        **context,
        "article": article,
        "output_file": article.save_as,
        "localsiteurl": settings["SITEURL"],
    }
    fingerprint = page_fingerprints.Fingerprints(settings).page(template, context, local)
    assert fingerprint is not None
    return fingerprint, template.render(local)


def _story(stories: list[Story], source: str) -> Story:
    return next(s for s in stories if s.source == source)


def _set(source: str, **fields: Any) -> Callable[[list[Story]], None]:
    def change(stories: list[Story]) -> None:
        for name, value in fields.items():
            setattr(_story(stories, source), name, value)

    return change


CHANGES: dict[str, Callable[[list[Story]], None]] = {
    "headline": _set("scraped/story.html", headline="Bridge traffic triples"),
    "body": _set("scraped/story.html", blocks=[Block("p", "Traffic tripled."), Block("see_also")]),
    "summary": _set("scraped/story.html", summary="Traffic tripled."),
    "summary by the editors": _set("scraped/story.html", summary_by_editor=True),
    "outlet": _set("scraped/story.html", outlet="Night News"),
    "section": _set("scraped/story.html", section="Roads"),
    "original URL": _set("scraped/story.html", url="https://evening.test/bridge-2"),
    "date": _set("scraped/story.html", date=dt.date(2026, 11, 28)),
    "author": _set("scraped/story.html", author="B. Writer", outlet=""),
    "language": _set("scraped/story.html", language="de"),
    "category": _set("scraped/story.html", category="Transport"),
    "tags": _set("scraped/story.html", tags=["Harbour", "Tolls"]),
    "a tag gets a page": _set("scraped/other.html", tags=["Harbour", "Traffic"]),
    "also reported by": _set(
        "scraped/story.html", also_reported=[Credit("Noon Post", "https://noon.test/b", "scraped/c2.html")]
    ),
    "commentary": _set("scraped/story.html", commentary=[Commentary("commentary/n.md", "<p>Another.</p>")]),
    "earlier story's headline": _set("scraped/lead.html", headline="Harbour bridge finally opens"),
    "related story's URL": _set("scraped/other.html", slug="bridge-tolls-rise"),
    "related stories": _set("scraped/story.html", related=["scraped/other.html"]),
    "earlier in this story": _set("scraped/story.html", timeline=[]),
}


def test_every_change_a_story_page_shows_changes_its_fingerprint() -> None:
    page_fingerprints._READS.clear()
    fingerprint, html = _page(_stories())
    again, same = _page(_stories())
    assert (again, same) == (fingerprint, html)  # the same inputs: the same page, the same fingerprint
    for name, change in CHANGES.items():
        stories = _stories()
        change(stories)
        other, other_html = _page(stories)
        assert other_html != html, f"{name}: the case does not change the page"
        assert other != fingerprint, f"{name}: the page changed but its fingerprint did not"


AFTER: dict[str, Callable[[dict[str, Any]], None]] = {
    "JSON-LD": lambda by: setattr(by["scraped/story.html"], "jsonld", '{"@type": "NewsArticle"}'),
    "summary hidden": lambda by: setattr(by["scraped/story.html"], "summary_shown", False),
    "rewritten summary": lambda by: by["scraped/story.html"].metadata.update(summary="Rewritten."),
}


@pytest.mark.parametrize("name", sorted(AFTER))
def test_what_is_set_on_an_article_after_it_is_made_counts(name: str) -> None:
    fingerprint, html = _page(_stories())
    other, other_html = _page(_stories(), AFTER[name])
    assert other_html != html, f"{name}: the case does not change the page"
    assert other != fingerprint, f"{name}: the page changed but its fingerprint did not"


SHARING = {
    "page.html": "{{ article.title }} {{ article.digest.outlet }}{% for day, lead in article.story_so_far %}"
    " {{ lead.title }} {{ lead.digest.section }}{% endfor %}",
    "titles.html": "{% for a in articles %}{{ a.title }} {{ a.digest.section }};{% endfor %}",
    "bylines.html": "{% for a in articles %}{{ a.digest.author }} {{ a.tags }} {{ a.plain_tags }};{% endfor %}",
    "summaries.html": "{% for a in articles %}{{ a.summary }} {{ a.digest.commentary }};{% endfor %}",
}
"""Templates that read different things off the same articles (their pages digest them under other names)."""


def test_a_builds_shared_article_parts_give_each_page_the_fingerprint_it_has_alone() -> None:
    """One build's fingerprints share what no template's names change (``_made_parts``): in any order,
    each page's fingerprint is the one a fresh start gives it, and the pages tell the stories apart."""
    from jinja2 import DictLoader

    settings = _settings()
    context: dict[str, Any] = {**copy.copy(settings), "generated_content": {}, "static_content": {}}
    stories = _stories()
    _story(stories, "scraped/other.html").author = "C. Writer"
    articles = make_articles(stories, settings, context, tag_min_stories=2)
    by_source = {a.digest.source: a for a in articles.values()}
    for article in articles.values():
        article.story_so_far = [
            (e.day, by_source[e.lead]) for e in article.digest.timeline if by_source[e.lead] is not article
        ]
    env = Environment(loader=DictLoader(SHARING))
    pages = [
        (name, {**context, "articles": list(articles.values()), "output_file": f"{name}", "localsiteurl": ""})
        for name in ("titles.html", "bylines.html", "summaries.html")
    ]
    pages += [
        ("page.html", {**context, "article": a, "output_file": a.save_as, "localsiteurl": ""})
        for a in articles.values()
    ]
    alone = [
        page_fingerprints.Fingerprints(settings).page(env.get_template(n), context, local)
        for n, local in pages
    ]
    assert None not in alone
    assert len(set(alone)) == len(alone)
    for order in (pages, pages[::-1], pages[1::2] + pages[::2]):
        shared = page_fingerprints.Fingerprints(settings)
        got = {id(local): shared.page(env.get_template(n), context, local) for n, local in order}
        assert [got[id(local)] for _n, local in pages] == alone
    # Each list page shows what it reads of every story: a change there changes it.
    for name, field, value in (("titles.html", "section", "Roads"), ("bylines.html", "author", "D. Writer")):
        setattr(_story(stories, "scraped/other.html"), field, value)
        changed = make_articles(stories, settings, dict(context), tag_min_stories=2)
        local = {**context, "articles": list(changed.values()), "output_file": name, "localsiteurl": ""}
        other = page_fingerprints.Fingerprints(settings).page(env.get_template(name), context, local)
        assert other != alone[[n for n, _l in pages].index(name)], f"{name}: {field} did not count"
