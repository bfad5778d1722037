"""The outlet registry, ``content/sources.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml


class ConfigError(ValueError):
    """An editor's configuration file is broken; the message names the file and the line."""


def load_yaml_config(path: Path) -> object:
    """Parse an editor-maintained YAML file, failing with a message an editor can act on."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path} is not valid YAML{where}: {problem}") from None


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
    story's credit, so it raises instead of being skipped.
    """
    if path is None or not path.is_file():
        return Sources()
    data = load_yaml_config(path) or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping with 'outlets'")
    outlets = {}
    for key, spec in (data.get("outlets") or {}).items():
        spec = spec or {}
        outlets[str(key)] = Outlet(
            key=str(key),
            name=str(spec.get("name") or key),
            aliases=[str(a) for a in spec.get("aliases") or []],
            hosts=[str(h) for h in spec.get("hosts") or []],
            priority=int(spec.get("priority") or 0),
            sections={str(k): str(v) for k, v in (spec.get("sections") or {}).items()},
            furniture=[str(f) for f in spec.get("furniture") or []],
        )
    return Sources(outlets=outlets, furniture=[str(f) for f in data.get("furniture") or []])
