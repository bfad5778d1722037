"""Property tests on the page and record readers and on the cleaner.

For any input: no exception escapes a reader but :class:`Unreadable` (and a
record reader returns one story per record, numbered from 1); cleaning a
story twice changes nothing the first pass did not; no sentence that is not
furniture disappears; and a build lists every input once. Inputs are built
from pieces that look like what scrapers save (tags, attributes, entities,
furniture lines, see-also markers, prose), mixed with arbitrary text, so
that most examples get past the first checks. Bounded and derandomised.
"""

from __future__ import annotations

import copy
import gzip
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import build_site, examples
from news_digest.clean import build_rules, clean_story
from news_digest.readers.html import page_story, read_html
from news_digest.readers.jsonl import read_json, read_jsonl, record_story
from news_digest.readers.markup import blocks_from_html
from news_digest.readers.text import Unreadable
from news_digest.sanitise import ALLOWED_TAGS, sanitise
from news_digest.story import Block, Story

FAST = settings(
    max_examples=examples(60), deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
# Page examples run trafilatura (about 0.1 s each): fewer of them.
PAGES = settings(
    max_examples=examples(25), deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
BUILDS = settings(
    max_examples=examples(4),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
RULES = build_rules([], {})

# --------------------------------------------------------------------------
# pieces of pages

WORDS = st.sampled_from(
    [
        "the",
        "harbour",
        "council",
        "ferry",
        "crews",
        "said",
        "on",
        "Tuesday",
        "island",
        "port",
        "strike",
        "vote",
        "mayor",
        "of",
        "Kellhaven",
        "&amp;",
        "&lt;",
        "&#x27;",
        "&#0;",
        "\u200b",
        "\u202e",
        "é",
        "Ã©",
        "—",
        "“",
        "”",
        "2026",
        "12.5",
        "%",
        "euros",
    ]
)
TEXT = st.one_of(st.lists(WORDS, max_size=12).map(" ".join), st.text(max_size=40))
TAGS = st.sampled_from(
    [
        "p",
        "div",
        "span",
        "a",
        "em",
        "strong",
        "b",
        "i",
        "h1",
        "h2",
        "h3",
        "ul",
        "ol",
        "li",
        "blockquote",
        "table",
        "tr",
        "td",
        "br",
        "script",
        "style",
        "svg",
        "math",
        "iframe",
        "form",
        "article",
        "main",
        "nav",
        "header",
        "footer",
        "aside",
        "figure",
        "figcaption",
        "pre",
        "code",
        "noscript",
        "template",
    ]
)
ATTRS = st.sampled_from(
    [
        "",
        ' href="/x"',
        ' href="https://ok.example/a"',
        ' href="javascript:alert(1)"',
        ' href=" &#14; java&#x09;script:alert(1)"',
        ' onclick="alert(1)"',
        ' class="share"',
        ' style="x"',
        ' title="a&#11;b"',
        ' src="data:text/html,x"',
    ]
)


@st.composite
def markup(draw, depth: int = 3) -> str:
    """A fragment of HTML: nested tags, attributes, entities, sometimes unclosed."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth and draw(st.booleans()):
            tag, attrs = draw(TAGS), draw(ATTRS)
            inner = draw(markup(depth=depth - 1))
            closing = "" if draw(st.integers(0, 5)) == 0 else f"</{tag}>"
            parts.append(f"<{tag}{attrs}>{inner}{closing}")
        else:
            parts.append(draw(TEXT))
    return "".join(parts)


@st.composite
def page(draw) -> str:
    """A whole page, sometimes with a real story in it."""
    title = draw(TEXT)
    story = "".join(f"<p>{s}</p>" for s in draw(st.lists(SENTENCES, max_size=6)))
    body = draw(markup()) + f"<article>{story}{draw(markup())}</article>" + draw(markup())
    lang = draw(st.sampled_from(["", ' lang="en"', ' lang="pt_BR"', ' lang="\'><script>"']))
    return f"<!DOCTYPE html><html{lang}><head><title>{title}</title></head><body>{body}</body></html>"


# --------------------------------------------------------------------------
# readers


def _check_story(story: Story) -> None:
    if not story.ok:
        assert story.reason
        return
    assert story.headline.strip()
    for block in story.blocks:
        assert block.kind in ("p", "h", "list", "quote")
        assert block.text or block.items
        if block.html is not None:
            assert set(_tags(sanitise(block.html))) <= ALLOWED_TAGS


def _tags(fragment: str) -> list[str]:
    from bs4 import BeautifulSoup

    return [el.name for el in BeautifulSoup(fragment, "html.parser").find_all(True)]


@PAGES
@given(page())
def test_any_page_gives_a_story_or_a_reason(markup_text):
    try:
        story = page_story(markup_text, "scraped/p.html")
    except Unreadable as exc:
        assert str(exc)
        return
    _check_story(story)


@FAST
@given(st.binary(max_size=2000), st.booleans())
def test_any_bytes_saved_as_a_page_give_a_story_or_a_reason(data, zipped):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("p.html.gz" if zipped else "p.html")
        path.write_bytes(gzip.compress(data, mtime=0) if zipped and data[:1] != b"x" else data)
        try:
            stories = read_html(path, "p.html", max_bytes=100_000)
        except Unreadable as exc:
            assert str(exc)
            return
    [story] = stories
    _check_story(story)


@FAST
@given(markup())
def test_any_fragment_gives_blocks_with_text(fragment):
    for block in blocks_from_html(fragment, "https://ok.example/page"):
        assert block.kind in ("p", "h", "list", "quote")
        assert block.text.strip() if block.kind != "list" else all(i.strip() for i in block.items)
        if block.html is not None:
            assert set(_tags(sanitise(block.html))) <= ALLOWED_TAGS


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
FIELD_NAMES = st.sampled_from(
    [
        "title",
        "text",
        "html",
        "content",
        "raw_text",
        "maintext",
        "url",
        "date",
        "date_publish",
        "published",
        "source",
        "sitename",
        "source_domain",
        "hostname",
        "author",
        "authors",
        "section",
        "category",
        "categories",
        "tags",
        "language",
        "other",
    ]
)
RECORDS = st.dictionaries(FIELD_NAMES, st.one_of(JSON_VALUES, markup()), max_size=8)


@FAST
@given(st.one_of(RECORDS, JSON_VALUES))
def test_any_record_gives_a_story_or_a_reason(record):
    _check_story(record_story(record, "scraped/r.jsonl#1"))


@PAGES
@given(st.lists(st.one_of(RECORDS.map(json.dumps), st.text(max_size=30)), max_size=6), st.booleans())
def test_record_files_number_every_record_from_one(lines, as_list):
    with tempfile.TemporaryDirectory() as tmp:
        if as_list:
            path = Path(tmp) / "r.json"
            path.write_text("[" + ",".join(ln for ln in lines if _is_json(ln)) + "]", encoding="utf-8")
            reader = read_json
        else:
            path = Path(tmp) / "r.jsonl"
            path.write_text("\n".join(lines), encoding="utf-8")
            reader = read_jsonl
        try:
            stories = reader(path, "r")
        except Unreadable as exc:
            assert str(exc)
            return
    assert [s.source for s in stories] == [f"r#{n}" for n in range(1, len(stories) + 1)]
    for story in stories:
        _check_story(story)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------
# the cleaner

SUBJECTS = st.sampled_from(
    ["The council", "Ferry crews", "The mayor of Kellhaven", "Island traders", "The union"]
)
VERBS = st.sampled_from(["said", "agreed", "warned", "announced", "confirmed"])
OBJECTS = st.sampled_from(
    [
        "that the new timetable would start in the spring",
        "that the barrier would cost twelve million euros",
        "the strike would end before the weekend",
        "that two more ferries would join the island route",
    ]
)
SENTENCES = st.builds(
    lambda s, v, o, n: f"{s} {v} on day {n} {o}.", SUBJECTS, VERBS, OBJECTS, st.integers(1, 99)
)
FURNITURE_LINES = st.sampled_from(
    [
        "Share this:",
        "Leave a Comment",
        "Advertisement",
        "Recent News",
        "Subscribe to our newsletter",
        "© 2026 The Harbour Courier. All rights reserved.",
        "Home > News > Island",
        "Most read",
    ]
)
MARKERS = st.sampled_from(["See also:", "Related stories", "Read more:"])
SHORT = st.sampled_from(
    ["Funding the work", "What happens next", "Kellhaven port reopens after storm", "Photo"]
)


@st.composite
def raw_story(draw) -> tuple[Story, list[str]]:
    """A story as a reader hands it over, and the prose sentences in it.

    The structure is either known (HTML, JSON html: typed blocks) or raw
    (text: lines grouped in blank-line blocks).
    """
    structured = draw(st.booleans())
    sentences: list[str] = []
    blocks: list[Block] = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["prose", "furniture", "marker", "short", "list", "quote"]))
        if kind == "prose":
            lines = draw(st.lists(SENTENCES, min_size=1, max_size=3))
            sentences += lines
            blocks += [Block("p", line) for line in lines] if structured else [Block("p", "\n".join(lines))]
        elif kind == "furniture":
            blocks.append(Block("p", draw(FURNITURE_LINES)))
        elif kind == "marker":
            blocks.append(Block("h" if structured else "p", draw(MARKERS)))
        elif kind == "short":
            blocks.append(Block("h" if structured else "p", draw(SHORT)))
        elif kind == "list" and structured:
            blocks.append(
                Block("list", items=draw(st.lists(st.one_of(SHORT, FURNITURE_LINES), min_size=1, max_size=3)))
            )
        elif kind == "quote" and structured:
            line = draw(SENTENCES)
            sentences.append(line)
            blocks.append(Block("quote", line))
    story = Story(source="s", headline="Headline", blocks=blocks, structured=structured)
    return story, sentences


@FAST
@given(raw_story())
def test_cleaning_twice_changes_nothing(drawn):
    story, _ = drawn
    clean_story(story, RULES, "", min_words=1)
    if not story.ok:
        return
    once = copy.deepcopy(story.blocks)
    clean_story(story, RULES, "", min_words=1)
    assert story.ok and story.blocks == once


@FAST
@given(raw_story())
def test_no_sentence_that_is_not_furniture_disappears(drawn):
    story, sentences = drawn
    # No length floor here (DIGEST_MIN_WORDS rejects short stories as a
    # whole, with its reason): this is about what cleaning takes out.
    clean_story(story, RULES, "", min_words=1)
    if not sentences:
        return
    if not story.ok:  # a verdict on the whole story, reported with its reason
        assert story.reason.startswith("not a story:"), story.reason
        return
    text = " ".join(story.body_text.split())
    for sentence in sentences:
        assert sentence in text


# --------------------------------------------------------------------------
# a build lists every input once


@pytest.mark.slow
@BUILDS
@given(
    st.lists(st.tuples(st.sampled_from(["html", "html.gz", "json", "jsonl"]), page()), min_size=1, max_size=4)
)
def test_a_build_of_generated_pages_and_records_lists_every_input_once(inputs):
    files: dict[str, str | bytes] = {}
    expected_files = set()
    for n, (kind, markup_text) in enumerate(inputs):
        name = f"scraped/gen/{n}.{kind}"
        expected_files.add(name)
        if kind == "html":
            files[name] = markup_text
        elif kind == "html.gz":
            files[name] = gzip.compress(markup_text.encode(), mtime=0)
        elif kind == "json":
            files[name] = json.dumps([{"title": f"Record {n}", "html": markup_text, "date": "2026-11-18"}])
        else:
            files[name] = "\n".join(
                [json.dumps({"title": f"Line {n}", "text": markup_text, "date": "2026-11-18"}), "{broken"]
            )
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(Path(tmp), files)
        report = site.report
    sources = [i["source"] for i in report["inputs"]]
    assert len(sources) == len(set(sources))
    assert {s.split("#")[0] for s in sources} == expected_files
    counts = report["counts"]
    assert counts["published"] + counts["folded"] + counts["rejected"] == len(sources)
