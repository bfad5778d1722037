"""Cleaning stories whose structure a reader knew (HTML pages, JSON records)."""

from __future__ import annotations

from news_digest.clean import build_rules, clean_story
from news_digest.story import Block, Story

RULES = build_rules([], {})
PROSE = "The council approved the new ferry timetable on Tuesday after a long debate."
MORE = "Crews said the change would give them two more rest days in every month."


def cleaned(*blocks: Block) -> Story:
    story = Story(source="page.html", headline="Ferry timetable", blocks=list(blocks), structured=True)
    clean_story(story, RULES, "")
    return story


def test_kinds_and_inline_markup_survive_cleaning():
    linked = Block("p", PROSE, html=f'<a href="https://example.org/">{PROSE}</a>')
    story = cleaned(
        linked,
        Block("h", "What changes"),
        Block("list", items=["Sailings every forty minutes.", "Share on Facebook"]),
        Block("quote", "We are glad to be back."),
        Block("p", "Short line"),
        Block("p", MORE),
    )
    assert [b.kind for b in story.blocks] == ["p", "h", "list", "quote", "p", "p"]
    assert story.blocks[0].html == linked.html
    assert story.blocks[2].items == ["Sailings every forty minutes."]  # furniture item gone
    # A short paragraph the page marked as a paragraph stays one.
    assert story.blocks[4] == Block("p", "Short line")


def test_see_also_heading_becomes_the_slot_and_its_links_go():
    story = cleaned(
        Block("p", PROSE),
        Block("h", "Related stories"),
        Block("list", items=["Council approves barrier", "Port reopens"]),
        Block("p", MORE),
        Block("p", "Advertisement"),
    )
    assert [b.kind for b in story.blocks] == ["p", "see_also", "p"]
    assert story.body_text == f"{PROSE}\n\n{MORE}"


def test_cleaning_twice_changes_nothing():
    story = cleaned(
        Block("p", PROSE), Block("h", "Related"), Block("list", items=["A link"]), Block("p", MORE)
    )
    once = list(story.blocks)
    clean_story(story, RULES, "")
    assert story.blocks == once


def test_only_furniture_is_rejected():
    story = cleaned(Block("h", "Most read"), Block("list", items=["Subscribe"]), Block("p", "Advertisement"))
    assert story.status == "rejected" and story.reason == "only site furniture, no story text"


def test_body_text_has_every_kind_of_story_text_in_order():
    story = Story(
        source="x",
        blocks=[
            Block("p", "One."),
            Block("h", "Sub"),
            Block("list", items=["a", "b"]),
            Block("quote", "Q."),
            Block("see_also"),
            Block("p", "Two."),
        ],
    )
    assert story.body_text == "One.\n\nSub\n\na\nb\n\nQ.\n\nTwo."


def test_prose_that_mentions_subscribers_or_sharing_stays_in_a_page_story():
    """The page extractor already told story from page: sentences are not judged by their words."""
    lines = [
        "Disney's engineers fixed the fault while the service went on signing up subscribers all week.",
        "We are moving subscription access to the next level with a flat monthly fee, the chief executive said.",
        "Readers shared the photographs on Facebook thousands of times before the council replied.",
    ]
    blocks = [*(Block("p", line) for line in lines), Block("quote", "Sign up was easy, said one fan.")]
    story = Story(source="p.html", headline="Fans", blocks=blocks, structured=True)
    clean_story(
        story, RULES, "", min_words=1
    )  # too short a story for DIGEST_MIN_WORDS; cleaning is the point
    assert story.ok
    assert story.body_text.split("\n\n") == [*lines, "Sign up was easy, said one fan."]


def test_a_story_told_in_quotes_is_a_story():
    quotes = [Block("h", f"Review {n}") for n in range(7)]
    for n in range(7):
        review = (
            f"The service is promising but unfinished, wrote reviewer number {n}, who played it "
            "for a week at home on a fast line and found the games crisp but few."
        )
        quotes.insert(2 * n + 1, Block("quote", review))
    story = cleaned(Block("p", PROSE), *quotes)
    assert story.ok, story.reason
