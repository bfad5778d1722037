"""The build cache (``DIGEST_CACHE_PATH``): what earlier builds worked out, kept between builds.

One SQLite file, ``cache.sqlite``, in the cache folder (by default
``.digest-cache/`` beside the output folder). It holds records: a key (the
SHA-256 of everything the value depends on: the inputs, the settings, the
plugin's code, the versions of the libraries) and a value (JSON, or for a
mapping that holds arrays of numbers, a JSON head and the arrays' raw bytes:
:func:`.codec.dumps_arrays`).
A key says everything, so a record is never stale: a changed input, setting,
template or version simply asks for another key, and records no build asked
for are deleted at the end of the build.

The cache is never trusted:

* nothing in it is code or pickle: values are JSON (and arrays of a few
  number types), decoded by :mod:`.codec` into the few data classes it
  knows, type-checked;
* every value carries its SHA-256, checked when it is read, and the file
  must be a SQLite database with exactly this module's one table and its
  format marker (SQLite runs with ``trusted_schema`` off, so a crafted file
  cannot make it call functions from its schema);
* SQLite's own check of the whole file (``PRAGMA quick_check``, which reads
  every page: 0.09 CPU s at 10,000 stories) runs in a forked child beside
  the build (:class:`_Checker`); a file that fails it is discarded before
  anything more is written into it. What the build read from it meanwhile
  had passed its checksum: a damaged page either fails a read (the cache is
  discarded then) or is one no read touched;
* a cache that fails any check (corrupt, truncated, another program's or
  another format's) is deleted with a warning and the build goes on cold.

It holds what an editor's build would recompute, never anything an editor
wrote: deleting the folder at any time only makes the next build slower.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import signal
import sqlite3
import sys
import weakref
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .codec import BadRecord, dumps, dumps_arrays, has_arrays, loads, loads_arrays
from .parallel import flush_output, fork_call

logger = logging.getLogger(__name__)

FORMAT = "news-digest-cache 1"
"""Written into every cache; a cache with another marker is another format, discarded."""

FILE = "cache.sqlite"
README = "README.txt"
README_TEXT = (
    "news-digest build cache (DIGEST_CACHE_PATH): results of earlier builds, so that the next\n"
    "build only works on what changed. Safe to delete at any time; the next build is then cold.\n"
)

_SCHEMA = (
    "CREATE TABLE records (key TEXT PRIMARY KEY, sha256 BLOB NOT NULL, value BLOB NOT NULL) WITHOUT ROWID",
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
)
_MAP_BYTES = 0
"""How much of the file SQLite may map into memory: none.

A mapped page a read touches stays resident, and counts in the build's
resident memory, until the connection closes: a warm build reads nearly
every record, so the whole file (260 MB at 10,000 stories, from the open's
``quick_check`` on) sat in the peak. Reading through SQLite's small page
cache instead cost 0.15-0.25 CPU s more per 230 MB read (bench/RESULTS.md,
"Memory")."""
_BATCH = 500
"""Keys asked for in one query (well under SQLite's limit on parameters)."""
_SPILL_BYTES = 32 << 20
"""Bytes of new records held in memory before they are written: a cold build
makes hundreds of MB of them, which it held until the end."""
_BIG_BYTES = 4 << 20
"""A record longer than this is written at once: on its own, or by a writer as soon as the one at
work ends (see :meth:`Cache._hold`)."""
_WRITER_BYTES = 1 << 20
"""Records of at least this many bytes are written by a forked writer (:class:`_Writer`) while
the build goes on; fewer are not worth the fork and are written here."""
_BUSY_SECONDS = 120.0
"""How long a read waits for the writer's transaction to end (SQLite's busy timeout)."""
_COMPRESS_OVER = 1 << 62
"""Values longer than this (bytes of JSON) are stored zlib-compressed: none, now.

Compressing cost a cold build more than it saved: at level 1 it took three
times as long as writing the plain record, the file was no smaller (SQLite
keeps records of a few kilobytes in overflow pages either way), and the CI
cache is compressed as a whole. Compressed records of older builds still read.
"""


class CacheError(RuntimeError):
    """The cache cannot be used (it is discarded, and the build goes on without it)."""


class Cache:
    """The records of one cache folder, for one build.

    Reads see the records of earlier builds; :meth:`put` adds records; the
    build ends with :meth:`close`, which writes them and forgets every record
    this build did not use.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db: sqlite3.Connection | None = None
        self.used: set[str] = set()
        self.pending: dict[str, bytes] = {}
        self.pending_bytes = 0
        self.writer: _Writer | None = None
        """The records being written by a forked writer, readable here until it ends."""
        self.owed = False
        """Held records are to be written as soon as the writer at work ends (:meth:`_spill`)."""
        self.beside: list[_Beside] = []
        """Records being made and written by forked children (:meth:`put_beside`), not yet waited for."""
        self.hits = 0
        self.misses = 0
        self.db = _connect(folder)
        self.empty = self._holds_nothing()
        """No record from an earlier build: nothing to look up, every key is new (a cold build)."""
        self.checker = _Checker(folder / FILE) if not self.empty and _Checker.possible() else None
        """SQLite's check of the file as this build found it, running beside the build."""
        _caches.add(self)

    @property
    def enabled(self) -> bool:
        return self.db is not None

    def get(self, key: str) -> Any | None:
        """The value stored under ``key``, or None. A bad record discards the whole cache."""
        held = self._held(key)
        if held is not None:
            self.used.add(key)
            return record_value(held)
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT sha256, value FROM records WHERE key = ?", (key,)).fetchone()
            if row is None:
                self.misses += 1
                return None
            stored, packed = row
            if not isinstance(packed, bytes) or hashlib.sha256(packed).digest() != stored:
                raise BadRecord(f"record {key[:12]} does not match its checksum")
            del row
            value = record_value(packed)
        except (sqlite3.DatabaseError, BadRecord, zlib.error) as exc:
            self.discard(str(exc))
            return None
        self.used.add(key)
        self.hits += 1
        return value

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """The values of the keys found (a bad record discards the cache and returns nothing).

        One query per :data:`_BATCH` keys: a warm build asks for every
        story's records at once, and a query per key cost more than the
        records' checks.
        """
        found: dict[str, Any] = {}
        asked = []
        for key in dict.fromkeys(keys):
            held = self._held(key)
            if held is not None:
                found[key] = record_value(held)
            else:
                asked.append(key)
        if self.db is None:
            self.used.update(found)
            return found
        hits = 0
        try:
            for start in range(0, len(asked), _BATCH):
                batch = asked[start : start + _BATCH]
                rows = self.db.execute(
                    f"SELECT key, sha256, value FROM records WHERE key IN ({','.join('?' * len(batch))})",
                    batch,
                ).fetchall()
                for key, stored, packed in rows:
                    if not isinstance(packed, bytes) or hashlib.sha256(packed).digest() != stored:
                        raise BadRecord(f"record {str(key)[:12]} does not match its checksum")
                    found[key] = record_value(packed)
                    hits += 1
        except (sqlite3.DatabaseError, BadRecord, zlib.error) as exc:
            self.discard(str(exc))
            return {}
        self.used.update(found)
        self.hits += hits
        self.misses += len(asked) - hits
        return found

    def _held(self, key: str) -> bytes | None:
        """A record this build made that may not be in the file yet (held, or being written)."""
        held = self.pending.get(key)
        if held is None and self.writer is not None:
            held = self.writer.records.get(key)
        return held

    def keep(self, keys: Iterable[str]) -> None:
        """Keep these records past this build without reading them (a record held in another's stead)."""
        if self.db is not None:
            self.used.update(keys)

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` (JSON-ready, or a mapping that holds arrays) under ``key``: written once
        many are held, or at :meth:`close`."""
        if self.db is None:
            return
        self._hold(key, record_bytes(value))

    def put_encoded(self, key: str, data: bytes) -> None:
        """Store a value already made JSON by :func:`.codec.dumps` (in a worker, say) under ``key``."""
        if self.db is None:
            return
        self._hold(key, _pack(data))

    def put_beside(
        self, make: Callable[[], Iterable[tuple[str, bytes]]], then: Callable[[list[str]], None]
    ) -> None:
        """Records that ``make()`` gives (keys and values made JSON by :func:`.codec.dumps`), made
        and written into the file by a forked child while this process goes on.

        For records whose keys are their content's digest (the body pack's
        parts, tens of MB at 10,000 stories): nothing in this build can ask for
        them before ``then(keys)``, which this process runs once the child has
        ended (:meth:`settle`, :meth:`close`), with the keys in ``make``'s
        order. The child has the core that would idle while this process does
        its serial work; its encoding, digests and SQLite inserts were a
        second of this process's time alone. When the child fails, its records
        are made and written here then. Without ``fork``, all of it is done now.
        """
        if self.db is None:
            return
        if not _Writer.possible():
            self._put_made(make(), then)
            return
        path = self.folder / FILE
        self.beside.append(_Beside(fork_call(lambda: _write_made(path, make())), make, then))

    def _put_made(self, made: Iterable[tuple[str, bytes]], then: Callable[[list[str]], None]) -> None:
        keys = []
        for key, data in made:
            self.put_encoded(key, data)
            keys.append(key)
        then(keys)

    def _end_beside(self, keep: bool = True) -> None:
        """Wait for the children of :meth:`put_beside`; unless the cache is being discarded, their
        records are kept (in the file, or here when a child failed) and their ``then`` runs."""
        beside, self.beside = self.beside, []
        for child in beside:
            try:
                keys = child.wait()
            except Exception as exc:  # its records were not all written: made here
                if keep:
                    logger.debug("news-digest: a cache child failed (%s); its records are made here", exc)
                    self._put_made(child.make(), child.then)
                continue
            if keep:
                self.used.update(keys)
                child.then(keys)

    def _hold(self, key: str, packed: bytes) -> None:
        # A big record (the archive's rows: tens of MB at 10,000 stories) is written
        # at once: written here, on its own, so that SQLite's copies of it never add
        # up with the ones held; with the ones held, by a writer (whose copies are its own).
        big = len(packed) > _BIG_BYTES
        if big and self.pending and not _Writer.possible():
            self._spill()
        self.pending[key] = packed
        self.used.add(key)
        self.pending_bytes += len(packed)
        if self.pending_bytes > _SPILL_BYTES:
            self._spill()
        elif big or self.owed:
            self._spill(wait=False)

    def _spill(self, wait: bool = True) -> None:
        """Write the records held so far, so that a cold build does not hold them all until it ends.

        A batch of :data:`_WRITER_BYTES` or more goes to a forked writer
        (:class:`_Writer`), so that SQLite's work runs on another core while
        the build goes on; one writer at a time. Each record is named by its
        content and carries its checksum, so records written before a build
        fails are as good as any: the next build uses or forgets them.

        Without ``wait`` (a big record, fewer than :data:`_SPILL_BYTES` held),
        a writer still at work is not waited for: the records stay held
        (:attr:`owed`) and the next :meth:`put` after it ends hands them to the
        next writer. Ten big records in a row (the body pack's parts) once
        made ten writers, each started after a wait for the one before, while
        the build process had work of its own to do.
        """
        if self.db is None:
            return
        if not wait and self.writer is not None and self.writer.busy():
            self.owed = True
            return
        self.owed = False
        self._wait_for_writer()
        if self.pending_bytes >= _WRITER_BYTES and _Writer.possible():
            self.writer = _Writer(self.folder / FILE, self.pending)
        else:
            try:
                with _transaction(self.db):
                    self._insert_pending()
            except sqlite3.DatabaseError as exc:
                logger.warning(
                    "news-digest: build cache %s not written (%s); kept for the end", self.folder, exc
                )
                return
        self.pending = {}
        self.pending_bytes = 0

    def _wait_for_writer(self) -> None:
        """Let the writer finish; records it failed to write are held again, for the next write."""
        writer, self.writer = self.writer, None
        if writer is not None and not writer.wait():
            logger.debug("news-digest: the cache's writer failed; its records are written here")
            self.pending = {**writer.records, **self.pending}
            self.pending_bytes = sum(map(len, self.pending.values()))

    def settle(self) -> None:
        """A writer that has ended is reaped: the records it wrote are no longer held here. The
        children of :meth:`put_beside` are waited for (they end during the serial work they were
        started beside). The file's check, when it has ended, is taken."""
        self._checked(wait=False)
        self._end_beside()
        if self.writer is not None and not self.writer.busy():
            self._wait_for_writer()

    def _insert_pending(self) -> None:
        assert self.db is not None
        _insert(self.db, self.pending)

    def _checked(self, wait: bool) -> None:
        """The file's check (:class:`_Checker`), once it has ended (``wait``: now): failed, the
        cache is discarded."""
        checker = self.checker
        if checker is None or (not wait and checker.busy()):
            return
        self.checker = None
        if not checker.wait():
            self.discard("the database is damaged")

    def discard(self, reason: str) -> None:
        """Forget the whole cache: something in it failed a check."""
        logger.warning(
            "news-digest: build cache %s discarded (%s); the build goes on without it", self.folder, reason
        )
        if self.checker is not None:  # it reads the file about to go
            self.checker.stop()
            self.checker = None
        self._end_beside(keep=False)  # they write into the file about to go
        if self.writer is not None:  # it writes into the file about to go
            self.writer.wait()
            self.writer = None
        self.pending.clear()
        self.pending_bytes = 0
        self.owed = False
        self.used.clear()
        if self.db is not None:
            self.db.close()
            self.db = None
        _remove(self.folder)
        self.db = _connect(self.folder)
        self.empty = self._holds_nothing()

    def _holds_nothing(self) -> bool:
        if self.db is None:
            return True
        try:
            return self.db.execute("SELECT 1 FROM records LIMIT 1").fetchone() is None
        except sqlite3.DatabaseError:
            return False  # the first read will find the damage and discard the cache

    def close(self, forget_unused: bool = True) -> None:
        """Write this build's new records and (normally) delete the ones it did not use."""
        self._checked(wait=True)
        if self.db is None:
            return
        self._end_beside()
        self._wait_for_writer()
        try:
            with _transaction(self.db):
                self._insert_pending()
                if forget_unused:
                    self.db.execute("CREATE TEMP TABLE used_keys (key TEXT PRIMARY KEY) WITHOUT ROWID")
                    self.db.executemany("INSERT INTO used_keys VALUES (?)", ((k,) for k in self.used))
                    self.db.execute("DELETE FROM records WHERE key NOT IN (SELECT key FROM used_keys)")
                    self.db.execute("DROP TABLE used_keys")
            if forget_unused:
                self.db.execute("VACUUM") if self._mostly_free() else None
        except sqlite3.DatabaseError as exc:
            logger.warning("news-digest: build cache %s not saved (%s)", self.folder, exc)
        finally:
            self.db.close()
            self.db = None
            self.pending.clear()
            self.pending_bytes = 0

    def _mostly_free(self) -> bool:
        assert self.db is not None
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        free = self.db.execute("PRAGMA freelist_count").fetchone()[0]
        return pages > 256 and free * 2 > pages


_caches: weakref.WeakSet[Cache] = weakref.WeakSet()
"""Every cache opened in this process and not yet collected (:func:`settle_writers`)."""


def settle_writers() -> None:
    """Every open cache's writer that has ended reaped, its records let go (before the pages: a
    cold build's last writer ends during the story bodies, and its batch, 32 MB, was held to the end)."""
    for cache in list(_caches):
        cache.settle()


class _Child:
    """A forked child of the build process, reaped once (by :meth:`busy` or :meth:`wait`)."""

    pid: int
    status: int | None = None
    """The child's wait status once it is reaped."""

    @staticmethod
    def possible() -> bool:
        return hasattr(os, "fork") and sys.platform != "win32"

    def busy(self) -> bool:
        """Whether the child is still at work (once it has ended, :meth:`wait` returns at once)."""
        if self.status is not None:
            return False
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:  # not this process's child (a forked worker's copy of the cache)
            self.status = 0
            return False
        if pid == 0:
            return True
        self.status = status
        return False

    def wait(self) -> bool:
        """Wait for the child; whether it succeeded (exit status 0)."""
        if self.status is None:
            try:
                _, self.status = os.waitpid(self.pid, 0)
            except ChildProcessError:  # not this process's child (a forked worker's copy of the cache)
                return True
        return os.waitstatus_to_exitcode(self.status) == 0


def _fork() -> int:
    """``os.fork()``, this process's buffered output written out first (a child must not write it too)."""
    flush_output()
    return os.fork()


class _Checker(_Child):
    """A forked child that runs SQLite's ``quick_check`` of the cache file as the build found it.

    The check reads every page of the file (0.09 CPU s at 10,000 stories,
    300 MB), and the build process ran it alone when it opened the cache. The
    child reads the file through a read-only connection of its own; the
    build goes on reading records, each checked against its checksum, and
    the file is discarded before anything more is written into it when the
    check fails (:meth:`Cache.close`, or :meth:`Cache.settle` once it ended).
    Exit status 0: the file passed.
    """

    def __init__(self, path: Path) -> None:
        self.pid = _fork()
        if self.pid == 0:
            code = 1
            try:
                gc.disable()  # a collection would walk (and copy) every page of the parent's heap
                code = 0 if _quick_check(path) else 2
            finally:
                os._exit(code)  # nothing the parent registered to run at exit runs here

    def stop(self) -> None:
        """End the check now (the file is being discarded)."""
        if self.status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.wait()


def _quick_check(path: Path) -> bool:
    """Whether SQLite finds the file at ``path`` sound (``PRAGMA quick_check``)."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=_BUSY_SECONDS)
    except sqlite3.Error:
        return False
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        db.execute(f"PRAGMA mmap_size = {_MAP_BYTES}")
        return db.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    except sqlite3.DatabaseError:
        return False
    finally:
        db.close()


class _Writer(_Child):
    """A forked process that writes a batch of records into the cache file through its own connection.

    The build process would otherwise spend the SQLite inserts (and the
    records' checksums) of every spilled batch on its own core, alone: about
    a second per 32 MB. The child shares the records' memory with its parent
    (fork), writes them in one transaction and exits; the parent keeps the
    batch readable in memory until :meth:`wait`. A child never uses the
    parent's connection: it opens its own (SQLite connections must not cross
    a fork). A failed write is reported by the exit status, and its records
    are then written by the build process.
    """

    def __init__(self, path: Path, records: dict[str, bytes]) -> None:
        self.records = records
        self.pid = _fork()
        if self.pid == 0:
            _write_and_exit(path, records)


def _write_and_exit(path: Path, records: dict[str, bytes]) -> None:
    """In the writer's child: ``records`` into the file at ``path``, then leave (status 0 when written)."""
    code = 1
    try:
        gc.disable()  # a collection would walk (and copy) every page of the parent's heap
        _write_records(path, records)
        code = 0
    finally:
        os._exit(code)  # nothing the parent registered to run at exit runs here


def _write_records(path: Path, records: dict[str, bytes]) -> None:
    """``records`` (as stored) into the file at ``path`` through a connection of this process's own."""
    db = sqlite3.connect(path, isolation_level=None, timeout=_BUSY_SECONDS)
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        db.execute("PRAGMA journal_mode = MEMORY")
        db.execute("PRAGMA synchronous = OFF")
        with _transaction(db):
            _insert(db, records)
    finally:
        db.close()


def _write_made(path: Path, made: Iterable[tuple[str, bytes]]) -> list[str]:
    """In a child of :meth:`Cache.put_beside`: the records ``made`` written; their keys, in order.

    Each record is stored as it comes, so only one value is held twice (made, and as stored).
    """
    gc.disable()  # a collection would walk (and copy) every page of the parent's heap
    keys, records = [], {}
    for key, data in made:
        keys.append(key)
        records[key] = _pack(data)
        del data
    _write_records(path, records)
    return keys


@dataclass
class _Beside:
    """A child of :meth:`Cache.put_beside`: its wait, and what to do with its keys."""

    wait: Callable[[], list[str]]
    make: Callable[[], Iterable[tuple[str, bytes]]]
    then: Callable[[list[str]], None]


def _insert(db: sqlite3.Connection, records: dict[str, bytes]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO records (key, sha256, value) VALUES (?, ?, ?)",
        ((k, hashlib.sha256(v).digest(), v) for k, v in records.items()),
    )


def record_bytes(value: Any) -> bytes:
    """A value as stored: its kind (a byte) and its encoding.

    ``j``: JSON; ``b``: a mapping holding arrays, as :func:`.codec.dumps_arrays`
    makes it (the archive's rows and pairs: tens of MB at 10,000 stories, which
    as base64 inside JSON cost their encoding, a third more bytes and a copy
    of each text on every build); ``z``: zlib-compressed JSON (read only).
    """
    if has_arrays(value):
        return b"b" + dumps_arrays(value, start=1)
    return _pack(dumps(value))


def record_value(packed: bytes) -> Any:
    """The value of a stored record (:func:`record_bytes`); :class:`.codec.BadRecord` when it is none."""
    kind = packed[:1]
    if kind == b"j":
        try:
            # What json.loads does with bytes of UTF-8, without first copying them out of ``packed``.
            return loads(str(memoryview(packed)[1:], "utf-8", "surrogatepass"))
        except UnicodeDecodeError as exc:
            raise BadRecord(f"not JSON: {exc}") from None
    if kind == b"b":
        return loads_arrays(packed, start=1)
    if kind == b"z":
        return loads(zlib.decompress(packed[1:]))
    raise BadRecord("unknown record encoding")


def _pack(data: bytes) -> bytes:
    if len(data) > _COMPRESS_OVER:
        return b"z" + zlib.compress(data, 1)
    return b"j" + data


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _connect(folder: Path) -> sqlite3.Connection | None:
    """The cache database in ``folder``, made anew when ours but unusable; None (warned) when not ours."""
    try:
        return _open(folder)
    except CacheError as exc:
        if not _ours(folder):
            logger.warning("news-digest: no build cache: %s %s; it is left as it is", folder, exc)
            return None
        logger.warning("news-digest: build cache %s discarded (%s); this build starts cold", folder, exc)
    _remove(folder)
    try:
        return _open(folder)
    except (CacheError, OSError) as exc:
        logger.warning("news-digest: no build cache at %s (%s)", folder, exc)
        return None


def _ours(folder: Path) -> bool:
    """A folder this module made: it holds the README it writes (and nothing that is not a cache file)."""
    readme = folder / README
    try:
        if readme.is_symlink() or not readme.is_file() or readme.read_text(encoding="utf-8") != README_TEXT:
            return False
    except (OSError, UnicodeDecodeError):
        return False
    return all(child.name in _OWN_FILES for child in folder.iterdir())


_OWN_FILES = frozenset({README, FILE, FILE + "-journal"})


def _remove(folder: Path) -> None:
    """Delete this module's files in ``folder`` (only when the folder is ours), never anything else."""
    if not _ours(folder):
        return
    for name in (FILE, FILE + "-journal"):
        (folder / name).unlink(missing_ok=True)


def _open(folder: Path) -> sqlite3.Connection:
    """Open (or create) the cache in ``folder``; :class:`CacheError` when it is not ours."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise CacheError("is not a folder")
    if folder.is_dir() and not _ours(folder) and any(folder.iterdir()):
        raise CacheError("holds files that are not a build cache")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise CacheError(f"{FILE} is not a regular file")
    fresh = not path.exists()
    if fresh:
        (folder / README).write_text(README_TEXT, encoding="utf-8")  # first: the folder is ours from here
    try:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=_BUSY_SECONDS)
    except sqlite3.Error as exc:
        raise CacheError(str(exc)) from None
    try:
        db.execute("PRAGMA trusted_schema = OFF")
        # A cache is worth no fsync: a file left damaged by a crash fails the
        # checks on the next build and is made anew.
        db.execute("PRAGMA journal_mode = MEMORY")
        db.execute("PRAGMA synchronous = OFF")
        db.execute(f"PRAGMA mmap_size = {_MAP_BYTES}")
        if fresh:
            with _transaction(db):
                for statement in _SCHEMA:
                    db.execute(statement)
                db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
        else:
            _check(db)
    except (sqlite3.DatabaseError, CacheError, OSError) as exc:
        db.close()
        raise CacheError(str(exc)) from None
    return db


def _check(db: sqlite3.Connection) -> None:
    """The file holds exactly our schema and our format marker (SQLite's check of the whole
    file runs beside the build: :class:`_Checker`)."""
    schema = sorted(
        (kind, name, sql)
        for kind, name, sql in db.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        )
    )
    expected = sorted(("table", s.split()[2], s) for s in _SCHEMA)
    if schema != expected:
        raise CacheError("not a news-digest cache (unexpected tables)")
    marker = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
    if marker != (FORMAT,):
        raise CacheError(f"another cache format ({marker[0] if marker else 'none'!s})")
