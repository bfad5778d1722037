"""The compact form of a story (read records, the cleaned pack): the story back, field for field,
and anything else refused as the wrapped form refuses it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from news_digest import codec
from news_digest.codec import BadRecord
from news_digest.story import Block, Commentary, Credit, Event, Story

_text = st.text(max_size=12)
_maybe = st.none() | _text
_dates = st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1))

_blocks = st.builds(
    Block,
    kind=st.sampled_from(["p", "h", "list", "quote", "see_also"]),
    text=_text,
    items=st.lists(_text, max_size=3),
    html=_maybe,
)
_events = st.builds(
    Event,
    id=_text,
    lead=_text,
    members=st.lists(_text, max_size=3),
    outlets=st.integers(0, 9),
    day=_dates,
    topics=st.lists(_text, max_size=2),
)
_stories = st.builds(
    Story,
    source=_text,
    headline=_text,
    blocks=st.lists(_blocks, max_size=6),
    raw_outlet=_maybe,
    sidecar=st.dictionaries(
        _text, st.none() | _text | st.integers() | st.lists(_text, max_size=2), max_size=3
    ),
    structured=st.booleans(),
    outlet=_text,
    date=_dates,
    slug=_text,
    tags=st.lists(_text, max_size=3),
    summary=_maybe,
    entities=st.dictionaries(_text, st.lists(_text, max_size=2), max_size=3),
    also_reported=st.lists(
        st.builds(Credit, outlet=_text, url=_maybe, source=_text, date=_dates), max_size=2
    ),
    commentary=st.lists(st.builds(Commentary, source=_text, html=_text, author=_maybe), max_size=1),
    event=st.none() | _events,
    timeline=st.lists(_events, max_size=2),
    status=st.sampled_from(["published", "folded", "rejected"]),
    reason=_maybe,
    warnings=st.lists(_text, max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(_stories)
def test_a_story_comes_back_from_its_compact_form_as_from_its_wrapped_one(story: Story) -> None:
    compact = codec.loads(codec.dumps(codec.encode_story(story)))
    back = codec.decode_story(compact)
    assert back == story
    assert back == codec.decode(codec.loads(codec.dumps(codec.encode(story))), Story)
    assert [type(b) for b in back.blocks] == [Block] * len(story.blocks)
    # A block's default fields are left off: a plain paragraph is its kind and its text.
    for block, stored in zip(story.blocks, compact.get("blocks", []), strict=True):
        assert len(stored) == (4 if block.html is not None else 3 if block.items else 2)


def test_a_block_of_an_older_story_is_not_shared_with_the_new_one() -> None:
    story = Story("a.txt", blocks=[Block("list", "", ["one"])])
    back = codec.decode_story(codec.loads(codec.dumps(codec.encode_story(story))))
    back.blocks[0].items.append("two")
    assert story.blocks[0].items == ["one"]


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"$class": "Story", "$fields": {"source": "a.txt"}},  # the wrapped form is not the compact one
        {"headline": "no source"},
        {"source": "a.txt", "popen": ["touch", "pwned"]},
        {"source": "a.txt", "blocks": None},
        {"source": "a.txt", "blocks": {"kind": "p"}},
        {"source": "a.txt", "blocks": [["p"]]},
        {"source": "a.txt", "blocks": [["p", "x", [], None, "more"]]},
        {"source": "a.txt", "blocks": [["script", "x"]]},
        {"source": "a.txt", "blocks": [[["p"], "x"]]},
        {"source": "a.txt", "blocks": [["p", 3]]},
        {"source": "a.txt", "blocks": [["list", "", ["a", 1]]]},
        {"source": "a.txt", "blocks": [["list", "", "ab"]]},
        {"source": "a.txt", "blocks": [["p", "x", [], 5]]},
        {"source": "a.txt", "blocks": [{"$class": "Block", "$fields": {"kind": "p"}}]},
        {"source": "a.txt", "status": "deleted"},
        {"source": "a.txt", "event": {"$class": "Popen", "$fields": {}}},
        {"source": 7},
    ],
)
def test_anything_but_a_compact_story_is_a_bad_record(data: object) -> None:
    with pytest.raises(BadRecord):
        codec.decode_story(data)


def test_only_stories_and_blocks_are_encoded_compactly() -> None:
    with pytest.raises(TypeError):
        codec.encode_story(Event("e", "a.txt"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        codec.encode_story(Story("a.txt", blocks=["not a block"]))  # type: ignore[list-item]
