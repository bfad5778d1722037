"""Whether a story page shows the summary box: a page says each thing once.

A generated summary made of the story's own opening sentences repeats what
the reader is about to read, so the page leaves it out (it still serves the
digest, the feeds and the JSON-LD ``description``). Any other summary is
shown, and an editor's summary always is, marked as the editors'.
"""

from __future__ import annotations

import re

from .enrich.sentences import strip_dateline
from .story import Story

_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    """The words of ``text`` (casefolded)."""
    return _WORD.findall(text.casefold())


def _opening(text: str, count: int) -> list[str]:
    """The first ``count`` words of ``text`` (casefolded), from as little of it as they take.

    A page's lede is long and the summary short: the words of a prefix are the
    text's own as far as they go once a word follows them in the prefix
    (casefolding maps each character on its own, and a word ends where a
    character that is not one comes), so the prefix grows until one does.
    """
    size = 16 * count + 64
    while True:
        words = _words(text[:size])
        if len(words) > count or size >= len(text):
            return words[:count]
        size *= 4


def summary_is_lede(summary: str, paragraphs: list[str]) -> bool:
    """True when ``summary`` is the text's opening run of words (after a wire dateline, if any)."""
    wanted = _words(summary)
    if not wanted or not paragraphs:
        return False
    text = " ".join(paragraphs[:8])
    return any(_opening(start, len(wanted)) == wanted for start in (text, strip_dateline(text)))


def shows_summary(story: Story) -> bool:
    """Whether the story page shows ``story.summary`` in its own box."""
    if not story.summary:
        return False
    return story.summary_by_editor or not summary_is_lede(story.summary, story.paragraphs)
