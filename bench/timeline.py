"""Timeline of one build: which process works when (``python -m bench.timeline --n 2000``).

``--incremental``: the timeline of a +10 build instead. An archive of N
stories is built cold with the build cache, the newest day's ten stories are
added as :mod:`bench.incremental` adds them, and the build that follows (with
its cache and its output folder) is the one sampled.

The build (``bench/_build.py``, empty cache) runs in a child process that
prints the time of each stage as the build records it (:class:`news_digest.
progress.Stages`). Meanwhile this process reads, every ``--every`` seconds,
the CPU time of every process in the build's tree from ``/proc``: the build
process itself, its forked workers (same command line), the search child
(:mod:`news_digest.search_bundles`) and Pagefind. The tables it prints:

* per stage: its wall time, and the CPU each kind of process spent in it;
  ``build alone`` is the build process's CPU in the samples where no other
  process of the tree ran: work no other core shares, the critical path's
  serial stretches;
* with ``--buckets S``: the cores each kind used, every S seconds.

CPU seconds are the figures to compare between runs on a busy machine; wall
times and ``build alone`` stretch with the load (a sampled interval is
counted as shared only when another process of the tree ran in it).
Linux only (``/proc``).
"""

from __future__ import annotations

import itertools
import json
import os
import runpy
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import incremental, synth

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("build", "workers", "search", "pagefind")
MARK = "TIMELINE-MARK "
SHARED = 0.1
"""Another process ran in a sample when it used at least this share of a core."""


@dataclass
class Sample:
    """CPU seconds of each process of the tree at one moment (seconds since the build began)."""

    at: float
    cpu: dict[int, tuple[str, float]] = field(default_factory=dict)


def _child(argv: list[str]) -> None:
    """In the build's process: report each stage's end, then run ``bench/_build.py``."""
    from news_digest import progress

    record = progress.Stages.__setitem__

    def marked(self: progress.Stages, name: str, seconds: float) -> None:
        spent = seconds - self.get(name, 0.0)
        print(f"{MARK}{json.dumps([time.time(), spent, name])}", file=sys.stderr, flush=True)
        record(self, name, seconds)

    progress.Stages.__setitem__ = marked  # type: ignore[method-assign]
    sys.path.insert(0, str(ROOT / "bench"))
    # No memory sampler: its thread's CPU (reading every process's memory map five
    # times a second) would count as the build process's own.
    import tree_memory

    tree_memory.TreeMemory = _NoSampler  # type: ignore[misc,assignment]
    sys.argv = [str(ROOT / "bench" / "_build.py"), *argv]
    runpy.run_path(sys.argv[0], run_name="__main__")


class _NoSampler:
    """Stands in for :class:`tree_memory.TreeMemory` in the timeline's build (no memory figure)."""

    cpu_s = 0.0

    def start(self) -> _NoSampler:
        return self

    def stop(self) -> None:
        return None


def _stat(pid: int) -> tuple[int, float] | None:
    """Parent pid and CPU seconds (user + system) of ``pid``; None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rfind(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _tree(root: int, commands: dict[int, str]) -> dict[int, tuple[str, float]]:
    """Every process under ``root`` (and it): its kind and CPU seconds."""
    found: dict[int, tuple[int, float]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (stat := _stat(int(entry))) is not None:
            found[int(entry)] = stat
    children: dict[int, list[int]] = {}
    for pid, (parent, _cpu) in found.items():
        children.setdefault(parent, []).append(pid)
    out, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in found:
            if pid not in commands:
                commands[pid] = _command(pid)
            out[pid] = (_kind(pid, root, commands), found[pid][1])
        todo += children.get(pid, [])
    return out


def _kind(pid: int, root: int, commands: dict[int, str]) -> str:
    if pid == root:
        return "build"
    command = commands[pid]
    if command == commands.get(root):
        return "workers"  # a fork of the build
    return "pagefind" if "pagefind" in command else "search"


def child_build(module: str, content: Path, work: Path, cold: bool) -> tuple[list[str], dict[str, str]]:
    """The command and environment of a build of ``content`` into ``work/output`` by ``module``'s child.

    ``cold``: the output folder and the build cache (``.digest-cache`` beside
    it) are removed first; otherwise the build finds them as the last left them.
    """
    output = work / "output"
    if cold:
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(work / ".digest-cache", ignore_errors=True)
    argv = [str(ROOT / "pelicanconf.py"), str(content), str(output), "on", "{}"]
    cmd = [sys.executable, "-m", module, "--child", json.dumps(argv)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    return cmd, env


def run(
    content: Path, work: Path, every: float, cold: bool = True
) -> tuple[list[Sample], list[tuple[float, float, str]], str]:
    """One build of ``content`` into ``work``, sampled: the samples, the stage marks, its stdout.

    ``cold``: the output folder and the build cache (``.digest-cache`` beside
    it) are removed first; otherwise the build finds them as the last left them.
    """
    cmd, env = child_build("bench.timeline", content, work, cold)
    with open(work / "build.log", "w+") as log:
        began = time.time()
        build = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, text=True, cwd=work, env=env)
        commands: dict[int, str] = {}
        samples = []
        while build.poll() is None:
            samples.append(Sample(time.time() - began, _tree(build.pid, commands)))
            time.sleep(every)
        stdout = build.stdout.read() if build.stdout else ""
        log.seek(0)
        marks = []
        for line in log:
            if line.startswith(MARK):
                at, spent, name = json.loads(line[len(MARK) :])
                marks.append((at - began - spent, at - began, name))
    if build.returncode != 0:
        raise RuntimeError(f"build failed: {stdout[-2000:]}")
    return samples, marks, stdout


def _intervals(samples: list[Sample]) -> list[tuple[float, float, dict[str, float]]]:
    """Each interval between samples: start, end, CPU seconds of each kind in it."""
    out = []
    for before, after in itertools.pairwise(samples):
        spent = dict.fromkeys(KINDS, 0.0)
        for pid, (kind, cpu) in after.cpu.items():
            was = before.cpu.get(pid)
            spent[kind] += cpu - (was[1] if was else 0.0)
        out.append((before.at, after.at, spent))
    return out


def stage_table(samples: list[Sample], marks: list[tuple[float, float, str]]) -> list[str]:
    """One line per stage: when it ran, its wall time and the CPU of each kind in it."""
    intervals = _intervals(samples)
    lines = [
        f"{'from s':>7} {'to s':>7} {'wall s':>7} "
        + " ".join(f"{k:>8}" for k in KINDS)
        + f" {'build alone':>11}  stage (CPU s in its window)"
    ]
    rows = [*with_gaps(marks), (0.0, samples[-1].at if samples else 0.0, "whole build")]
    for start, end, name in rows:
        spent = dict.fromkeys(KINDS, 0.0)
        alone = 0.0
        for a, b, cpu in intervals:
            if a >= start - 1e-9 and b <= end + (b - a) / 2:
                for kind in KINDS:
                    spent[kind] += cpu[kind]
                others = sum(cpu[k] for k in KINDS if k != "build")
                if others < SHARED * (b - a):
                    alone += cpu["build"]
        lines.append(
            f"{start:7.1f} {end:7.1f} {end - start:7.1f} "
            + " ".join(f"{spent[k]:8.1f}" for k in KINDS)
            + f" {alone:11.1f}  {name}"
        )
    return lines


def with_gaps(marks: list[tuple[float, float, str]], least: float = 0.05) -> list[tuple[float, float, str]]:
    """The stage marks in order of start, with the stretches no stage covers as rows of their own.

    The first is the start-up (interpreter, imports) before the first stage;
    the others are work between recorded stages (e.g. the build cache's
    loads), which a serial-stretch hunt must not miss.
    """
    out: list[tuple[float, float, str]] = []
    covered = 0.0
    for start, end, name in sorted(marks):
        if start > covered + least:
            out.append((covered, start, "(start-up)" if covered == 0.0 else "(between stages)"))
        out.append((start, end, name))
        covered = max(covered, end)
    return out


def bucket_table(samples: list[Sample], seconds: float) -> list[str]:
    """Cores used by each kind, every ``seconds``, and how many Pagefind runs were alive on average.

    The runs column tells a search tail of one run at a time (one core left
    idle) from one of two runs side by side, which the cores alone do not.
    """
    totals: dict[int, dict[str, float]] = {}
    for a, _b, cpu in _intervals(samples):
        row = totals.setdefault(int(a // seconds), dict.fromkeys(KINDS, 0.0))
        for kind in KINDS:
            row[kind] += cpu[kind]
    runs: dict[int, list[int]] = {}
    for sample in samples:
        alive = sum(1 for kind, _cpu in sample.cpu.values() if kind == "pagefind")
        runs.setdefault(int(sample.at // seconds), []).append(alive)
    lines = [
        f"{'at s':>7} " + " ".join(f"{k:>8}" for k in KINDS) + f" {'runs':>6}  (cores; Pagefind runs alive)"
    ]
    for slot in sorted(totals):
        row = totals[slot]
        alive = runs.get(slot, [0])
        lines.append(
            f"{slot * seconds:7.0f} "
            + " ".join(f"{row[k] / seconds:8.2f}" for k in KINDS)
            + f" {sum(alive) / len(alive):6.2f}"
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="bench.timeline", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="synthetic stories (default 2,000)")
    parser.add_argument("--every", type=float, default=0.2, help="seconds between samples")
    parser.add_argument("--buckets", type=float, default=0.0, help="also the cores used every S seconds")
    parser.add_argument("--keep", type=Path, help="build here (kept) instead of a temporary folder")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument(
        "--incremental",
        action="store_true",
        help="sample the build after ten stories dated on the newest day are added (a +10 build)",
    )
    args = parser.parse_args(argv)
    if args.child:
        _child(json.loads(args.child))
        return
    with tempfile.TemporaryDirectory(prefix="news-digest-timeline-") as tmp:
        work = args.keep or Path(tmp)
        content = work / "content"
        if args.incremental:
            shutil.rmtree(content, ignore_errors=True)
            staged, new = incremental.stage(args.n, 10, True, work / "staged", content)
            _samples, _marks, cold_out = run(content, work, max(args.every, 1.0))
            incremental.add_new(staged, content, new)
            samples, marks, stdout = run(content, work, args.every, cold=False)
        else:
            if not (content / "scraped").is_dir():
                synth.write_scraped(synth.make_stories(args.n), content)
            samples, marks, stdout = run(content, work, args.every)
    measured = _measured(stdout)
    load = os.getloadavg()[0]
    which = "+10 build (ten stories on the newest day added to" if args.incremental else "cold build,"
    stories = f"{args.n:,} synthetic stories" + (")" if args.incremental else "")
    print(f"\nTimeline of one {which} {stories} (load average {load:.1f} at the end)")
    print("\n".join(stage_table(samples, marks)))
    if args.buckets > 0:
        print("\n".join(bucket_table(samples, args.buckets)))
    if measured:
        print(f"build: {measured['seconds']:.1f} s wall, {measured['cpu_s']:.1f} CPU s (bench/_build.py)")
    if args.incremental and (cold := _measured(cold_out)):
        ratio = measured["seconds"] / cold["seconds"], measured["cpu_s"] / cold["cpu_s"]
        print(
            f"the cold build before it: {cold['seconds']:.1f} s wall, {cold['cpu_s']:.1f} CPU s"
            f" (+10 / cold: {ratio[0]:.2f} wall, {ratio[1]:.2f} CPU; sampled more sparsely)"
        )


def _measured(stdout: str) -> dict:
    """The build's own figures (``BENCH-RESULT`` line of bench/_build.py), or {}."""
    result = next((line for line in stdout.splitlines() if line.startswith("BENCH-RESULT ")), "")
    return json.loads(result.removeprefix("BENCH-RESULT ")) if result else {}


if __name__ == "__main__":
    main()
