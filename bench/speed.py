"""Speed: the plugin build against plain Pelican on the same stories, same run."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import synth

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_MEMORY = "NEWS_DIGEST_BENCH_SAMPLE_MEMORY"
"""The environment variable that makes ``bench/_build.py`` sample the tree's memory."""


def run_build(
    content: Path, output: Path, plugins: bool = True, sample_memory: bool = False, **settings: Any
) -> tuple[dict[str, Any], str]:
    """One build in a fresh process (``bench/_build.py``): its measurements, and its stderr (the log).

    ``settings`` override ``pelicanconf.py`` for this build. ``sample_memory``
    samples the whole process tree's memory (``tree_mb``); the sampler takes
    CPU from the build, so a timed build goes without it.
    """
    cmd = [
        sys.executable,
        str(ROOT / "bench" / "_build.py"),
        str(ROOT / "pelicanconf.py"),
        str(content),
        str(output),
        "on" if plugins else "off",
        json.dumps(settings),
    ]
    env = {**os.environ, SAMPLE_MEMORY: "1" if sample_memory else "0"}
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=output.parent, env=env)
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH-RESULT ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"build failed ({' '.join(cmd)}):\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return json.loads(lines[-1].removeprefix("BENCH-RESULT ")), done.stderr


def _cold(site: Path) -> Path:
    """The output folder of a cold build of ``site``: no build cache and no output from the run before.

    The output folder counts as much as the cache: its output record lets the
    next build leave unchanged pages alone, and its search bundles, keyed by
    the pages Pagefind reads, are kept rather than indexed again.
    """
    shutil.rmtree(site / ".digest-cache", ignore_errors=True)
    shutil.rmtree(site / "output", ignore_errors=True)
    return site / "output"


def measure(n: int, repeat: int = 1) -> dict[str, Any]:
    """Build ``n`` synthetic stories both ways ``repeat`` times; medians."""
    stories = synth.make_stories(n)
    with tempfile.TemporaryDirectory(prefix="news-digest-bench-") as tmp:
        work = Path(tmp)
        synth.write_scraped(stories, work / "plugin" / "content")
        synth.write_markdown(stories, work / "plain" / "content")
        runs: dict[str, list[dict[str, Any]]] = {"plugin": [], "plain": []}
        for _ in range(repeat):
            # Alternate the two so machine noise hits both alike.
            for kind in ("plain", "plugin"):
                out = _cold(work / kind)
                runs[kind].append(run_build(work / kind / "content", out, plugins=kind == "plugin")[0])
        report = json.loads((work / "plugin" / "digest-report.json").read_text())
        # The whole tree's memory (build, workers, Pagefind), in one more cold build of its
        # own. Plain Pelican is one process: its resident peak (peak_mb) is its whole tree.
        sampled = run_build(work / "plugin" / "content", _cold(work / "plugin"), sample_memory=True)[0]
    med = {k: statistics.median(r["seconds"] for r in v) for k, v in runs.items()}
    mem = {k: max(r["peak_mb"] for r in v) for k, v in runs.items()}
    cpu = {k: statistics.median(r["cpu_s"] for r in v) for k, v in runs.items()}
    stages = runs["plugin"][-1]["stages"]
    return {
        "n": n,
        "plain_s": med["plain"],
        "plugin_s": med["plugin"],
        "ratio": med["plugin"] / med["plain"],
        "plain_mb": mem["plain"],
        "plugin_mb": mem["plugin"],
        "mem_ratio": mem["plugin"] / mem["plain"],
        "plain_cpu_s": cpu["plain"],
        "plugin_cpu_s": cpu["plugin"],
        "cpu_ratio": cpu["plugin"] / cpu["plain"],
        "plugin_child_mb": max(r["child_peak_mb"] for r in runs["plugin"]),
        "plugin_tree_mb": sampled.get("tree_mb"),
        "runs": repeat,
        "files_opened": runs["plugin"][-1]["files_opened"],
        "max_opens": max(r["max_opens"] for r in runs["plugin"]),
        "load_s": stages.get("load_stories", 0.0),
        "enrich_s": stages.get("enrich", 0.0),
        "search_s": stages.get("search", 0.0),
        "search_wait_s": stages.get("search_wait", 0.0),
        "counts": report["counts"],
    }


def print_speed(result: dict[str, Any]) -> None:
    """One small table: both builds, the ratios, and the read count."""
    r = result
    print(f"\nSpeed: {r['n']} synthetic stories (bench/synth.py), plugin build vs plain Pelican on Markdown")
    print(f"{'build':<28}{'seconds':>10}{'peak MB':>10}")
    print(f"{'plain Pelican (Markdown)':<28}{r['plain_s']:>10.2f}{r['plain_mb']:>10.1f}")
    print(f"{'news_digest (scraped text)':<28}{r['plugin_s']:>10.2f}{r['plugin_mb']:>10.1f}")
    print(f"{'ratio plugin / plain':<28}{r['ratio']:>10.2f}{r['mem_ratio']:>10.2f}")
    print(
        f"search index (Pagefind, inside the plugin build): ran {r['search_s']:.2f} s, "
        f"the build waited {r['search_wait_s']:.2f} s for it; "
        f"ratio without the wait {(r['plugin_s'] - r['search_wait_s']) / r['plain_s']:.2f}"
    )
    print(
        f"pipeline: read+clean {r['load_s']:.2f} s, enrichment {r['enrich_s']:.2f} s "
        f"({r['enrich_s'] / r['plain_s']:.2f} x the plain build)"
    )
    print(
        f"scraped files opened: {r['files_opened']}, most opens of one file: {r['max_opens']} "
        f"(report: {r['counts']})"
    )


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="bench.speed", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="stories (default 2,000)")
    parser.add_argument("--repeat", type=int, default=1, help="builds of each kind, alternated; medians")
    args = parser.parse_args(argv)
    result = measure(args.n, args.repeat)
    print_speed(result)
    print(
        f"CPU seconds (build process, workers, Pagefind): plain {result['plain_cpu_s']:.2f}, "
        f"news_digest {result['plugin_cpu_s']:.2f} (ratio {result['cpu_ratio']:.2f})"
    )


if __name__ == "__main__":
    main()
