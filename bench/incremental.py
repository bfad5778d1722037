"""Incremental build: a day's few new stories added to an archive built with the build cache.

``python -m bench.incremental --n 10000`` (``invoke bench`` calls :func:`measure`):

1. N synthetic stories (``bench/synth.py``) built cold, the build cache
   (``DIGEST_CACHE_PATH``) starting empty: the cold time;
2. ``--add`` (default 10) new stories dropped into the scraped folder, and the
   same site built again with its cache and its output folder: the
   incremental time;
3. the same N + add stories built cold in a fresh folder without a cache:
   every output file and the report must be byte-identical to step 2's.

Each build is a fresh process (``bench/_build.py``), timed by wall clock.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import synth
from .speed import run_build


def _build(content: Path, output: Path, sample_memory: bool = False, **settings: Any) -> dict[str, Any]:
    """A plugin build (:func:`.speed.run_build`), with the build cache's log line."""
    result, log = run_build(content, output, sample_memory=sample_memory, **settings)
    for key, marker in (("cache_line", "news-digest build cache:"), ("output_line", "news-digest output:")):
        lines = [line for line in log.splitlines() if marker in line]
        result[key] = lines[-1].split(marker, 1)[1].strip() if lines else ""
    return result


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def _group(name: str) -> str:
    """A file's page group: its first folder (``2026``, ``category``, ``tag``), or its name."""
    return name.split("/", 1)[0] if "/" in name else name


def changed_groups(before: dict[str, bytes], after: dict[str, bytes]) -> list[tuple[str, int, int]]:
    """Per page group, biggest first: files whose bytes differ (added, changed, removed), and files after."""
    total: dict[str, int] = {}
    changed: dict[str, int] = {}
    for name in sorted(before.keys() | after.keys()):
        group = _group(name)
        total[group] = total.get(group, 0) + (name in after)
        changed[group] = changed.get(group, 0) + (before.get(name) != after.get(name))
    return sorted(((g, changed[g], total[g]) for g in total), key=lambda r: (-r[2], r[0]))


def stage(n: int, add: int, newest_day: bool, staged: Path, content: Path) -> tuple[Path, set[str]]:
    """N + ``add`` synthetic stories written to ``staged``; ``content`` gets all but the added ones.

    Returns ``staged`` and the names of the added stories' files (with
    sidecars), for :func:`add_new`. ``newest_day``: the added stories are
    dated on the archive's last day (a day's news), not spread over its days.
    """
    stories = synth.make_stories(n + add)
    if newest_day:
        last = max(s.date for s in stories[:n])
        stories[n:] = [dataclasses.replace(s, date=last) for s in stories[n:]]
    synth.write_scraped(stories, staged)
    new = {p.name for s in stories[n:] for p in (staged / "scraped").glob(f"{s.stem}.*")}
    shutil.copytree(staged, content, ignore=lambda _d, names: [x for x in names if x in new])
    return staged, new


def add_new(staged: Path, content: Path, new: set[str]) -> None:
    """The added stories' files copied from ``staged`` into ``content`` (the day's news arrives)."""
    for name in sorted(new):
        shutil.copy2(staged / "scraped" / name, content / "scraped" / name)


def measure(n: int, add: int = 10, newest_day: bool = False, **settings: Any) -> dict[str, Any]:
    """Cold build with an empty cache, then ``add`` stories more; checked against a cold build.

    ``newest_day``: the added stories are dated on the archive's last day (a
    day's news), not spread over its days. ``settings`` go to the incremental build.
    """
    with tempfile.TemporaryDirectory(prefix="news-digest-incremental-") as tmp:
        work = Path(tmp)
        site = work / "site"
        staged, new = stage(n, add, newest_day, work / "staged" / "content", site / "content")
        cold = _build(site / "content", site / "output")
        before = _tree(site / "output")
        add_new(staged, site / "content", new)
        # The same +10 build once more, with the memory sampler (it competes with the
        # build for the cores, so the timed build goes without it). The copy is built
        # where the site stood: the cache and the output's pages know their paths.
        spare = work / "spare"
        shutil.copytree(site, spare, symlinks=True)
        warm = _build(site / "content", site / "output", **settings)
        site.rename(work / "timed")
        spare.rename(site)
        sampled = _build(site / "content", site / "output", sample_memory=True, **settings)
        site.rename(work / "sampled")
        (work / "timed").rename(site)
        fresh = work / "fresh"
        shutil.copytree(site / "content", fresh / "content")
        check = _build(fresh / "content", fresh / "output", DIGEST_CACHE_PATH="")
        after = _tree(site / "output")
        differ = _differences(after, _tree(fresh / "output"))
        report_same = (site / "digest-report.json").read_bytes() == (
            fresh / "digest-report.json"
        ).read_bytes()
    return {
        "n": n,
        "add": add,
        "cold_s": cold["seconds"],
        "incremental_s": warm["seconds"],
        "ratio": warm["seconds"] / cold["seconds"],
        "cold_nocache_s": check["seconds"],
        "cold_cpu_s": cold["cpu_s"],
        "incremental_cpu_s": warm["cpu_s"],
        "cold_nocache_cpu_s": check["cpu_s"],
        "output_line": warm["output_line"],
        "cold_mb": cold["peak_mb"],
        "incremental_mb": warm["peak_mb"],
        "incremental_tree_mb": sampled.get("tree_mb"),
        "sampled_output_line": sampled["output_line"],
        "cache_line": warm["cache_line"],
        "stages": warm["stages"],
        "cold_peaks": cold.get("peaks", {}),
        "incremental_peaks": warm.get("peaks", {}),
        "cold_stages": cold["stages"],
        "identical": not differ and report_same,
        "differ": differ[:10],
        "differ_count": len(differ) + (0 if report_same else 1),
        "changed_groups": changed_groups(before, after),
    }


def print_incremental(r: dict[str, Any]) -> None:
    """The incremental rows: times, the ratio, and whether the output matched a cold build."""
    print(f"\nIncremental: {r['n']} synthetic stories built with the build cache, then {r['add']} added")
    print(f"{'build':<44}{'seconds':>10}{'CPU s':>10}{'peak MB':>10}")
    cold = "cold (empty cache, writes it)"
    print(f"{cold:<44}{r['cold_s']:>10.2f}{r['cold_cpu_s']:>10.2f}{r['cold_mb']:>10.1f}")
    label = f"incremental (+{r['add']} stories, warm cache)"
    print(
        f"{label:<44}{r['incremental_s']:>10.2f}{r['incremental_cpu_s']:>10.2f}{r['incremental_mb']:>10.1f}"
    )
    check = "cold without a cache (the identity check)"
    print(f"{check:<44}{r['cold_nocache_s']:>10.2f}{r['cold_nocache_cpu_s']:>10.2f}")
    cpu = r["incremental_cpu_s"] / r["cold_cpu_s"]
    print(f"{'ratio incremental / cold':<44}{r['ratio']:>10.2f}{cpu:>10.2f}   (target <= 0.20)")
    stages = ", ".join(f"{k} {v:.2f} s" for k, v in r["stages"].items())
    print(f"incremental pipeline: {stages}")
    print(peaks_line(r))
    if r["cache_line"]:
        print(f"cache: {r['cache_line']}")
    if r["output_line"]:
        print(f"output: {r['output_line']}")
    if r.get("sampled_output_line", r["output_line"]) != r["output_line"]:
        print(f"the memory-sampled copy of the +{r['add']} build did other work: {r['sampled_output_line']}")
    groups = r.get("changed_groups") or []
    if groups:
        print("files the new stories changed, by page group (changed of all after the build):")
        print("  " + ", ".join(f"{g} {c}/{t}" for g, c, t in groups))
    if r["identical"]:
        print("output: every file and the report byte-identical to a cold build of the same content")
    else:
        print(f"output DIFFERS from a cold build in {r['differ_count']} files, e.g. {r['differ']}")


def peaks_line(r: dict[str, Any]) -> str:
    """Where the builds' memory peaks: the resident peak (MB) once reading, enrichment and the build ended."""
    parts = []
    for label, key in (("cold", "cold_peaks"), (f"+{r['add']}", "incremental_peaks")):
        p = r.get(key) or {}
        if p:
            parts.append(
                f"{label} {p.get('load_stories', 0):.0f} / {p.get('enrich', 0):.0f} / {p.get('build', 0):.0f}"
            )
    return "peak MB by the end of read+clean / enrichment / the build: " + "; ".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.incremental", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="stories in the archive")
    parser.add_argument("--add", type=int, default=10, help="stories added for the incremental build")
    parser.add_argument(
        "--newest-day", action="store_true", help="date the added stories on the archive's last day"
    )
    parser.add_argument(
        "--write-all",
        action="store_true",
        help="the incremental build renders every page (DIGEST_SKIP_UNCHANGED_PAGES = False)",
    )
    args = parser.parse_args(argv)
    settings = {"DIGEST_SKIP_UNCHANGED_PAGES": False} if args.write_all else {}
    result = measure(args.n, args.add, args.newest_day, **settings)
    print_incremental(result)
    if not result["identical"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
