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
and a new index; the parts are joined (into parts of :data:`CHUNK` files, so
that a build holds the JSON of one part at a time) when builds have added
more than :data:`MAX_PARTS` or when more than :data:`MAX_DEAD` of their files
are gone or superseded. Every part is checked like any record; one that does
not decode discards the cache. Each packed file stands on its own (it is
found by its read key and checked as above), so a part that is missing only
means its files are read again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from .codec import BadRecord, decode_story, digest, dumps, encode_story, pack_parts
from .files import Found
from .incremental import Memo, no_collection
from .learned import Facts
from .parallel import map_chunks
from .story import Story

MAX_PARTS = 8
"""Parts added by builds that changed files, kept before the parts are joined."""

CHUNK = 1_000
"""Files in one part of a joined pack: a warm build holds one part's JSON at a time."""

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


class Unwritten(NamedTuple):
    """A story of this build and what loading learnt of it, encoded (:func:`entry`) only when
    the part holding it is written: a cold build's entries, encoded all at once, held a
    second copy of the whole archive's text while the pack was written."""

    story: Story
    packed: Packed


def entry(story: Story, packed: Packed) -> list[Any]:
    """``story`` (as loading ended with it) and what loading learnt of it, as stored."""
    facts = packed.facts
    lede, units = _facts_by_reference(facts, story) if facts else (None, None)
    return [
        packed.ok,
        packed.outlet,
        packed.name,
        lede,
        units,
        packed.note,
        packed.furniture,
        packed.clean_key,
        encode_story(story),
    ]


def _facts_by_reference(facts: Facts, story: Story) -> tuple[str | int, list[str | int]]:
    """``facts`` as stored: a unit that is the text of one of the story's blocks as the number of
    the first such block, the lede (a unit in lower case) as the number of that unit.

    A story's units are its raw lines, and most of them stay paragraphs through cleaning: stored
    as text they were half the pack's bytes (32 of 76 MB at 10,000 stories), read, checked
    and parsed again by every warm build for the text it holds in the blocks already.
    """
    block_of: dict[str, int] = {}
    for i, block in enumerate(story.blocks):
        block_of.setdefault(block.text, i)
    units: list[str | int] = [block_of.get(unit, unit) for unit in facts.units]
    lowered = {unit.lower(): i for i, unit in enumerate(facts.units)}
    return lowered.get(facts.lede, facts.lede), units


def _facts(lede: Any, units: Any, story: Story) -> Facts:
    """The :class:`Facts` :func:`_facts_by_reference` stored (:class:`BadRecord` when it is not that)."""
    if type(units) is not list:
        raise BadRecord("expected a packed story's units")
    texts = [block.text for block in story.blocks]
    made = []
    for unit in units:
        kind = type(unit)
        if kind is int and 0 <= unit < len(texts):
            made.append(texts[unit])
        elif kind is str:
            made.append(unit)
        else:
            raise BadRecord("expected a packed story's unit")
    if type(lede) is int and 0 <= lede < len(made):
        lede = made[lede].lower()
    elif type(lede) is not str:
        raise BadRecord("expected a packed story's lede")
    return Facts(lede, tuple(made))


def _optional_str(value: Any) -> str | None:
    if value is not None and type(value) is not str:
        raise BadRecord("expected a string or null in a packed story")
    return value


def _unpack(read_key: str, place: int, data: Any) -> tuple[Story, Packed]:
    if type(data) is not list or len(data) != 9 or type(data[0]) is not bool:
        raise BadRecord("expected a packed story")
    ok, outlet, name, lede, units, note, furniture, clean_key, fields = data
    story = decode_story(fields)
    facts = _facts(lede, units, story) if lede is not None or units is not None else None
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
    return story, packed


class Pack:
    """The packed files of the last build, and this build's use of them."""

    def __init__(self, memo: Memo, key: str) -> None:
        self.memo = memo
        self.key = key
        self.parts: list[tuple[str, int]] = []
        """Each part's key and how many files it holds, oldest first."""
        self.entries: dict[str, Found] = {}
        """Read key -> the file it was read from, for the files the pack gave."""
        self.taken: dict[int, tuple[Story, Packed]] = {}
        """``id(story)`` -> the story and what the pack said of it, for the stories it gave."""
        self.unpacked: dict[str, list[tuple[Story, Packed]]] | None = None
        """Read key -> its file's packed stories, all decoded by :meth:`unpack_all` (until :meth:`take`)."""

    @property
    def stored(self) -> int:
        """Files in the parts, gone and superseded ones included."""
        return sum(n for _key, n in self.parts)

    @classmethod
    def load(cls, memo: Memo, key: str) -> Pack:
        """The pack under ``key`` (its index: the parts are read by :meth:`take`)."""
        pack = cls(memo, key)
        if not memo.caching or memo.empty:
            return pack
        index = memo.get(key)
        if index is None:
            return pack
        parts = pack_parts(index)
        if parts is None:
            memo.discard("not an index of packed files")
            return pack
        pack.parts = parts
        return pack

    def unpack_all(self) -> None:
        """Decode every packed file now, before the files' keys are known (:meth:`take` then
        picks): a build with workers decodes while a worker keys the files
        (:func:`.incremental.read_files`). Files gone or changed since they were packed are
        decoded for nothing, at most :data:`MAX_DEAD` of the parts' files."""
        self.unpacked = {}
        try:
            for read_key, stored in self._stored():
                if read_key not in self.unpacked:  # newest first: a later part packed it later
                    self.unpacked[read_key] = [_unpack(read_key, i, d) for i, d in enumerate(stored)]
        except BadRecord as exc:
            self.memo.discard(str(exc))
            self.unpacked = {}

    def take(self, wanted: Mapping[str, Found]) -> dict[str, list[Story]]:
        """The packed stories of the files ``wanted`` (read key -> file) that the pack holds.

        Parts are read one at a time, newest first (a file in a later part
        was packed later), each let go once its files are decoded: the JSON
        of the whole pack is never held at once. After :meth:`unpack_all`,
        its stories are picked instead.
        """
        out: dict[str, list[Story]] = {}
        if self.unpacked is not None:
            unpacked, self.unpacked = self.unpacked, None
            for read_key, found in wanted.items():
                got = unpacked.get(read_key)
                if got is not None:
                    out[read_key] = self._took(read_key, got, found)
            return out
        try:
            for read_key, stored in self._stored():
                if read_key in wanted and read_key not in out:
                    got = [_unpack(read_key, i, data) for i, data in enumerate(stored)]
                    out[read_key] = self._took(read_key, got, wanted[read_key])
        except BadRecord as exc:
            self.memo.discard(str(exc))
            self.taken.clear()
            self.entries.clear()
            return {}
        return out

    def _stored(self) -> Iterator[tuple[str, list[Any]]]:
        """Each packed file's read key and stored stories, the newest part first, one part
        held at a time (raises :class:`BadRecord`).

        A part gone is passed over: its files are read (every entry stands on its own).
        """
        for part, _n in reversed(self.parts):
            with no_collection():  # tens of thousands of objects, none in a cycle
                files = _part(self.memo, part)
                if files is not None:
                    yield from files

    def _took(self, read_key: str, unpacked: list[tuple[Story, Packed]], found: Found) -> list[Story]:
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
        (:func:`entry`, or :class:`Unwritten` ones), or to None for a file whose packed stories
        were used as they were."""
        fresh = [[key, stories] for key, stories in files.items() if stories is not None]
        kept = {key for key, stories in files.items() if stories is None}
        dead = self.stored - len(kept)
        if not fresh and dead == 0 and self.parts:
            self.memo.keep([self.key, *(k for k, _n in self.parts)])
            return
        if not self.parts and not kept and self.memo.jobs > 1 and len(fresh) > CHUNK:
            # A cold build: every file is fresh. Its parts (every story's entry: 2.5-3 CPU s at
            # 10,000 stories) are encoded, digested and written by one forked child, on the core
            # that idles while this process starts the stages after reading (split over the jobs,
            # this process's half and the parts' digests were ~0.5 s of its time alone).
            pieces = [fresh[i : i + CHUNK] for i in range(0, len(fresh), CHUNK)]
            self.memo.put_beside(
                lambda: (self._made(files) for files in pieces), lambda k: self._index(k, pieces)
            )
            return
        total = self.stored + len(fresh)
        whole = -(-len(kept) // CHUNK)  # the parts a join would make of the kept files
        if len(self.parts) + 1 > whole + MAX_PARTS or dead > MAX_DEAD * total or not self.parts:
            parts = self._join(kept, fresh)
            if parts is None:
                return  # a part gone since this build began: no pack (the next build reads every file)
        else:
            self.memo.keep(k for k, _n in self.parts)
            parts = [*self.parts, *(self._put(fresh[i : i + CHUNK]) for i in range(0, len(fresh), CHUNK))]
        self.memo.put(self.key, {"parts": [list(p) for p in parts]})

    def _join(self, kept: set[str], fresh: list[list[Any]]) -> list[tuple[str, int]] | None:
        """The kept files' entries as they are stored (read one part at a time, newest first),
        then the fresh ones, in parts of :data:`CHUNK` files; None when a part is gone."""
        if not self.parts and not kept:
            # Nothing packed before (a cold build): every file is fresh. Encoding the parts
            # (every story's entry) was the whole cost, serial in the build process (2.5-3 CPU s
            # at 10,000 stories); each part's bytes depend on its files only, so the parts are
            # encoded over the jobs and stored here, in order.
            pieces = [fresh[i : i + CHUNK] for i in range(0, len(fresh), CHUNK)] or [[]]
            done = map_chunks(_encode_parts, pieces, self.memo.jobs, min_chunk=1)
            encoded = [data for part in done for data in part]
            return [self._store(data, len(files)) for data, files in zip(encoded, pieces, strict=True)]
        parts: list[tuple[str, int]] = []
        chunk: list[list[Any]] = []
        seen: set[str] = set()

        def add(item: list[Any]) -> None:
            nonlocal chunk
            chunk.append(item)
            if len(chunk) == CHUNK:
                parts.append(self._put(chunk))
                chunk = []

        for part, _n in reversed(self.parts):
            files = _part(self.memo, part)
            if files is None:
                return None
            for read_key, stored in files:
                if read_key in kept and read_key not in seen:
                    seen.add(read_key)
                    add([read_key, stored])
        if seen != kept:
            return None
        for item in fresh:
            add(item)
        if chunk or not parts:
            parts.append(self._put(chunk))
        return parts

    def _made(self, files: list[list[Any]]) -> tuple[str, bytes]:
        """One part of ``files``: its key and its bytes (:func:`_encode`)."""
        data = _encode(files)
        return self.memo.key("cleaned pack part", hashlib.sha256(data).hexdigest()), data

    def _index(self, keys: list[str], pieces: list[list[list[Any]]]) -> None:
        """The index of the parts made of ``pieces`` (:meth:`_made`), once they are stored."""
        self.memo.put(
            self.key, {"parts": [[key, len(files)] for key, files in zip(keys, pieces, strict=True)]}
        )

    def _put(self, files: list[list[Any]]) -> tuple[str, int]:
        return self._store(_encode(files), len(files))

    def _store(self, data: bytes, count: int) -> tuple[str, int]:
        """Store one part's bytes (:func:`_encode`) of ``count`` files: its key and ``count``."""
        key = self.memo.key("cleaned pack part", hashlib.sha256(data).hexdigest())
        self.memo.put_encoded(key, data)
        return key, count


def _encode(files: list[list[Any]]) -> bytes:
    """One part's record: each file's read key and its stories' entries, as JSON bytes."""
    stored = [[key, [entry(*e) if type(e) is Unwritten else e for e in stories]] for key, stories in files]
    return dumps({"files": stored})


def _encode_parts(pieces: list[list[list[Any]]]) -> list[bytes]:
    """:func:`_encode` of each part (a worker's share of a cold build's parts)."""
    return [_encode(files) for files in pieces]


def _part(memo: Memo, part: str) -> list[list[Any]] | None:
    """The packed files of one part: [read key, stored stories] each; None when it is gone.
    :class:`BadRecord` when it is not a part."""
    found = memo.get(part)
    if found is None:
        return None
    files = found.get("files") if type(found) is dict else None
    if type(files) is not list:
        raise BadRecord("not a part of packed files")
    for item in files:
        if type(item) is not list or len(item) != 2 or type(item[0]) is not str:
            raise BadRecord("not a packed file")
        if type(item[1]) is not list:
            raise BadRecord("not a packed file's stories")
    return files
