"""Typogrify piece by piece gives the bytes of typogrifying the whole story body."""

from __future__ import annotations

import datetime as dt
import typing

import smartypants
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from news_digest.pelican_glue import body_html
from news_digest.story import Block, Story
from news_digest.typography import Typesetter, typogrifier

# Text that exercises every filter: quotes of both kinds at block starts and
# alone, capitals, ampersands, dashes, ellipses, markup-like text, spacing.
WORDS = st.sampled_from(
    [
        '"',
        "'",
        "“",
        "‘",
        "AFP",
        "NATO's",
        "U.S.",
        "&",
        "--",
        "---",
        "...",
        "<code>",
        "a",
        "the",
        "word",
        "Déjà",
        "'80s",
        " ",
        "\n",
        "x&y",
        "(R-Texas)",
        '"quoted"',
        "it's",
        "2KU2",
    ]
)
TEXT = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)
BLOCK = st.one_of(
    st.builds(Block, st.just("p"), TEXT),
    st.builds(Block, st.just("h"), TEXT),
    st.builds(Block, st.just("quote"), TEXT),
    st.builds(lambda items: Block("list", items=items), st.lists(TEXT, min_size=1, max_size=3)),
    st.just(Block("see_also")),
)


def _story(i: int, headline: str, blocks: list[Block] | None = None) -> Story:
    return Story(
        source=f"scraped/s{i}.txt",
        headline=headline,
        blocks=blocks or [],
        outlet="AP & Co",
        date=dt.date(2026, 11, 1 + i % 28),
    )


SETTINGS = [
    {"TYPOGRIFY": True},
    {"TYPOGRIFY": True, "TYPOGRIFY_DASHES": "oldschool", "TYPOGRIFY_OMIT_FILTERS": ["widont"]},
    {"TYPOGRIFY": True, "TYPOGRIFY_IGNORE_TAGS": ["h2", "blockquote"]},
    {"TYPOGRIFY": True, "TYPOGRIFY_IGNORE_TAGS": ["section"]},  # no shortcut: the section is one piece
]


@settings(max_examples=examples(150), deadline=None, derandomize=True)
@given(
    blocks=st.lists(BLOCK, max_size=6),
    headlines=st.lists(TEXT, max_size=5),
    which=st.integers(0, len(SETTINGS) - 1),
)
def test_pieces_typeset_like_the_whole_body(blocks, headlines, which):
    story = _story(0, "Main", blocks)
    related = [_story(i + 1, h) for i, h in enumerate(headlines)]
    conf = SETTINGS[which]
    typeset = Typesetter(conf)
    whole = typogrifier(conf)(body_html(story, related))
    assert body_html(story, related, typeset) == whole
    # Again with the shared pieces already typeset (the memo in use).
    assert body_html(story, related, typeset) == whole


def test_each_shared_piece_is_typeset_once_per_build():
    typeset = Typesetter({"TYPOGRIFY": True})
    calls = []
    inner = typeset.typogrify
    typeset.typogrify = lambda text: calls.append(text) or inner(text)
    related = [_story(i + 1, f'"Headline" number {i}') for i in range(3)]
    for n in range(4):
        body_html(_story(10 + n, "Own", [Block("p", f"Paragraph {n}."), Block("see_also")]), related, typeset)
    items = [c for c in calls if c.startswith("<li>")]
    assert len(items) == 3  # each related story's item once, whatever links it
    assert sum(c.startswith("<p>") for c in calls) == 4  # every story's own text


def test_typogrify_follows_the_settings_and_changes_no_global():
    before = smartypants.Attr.default
    text = '<p>"Tea" -- or coffee --- at the AFP & BBC.</p><pre>"kept" --</pre>'
    oldschool = typogrifier(
        {"TYPOGRIFY": True, "TYPOGRIFY_DASHES": "oldschool", "TYPOGRIFY_IGNORE_TAGS": ["pre"]}
    )
    default = typogrifier({"TYPOGRIFY": True})
    out_old, out_default = oldschool(text), default(text)
    assert smartypants.Attr.default == before
    # oldschool: -- is an en dash, --- an em dash; default: -- is an em dash.
    assert "or coffee &#8212; at" in out_old and "&#8211; or" in out_old
    assert "&#8212; or coffee" in out_default
    assert "&#8220;" in out_default and '<span class="caps">AFP</span>' in out_default
    assert '<pre>"kept" --</pre>' in out_old  # ignored tags are left alone
    assert typogrifier({"TYPOGRIFY": False})(text) == text
    no_caps = typogrifier({"TYPOGRIFY": True, "TYPOGRIFY_OMIT_FILTERS": ["caps"]})(text)
    assert "caps" not in no_caps and "&#8220;" in no_caps


# Markup and text that every filter acts on, and the things that fool a
# shortcut: comments (text to smartypants when they hold "--"), tags with
# quotes in their attributes, ignored elements, entities, escapes.
MARKUP = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<h2>",
        "</h2>",
        "<li>",
        "</li>",
        "<blockquote>",
        '<a href="x.html" title="it\'s">',
        "</a>",
        "<em>",
        "</em>",
        "<code>",
        "</code>",
        "<pre>",
        "</pre>",
        '<span class="skip">',
        "</span>",
        "<!-- a -- b -->",
        "<!-- AB -->",
        "<kbd>",
        "\n",
        "&amp;",
        "&quot;",
        "&nbsp;",
        "&#8220;",
        "&ldquo;",
        "&lsquo;",
        "\\'",
        "\\\\",
        "``",
        "''",
        "`",
        ". . .",
        "....",
        "-",
        "<",
        ">",
        "A",
        "B2C",
        "U. S.",
        "'90s",
        "9",
    ]
)
HTML = st.lists(st.one_of(WORDS, MARKUP), max_size=25).map(lambda parts: " ".join(parts) if parts else "")
ALL_SETTINGS = [
    *SETTINGS,
    {"TYPOGRIFY": True, "TYPOGRIFY_IGNORE_TAGS": [".skip", "h2"]},
    {"TYPOGRIFY": True, "TYPOGRIFY_DASHES": "oldschool_inverted", "TYPOGRIFY_OMIT_FILTERS": ["amp", "caps"]},
]


def _every_filter(conf: dict) -> typing.Callable[[str], str]:
    """Typogrify as Pelican runs it: every filter on every text, in typogrify's order."""
    from typogrify import filters

    attr = {"oldschool": smartypants.Attr.set2, "oldschool_inverted": smartypants.Attr.set3}.get(
        conf.get("TYPOGRIFY_DASHES", "default"), smartypants.Attr.set1
    ) | smartypants.Attr.w
    omit = set(conf.get("TYPOGRIFY_OMIT_FILTERS") or [])
    steps = [
        step
        for name, step in (
            ("amp", filters.amp),
            ("smartypants", lambda text: smartypants.smartypants(text, attr)),
            ("caps", filters.caps),
            ("initial_quotes", filters.initial_quotes),
            ("widont", filters.widont),
        )
        if name not in omit
    ]

    def run(text: str) -> str:
        out = []
        for chunk, process in filters.process_ignores(text, conf.get("TYPOGRIFY_IGNORE_TAGS") or []):
            for step in steps if process else ():
                chunk = step(chunk)
            out.append(chunk)
        return "".join(out)

    return run


@settings(max_examples=examples(300), deadline=None, derandomize=True)
@given(text=HTML, which=st.integers(0, len(ALL_SETTINGS) - 1))
def test_filters_left_out_where_they_change_nothing_give_the_same_bytes(text, which):
    """The typesetter skips a filter when the text holds nothing it acts on: the result is
    every filter's, byte for byte, on hostile markup and text."""
    conf = ALL_SETTINGS[which]
    assert typogrifier(conf)(text) == _every_filter(conf)(text)


def test_a_text_with_nothing_to_typeset_but_its_last_space_gets_only_that():
    typogrify = typogrifier({"TYPOGRIFY": True})
    assert typogrify("<p>plain words here</p>") == "<p>plain words&nbsp;here</p>"
    assert typogrify('<p>the NATO & U.S. "deal"</p>') == _every_filter({"TYPOGRIFY": True})(
        '<p>the NATO & U.S. "deal"</p>'
    )


# Markup where typogrify's widont can and cannot act: block and inline closers, tags that hold
# a "<" or open no element it knows, white space of every kind, words and stray brackets.
WIDONT_PARTS = st.sampled_from(
    [
        *("<p>", "</p>", "<li>", "</li>", "<h2>", "</h2>", "</h6>", "</dd>", "</dt>", "</ul>", "</section>"),
        *("<em>", "</em>", "<a href='x'>", "</a>", "<b>", "</b>", "<i>", "</i>", "</span>", "<strong>"),
        *("</strong>", "<br>", "<img src=a>", "<blockquote>", "</blockquote>", "<!-- c -->", "</em >"),
        *(" ", "  ", "\n", "\t", "\xa0", "word", "w", "x.", "<", ">", "</", "<a", "</p", "a>b", "&nbsp;"),
    ]
)


@settings(max_examples=examples(2000), deadline=None, derandomize=True)
@given(parts=st.lists(WIDONT_PARTS, max_size=16))
def test_widont_block_by_block_gives_widonts_bytes(parts):
    """widont run on each block's last words only (typography.block_by_block) changes what
    typogrify's widont changes on the whole text, on hostile markup too."""
    from typogrify import filters

    from news_digest.typography import block_by_block

    text = "".join(parts)
    assert block_by_block(filters.widont)(text) == filters.widont(text)


def test_widont_block_by_block_on_a_story_body():
    from typogrify import filters

    from news_digest.typography import block_by_block

    body = (
        "<p>First paragraph of the story.</p>\n<p>It goes <em>on and on</em></p>\n"
        "<ul>\n<li><a href='x'>A related story</a> <span class='m'>Courier, 1 May</span></li>\n</ul>\n"
        "<h2>One</h2>\nthe last words"
    )
    fast = block_by_block(filters.widont)(body)
    assert fast == filters.widont(body)
    assert "of the&nbsp;story.</p>" in fast and "on and&nbsp;on</em></p>" in fast
    assert "last&nbsp;words" in fast and "<h2>One</h2>" in fast
