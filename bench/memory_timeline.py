"""Where a cold build's whole-tree memory peaks: ``python -m bench.memory_timeline --n 10000``.

The same measure as ``invoke bench``'s tree figure (:mod:`bench.tree_memory`,
the build's own thread summing the PSS of every process of the tree every
0.2 s), with each sample kept per process: the build process, its forked
workers, the search child and Pagefind, each with its PSS and RSS. The
build (``bench/_build.py``, empty cache) prints the end of each stage
(:class:`news_digest.progress.Stages`), so the tables say in which stage
the tree peaked, which processes were alive then and what each held, and
the largest tree and build-process PSS of each stage. Linux only.
"""

from __future__ import annotations

import json
import os
import resource
import runpy
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import synth
from .timeline import child_build

ROOT = Path(__file__).resolve().parents[1]
MARK = "MEMORY-MARK "
Mark = tuple[float, float, str, float]
"""A stage: start and end (seconds since the build began), name, and the build process's
resident peak at its end (MB)."""
SAMPLES = "NEWS_DIGEST_MEMORY_SAMPLES"
"""The child writes its samples (JSON lines) to the file this names."""


def _child(argv: list[str]) -> None:
    """In the build's process: mark each stage's end, keep every sample, run ``bench/_build.py``."""
    from news_digest import progress

    record = progress.Stages.__setitem__

    def marked(self: progress.Stages, name: str, seconds: float) -> None:
        spent = seconds - self.get(name, 0.0)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the build process's, so far
        print(f"{MARK}{json.dumps([time.time(), spent, name, peak])}", file=sys.stderr, flush=True)
        record(self, name, seconds)

    progress.Stages.__setitem__ = marked  # type: ignore[method-assign]
    sys.path.insert(0, str(ROOT / "bench"))
    import tree_memory

    tree_memory.TreeMemory = _recording(tree_memory)  # type: ignore[misc]
    os.environ["NEWS_DIGEST_BENCH_SAMPLE_MEMORY"] = "1"
    sys.argv = [str(ROOT / "bench" / "_build.py"), *argv]
    runpy.run_path(sys.argv[0], run_name="__main__")


def _recording(tree_memory: Any) -> type:
    """:class:`tree_memory.TreeMemory` that also writes each sample, per process, to ``$SAMPLES``."""

    class Recording(tree_memory.TreeMemory):
        def _run(self) -> None:
            root, out = os.getpid(), open(os.environ[SAMPLES], "w")  # noqa: SIM115 (closed below)
            try:
                while True:
                    at, found = time.time(), tree_memory.snapshot(root)
                    if found is not None:  # None: the tree kept changing while read
                        # The kind is read each time: a fork runs the build's command until it execs.
                        procs = {pid: [_kind(pid, root), pss, rss] for pid, (pss, rss) in found.items()}
                        self.peak_kb = max(self.peak_kb, sum(p[1] for p in procs.values()))
                        out.write(json.dumps([at, procs]) + "\n")
                    if self._done.wait(self.interval):
                        return
            finally:
                out.close()
                self.cpu_s = time.thread_time()

    return Recording


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _kind(pid: int, root: int) -> str:
    if pid == root:
        return "build"
    command = _command(pid)
    if command == _command(root):
        return "worker"  # a fork of the build
    return "pagefind" if "pagefind" in command else "search"


def run(content: Path, work: Path, cold: bool = True) -> tuple[list[tuple[float, dict]], list[Mark], str]:
    """One build of ``content`` in ``work``: the samples, the stage marks, stdout.

    ``cold``: with no output and an empty cache; else on those the build before left.
    """
    cmd, env = child_build("bench.memory_timeline", content, work, cold)
    samples_file = work / "memory-samples.jsonl"
    env[SAMPLES] = str(samples_file)
    with open(work / "build.log", "w+") as log:
        began = time.time()
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=log, text=True, cwd=work, env=env)
        log.seek(0)
        marks = []
        for line in log:
            if line.startswith(MARK):
                at, spent, name, peak = json.loads(line[len(MARK) :])
                marks.append((at - began - spent, at - began, name, peak))
    if done.returncode != 0:
        raise RuntimeError(f"build failed: {done.stdout[-2000:]}")
    samples = []
    for line in samples_file.read_text().splitlines():
        at, procs = json.loads(line)
        samples.append((at - began, {int(pid): p for pid, p in procs.items()}))
    return samples, marks, done.stdout


def _stage_at(at: float, marks: list[Mark]) -> str:
    for start, end, name, _peak in marks:
        if start <= at <= end:
            return name
    return "(between stages)"


def report(samples: list[tuple[float, dict]], marks: list[Mark]) -> list[str]:
    """The peak sample per process, and the largest tree and build PSS in each stage."""
    mb = 1024
    total = [(sum(p[1] for p in procs.values()), at, procs) for at, procs in samples]
    peak, at, procs = max(total, key=lambda t: t[0])
    lines = [f"tree peak {peak / mb:.0f} MB PSS at {at:.1f} s ({_stage_at(at, marks)}):"]
    lines.append(f"{'pid':>8} {'kind':>9} {'PSS MB':>7} {'RSS MB':>7}")
    for pid, (kind, pss, rss) in sorted(procs.items(), key=lambda kv: -kv[1][1]):
        lines.append(f"{pid:>8} {kind:>9} {pss / mb:7.0f} {rss / mb:7.0f}")
    head = f"{'from s':>7} {'to s':>7} {'tree MB':>8} {'build MB':>9} {'procs':>6} {'build RSS peak':>14}"
    lines.append(f"\n{head}  stage (largest PSS in it; the build process's resident peak at its end)")
    for start, end, name, resident in [*marks, (0.0, samples[-1][0] if samples else 0.0, "whole build", 0.0)]:
        inside = [(t, a, p) for t, a, p in total if start <= a <= end]
        if not inside:
            continue
        top = max(inside, key=lambda t: t[0])
        build = max(sum(v[1] for v in p.values() if v[0] == "build") for _, _, p in inside)
        at_end = f"{resident:.0f}" if resident else ""
        lines.append(
            f"{start:7.1f} {end:7.1f} {top[0] / mb:8.0f} {build / mb:9.0f} "
            f"{len(top[2]):6} {at_end:>14}  {name}"
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="bench.memory_timeline", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="synthetic stories (default 2,000)")
    parser.add_argument("--content", type=Path, help="build this content folder instead of a new one")
    parser.add_argument("--keep", type=Path, help="build here (kept) instead of a temporary folder")
    parser.add_argument(
        "--add", type=int, default=0, help="sample the build that adds this many stories (newest day) instead"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(json.loads(args.child))
        return
    with tempfile.TemporaryDirectory(prefix="news-digest-memory-timeline-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        content = args.content or work / "content"
        if args.add:  # a cold build of N, then the one that adds the newest day's stories, sampled
            from .incremental import add_new, stage

            content = work / "content"  # written here (never a --content folder)
            shutil.rmtree(content, ignore_errors=True)
            staged, new = stage(args.n, args.add, True, work / "staged", content)
            run(content, work)
            add_new(staged, content, new)
            samples, marks, stdout = run(content, work, cold=False)
        else:
            if not (content / "scraped").is_dir():
                synth.write_scraped(synth.make_stories(args.n), content)
            samples, marks, stdout = run(content, work)
    result = next((line for line in stdout.splitlines() if line.startswith("BENCH-RESULT ")), "")
    measured = json.loads(result.removeprefix("BENCH-RESULT ")) if result else {}
    kind = f"+{args.add}" if args.add else "cold"
    load = os.getloadavg()[0]
    what = f"of {args.content}" if args.content and not args.add else f"{args.n:,} stories"
    print(f"\nWhole-tree memory of one {kind} build, {what} (load average {load:.1f} at the end)")
    print("\n".join(report(samples, marks)))
    if measured:
        print(
            f"build: {measured['seconds']:.1f} s wall, {measured['cpu_s']:.1f} CPU s, "
            f"tree {measured['tree_mb']:.0f} MB, "
            f"build process peaks {json.dumps({k: round(v) for k, v in measured['peaks'].items()})}"
        )


if __name__ == "__main__":
    main()
