"""The invoke tasks, run for real in a copy of the project (never in this repo).

Each test copies the settings, tasks.py, content/, theme/ and plugins/ into a
temporary folder and runs `python -m invoke ...` there, so builds, `clean` and
`gh-pages` (which pushes to a bare repository made in tmp_path) leave the
working tree and its git repository alone.
"""

from __future__ import annotations

import filecmp
import importlib.util
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


def invoke(cwd: Path, *args: str, check: bool = True, timeout: float = 600, **env_vars: str):
    env = dict(os.environ, **GIT_ENV, **env_vars)
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


@pytest.mark.slow
def test_invoke_build_is_quiet_and_matches_the_in_process_build(project, demo_site):
    """`invoke build` on the demo: the summary line and nothing alarming, and the same
    bytes as the session's in-process build, though this process hashes strings with
    another seed and every input has another modification time."""
    for path in (project / "content").rglob("*"):
        os.utime(path, (0, 0))
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    done = invoke(project, "build", PYTHONHASHSEED=seed, COLUMNS="200")  # Pelican's log wraps at 80
    said = " ".join((done.stdout + done.stderr).split())
    counts = demo_site.report["counts"]
    summary = "news-digest: {published} published, {folded} folded, {rejected} rejected".format(**counts)
    assert f"{summary} (report: digest-report.json)" in said, said
    for alarm in ("WARNING", "ERROR", "CRITICAL", "Traceback"):
        assert alarm not in said, said
    # The report lands beside pelicanconf.py: DIGEST_REPORT_PATH is relative to the working directory.
    assert (project / "digest-report.json").read_bytes() == demo_site.report_path.read_bytes()
    assert_same_tree(filecmp.dircmp(project / "output", demo_site.output))

    invoke(project, "clean")
    assert not (project / "output").exists()
    assert (project / "content").is_dir() and (project / "pelicanconf.py").is_file()


def assert_same_tree(cmp: filecmp.dircmp) -> None:
    """Two folders hold the same files with the same bytes."""
    assert not cmp.left_only and not cmp.right_only, (cmp.left, cmp.left_only, cmp.right_only)
    _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
    assert not mismatch and not errors, (cmp.left, mismatch, errors)
    for sub in cmp.subdirs.values():
        assert_same_tree(sub)


@pytest.mark.slow
def test_gh_pages_commits_the_site_and_pushes_it(project, tmp_path):
    # One outlet's stories are enough to publish (and build faster than the whole demo).
    for outlet in sorted((project / "content" / "scraped").iterdir())[1:]:
        shutil.rmtree(outlet)
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(remote))
    git("init", "--quiet", cwd=project)
    invoke(project, "gh-pages", "--remote", str(remote), "--message", "first")
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    assert "index.html" in files and ".nojekyll" in files
    assert git("log", "--format=%s", "gh-pages", cwd=remote).split("\n")[0] == "first"
    # The project's own branch is untouched: still checked out, still unborn.
    assert git("symbolic-ref", "--short", "HEAD", cwd=project).strip() != "gh-pages"
    head = subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=project, check=False)
    assert head.returncode != 0


def dry_run(capsys, *args: str) -> str:
    """The commands `invoke --dry ARGS` prints, from tasks.py loaded in this process."""
    from invoke import Collection, Program

    spec = importlib.util.spec_from_file_location("project_tasks", ROOT / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    capsys.readouterr()
    Program(namespace=Collection.from_module(tasks)).run(["invoke", "--dry", *args], exit=False)
    return re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["bench"], "-m bench.run\n"),
        (["bench", "--stories", "5000"], "-m bench.run --n 5000\n"),
        (["bench", "--stories", "2000,50000", "--repeat", "3"], "-m bench.run --n 2000 50000 --repeat 3\n"),
        (["bench", "--quality"], "-m bench.run --quality\n"),
        (
            ["bench", "-s", "7", "--quality", "--", "--repeat", "3"],
            "-m bench.run --n 7 --quality --repeat 3\n",
        ),
        (["test", "--", "-k", "workflow", "-x"], "-m pytest -n 2 --dist worksteal -k workflow -x\n"),
        (["test", "--quick"], '-m pytest -n 2 --dist worksteal -m "not slow"\n'),
        (["build", "--", "-e", "DIGEST_STRICT=true"], "-o output -e DIGEST_STRICT=true\n"),
    ],
)
def test_tasks_pass_their_options_through(capsys, args, expected):
    commands = dry_run(capsys, *args)
    assert commands.endswith(expected), commands


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
    assert settings["DELETE_OUTPUT_DIRECTORY"] is False  # kept: unchanged pages are not written again
    assert settings["DIGEST_STRICT"] is True
    assert settings["DIGEST_REFERENCE_DATE"] is None
    assert settings["SITENAME"]  # inherited from pelicanconf.py


def test_publishconf_defaults(project):
    settings = _publish_settings(project)
    assert settings["SITEURL"] == ""
    assert settings["RELATIVE_URLS"] is True  # no address: keep links relative
    assert settings["DIGEST_STRICT"] is False
