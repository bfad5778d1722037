"""The enrichment stages in order, over the stories that are still published.

slugs -> summaries -> editors' commentary -> people and places -> folded
reposts -> events -> related stories. Slugs come first because editors pin related
stories and address commentary by slug; commentary comes after summaries so
an editor's summary wins over the generated one. Events come after folding
(copies are one story by then) and before related stories, which list an
event's other members first.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from ..commentary import Note, attach_notes
from ..incremental import Memo, file_digest, name_extractor, per_story
from ..isolation import REJECTING, guarded
from ..meta import assign_slugs
from ..settings import DigestSettings
from ..sources import Sources
from ..stage_pack import StagePack
from ..story import Event, Story
from .archive_words import kept_common_words
from .entities import add_entities, load_gazetteer
from .entities.tags import common_words, extract_each
from .events import add_events
from .fold import _priority_of, fold_reposts
from .ranked_names import KeptRanks
from .related import Scorer, link_related, start_early
from .rows import kept_in, start_story_ids
from .sentences import clear_cache
from .summary import add_summaries
from .vectors import clear_cache as clear_vectors


def run(
    stories: list[Story],
    settings: DigestSettings,
    sources: Sources,
    timings: dict[str, float] | None = None,
    notes: list[Note] | None = None,
    clock: Callable[[], float] = time.perf_counter,
    memo: Memo | None = None,
) -> None:
    """Run every enrichment stage; folded stories leave the published set.

    ``notes`` are the editors' commentary, already read (Pelican reads them);
    ``timings``, when given, receives each stage's time by ``clock`` (wall
    time; benchmarks on a busy machine pass ``time.process_time``). With a
    ``memo`` (a build), summaries and names go through the build cache and
    the workers (:mod:`..incremental`), and folding, events and related
    links keep their per-story rows and fold pairs in it (:mod:`.rows`).
    """
    priority = {key: outlet.priority for key, outlet in sources.outlets.items()}
    gazetteer = load_gazetteer(settings.entities_path)

    def summaries(batch: list[Story]) -> None:
        if memo is None:
            add_summaries(batch, settings.summary_sentences)
        else:
            n = settings.summary_sentences

            def state_before(story: Story) -> list | None:
                # Cleaning's record key names the story as cleaned; only slugs ran since.
                cleaned = memo.state_after(story, "cleaning")
                if cleaned is None:
                    return None
                return [cleaned, *(repr(getattr(story, name)) for name in SINCE_CLEANING)]

            run = lambda some: add_summaries(some, n)  # noqa: E731
            pack = packs.get("summaries")
            # Only what summaries may change is compared before and after (not the text, twice).
            per_story(memo, "summaries", batch, run, lambda _: n, state_before, pack, writes=SUMMARIES_WRITE)

    extract = extract_each
    common_of = common_words
    ranks: KeptRanks | None = None
    packs: dict[str, StagePack] = {}
    """The per-story records of summaries and names, kept packed (saved once their stage is done)."""
    if memo is not None and memo.caching:
        packs = {"summaries": StagePack(memo, "summaries"), "entities": StagePack(memo, "names")}
        names = file_digest(settings.entities_path) if settings.entities_path.is_file() else None
        extract = name_extractor(memo, names, SINCE_SUMMARIES, packs["entities"])
        common_of = kept_common_words(memo)
        ranks = KeptRanks(memo, names)

    def entities(batch: list[Story]) -> None:
        add_entities(batch, gazetteer, settings.max_tags, extract, common_of, ranks)

    def commentary(batch: list[Story]) -> None:
        attach_notes([s for s in batch if s.ok], notes or [])

    def fold(batch: list[Story]) -> None:
        fold_reposts(batch, priority, jobs=settings.jobs)
        _move_commentary_to_canonical(batch)

    # Each step takes the stories it works on: a step that raises is run
    # again on fewer stories to find the one that makes it fail (isolation.py),
    # the fields it may change (WRITES) put back first.
    steps: list[tuple[str, Callable[[list[Story]], object]]] = [
        ("slugs", lambda batch: assign_slugs((s for s in batch if s.ok), settings.slug_substitutions)),
        ("summaries", summaries),
        ("commentary", commentary),
        ("entities", entities),
        ("fold", fold),
        (
            "events",
            lambda batch: add_events(
                batch,
                settings.event_window_days,
                settings.timeline_count,
                _priority_of(priority),
                settings.jobs,
            ),
        ),
        (
            "related",
            lambda batch: link_related(
                batch, settings.related_count, settings.related_window_days, jobs=settings.jobs, early=early
            ),
        ),
    ]
    early: Scorer | None = None
    """Related's scores, started before events in a cold build (:func:`_start_related`)."""
    try:
        with kept_in(memo):
            take_ids = _start_ids(stories, memo)
            try:
                for name, step in steps:
                    start = clock()
                    if name == "entities":
                        take_ids()  # the first stage to ask for them
                    if name == "events":
                        early = _start_related(stories, settings, memo)
                    guarded(name, stories, step, writes=WRITES[name])
                    if name == "entities" and ranks is not None:
                        ranks.keep()
                    if name in packs:
                        packs[name].save()
                    if timings is not None:
                        timings[name] = clock() - start
            finally:
                take_ids()  # the children reaped, whatever happened (a second call does nothing)
        if memo is not None:
            _note_final_states(stories, memo)
    finally:
        if early is not None:
            early.drop_early()  # when the stage did not take them (it failed first)
        clear_cache()
        clear_vectors()


def _start_ids(stories: list[Story], memo: Memo | None) -> Callable[[], None]:
    """The stories' ids (:func:`.rows.start_story_ids`) started now in a build with a warm cache: what to
    call to take them, once (later calls do nothing).

    In such a build slugs and summaries work alone for about 0.3 s at 10,000
    stories, beside an idle core; the names stage then asked for every id
    (a digest of the story's whole text) and waited for them. In a cold build
    summaries' workers take both cores: nothing is started.
    """
    if memo is None or not memo.caching or memo.empty or not stories:
        return lambda: None
    started = [start_story_ids(stories)]

    def take() -> None:
        if started:
            started.pop()()

    return take


def _start_related(stories: list[Story], settings: DigestSettings, memo: Memo | None) -> Scorer | None:
    """Related's scores of the whole archive started in forked workers, beside events, in a cold build.

    Events works alone for about a second at 10,000 stories (its clusters
    and groups, between its products) while the other core idles; related's
    scores do not depend on events (only its lists do), and its workers take
    that core. A build with a cache that is not empty scores only what changed
    (:mod:`.related_cache`): nothing is started. Nor with one job. The
    scores are the ones the stage makes itself; ``link_related`` checks that
    its stories and settings are the ones started with.
    """
    if settings.jobs < 2 or (memo is not None and memo.caching and not memo.empty):
        return None
    try:
        return start_early(stories, settings.related_count, settings.related_window_days, jobs=settings.jobs)
    except Exception:  # the related stage itself runs, and isolates, whatever failed here
        return None


WRITES: dict[str, tuple[str, ...]] = {
    "slugs": ("slug",),
    "summaries": ("summary", "summary_by_editor"),
    "commentary": ("commentary", "summary", "summary_by_editor", "pinned_related", "event_hint"),
    "entities": ("entities", "tags"),
    "fold": ("also_reported", "folded_into", "commentary", "pinned_related"),
    "events": ("event", "timeline"),
    "related": ("related",),
}
"""The story fields each stage may change (besides rejecting and warning,
``isolation.REJECTING``): all that is copied to put back if it fails.
``tests/test_isolation.py`` checks that a build's stages change no other."""

SUMMARIES_WRITE = (*WRITES["summaries"], *REJECTING)
"""What summaries may change: all a worker compares and sends back (``incremental.per_story``)."""

SINCE_CLEANING = (*WRITES["slugs"], *REJECTING)
"""What may change a story between cleaning (its record names the story as cleaned) and summaries."""

SINCE_SUMMARIES = (*WRITES["commentary"], *REJECTING)
"""What may change a story between summaries and names (``incremental.name_extractor``)."""


AFTER_SUMMARIES = tuple(
    dict.fromkeys(
        f
        for stage in ("commentary", "entities", "fold", "events", "related")
        for f in (*WRITES[stage], *REJECTING)
    )
)
"""What the stages after summaries may change (the stages in order, ``steps`` in :func:`run`)."""


def _note_final_states(stories: list[Story], memo: Memo) -> None:
    """Give each story a key naming its state as the pipeline leaves it: ``memo.state_after(story, "final")``.

    The summaries record's key names the story right after summaries (a
    stage is a function of its key); after it only :data:`AFTER_SUMMARIES`
    change, so that key and the state of each of those fields
    (:func:`_final_part`) name the final state. The same state gives the
    same key in a cold build and a warm one, so a later build can know a
    story unchanged without a digest of its body. A story without a
    summaries key (none went through the cache) gets none.
    """
    final = memo.keyer("final state", AFTER_SUMMARIES)
    plain = attrgetter(*(f for f in AFTER_SUMMARIES if f not in _EVENT_FIELDS))
    shared = [f for f in AFTER_SUMMARIES if f in _EVENT_FIELDS]
    events: dict[int, tuple[Event, str]] = {}
    for story in stories:
        summed = memo.state_after(story, "summaries")
        if summed is not None:
            parts = [*map(repr, plain(story)), *(_final_part(getattr(story, f), events) for f in shared)]
            memo.went_through(story, "final", final(summed, parts))


_EVENT_FIELDS = ("event", "timeline")
"""The story fields that hold :class:`Event` objects shared by stories (:func:`_final_part`)."""


def _final_part(value: object, events: dict[int, tuple[Event, str]]) -> str | list[Any]:
    """A field's part of the final-state key: equal parts exactly for equal ``repr``s.

    Its ``repr``, but an :class:`Event` (``event``, and each of ``timeline``)
    by a digest of its ``repr``, made once per event (``events``: by ``id``,
    the event kept alive): every member of an event holds the same object,
    and a big event's ``repr`` (all its members' sources) once for each of
    its members, and again in each later story's timeline, was most of the
    key's cost. ``"Event:"`` and 64 hex digits is no ``repr`` of anything
    else, and a list (of events or not) is a JSON list of its items' parts,
    so two values have equal parts exactly when their ``repr``s are equal.
    """
    if isinstance(value, Event):
        known = events.get(id(value))
        if known is None or known[0] is not value:
            text = repr(value).encode("utf-8", "surrogatepass")
            known = events[id(value)] = (value, "Event:" + hashlib.sha256(text).hexdigest())
        return known[1]
    if type(value) is list and value and isinstance(value[0], Event):
        return [_final_part(item, events) for item in value]
    return repr(value)


def _move_commentary_to_canonical(stories: list[Story]) -> None:
    """A note written on a copy that got folded belongs on the page that remains."""
    by_source = {s.source: s for s in stories}
    for story in stories:
        if story.status == "folded" and story.commentary and story.folded_into:
            canonical = by_source[story.folded_into]
            canonical.commentary.extend(story.commentary)
            canonical.pinned_related.extend(
                p for p in story.pinned_related if p not in canonical.pinned_related
            )
            story.commentary = []
