"""The stories of unchanged files as read and cleaned, kept in a few records between builds.

A warm build used to fetch and decode every file's read record, resolve
every story's outlet, work out what learning furniture needs of every story,
then fetch and apply every story's cleaning record: two records and two
decodes per story, for stories that had not changed. The pack keeps, for
each file, its stories as :func:`.pipeline.load_stories` ended with them,
together with what that function learnt of them on the way:

* whether the story was still published when cleaning began, its outlet's
  key and name (for learning and the cleaning key);
* its learning :class:`.learned.Facts` (lede and units);
* the learned-furniture note it carried, and a digest of the learned lines
  of its outlet it was cleaned with;
* the key of its cleaning record (the later stages name its state by it).

Why a packed story is the story a cold build makes
--------------------------------------------------

The pack is kept under a key that holds the plugin's code and libraries
(:func:`.incremental.code_identity`), the reader's settings and every
constant cleaning reads (the source registry's bytes, ``DIGEST_MIN_WORDS``,
the reference date, ...). Within it, a file's stories are found by the key
of its read record, which holds the file's path and its bytes and its
sidecar's: the same key means the same stories as read. Between reading and
cleaning, a story meets only the outlet step (a function of the story and
the registry), learning (which adds the outlet's note to the first story
that carries a learned line, and gives the outlet's learned lines), and
cleaning (a function of the story, the constants and the outlet's learned
lines). So a packed story of an unchanged file is exactly what the build
would make of it again when its outlet's learned lines and its note are
the same as when it was packed: both are checked, story by story, once this
build has learnt its furniture (from the packed facts, which are a function
of the story as read and the registry only, and from the new stories'). A
file with one story that fails the check is read again (its read record is
kept for that) and goes through the outlet step and cleaning like any other.
A file whose story learning rejected is never packed.

Parts: a build that changes a few files writes one part holding those files
and a new index; the parts are joined into one when there are more than
:data:`MAX_PARTS` or when more than :data:`MAX_DEAD` of their files are gone
or superseded. Every part is checked like any record; one that does not
decode discards the cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from .codec import BadRecord, decode_story, digest, dumps, encode
from .files import Found
from .incremental import Memo, no_collection
from .learned import Facts
from .story import Story

MAX_PARTS = 8
"""Parts kept before they are joined into one."""

MAX_DEAD = 0.25
"""Share of the parts' files that may be gone or superseded before the parts are joined."""


@dataclass
class Packed:
    """One story of the pack: what loading learnt of it, and the record it came from."""

    read_key: str
    place: int
    """Its place among its file's stories."""
    ok: bool
    """Still published when cleaning began (cleaning ran on it)."""
    outlet: str | None
    name: str | None
    """The outlet's name when it is not in the registry (learning asks for it)."""
    facts: Facts | None
    note: str | None
    furniture: str | None
    """:func:`furniture_digest` of its outlet's learned lines when it was cleaned."""
    clean_key: str | None


def furniture_digest(lines: set[str] | frozenset[str] | tuple[()]) -> str:
    """A digest of an outlet's learned lines, whatever their order."""
    return digest(sorted(lines))


def entry(story: Story, packed: Packed) -> list[Any]:
    """``story`` (as loading ended with it) and what loading learnt of it, as stored."""
    facts = packed.facts
    return [
        packed.ok,
        packed.outlet,
        packed.name,
        facts.lede if facts else None,
        list(facts.units) if facts else None,
        packed.note,
        packed.furniture,
        packed.clean_key,
        encode(story),
    ]


def _optional_str(value: Any) -> str | None:
    if value is not None and type(value) is not str:
        raise BadRecord("expected a string or null in a packed story")
    return value


def _unpack(read_key: str, place: int, data: Any) -> tuple[Story, Packed]:
    if type(data) is not list or len(data) != 9 or type(data[0]) is not bool:
        raise BadRecord("expected a packed story")
    ok, outlet, name, lede, units, note, furniture, clean_key, story = data
    facts = None
    if lede is not None or units is not None:
        if type(lede) is not str or type(units) is not list or any(type(u) is not str for u in units):
            raise BadRecord("expected a packed story's facts")
        facts = Facts(lede, tuple(units))
    if ok and (facts is None or outlet is None or clean_key is None or furniture is None):
        raise BadRecord("a published packed story lacks what loading learnt of it")
    packed = Packed(
        read_key,
        place,
        ok,
        _optional_str(outlet),
        _optional_str(name),
        facts,
        _optional_str(note),
        _optional_str(furniture),
        _optional_str(clean_key),
    )
    return decode_story(story), packed


class Pack:
    """The packed files of the last build, and this build's use of them."""

    def __init__(self, memo: Memo, key: str) -> None:
        self.memo = memo
        self.key = key
        self.parts: list[str] = []
        self.files: dict[str, list[Any]] = {}
        """Read key -> the file's packed stories (as stored), the later parts' winning."""
        self.stored = 0
        """Files in the parts, gone and superseded ones included."""
        self.entries: dict[str, Found] = {}
        """Read key -> the file it was read from, for the files the pack gave."""
        self.taken: dict[int, tuple[Story, Packed]] = {}
        """``id(story)`` -> the story and what the pack said of it, for the stories it gave."""

    @classmethod
    def load(cls, memo: Memo, key: str) -> Pack:
        """The pack under ``key``; an empty one when the cache has none (or not all of its parts)."""
        pack = cls(memo, key)
        if not memo.caching or memo.empty:
            return pack
        index = memo.get(key)
        if index is None:
            return pack
        try:
            if type(index) is not dict or type(index.get("parts")) is not list:
                raise BadRecord("not an index of packed files")
            parts = index["parts"]
            if any(type(p) is not str for p in parts):
                raise BadRecord("not an index of packed files")
            with no_collection():  # hundreds of thousands of objects, none in a cycle
                files = _files(memo, parts)
        except BadRecord as exc:
            memo.discard(str(exc))
            return cls(memo, key)
        if files is not None:
            pack.parts = parts
            for item in files:
                pack.files[item[0]] = item[1]
            pack.stored = len(files)
        return pack

    def stories(self, found: Found, read_key: str) -> list[Story] | None:
        """The packed stories of ``found``, read under ``read_key``, or None when it is not packed."""
        stored = self.files.get(read_key)
        if stored is None:
            return None
        try:
            unpacked = [_unpack(read_key, place, data) for place, data in enumerate(stored)]
        except BadRecord as exc:
            self.memo.discard(str(exc))
            self.files.clear()
            return None
        self.files[read_key] = []  # (its JSON goes: a join of the parts fetches them again)
        for story, packed in unpacked:
            self.taken[id(story)] = (story, packed)
        self.entries[read_key] = found
        return [story for story, _ in unpacked]

    def packed(self, story: Story) -> Packed | None:
        """What the pack said of ``story``, when the pack gave it."""
        got = self.taken.get(id(story))
        return got[1] if got is not None and got[0] is story else None

    def used(self) -> int:
        """Files whose packed stories this build uses."""
        return len({packed.read_key for _story, packed in self.taken.values()})

    def drop(self, read_key: str) -> None:
        """The file's packed stories are not used (it is read again)."""
        for ident in [i for i, (_s, p) in self.taken.items() if p.read_key == read_key]:
            del self.taken[ident]

    def save(self, files: dict[str, list[Any] | None]) -> None:
        """Keep this build's files for the next: ``files`` maps each read key to its new entries
        (:func:`entry`), or to None for a file whose packed stories were used as they were."""
        fresh = [[key, stories] for key, stories in files.items() if stories is not None]
        kept = [key for key, stories in files.items() if stories is None and key in self.files]
        dead = self.stored - len(kept)
        if not fresh and dead == 0 and self.parts:
            self.memo.keep([self.key, *self.parts])
            return
        total = self.stored + len(fresh)
        if len(self.parts) + 1 > MAX_PARTS or dead > MAX_DEAD * total or not self.parts:
            stored = {item[0]: item[1] for item in _files(self.memo, self.parts) or []} if kept else {}
            if any(key not in stored for key in kept):
                return  # a part gone since this build began: no pack (the next build reads every file)
            parts = [self._put([[key, stored[key]] for key in kept] + fresh)]
        else:
            self.memo.keep(self.parts)
            parts = [*self.parts, self._put(fresh)]
        self.memo.put(self.key, {"parts": parts})

    def _put(self, files: list[list[Any]]) -> str:
        data = dumps({"files": files})
        key = self.memo.key("cleaned pack part", hashlib.sha256(data).hexdigest())
        self.memo.put_encoded(key, data)
        return key


def _files(memo: Memo, parts: list[str]) -> list[list[Any]] | None:
    """The packed files of ``parts``, in order (a file of a later part after the same file of an
    earlier one); None when a part is missing. :class:`BadRecord` when a part is not one."""
    found = memo.get_many(parts)
    if any(p not in found for p in parts):
        return None
    out = []
    for part in parts:
        files = found[part].get("files") if type(found[part]) is dict else None
        if type(files) is not list:
            raise BadRecord("not a part of packed files")
        for item in files:
            if type(item) is not list or len(item) != 2 or type(item[0]) is not str:
                raise BadRecord("not a packed file")
            if type(item[1]) is not list:
                raise BadRecord("not a packed file's stories")
            out.append(item)
    return out
