"""One stage's per-story records, kept between builds in a few packed records.

The summaries and names stages keep a record per story (the fields the stage
changed, keyed by the story's state: :func:`.incremental.per_story`,
:func:`.incremental.name_extractor`). A warm build needs every story's
record, and fetching 10,000 small records one key at a time from SQLite
(with a checksum and a JSON parse each) cost more than the records' own
decoding: about 0.3 CPU s a stage at 10,000 stories. A :class:`StagePack`
keeps the same records, under the same keys, inside a few records instead
(its *parts*): one fetch and one parse a part.

A record's key still says everything its value depends on, so a key found
in a part gives the value a build would make again, whichever part it is
in. A build that adds a day's stories writes one part holding their records
and a new index; the parts are joined (into parts of :data:`CHUNK` records)
when builds have added more than :data:`MAX_PARTS`, or when more than
:data:`MAX_DEAD` of their records are of stories gone or changed since.
A part that does not decode discards the cache (like any bad record); a
part that is missing only means its stories are worked out again.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .codec import BadRecord, dumps, loads, pack_parts
from .incremental import Memo, no_collection

MAX_PARTS = 8
"""Parts added by builds that changed stories, kept before the parts are joined."""

CHUNK = 2_000
"""Records in one part of a joined pack (a build parses one part's JSON at a time)."""

MAX_DEAD = 0.25
"""Share of the parts' records that may be of no present story before the parts are joined."""


class StagePack:
    """The records of one stage: those the last build kept, and this build's use of them."""

    def __init__(self, memo: Memo, stage: str) -> None:
        self.memo = memo
        self.stage = stage
        self.key = memo.key("stage pack", stage)
        self.parts: list[tuple[str, int]] = []
        """Each part's key and how many records it holds, oldest first."""
        self.records: dict[str, Any] = {}
        """Key -> value (decoded JSON, as :meth:`.cache.Cache.get` gives it) of every packed record."""
        self.taken: set[str] = set()
        """Keys whose packed record this build gave out."""
        self.fresh: dict[str, bytes] = {}
        """Records made this build: key -> JSON (:func:`.codec.dumps`)."""
        self.loaded = False

    def _load(self) -> None:
        """Read the index and every part (once, on the first :meth:`get_many`)."""
        self.loaded = True
        if not self.memo.caching or self.memo.empty:
            return
        index = self.memo.get(self.key)
        if index is None:
            return
        parts = pack_parts(index)
        if parts is None:
            self.discard("not an index of a stage's records")
            return
        with no_collection():  # tens of thousands of objects, none in a cycle
            found = self.memo.get_many([k for k, _n in parts])
            try:
                for key, count in parts:  # oldest first: a later part's record wins
                    if key not in found:
                        continue  # gone: its stories are worked out again
                    records = _records(found.pop(key), count)
                    self.parts.append((key, count))
                    self.records.update(records)
            except BadRecord as exc:
                self.discard(str(exc))

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        """The packed values of those ``keys`` the pack holds."""
        if not self.loaded:
            self._load()
        out = {}
        records, fresh = self.records, self.fresh
        for key in keys:
            # A record made again this build (a story run again to find one that fails) wins.
            value = loads(fresh[key]) if key in fresh else records.get(key)
            if value is not None:
                out[key] = value
        self.taken.update(out)
        return out

    def put_encoded(self, key: str, data: bytes) -> None:
        """Keep a record made this build (JSON by :func:`.codec.dumps`) for the next build."""
        if self.memo.caching:
            self.fresh[key] = data

    def discard(self, reason: str) -> None:
        """A record failed its checks: forget the cache, and what this pack read of it."""
        self.memo.discard(reason)
        self.parts = []
        self.records = {}
        self.taken = set()

    def save(self) -> None:
        """Keep, for the next build, the records this build used: the parts as they are plus one
        of the fresh records, or all of them joined anew."""
        memo = self.memo
        if not memo.caching:
            return
        kept = sorted(self.taken - self.fresh.keys())
        stored = sum(n for _key, n in self.parts)
        dead = stored - len(kept)
        if not self.fresh and dead == 0 and self.parts:
            memo.keep([self.key, *(k for k, _n in self.parts)])
            return
        fresh = sorted(self.fresh.items())
        whole = -(-len(kept) // CHUNK)  # the parts a join would make of the kept records
        many = len(self.parts) + 1 > whole + MAX_PARTS
        if not self.parts or many or dead > MAX_DEAD * (stored + len(fresh)):
            items = [*((k, dumps(self.records[k])) for k in kept), *fresh]
            parts = []
        else:
            memo.keep(k for k, _n in self.parts)
            items, parts = fresh, list(self.parts)
        for i in range(0, len(items), CHUNK):
            parts.append(self._store(items[i : i + CHUNK]))
        memo.put(self.key, {"parts": [list(p) for p in parts]})
        self.parts = parts

    def _store(self, items: list[tuple[str, bytes]]) -> tuple[str, int]:
        """One part of ``items`` (key, record JSON), stored: its key and its count."""
        # The records are JSON already (made in the workers, or read back): the part's JSON is
        # theirs joined, not a second encoding of every value.
        data = b'{"records":[' + b",".join(b'["' + k.encode() + b'",' + v + b"]" for k, v in items) + b"]}"
        key = self.memo.key("stage pack part", self.stage, hashlib.sha256(data).hexdigest())
        self.memo.put_encoded(key, data)
        return key, len(items)


def _records(found: Any, count: int) -> dict[str, Any]:
    """A part's records, key -> value; :class:`BadRecord` when it is not a part of ``count`` records."""
    items = found.get("records") if type(found) is dict else None
    if type(items) is not list or len(items) != count:
        raise BadRecord("not a part of a stage's records")
    out = {}
    for item in items:
        if type(item) is not list or len(item) != 2 or type(item[0]) is not str or item[1] is None:
            raise BadRecord("not a stage's record")
        out[item[0]] = item[1]
    return out
