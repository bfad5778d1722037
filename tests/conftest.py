"""Shared fixtures: real Pelican builds of small sites in a temporary folder.

One build helper, :func:`build_site` (``make_site`` wraps it per test), and
one build of the shipped demo content per test session (``demo_site``),
shared by the determinism, theme and task tests. Tests that start browsers,
Java or subprocess builds are marked ``slow``: ``invoke test --quick`` skips
them, ``invoke test`` and CI run everything.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from jinja2 import BytecodeCache

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWS_DIGEST_SHARED", ROOT.parent / "shared"))
"""The team's shared material; absent in a user's clone, so tests that read it skip."""
DW_SAMPLE = SHARED / "samples" / "dw-security-guarantees.txt"
QUICK = os.environ.get("NEWS_DIGEST_QUICK") == "1"
"""Set by ``invoke test --quick``: property tests try a fifth of their examples."""
REFERENCE_DATE = "2026-11-30"
"""The demo's fixed "today" (pelicanconf.py), for every test build."""


def examples(count: int) -> int:
    """Hypothesis examples for a property test: ``count`` in the full suite (CI), a fifth when quick."""
    return max(2, count // 5) if QUICK else count


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

    def published(self) -> list[str]:
        """Sources of the published stories (not commentary notes), in report order."""
        return [
            i["source"]
            for i in self.report["inputs"]
            if i["status"] == "published" and not i["source"].startswith("commentary/")
        ]


class _CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates kept across the session's builds (keyed by template
    source checksum, so an edited template is compiled again). Compiling the theme
    anew cost about a third of a small test build."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _CompiledTemplates()


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
    """Build a real site with the project's settings, plugin and theme, in process.

    ``files`` are written under ``root/content`` (which may already hold
    content); ``sources.yaml`` and ``entities.yaml`` default to the
    project's own. ``overrides`` are Pelican settings (``PLUGINS=[]`` builds
    without the plugin).
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
            "DIGEST_REFERENCE_DATE": REFERENCE_DATE,
            "CACHE_PATH": str(root / "cache"),
            # Pagefind indexing costs most small builds more than the build itself;
            # the search tests (and the demo build) turn it on.
            "DIGEST_SEARCH": False,
            # Test stories are a few sentences long: the not-a-story minimum is
            # off unless a test sets it (the demo build and the cleaning tests do).
            "DIGEST_MIN_WORDS": 0,
            **overrides,
        },
    )
    settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": _TEMPLATES}
    Pelican(settings).run()
    return Site(root, content, root / "output", report)


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative POSIX path -> bytes): two builds compared whole."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def site_and_report(root: Path, **settings: Any) -> tuple[dict[str, bytes], bytes]:
    """Build ``root``'s content (output folder emptied first): every output file and the report's bytes."""
    site = build_site(root, {}, DELETE_OUTPUT_DIRECTORY=True, **settings)
    return tree_bytes(site.output), site.report_path.read_bytes()


def cold_copy(
    root: Path, scraped: Path, outlet: str = "harbour-courier", **settings: Any
) -> tuple[dict[str, bytes], bytes]:
    """The same scraped folder, copied under ``root``, built without a cache (:func:`site_and_report`)."""
    shutil.copytree(scraped, root / "content" / "scraped" / outlet)
    return site_and_report(root, DIGEST_CACHE_PATH="", **settings)


def assert_same_site(built: tuple[dict[str, bytes], Any], cold: tuple[dict[str, bytes], Any]) -> None:
    """Two builds' (files, report) equal: every file byte for byte (the first differing one
    named), then the reports (:func:`site_and_report`'s bytes, or the parsed report)."""
    assert sorted(built[0]) == sorted(cold[0])
    for name, data in cold[0].items():
        assert built[0][name] == data, name
    assert built[1] == cold[1]


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pids of the children ``os.fork`` starts in this test (forked workers), in order."""
    started: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    return started


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Site]:
    """Build a site from a dict of content files; each call gets its own folder."""
    counter = iter(range(1000))

    def _make(files: dict[str, str | bytes], **kwargs: Any) -> Site:
        return build_site(tmp_path / f"site{next(counter)}", files, **kwargs)

    return _make


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The shipped demo (``content/``) built once per session. Read it, never change it."""
    root = tmp_path_factory.mktemp("demo")
    shutil.copytree(ROOT / "content", root / "content")
    return build_site(root, {}, DIGEST_SEARCH=True, DIGEST_MIN_WORDS=60)


@pytest.fixture
def dw_sample() -> str:
    """The shared sample story; skipped where ../shared/ is absent (a user's clone)."""
    if not DW_SAMPLE.is_file():
        pytest.skip(f"{DW_SAMPLE} not present (shared team material; set NEWS_DIGEST_SHARED)")
    return DW_SAMPLE.read_text(encoding="utf-8")
