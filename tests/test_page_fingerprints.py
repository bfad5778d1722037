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
