"""The speed table of ``invoke bench``: cold against plain Pelican, incremental, memory, per size.

For each size, two measurements on the same synthetic stories
(``bench/synth.py``), each build in a fresh process (``bench/_build.py``):

- cold (:mod:`.speed`): plain Pelican on the stories as Markdown, then the
  plugin on the scraped files with an empty build cache, alternated
  ``--repeat`` times; wall-clock medians, and CPU seconds (the process, its
  forked workers and Pagefind) which a busy shared machine disturbs less;
- incremental (:mod:`.incremental`): the archive built cold with its cache,
  a day's news (ten stories dated on the archive's newest day, as the daily
  Pages build sees them) added and built again, the result checked byte for
  byte against a cold build of the same content. ``python -m
  bench.incremental --n N`` without ``--newest-day`` spreads the ten over
  the archive's days instead (a backfill).

Peak memory is the build process's resident peak; the largest child
(a forked worker or Pagefind, each a process of its own) is shown beside it.
The line under the table gives the whole build's peak: the build process,
its workers and Pagefind runs together, sampled (:mod:`.tree_memory`) in a
cold and a +10 build of their own. The sampler reads every process's page
tables five times a second and takes CPU the build needs, so the timed
builds run without it. Plain Pelican is one process: its peak is its tree.
"""

from __future__ import annotations

from typing import Any

from . import incremental, speed


def measure(sizes: list[int], repeat: int = 1, add: int = 10) -> list[dict[str, Any]]:
    """One row per size."""
    return [
        {"cold": speed.measure(n, repeat), "incremental": incremental.measure(n, add, newest_day=True)}
        for n in sizes
    ]


def _tree_line(c: dict[str, Any], i: dict[str, Any]) -> str:
    """The whole process tree's sampled peaks (PSS, MB) of the three plugin builds and plain Pelican's."""
    figures = [
        ("plugin cold", c.get("plugin_tree_mb")),
        (f"+{i['add']}", i.get("incremental_tree_mb")),
    ]
    shown = ", ".join(f"{name} {mb:.0f}" for name, mb in figures if mb is not None)
    if not shown:
        return "whole-build memory not sampled (no /proc)"
    return (
        f"whole build's peak MB (build + workers + Pagefind, PSS sampled every 0.2 s in builds of "
        f"their own, not the timed ones): {shown}"
    )


def print_table(rows: list[dict[str, Any]]) -> None:
    """The table, then the search index's share of each cold build."""
    print("\nSpeed (bench/table.py): the plugin against plain Pelican on the same stories, same run")
    head = (
        f"{'stories':>8} {'runs':>4} {'plain s':>8} {'plugin s':>9} {'cold ratio':>10} "
        f"{'CPU s plain/plugin':>19} {'CPU ratio':>9} {'+10 s':>7} {'incr/cold':>9} {'same bytes':>10} "
        f"{'peak MB plain':>13} {'plugin':>7} {'largest child':>13}"
    )
    print(head)
    for row in rows:
        c, i = row["cold"], row["incremental"]
        cpu = f"{c['plain_cpu_s']:.1f}/{c['plugin_cpu_s']:.1f}"
        print(
            f"{c['n']:>8,} {c['runs']:>4} {c['plain_s']:>8.1f} {c['plugin_s']:>9.1f} {c['ratio']:>10.2f} "
            f"{cpu:>19} {c['cpu_ratio']:>9.2f} {i['incremental_s']:>7.1f} {i['ratio']:>9.2f} "
            f"{'yes' if i['identical'] else 'NO':>10} {c['plain_mb']:>13.0f} {c['plugin_mb']:>7.0f} "
            f"{c['plugin_child_mb']:>13.0f}"
        )
    print(
        "cold ratio: median wall time of the plugin's cold build (empty cache) / plain Pelican's; "
        "incr/cold: ten stories dated on the newest day added, against the incremental bench's own cold build"
    )
    for row in rows:
        c, i = row["cold"], row["incremental"]
        print(f"{c['n']:,} stories: {_tree_line(c, i)}")
    for row in rows:
        c, i = row["cold"], row["incremental"]
        print(
            f"{c['n']:,} stories: Pagefind ran {c['search_s']:.1f} s inside the plugin build, which waited "
            f"{c['search_wait_s']:.1f} s for it; read+clean {c['load_s']:.1f} s, "
            f"enrichment {c['enrich_s']:.1f} s; "
            f"incremental bench: cold {i['cold_s']:.1f} s ({i['cold_cpu_s']:.1f} CPU s, "
            f"peak {i['cold_mb']:.0f} MB), "
            f"+{i['add']} {i['incremental_s']:.1f} s ({i['incremental_cpu_s']:.1f} CPU s, peak "
            f"{i['incremental_mb']:.0f} MB; CPU ratio {i['incremental_cpu_s'] / i['cold_cpu_s']:.2f}); "
            f"scraped files opened {c['files_opened']:,}, most opens of one file {c['max_opens']}"
            + ("" if i["identical"] else f"; output DIFFERS from a cold build: {i['differ']}")
        )
        if i.get("incremental_peaks"):
            print(f"  {incremental.peaks_line(i)}")
        if i.get("output_line"):
            print(f"  +{i['add']} output: {i['output_line']}")
        if i.get("changed_groups"):
            groups = ", ".join(f"{g} {c}/{t}" for g, c, t in i["changed_groups"][:8])
            print(f"  +{i['add']} files changed by page group (changed/all): {groups}")
