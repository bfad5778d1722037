"""The pipeline: scraped folder in, finished stories out. No Pelican here.

read -> outlet -> learn furniture -> clean -> metadata, then the
enrichment stages (``enrich/stages.py``): slugs -> summaries -> editors'
commentary -> people and places -> fold reposts -> related. Every stage is a plain
function over ``list[Story]``; a story that fails a stage is marked
rejected with the reason and skipped by the stages after it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from . import clean, meta
from .commentary import Note
from .normalise import normalise_story
from .readers import NON_STORY_SUFFIXES, Unreadable, reader_for
from .settings import DigestSettings
from .sidecar import load_sidecar
from .sources import Sources, load_sources
from .story import Story

logger = logging.getLogger(__name__)


def discover(scraped: Path) -> list[Path]:
    """Every candidate story file under ``scraped`` (any depth), sorted.

    Sidecars and dotfiles are not stories; everything else is, and ends in
    the report whether a reader exists for it or not.
    """
    if not scraped.is_dir():
        return []
    found = []
    for path in scraped.rglob("*"):
        rel = path.relative_to(scraped)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if path.suffix.lower() in NON_STORY_SUFFIXES:
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.relative_to(scraped).as_posix())


def read_story_files(paths: list[Path], content: Path) -> list[Story]:
    """Run each file's reader once; a file that fails becomes a rejected story."""
    stories: list[Story] = []
    for path in paths:
        source = path.relative_to(content).as_posix() if path.is_relative_to(content) else path.as_posix()
        reader = reader_for(path)
        if reader is None:
            kind = path.suffix.lower() or "suffix-less"
            stories.append(_rejected(source, f"no reader for {kind} files"))
            continue
        try:
            sidecar, warnings = load_sidecar(path)
            found = reader(path, source)
        except Unreadable as exc:
            stories.append(_rejected(source, str(exc)))
            continue
        except Exception as exc:  # a bad file never stops the others
            logger.debug("reading %s failed", source, exc_info=True)
            stories.append(_rejected(source, f"could not read: {type(exc).__name__}: {exc}"))
            continue
        for story in found:
            # What the file itself says (a page's date, a record's URL) is the
            # reader's story.sidecar; the editor's sidecar wins over it.
            story.sidecar = {**story.sidecar, **sidecar}
            story.warnings[:0] = warnings
            normalise_story(story)
        stories.extend(found)
    return stories


def _rejected(source: str, reason: str) -> Story:
    story = Story(source=source)
    story.reject(reason)
    return story


def load_stories(settings: DigestSettings, sources: Sources | None = None) -> list[Story]:
    """Read, clean and date every scraped file: the stories before enrichment."""
    sources = sources if sources is not None else load_sources(settings.sources_path)
    stories = read_story_files(discover(settings.scraped_path), settings.content_path)
    live = [s for s in stories if s.ok]
    for story in live:
        meta.resolve_outlet(story, sources)
    outlet_of = {s.source: s.outlet_key or s.outlet.lower() for s in live}
    rules = clean.build_rules(sources.furniture, {key: o.furniture for key, o in sources.outlets.items()})
    rules.learned = clean.learn_furniture(live, outlet_of, rules, settings.learn_furniture_min)
    for story in live:
        top = meta.raw_top(story)
        clean.clean_story(story, rules, outlet_of[story.source])
        if story.ok:
            meta.resolve_metadata(story, sources, settings.reference_date, settings.default_category, top)
    return stories


def enrich(
    stories: list[Story], settings: DigestSettings, sources: Sources, notes: list[Note] | None = None
) -> None:
    """Summaries, people and places, folded reposts, slugs and related stories."""
    from .enrich import stages

    stages.run(stories, settings, sources, notes=notes)


def run_pipeline(settings: DigestSettings, notes: list[Note] | None = None) -> list[Story]:
    """The whole pipeline; returns every input, published, folded or rejected.

    ``notes`` (editors' commentary, read by Pelican) are merged into their
    stories; a note naming no published story is marked rejected.
    """
    sources = load_sources(settings.sources_path)
    stories = load_stories(settings, sources)
    enrich(stories, settings, sources, notes)
    return stories
