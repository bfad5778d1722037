"""Furniture removal, "See also" blocks, paragraphs and subheadings (no Pelican)."""

from __future__ import annotations

import pytest

from news_digest.clean import build_rules, clean_story, learn_furniture
from news_digest.readers.text import parse_headline_line, split_blocks
from news_digest.story import Block, Story

RULES = build_rules(
    [], {"hc": ["Harbour Courier app: download now", "/Listen to this story \\(\\d+ min\\)/"]}
)


def story_from(text: str, source: str = "s.txt") -> Story:
    story = Story(source=source, headline="A headline")
    story.blocks = [Block("p", "\n".join(lines)) for lines in split_blocks(text)]
    return story


def cleaned(text: str, outlet: str = "hc") -> Story:
    story = story_from(text)
    clean_story(story, RULES, outlet)
    return story


@pytest.mark.parametrize(
    "line",
    [
        "Leave a Comment",
        "Leave a Reply",
        "Leave a Reply Cancel reply",
        "3 Comments",
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
        "Your email address will not be published. Required fields are marked *",
        "We use cookies to give you the best experience on our website.",
        "Accept all cookies",
        "Recent News",
        "Editor's Pick",
        "Editors' Picks",
        "Most Read",
        "Most Popular",
        "Top Stories",
        "Share this:",
        "Share on Facebook",
        "Facebook",
        "Twitter | WhatsApp | Email",
        "Follow us on Telegram",
        "Subscribe to our daily newsletter",
        "Sign up for the Morning Briefing newsletter",
        "Subscribe",
        "Advertisement",
        "ADVERTISEMENT",
        "Sponsored content",
        "© 2026 The Harbour Courier. All rights reserved.",
        "Copyright 2026 Meridian Wire",
        "Home > World > Europe",
        "Home / News / Politics",
        "Skip to content",
        "Back to top",
        "Tags: port, strike, Kellhaven",
        "Photo credit: Harbour Courier",
        "Continue reading",
        "Harbour Courier app: download now",
        "Listen to this story (4 min)",
    ],
)
def test_furniture_lines_are_recognised(line):
    assert RULES.is_furniture(line, "hc")


@pytest.mark.parametrize(
    "line",
    [
        "Facebook said on Tuesday it would appeal against the fine.",
        "The newsletter, founded in 1998, has 40,000 readers in the province.",
        "Advertisement revenue fell by 12 per cent, the company said.",
        "Share prices rose after the announcement.",
        "Home owners in Millbrook were told to leave before noon.",
        "Recent news of the merger surprised analysts.",
        "Comments by the minister drew criticism from the opposition.",
        "Twitter users shared videos of the flood.",
    ],
)
def test_real_sentences_are_never_furniture(line):
    assert not RULES.is_furniture(line, "hc")


def test_outlet_rules_apply_to_their_outlet_only():
    assert RULES.is_furniture("Harbour Courier app: download now", "hc")
    assert not RULES.is_furniture("Harbour Courier app: download now", "other")


def test_see_also_block_leaves_a_slot_and_keeps_the_story():
    story = cleaned(
        "First paragraph of the story, which is real.\n\nRead also:\n\n"
        "Port strike enters second week\n- Minister Varga under pressure\n\n"
        "Second paragraph continues after the links.\n"
    )
    assert [b.kind for b in story.blocks] == ["p", "see_also", "p"]
    assert story.paragraphs == [
        "First paragraph of the story, which is real.",
        "Second paragraph continues after the links.",
    ]


@pytest.mark.parametrize(
    "marker",
    [
        "See also:",
        "See also",
        "Related:",
        "Read more:",
        "Related stories",
        "READ ALSO:",
        "Read also: Port strike enters second week",
    ],
)
def test_see_also_markers(marker):
    story = cleaned(f"A real first paragraph here.\n\n{marker}\n\nSome linked headline\n")
    assert [b.kind for b in story.blocks] == ["p", "see_also"]


def test_a_real_sentence_after_see_also_is_kept():
    story = cleaned(
        "Opening paragraph.\n\nSee also:\n\nA linked headline\n\nThe council met again on Friday.\n"
    )
    assert story.paragraphs == ["Opening paragraph.", "The council met again on Friday."]


def test_subheadings_between_paragraphs_only():
    story = cleaned(
        "Photo gallery\n\nThe first paragraph says something.\n\nWhat happens next\n\n"
        "The second paragraph says more.\n\nRelated topics\n"
    )
    assert [(b.kind, b.text) for b in story.blocks] == [
        ("p", "The first paragraph says something."),
        ("h", "What happens next"),
        ("p", "The second paragraph says more."),
    ]


def test_hard_wrapped_lines_are_joined_but_paragraph_lines_are_not():
    story = cleaned("The mayor said the bridge\nwould open in May.\nA second paragraph starts here.\n")
    assert story.paragraphs == [
        "The mayor said the bridge would open in May.",
        "A second paragraph starts here.",
    ]


def test_only_furniture_is_rejected():
    story = cleaned("Leave a Comment\n\nRecent News\n\nEditor's Pick\n")
    assert story.status == "rejected" and story.reason == "only site furniture, no story text"


def _outlet_story(i: int, lines: list[str]) -> Story:
    story = story_from(
        "\n\n".join([f"Story number {i} opens with its own long first sentence here.", *lines]),
        source=f"s{i}.txt",
    )
    story.headline = f"Headline {i}"
    return story


def test_learning_needs_three_different_stories():
    footer = "Support independent journalism today"
    two = [_outlet_story(i, [footer]) for i in range(2)]
    assert learn_furniture(two, {s.source: "hc" for s in two}, RULES) == {}
    three = [_outlet_story(i, [footer]) for i in range(3)]
    assert learn_furniture(three, {s.source: "hc" for s in three}, RULES) == {"hc": {footer.lower()}}


def test_short_sentences_repeated_in_follow_ups_are_not_learned():
    # A quote repeated in three of six stories is story text, however short.
    stories = [_outlet_story(i, ["She was 85."] if i < 3 else []) for i in range(6)]
    assert learn_furniture(stories, {s.source: "hc" for s in stories}, RULES) == {}
    # The same short sentence in five of six stories is the outlet's furniture.
    stories = [_outlet_story(i, ["Support us today."] if i < 5 else []) for i in range(6)]
    assert learn_furniture(stories, {s.source: "hc" for s in stories}, RULES) == {"hc": {"support us today."}}


def test_one_story_scraped_three_times_teaches_nothing():
    copies = []
    for i in range(3):
        story = _outlet_story(0, ["A short line", "Support us"])
        story.source, story.headline = f"copy{i}.txt", f"Different headline {i}"
        copies.append(story)
    assert learn_furniture(copies, {s.source: "hc" for s in copies}, RULES) == {}


def test_learning_is_per_outlet():
    footer = "Support independent journalism today"
    stories = [_outlet_story(i, [footer]) for i in range(4)]
    outlets = {s.source: ("hc" if i < 2 else "ml") for i, s in enumerate(stories)}
    assert learn_furniture(stories, outlets, RULES) == {}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Russia handed over a list | News from Germany about Russia | Dw",
            ("Russia handed over a list", "News from Germany about Russia", "Dw"),
        ),
        ("Bridge opens | Harbour Courier", ("Bridge opens", None, "Harbour Courier")),
        ("Bridge opens", ("Bridge opens", None, None)),
        ("Cats | dogs: a truce | Pets | HC", ("Cats | dogs: a truce", "Pets", "HC")),
        ("  Spaced  | World |  HC ", ("Spaced", "World", "HC")),
    ],
)
def test_headline_line(line, expected):
    assert parse_headline_line(line) == expected
