"""What a template reads, remembered across builds in one process, and read again when a template changes."""

from __future__ import annotations

from jinja2 import DictLoader, Environment, FunctionLoader

from news_digest import page_fingerprints

TEMPLATES = {
    "base.html": "<title>{{ SITENAME }}</title>{% block body %}{% endblock %}",
    "article.html": '{% extends "base.html" %}{% block body %}{{ article.title }}{% endblock %}',
}


def test_a_new_environment_with_the_same_templates_reuses_what_was_read():
    first = page_fingerprints._remembered_reads(
        Environment(loader=DictLoader(dict(TEMPLATES))), "article.html"
    )
    again = page_fingerprints._remembered_reads(
        Environment(loader=DictLoader(dict(TEMPLATES))), "article.html"
    )
    assert first is not None and again is first
    assert set(first.names) == {"SITENAME", "article"} and "title" in first.attributes


def test_a_changed_template_or_environment_is_read_again():
    first = page_fingerprints._remembered_reads(
        Environment(loader=DictLoader(dict(TEMPLATES))), "article.html"
    )
    # The base template changed: the article's reads change with it (its sources, its names).
    edited = {**TEMPLATES, "base.html": TEMPLATES["base.html"].replace("SITENAME", "SITESUBTITLE")}
    changed = page_fingerprints._remembered_reads(Environment(loader=DictLoader(edited)), "article.html")
    assert changed.sources != first.sources
    assert set(changed.names) == {"SITESUBTITLE", "article"}
    # Another syntax parses the same text otherwise: not answered from the first environment's reads.
    other = Environment(
        loader=DictLoader(dict(TEMPLATES)), variable_start_string="[[", variable_end_string="]]"
    )
    assert page_fingerprints._remembered_reads(other, "article.html").names == ()  # all plain text now


def test_a_loader_that_cannot_list_its_templates_is_read_every_time():
    env = Environment(loader=FunctionLoader(TEMPLATES.get))
    reads = page_fingerprints._remembered_reads(env, "article.html")
    assert reads == page_fingerprints._template_reads(env, "article.html")
    assert reads is not page_fingerprints._remembered_reads(Environment(loader=env.loader), "article.html")


def test_the_same_settings_in_another_order_are_the_same_site():
    settings = {"SITENAME": "Digest", "SITEURL": "", "DIGEST_SEARCH": True, "TIMEZONE": "UTC"}
    again = dict(reversed(list(settings.items())))
    first, second = page_fingerprints.Fingerprints(settings), page_fingerprints.Fingerprints(again)
    assert first.site.digest() == second.site.digest()
    # What the settings say still counts.
    other = page_fingerprints.Fingerprints({**settings, "SITENAME": "Another"})
    assert other.site.digest() != first.site.digest()


def _article(summary: str):
    import copy

    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    settings = copy.deepcopy(DEFAULT_CONFIG)
    return Article("<p>Body</p>", metadata={"title": "Title", "summary": summary}, settings=settings)


NAMED = {
    # One reads only the linked articles' titles; the other their summaries.
    "titles.html": "{{ first|length }}{% for x in more %}{% for a in x %}{{ a.title }}{% endfor %}{% endfor %}",
    "summaries.html": "{% for x in more %}{% for a in x %}{{ a.summary }}{% endfor %}{% endfor %}",
}


def _fingerprints(summary: str) -> tuple[str | None, str | None]:
    """Both pages' fingerprints in one build, the titles page first, over the same lists."""
    env = Environment(loader=DictLoader(NAMED))
    article = _article(summary)
    first, more = [article], [(article,)]  # ``more`` reaches the article through two lists
    fingerprints = page_fingerprints.Fingerprints({"SITENAME": "Digest"})
    titles = fingerprints.page(env.get_template("titles.html"), {}, {"first": first, "more": more})
    summaries = fingerprints.page(env.get_template("summaries.html"), {}, {"more": more})
    return titles, summaries


def test_a_list_of_articles_counts_what_each_template_reads_off_them():
    # A value digested once is shared by every page only when no article is on the way:
    # a list holding an article (itself, or already digested) counts each template's names.
    titles, summaries = _fingerprints("One summary.")
    other_titles, other_summaries = _fingerprints("Another summary.")
    assert None not in (titles, summaries, other_titles, other_summaries)
    assert titles == other_titles  # the titles page reads no summary
    assert summaries != other_summaries


def test_a_markup_value_has_a_fingerprint_of_its_text():
    from markupsafe import Markup

    env = Environment(loader=DictLoader({"page.html": "{{ note }}"}))
    template = env.get_template("page.html")

    def fingerprint(note: object) -> str | None:
        return page_fingerprints.Fingerprints({}).page(template, {}, {"note": note})

    first = fingerprint(Markup("<b>One</b>"))
    assert first is not None
    assert first == fingerprint(Markup("<b>One</b>"))
    assert first != fingerprint(Markup("<b>Two</b>"))
    assert first != fingerprint("<b>One</b>")  # plain text is escaped: another page


def test_templates_sharing_a_base_read_what_each_read_alone():
    # The theme's base and partial templates are parsed once for all the templates using them.
    from jinja2 import FileSystemLoader

    from conftest import ROOT

    env = Environment(
        loader=FileSystemLoader(str(ROOT / "theme" / "templates")), extensions=["jinja2.ext.do"]
    )
    names = env.loader.list_templates()
    assert {"base.html", "article.html", "digest.html", "tag.html"} <= set(names)
    page_fingerprints._READS.clear()
    page_fingerprints._PARSED.clear()
    for name in names:
        alone = page_fingerprints._template_reads(env, name)
        assert page_fingerprints._remembered_reads(env, name) == alone, name
    assert len(page_fingerprints._PARSED) == 1  # one theme, each template parsed once
    assert set(next(iter(page_fingerprints._PARSED.values()))) == set(names)


def test_a_story_property_counts_the_fields_it_reads():
    # ``d.body_text`` names no field: the story's blocks count all the same.
    from news_digest.story import Block, Story

    env = Environment(loader=DictLoader({"page.html": "{{ d.body_text }}"}))
    template = env.get_template("page.html")

    def fingerprint(text: str) -> str | None:
        story = Story(source="scraped/a.html", blocks=[Block("p", text)])
        return page_fingerprints.Fingerprints({}).page(template, {}, {"d": story})

    first = fingerprint("One paragraph.")
    assert first is not None
    assert first == fingerprint("One paragraph.")
    assert first != fingerprint("Another paragraph.")
