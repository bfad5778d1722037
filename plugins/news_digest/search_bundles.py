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
any other is indexed again from its pages, which are sent to one
``pagefind --service`` process (Pagefind's own protocol: base64 JSON
messages, each ended by a comma). Nothing depends on mtimes or on what
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

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

FORMAT = 2
"""Bumped when what this file writes changes, so that every bundle is built again."""

MANIFEST = "bundles.json"

UNUSED = re.compile(r"pagefind-(ui|modular-ui|component-ui|highlight)\.")
"""Pagefind's ready-made search UIs: the theme's ``search.js`` uses the JavaScript API alone."""


class ServiceError(RuntimeError):
    """Pagefind's service answered with an error, or stopped."""


class Service:
    """One ``pagefind --service`` process, asked one thing at a time."""

    def __init__(self, executable: str) -> None:
        self.process = subprocess.Popen(
            [executable, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=sys.stderr
        )
        self.message = 0
        self.pending = b""

    def ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its answer (one at a time, so neither pipe fills)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.message += 1
        request = json.dumps({"message_id": self.message, "payload": payload}).encode("utf-8")
        self.process.stdin.write(base64.b64encode(request) + b",")
        self.process.stdin.flush()
        answer = _read_until_comma(self.process.stdout, self)
        reply = json.loads(base64.b64decode(answer))
        result = reply.get("payload") or {}
        if result.get("type") == "Error" or reply.get("message_id") != self.message:
            raise ServiceError(str(result.get("message") or reply)[:500])
        return result

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _read_until_comma(stream: BinaryIO, service: Service) -> bytes:
    """The next message on ``stream`` (base64 has no comma, so a comma ends it)."""
    buffer = service.pending
    while b"," not in buffer:
        chunk = stream.read1(1 << 16)  # type: ignore[attr-defined]
        if not chunk:
            raise ServiceError("Pagefind's service stopped")
        buffer += chunk
    answer, _, service.pending = buffer.partition(b",")
    return answer


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


def without_head(html: str) -> str:
    """The page without its ``<head>``, which Pagefind does not index (the same bundle, a quarter less CPU).

    The ``<html lang>`` stays: Pagefind keeps one index per language.
    """
    start = html.find("<head")
    end = html.find("</head>", start)
    return html[:start] + html[end + len("</head>") :] if start >= 0 and end > start else html


def index_partition(executable: str, pages: list[tuple[str, bytes]], target: Path) -> None:
    """Index ``pages`` (URL, HTML bytes) into a fresh bundle at ``target``.

    A service of its own for each bundle: one that indexed several kept the
    memory of the earlier ones (661 MB instead of about 350 at 10,000 pages).
    """
    service = Service(executable)
    try:
        index = service.ask({"type": "NewIndex", "config": {}})["index_id"]
        for url, data in pages:
            html = without_head(data.decode("utf-8", errors="replace"))
            service.ask({"type": "AddFile", "index_id": index, "url": url, "file_contents": html})
        # The bundle's files come back in the answer and are written here: the
        # service's own WriteFiles answers before its files are all on disk, and a
        # service that exits then leaves some empty.
        files = service.ask({"type": "GetFiles", "index_id": index})["files"]
    finally:
        service.close()
    building = target.with_name(f".{target.name}.building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    for file in files:
        relative = PurePosixPath(file["path"])
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise ServiceError(f"Pagefind named a file outside its bundle: {file['path']!r}")
        if UNUSED.match(relative.name):
            continue
        path = building.joinpath(*relative.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(file["content"]))
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
            pages = [(url, (output / save_as).read_bytes()) for save_as, url in listed]
            key = partition_key(version, pages)
            target = bundles / name
            old = before.get(name, {})
            files = files_digest(target) if old.get("key") == key and target.is_dir() else None
            if files is None or files != old.get("files"):
                index_partition(executable, pages, target)
                files = files_digest(target)
                indexed.append(name)
                pages_indexed += len(pages)
            entries.append({"name": name, "key": key, "files": files, "pages": len(pages)})
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
    except (OSError, ServiceError, ValueError) as exc:
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"[:1000]}))
        return 1
    print(json.dumps(done))
    return 0


if __name__ == "__main__":
    sys.exit(main())
