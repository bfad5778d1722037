"""Whether a story page shows the summary box: a page says each thing once.

A generated summary made of the story's own opening sentences repeats what
the reader is about to read, so the page leaves it out (it still serves the
digest, the feeds and the JSON-LD ``description``). Any other summary is
shown, and an editor's summary always is, marked as the editors'.
"""

from __future__ import annotations

import re
from itertools import islice

from .enrich.sentences import strip_dateline
from .story import Story

_WORD = re.compile(r"\w+")


def _words(text: str, limit: int | None = None) -> list[str]:
    """The words of ``text`` (casefolded); only the first ``limit`` when given (a page's lede is long)."""
    return [m.group() for m in islice(_WORD.finditer(text.casefold()), limit)]


def summary_is_lede(summary: str, paragraphs: list[str]) -> bool:
    """True when ``summary`` is the text's opening run of words (after a wire dateline, if any)."""
    wanted = _words(summary)
    if not wanted or not paragraphs:
        return False
    text = " ".join(paragraphs[:8])
    return any(_words(start, len(wanted)) == wanted for start in (text, strip_dateline(text)))


def shows_summary(story: Story) -> bool:
    """Whether the story page shows ``story.summary`` in its own box."""
    if not story.summary:
        return False
    return story.summary_by_editor or not summary_is_lede(story.summary, story.paragraphs)
