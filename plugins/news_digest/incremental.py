"""Per-story work done once: cached between builds (:mod:`.cache`), split over cores (:mod:`.parallel`).

A :class:`Memo` stands for one build's use of the cache. The pipeline asks
it to run the stages that treat each story on its own:

* **reading** (:func:`read_files`): keyed by the bytes of the file and of
  its sidecar (and the read settings, the scrape day), the value is the
  stories the reader made;
* **cleaning**, **summaries**, **names** (:func:`per_story`): keyed by the
  whole state of the story before the stage and what the stage reads besides
  (the furniture rules of the story's outlet, the number of sentences, the
  gazetteer); the value is the fields the stage changed. Summaries and
  names keep these records packed, a few records a stage rather than one a
  story (:mod:`.stage_pack`): a warm build needs every story's.

Every key also holds :func:`code_identity`: the plugin's own files and the
versions of the libraries it runs, so a new version of either starts cold.
What misses the cache runs in this process and in forked workers
(``DIGEST_JOBS``). A warm build takes the stories of an unchanged file as
read *and cleaned* from the pack of the last build (:mod:`.cleaned_pack`),
which stands in for both records. The stages that look at the whole archive (learning
furniture, slugs, folding, events, related links) run on every build, on
the stories as the cache gave them back: the same inputs as a cold build,
so the same result, byte for byte. Folding, events and related links keep
their per-story rows (and folding's copy pairs) between builds
(:mod:`.enrich.rows`); events keep each day's pairs while its window is
unchanged, and related links each story's best while its row and theirs are
(:mod:`.enrich.related_cache`): what new, changed and removed stories can
change is computed again.
"""

from __future__ import annotations

import gc
import hashlib
import importlib.metadata
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import collector, files, limits
from .cache import Cache
from .codec import (
    BadRecord,
    apply_changes,
    changed_fields,
    decode,
    decode_story,
    digest,
    dumps,
    encode,
    encode_story,
    fingerprint,
    story_reprs,
)
from .parallel import in_worker, map_balanced, map_chunks
from .schema import MAX_SIDECAR_BYTES
from .sidecar import sidecar_names, sidecar_path
from .story import Story

if TYPE_CHECKING:
    from .stage_pack import StagePack

LIBRARIES = (
    "pelican",
    "jinja2",
    "markdown",
    "markupsafe",
    "feedgenerator",
    "typogrify",
    "smartypants",
    "scikit-learn",
    "mmh3",
    "scipy",
    "numpy",
    "trafilatura",
    "htmldate",
    "justext",
    "lxml",
    "nh3",
    "ftfy",
    "charset-normalizer",
    "pyyaml",
    "google-re2",
    "unidecode",
    "pycountry",
    "nameparser",
    "fastjsonschema",
    "python-dateutil",
    "pagefind",
)
"""Libraries whose version can change what the build makes."""


_CODE_SUFFIXES = (".py", ".txt", ".yaml", ".json")


@cache
def code_identity() -> str:
    """The plugin's files (code and word lists) and the library versions, as one digest."""
    return tree_identity(Path(__file__).resolve().parent)


def tree_identity(package: Path) -> str:
    """A digest of the code and word-list files under ``package`` and of the library versions."""
    h = hashlib.sha256(sys.version.encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix in _CODE_SUFFIXES:
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}={version}\0".encode())
    return h.hexdigest()


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class Memo:
    """One build's use of the cache and of the cores."""

    cache: Cache | None
    jobs: int = 1
    salt: str = field(default_factory=code_identity)
    counts: dict[str, list[int]] = field(default_factory=dict)
    """Stage -> [cached, worked out] stories, for the build's summary."""
    states: dict[int, tuple[Story, str, str]] = field(default_factory=dict)
    """``id(story)`` -> (the story, the last per-story step it went through, a key naming its state
    right after that step): the read record it came from and its place there after reading, the
    stage's record key after :func:`per_story`. See :meth:`state_after`."""

    def key(self, *parts: Any) -> str:
        return digest(self.salt, *parts)

    def state_after(self, story: Story, step: str) -> str | None:
        """The key naming ``story``'s state right after ``step`` when that was the last per-story
        step it went through this build (``"read"``, or a :func:`per_story` stage), else None.

        A step is a function of the state before it and of what its key holds,
        so the key names the state after it as well as a digest of every field
        would: what changes the story between two steps must be added to the
        next step's ``state_of`` (the stages in between and the fields they may
        write are known: ``enrich.stages.WRITES``, ``isolation.REJECTING``).
        """
        entry = self.states.get(id(story))
        if entry is None or entry[0] is not story or entry[1] != step:
            return None
        return entry[2]

    def went_through(self, story: Story, step: str, key: str) -> None:
        self.states[id(story)] = (story, step, key)

    def keyer(self, *parts: Any) -> Callable[..., str]:
        """Keys of ``parts`` and more: ``keyer(*parts)(*more)`` is as good as ``key(*parts, *more)``.

        For many keys that share ``parts``: those are digested once, and each
        key digests only its own ``more``, which must be plain JSON values
        (strings, numbers, lists, tuples, None) and go to the C encoder.
        """
        prefix = self.key("keyer", *parts).encode() + b"\0"
        text = _plain_json()
        sha256 = hashlib.sha256

        def key(*more: Any) -> str:
            return sha256(prefix + text(more).encode("utf-8", "surrogatepass")).hexdigest()

        return key

    def get(self, key: str) -> Any | None:
        return self.cache.get(key) if self.cache is not None else None

    def get_many(self, keys: list[str | None]) -> dict[str, Any]:
        """The cached values of ``keys`` (None: no key) that the cache holds, in one go."""
        if self.cache is None:
            return {}
        return self.cache.get_many(k for k in keys if k)

    def keep(self, keys: Iterable[str]) -> None:
        """Keep the records of ``keys`` for the next build, unread (:meth:`.cache.Cache.keep`)."""
        if self.cache is not None:
            self.cache.keep(keys)

    def discard(self, reason: str) -> None:
        """A record failed its checks: forget the whole cache (the build goes on without it)."""
        if self.cache is not None:
            self.cache.discard(reason)

    @property
    def caching(self) -> bool:
        """Whether there is a cache to read and fill (keys are worth making)."""
        return self.cache is not None and self.cache.enabled

    @property
    def empty(self) -> bool:
        """A cache with no record of an earlier build: a cold build keys and fills it in the workers."""
        return self.cache is not None and self.cache.enabled and self.cache.empty

    def put(self, key: str, value: Any) -> None:
        if self.cache is not None:
            self.cache.put(key, value)

    def put_encoded(self, key: str, data: bytes) -> None:
        """Store a record already made JSON (:func:`.codec.dumps`), in a worker say."""
        if self.cache is not None:
            self.cache.put_encoded(key, data)

    def put_beside(
        self, make: Callable[[], Iterable[tuple[str, bytes]]], then: Callable[[list[str]], None]
    ) -> None:
        """Records made and written by a forked child beside this process (:meth:`.Cache.put_beside`)."""
        if self.cache is not None:
            self.cache.put_beside(make, then)

    def count(self, stage: str, cached: int, worked: int) -> None:
        done = self.counts.setdefault(stage, [0, 0])
        done[0] += cached
        done[1] += worked


@cache
def _plain_json() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` for plain JSON values, from
    one C encoder made once.

    ``json.dumps`` with options makes a ``JSONEncoder``, and ``encode`` a C
    encoder, on every call: three quarters of a short key's JSON time, and a
    warm build makes tens of thousands of keys (read, summaries, names, final
    states). Without the C encoder (another Python), ``JSONEncoder.encode``.
    """
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return encoder.encode
    # The arguments JSONEncoder.iterencode gives it, but no markers: plain values hold no cycles.
    one = make(None, encoder.default, json.encoder.encode_basestring, None, ":", ",", False, False, True)
    return lambda value: "".join(one(value, 0))


@contextmanager
def no_collection(keep: Callable[[], None] = collector.freeze_more) -> Iterator[None]:
    """Python's cyclic garbage collector paused while records become stories.

    Decoding makes hundreds of thousands of objects at once and none of
    them in a cycle; each allocation burst would otherwise set off
    collections that walk the whole (growing) heap, which grew the cost of
    a warm build faster than the archive. ``keep()`` runs before the
    collector is back: the stories made, which live to the build's end,
    are frozen out of its passes (:mod:`.collector`) there, or its first
    pass would walk every one of them (0.04-0.08 CPU s a stage at 2,000).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        keep()
        if was:
            gc.enable()


PREREAD_BYTES = 64 << 20
"""Bytes of scraped files (and sidecars) kept in memory from keying them to reading them.

The key of a file's read record is the digest of its bytes, so keying reads
them; the bytes are kept for the reader of a file the cache lacks, which
then does not open it again (a cold build read every file twice before).
Past this much, the rest are opened again (an archive of large saved pages).
"""


class _Inputs:
    """The bytes read while keying, for the readers of the files the cache lacks."""

    def __init__(self, budget: int = PREREAD_BYTES) -> None:
        self.data: dict[str, bytes] = {}
        self.budget = budget

    def digest(self, path: str, max_bytes: int | None = None) -> Any:
        """The SHA-256 of the bytes of the file at ``path``, read once; the bytes are kept while the
        budget allows.

        ``("too big", size)`` instead when the file has more than ``max_bytes`` (it is not read).
        Paths are strings here: hashing and comparing a ``Path`` as a dictionary key cost more
        than keying a small file's bytes.
        """
        data = self.data.get(path)  # a sidecar two files share is read once
        if data is None:
            # One descriptor for the size and the bytes: Path.read_bytes after os.stat cost
            # twice the system calls (and pathlib's and the buffered reader's Python around them).
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            try:
                size = os.fstat(fd).st_size
                if max_bytes is not None and limits.too_big(size, max_bytes):
                    return ("too big", size)
                data = os.read(fd, size + 1)
                if len(data) != size:
                    # Grown (or shrunk) since the fstat: to the end, as read_bytes does.
                    # Exactly the size fstat gave is the end: a read asked for one more.
                    chunks = [data]
                    while chunks[-1]:
                        chunks.append(os.read(fd, 1 << 16))
                    data = b"".join(chunks)
            finally:
                os.close(fd)
            if len(data) <= self.budget:
                self.data[path] = data
                self.budget -= len(data)
        return hashlib.sha256(data).hexdigest()

    def kept_for(self, entries: Iterable[files.Found]) -> dict[str, bytes]:
        """The bytes of these files and of their sidecars that were kept (the others' are let go)."""
        needed = set()
        for entry in entries:
            needed.add(str(entry.path))
            side = sidecar_path(entry.path)
            if side is not None:
                needed.add(str(side))
        kept = {path: data for path, data in self.data.items() if path in needed}
        self.data.clear()
        return kept


def _input_key(found: files.Found, content: Path, max_bytes: int, inputs: _Inputs) -> list[Any]:
    """What the reader's result depends on in the file system: the file's and the sidecar's bytes."""
    path = str(found.path)
    name = os.path.basename(path)
    own = inputs.digest(path, max_bytes)
    side, mode = _sidecar(path, name)
    if side is None:
        return [name, own, None]
    side_name = os.path.basename(side)
    if stat.S_ISREG(mode.st_mode):  # a plain file: what files.refusal passes at once
        refused, side_size = None, mode.st_size
    else:
        refused = files.refusal(Path(side), content)
        side_size = 0 if refused else os.stat(side).st_size
    if refused:
        other: Any = ("refused", side_name, refused)
    elif side_size > MAX_SIDECAR_BYTES:
        other = ("too big", side_name, side_size)
    else:
        other = (side_name, inputs.digest(side))
    return [name, own, other]


def _sidecar(path: str, name: str) -> tuple[str, os.stat_result] | tuple[None, None]:
    """:func:`.sidecar.sidecar_path` of the file at ``path`` (named ``name``), by string, and the
    sidecar's ``lstat``: the ``lstat`` that finds it (what ``os.path.lexists`` does) gives its
    mode and size too."""
    for candidate in sidecar_names(path, name):
        try:
            return candidate, os.lstat(candidate)
        except (OSError, ValueError):  # what lexists counts as nothing there
            continue
    return None, None


def relative_posix(path: Path, folder: Path) -> str:
    """``path.relative_to(folder).as_posix()``, by string for the paths a walk of ``folder`` gives."""
    text, start = str(path), str(folder) + os.sep
    if text.startswith(start) and start != os.sep:
        rest = text[len(start) :]
        return rest if os.sep == "/" else rest.replace(os.sep, "/")
    return path.relative_to(folder).as_posix()


def read_files(
    found: list[files.Found],
    read: Callable[[list[files.Found], Mapping[str, bytes]], list[Story]],
    content: Path,
    params: Any,
    max_bytes: int,
    memo: Memo,
    packed: Callable[[dict[str, files.Found]], dict[str, list[Story]]] | None = None,
    counted: bool = True,
    meanwhile: Callable[[], None] | None = None,
    then: Callable[[list[Story]], None] | None = None,
) -> list[Story]:
    """``read(found, preread)``, each file's stories taken from the cache when its bytes are unchanged.

    ``packed({key: file})``, when given, gives stories that stand in for the
    read records of some of those keys (the files' stories further on,
    :mod:`.cleaned_pack`): those records are then kept for the next build,
    unread. ``counted`` False: files read a second time this build (the
    pack's stale ones) are not counted again. ``meanwhile()``: work that needs
    no key (decoding the pack, :meth:`.cleaned_pack.Pack.unpack_all`), done in
    this process while a worker keys the files (:func:`_keyed_beside`).
    ``then(stories)``: the next per-story step (the outlet), run on each
    file's stories once its record is made (in the process that read it, so
    over the cores in a cold build) or decoded; never on ``packed``'s stories.

    ``params`` are the settings the reader depends on. Files the cache does
    not know are read here and in workers, from the bytes read to key them
    (``preread``): each file is opened once. The workers encode the records
    they make, so the cache's share of a cold build is spread over the cores.
    With an empty cache (a cold build) there is nothing to look up: each
    worker keys the files it reads, as it reads them.
    """
    after = then if then is not None else lambda _stories: None

    def read_then(part: Sequence[files.Found]) -> list[Story]:
        stories = read(list(part), {})
        after(stories)
        return stories

    if not memo.caching:  # nothing to key: read everything over the cores
        stories = map_balanced(read_then, found, memo.jobs)
        memo.count("reading", 0, len(found) if counted else 0)
        return stories

    read_key = memo.keyer("read", params)

    def key_of(entry: files.Found, inputs: _Inputs) -> str | None:
        if entry.reason is not None:
            return None
        try:
            where = relative_posix(entry.path, content)
            return read_key(where, _input_key(entry, content, max_bytes, inputs))
        except (OSError, ValueError):
            return None  # gone or unreadable since the walk: the reader reports it

    def came_from(key: str | None, stories: list[Story]) -> None:
        if key:
            for k, story in enumerate(stories):
                memo.went_through(story, "read", f"{key}/{k}")

    if memo.empty:

        def cold(batch: Sequence[files.Found]) -> list[tuple[list[Story], str | None, bytes | None]]:
            done = []
            for entry in batch:
                inputs = _Inputs()
                key = key_of(entry, inputs)
                stories = read([entry], inputs.data)
                done.append((stories, key, dumps([encode_story(s) for s in stories]) if key else None))
                after(stories)  # the record holds the stories as read, before this step
            return done

        results = map_balanced(cold, found, memo.jobs)
        for stories, key, record in results:
            came_from(key, stories)
            if key and record is not None:
                memo.put_encoded(key, record)
        memo.count("reading", 0, len(found) if counted else 0)
        return [s for stories, _key, _record in results for s in stories]

    inputs = _Inputs()
    if meanwhile is not None and memo.jobs > 1 and len(found) >= KEYED_BESIDE:
        keys = _keyed_beside(lambda: [key_of(entry, _Inputs(0)) for entry in found], meanwhile)
        again = True  # the worker's bytes stayed there: a file to read is keyed again, with its bytes
    else:
        keys = [key_of(entry, inputs) for entry in found]
        again = False
        if meanwhile is not None:
            meanwhile()
    out: list[list[Story] | None] = []
    todo: list[tuple[int, files.Found, str | None]] = []
    with no_collection(collector.freeze_loaded):  # what load_stories does next in any case
        stand_ins = {}
        if packed is not None:
            stand_ins = packed({key: entry for entry, key in zip(found, keys, strict=True) if key})
            memo.keep(stand_ins)
        cached = memo.get_many([key for key in keys if key not in stand_ins])
        for i, (entry, key) in enumerate(zip(found, keys, strict=True)):
            if key in stand_ins:
                out.append(stand_ins[key])
                continue
            record = cached.get(key) if key else None
            if record is not None:
                try:
                    if type(record) is not list:
                        raise BadRecord("expected a list of stories")
                    out.append([decode_story(s) for s in record])
                    came_from(key, out[-1])
                    after(out[-1])
                    continue
                except BadRecord as exc:
                    memo.discard(str(exc))
                    cached = {}
            out.append(None)
            todo.append((i, entry, key))
    if again:  # the key the record is stored under is the key of the bytes read
        todo = [(i, entry, key_of(entry, inputs)) for i, entry, _key in todo]
    preread = inputs.kept_for(entry for _, entry, _ in todo)

    def work(batch: Sequence[tuple[int, files.Found, str | None]]) -> list[tuple[list[Story], bytes | None]]:
        done = []
        for _, entry, key in batch:
            stories = read([entry], preread)
            done.append((stories, dumps([encode_story(s) for s in stories]) if key else None))
            after(stories)
        return done

    done = map_balanced(work, todo, memo.jobs)
    preread.clear()
    for (i, _entry, key), (stories, record) in zip(todo, done, strict=True):
        out[i] = stories
        came_from(key, stories)
        if key and record is not None:
            memo.put_encoded(key, record)
    if counted:
        memo.count("reading", len(found) - len(todo), len(todo))
    return [s for stories in out if stories for s in stories]


KEYED_BESIDE = 300
"""Files from which a warm build keys them in a worker while it decodes the pack (fewer: no fork)."""


def _keyed_beside(keys: Callable[[], list[str | None]], meanwhile: Callable[[], None]) -> list[str | None]:
    """``keys()`` in a forked worker while this process runs ``meanwhile()``; the keys.

    A warm build's read-and-clean ran alone on one core: keying every file
    (reading and hashing 20,000 files at 10,000 stories) and then decoding
    the cleaned pack, neither needing the other. Only the keys travel back;
    the worker keeps no bytes (they would cost more to send than to read again).
    """

    def work(part: Sequence[str]) -> list[str | None]:
        made: list[str | None] = []
        for task in part:  # one part holding both where there is no fork
            if task == "keys":
                made = keys()
            else:
                meanwhile()
        return made

    return map_chunks(work, ["keys", "meanwhile"], 2, min_chunk=1)[0]


def read_key(story: Story, memo: Memo) -> str | None:
    """The key of the read record ``story`` came from, when reading was the last step it went through."""
    state = memo.state_after(story, "read")
    return None if state is None else state.rpartition("/")[0]


def per_story(
    memo: Memo,
    stage: str,
    stories: list[Story],
    run: Callable[[list[Story]], Any],
    key_of: Callable[[Story], Any] = lambda story: None,
    state_of: Callable[[Story], Any] | None = None,
    pack: StagePack | None = None,
    extra: tuple[Callable[[Story], Any], Callable[[Story, Any], None]] | None = None,
    writes: tuple[str, ...] | None = None,
    sets: tuple[str, ...] = (),
) -> None:
    """``run(published stories)`` for a stage that treats each story on its own, through the cache.

    A story whose state (and ``key_of(story)``) a build has seen before gets
    the fields the stage changed then; the others go through ``run``, split
    over the workers. ``run`` must reject, never raise, for a failing story
    (``isolation.each`` or ``guarded``). A worker sends back the fields its
    stories changed, and the record of each (encoded there, not here).

    A story's state is the digest of all its fields (:func:`.codec.story_reprs`),
    unless ``state_of(story)`` names it more cheaply: a plain JSON value that
    is the same exactly when the state is (None where it cannot).
    ``key_of(story)`` (what the stage reads besides the story) and
    ``state_of(story)`` must be plain JSON values (:meth:`Memo.keyer`).
    With a ``pack`` (:mod:`.stage_pack`) the records are kept in it, not one
    record a story; the caller saves it once the stage is done.
    ``extra`` = (made, take): what a worker worked out beside the changes
    that later stages may use, ``made(story)`` there, is given to
    ``take(story, value)`` here (cleaning's sentence splits).
    ``writes`` names every field ``run`` may change (rejecting and warning
    included): only those are compared before and after it, so a stage that
    leaves the text alone does not take its ``repr`` twice (a test of each
    stage checks its table). Without it, every field is compared. Of those,
    ``sets`` are the fields ``run`` makes anew for every story (cleaning's
    blocks): sent back and recorded as they are, never compared.
    """
    live = [s for s in stories if s.ok]
    caching = memo.caching
    compared = None if writes is None else tuple(name for name in writes if name not in sets)
    todo: list[int] = []
    before: dict[int, list[str]] = {}
    keys: list[str] = []
    stage_key = memo.keyer(stage)

    def key(i: int) -> str:
        story = live[i]
        named = state_of(story) if state_of is not None else None
        if named is None:
            if i not in before:
                before[i] = story_reprs(story)
            named = ["state", fingerprint(before[i])]
        else:
            named = ["named", named]
        return stage_key(key_of(story), named)

    if caching and not memo.empty:
        keys = [key(i) for i in range(len(live))]
        with no_collection():
            cached = memo.get_many(keys) if pack is None else pack.get_many(keys)
            for i, (story, k) in enumerate(zip(live, keys, strict=True)):
                record = cached.get(k)
                if record is None:
                    todo.append(i)
                    continue
                try:
                    apply_changes(story, record)
                except BadRecord as exc:
                    (memo if pack is None else pack).discard(str(exc))
                    cached = {}
                    todo.append(i)
                    continue
                memo.went_through(story, stage, k)
    else:  # no cache, or an empty one: nothing to look up
        todo = list(range(len(live)))

    def work(batch: Sequence[int]) -> list[tuple[dict[str, Any], str | None, bytes | None, Any]]:
        worker = in_worker()
        if not caching and not worker:  # this process's own stories: changed in place, nothing to send
            run([live[i] for i in batch])
            return []
        # Each story's state before the stage, and its key (in a cold build, made here in the worker).
        made = {i: keys[i] if keys else key(i) for i in batch} if caching else {}
        if compared is None:
            states = {i: before[i] if i in before else story_reprs(live[i]) for i in batch}
        else:
            states = {i: story_reprs(live[i], compared) for i in batch}
        run([live[i] for i in batch])
        out = []
        for i in batch:
            changed = {name: getattr(live[i], name) for name in sets}
            changed.update(changed_fields(states[i], live[i], compared))
            k = made.get(i)
            record = dumps({name: encode(value) for name, value in changed.items()}) if k else None
            more = extra[0](live[i]) if worker and extra is not None else None
            out.append((changed if worker else {}, k, record, more))
        return out

    # Without a cache this process's own batches send nothing: the workers
    # take the front batches, so their results are the first of ``todo``.
    done = map_balanced(work, todo, memo.jobs)
    for i, (changed, k, record, more) in zip(todo, done, strict=caching):
        for name, value in changed.items():  # a worker's story: its changes, from our own child
            setattr(live[i], name, value)
        if more is not None and extra is not None:
            extra[1](live[i], more)
        if k and record is not None:
            (memo if pack is None else pack).put_encoded(k, record)
            memo.went_through(live[i], stage, k)
    memo.count(stage, len(live) - len(todo), len(todo))


class _Asking:
    """The archive's common words, noting each word a story's extraction asks about."""

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words
        self.asked: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        found = word in self.words
        if isinstance(word, str):
            self.asked[word] = found
        return found

    def __iter__(self):
        raise TypeError("the common words may only be asked about, one word at a time")

    def __len__(self) -> int:
        return len(self.words)


def name_extractor(
    memo: Memo, gazetteer_key: str | None, since_summaries: Sequence[str] = (), pack: StagePack | None = None
) -> Callable[..., list[tuple[dict, dict]]]:
    """The names stage's per-story extraction (``tags.extract_each``), through the cache.

    Extraction reads one thing of the archive besides the story: whether
    words are written in lower case elsewhere (``common``). The words it
    asked about, and the answers, are kept with its result; the result is
    used again only while every answer is still the same.

    A story's state is named by its summaries record's key and the fields
    the stages between summaries and names may change (``since_summaries``),
    else (no such key) by a digest of all its fields. With a ``pack``
    (:mod:`.stage_pack`) the records are kept in it, not one record a story;
    the caller saves it once the stage is done.
    """
    from .enrich.entities.tags import _extract

    records: Memo | StagePack = memo if pack is None else pack

    names_key = memo.keyer("names", gazetteer_key)

    def extract(live: list[Story], gazetteer: Any, common: frozenset[str]) -> list[tuple[dict, dict]]:
        def key_of(story: Story) -> str:
            summed = memo.state_after(story, "summaries")
            if summed is None:
                return names_key(["state", fingerprint(story_reprs(story))])
            return names_key(["named", summed, [repr(getattr(story, name)) for name in since_summaries]])

        empty = memo.empty  # a cold build: each worker keys its own stories
        keys = [] if empty else [key_of(s) for s in live]
        out: list[tuple[dict, dict] | None] = [None] * len(live)
        todo: list[int] = list(range(len(live))) if empty else []
        with no_collection():
            cached = records.get_many(keys)
            for i, key in enumerate(keys):
                record = cached.get(key)
                try:
                    asked = decode(record["asked"]) if record is not None else None
                    if asked is not None and all((w in common) == bool(a) for w, a in asked):
                        out[i] = (decode(record["entities"]), decode(record["merged"]))
                        continue
                except (BadRecord, KeyError, TypeError, ValueError) as exc:
                    records.discard(f"bad names record: {exc}")
                    cached = {}
                todo.append(i)

        def work(batch: Sequence[int]) -> list[tuple[dict, dict, str, bytes]]:
            done = []
            for i in batch:  # each record encoded here, in the worker that made it
                key = key_of(live[i]) if empty else keys[i]
                asking = _Asking(common)
                entities, merged = _extract(live[i], gazetteer, asking)  # type: ignore[arg-type]
                asked = sorted(asking.asked.items())
                record = {"entities": encode(entities), "merged": encode(merged), "asked": encode(asked)}
                done.append((entities, merged, key, dumps(record)))
            return done

        results = map_balanced(work, todo, memo.jobs)
        for i, (entities, merged, key, record) in zip(todo, results, strict=True):
            out[i] = (entities, merged)
            records.put_encoded(key, record)
        memo.count("names", len(live) - len(todo), len(todo))
        return [r for r in out if r is not None]

    return extract
