"""Compiled templates kept in the build cache (``template_cache``): a build compiles only what changed.

Each test counts the templates Jinja compiles in the build process (the
site's own bytecode cache that ``build_site`` sets up is left out, so the
plugin's is used), and compares the pages built.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment

import conftest
from conftest import ROOT, build_site, tree_bytes

OUTLET = ROOT / "content" / "scraped" / "harbour-courier"


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles in this process, in order."""
    names: list[str] = []
    compile_ = Environment.compile

    def noted(self: Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        names.append(str(name))
        return compile_(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", noted)
    monkeypatch.setattr(conftest, "_TEMPLATES", None)  # no test-session bytecode cache
    return names


def _build(root: Path, **settings: Any) -> dict[str, bytes]:
    if not (root / "content").exists():
        shutil.copytree(OUTLET, root / "content" / "scraped" / "harbour-courier")
    site = build_site(root, {}, DIGEST_JOBS=1, DELETE_OUTPUT_DIRECTORY=True, **settings)
    return tree_bytes(site.output)


def test_a_second_build_compiles_no_template_and_builds_the_same_site(
    tmp_path: Path, compiled: list[str]
) -> None:
    first = _build(tmp_path)
    assert "article.html" in compiled
    compiled.clear()
    second = _build(tmp_path)
    assert compiled == []
    assert second == first


def test_an_edited_template_alone_is_compiled_again_and_shows(tmp_path: Path, compiled: list[str]) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    _build(tmp_path, THEME=str(theme))
    compiled.clear()
    page = theme / "templates" / "article.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", "<!-- edited --></article>", 1))
    built = _build(tmp_path, THEME=str(theme))
    assert compiled == ["article.html"]
    stories = [data for name, data in built.items() if name.count("/") == 4 and name.endswith("index.html")]
    assert stories and all(b"<!-- edited -->" in data for data in stories)


def test_without_a_build_cache_every_build_compiles(tmp_path: Path, compiled: list[str]) -> None:
    _build(tmp_path, DIGEST_CACHE_PATH="")
    count = len(compiled)
    compiled.clear()
    _build(tmp_path, DIGEST_CACHE_PATH="")
    assert len(compiled) == count > 0
