"""Sidecar metadata: ``<stem>.yaml`` beside a scraped file wins over the text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from .readers import Unreadable, suffix_of

# libyaml's loader is ten times faster than the pure-Python one; same results.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KNOWN_KEYS = frozenset(
    {
        "title",
        "date",
        "url",
        "source",
        "section",
        "category",
        "author",
        "language",
        "tags",
        "summary",
        "scraped",
        "related",
        "slug",
    }
)


def sidecar_path(path: Path) -> Path | None:
    """The sidecar of ``path`` if one exists (``.yaml`` before ``.yml``)."""
    # "page.html.gz" and "page.txt" both have the sidecar "page.yaml".
    stem = path.name[: len(path.name) - len(suffix_of(path))]
    for suffix in (".yaml", ".yml"):
        candidate = path.with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def load_sidecar(path: Path) -> tuple[dict[str, Any], list[str]]:
    """Return ``(metadata, warnings)`` for the story at ``path``.

    A sidecar that does not parse, or is not a mapping, makes the story
    unreadable: publishing it without the editor's corrections would be wrong.
    """
    side = sidecar_path(path)
    if side is None:
        return {}, []
    try:
        data = yaml.load(side.read_bytes().decode("utf-8-sig"), Loader=_LOADER)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise Unreadable(f"broken sidecar {side.name}: {first}") from None
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        raise Unreadable(f"broken sidecar {side.name}: expected a mapping of keys")
    meta = {str(k).lower(): v for k, v in data.items() if v is not None}
    warnings = [f"unknown sidecar key {k!r}" for k in sorted(meta) if k not in KNOWN_KEYS]
    for key in ("date", "scraped"):
        if key in meta and not isinstance(meta[key], (dt.date, str)):
            raise Unreadable(f"broken sidecar {side.name}: {key} is not a date")
    for key in ("tags", "related"):
        if isinstance(meta.get(key), str):
            meta[key] = [t.strip() for t in meta[key].split(",") if t.strip()]
    return meta, warnings
