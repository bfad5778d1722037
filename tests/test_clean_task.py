"""`invoke clean` deletes only build output: a marked folder, never the project's sources.

The task runs in process, from a copy of tasks.py in a throwaway project
folder (tasks.py takes its project root from where it lives), so nothing
here can touch this repository.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest
from invoke import Context
from invoke.exceptions import Exit

from conftest import ROOT


@pytest.fixture
def project(tmp_path):
    """A project folder with the folders `clean` must never delete, and its tasks module."""
    root = tmp_path / "project"
    for name in (".git/objects", "plugins/news_digest", "theme", "tests", "content/scraped", "bench"):
        (root / name).mkdir(parents=True)
    shutil.copy2(ROOT / "tasks.py", root / "tasks.py")
    spec = importlib.util.spec_from_file_location("copied_tasks", root / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    return root, tasks


def _mark(folder: Path) -> Path:
    """A folder the build wrote: it holds the marker (news_digest.output_guard.MARKER)."""
    from news_digest.output_guard import MARKER

    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("build output\n", encoding="utf-8")
    (folder / "index.html").write_text("<p>page</p>", encoding="utf-8")
    return folder


def _clean(tasks, output: Path | str, force: bool = False) -> None:
    tasks.clean(Context(), output=str(output), force=force)


def test_the_marker_is_the_one_the_build_writes(project):
    from news_digest.output_guard import MARKER

    _, tasks = project
    assert tasks.BUILD_MARKER == MARKER


def test_marked_output_is_removed(project):
    root, tasks = project
    output = _mark(root / "output")
    _clean(tasks, "output")
    assert not output.exists()
    assert (root / "plugins" / "news_digest").is_dir()


def test_an_unmarked_folder_is_refused(project):
    root, tasks = project
    (root / "output").mkdir()
    (root / "output" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(Exit, match=re.escape("holds no .news-digest-output")):
        _clean(tasks, "output")
    assert (root / "output" / "keep.txt").is_file()


@pytest.mark.parametrize(
    ("target", "why"),
    [
        (".git/objects", "inside the project's .git/"),
        (".git", "inside the project's .git/"),
        ("plugins/news_digest", "inside the project's plugins/"),
        ("plugins", "inside the project's plugins/"),
        ("theme", "inside the project's theme/"),
        ("tests", "inside the project's tests/"),
        ("content", "inside the project's content/"),
        ("content/scraped", "inside the project's content/"),
        (".", "holds the project"),
        ("..", "holds the project"),
    ],
)
def test_project_folders_are_refused_even_when_marked_and_forced(project, target, why):
    root, tasks = project
    folder = (root / target).resolve()
    if root.is_relative_to(folder):
        (folder / ".news-digest-output").write_text("", encoding="utf-8")
    else:
        _mark(folder)
    with pytest.raises(Exit, match=re.escape(why)):
        _clean(tasks, target, force=True)
    assert folder.is_dir() and (root / "tasks.py").is_file()


def test_outside_the_project_needs_force_and_the_marker(project, tmp_path):
    _, tasks = project
    elsewhere = _mark(tmp_path / "elsewhere")
    with pytest.raises(Exit, match="outside the project"):
        _clean(tasks, elsewhere)
    assert elsewhere.is_dir()
    _clean(tasks, elsewhere, force=True)
    assert not elsewhere.exists()
    unmarked = tmp_path / "unmarked"
    unmarked.mkdir()
    with pytest.raises(Exit, match="holds no"):
        _clean(tasks, unmarked, force=True)
    assert unmarked.is_dir()


def test_a_link_to_output_is_refused(project, tmp_path):
    root, tasks = project
    real = _mark(root / "real-output")
    (root / "output").symlink_to(real)
    with pytest.raises(Exit, match="not a plain folder"):
        _clean(tasks, "output", force=True)
    assert real.is_dir()


def test_the_home_folder_is_refused(project):
    _, tasks = project
    assert tasks.removal_refused(Path.home(), force=True) == "it is the root or the home folder"
    assert tasks.removal_refused(Path("/"), force=True) == "it is the root or the home folder"
