"""Sidecar metadata: ``<stem>.yaml`` beside a scraped file wins over the text.

Scrapers write sidecars, so they are read as hostile input: only a regular
file inside the content folder, at most 64 KB, through the alias-free YAML
loader (:mod:`.safeyaml`), then field by field against the schema
(:mod:`.schema`). A field that fails is dropped with a warning; a sidecar that
cannot be read at all rejects its story, since publishing it without the
editor's corrections would be wrong.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from . import files, safeyaml
from .readers import Unreadable, suffix_of_name
from .readers.encoding import NotText, decode
from .schema import MAX_SIDECAR_BYTES, SIDECAR_FIELDS, check_sidecar

KNOWN_KEYS = frozenset(SIDECAR_FIELDS)


def sidecar_path(path: Path) -> Path | None:
    """The sidecar of ``path`` if anything by that name exists (``.yaml`` before ``.yml``).

    Existence is checked without following links: a dangling link or a FIFO
    named like a sidecar still counts, and is refused when it is read.
    """
    for candidate in sidecar_candidates(path):
        if os.path.lexists(candidate):
            return candidate
    return None


def sidecar_candidates(path: Path) -> tuple[Path, Path]:
    """The names the sidecar of ``path`` may have, in the order they are looked for."""
    yaml, yml = sidecar_names(str(path), path.name)
    return Path(yaml), Path(yml)


def sidecar_names(path: str, name: str) -> tuple[str, str]:
    """:func:`sidecar_candidates` of the file at ``path`` (whose last part is ``name``), as strings:
    the build cache keys every scraped file with them, and two ``Path`` objects a file cost more
    than the rest of the lookup."""
    # "page.html.gz" and "page.txt" both have the sidecar "page.yaml".
    stem = path[: len(path) - len(suffix_of_name(name))]
    return stem + ".yaml", stem + ".yml"


def _broken(side: Path, problem: str) -> Unreadable:
    return Unreadable(f"broken sidecar {side.name}: {problem}")


def load_sidecar(
    path: Path, content: Path, reference: dt.date, data: bytes | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Return ``(metadata, warnings)`` for the story at ``path``.

    ``data``, when given, is the sidecar's bytes, already read (by the build
    cache, to key the story); the checks are the same, and it is not opened again.

    Raises :class:`Unreadable` ("broken sidecar NAME: ...") when the sidecar
    cannot be trusted at all.
    """
    side = sidecar_path(path)
    if side is None:
        return {}, []
    refused = files.refusal(side, content)
    if refused:
        raise _broken(side, refused)
    size = side.stat().st_size if data is None else len(data)
    if size > MAX_SIDECAR_BYTES:
        raise _broken(side, f"larger than {MAX_SIDECAR_BYTES // 1024} KB ({size:,} bytes)")
    if data is None:
        with side.open("rb") as handle:
            data = handle.read(MAX_SIDECAR_BYTES + 1)
    if len(data) > MAX_SIDECAR_BYTES:  # it grew since the check
        raise _broken(side, f"larger than {MAX_SIDECAR_BYTES // 1024} KB")
    if not data.strip():
        return {}, []
    try:
        text, _ = decode(data)
        doc = safeyaml.load(text)
    except (NotText, safeyaml.YamlRefused) as exc:
        raise _broken(side, str(exc)) from None
    if doc.data is None:
        return {}, []
    if not isinstance(doc.data, dict):
        raise _broken(side, "expected a mapping of keys")
    return check_sidecar(doc.data, f"sidecar {side.name}", reference)
