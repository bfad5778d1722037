"""What the archive-wide stages cost in an incremental build: ``python -m bench.archive_cost --n 2000``.

In one process, one core (``DIGEST_JOBS`` 1), CPU seconds: the pipeline over
N synthetic stories (``bench/synth.py``) with an empty build cache, then
``--add`` (default 10) more stories dropped in and the pipeline run again
with that cache, as the day's incremental build runs it. Prints each stage's
CPU seconds in both runs; folding, events and related links are the
archive-wide stages (``enrich/rows.py`` keeps their per-story rows).
``--profile FILE`` writes a cProfile (CPU time) of the warm run.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from . import synth
from .cache_cost import _run, run_profiled

ARCHIVE_WIDE = ("fold", "events", "related")


def measure(n: int, add: int = 10, profile: Path | None = None) -> dict[str, Any]:
    stories = synth.make_stories(n + add)
    with tempfile.TemporaryDirectory(prefix="news-digest-archive-cost-") as tmp:
        work = Path(tmp)
        synth.write_scraped(stories[:n], work / "content")
        cold = _run(work / "content", work / "cache")
        synth.write_scraped(stories[n:], work / "content")
        warm = run_profiled(work / "content", work / "cache", profile)
    return {"n": n, "add": add, "cold": cold, "warm": warm}


def print_costs(r: dict[str, Any]) -> None:
    print(f"\n{r['n']} synthetic stories, then {r['add']} added (CPU seconds, one process)")
    print(f"{'stage':<20}{'cold':>10}{'warm +' + str(r['add']):>12}")
    for stage, cold in r["cold"].items():
        print(f"{stage:<20}{cold:>10.2f}{r['warm'].get(stage, 0.0):>12.2f}")
    total = {k: sum(r[k].get(s, 0.0) for s in ARCHIVE_WIDE) for k in ("cold", "warm")}
    print(f"{'fold+events+related':<20}{total['cold']:>10.2f}{total['warm']:>12.2f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.archive_cost", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="stories in the archive")
    parser.add_argument("--add", type=int, default=10, help="stories added for the warm run")
    parser.add_argument("--profile", type=Path, help="write a cProfile (CPU time) of the warm run here")
    args = parser.parse_args(argv)
    print_costs(measure(args.n, args.add, args.profile))


if __name__ == "__main__":
    main()
