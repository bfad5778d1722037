"""Shared fixtures: real Pelican builds of small sites in a temporary folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def soup(html: str) -> BeautifulSoup:
    """Parse a built page."""
    return BeautifulSoup(html, "html.parser")


def jsonld(html: str) -> dict[str, Any]:
    """The page's one schema.org JSON-LD block."""
    scripts = soup(html).find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def norm(text: str) -> str:
    """Text as a reader sees it: typogrify's no-break spaces and curly quotes undone."""
    text = text.replace("\xa0", " ").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


@dataclass
class Site:
    """A built site: its folders and the report the build wrote."""

    root: Path
    content: Path
    output: Path
    report_path: Path

    @property
    def report(self) -> dict[str, Any]:
        return json.loads(self.report_path.read_text(encoding="utf-8"))

    def entry(self, source: str) -> dict[str, Any]:
        """The report entry for one input (``scraped/...``)."""
        matches = [i for i in self.report["inputs"] if i["source"] == source]
        assert len(matches) == 1, (source, self.report["inputs"])
        return matches[0]

    def page(self, source: str) -> str:
        """The HTML of the story page built from ``source``."""
        url = self.entry(source)["url"]
        assert url, self.entry(source)
        return (self.output / url / "index.html").read_text(encoding="utf-8")


def write_files(content: Path, files: dict[str, str | bytes]) -> None:
    """Write ``files`` (relative path -> text or bytes) under ``content``."""
    for rel, data in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


def build_site(
    root: Path,
    files: dict[str, str | bytes],
    sources: str | None = None,
    entities: str | None = None,
    **overrides: Any,
) -> Site:
    """Build a real site with the project's settings, plugin and theme.

    ``sources.yaml`` and ``entities.yaml`` default to the project's own.
    """
    from pelican import Pelican
    from pelican.settings import read_settings

    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    write_files(content, files)
    if sources is None:
        sources = (ROOT / "content" / "sources.yaml").read_text(encoding="utf-8")
    (content / "sources.yaml").write_text(sources, encoding="utf-8")
    if entities is None:
        entities = (ROOT / "content" / "entities.yaml").read_text(encoding="utf-8")
    (content / "entities.yaml").write_text(entities, encoding="utf-8")
    report = root / "digest-report.json"
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(root / "output"),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "DIGEST_REPORT_PATH": str(report),
            "DIGEST_REFERENCE_DATE": "2026-11-30",
            "CACHE_PATH": str(root / "cache"),
            **overrides,
        },
    )
    Pelican(settings).run()
    return Site(root, content, root / "output", report)


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Site]:
    """Build a site from a dict of content files; each call gets its own folder."""
    counter = iter(range(1000))

    def _make(files: dict[str, str | bytes], **kwargs: Any) -> Site:
        return build_site(tmp_path / f"site{next(counter)}", files, **kwargs)

    return _make


@pytest.fixture
def dw_sample() -> str:
    """The shared sample story; skipped where ../shared/ is absent (a user's clone)."""
    path = SHARED / "samples" / "dw-security-guarantees.txt"
    if not path.is_file():
        pytest.skip(f"{path} not present (shared team material)")
    return path.read_text(encoding="utf-8")
