"""Typeset story bodies kept in a few packed records between builds, found by the story's state.

A warm build used to make every story's body HTML again (its pieces), hash
it into the key of the typeset body's record, and fetch one record per
story: the record's own cost (a checksum, a query row, a JSON parse) was
most of the fetch, and making the key cost as much again. The pack keeps
every published story's entry:

* the *state key*: the story's final-state key (the pipeline's
  :meth:`.incremental.Memo.state_after`), its source, and its related
  stories' sources and final-state keys, under the typesetter's identity
  and the time locale (:meth:`BodyPack.state_key`);
* the *HTML key*: the key of its body's HTML before typography and its
  summary (``pelican_glue._body_keyer``);
* its body and summary as typography left them, its page's size, and whether
  its page shows the summary box (:func:`.page_summary.shows_summary`, a
  function of the story's summary, its editor's mark and its paragraphs, all
  named by the final-state key).

Why an entry found by state is the body a cold build makes
----------------------------------------------------------

A body is made of the story's blocks, its summary and its related stories'
see-also items (each a function of that story's source, headline, outlet and
date, and of the time locale's month names), typeset under the ``TYPOGRIFY*``
settings. The final-state key names everything the pipeline left in the
story, and its related stories' keys everything in theirs; the related
stories listed are the ones published when the bodies are made. The code is
in every key (the cache's salt). So an equal state key means an equal body.
A story whose state changed (a new event, say) is looked up by its HTML key
next, which names the body exactly; only a story found by neither is typeset.

Parts: a build whose stories all kept their state writes nothing; one that
changed some writes one part of their entries and a new index; the live
entries are written again as parts of :data:`CHUNK` when there are more than
:data:`MAX_PARTS` parts or more than :data:`MAX_DEAD` of the stored entries
are no longer used. A part or index that fails its checks discards the cache.
"""

from __future__ import annotations

import hashlib
import locale
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .codec import BadRecord, dumps, pack_parts
from .incremental import Memo, no_collection
from .parallel import map_chunks
from .story import Story

MAX_PARTS = 8
"""Parts added by builds that changed stories (beyond the parts the entries make when written
whole), kept before the entries are written again."""

CHUNK = 1_000
"""Entries in one part when the pack is written whole."""

MAX_DEAD = 0.25
"""Share of the stored entries that may be unused before the entries are written again."""

Entry = list[Any]
"""``[state key or None, HTML key, body, summary or None, page bytes, summary shown]``, as stored."""


class BodyPack:
    """The packed bodies of the last build, and this build's use of them."""

    def __init__(self, memo: Memo, identity: Any) -> None:
        self.memo = memo
        self.key = memo.key("body pack", identity)
        state = memo.key("body state", identity, locale.setlocale(locale.LC_TIME))
        self.state_prefix = state.encode() + b"\0"
        """What every state key digests first: the code, the typesetter and the time locale."""
        self.parts: list[tuple[str, int]] = []
        """Each stored part's key and how many entries it holds."""
        self.by_state: dict[str, Entry] = {}
        self.by_html: dict[str, Entry] = {}
        self.used: dict[str, tuple[Entry, bool]] = {}
        """Source -> the entry this build gives the story, and whether it is stored as it is."""

    @classmethod
    def load(cls, memo: Memo, identity: Any) -> BodyPack:
        """The pack of the last build under ``identity`` (the typesetter's), every part decoded."""
        pack = cls(memo, identity)
        if not memo.caching or memo.empty:
            return pack
        try:
            with no_collection():  # tens of thousands of strings, none in a cycle
                pack._read()
        except BadRecord as exc:
            memo.discard(str(exc))
            pack.parts, pack.by_state, pack.by_html = [], {}, {}
        return pack

    def _read(self) -> None:
        index = self.memo.get(self.key)
        if index is None:
            return
        parts = pack_parts(index)
        if parts is None:
            raise BadRecord("not an index of packed bodies")
        for part, count in parts:
            found = self.memo.get(part)
            if found is None:
                continue  # gone: its stories are found by neither key, and typeset
            entries = found.get("bodies") if type(found) is dict else None
            if type(entries) is not list or len(entries) != count or not all(_is_entry(e) for e in entries):
                raise BadRecord("not a part of packed bodies")
            self.parts.append((part, count))
            for entry in entries:
                if entry[0] is not None:
                    self.by_state[entry[0]] = entry
                self.by_html[entry[1]] = entry

    def state_key(self, story: Story, related: Sequence[Story]) -> str | None:
        """The key naming ``story``'s body by its state and its related stories' (None when one
        of them has no final-state key)."""
        state_after = self.memo.state_after
        own = state_after(story, "final")
        if own is None:
            return None
        fields = [story.source, own]
        for other in related:
            state = state_after(other, "final")
            if state is None:
                return None
            fields += (other.source, state)
        # The fields joined by NUL, which neither a source (a file's path) nor a key (hex) holds:
        # as unambiguous as their JSON, whose encoding was half of the key's time at 10,000 stories.
        text = "\0".join(fields).encode("utf-8", "surrogatepass")
        return hashlib.sha256(self.state_prefix + text).hexdigest()

    def take(self, source: str, entry: Entry) -> None:
        """This build gives the story ``source`` the stored ``entry`` (found by its state)."""
        self.used[source] = (entry, True)

    def add(self, source: str, entry: Entry) -> None:
        """This build gives the story ``source`` a new entry (its state changed, or it is new)."""
        self.used[source] = (entry, False)

    @property
    def stored(self) -> int:
        return sum(count for _key, count in self.parts)

    def save(self, sources: Iterable[str]) -> None:
        """Keep the entries of the stories ``sources`` (this build's published ones) for the next."""
        live = [self.used[s] for s in sources if s in self.used]
        fresh = [entry for entry, stored in live if not stored]
        kept = len(live) - len(fresh)
        dead = self.stored - kept
        if not fresh and dead == 0 and self.parts:
            self.memo.keep([self.key, *(key for key, _n in self.parts)])
            return
        # Counted beyond the parts a whole write makes: at 10,000 stories those are ten, and
        # counting them too wrote the whole pack again in every build that changed a story.
        whole = -(-len(live) // CHUNK)
        added = len(self.parts) - whole
        if not self.parts or added >= MAX_PARTS or dead > MAX_DEAD * (self.stored + len(fresh)):
            entries = [entry for entry, _stored in live]
            if self.memo.jobs > 1 and len(entries) > CHUNK:
                # Encoded, digested and written by a child, on the core that idles while this
                # process makes Pelican's lists (0.5 CPU s of it alone at 10,000 stories).
                self.memo.put_beside(lambda: self._made(entries), lambda keys: self._index(keys, entries))
                return
            parts = self._store(entries)
        else:
            self.memo.keep(key for key, _n in self.parts)
            parts = [*self.parts, *self._store(fresh)]
        self.memo.put(self.key, {"parts": [list(p) for p in parts]})

    def _made(self, entries: list[Entry]) -> Iterator[tuple[str, bytes]]:
        """``entries`` as parts of :data:`CHUNK`: each part's key and encoding, in order."""
        for start in range(0, len(entries), CHUNK):
            data = dumps({"bodies": entries[start : start + CHUNK]})
            yield self.memo.key("body pack part", hashlib.sha256(data).hexdigest()), data

    def _index(self, keys: list[str], entries: list[Entry]) -> None:
        """The index of the parts :meth:`_made` made of ``entries``, once they are stored."""
        counts = [min(CHUNK, len(entries) - start) for start in range(0, len(entries), CHUNK)]
        self.memo.put(self.key, {"parts": [[key, n] for key, n in zip(keys, counts, strict=True)]})

    def _store(self, entries: list[Entry]) -> list[tuple[str, int]]:
        """``entries`` as parts of :data:`CHUNK` (encoded over the jobs): each part's key and size."""
        chunks = [entries[i : i + CHUNK] for i in range(0, len(entries), CHUNK)] or [[]]
        encoded = [data for done in map_chunks(_encode, chunks, self.memo.jobs, min_chunk=1) for data in done]
        parts = []
        for data, chunk in zip(encoded, chunks, strict=True):
            key = self.memo.key("body pack part", hashlib.sha256(data).hexdigest())
            self.memo.put_encoded(key, data)
            parts.append((key, len(chunk)))
        return parts


def _encode(chunks: Sequence[list[Entry]]) -> list[bytes]:
    return [dumps({"bodies": chunk}) for chunk in chunks]


def _is_entry(entry: Any) -> bool:
    if type(entry) is not list or len(entry) != 6:
        return False
    state, html_key, body, summary, size, shown = entry
    return (
        (state is None or type(state) is str)
        and type(html_key) is str
        and type(body) is str
        and (summary is None or type(summary) is str)
        and type(size) is int
        and type(shown) is bool
    )
