"""The pipeline: scraped folder in, finished stories out. No Pelican here.

read -> outlet -> learn furniture -> clean -> metadata, then the
enrichment stages (``enrich/stages.py``): slugs -> summaries -> editors'
commentary -> people and places -> fold reposts -> related. Every stage is a plain
function over ``list[Story]``; a story that fails a stage is marked
rejected with the reason and skipped by the stages after it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from . import clean, cleaned_pack, collector, files, incremental, limits, meta
from .cleaned_pack import Pack, Packed, furniture_digest
from .codec import BadRecord, decode_story
from .commentary import Note
from .controls import strip_controls
from .enrich.sentences import sent_back, take_back
from .incremental import Memo
from .isolation import REJECTING, each, failure_reason, guarded
from .learned import Facts, Learned, LinesElsewhere, Member, facts_of, learn_from, story_lines
from .normalise import normalise_story
from .parallel import in_worker, map_balanced
from .readers import NON_STORY_SUFFIXES, Unreadable, reader_for
from .schema import check_sidecar
from .settings import DigestSettings
from .sidecar import load_sidecar, sidecar_path
from .sources import Sources, load_sources
from .story import Story

logger = logging.getLogger(__name__)

Taker = Callable[[dict[str, files.Found]], dict[str, list[Story]]]
"""Stories that stand in for some files' read records (:meth:`.cleaned_pack.Pack.take`)."""


def discover(scraped: Path, content: Path | None = None) -> list[files.Found]:
    """Every candidate story under ``scraped`` (any depth), sorted by path.

    Sidecars and dotfiles are not stories; every other entry is, and ends in
    the report whether it can be read or not. Entries that are not regular
    files inside ``content`` (default: the parent of ``scraped``) come with
    the reason they are refused, and are never opened.
    """
    content = content if content is not None else scraped.parent
    if not scraped.is_dir() or scraped.is_symlink():
        return []
    found = list(files.walk(scraped, content, skip=NON_STORY_SUFFIXES))
    return sorted(found, key=lambda f: incremental.relative_posix(f.path, scraped))


def read_story_files(
    found: list[files.Found],
    content: Path,
    settings: DigestSettings,
    on_read: Callable[[int, int], None] | None = None,
    preread: Mapping[str, bytes] | None = None,
) -> list[Story]:
    """Run each file's reader once; a file that fails becomes a rejected story.

    A file is opened only when it is a regular file inside ``content`` and no
    larger than ``DIGEST_MAX_BYTES``. ``preread`` holds the bytes of files
    (stories and sidecars, by path as a string) the build cache already read
    to key them: those are not opened again.
    """
    preread = preread or {}
    stories: list[Story] = []
    for done, entry in enumerate(found, start=1):
        if on_read is not None:
            on_read(done, len(found))
        path = entry.path
        source = source_of(path, content)
        if entry.reason:
            stories.append(_rejected(source, entry.reason))
            continue
        reader = reader_for(path)
        if reader is None:
            kind = path.suffix.lower() or "suffix-less"
            stories.append(_rejected(source, f"no reader for {kind} files"))
            continue
        try:
            given = preread.get(str(path))
            too_big = limits.too_big(path.stat().st_size if given is None else len(given), settings.max_bytes)
            if too_big:
                raise Unreadable(too_big)
            side = sidecar_path(path)
            sidecar, warnings = load_sidecar(
                path, content, settings.reference_date, preread.get(str(side)) if side else None
            )
            read = reader(
                path,
                source,
                max_bytes=settings.max_bytes,
                max_paragraphs=settings.max_paragraphs,
                data=given,
            )
        except Unreadable as exc:
            stories.append(_rejected(source, str(exc)))
            continue
        except Exception as exc:  # a bad file never stops the others
            logger.debug("reading %s failed", source, exc_info=True)
            stories.append(_rejected(source, failure_reason("reading", exc)))
            continue
        if len(read) > 1:
            sidecar, warnings = shared_sidecar(sidecar, warnings, len(read))
        for story in read:
            scrub(story)
            # What the file itself says (a page's date, a record's URL) is the
            # reader's story.sidecar, as hostile as any sidecar: it passes the
            # same schema. The editor's sidecar wins over it.
            own, own_warnings = check_sidecar(story.sidecar, f"{path.name} metadata", settings.reference_date)
            story.sidecar = {**own, **sidecar}
            story.warnings[:0] = [*warnings, *own_warnings]
            normalise_story(story)
            limits.bound_read(story, settings.max_paragraphs)
        stories.extend(read)
    return stories


# Sidecar keys that describe one story: a file of several records shares
# only the others (its outlet, section, category, language, tags).
PER_STORY_KEYS = ("title", "url", "date", "slug", "summary", "related", "event")


def shared_sidecar(sidecar: dict, warnings: list[str], records: int) -> tuple[dict, list[str]]:
    """The part of a sidecar that applies to every record of a multi-record file."""
    dropped = [key for key in PER_STORY_KEYS if key in sidecar]
    if not dropped:
        return sidecar, warnings
    note = f"sidecar {', '.join(dropped)} ignored: the file holds {records} records, and each names its own"
    return {k: v for k, v in sidecar.items() if k not in dropped}, [*warnings, note]


def scrub(story: Story) -> None:
    """Remove control characters from everything a reader produced.

    ``decode`` already did for the bytes; this catches what a format's own
    escapes produce after decoding (``&#7;`` in HTML, ``\\u001b`` in JSON).
    """
    story.headline = strip_controls(story.headline)
    story.raw_section = strip_controls(story.raw_section) if story.raw_section else story.raw_section
    story.raw_outlet = strip_controls(story.raw_outlet) if story.raw_outlet else story.raw_outlet
    for block in story.blocks:
        block.text = strip_controls(block.text)
        block.items = [strip_controls(item) for item in block.items]


def source_of(path: Path, content: Path) -> str:
    """The report's name for ``path``: relative to the content folder, POSIX style."""
    return path.relative_to(content).as_posix() if path.is_relative_to(content) else path.as_posix()


def _rejected(source: str, reason: str) -> Story:
    story = Story(source=source)
    story.reject(reason)
    return story


CLEANING_WRITES = (
    "headline",
    "blocks",
    "date",
    "date_from",
    "section",
    "category",
    "url",
    "author",
    "language",
    "tags",
    "pinned_related",
    "event_hint",
    *REJECTING,
)
"""The story fields cleaning and dating may change (``clean.clean_story``, ``limits.bound_cleaned``,
``meta.resolve_metadata``, ``isolation.each``'s rejection): the only ones its workers compare
before and after and send back (``incremental.per_story``). ``tests/test_isolation.py`` checks
that cleaning a varied archive changes no other."""


def load_stories(
    settings: DigestSettings,
    sources: Sources | None = None,
    on_read: Callable[[int, int], None] | None = None,
    memo: Memo | None = None,
    found: list[files.Found] | None = None,
) -> list[Story]:
    """Read, clean and date every scraped file: the stories before enrichment.

    ``found``: :func:`discover`'s list, when the caller has walked the folder already.

    ``on_read(done, total)`` is called as each file is read (``invoke check``
    draws its progress bar with it). With a ``memo`` (a build), reading and
    cleaning go through the build cache and the workers (:mod:`.incremental`),
    and the stories of unchanged files come as cleaned from the last build
    (:mod:`.cleaned_pack`).

    Each step runs per story or under :func:`.isolation.guarded`, so a story
    that makes any step raise is rejected with the exception, not the build.
    """
    sources = sources if sources is not None else load_sources(settings.sources_path)
    if found is None:
        found = discover(settings.scraped_path, settings.content_path)
    read_params = [settings.max_bytes, settings.max_paragraphs, settings.reference_date]
    rules = clean.build_rules(sources.furniture, {key: o.furniture for key, o in sources.outlets.items()})
    fixed = ""
    pack: Pack | None = None
    if memo is not None:
        registry = incremental.file_digest(settings.sources_path) if settings.sources_path.is_file() else None
        constants = [registry, settings.min_words, settings.max_paragraphs, settings.reference_date]
        constants += [settings.default_category, settings.timezone]
        fixed = memo.key("cleaning constants", constants)
        pack = Pack.load(memo, memo.key("cleaned pack", read_params, fixed))

    def resolve(batch: list[Story]) -> None:
        each("outlet", batch, lambda story: meta.resolve_outlet(story, sources))

    def read(
        found: list[files.Found],
        packed: Callable[[dict[str, files.Found]], dict[str, list[Story]]] | None = None,
        meanwhile: Callable[[], None] | None = None,
    ) -> list[Story]:
        # (A file read a second time, for the pack's sake, is counted once.) Each file's
        # stories get their outlet as they are read: in a cold build, over the cores.
        assert memo is not None
        return incremental.read_files(
            found,
            lambda part, preread: read_story_files(part, settings.content_path, settings, None, preread),
            settings.content_path,
            read_params,
            settings.max_bytes,
            memo,
            packed,
            counted=packed is not None or pack is None,
            meanwhile=meanwhile,
            then=resolve,
        )

    if memo is not None:  # a build: through the cache, what it lacks over the cores
        if pack is not None and pack.parts:
            stories = read(found, pack.take, pack.unpack_all)
        else:
            stories = read(found, pack.take if pack is not None else None)
        collector.freeze_loaded()  # the stories as read live to the build's end (collector.py)
    elif on_read is not None:  # progress is drawn as each file is read: one process
        stories = read_story_files(found, settings.content_path, settings, on_read)
        resolve(stories)
    else:
        # Files are read on their own: split over the cores (DIGEST_JOBS),
        # the stories come back in the same order as one process reads them.
        def read_part(part: Sequence[files.Found]) -> list[Story]:
            stories = read_story_files(list(part), settings.content_path, settings)
            resolve(stories)
            return stories

        stories = map_balanced(read_part, found, settings.jobs)

    def packed(story: Story) -> Packed | None:
        return pack.packed(story) if pack is not None else None

    outlet_of: dict[str, str] = {}
    names = {key: [o.name, *o.aliases] for key, o in sources.outlets.items()}

    def outlets(batch: list[Story]) -> None:
        # A packed story's outlet is the one it had then: the same file, the same registry.
        for s in batch:
            was = packed(s)
            if was is not None and was.ok:
                outlet_of[s.source] = was.outlet or ""
                if was.name is not None:
                    names[was.name.lower()] = [was.name]
            elif was is None and s.ok:
                outlet_of[s.source] = s.outlet_key or s.outlet.lower()
                if not s.outlet_key:
                    names[s.outlet.lower()] = [s.outlet]

    outlets(stories)
    facts: dict[int, Facts] = {}
    found_lines: list[Learned] = []
    raw_lines = _RawLines(memo, pack, read) if memo is not None and pack is not None else None

    def facts_of_each(part: Sequence[Story]) -> list[Facts]:
        return [facts_of(s, outlet_of.get(s.source, ""), rules.is_furniture) for s in part]

    def learn_furniture(batch: list[Story]) -> None:
        allowed = {id(s) for s in batch if s.ok}
        # Each story's facts are its own: worked out over the cores (a cold build's whole archive).
        lacking = [s for s in stories if id(s) in allowed and id(s) not in facts and packed(s) is None]
        facts.update(zip(map(id, lacking), map_balanced(facts_of_each, lacking, settings.jobs), strict=True))
        members = []
        for s in stories:
            was = packed(s)
            if was is not None and raw_lines is not None:
                if was.ok and was.facts is not None:
                    members.append((was.outlet or "", Member(s.source, was.facts, raw_lines.of(was))))
            elif id(s) in allowed:
                outlet = outlet_of.get(s.source, "")
                members.append((outlet, Member(s.source, facts[id(s)], lambda s=s: story_lines(s))))
        # Over the cores in a warm build too (counting every outlet's units again, ~0.3 CPU s at
        # 10,000 stories): a packed story's lines, which come from the cache, are asked for only
        # by an outlet with a repeated sentence, learnt again here when a worker needs them.
        learned = learn_from(members, rules.is_furniture, settings.learn_furniture_min, names, settings.jobs)
        found_lines[:] = [learned]

    # Learning only reads the stories (nothing to copy and put back when a
    # story makes it fail); the last run is the one over every story it kept.
    published = {id(s) for s in stories if s.ok and packed(s) is None}
    guarded("learning furniture", [s for s in stories if packed(s) is None], learn_furniture, pure=True)
    notes: dict[str, str] = {}
    if found_lines:
        rules.learned = found_lines[0].lines
        # Each outlet's learned lines, once, on the first input that carries one.
        notes = found_lines[0].warnings()
    if pack is not None:
        stories, again = _unpack_stale(stories, pack, rules, notes, read)
        outlets(again)
        published.update(id(s) for s in again if s.ok)
        for s in again:
            if s.ok:
                facts[id(s)] = facts_of(s, outlet_of[s.source], rules.is_furniture)
    by_source = {s.source: s for s in stories}
    for source, note in notes.items():
        if packed(by_source[source]) is None:
            by_source[source].warnings.append(note)

    def clean_and_date(story: Story) -> None:
        top = meta.raw_top(story)
        clean.clean_story(story, rules, outlet_of[story.source], settings.min_words)
        if story.ok:
            limits.bound_cleaned(story, settings.max_paragraphs)
        if story.ok:
            meta.resolve_metadata(
                story, sources, settings.reference_date, settings.default_category, top, settings.timezone
            )

    if memo is None:
        each("cleaning", stories, clean_and_date)
        return stories

    def state_before_cleaning(story: Story) -> list | None:
        # The story as read (its read record and place there), then what happened to it
        # since: its outlet (the registry, in ``fixed``) and the warnings outlets and
        # learning added. Nothing else touches a story between reading and cleaning.
        read = memo.state_after(story, "read")
        return None if read is None else [read, story.warnings]

    unpacked = [s for s in stories if packed(s) is None]
    came_from = {id(s): incremental.read_key(s, memo) for s in unpacked}
    cleaned = {id(s) for s in unpacked if s.ok}
    incremental.per_story(
        memo,
        "cleaning",
        unpacked,
        lambda batch: each("cleaning", batch, clean_and_date),
        lambda story: [fixed, sorted(rules.learned.get(outlet_of[story.source], ()))],
        state_before_cleaning,
        # A worker's splits of its stories' paragraphs, for summaries and names (``sentences.sent_back``).
        extra=(lambda s: sent_back(_split_texts(s)), lambda s, known: take_back(_split_texts(s), known)),
        writes=CLEANING_WRITES,
        sets=("blocks",),  # clean_story makes every story's blocks anew: not compared
    )
    used = [p for s in stories if (p := packed(s)) is not None and p.ok and p.clean_key]
    for s in stories:
        was = packed(s)
        if was is not None and was.ok and was.clean_key:
            memo.went_through(s, "cleaning", was.clean_key)
    memo.keep(p.clean_key for p in used if p.clean_key)
    memo.count("cleaning", len(used), 0)
    if pack is not None:
        memo.count("packed", pack.used(), len({k for k in came_from.values() if k}))
    if pack is not None and memo.caching:
        entries = _entries(stories, memo, came_from, published, cleaned, facts, outlet_of, notes, rules)
        entries.update({p.read_key: None for p in map(packed, stories) if p is not None})
        pack.save(entries)
    return stories


def _split_texts(story: Story) -> list[str]:
    """The texts of ``story`` whose sentences summaries and names read: its paragraphs and block quotes."""
    return [b.text for b in story.blocks if b.kind in ("p", "quote")]


class _RawLines:
    """The raw lines of packed stories, for learning's rare need of them (a sentence repeated in an
    outlet whose stories changed): their read records are fetched all at once, at the first need,
    and a file whose record is gone is read again."""

    def __init__(self, memo: Memo, pack: Pack, read: Callable[[list[files.Found]], list[Story]]) -> None:
        self.memo, self.pack, self.read = memo, pack, read
        self.records: dict[str, Any] | None = None

    def of(self, was: Packed) -> Callable[[], list[str]]:
        return lambda: self._lines(was)

    def _lines(self, was: Packed) -> list[str]:
        if in_worker():  # a fork must not read the cache
            raise LinesElsewhere(was.read_key)
        if self.records is None:
            self.records = self.memo.get_many(list(self.pack.entries))
        record = self.records.get(was.read_key)
        try:
            if type(record) is list and len(record) > was.place:
                return story_lines(decode_story(record[was.place]))
        except BadRecord as exc:
            self.memo.discard(str(exc))
            self.records = {}
        stories = self.read([self.pack.entries[was.read_key]])
        return story_lines(stories[was.place])


def _unpack_stale(
    stories: list[Story],
    pack: Pack,
    rules: clean.FurnitureRules,
    notes: dict[str, str],
    read: Callable[[list[files.Found]], list[Story]],
) -> tuple[list[Story], list[Story]]:
    """The stories, each packed file whose outlet's learned lines or note changed read again
    in its place; and the stories read again (the outlet step and cleaning are theirs to go through)."""
    by_source = {s.source: s for s in stories}
    stale = set()
    digests: dict[str, str] = {}  # outlet -> its learned lines' digest
    for s in stories:
        was = pack.packed(s)
        if was is None or not was.ok:
            continue
        note = notes.get(s.source) if by_source[s.source] is s else None
        outlet = was.outlet or ""
        if outlet not in digests:
            digests[outlet] = furniture_digest(rules.learned.get(outlet, set()))
        if note != was.note or digests[outlet] != was.furniture:
            stale.add(was.read_key)
    if not stale:
        return stories, []
    out: list[Story] = []
    again: list[Story] = []
    for s in stories:
        was = pack.packed(s)
        if was is None or was.read_key not in stale:
            out.append(s)
        elif was.place == 0:  # the file's first story: the whole file, read again
            fresh = read([pack.entries[was.read_key]])
            out.extend(fresh)
            again.extend(fresh)
    for key in stale:
        pack.drop(key)
    return out, again


def _entries(
    stories: list[Story],
    memo: Memo,
    came_from: dict[int, str | None],
    published: set[int],
    cleaned: set[int],
    facts: dict[int, Facts],
    outlet_of: dict[str, str],
    notes: dict[str, str],
    rules: clean.FurnitureRules,
) -> dict[str, list[Any] | None]:
    """The pack's entries of the files this build read and cleaned (not the packed ones).

    A file is left out when one of its stories has no read key, was rejected
    by learning (which looks at the whole archive), or has no cleaning key.
    """
    files_of: dict[str, list[Story]] = {}
    for s in stories:
        key = came_from.get(id(s))
        if key is not None:
            files_of.setdefault(key, []).append(s)
    by_source = {s.source: s for s in stories}
    digests: dict[str, str] = {}  # outlet -> its learned lines' digest, once (not once a story)
    out: dict[str, list[Any] | None] = {}
    for key, group in files_of.items():
        made = []
        for s in group:
            ident = id(s)
            ok = ident in cleaned
            if ident in published and not ok:
                break  # rejected by learning
            outlet = outlet_of.get(s.source) if ok else None
            clean_key = memo.state_after(s, "cleaning") if ok else None
            if ok and (clean_key is None or ident not in facts or outlet is None):
                break
            if ok and outlet not in digests:
                digests[outlet] = furniture_digest(rules.learned.get(outlet or "", set()))
            was = Packed(
                key,
                len(made),
                ok,
                outlet,
                s.outlet if ok and not s.outlet_key else None,
                facts.get(ident) if ok else None,
                notes.get(s.source) if ok and by_source[s.source] is s else None,
                digests[outlet] if ok and outlet is not None else None,
                clean_key,
            )
            made.append(cleaned_pack.Unwritten(s, was))
        else:
            out[key] = made
    return out


def enrich(
    stories: list[Story],
    settings: DigestSettings,
    sources: Sources,
    notes: list[Note] | None = None,
    memo: Memo | None = None,
    timings: dict[str, float] | None = None,
) -> None:
    """Summaries, people and places, folded reposts, slugs and related stories."""
    from .enrich import stages

    stages.run(stories, settings, sources, timings=timings, notes=notes, memo=memo)


def run_pipeline(
    settings: DigestSettings,
    notes: list[Note] | None = None,
    memo: Memo | None = None,
    timings: dict[str, float] | None = None,
    found: list[files.Found] | None = None,
) -> list[Story]:
    """The whole pipeline; returns every input, published, folded or rejected.

    ``notes`` (editors' commentary, read by Pelican) are merged into their
    stories; a note naming no published story is marked rejected.
    ``timings``, when given, receives each stage's seconds as it ends.
    ``found``: the scraped files (:func:`discover`), when the caller walked them already.
    """
    sources = load_sources(settings.sources_path)
    start = time.perf_counter()
    try:
        stories = load_stories(settings, sources, memo=memo, found=found)
        if timings is not None:
            timings["read and clean"] = time.perf_counter() - start
        if memo is not None:  # a build: the cleaned stories live to its end as well (collector.py)
            collector.freeze_loaded()
        enrich(stories, settings, sources, notes, memo, timings)
    except BaseException:
        collector.release()  # the build stops here: nothing to hold for
        raise
    return stories
