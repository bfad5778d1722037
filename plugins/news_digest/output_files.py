"""The files a build wrote, kept in the build cache: unchanged pages left alone, stale files removed.

With the build cache on (``DIGEST_CACHE_PATH``) the build keeps one record
per file it wrote in the output folder: the page's fingerprint
(:mod:`.page_fingerprints`; none for feeds and the sitemap, which are
always made again) and the SHA-256, size and modification time of the
bytes written; of a story page also its search index digest
(:func:`.search_bundles.index_digest`), so that the search index keys its
bundles without reading the pages again. The next build into the same folder then:

* **leaves a page alone** (neither renders nor writes it) when its
  fingerprint is the recorded one and the file is still the bytes recorded
  (same size and modification time, else the same SHA-256);
* **removes the files no build makes any more** (a deleted story's page, a
  tag that vanished, a feed turned off): only files this record lists and
  whose bytes are still the ones written, never anything else in the folder.
  Story pages go before any page is written, so that the search index never
  sees a deleted story; the rest when the build ends.

The record is kept in shards by folder (:func:`_shard`), each a cache record of
its own: a build keeps a shard whose records are all the last build's as it
loaded them as stored, and encodes only the others again (:meth:`OutputFiles.save`).

A record that is missing or not what this module writes means every page is
rendered and nothing is removed. Pelican's own bookkeeping (its record of
files written, the ``content_written`` signal) sees a page left alone as
written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import Cache
from .codec import dumps
from .incremental import file_digest
from .page_fingerprints import Fingerprints, KeptParts, decode_lookups, encode_lookups
from .search_bundles import index_digest

logger = logging.getLogger(__name__)

FORMAT = "news-digest output files 6"


@dataclass(frozen=True)
class Record:
    """One file the build wrote."""

    fingerprint: str | None
    """The page's fingerprint; None for a file made again on every build."""
    sha256: str
    size: int
    mtime_ns: int
    article: bool = False
    """An article's page (removed before the search index starts when its article is gone)."""
    index: str | None = None
    """An article page's search index digest (:func:`.search_bundles.index_digest`)."""
    joined: tuple[tuple[str, str], ...] = ()
    """The made articles the page was the first in its process to digest: each one's story fields'
    kept key and joined digest (hex), for the next build's fingerprints
    (:class:`.page_fingerprints.KeptParts`, :attr:`.page_fingerprints.PageParts.joined`)."""
    links: tuple[str, tuple[str, ...]] | None = None
    """A story page's article: its content's text digest and intrasite link targets."""
    key: str | None = None
    """A story page's whole-page key (:meth:`.page_fingerprints.Fingerprints.page_key`): the next
    build leaves the page alone when its key is this one, without working out its fingerprint."""
    lookups: str | None = None
    """The path index lookups that resolved each of :attr:`links`' targets, for the next build's key
    (:func:`.page_fingerprints.encode_lookups`)."""


_RECORD_FIELDS = tuple(f.name for f in dataclasses.fields(Record))
"""A record's fields in order, as :meth:`OutputFiles.save` writes them."""


class OutputFiles:
    """One build's view of its output folder: what the last build wrote, what this one writes."""

    def __init__(
        self, cache: Cache, output_path: str, settings: Mapping[str, Any], skip: bool = True
    ) -> None:
        self.cache = cache
        self.skip = skip
        """Whether unchanged pages are left alone (``DIGEST_SKIP_UNCHANGED_PAGES``); else only recorded."""
        self.output = os.path.normpath(os.path.abspath(output_path))
        self.key = hashlib.sha256(f"{FORMAT}\0{self.output}".encode()).hexdigest()
        self.fingerprints = Fingerprints(settings)
        self._shards: dict[str, tuple[str, int]] = {}
        """The last build's shards of the record: name -> its cache key and how many files it holds."""
        self.previous = self._load()
        self.records: dict[str, Record] = {}
        self.search = bool(settings.get("DIGEST_SEARCH"))
        """Whether article pages get their search index digest (``DIGEST_SEARCH``)."""
        self.kept: set[str] = set()
        """Files left alone by this build (output-relative)."""
        self.rendered: set[str] = set()
        """Pages rendered and written by this build (output-relative)."""
        self.removed: list[str] = []
        self._keeping: set[str] = set()
        self._pending: dict[str, tuple[Any, ...]] = {}
        """Path -> its record's fields but the size and time (:meth:`render`, for :meth:`wrote`)."""
        self._encoded: tuple[str, str, bytes] | None = None
        """The page rendered last: its path, its text and the text's UTF-8 bytes (:meth:`encoded`)."""
        self._closed: dict[str, os.stat_result] = {}
        """Path -> the file's status as its writer closed it (:meth:`closed`, for :meth:`wrote`)."""
        self._folders: dict[str, bool] = {}
        """Folder -> whether it is a plain folder of the output (:meth:`_plain_folder`)."""

    # The previous build's record, kept in the build cache.

    def _load(self) -> dict[str, Record]:
        data = self.cache.get(self.key)
        if data is None:
            return {}
        try:
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("not a record of output files")
            shards = {}
            for pair in data["shards"]:
                name, key = _pair(pair, str) or ("", "")
                if not key or name in shards:
                    raise ValueError(f"bad shard {pair!r:.80}")
                shards[name] = key
            found = self.cache.get_many(shards.values())
            out = {}
            counts: dict[str, int] = {}
            for name, key in shards.items():
                shard = found.get(key)
                if not isinstance(shard, dict) or shard.get("format") != FORMAT or shard.get("shard") != name:
                    raise ValueError(f"shard {name!r} missing or not its own")
                rows = shard["files"]
                counts[name] = len(rows)
                for row in rows:
                    if (
                        not isinstance(row, list)
                        or not row
                        or not isinstance(row[0], str)
                        or _shard(row[0]) != name
                    ):
                        raise ValueError(f"row {row!r:.80} in shard {name!r}")
                    out[row[0]] = self._row(row)
            if len(out) != sum(counts.values()):
                raise ValueError("a file recorded twice")
            kept = KeptParts()
            for record in out.values():
                for key, digest in record.joined:
                    kept.joined[key] = bytes.fromhex(digest)
                if record.links is not None:
                    kept.targets[record.links[0]] = record.links[1]
        except (KeyError, TypeError, ValueError) as exc:
            logger.warning(
                "news-digest: the record of output files is unusable (%s); every page is made", exc
            )
            return {}
        self.fingerprints.kept = kept
        self._shards = {name: (key, counts[name]) for name, key in shards.items()}
        return out

    @staticmethod
    def _row(row: list[Any]) -> Record:
        """One file's record as loaded (a JSON row), checked."""
        rel, fingerprint, sha, size, mtime, article, index, joined, links, key, lookups = row
        if not isinstance(joined, list):
            raise ValueError(f"bad joined digests {row!r:.80}")
        joined = tuple(_pair(pair, str) for pair in joined)
        if None in joined:
            raise ValueError(f"bad joined digests {row!r:.80}")
        links = _pair(links, list)
        if links is not None:
            links = (links[0], tuple(links[1]))
            if not all(isinstance(t, str) for t in links[1]):
                raise ValueError(f"bad links {row!r:.80}")
        if not (
            isinstance(rel, str)
            and (fingerprint is None or isinstance(fingerprint, str))
            and isinstance(sha, str)
            and type(size) is int
            and type(mtime) is int
            and type(article) is bool
            and (index is None or isinstance(index, str))
            and (key is None or isinstance(key, str))
            and (lookups is None or isinstance(lookups, str))
        ):
            raise ValueError(f"bad row {row!r:.80}")
        return Record(fingerprint, sha, size, mtime, article, index, joined, links, key, lookups)

    def save(self) -> None:
        """Keep this build's records in the cache: each shard (:func:`_shard`) whose records are all
        the last build's as loaded keeps its stored record; the others are encoded again.

        A build that adds a day's stories leaves most pages alone, and their records are the
        loaded ones themselves (:meth:`_keep`): encoding all 11,000 files' records of a
        10,000-story site as JSON (some 15 MB) on every build took a quarter of a second.
        """
        shards: dict[str, list[str]] = {}
        for rel in sorted(self.records):
            shards.setdefault(_shard(rel), []).append(rel)
        names = _RECORD_FIELDS
        previous, records = self.previous, self.records
        index = []
        for name, rels in shards.items():
            before = self._shards.get(name)
            if (
                before is not None
                and before[1] == len(rels)
                and all(records[r] is previous.get(r) for r in rels)
            ):
                self.cache.keep([before[0]])
                index.append([name, before[0]])
                continue
            # The fields as they are (``dataclasses.astuple`` deep-copies every nested tuple: a
            # second of CPU at 10,000 stories); the JSON is the same.
            rows = [[rel, *(getattr(records[rel], n) for n in names)] for rel in rels]
            data = dumps({"format": FORMAT, "shard": name, "files": rows})
            key = hashlib.sha256(self.key.encode() + b"\0" + data).hexdigest()
            self.cache.put_encoded(key, data)
            index.append([name, key])
        self.cache.put(self.key, {"format": FORMAT, "shards": index})

    # Rendering.

    def render(self, template: Any, context: Mapping[str, Any], local: Mapping[str, Any]) -> str:
        """``template.render(local)``, or nothing (and the file marked to keep) when the page is unchanged."""
        path = self._path(str(local.get("output_file") or ""))
        rel = self._relative(path)
        again = rel is None or rel in self.kept or rel in self.rendered
        before = self.previous.get(rel) if rel is not None else None
        fingerprints = self.fingerprints
        taken: list[tuple[str, bytes]] = []
        """Joined digests the page key's walk was the first in its process to take."""
        if self.skip and not again and before is not None and before.key is not None:
            # A story page whose whole-page key is the last build's: its fingerprint is too.
            key = fingerprints.page_key(
                template, context, local, before.links, decode_lookups(before.lookups)
            )
            taken = fingerprints.page_parts.joined
            if key == before.key:
                # The joined digests the key's walk was the first in its process to take (those of
                # "Earlier in this story"'s leads), kept beside the page's own: later pages take them.
                held = set(before.joined)
                new = tuple(p for p in ((k, d.hex()) for k, d in taken) if p not in held)
                # Mostly none new: the last build's record is this one's as it is (no copy of it).
                made = dataclasses.replace(before, joined=before.joined + new) if new else before
                if self._keep(path, before, made):
                    return ""
        fingerprint = None if again else fingerprints.page(template, context, local)
        parts = fingerprints.page_parts
        joined = tuple((key, digest.hex()) for key, digest in [*taken, *parts.joined]) if fingerprint else ()
        links = parts.links if fingerprint else None
        page_key = parts.key if fingerprint else None
        lookups = encode_lookups(parts.lookups) if page_key else None
        if lookups is None:
            page_key = None
        if self.skip and fingerprint is not None and before is not None and before.fingerprint == fingerprint:
            made = dataclasses.replace(before, joined=joined, links=links, key=page_key, lookups=lookups)
            if self._keep(path, before, made):
                return ""
        text = template.render(local)
        if rel is not None:
            try:
                data = text.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: Pelican's write of the text raises
                data = text.encode("utf-8", "surrogatepass")
            else:
                self._encoded = (path, text, data)
            sha = hashlib.sha256(data).hexdigest()
            article = local.get("article") is not None and "article" not in context
            index = self._index_digest(rel, sha, data) if article and self.search else None
            # A file written twice in one build is made again next time.
            self._pending[path] = (
                rel,
                None if again else fingerprint,
                sha,
                article,
                index,
                joined,
                links,
                page_key,
                lookups,
            )
            self.rendered.add(rel)
        return text

    def encoded(self, filename: str) -> tuple[str, bytes] | None:
        """The text rendered last and its UTF-8 bytes, when it is the page of ``filename`` (once):
        the writer writes the bytes its digest was taken of rather than encode the text again."""
        made, self._encoded = self._encoded, None
        if made is None or made[0] != os.path.normpath(os.path.abspath(filename)):
            return None
        return made[1], made[2]

    def closed(self, filename: str, status: os.stat_result) -> None:
        """The writer of ``filename`` (the page just rendered) closes it: ``status`` is its ``fstat``.

        :meth:`wrote`, called next, takes the size and time from it (a ``stat`` by path less a page).
        """
        self._closed[filename] = status  # by the name the writer gives both calls

    def _keep(self, path: str, before: Record, made: Record) -> bool:
        """Leave the page at ``path`` alone when its file is still what ``before`` records;
        ``made``: its record for this build (size and time as found)."""
        intact = self._intact(path, before)
        if intact is None:
            return False
        rel = self._relative(path)
        assert rel is not None
        self._keeping.add(path)
        self.kept.add(rel)
        if intact is not before:  # the file's time moved (same bytes): the record takes it
            made = dataclasses.replace(made, size=intact.size, mtime_ns=intact.mtime_ns)
        self.records[rel] = made
        return True

    def _index_digest(self, rel: str, sha: str, data: bytes) -> str:
        """The page's search index digest: the last build's when the bytes are the same."""
        before = self.previous.get(rel)
        if before is not None and before.sha256 == sha and before.index is not None:
            return before.index
        return index_digest(data)

    def index_digests(self) -> dict[str, str]:
        """Output-relative path -> search index digest of every article page recorded so far."""
        return {rel: r.index for rel, r in self.records.items() if r.index is not None}

    def keeping(self, filename: str) -> bool:
        """Whether the page just rendered for ``filename`` is to be left alone (:meth:`keeps` will say so)."""
        return os.path.normpath(os.path.abspath(filename)) in self._keeping

    def keeps(self, filename: str) -> bool:
        """Whether the writer must leave ``filename`` alone (asked once, when it would open it)."""
        path = os.path.normpath(os.path.abspath(filename))
        if path in self._keeping:
            self._keeping.discard(path)
            return True
        return False

    def wrote(self, filename: str) -> None:
        """A file was written (or left alone): record its bytes."""
        closed = self._closed.pop(filename, None)
        path = os.path.normpath(os.path.abspath(filename))
        rel = self._relative(path)
        if rel is None:
            return
        pending = self._pending.pop(path, None)
        if pending is None and rel in self.kept:
            return
        try:
            stat = os.stat(path) if closed is None or pending is None else closed
            if pending is None:  # a feed or a file made outside the page writer
                self.records[rel] = Record(None, file_digest_of(path), stat.st_size, stat.st_mtime_ns)
            else:
                _rel, fingerprint, sha, article, index, joined, links, key, lookups = pending
                self.records[rel] = Record(
                    fingerprint,
                    sha,
                    stat.st_size,
                    stat.st_mtime_ns,
                    article,
                    index,
                    joined,
                    links,
                    key,
                    lookups,
                )
        except OSError:
            self.records.pop(rel, None)

    def take(self, filenames: Iterable[str]) -> list[tuple[str, Record | None, bool]]:
        """The records of ``filenames`` (written in a worker) and whether each was left alone.

        A record that is the last build's as loaded (a page left alone, :meth:`_keep`) goes as
        None: the process that forked the worker loaded the same one (most of a build that adds a
        day's stories; each record was pickled by the worker and made again by the parent).
        """
        out: list[tuple[str, Record | None, bool]] = []
        previous = self.previous
        for filename in filenames:
            rel = self._relative(os.path.normpath(os.path.abspath(filename)))
            if rel is not None and rel in self.records:
                record = self.records[rel]
                out.append((rel, None if record is previous.get(rel) else record, rel in self.kept))
        return out

    def merge(self, taken: Iterable[tuple[str, Record | None, bool]]) -> None:
        """Bring a worker's records (:meth:`take`) into this process."""
        for rel, record, kept in taken:
            self.records[rel] = self.previous[rel] if record is None else record
            (self.kept if kept else self.rendered).add(rel)

    # Removing what no build makes any more.

    def remove_articles(self, current: Iterable[str]) -> None:
        """Remove the pages of the last build's articles this build has not (before writing any page)."""
        now = {os.path.normpath(p) for p in current}
        for rel, record in sorted(self.previous.items()):
            if record.article and rel not in now:
                self._remove(rel, record)

    def remove_stale(self) -> None:
        """Remove every file of the last build that this build did not write."""
        for rel, record in sorted(self.previous.items()):
            if rel not in self.records:
                self._remove(rel, record)

    def _remove(self, rel: str, record: Record) -> None:
        path = self._path(rel)
        if self._relative(path) != rel:  # not a plain path inside the output folder
            return
        try:
            if not self._plain_file(path):
                return
            if file_digest_of(path) != record.sha256:
                logger.info("news-digest: %s is no longer made, but it changed since; left alone", rel)
                return
            os.unlink(path)
        except OSError:
            return
        self.removed.append(rel)
        folder = os.path.dirname(path)
        while folder != self.output and folder.startswith(self.output + os.sep):
            try:
                os.rmdir(folder)  # only when empty
            except OSError:
                break
            folder = os.path.dirname(folder)

    # Paths.

    def _path(self, rel: str) -> str:
        return os.path.normpath(os.path.join(self.output, rel))

    def _relative(self, path: str) -> str | None:
        """``path`` (absolute, normalised) relative to the output folder, POSIX style; None outside it."""
        if not path.startswith(self.output + os.sep):
            return None
        # Both normalised, one below the other: what ``os.path.relpath`` gives, without its
        # splitting and joining (asked three times a page, every page of every build).
        return path[len(self.output) + 1 :].replace(os.sep, "/")

    def _plain_file(self, path: str, found: os.stat_result | None = None) -> bool:
        """A regular file reached through no symlink below the output folder (``found``: its ``lstat``)."""
        try:
            found = os.lstat(path) if found is None else found
        except OSError:
            return False
        return stat.S_ISREG(found.st_mode) and self._plain_folder(os.path.dirname(path))

    def _plain_folder(self, folder: str) -> bool:
        """``folder`` is the output folder or a folder below it, none of them (below it) a symlink.

        Each folder is asked once a build: many pages share their folders,
        and resolving a page's whole path cost more than the rest of keeping it.
        """
        known = self._folders.get(folder)
        if known is None:
            if folder == self.output:
                known = True
            elif not folder.startswith(self.output + os.sep):
                known = False
            else:
                try:
                    mode = os.lstat(folder).st_mode
                except OSError:
                    mode = 0
                known = stat.S_ISDIR(mode) and self._plain_folder(os.path.dirname(folder))
            self._folders[folder] = known
        return known

    def _intact(self, path: str, record: Record) -> Record | None:
        """The record of ``path`` when its bytes are the recorded ones (modification time updated)."""
        try:
            found = os.lstat(path)
        except OSError:
            return None
        if found.st_size != record.size or not self._plain_file(path, found):
            return None
        if found.st_mtime_ns == record.mtime_ns:
            return record
        if file_digest_of(path) != record.sha256:
            return None
        return dataclasses.replace(record, mtime_ns=found.st_mtime_ns)


def _pair(value: Any, second: type) -> tuple[str, Any] | None:
    """A record's (key, value) pair as loaded (a list), checked: None stays None."""
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)):
        raise ValueError(f"bad pair {value!r:.80}")
    if not isinstance(value[1], second):
        raise ValueError(f"bad pair {value!r:.80}")
    return (value[0], value[1])


def _shard(rel: str) -> str:
    """Which shard of the record holds the file ``rel``: its folder, cut to three levels (a day's
    story pages), or to one when shallower (the tags' pages, the categories'); "" at the top.

    A build that adds a day's stories changes the records of that day's folder and of a few
    list pages: the other shards are kept as stored (:meth:`OutputFiles.save`).
    """
    parts = rel.split("/")[:-1]
    return "/".join(parts[:3] if len(parts) >= 3 else parts[:1])


def file_digest_of(path: str) -> str:
    return file_digest(Path(path))


_current: OutputFiles | None = None


def start(
    cache: Cache | None,
    output_path: str,
    settings: Mapping[str, Any],
    articles: Iterable[str],
    skip: bool = True,
) -> None:
    """This build's output files (none without a build cache); old article pages removed now."""
    global _current
    _current = None
    if cache is None or not cache.enabled:
        return
    _current = OutputFiles(cache, output_path, settings, skip)
    _current.remove_articles(articles)


def current() -> OutputFiles | None:
    return _current


def stop() -> None:
    """Forget this build's output files (a build that stopped half-way)."""
    global _current
    _current = None


# Signal receivers (connected in ``register``).


def note_written(path: str, **_: Any) -> None:
    """``content_written`` and ``feed_written``: record the file."""
    if _current is not None:
        _current.wrote(path)


def finalized(pelican: Any) -> None:
    """``finalized`` (before the cache closes): remove what is no longer made, keep the record."""
    global _current
    files, _current = _current, None
    if files is None:
        return
    files.remove_stale()
    files.save()
    logger.info(
        "news-digest output: %d pages rendered, %d unchanged pages left alone, %d files removed",
        len(files.rendered),
        len(files.kept),
        len(files.removed),
    )
