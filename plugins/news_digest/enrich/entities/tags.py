"""Entities of each story, and the tags made from them."""

from __future__ import annotations

from ... import lexicon
from ...story import Story
from .classify import Found, classify_run, runs
from .gazetteer import KINDS, Gazetteer, gazetteer_pass
from .merge import resolve
from .tokens import bare, initial_positions, story_sentences, tokenise


def extract_entities(story: Story, gazetteer: Gazetteer) -> dict[str, list[str]]:
    """People, organisations and places named in ``story``, display names sorted."""
    sentences = story_sentences(story)
    found = Found()

    # Words seen capitalised away from a sentence start are names, not
    # sentence-initial capitals.
    mid_caps: set[str] = set()
    initials: list[set[int]] = []
    for tokens in sentences:
        initial = initial_positions(tokens)
        initials.append(initial)
        mid_caps.update(bare(t) for i, t in enumerate(tokens) if t[0].isupper() and i not in initial)

    for tokens, initial in zip(sentences, initials, strict=True):
        used = gazetteer_pass(tokens, gazetteer, found.gaz, initial)
        for start, end in runs(tokens, used, initial, mid_caps):
            before = tokens[start - 1] if start > 0 else ""
            if before == "of" and start > 1 and tokens[start - 2] in lexicon.PLACE_NOUNS:
                before = "in"  # "the port of Kellhaven" names a place like "in Kellhaven"
            after = tokens[end] if end < len(tokens) else ""
            # A gazetteer name right before the run works like a title:
            # "Russian Federation Yuri Ushakov", "NATO chief ...".
            context = start > 0 and used[start - 1]
            classify_run(tokens, start, end, before, after, found, context)

    # The headline contributes gazetteer names only: headline capitals are
    # style, not evidence.
    if story.headline:
        head = tokenise(story.headline)
        gazetteer_pass(head, gazetteer, found.gaz, initial_positions(head))

    return resolve(found, gazetteer)


def add_entities(stories: list[Story], gazetteer: Gazetteer) -> None:
    """Set ``story.entities`` and append the names to ``story.tags``.

    The tags already there (the sidecar's, set by ``meta``) stay first;
    names already present (in any letter case) are not repeated.
    """
    for story in stories:
        if not story.ok:
            continue
        story.entities = extract_entities(story, gazetteer)
        tags: list[str] = []
        seen: set[str] = set()
        for tag in [*story.tags, *(n for k in KINDS for n in story.entities[k])]:
            key = tag.strip().casefold()
            if key and key not in seen:
                seen.add(key)
                tags.append(tag.strip())
        story.tags = tags
