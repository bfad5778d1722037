"""One story that makes a stage fail is rejected; the build goes on without it.

Most stages work on the whole archive at once (learning furniture, folding,
related links), so an exception does not say which story caused it.
:func:`guarded` runs a stage over the stories; when it raises, the stories
are put back as they were before the stage, the smallest failing prefix of
the published stories is found by bisection, and its last story is rejected
with the exception's type and message. Then the stage runs again without it.

The normal path costs one shallow copy of each story's fields per stage;
of only the fields a stage may change when it names them (``writes``); none
for a stage that changes no story (``pure``).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Collection
from operator import attrgetter
from typing import Any

from .story import Story

logger = logging.getLogger(__name__)

MAX_CULPRITS = 25
"""More failing stories than this in one stage is a bug in the stage, not bad input."""

Stage = Callable[[list[Story]], Any]


def failure_reason(stage: str, exc: BaseException) -> str:
    """The report's reason for a story that made ``stage`` raise ``exc``."""
    message = " ".join(str(exc).split())
    if len(message) > 300:
        message = message[:299] + "…"
    return f"{stage} failed: {type(exc).__name__}" + (f": {message}" if message else "")


REJECTING = ("status", "reason", "warnings")
"""Fields any stage may change besides its own: rejecting a story, warning about it."""


class _Snapshot:
    """The fields of some stories (all, or ``writes`` only), to put them back after a failed run.

    Named fields are kept a column each (one list of every story's value per
    field, made by one ``attrgetter`` pass): a dict per story and stage was
    most of the snapshots' cost (seven stages over 10,000 stories a build).
    """

    def __init__(
        self, stories: list[Story], copy: bool = True, writes: Collection[str] | None = None
    ) -> None:
        self.stories = list(stories)
        self.fields = None if writes is None else (*dict.fromkeys((*writes, *REJECTING)),)
        self.states: list[dict[str, Any]] | None = None
        """Every field of each story (no ``writes`` named), else None."""
        self.columns: dict[str, list[Any]] = {}
        """Each named field's value in each story, in order (containers copied)."""
        if not copy:
            self.fields = ()
        elif self.fields is None:
            self.states = [_copy_state(vars(s)) for s in self.stories]
        else:
            for name in self.fields:
                values = list(map(attrgetter(name), self.stories))
                self.columns[name] = _copied(values) if name in _CONTAINER_SET else values

    def restore(self) -> None:
        if self.states is not None:
            for story, state in zip(self.stories, self.states, strict=True):
                vars(story).clear()
                vars(story).update(_copy_state(state))
            return
        for name, values in self.columns.items():
            again = _copied(values) if name in _CONTAINER_SET else values
            for story, value in zip(self.stories, again, strict=True):
                vars(story)[name] = value

    def drop(self, story: Story) -> None:
        keep = [i for i, s in enumerate(self.stories) if s is not story]
        self.stories = [self.stories[i] for i in keep]
        if self.states is not None:
            self.states = [self.states[i] for i in keep]
        self.columns = {name: [values[i] for i in keep] for name, values in self.columns.items()}


def _copied(values: list[Any]) -> list[Any]:
    """Each container in ``values`` copied (None left as it is)."""
    return [v if v is None else v.copy() for v in values]


# Story fields that stages change in place (lists and dicts they append to or
# fill); every other field is only ever replaced, so a shallow copy keeps it.
_CONTAINERS = tuple(f.name for f in dataclasses.fields(Story) if f.default_factory in (list, dict, set))


def _copy_state(state: dict[str, Any]) -> dict[str, Any]:
    copied = state.copy()
    for name in _CONTAINERS:
        value = copied.get(name)
        if value is not None:
            copied[name] = value.copy()
    return copied


_CONTAINER_SET = frozenset(_CONTAINERS)


def guarded(
    name: str, stories: list[Story], stage: Stage, pure: bool = False, writes: Collection[str] | None = None
) -> None:
    """Run ``stage(stories)``; reject the stories that make it raise, one at a time.

    Re-raises when the stage fails with no story at all (the stage itself is
    broken) or when more than :data:`MAX_CULPRITS` stories fail it. A
    ``pure`` stage changes no story (it only reads them), so nothing is
    copied to put back. A stage that names the fields it may change
    (``writes``; rejecting and warning, :data:`REJECTING`, are always
    allowed) has only those copied: the copy of every field of every story
    before each stage was a tenth of a warm build's enrichment.
    """
    snapshot = _Snapshot([s for s in stories if s.ok], copy=not pure, writes=writes)
    for _ in range(MAX_CULPRITS + 1):
        try:
            stage(stories)
            return
        except Exception as exc:
            error = exc
        snapshot.restore()
        live = list(snapshot.stories)
        culprit, error = _first_failing(live, stage, snapshot, error)
        snapshot.restore()
        logger.warning("news-digest: %s failed on %s", name, culprit.source, exc_info=error)
        culprit.reject(failure_reason(name, error))
        snapshot.drop(culprit)
    raise RuntimeError(f"{name} failed on more than {MAX_CULPRITS} stories") from error


def _first_failing(
    live: list[Story], stage: Stage, snapshot: _Snapshot, error: Exception
) -> tuple[Story, Exception]:
    """The story whose addition makes ``stage`` fail, and the exception it raised.

    ``stage(live)`` is known to fail. Bisection over prefixes needs
    ``log2(len(live))`` runs of the stage.
    """

    def fails(count: int) -> Exception | None:
        snapshot.restore()
        try:
            stage(live[:count])
        except Exception as exc:
            return exc
        return None

    empty = fails(0)
    if empty is not None:
        raise empty  # not a story's fault
    whole = fails(len(live))
    if whole is None:  # fails only with the other (folded, rejected) stories around
        raise error
    passing, failing = 0, len(live)
    while failing - passing > 1:
        middle = (passing + failing) // 2
        found = fails(middle)
        if found is None:
            passing = middle
        else:
            failing, whole = middle, found
    return live[failing - 1], whole


def each(name: str, stories: list[Story], step: Callable[[Story], Any]) -> None:
    """Run a per-story ``step`` on every published story; one that raises is rejected."""
    for story in stories:
        if not story.ok:
            continue
        try:
            step(story)
        except Exception as exc:
            logger.debug("news-digest: %s failed on %s", name, story.source, exc_info=True)
            story.reject(failure_reason(name, exc))
