"""Furniture removal, "See also" blocks, paragraphs and subheadings (no Pelican)."""

from __future__ import annotations

import pytest

from news_digest.clean import build_rules, clean_story
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


# --- Real scrapes: markers, captions, promos, structure, verdicts ---------------------------
# Lines are our own, written after the shapes real scrapes carry.

LEDE = "The port of Kellhaven reopened on Thursday after a week-long strike, the port authority said."
BODY = [
    LEDE,
    "Union leader Tomas Brennick said members would vote on the new pay deal next month.",
    "Hauliers were asked to book collection slots online while the backlog of containers is cleared.",
    "Shops in the town said deliveries of fresh food had started to arrive again.",
    "The strike began on November 20, when talks over pay broke down overnight.",
]
FOLLOWERS = {
    "a sentence": "The harbour master said the first ships were unloaded before dawn.",
    "a short quote": "“We are back,” Brennick said.",
    "a one-word reply": "“Finally.”",
    "a question subheading": "What happens next?",
    "a list lead-in": "The deal includes:",
}
INLINE = [
    "Related: Dock talks collapse after night of bargaining",
    "RELATED: Dock talks collapse after night of bargaining",
    "Read more: Dock talks collapse after night of bargaining",
    "SEE RELATED STORY: Dock talks collapse after night of bargaining",
    "WATCH: Dockworkers march through Kellhaven",
    "PHOTOS: The empty container terminal",
    "More: Five things to know about the strike",
    "[ Dock talks collapse after night of bargaining ]",
]
BARE = ["See also:", "Read more:", "Related stories"]
TITLES = ["Dock talks collapse after night of bargaining", "Is The Port Strike Over?"]


def _sentences(text: str) -> list[str]:
    from news_digest.enrich.sentences import split_sentences

    return split_sentences(text)


def _kept_text(story: Story) -> str:
    parts = [b.text for b in story.blocks] + [item for b in story.blocks for item in b.items]
    return " ".join(" ".join(parts).split())


def _marker_cases():
    for marker in INLINE:
        for position in range(1, len(BODY) + 1):
            for name, follower in FOLLOWERS.items():
                yield marker, [], position, name, follower
    for marker in BARE:
        for position in range(1, len(BODY) + 1):
            for name, follower in FOLLOWERS.items():
                yield marker, TITLES, position, name, follower


@pytest.mark.parametrize(("marker", "titles", "position", "name", "follower"), list(_marker_cases()))
def test_dead_link_markers_never_take_a_real_sentence(marker, titles, position, name, follower):
    """A corpus of marker positions: every real sentence stays, every link title goes."""
    lines = [*BODY[:position], marker, *titles, follower]
    if name == "a list lead-in":
        lines += ["A pay rise of four per cent", "A shorter night shift"]
    if name == "a question subheading":
        lines += ["The union will meet on Monday to set a date for the vote."]
    lines += BODY[position:]
    story = cleaned("\n\n".join(lines))
    kept = _kept_text(story)
    real = [s for line in lines if line not in (marker, *titles) for s in _sentences(line)]
    for sentence in real:
        assert sentence in kept, (marker, position, sentence)
    for title in titles:
        assert title not in kept
    assert marker not in kept


def test_a_question_that_looks_like_a_link_title_goes_under_a_bare_marker():
    story = cleaned(
        f"{LEDE}\n\nRead more:\n\nIs The Port Strike Over?\n\nWhat Do Dockers Earn?\n\n{BODY[1]}\n"
    )
    assert story.paragraphs == [LEDE, BODY[1]]


def test_captions_and_credits_go_where_they_stand():
    story = cleaned(
        f"{LEDE}\n\n"
        "Dockworkers gather at the gates of the container terminal on Thursday. (Jonas Field / Harbour Courier)\n\n"
        f"{BODY[1]}\n\n"
        "Union leader Tomas Brennick speaks to members in Kellhaven on Nov. 26, 2026. Meridian Wire\n\n"
        f"{BODY[2]}\n\n"
        "NOAA\n\n"
        f"{BODY[3]}\n\n"
        "The picket line at the north gate Kellhaven Port Authority Kellhaven Port Authority\n\n"
        f"{BODY[4]}\n"
    )
    assert story.paragraphs == BODY
    assert [b.kind for b in story.blocks] == ["p"] * 5  # no caption or credit became a subheading


def test_a_caption_above_the_story_goes_with_its_context():
    story = cleaned(
        "Containers stand stacked at the port of Kellhaven, Thursday, Nov. 26, 2026. "
        "The strike closed the terminal for a week.\n\n" + "\n\n".join(BODY)
    )
    assert story.paragraphs == BODY
    # Prose says "on Thursday, November 26, 2026": that is the story, not a caption.
    lede = "Dockworkers went back to work on Thursday, November 26, 2026, after a week on strike."
    story = cleaned("\n\n".join([lede, *BODY[1:]]))
    assert story.paragraphs[0] == lede


def test_appeal_and_newsletter_boxes_go_and_the_story_stays():
    story = cleaned(
        "Today, put a dollar value on the local reporting you rely on. Right now, we need your help "
        "to keep it going. Your support is more important than ever. Thank you.\n\n"
        "Hi, I'm Ana! If you're enjoying this story, you'll love my morning newsletter. Subscribe\n\n"
        + "\n\n".join(BODY)
        + "\n\nAre you glad the port is open again? Let us know in the comments below!\n"
    )
    assert story.paragraphs == BODY


def test_in_other_news_teasers_and_contact_lines_go():
    story = cleaned(
        "\n\n".join(BODY)
        + "\n\nIn other news, a ferry ran aground off Brackwater. If you want to read more, check out the below link.\n\n"
        "Contact Ana Ruiz at aruiz@harbour-courier.example. Follow @AnaRuizPort on Twitter.\n"
    )
    assert story.paragraphs == BODY


def test_a_junk_sentence_at_the_edge_of_a_paragraph_goes_the_rest_stays():
    story = cleaned(
        f"{LEDE} Sign up for our Port Daily newsletter to get updates in your inbox.\n\n{BODY[1]}\n"
    )
    assert story.paragraphs == [LEDE, BODY[1]]


def test_tweet_embeds_become_quotes():
    story = cleaned(
        f"{LEDE}\n\nThe gates are open again. pic.twitter.com/AbC123 — Kellhaven Port (@KellhavenPort) "
        f"November 26, 2026\n\n{BODY[1]}\n"
    )
    assert [b.kind for b in story.blocks] == ["p", "quote", "p"]
    assert (
        story.blocks[1].text
        == "The gates are open again. — Kellhaven Port (@KellhavenPort), November 26, 2026"
    )


def test_video_stubs_go():
    story = cleaned(
        "Port reopens after strike Dockworkers walked back through the gates on Thursday morning 02:14\n\n"
        + "\n\n".join(BODY)
    )
    assert story.paragraphs == BODY
    story = cleaned("Talking Points: what now for the port?\n\n" * 3 + "\n\n".join(BODY))
    assert story.paragraphs == BODY


def test_headline_repeated_or_glued_to_the_first_line():
    story = story_from("Port reopens after strike\n\n" + "\n\n".join(BODY))
    story.headline = "Port reopens after strike"
    clean_story(story, RULES, "hc")
    assert story.paragraphs == BODY
    story = story_from("Port reopens after strike The gates opened at dawn, the port authority said.")
    story.headline = "Port reopens after strike"
    clean_story(story, RULES, "hc")
    assert story.reason == "not a story: a video page"
    assert story.paragraphs == ["The gates opened at dawn, the port authority said."]


def test_bullets_and_lead_in_items_become_lists():
    story = cleaned(
        f"{LEDE}\n\nThe deal includes:\n\n- A pay rise of four per cent\n\n- A shorter night shift\n\n"
        f"{BODY[1]}\n\nThe new rules cover:\n\nOvertime on Sundays.\n\nSick pay from the first day.\n\n"
        f"{BODY[2]}\n"
    )
    assert [b.kind for b in story.blocks] == ["p", "p", "list", "p", "p", "list", "p"]
    assert story.blocks[2].items == ["A pay rise of four per cent", "A shorter night shift"]
    assert story.blocks[5].items == ["Overtime on Sundays.", "Sick pay from the first day."]


def test_runs_of_short_lines_become_a_list_and_a_subheading_is_not_swallowed():
    story = cleaned(
        f"{LEDE}\n\nServes 4\n\n2 tins of sardines\n\n1 lemon, sliced\n\nSalt and pepper (to taste)\n\n"
        f"{BODY[1]}\n\nWhat the union wants\n\n{BODY[2]}\n"
    )
    assert [b.kind for b in story.blocks] == ["p", "list", "p", "h", "p"]
    assert story.blocks[1].items[-1] == "Salt and pepper (to taste)"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("What happens next?", "h"),
        ("3. How long will the backlog last?", "h"),
        ("But what about the ferries?", "p"),
        ("Sign up for the Port Daily newsletter", None),
        ("Photo: Jonas Field", None),
    ],
)
def test_subheadings_between_paragraphs(line, kind):
    story = cleaned(f"{LEDE}\n\n{line}\n\n{BODY[1]}\n")
    kinds = {b.text: b.kind for b in story.blocks}
    assert kinds.get(line) == kind


# --- Verdicts -------------------------------------------------------------------------------------


def _verdict(text: str, headline: str = "A headline", min_words: int = 60) -> Story:
    story = story_from(text)
    story.headline = headline
    clean_story(story, RULES, "hc", min_words)
    return story


def test_short_pages_are_not_stories():
    assert _verdict("\n\n".join(BODY[:2])).reason == "not a story: under 60 words"
    assert _verdict("\n\n".join(BODY[:2]), min_words=20).ok
    assert _verdict("\n\n".join(BODY)).ok


def test_a_newsletter_page_is_not_a_story():
    story = _verdict(
        "Sign up for the Port Daily newsletter and get Kellhaven's news in your inbox every morning.\n\n"
        "Every weekday, you'll get the stories that matter to the harbour. Subscribe today.\n\n"
        "By submitting your email, you agree to our terms and privacy policy.\n\n"
        "Kellhaven's port reopened this week."
    )
    assert story.reason == "not a story: a newsletter or appeal page"


def test_a_list_of_teasers_is_not_a_story():
    teasers = "\n\n".join(
        [
            "Port strike ends after a week",
            "Ferry runs aground off Brackwater",
            "Rovers win the provincial cup",
            "Council votes on new parking rules",
            "Flood barrier opens in Millbrook",
            "Minister Varga visits the docks",
            "Fish market moves to the north quay",
        ]
    )
    assert _verdict(f"Latest news from the harbour.\n\n{teasers}").reason == "not a story: a list of teasers"


def test_a_photo_gallery_is_not_a_story():
    captions = "\n\n".join(
        f"Dockworkers cheer as the gates open on the {n} morning. (Jonas Field / Harbour Courier)"
        for n in ("first", "second", "third", "fourth")
    )
    assert _verdict(f"The port reopened.\n\n{captions}").reason == "not a story: a photo gallery"


def test_a_prompt_at_the_end_goes_and_the_real_sentence_before_it_stays():
    last = "Fans will be glad the ferries are running again!"
    story = cleaned(
        f"{LEDE}\n\n{last} Are you glad the port is open? Let us know in the comments! "
        "You can reach out to me about it @AnaRuizPort on Twitter!\n"
    )
    assert story.paragraphs == [LEDE, last]


def test_legal_notices_go_with_their_paragraph_corrections_stay():
    correction = "An earlier version of this story gave the wrong date for the vote."
    story = cleaned(
        "*Important notice: preprints are preliminary reports. They are not peer-reviewed and should "
        f"not guide clinical practice.\n\n{LEDE}\n\n{BODY[1]}\n\n{correction}\n"
    )
    assert story.paragraphs == [LEDE, BODY[1], correction]


def test_a_gallery_caption_next_to_its_furniture_is_not_a_subheading():
    story = cleaned(
        f"{LEDE}\n\n3\n\nUnion leader Tomas Brennick at the gates\n\nVIEW GALLERY - 3 IMAGES\n\n{BODY[1]}\n\n"
        f"(Photo: Harbour Courier)\n\nWhat the union wants next\n\n{BODY[2]}\n"
    )
    assert [(b.kind, b.text) for b in story.blocks] == [
        ("p", LEDE),
        ("p", BODY[1]),
        ("h", "What the union wants next"),
        ("p", BODY[2]),
    ]


def test_transcript_sound_cues_go():
    story = cleaned(f"{LEDE}\n\n(SOUNDBITE OF HARBOUR SIRENS)\n\n{BODY[1]}\n")
    assert story.paragraphs == [LEDE, BODY[1]]


def test_an_icon_label_glued_before_the_text_goes():
    box = "News is not a hobby. We are. Sign up for the Harbour Daily newsletter."
    story = cleaned(f"{LEDE}\n\nArrowRight {BODY[1]}\n\n{BODY[2]} {box} ArrowRight {BODY[3]}\n")
    assert story.paragraphs == [LEDE, BODY[1], f"{BODY[2]} {BODY[3]}"]
