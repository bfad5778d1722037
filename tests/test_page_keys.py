"""A story page's whole-page key (``Fingerprints.page_key``): equal keys, equal fingerprints.

A build works each story page's key out first, from the last build's record
of the page (its content's link targets and the path index lookups that
resolved them), and leaves the page alone when the key is the recorded one.
Each case here makes the articles as a build does, works out the page's
fingerprint and key as one build would (a fresh ``Fingerprints``), changes
one thing, and works the key out again as the next build would, from the
first build's record: whenever the page's HTML changed, the key changed.
The cases are those of ``test_story_page_fingerprints`` (each thing a
story page shows) and a few that only the key's own parts see.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from jinja2 import Environment, FileSystemLoader
from pelican.contents import Content
from pelican.urlwrappers import Category
from test_story_page_fingerprints import AFTER, CHANGES, _settings, _stories

from conftest import ROOT
from news_digest import page_fingerprints
from news_digest.codec import fingerprint, story_reprs
from news_digest.pelican_glue import JsonLd, make_articles
from news_digest.story import Story

PAGE = "scraped/story.html"


@dataclass
class Page:
    """One build's story page: its fingerprint, key and record (links, lookups), and its HTML."""

    fingerprint: str | None
    key: str | None
    links: Any
    lookups: Any
    html: str
    fingerprints: page_fingerprints.Fingerprints
    args: tuple[Any, Any, Any]


def _final(story: Story) -> str:
    """A final-state key: equal for equal stories (as ``memo.state_after(story, "final")``)."""
    return fingerprint(story_reprs(story))


def _build(
    stories: list[Story],
    after: Callable[[dict[str, Any]], None] | None = None,
    site: Callable[[dict[str, Any]], None] | None = None,
    jsonld: bool = False,
) -> Page:
    """The story page of :data:`PAGE` as a build makes it (``after``: set on the articles once
    made; ``site``: a change to the shared context; ``jsonld``: each keeps the JSON-LD
    ``make_articles`` gave it, made from its story and URLs, not one string for all)."""
    settings = _settings()
    context: dict[str, Any] = {**copy.copy(settings), "generated_content": {}, "static_content": {}}
    articles = make_articles(stories, settings, context, tag_min_stories=2)
    # Each story's final-state key, as a build with the cache gives ``made`` (it was called
    # without one here, before the JSON-LD was set: what it noted then stays).
    for key, (article, names, _none) in list(page_fingerprints._MADE.items()):
        page_fingerprints._MADE[key] = (article, names, _final(article.digest))
    for article in articles.values():
        context["generated_content"][article.relative_source_path] = article
    by_source = {a.digest.source: a for a in articles.values()}
    for article in articles.values():
        article.story_so_far = [
            (e.day, by_source[e.lead]) for e in article.digest.timeline if by_source[e.lead] is not article
        ]
        article.summary_shown = True
        if not jsonld:
            article.jsonld = "{}"
    if after is not None:
        after(by_source)
    if site is not None:
        site(context)
    article = by_source[PAGE]
    env = Environment(
        loader=FileSystemLoader(str(ROOT / "theme" / "templates")), extensions=["jinja2.ext.do"]
    )
    template = env.get_template("article.html")
    local = {
        **context,
        "article": article,
        "output_file": article.save_as,
        "localsiteurl": settings["SITEURL"],
    }
    fingerprints = page_fingerprints.Fingerprints(settings)
    made = fingerprints.page(template, context, local)
    parts = fingerprints.page_parts
    return Page(
        made,
        parts.key,
        parts.links,
        parts.lookups,
        template.render(local),
        fingerprints,
        (template, context, local),
    )


def _key(page: Page, record: Page) -> str | None:
    """``page``'s key as the next build works it out: a fresh process, from ``record``'s record."""
    fresh = page_fingerprints.Fingerprints(_settings())
    return fresh.page_key(*page.args, record.links, record.lookups)


def test_an_unchanged_story_page_has_the_key_it_had() -> None:
    first = _build(_stories())
    assert first.key is not None and first.fingerprint is not None
    # Its see-also links were resolved by lookups in the path index, and recorded.
    assert first.links is not None and len(first.lookups) == len(first.links[1]) > 0
    assert all(tries and tries[0][0] == "generated_content" for tries in first.lookups)
    again = _build(_stories())
    assert (again.key, again.fingerprint, again.html) == (first.key, first.fingerprint, first.html)
    assert _key(again, first) == first.key  # worked out alone, from the record: the same key
    # The record as it is kept (one string) gives the same lookups back.
    assert page_fingerprints.decode_lookups(page_fingerprints.encode_lookups(first.lookups)) == first.lookups


def test_the_page_s_own_links_are_resolved_once_as_pelican_resolves_them(monkeypatch) -> None:
    """The fingerprint resolves the page's own content as the page shows it, and the template
    takes that text (Pelican's memo of ``get_content``): each link is resolved once, no more."""
    resolved: list[str] = []
    replacer = Content._link_replacer

    def watched(self: Content, siteurl: str, match: Any) -> str:
        resolved.append(match.group("path"))
        return replacer(self, siteurl, match)

    monkeypatch.setattr(Content, "_link_replacer", watched)
    page = _build(_stories())
    assert page.links is not None and page.links[1]
    assert resolved == list(page.links[1])  # by the fingerprint; the render resolved none again
    monkeypatch.setattr(Content, "_link_replacer", replacer)
    article = page.args[2]["article"]
    shown = Content._update_content(article, article._content, article.get_siteurl())
    assert "{filename}" not in shown and shown in page.html  # what Pelican itself makes of it


def test_a_story_page_without_a_final_state_key_has_no_key() -> None:
    stories = _stories()
    settings = _settings()
    context: dict[str, Any] = {**copy.copy(settings), "generated_content": {}, "static_content": {}}
    articles = make_articles(stories, settings, context, tag_min_stories=2)  # no build cache: no key
    article = next(a for a in articles.values() if a.digest.source == PAGE)
    env = Environment(loader=FileSystemLoader(str(ROOT / "theme" / "templates")))
    local = {**context, "article": article, "output_file": article.save_as, "localsiteurl": ""}
    fingerprints = page_fingerprints.Fingerprints(settings)
    assert fingerprints.page(env.get_template("article.html"), context, local) is not None
    assert fingerprints.page_parts.key is None


def _content(text: str) -> Callable[[dict[str, Any]], None]:
    def change(by: dict[str, Any]) -> None:
        by[PAGE]._content = text

    return change


QUOTED = '<p>See <a href="{filename}/scraped/other%20story.html">the tolls</a>.</p>'
"""A body whose link's quoted path misses the index and whose unquoted path finds a story."""


def _move(source: str, to: str) -> Callable[[dict[str, Any]], None]:
    """The story of ``source`` found in the path index under ``to`` as well."""

    def change(context: dict[str, Any]) -> None:
        index = context["generated_content"]
        index[to] = next(a for a in index.values() if a.digest.source == source)

    return change


KEY_CASES: dict[
    str, tuple[Callable[[dict[str, Any]], None] | None, Callable[[dict[str, Any]], None] | None]
] = {
    "content set after": (_content("<p>Another body.</p>"), None),
    "a setting the templates read": (None, lambda context: context.update(SITESUBTITLE="Evening edition")),
}
"""Cases only the key's own parts see: (change to the articles, change to the shared context)."""


@pytest.mark.parametrize("name", [*CHANGES, *(f"after: {n}" for n in AFTER), *KEY_CASES])
def test_every_change_a_story_page_shows_changes_its_key(name: str) -> None:
    first = _build(_stories())
    stories = _stories()
    after = site = None
    if name in CHANGES:
        CHANGES[name](stories)
    elif name.startswith("after: "):
        after = AFTER[name.removeprefix("after: ")]
    else:
        after, site = KEY_CASES[name]
    changed = _build(stories, after, site)
    assert changed.html != first.html, f"{name}: the case does not change the page"
    assert _key(changed, first) != first.key, f"{name}: the page changed but its key did not"


def _jsonld_of(story: str | None = None, url: str | None = None, related: list[str] | None = None):
    """The page's JSON-LD made again from another story (by source), page URL or related URLs."""

    def change(by: dict[str, Any]) -> None:
        own, page_url, related_urls = by[PAGE].jsonld.page_key_inputs()
        made_from = by[story].digest if story else own
        by[PAGE].jsonld = JsonLd.of(made_from, url or page_url, related_urls if related is None else related)

    return change


JSONLD_CASES: dict[str, Callable[[dict[str, Any]], None]] = {
    "its page's URL": _jsonld_of(url="https://example.org/moved/story.html"),
    "its related pages' URLs": _jsonld_of(related=["https://example.org/elsewhere.html"]),
    "no related pages": _jsonld_of(related=[]),
    "another story's data": _jsonld_of(story="scraped/other.html"),
}
"""Changes to a story page's JSON-LD alone, kept as made (from its story and URLs)."""


def test_a_page_key_counts_the_json_ld_by_what_it_is_made_from() -> None:
    first = _build(_stories(), jsonld=True)
    assert first.key is not None and first.key != _build(_stories()).key
    # Worked out from the record in a fresh process, from a fresh build's articles: the same key,
    # and the JSON-LD's data was not made for it.
    fresh = _build(_stories(), jsonld=True)
    kept = page_fingerprints.Fingerprints(_settings())
    article = fresh.args[2]["article"]
    article.jsonld = JsonLd.of(*article.jsonld.page_key_inputs())
    assert kept.page_key(*fresh.args, first.links, first.lookups) == first.key
    assert "data" not in vars(article.jsonld)


@pytest.mark.parametrize("name", sorted(JSONLD_CASES))
def test_every_change_of_the_json_ld_changes_the_page_key(name: str) -> None:
    first = _build(_stories(), jsonld=True)
    changed = _build(_stories(), JSONLD_CASES[name], jsonld=True)
    assert changed.html != first.html, f"{name}: the case does not change the page"
    assert _key(changed, first) != first.key, f"{name}: the page changed but its key did not"


def test_a_link_resolves_again_when_an_earlier_try_finds_something() -> None:
    """Pelican tries a link's path as written before the unquoted one: when the path as written
    starts to name a page, the link resolves to it, and the key changes with it."""
    stories = _stories()
    first = _build(stories, _content(QUOTED), _move("scraped/other.html", "scraped/other story.html"))
    assert first.key is not None
    index, path = first.lookups[0][0]
    assert (index, path) == ("generated_content", "scraped/other%20story.html")  # tried first, missed
    assert first.lookups[0][1] == ("generated_content", "scraped/other story.html")  # then found
    same = _build(_stories(), _content(QUOTED), _move("scraped/other.html", "scraped/other story.html"))
    assert _key(same, first) == first.key

    def both(context: dict[str, Any]) -> None:
        _move("scraped/other.html", "scraped/other story.html")(context)
        _move("scraped/lead.html", "scraped/other%20story.html")(context)

    found_earlier = _build(_stories(), _content(QUOTED), both)
    assert found_earlier.html != first.html
    assert _key(found_earlier, first) != first.key


def test_a_record_from_another_content_gives_no_key() -> None:
    """The recorded targets are the last build's content's: with another content they are not
    this one's, and the key is not worked out (the fingerprint is)."""
    first = _build(_stories())
    changed = _build(_stories(), _content("<p>Another body.</p>"))
    assert _key(changed, first) is None
    assert changed.key is not None and changed.key != first.key


def test_lookups_round_trip_through_the_record() -> None:
    lookups = (
        (("generated_content", "a/b.html"), ("static_content", "a/b.html")),
        (),
        (("generated_content", "x"),),
    )
    text = page_fingerprints.encode_lookups(lookups)
    assert isinstance(text, str)
    assert page_fingerprints.decode_lookups(text) == lookups
    assert page_fingerprints.decode_lookups(page_fingerprints.encode_lookups(())) == ()
    assert page_fingerprints.encode_lookups(((("generated_content", "a\x1fb"),),)) is None
    assert page_fingerprints.decode_lookups(page_fingerprints.encode_lookups(((),))) == ((),)


def test_one_process_keys_each_page_by_its_own_values() -> None:
    """The names whose values are the shared context's own are joined once a process: a page whose
    values are other objects (another subtitle) gets the key a fresh process gives it."""
    first = _build(_stories())
    template, context, local = first.args
    other_context = {**context, "SITESUBTITLE": "Evening edition"}
    other_local = {**local, "SITESUBTITLE": "Evening edition"}
    pages = [(template, context, local), (template, other_context, other_local), (template, context, local)]
    shared = page_fingerprints.Fingerprints(_settings())
    keys = [shared.page_key(*page, first.links, first.lookups) for page in pages]
    alone = [
        page_fingerprints.Fingerprints(_settings()).page_key(*p, first.links, first.lookups) for p in pages
    ]
    assert keys == alone
    assert keys[0] == keys[2] == first.key != keys[1]


def test_a_value_given_to_the_page_alone_counts() -> None:
    """A name the writer gives one page (not the shared context's): its value counts in the key."""
    first = _build(_stories())
    template, context, local = first.args
    # As the writer gives it (the page's category, whose feed the page links), and another.
    pages = [
        {**local, "category": category}
        for category in (local["article"].category, Category("Roads", _settings()))
    ]
    assert template.render(pages[0]) != template.render(pages[1])
    keys = [
        page_fingerprints.Fingerprints(_settings()).page_key(
            template, context, page, first.links, first.lookups
        )
        for page in pages
    ]
    assert None not in keys and keys[0] != keys[1]
