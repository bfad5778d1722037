"""The one furniture lexicon: sentences that are not news, and sentences that are (no Pelican).

Every line here is our own, written after the shapes real scrapes carry.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from news_digest import furniture
from news_digest.furniture import LINK_MARKER, SEE_ALSO, junk_kind


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # Appeals for money.
        ("Today, put a dollar value on the local reporting you read all year.", "appeal"),
        ("Right now we need your help to keep the Harbour Courier going.", "appeal"),
        ("If this story helped you, please consider a small donation to our newsroom fund.", "appeal"),
        ("Nobody likes paywalls, and we don't either.", "appeal"),
        # Promos: newsletters, apps, follow us, comment prompts.
        ("Sign up for the Morning Tide newsletter and get the port news before breakfast.", "promo"),
        ("Ledger editors' picks, delivered to your inbox every afternoon.", "promo"),
        ("Get the weekly summary of harbour shipping news and forecasts!", "promo"),
        ("Harbour Science eBook Compilation of our best interviews of the year.", "promo"),
        ("Download a free copy", "promo"),
        ("For news updates, follow Ana Ruiz on Facebook and Instagram.", "promo"),
        ("Share your thoughts with us in the comments below!", "promo"),
        ("We want to hear from you.", "promo"),
        ("I’d love to hear from you!", "promo"),
        ("You can also reach out to me about the port on Twitter @AnaRuizPort!", "contact"),
        # Captions and credits.
        ("In this photo from a drone, water covers the Millbrook road, Friday, Nov. 20, 2026.", "caption"),
        ("Mayor Ana Ruiz, left, and Tomas Brennick, center, sign the deal at the town hall.", "caption"),
        ("(Jonas Field / Harbour Courier)", "credit"),
        ("Image Credit: Kellhaven Port Authority", "credit"),
        ("Photograph: Jonas Field/The Ledger", "credit"),
        ("Jonas Field / AP", "credit"),
        ("Source: Meridian Wire", "credit"),
        (
            "Study: Salt marsh recovery after the 2025 floods. Image Credit: M. Stone / Shutterstock",
            "caption",
        ),
        # Bylines, contact lines, author notes.
        ("By Nadia Fenwick, Harbour Courier", "byline"),
        ("Ledger reporters Ana Ruiz and Tomas Brennick contributed to this report.", "byline"),
        ("Originally posted on Dockside Daily.", "byline"),
        ("Contact Ana Ruiz at aruiz@harbour-courier.example or 555-0101.", "contact"),
        ("Our port reporter can be reached at port@ledger.example.", "contact"),
        ("Nadia Fenwick is a columnist with the Riverside Post.", "bio"),
        # Video stubs and teasers.
        ("Watch: the moment the Ashford Weir embankment gave way", "video"),
        ("This segment aired on Harbour TV Morning News on November 21, 2026.", "video"),
        ("You can watch the minister's whole speech below.", "video"),
        ("In other news, a ferry ran aground off Brackwater on Sunday.", "teaser"),
        ("See more Port Chart of the Week posts.", "teaser"),
        # Editors' and legal notices.
        ("*Important notice: preprints are preliminary and not peer-reviewed.", "legal"),
        ("Disclaimer: The study was paid for by the Harbour Trust.", "legal"),
        ("An earlier version of this story misspelled the minister's name.", "notice"),
        ("Update, November 27, 2026: This story has been updated with the final vote.", "notice"),
        # Page furniture inside the text.
        ("Scroll down for video", "page"),
        ("Sign up", "page"),
        ("Don't miss out: subscribe for just $1 a week.", "page"),
    ],
)
def test_junk_sentences(sentence, kind):
    assert junk_kind(sentence) == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "Donations to the flood fund rose by a third in November, the charity said.",
        '"We need your help to find the missing fishermen," the coastguard said.',
        "By Sunday, the water had receded from the lower town.",
        "By the time the council voted, most residents had left the hall.",
        "Fans posted videos of the final on Twitter and Instagram within minutes.",
        "There, you can read about the captain donating his prize to the lifeboat crew.",
        "The newspaper's subscribers fell to 40,000 last year, its owner said.",
        "Credit card debt in the province rose for the fifth quarter in a row.",
        "Ana Ruiz is the mayor of Kellhaven and a former harbour pilot.",
        "The minister said the video of the collapse would be studied by engineers.",
        "Did you know that the port handles a third of the province's grain?",
        "Source material for the inquiry runs to 4,000 pages, the clerk said.",
        # Signing up as news, not as a widget: nobody asks the reader to.
        "The Courier hopes to sign up 5,000 more subscribers before its paywall goes up in March.",
        "Farmers rushed to sign up for the drought scheme before Friday's deadline.",
        "Tenants who subscribe to the heating plan will pay a fixed price until 2028.",
    ],
)
def test_news_sentences_are_not_junk(sentence):
    assert junk_kind(sentence) is None


@pytest.mark.parametrize(
    ("line", "rest"),
    [
        ("Related: Port strike enters second week", "Port strike enters second week"),
        ("RELATED: Port strike enters second week", "Port strike enters second week"),
        ("SEE RELATED STORY: Port strike enters second week", "Port strike enters second week"),
        (
            "Read more: Flood warnings? Watches? Here's what they mean",
            "Flood warnings? Watches? Here's what they mean",
        ),
        ("See also:", ""),
        ("Related stories", ""),
    ],
)
def test_see_also_markers(line, rest):
    marker = SEE_ALSO.fullmatch(line)
    assert marker and (marker["rest"] or "") == rest


@pytest.mark.parametrize(
    "line",
    [
        "WATCH: Harbour master explains the new tide gates",
        "PHOTOS: Kellhaven Rovers lift the provincial cup",
        "More:Five soups for a cold harbour night",
        "More on: Dunmere council's new parking rules",
        "[ Port weather: when to expect the first frost ]",
    ],
)
def test_link_markers(line):
    assert LINK_MARKER.fullmatch(line)


def test_a_sentence_starting_with_watch_is_not_a_link_marker():
    assert not LINK_MARKER.fullmatch("Watch out for ice on the harbour steps this weekend, the council said.")


def test_the_trigger_words_never_hide_junk():
    """The cheap tests in front of the patterns must let every junk sentence through."""
    lines = [
        "In this screengrab, smoke rises over the harbour.",
        "Get the free Harbour Courier app for alerts.",
        "We cannot do this without your help.",
        "Listen to our podcasts about the port.",
    ]
    for line in lines:
        assert furniture._may_be_junk(furniture._lowered(line)), line
        assert junk_kind(line), line


@pytest.mark.parametrize(("kind", "pattern", "needs"), furniture.KINDS, ids=[k[0] for k in furniture.KINDS])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_each_pattern_needs_what_it_names(kind, pattern, needs, data):
    """Whatever a pattern matches holds one of the words, pieces or characters it is said to need.

    Hypothesis writes text each pattern matches (any case, any letters its
    classes allow); a word missing from a pattern's ``Needs`` fails here.
    """
    text = data.draw(st.from_regex(pattern)).strip()
    assume(pattern.search(text))
    low = furniture._lowered(text)
    assert furniture._may_be_junk(low)
    assert needs.met(text, low, set(furniture._WORD.findall(low)))


_NEED_TEXT = st.lists(
    st.sampled_from(
        [*sorted(furniture._ANY_WORDS), *furniture._ANY_PART, *furniture._ANY_CHAR, "by", "By", "x", "the"]
    ),
    min_size=1,
    max_size=8,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=_NEED_TEXT)
def test_the_patterns_met_at_once_are_those_whose_needs_are_met(text):
    """junk_kind finds the patterns a sentence meets the needs of by what it holds
    (furniture._kinds_met): the same patterns as testing each one's needs."""
    low = furniture._lowered(text)
    words = set(furniture._WORD.findall(low))
    each = {i for i, (_, _, needs) in enumerate(furniture.KINDS) if needs.met(text, low, words)}
    assert furniture._kinds_met(text, low, words) == each


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # Python's case-insensitive matching reads "ſ" as "s", and "ı" and "İ" as "i".
        ("Diſclaimer: the study was paid for by the Harbour Trust.", "legal"),
        ("We apologiſe for the error.", "notice"),
        ("Dısclaimer: the study was paid for by the Harbour Trust.", "legal"),
    ],
)
def test_letters_that_fold_to_ascii_do_not_hide_junk(sentence, kind):
    assert junk_kind(sentence) == kind
