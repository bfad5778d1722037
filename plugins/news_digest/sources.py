"""The outlet registry, ``content/sources.yaml``."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import files, safeyaml
from .furniture_regex import RegexError, compile_furniture, is_regex
from .schema import SOURCES_SCHEMA, ConfigError, check_registry, where

__all__ = ["ConfigError", "Outlet", "Sources", "load_registry", "load_sources", "load_yaml_config"]


def load_registry(path: Path, schema: dict[str, Any] | None = None) -> safeyaml.Document:
    """Read an editor-maintained YAML file, failing with a message an editor can act on.

    The file must be a regular file inside the content folder (its parent's
    tree is not enough for a link: the target must be inside the folder the
    file sits in or below); anchors and aliases are refused like in sidecars;
    with ``schema``, the data must match it. Every failure is a
    :class:`ConfigError` naming the file, the key path and the line.
    """
    refused = files.refusal(path, path.parent)
    if refused:
        raise ConfigError(f"{path}: {refused}")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not UTF-8 text (byte {exc.start})") from None
    try:
        doc = safeyaml.load(text, lines=True)
    except safeyaml.YamlRefused as exc:
        at = f" (line {exc.line})" if exc.line else ""
        raise ConfigError(f"{path} is not valid YAML{at}: {exc.problem}") from None
    if schema is not None:
        check_registry(doc, schema, path)
    return doc


def load_yaml_config(path: Path) -> object:
    """The data of an editor-maintained YAML file (see :func:`load_registry`)."""
    return load_registry(path).data


@dataclass
class Outlet:
    """One outlet the scrapers know."""

    key: str
    name: str
    aliases: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    priority: int = 0
    sections: dict[str, str] = field(default_factory=dict)
    furniture: list[str] = field(default_factory=list)


@dataclass
class Sources:
    """All outlets, plus furniture lines every outlet shares."""

    outlets: dict[str, Outlet] = field(default_factory=dict)
    furniture: list[str] = field(default_factory=list)
    _index: dict[str, Outlet] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for outlet in self.outlets.values():
            for label in [outlet.key, outlet.name, *outlet.aliases, *outlet.hosts]:
                self._index.setdefault(_norm(label), outlet)

    def find(self, label: str | None) -> Outlet | None:
        """The outlet whose key, name, alias or host is ``label`` (any case)."""
        if not label:
            return None
        found = self._index.get(_norm(label))
        if found is None and "." in label:
            found = self._index.get(_norm(_host(label)))
        return found

    def find_by_url(self, url: str | None) -> Outlet | None:
        """The outlet that owns ``url``'s host, if any."""
        return self.find(_host(url)) if url else None


def _host(value: str) -> str:
    host = urlsplit(value if "//" in value else "//" + value).hostname or ""
    return host.removeprefix("www.")


def _norm(label: str) -> str:
    label = label.strip().lower()
    if label.startswith(("http://", "https://", "www.")):
        label = _host(label)
    return re.sub(r"\s+", " ", label).removeprefix("www.")


def load_sources(path: Path | None) -> Sources:
    """Load ``sources.yaml``; a missing file means no known outlets.

    A broken registry is an editor's mistake that would silently change every
    story's credit, so it raises :class:`ConfigError` instead of being skipped:
    the file, the key path and the line, for a wrong type or shape, an unknown
    key, or a furniture regex that does not compile.
    """
    if path is None or not os.path.lexists(path):
        return Sources()
    doc = load_registry(path, SOURCES_SCHEMA)
    data = doc.data or {}
    _check_regexes(doc, path, ["furniture"], data.get("furniture"))
    outlets = {}
    for key, spec in (data.get("outlets") or {}).items():
        spec = spec or {}
        for name in ("furniture",):
            _check_regexes(doc, path, ["outlets", key, name], spec.get(name))
        outlets[key] = Outlet(
            key=key,
            name=spec.get("name") or key,
            aliases=list(spec.get("aliases") or []),
            hosts=list(spec.get("hosts") or []),
            priority=int(spec.get("priority") or 0),
            sections=dict(spec.get("sections") or {}),
            furniture=list(spec.get("furniture") or []),
        )
    return Sources(outlets=outlets, furniture=list(data.get("furniture") or []))


def _check_regexes(doc: safeyaml.Document, path: Path, keys: list[str], entries: list[str] | None) -> None:
    """Every ``/regex/`` entry must compile on the linear-time engine."""
    for i, entry in enumerate(entries or []):
        if is_regex(entry):
            try:
                compile_furniture([entry])
            except RegexError as exc:
                raise ConfigError(f"{where(path, doc, [*keys, str(i)])}: {exc}") from None
