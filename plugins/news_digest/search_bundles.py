"""The search bundles: one Pagefind index per period of story pages, rebuilt only when a page in it changed.

:mod:`.search` runs this file as a child process (by its path, so it needs
nothing but the standard library and imports nothing of the plugin), with a
JSON request on stdin: the output folder, the Pagefind executable, and the
pages of each partition (name -> ``[save_as, url]`` pairs). A ``streamed``
request names every partition the site has but holds only those whose pages
are written; the others follow on stdin, a JSON line each, and the build
closes stdin once it forks no more workers: until then runs hold at most
:data:`MAX_PAGES_BESIDE_PAGES` pages, and a larger partition waits. It answers
with one JSON line on stdout: which bundles it wrote and how many pages it
indexed.

For every partition it takes each page's index digest (:func:`index_digest`:
the page's bytes less what Pagefind never indexes, the text inside
``data-pagefind-ignore`` elements), from the request when the build knows
it (the build cache keeps it for every page it wrote or left alone, so an
unchanged page is not read at all), else from the page's file. The
partition's key is that list of digests with the Pagefind version and this
file's :data:`FORMAT`; ``<output>/pagefind/bundles.json`` (the manifest, which the
search page also reads) keeps each bundle's key and a hash of its files. A
bundle whose key is unchanged and whose files are intact is left alone;
any other is indexed again from its pages by Pagefind's command line, one
run per partition (:func:`index_partition`), so each Pagefind run holds
one partition in memory; up to the request's ``jobs`` runs go at once,
while the pages they hold together stay under :data:`MAX_PAGES_AT_ONCE`,
the largest partitions first (the small ones left for the end run side by
side, where one large run would end the build on one core), and a smaller
one beside a large run where the next larger one does not fit
(:meth:`PageBudget.take`).
Nothing depends on mtimes or on what an earlier build did, so a build that
keeps its output folder writes the same bytes as a cold one.

Each bundle lives in ``<output>/pagefind/<partition>/`` and is whole
(``pagefind.js`` and its WebAssembly included) except for Pagefind's
ready-made UI files, which the site does not use. The search page loads the
first bundle the manifest lists (the newest) and merges the others into it
(Pagefind's ``mergeIndex``, ``theme/static/js/search.js``).
Bundles of partitions that no longer have a page, and anything else in
``<output>/pagefind/``, are removed.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

FORMAT = 3
"""Bumped when what this file writes changes, so that every bundle is built again."""

MANIFEST = "bundles.json"

TIMEOUT = 600
"""Seconds Pagefind may take over one partition."""

UNUSED = re.compile(r"pagefind-(ui|modular-ui|component-ui|highlight)\.")
"""Pagefind's ready-made search UIs: the theme's ``search.js`` uses the JavaScript API alone."""


class PagefindFailed(RuntimeError):
    """Pagefind could not index a partition."""


def pagefind_version(executable: str) -> str:
    """``pagefind --version``'s answer: a new Pagefind rebuilds every bundle."""
    done = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=60, check=False)
    return done.stdout.strip() or f"unknown ({done.returncode})"


_Found = tuple[tuple[str, ...], str]
"""A file's path parts below the folder hashed, and its path."""


def files_digest(folder: Path) -> str:
    """A hash of every file under ``folder``: its relative path and bytes.

    Files in the order of their paths' parts (``a/b`` before ``a.txt``);
    folders linked into it are not entered. Every build takes it of every
    bundle it keeps: a 10,000-story site's bundles hold about 10,500 files,
    walked with ``os.scandir`` and plain strings in 0.23-0.27 CPU s, where
    ``Path.rglob`` and ``relative_to`` took 0.50-0.58 for the same digests.
    """
    found: list[_Found] = []
    _files_under(folder, (), found)
    found.sort()
    digest = hashlib.sha256()
    for parts, path in found:
        digest.update("/".join(parts).encode("utf-8") + b"\0")
        with open(path, "rb") as file:
            digest.update(hashlib.sha256(file.read()).digest())
    return digest.hexdigest()


def _files_under(folder: Path | str, parts: tuple[str, ...], found: list[_Found]) -> None:
    """Add each file under ``folder`` to ``found`` (``parts``: the folder's own below the top one)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir():
                if not entry.is_symlink():
                    _files_under(entry.path, (*parts, entry.name), found)
            elif entry.is_file():
                found.append(((*parts, entry.name), entry.path))


def read_manifest(bundles: Path) -> dict[str, dict[str, Any]]:
    """The bundles an earlier build wrote (name -> entry); empty when there is no readable manifest."""
    try:
        data = json.loads((bundles / MANIFEST).read_text(encoding="utf-8"))
        entries = data["bundles"] if data.get("format") == FORMAT else []
        return {str(e["name"]): e for e in entries if isinstance(e, dict) and "name" in e}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def partition_key(version: str, pages: list[tuple[str, str]]) -> str:
    """What a bundle depends on: this file's format, Pagefind's version, each page's URL and index digest."""
    digest = hashlib.sha256(f"{FORMAT}\0{version}\0".encode())
    for url, index in pages:
        digest.update(url.encode("utf-8") + b"\0" + index.encode("ascii") + b"\0")
    return digest.hexdigest()


_ATTRS = r"""((?:\s+[^\s"'=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)"""
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)" + _ATTRS + r"\s*(/?)>")
"""A tag (groups: closing slash, name, attributes, self-closing slash)."""
_OPAQUE_START = re.compile(r"<(!--|script|style|textarea|title|template)", re.IGNORECASE)
_OPAQUE_START_LOW = re.compile(r"<(!--|script|style|textarea|title|template)")
_FOLDED_TO_ASCII = "\u0130\u0131\u017f\u212a"
"""The characters besides ASCII letters that a case-blind match takes for one (İ, ı, ſ, the Kelvin sign)."""
_ATTRIBUTE = "data-pagefind-ignore"

_IGNORE = re.compile(r"(?:^|\s)data-pagefind-ignore(?=[\s=]|$)", re.IGNORECASE)

_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")
)
_OPTIONAL_END = frozenset(
    [
        "p",
        "li",
        "dt",
        "dd",
        "option",
        "optgroup",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "caption",
        "rb",
        "rt",
        "rtc",
        "rp",
        "html",
        "head",
        "body",
    ]
)
"""Elements a parser may close without their end tag: never taken as an ignored element's bounds."""


def index_digest(data: bytes) -> str:
    """A digest of what Pagefind may read of a page: its bytes, less the text inside ignored elements.

    Pagefind indexes no text inside a ``data-pagefind-ignore`` element, nor
    any script's, so a page whose "See also" links (and the JSON-LD that
    lists them) or tag links changed gives its bundle the same index.
    Inside such an element the digest still counts every tag that carries
    an ``id`` or a ``data-pagefind-*`` attribute, every image and every
    heading whole (what Pagefind may read there). Anything it cannot follow
    for certain (a comment or raw text inside an ignored element, an element
    closed by another's end tag or left open, an ignored element whose end
    tag is optional) counts the whole page: when unsure, the bundle is
    indexed again.

    The searches run case-blind over the page, or, where they give the same
    matches, case-sensitive over its lowered copy (:func:`_ascii_lower`):
    every page that holds none of the four characters a case-blind match
    takes for an ASCII letter. The digest is the same either way; the
    second costs about a quarter less.
    """
    text = data.decode("utf-8", "surrogateescape")
    low = _ascii_lower(data)
    folded = any(c in low for c in _FOLDED_TO_ASCII)
    lowered = None if folded else low  # what the case-sensitive searches may read
    h = hashlib.sha256(b"news-digest index digest 1\0")
    pos = 0
    for tag, name in _ignored_elements(text, low, folded):
        start = tag.start()
        if start < pos:
            continue  # inside an ignored element already counted
        # The element's own tag counts by its name and what Pagefind reads of it.
        h.update(_without_scripts(text, lowered, pos, start) + _read_of(name, tag.group(3)) + b"\0ignored\0")
        end = _ignored_part(h, text, tag.end(), name, lowered)
        if end is None:
            return _whole(data)
        pos = end
    h.update(_without_scripts(text, lowered, pos, len(text)))
    return h.hexdigest()


_ATTRIBUTE_ITEM = re.compile(r"""([^\s"'=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")


def _read_of(name: str, attrs: str) -> bytes:
    """An ignored element's start tag as Pagefind may read it: its name, ``id`` and ``data-pagefind-*``."""
    kept = [
        m.group(0)
        for m in _ATTRIBUTE_ITEM.finditer(attrs)
        if m.group(1).lower() == "id" or m.group(1).lower().startswith("data-pagefind")
    ]
    return f"<{name} {' '.join(kept)}>".encode("utf-8", "surrogateescape")


# "Up to the first end tag" written out as runs of anything but "<" (the lazy
# ".*?" tried the end tag at every character of a page's JSON-LD: 4x slower).
_SCRIPT = re.compile(r"(<script\b[^>]*>)[^<]*(?:<(?!/script\s*>)[^<]*)*(</script\s*>)", re.IGNORECASE)
_SCRIPT_LOW = re.compile(_SCRIPT.pattern)
"""The same, for the lowered page (:func:`index_digest`)."""


def _without_scripts(text: str, low: str | None, pos: int, end: int) -> bytes:
    """``text[pos:end]`` with its scripts' text left out (their tags stay): Pagefind indexes no script.

    A story page's JSON-LD lists its related stories' URLs, which change as
    its "See also" does. ``low``: the lowered page, searched instead of
    ``text`` when given (:func:`index_digest`).
    """
    if low is None:
        return _SCRIPT.sub(r"\1\2", text[pos:end]).encode("utf-8", "surrogateescape")
    parts = []
    for m in _SCRIPT_LOW.finditer(low, pos, end):
        parts.append(text[pos : m.end(1)])  # up to the script's start tag, with it
        pos = m.start(2)  # its end tag next
    parts.append(text[pos:end])
    return "".join(parts).encode("utf-8", "surrogateescape")


def _ascii_lower(data: bytes) -> str:
    """The page's text with its ASCII letters in lower case, the others as they are; same length.

    What :func:`_ignored_elements` searches: the names it looks for are
    ASCII, and no other character's lower case is an ASCII letter of them
    (only the Kelvin sign's is, "k"), so it finds what it would find in
    ``text.lower()``; lowering the bytes costs a third as much as
    ``str.lower`` of a page with any non-ASCII character.
    """
    return data.lower().decode("utf-8", "surrogateescape")


def _ignored_elements(text: str, low: str, folded: bool) -> list[tuple[re.Match[str], str]]:
    """Each start tag with ``data-pagefind-ignore`` (matched in ``text``) and its element's name, lower case.

    Found by plain string search in ``low`` (:func:`_ascii_lower`; a regular
    expression over the whole page costs ten times as much), outside comments
    and raw-text elements; only elements whose end tag is required.
    """
    hits = []
    at = low.find(_ATTRIBUTE)
    while at >= 0:
        hits.append(at)
        at = low.find(_ATTRIBUTE, at + len(_ATTRIBUTE))
    if not hits:
        return []
    starts: list[int] = []  # of comments and raw-text elements, in order, none inside another
    ends: list[int] = []
    # The ASCII letters are lowered already: case matters only for the four
    # other characters a case-blind match takes for ASCII letters (twice as fast).
    found_opaque = _OPAQUE_START if folded else _OPAQUE_START_LOW
    # Up to the last hit: no such start tag holds a "d", so each that starts before a hit ends before it.
    for m in found_opaque.finditer(low, 0, hits[-1]):
        if ends and m.start() < ends[-1]:
            continue
        closing = "-->" if m.group(1) == "!--" else f"</{m.group(1)}"
        end = low.find(closing, m.end())
        starts.append(m.start())
        ends.append(len(low) if end < 0 else end + len(closing))
    found = []
    for at in hits:
        last = bisect.bisect_right(starts, at) - 1  # the last one to start at or before the hit
        if last >= 0 and at < ends[last]:
            continue
        start = low.rfind("<", 0, at)
        tag = _TAG.match(text, start) if start >= 0 else None
        if tag is None or tag.end() <= at:
            continue  # not inside a tag (text, or a tag this cannot read: then it stays counted)
        name = tag.group(2).lower()
        if tag.group(1) or tag.group(4) or name in _VOID or name in _OPTIONAL_END:
            continue
        if _IGNORE.search(tag.group(3)):
            found.append((tag, name))
    return found


_KEPT = re.compile(
    r"<!--.*?-->|<h([1-6])\b.*?</h\1\s*>|<img\b[^>]*>"
    r"|<[a-zA-Z][^>]*\s(?:id|data-pagefind-[\w-]+)(?=[\s=/>])[^>]*>",
    re.DOTALL | re.IGNORECASE,
)
"""What Pagefind may read inside an ignored element: comments, headings whole, images, tags with an
``id`` (anchors) or a ``data-pagefind-*`` attribute (filters, meta, sort)."""
_RAW = re.compile(r"<(?:!--|script|style|textarea|title|template)", re.IGNORECASE)
_OPEN_NAME = re.compile(r"<([a-zA-Z][\w:-]*)")
_CLOSE_NAME = re.compile(r"</([a-zA-Z][\w:-]*)")
# Case-sensitive twins, for the lowered page (:func:`index_digest`).
_KEPT_LOW = re.compile(_KEPT.pattern, re.DOTALL)
_RAW_LOW = re.compile(_RAW.pattern)
_BOUNDS: dict[tuple[str, bool], re.Pattern[str]] = {}


def _ignored_part(h: Any, text: str, start: int, name: str, low: str | None = None) -> int | None:
    """Digest what Pagefind may read inside the ignored element ``name`` opened before ``start``.

    Returns where its end tag starts; None when its end is not certain (raw
    text inside, or elements in it that do not close where they open).
    ``low``: the lowered page, searched instead of ``text`` when given
    (:func:`index_digest`) and ``name`` is ASCII (as the lowered page is).
    """
    lowered = low is not None and name.isascii()
    subject = low if lowered and low is not None else text
    bounds = _BOUNDS.get((name, lowered))
    if bounds is None:
        flags = 0 if lowered else re.IGNORECASE
        bounds = _BOUNDS[name, lowered] = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])", flags)
    depth = 1
    for m in bounds.finditer(subject, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            end = m.start()
            break
    else:
        return None
    if (_RAW_LOW if lowered else _RAW).search(subject, start, end) or not _closed(
        subject, start, end, lowered
    ):
        return None
    kept = (_KEPT_LOW if lowered else _KEPT).finditer(subject, start, end)
    h.update("".join([text[m.start() : m.end()] for m in kept]).encode("utf-8", "surrogateescape"))
    return end


def _closed(subject: str, start: int, end: int, lowered: bool) -> bool:
    """Whether each element opened in ``subject[start:end]`` closes there (void ones and ones whose end
    tag is optional aside), names compared in lower case; ``lowered``: ASCII letters are lower already."""
    opens = _OPEN_NAME.findall(subject, start, end)
    closes = _CLOSE_NAME.findall(subject, start, end)
    if not (lowered and "".join(opens).isascii() and "".join(closes).isascii()):
        opens = [name.lower() for name in opens]
        closes = [name.lower() for name in closes]
    if sorted(opens) == sorted(closes):  # as in a page of this theme: all closed
        return True
    opened = Counter(opens)
    opened.subtract(closes)
    return not any(n and tag not in _VOID and tag not in _OPTIONAL_END for tag, n in opened.items())


def _whole(data: bytes) -> str:
    return hashlib.sha256(b"news-digest index digest 1\0whole\0" + data).hexdigest()


def index_partition(
    executable: str,
    output: Path,
    pages: list[str],
    target: Path,
    hold: Callable[[], AbstractContextManager[object]] = contextlib.nullcontext,
    then: Callable[[Callable[[], None]], object] | None = None,
) -> None:
    """Index the pages saved as ``pages`` under ``output`` into a fresh bundle at ``target``.

    Pagefind's command line reads a folder, every HTML file its glob
    matches. Where a glob matches exactly the partition's pages in the
    output itself (:func:`page_glob`: story pages in their day folders),
    Pagefind reads them in place. Otherwise the pages are linked (hard
    links, or copies where the file system has none) into a folder of their
    own beside the bundles, at the paths they have in the site, so the URLs
    are the site's; making and removing that folder (a folder a page) cost
    more wall time than Pagefind itself on this machine's disk (measured at
    2,000 pages: 2 s of ``rmdir`` for 670 pages). Measured at 2,000 pages,
    the command line costs 4.2 CPU seconds where feeding the same pages to
    ``pagefind --service`` cost 6.8.

    ``hold``: entered around each Pagefind run alone (the page budget,
    :class:`PageBudget`), so that the glob's checks and the links, before and
    after, overlap the next partition's run instead of delaying it.
    ``then``: given what is left once Pagefind has read the pages in place
    (the glob checked again, the bundle moved into place) to do it elsewhere
    (:func:`build`'s finishing thread), so that this thread starts the next
    run at once; by default it is done here before returning.
    """
    building = target.with_name(f".{target.name}.building")
    shutil.rmtree(building, ignore_errors=True)
    glob = page_glob(output, pages)
    in_place = False
    if glob is not None:
        with hold():
            in_place = _run_pagefind(executable, output, glob, building)

    def settle() -> None:
        # A page written into those folders while Pagefind read them: read again, through links.
        if not in_place or page_glob(output, pages) != glob:
            shutil.rmtree(building, ignore_errors=True)
            _index_linked(executable, output, pages, target, building, hold)
        for path in building.iterdir():
            if path.is_file() and UNUSED.match(path.name):
                path.unlink()
        if target.exists():
            shutil.rmtree(target)
        building.rename(target)

    if in_place and then is not None:
        then(settle)
    else:
        settle()


def _index_linked(
    executable: str,
    output: Path,
    pages: list[str],
    target: Path,
    building: Path,
    hold: Callable[[], AbstractContextManager[object]] = contextlib.nullcontext,
) -> None:
    """Index ``pages`` from a folder of links to them (see :func:`index_partition`)."""
    site = target.with_name(f".{target.name}.site")
    shutil.rmtree(site, ignore_errors=True)
    try:
        for save_as in pages:
            link = site / save_as
            link.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(output / save_as, link)
            except OSError:
                shutil.copyfile(output / save_as, link)
        with hold():
            _run_pagefind(executable, site, None, building, check=True)
    finally:
        shutil.rmtree(site, ignore_errors=True)


def _run_pagefind(executable: str, site: Path, glob: str | None, building: Path, check: bool = False) -> bool:
    """Pagefind over ``site`` (the files ``glob`` matches, else every HTML file) into ``building``.

    False when it failed; with ``check``, :class:`PagefindFailed` instead.
    """
    command = [executable, "--site", str(site), "--output-path", str(building.resolve()), "--quiet"]
    if glob is not None:
        command += ["--glob", glob]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if done.returncode == 0:
        return True
    if check:
        said = (done.stdout + done.stderr).strip()[-500:]
        raise PagefindFailed(f"Pagefind failed on {building.name.strip('.')}: {said}")
    return False


_PREFIX = re.compile(r"[0-9_-]+(?:/[0-9_-]+)*")
"""Folders a glob names as they are: digits (dates) alone, so no letter case and no glob syntax."""

MAX_GLOB = 100_000
"""Characters of a glob given on the command line (a year of day folders is about 4,000)."""


def page_glob(output: Path, pages: list[str]) -> str | None:
    """A glob under ``output`` that matches ``pages`` and nothing else, for Pagefind; None when none is sure.

    Story pages are saved as ``<day folders>/<slug>/index.html``: the glob
    names their day folders, ``{2026/11/23,2026/11/24}/*/index.html``. It is
    given only when every page has that shape, every folder on the way is a
    real folder (no link), each page is a regular file, and nothing else in
    those day folders holds an ``index.html`` of any letter case (what a
    glob's ``*`` could reach besides the pages).
    """
    wanted: dict[str, set[str]] = {}
    for save_as in pages:
        parts = save_as.split("/")
        prefix = "/".join(parts[:-2])
        if len(parts) < 3 or parts[-1] != "index.html" or not parts[-2] or not _PREFIX.fullmatch(prefix):
            return None
        names = wanted.setdefault(prefix, set())
        if parts[-2] in names:
            return None
        names.add(parts[-2])
    if not wanted:
        return None
    try:
        for prefix, names in wanted.items():
            folder = output
            for part in prefix.split("/"):
                folder = folder / part
                if not stat.S_ISDIR(os.lstat(folder).st_mode):
                    return None
            seen = 0
            with os.scandir(folder) as entries:
                for entry in entries:
                    if not entry.is_dir():
                        continue
                    found = [n for n in os.listdir(entry.path) if n.lower() == "index.html"]
                    if entry.name not in names:
                        if found:
                            return None
                        continue
                    if entry.is_symlink() or found != ["index.html"]:
                        return None
                    if not stat.S_ISREG(os.lstat(os.path.join(entry.path, "index.html")).st_mode):
                        return None
                    seen += 1
            if seen != len(names):
                return None
    except OSError:
        return None
    glob = _folders_glob(sorted(wanted)) + "/*/index.html"
    return glob if len(glob) <= MAX_GLOB else None


def _folders_glob(folders: list[str]) -> str:
    """A glob of exactly ``folders`` that starts with the folders they all share (``2026/11/{23,24}``).

    Pagefind walks the folder a glob's literal start names, so
    ``{2026/11/23,2026/11/24}`` walked every file of the output once a run:
    over a tree of 33,000 entries (10,000 story pages and bundles' files),
    0.13-0.18 CPU s and about a second of wall for a two-page glob, where
    ``2026/11/{23,24}`` read two folders (0.00-0.02 CPU s); the bundle is
    the same, byte for byte.
    """
    if len(folders) == 1:
        return folders[0]
    split = [folder.split("/") for folder in folders]
    shared = 0  # leading folders all share, leaving each at least one of its own
    while shared < min(map(len, split)) - 1 and len({parts[shared] for parts in split}) == 1:
        shared += 1
    rest = "{" + ",".join("/".join(parts[shared:]) for parts in split) + "}"
    return "/".join([*split[0][:shared], rest])


def pin_thread(slot: int) -> None:
    """Keep this thread, and the Pagefind runs it starts (which inherit it), to one core of those it may use.

    A Pagefind run spreads its threads over every core it may use; kept to one
    core it writes the same bundle while holding about 15 % less memory (2,000
    story pages: 278-279 MB resident against 326-328, eight runs each way), and
    the runs the threads start side by side (``slot`` 0, 1, ...) go to different
    cores. Where the cores cannot be read or set, nothing changes.
    """
    try:
        cores = sorted(os.sched_getaffinity(0))
        if len(cores) > 1:
            os.sched_setaffinity(0, {cores[slot % len(cores)]})
    except (AttributeError, OSError):  # no affinity on this platform, or not allowed
        pass


def build(request: dict[str, Any], more: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """Bring ``<output>/pagefind/`` up to date with the request's partitions; what was done.

    ``more``: partitions that become ready later (each a name -> pages mapping, as the
    request's), while the first are being indexed: a cold build sends each week as soon as
    its story pages are written. Then the request's ``names`` lists every partition there
    will be (what stays in ``pagefind/``, and the manifest's order).
    """
    output = Path(request["output"])
    bundles = output / request.get("bundle", "pagefind")
    partitions = _by_urls(request["partitions"])
    """Name -> ``[save_as, url]`` or ``[save_as, url, index digest]`` of each page, by URL."""
    executable = request["executable"]
    version = pagefind_version(executable)
    before = read_manifest(bundles)
    everything = set(request.get("names") or partitions)
    bundles.mkdir(parents=True, exist_ok=True)
    # Everything that is not a current partition's bundle goes, an earlier layout's files included.
    for path in bundles.iterdir():
        if path.name not in everything and path.name != MANIFEST:
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    streamed = bool(request.get("streamed"))
    # While the build writes story pages (more partitions to come), runs hold fewer pages.
    budget = PageBudget(MAX_PAGES_BESIDE_PAGES, strict=True) if streamed else PageBudget(MAX_PAGES_AT_ONCE)
    done: dict[str, tuple[dict[str, Any], bool]] = {}
    finishing: list[Future[object]] = []
    """What is left of the runs whose Pagefind has exited (:func:`index_partition`'s ``then``)."""

    def key_of(name: str) -> str:
        return partition_key(version, [(page[1], _index(output, page)) for page in partitions[name]])

    def record(name: str, key: str, files: str | None, indexed: bool) -> None:
        done[name] = ({"name": name, "key": key, "files": files, "pages": len(partitions[name])}, indexed)

    def kept(name: str, key: str) -> bool:
        """Whether the bundle in place is the one ``key`` asks for, whole; then it is recorded as kept."""
        target, old = bundles / name, before.get(name, {})
        if old.get("key") != key or not target.is_dir():
            return False
        files = files_digest(target)
        if files != old.get("files"):
            return False
        record(name, key, files, False)
        return True

    def index(
        name: str,
        key: str,
        hold: Callable[[], AbstractContextManager[object]],
        finisher: ThreadPoolExecutor | None = None,
    ) -> None:
        target = bundles / name
        deferred = False

        def settled(settle: Callable[[], None]) -> None:
            settle()
            record(name, key, files_digest(target), True)

        def elsewhere(settle: Callable[[], None]) -> None:
            nonlocal deferred
            assert finisher is not None
            deferred = True
            finishing.append(finisher.submit(settled, settle))

        then = elsewhere if finisher is not None else None
        index_partition(executable, output, [page[0] for page in partitions[name]], target, hold, then)
        if not deferred:
            record(name, key, files_digest(target), True)

    def arriving() -> Iterator[dict[str, int]]:
        """Each arrival's partitions (name -> pages): the request's, then each sent later."""
        yield {name: len(partitions[name]) for name in partitions}
        for batch in more:
            unknown = set(batch) - everything
            if unknown or set(batch) & set(partitions):
                raise ValueError(f"partitions not announced, or sent twice: {sorted(batch)[:3]}")
            partitions.update(_by_urls(batch))
            yield {name: len(batch[name]) for name in batch}
        budget.widen(MAX_PAGES_AT_ONCE)  # the build forks no more workers

    # Each bundle is its own Pagefind run: as many at once as the build has jobs (each run
    # works mostly on one core), so the end of a build does not wait on one core for the rest.
    jobs = max(1, min(int(request.get("jobs") or 1), len(everything) or 1))
    try:
        if jobs == 1:  # one run at a time, in this thread: once every partition is known, largest first
            sizes = {name: size for batch in list(arriving()) for name, size in batch.items()}
            for name in sorted(sizes, key=lambda name: (sizes[name], name), reverse=True):
                key = key_of(name)
                if not kept(name, key):
                    index(name, key, lambda size=sizes[name]: budget.hold(size))
        else:
            # The runs' threads take the partitions from the budget, which picks what to start
            # (PageBudget.take); a run's thread hands what is left once Pagefind exits (a check,
            # a move, a hash of the bundle) to the finisher and takes the next run at once.
            def runs(slot: int) -> None:
                try:
                    pin_thread(slot)
                    while (run := budget.take()) is not None:
                        with run:
                            index(run.name, keys[run.name], run.hold, finisher)
                except BaseException:
                    budget.stop()  # a failure: no bundle is started; those under way finish
                    raise

            keys: dict[str, str] = {}
            with ThreadPoolExecutor(1) as finisher, ThreadPoolExecutor(jobs) as pool:
                runners = [pool.submit(runs, slot) for slot in range(jobs)]
                try:
                    for batch in arriving():
                        keys.update((name, key_of(name)) for name in batch)
                        # Changed bundles go to the runs first; the others' files are checked meanwhile.
                        changed = [name for name in batch if before.get(name, {}).get("key") != keys[name]]
                        for name in changed:
                            budget.add(name, batch[name])
                        for name in batch:
                            if name not in changed and not kept(name, keys[name]):
                                budget.add(name, batch[name])
                        for future in runners + finishing:  # a failure stops the rest early
                            if future.done():
                                future.result()
                    budget.end()
                    for future in runners:
                        future.result()
                    for future in list(finishing):  # every run's submitted by now
                        future.result()
                finally:  # none waits for a build that stopped sending, nor starts after a failure
                    budget.stop()
                    budget.widen(MAX_PAGES_AT_ONCE)
    finally:
        # Only bundles that are whole are listed, also when one failed.
        names = sorted(everything, reverse=True)
        entries = [done[name][0] for name in names if name in done]
        manifest = {"format": FORMAT, "bundles": entries}
        text = json.dumps(manifest, sort_keys=True, indent=1) + "\n"
        (bundles / MANIFEST).write_text(text, encoding="utf-8")
    missing = everything - set(partitions)
    if missing:
        raise ValueError(f"partitions announced but never sent: {sorted(missing)[:3]}")
    indexed = [name for name in names if name in done and done[name][1]]
    return {
        "bundles": len(entries),
        "indexed": indexed,
        "pages_indexed": sum(done[name][0]["pages"] for name in indexed),
    }


MAX_PAGES_AT_ONCE = 2_000
"""Pages indexed by Pagefind runs at once, when a build runs them side by side.

A run holds about 160 kB a page (368 MB for a week of 2,333 pages at 10,000
synthetic stories); two such weeks at once, beside the build process and a
page worker, took a cold 10,000-story build to 1.26 GB in all (PSS, sampled:
``bench/tree_memory.py``). Weeks of a few hundred pages still go two at a time.
"""


BUNDLE_PAGES = 1_000
"""Story pages a search bundle holds at most by default (``DIGEST_SEARCH_BUNDLE_PAGES``).

Within :data:`MAX_PAGES_BESIDE_PAGES`, so that a cold build indexes every
bundle while it still writes pages (the search page merges 17 bundles at
10,000 synthetic stories).
"""


MAX_PAGES_BESIDE_PAGES = 1_150
"""Pages Pagefind runs may hold while the build may still fork workers (a streamed request).

Until :func:`.search.close` the build writes story pages, then day pages, in
forked workers, and its digest feeds in a forked child: at 10,000 synthetic
stories the build process and one such fork held about 690 MB together (PSS,
sampled), the most of the whole build. A run spread over both cores held
about 0.16 MB a page at its end (a 1,336-page run 215 MB, a 333-page one
60 MB); kept to one core (:func:`pin_thread`) about 0.14 MB, so 1,150 pages
keep Pagefind's share then to about the 165 MB that 1,000 pages held before;
1,700 let a 1,336-page run and a 333-page one beside them take the tree to
975-1,028 MB. A larger partition waits until the build forks no more workers
(:meth:`PageBudget.widen`), when the build process alone holds about 500 MB.
"""


class PageBudget:
    """Lets Pagefind runs start while the pages they hold stay within a budget, and picks which.

    A run larger than the whole budget still starts, alone, so nothing waits
    forever; but not while the budget is ``strict`` (the build may still
    fork workers): then it waits for :meth:`widen`.

    The partitions waiting for a run (:meth:`add`) are started by :meth:`take`,
    the largest first. When the largest waiting one does not fit beside the
    runs under way, a smaller one that fits starts instead, as long as it
    leaves room for that larger one once the others end (tail27, with the
    1,700-page budget of then: a 333-page day ran beside a 1,336-page week,
    where it waited behind a 666-page part with one core idle); none goes
    ahead of a waiting one larger than the whole budget, which runs alone as
    soon as the others end. Which runs go at once decides only when each
    bundle is made, never its bytes.
    """

    def __init__(self, pages: int, strict: bool = False) -> None:
        self.pages = pages
        self.strict = strict
        self.in_flight = 0
        self.most = 0  # the most pages held at once (tests read it)
        self.waiting: dict[str, int] = {}
        """Partitions waiting for their run: name -> pages."""
        self._ahead = 0  # pages of runs under way that started before a larger waiting one
        self._ended = False  # no more partitions will be added
        self._changed = threading.Condition()

    def widen(self, pages: int) -> None:
        """From now on ``pages`` at once, and a larger run alone."""
        with self._changed:
            self.pages, self.strict = max(self.pages, pages), False
            self._changed.notify_all()

    def add(self, name: str, pages: int) -> None:
        """``name``'s bundle is to be indexed from its ``pages`` pages: a run of :meth:`take`."""
        with self._changed:
            self.waiting[name] = pages
            self._changed.notify_all()

    def end(self) -> None:
        """No more partitions: :meth:`take` answers None once the waiting ones are taken."""
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def stop(self) -> None:
        """No run starts from now on (after a failure): the waiting partitions are dropped."""
        with self._changed:
            self.waiting.clear()
            self._ended = True
            self._changed.notify_all()

    def take(self) -> Run | None:
        """The next partition to index, its pages held (until its run's :meth:`Run.hold` ends);
        None once :meth:`end` was called and none waits. Waits until one may start."""
        with self._changed:
            self._changed.wait_for(lambda: self._next() is not None or (self._ended and not self.waiting))
            chosen = self._next()
            if chosen is None:
                return None
            name, ahead = chosen
            pages = self.waiting.pop(name)
            self.in_flight += pages
            self._ahead += pages if ahead else 0
            self.most = max(self.most, self.in_flight)
            return Run(self, name, pages, ahead)

    def _next(self) -> tuple[str, bool] | None:
        """The partition to start now and whether it goes ahead of a larger one; None: none may start."""
        order = sorted(self.waiting, key=lambda name: (self.waiting[name], name), reverse=True)
        # The largest that may start under this budget (of equal ones the newest first).
        sizes = [self.waiting[name] for name in order]
        largest = next((pages for pages in sizes if not self.strict or pages <= self.pages), 0)
        for name in order:
            pages = self.waiting[name]
            if not self._fits(pages):
                continue
            if pages >= largest:
                return name, False
            if self._ahead + pages + largest <= self.pages:  # the larger one still fits once the others end
                return name, True
        return None

    def _release(self, pages: int, ahead: bool) -> None:
        with self._changed:
            self.in_flight -= pages
            self._ahead -= pages if ahead else 0
            self._changed.notify_all()

    def _fits(self, pages: int) -> bool:
        return self.in_flight + pages <= self.pages or (self.in_flight == 0 and not self.strict)

    @contextlib.contextmanager
    def hold(self, pages: int) -> Iterator[None]:
        """``pages`` held while the block runs, once they fit."""
        with self._changed:
            self._changed.wait_for(lambda: self._fits(pages))
            self.in_flight += pages
            self.most = max(self.most, self.in_flight)
        try:
            yield
        finally:
            self._release(pages, False)


class Run:
    """A partition :meth:`PageBudget.take` started: its pages stay held until the first
    :meth:`hold` ends (around its Pagefind run), or until the ``with`` block ends if none did."""

    def __init__(self, budget: PageBudget, name: str, pages: int, ahead: bool) -> None:
        self.budget, self.name, self.pages, self.ahead = budget, name, pages, ahead
        self._held = True

    def _let_go(self) -> bool:
        held, self._held = self._held, False
        if held:
            self.budget._release(self.pages, self.ahead)
        return held

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Around the Pagefind run: the pages taken for it, released as it ends; a second run
        (the pages read through links, :func:`index_partition`) holds them again."""
        if not self._held:
            with self.budget.hold(self.pages):
                yield
            return
        try:
            yield
        finally:
            self._let_go()

    def __enter__(self) -> Run:
        return self

    def __exit__(self, *exc: object) -> None:
        self._let_go()


def _by_url(page: list[str]) -> str:
    return page[1]


def _by_urls(parts: dict[str, list[list[str]]]) -> dict[str, list[list[str]]]:
    """Each partition's pages in the order of their URLs: a bundle's key is not that of the order sent."""
    return {name: sorted(pages, key=_by_url) for name, pages in parts.items()}


def _index(output: Path, page: list[str]) -> str:
    """A page's index digest: the one the build sent, else made from its file."""
    return page[2] if len(page) > 2 and page[2] else index_digest((output / page[0]).read_bytes())


def _more_from(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Partitions sent after the request, one JSON object a line, until the build closes stdin."""
    for line in lines:
        if line.strip():
            yield json.loads(line)["partitions"]


def main() -> int:
    request = json.loads(sys.stdin.readline())
    more = _more_from(sys.stdin) if request.get("streamed") else ()
    try:
        done = build(request, more)
    except (OSError, PagefindFailed, ValueError, subprocess.SubprocessError) as exc:
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"[:1000]}))
        return 1
    print(json.dumps(done))
    return 0


if __name__ == "__main__":
    sys.exit(main())
