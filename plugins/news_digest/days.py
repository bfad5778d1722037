"""The day digests: each day's events, ranked by coverage. No Pelican here.

Every published story belongs to exactly one event (``Story.event``, set by
``enrich/events.py``). A story the events stage left alone (or a build
without that stage) is an event of its own. Each event is listed once, on
its lead story's day; events are ranked by coverage (distinct outlets), then
by the best outlet priority among their members, then by time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .story import Event, Story


@dataclass
class DayEvent:
    """One event as a digest lists it: the event and its member stories."""

    event: Event
    lead: Story
    others: list[Story]
    """Members other than the lead, in the event's order."""
    outlets: int
    priority: int

    @property
    def members(self) -> list[Story]:
        return [self.lead, *self.others]


@dataclass
class Day:
    """One day's digest: its ranked events and the editors' words on it."""

    date: dt.date
    events: list[DayEvent] = field(default_factory=list)
    """Every event of the day, best covered first."""
    top: list[DayEvent] = field(default_factory=list)
    sections: list[tuple[str, list[DayEvent]]] = field(default_factory=list)
    """The events after the top ones, by the lead's category (categories by name)."""

    @property
    def stories(self) -> int:
        return sum(len(e.members) for e in self.events)


def own_event(story: Story) -> Event:
    """The event of a story that joined no other: itself, with its folded reposts' outlets."""
    outlets = {story.outlet, *(c.outlet for c in story.also_reported)}
    return Event(
        id=story.slug or story.source,
        lead=story.source,
        members=[story.source],
        outlets=len(outlets),
        day=story.date,
        topics=list(story.tags[:3]),
    )


def events_of(stories: Iterable[Story]) -> list[Event]:
    """Every event among the published stories, once each, each story in exactly one.

    A story whose event does not list it, or whose event's lead is not
    published, falls back to an event of its own: no story is lost or
    listed twice, whatever the events stage produced.
    """
    published = {s.source: s for s in stories if s.ok and s.date}
    unique: dict[int, Event] = {}
    for source in sorted(published):
        event = published[source].event
        if event is not None:
            unique.setdefault(id(event), event)
    claimed: set[str] = set()
    result: list[Event] = []
    for event in sorted(unique.values(), key=lambda e: e.lead):
        if event.lead not in published or event.lead in claimed:
            continue
        members = [event.lead]
        for m in event.members:
            if m in published and m not in claimed and m not in members and published[m].event is event:
                members.append(m)
        claimed.update(members)
        if members != event.members:
            event = Event(event.id, event.lead, members, event.outlets, event.day, list(event.topics))
        result.append(event)
    for source, story in published.items():
        if source not in claimed:
            result.append(own_event(story))
    return result


def build_days(
    stories: Iterable[Story],
    priority: Mapping[str, int] | Callable[[Story], int],
    top_events: int,
    extra_days: Iterable[dt.date] = (),
) -> list[Day]:
    """One :class:`Day` per date with stories (or in ``extra_days``), oldest first."""
    stories = list(stories)
    by_source = {s.source: s for s in stories}
    rank_of = priority if callable(priority) else (lambda s: priority.get(s.outlet_key or "", 0))
    days: dict[dt.date, Day] = {d: Day(d) for d in extra_days}
    for event in events_of(stories):
        lead = by_source[event.lead]
        others = [by_source[m] for m in event.members if m != event.lead]
        entry = DayEvent(
            event=event,
            lead=lead,
            others=others,
            outlets=event.outlets,  # the events stage counts coverage; own_event() for the rest
            priority=max(rank_of(s) for s in [lead, *others]),
        )
        day = event.day or lead.date
        assert day is not None
        days.setdefault(day, Day(day)).events.append(entry)
    for day in days.values():
        day.events.sort(key=_rank)
        day.top = day.events[:top_events]
        rest: dict[str, list[DayEvent]] = {}
        for entry in day.events[top_events:]:
            rest.setdefault(entry.lead.category, []).append(entry)
        day.sections = sorted(rest.items(), key=lambda kv: kv[0].casefold())
    return [days[d] for d in sorted(days)]


def _rank(entry: DayEvent) -> tuple:
    """Widest coverage first, then the best outlet, then the earliest, then by slug."""
    lead = entry.lead
    return (-entry.outlets, -entry.priority, lead.date or dt.date.min, lead.slug, lead.source)
