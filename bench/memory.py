"""Peak memory of a build as the archive grows: ``python -m bench.memory --sizes 2000 5000 10000``.

One cold plugin build of N synthetic stories (``bench/synth.py``) per size,
each in a fresh process (``bench/_build.py``), with the build cache on and
empty, as ``invoke bench`` builds them. Prints the peak resident memory of
the build process and of its largest child (Pagefind, or a forked worker),
and the MB each 1,000 stories more added to the build process's peak since
the size before, so that growth faster than linear shows: that figure
should not rise with the size.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from . import synth
from .speed import run_build


def measure(sizes: list[int]) -> list[dict[str, Any]]:
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="news-digest-memory-") as tmp:
            site = Path(tmp) / "site"
            synth.write_scraped(synth.make_stories(n), site / "content")
            result, _ = run_build(site / "content", site / "output")
        rows.append(
            {
                "n": n,
                "seconds": result["seconds"],
                "mb": result["peak_mb"],
                "child_mb": result["child_peak_mb"],
            }
        )
    return rows


def print_memory(rows: list[dict[str, Any]]) -> None:
    print("\nPeak memory, one cold build per size (build cache on, empty)")
    print(f"{'stories':>8}{'seconds':>10}{'build MB':>10}{'+MB / 1,000 more':>18}{'child MB':>10}")
    for before, r in zip([None, *rows], rows, strict=False):
        grew = "" if before is None else f"{(r['mb'] - before['mb']) / (r['n'] - before['n']) * 1000:.1f}"
        print(f"{r['n']:>8}{r['seconds']:>10.1f}{r['mb']:>10.0f}{grew:>18}{r['child_mb']:>10.0f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 5000, 10000])
    print_memory(measure(parser.parse_args(argv).sizes))


if __name__ == "__main__":
    main()
