"""The search bundles: one Pagefind index per period of story pages, rebuilt only when a page in it changed.

:mod:`.search` runs this file as a child process (by its path, so it needs
nothing but the standard library and imports nothing of the plugin), with a
JSON request on stdin: the output folder, the Pagefind executable, and the
pages of each partition (name -> ``[save_as, url]`` pairs). It answers with
one JSON line on stdout: which bundles it wrote and how many pages it indexed.

For every partition it hashes the bytes of its pages. The partition's key
is that list of hashes with the Pagefind version and this file's
:data:`FORMAT`; ``<output>/pagefind/bundles.json`` (the manifest, which the
search page also reads) keeps each bundle's key and a hash of its files. A
bundle whose key is unchanged and whose files are intact is left alone;
any other is indexed again from its pages by Pagefind's command line, one
run per partition (:func:`index_partition`), so Pagefind holds one
partition in memory at a time. Nothing depends on mtimes or on what
an earlier build did, so a build that keeps its output folder writes the
same bytes as a cold one.

Each bundle lives in ``<output>/pagefind/<partition>/`` and is whole
(``pagefind.js`` and its WebAssembly included) except for Pagefind's
ready-made UI files, which the site does not use. The search page loads the
first bundle the manifest lists (the newest) and merges the others into it
(Pagefind's ``mergeIndex``). Bundles of partitions that no longer have a
page, and anything else in ``<output>/pagefind/``, are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

FORMAT = 2
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


def files_digest(folder: Path) -> str:
    """A hash of every file under ``folder``: its relative path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def read_manifest(bundles: Path) -> dict[str, dict[str, Any]]:
    """The bundles an earlier build wrote (name -> entry); empty when there is no readable manifest."""
    try:
        data = json.loads((bundles / MANIFEST).read_text(encoding="utf-8"))
        entries = data["bundles"] if data.get("format") == FORMAT else []
        return {str(e["name"]): e for e in entries if isinstance(e, dict) and "name" in e}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def partition_key(version: str, pages: list[tuple[str, bytes]]) -> str:
    """What a bundle depends on: this file's format, Pagefind's version, each page's URL and bytes."""
    digest = hashlib.sha256(f"{FORMAT}\0{version}\0".encode())
    for url, data in pages:
        digest.update(url.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def index_partition(executable: str, output: Path, pages: list[str], target: Path) -> None:
    """Index the pages saved as ``pages`` under ``output`` into a fresh bundle at ``target``.

    Pagefind's command line reads a folder: the partition's pages are linked
    (hard links, or copies where the file system has none) into a folder of
    their own beside the bundles, at the paths they have in the site, so the
    URLs are the site's. Measured at 2,000 pages, this costs 4.2 CPU seconds
    where feeding the same pages to ``pagefind --service`` cost 6.8.
    """
    site = target.with_name(f".{target.name}.site")
    building = target.with_name(f".{target.name}.building")
    for folder in (site, building):
        shutil.rmtree(folder, ignore_errors=True)
    try:
        for save_as in pages:
            link = site / save_as
            link.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(output / save_as, link)
            except OSError:
                shutil.copyfile(output / save_as, link)
        command = [executable, "--site", str(site), "--output-path", str(building.resolve()), "--quiet"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        if done.returncode != 0:
            said = (done.stdout + done.stderr).strip()[-500:]
            raise PagefindFailed(f"Pagefind failed on {target.name}: {said}")
    finally:
        shutil.rmtree(site, ignore_errors=True)
    for path in building.iterdir():
        if path.is_file() and UNUSED.match(path.name):
            path.unlink()
    if target.exists():
        shutil.rmtree(target)
    building.rename(target)


def build(request: dict[str, Any]) -> dict[str, Any]:
    """Bring ``<output>/pagefind/`` up to date with the request's partitions; what was done."""
    output = Path(request["output"])
    bundles = output / request.get("bundle", "pagefind")
    partitions: dict[str, list[list[str]]] = request["partitions"]
    executable = request["executable"]
    version = pagefind_version(executable)
    before = read_manifest(bundles)
    bundles.mkdir(parents=True, exist_ok=True)
    # Everything that is not a current partition's bundle goes, an earlier layout's files included.
    for path in bundles.iterdir():
        if path.name not in partitions and path.name != MANIFEST:
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    entries: list[dict[str, Any]] = []
    indexed: list[str] = []
    pages_indexed = 0
    try:
        for name in sorted(partitions, reverse=True):  # newest first: the search page's primary bundle
            listed = sorted(partitions[name], key=_by_url)
            key = partition_key(version, [(url, (output / save_as).read_bytes()) for save_as, url in listed])
            target = bundles / name
            old = before.get(name, {})
            files = files_digest(target) if old.get("key") == key and target.is_dir() else None
            if files is None or files != old.get("files"):
                index_partition(executable, output, [save_as for save_as, _ in listed], target)
                files = files_digest(target)
                indexed.append(name)
                pages_indexed += len(listed)
            entries.append({"name": name, "key": key, "files": files, "pages": len(listed)})
    finally:
        # Only bundles that are whole are listed, also when one failed.
        manifest = {"format": FORMAT, "bundles": entries}
        text = json.dumps(manifest, sort_keys=True, indent=1) + "\n"
        (bundles / MANIFEST).write_text(text, encoding="utf-8")
    return {"bundles": len(entries), "indexed": indexed, "pages_indexed": pages_indexed}


def _by_url(page: list[str]) -> str:
    return page[1]


def main() -> int:
    request = json.loads(sys.stdin.read())
    try:
        done = build(request)
    except (OSError, PagefindFailed, ValueError, subprocess.SubprocessError) as exc:
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"[:1000]}))
        return 1
    print(json.dumps(done))
    return 0


if __name__ == "__main__":
    sys.exit(main())
