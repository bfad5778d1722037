"""How the enrichment cost grows with the archive: 2,500, 5,000 and 10,000 stories.

The stories are the speed benchmark's synthetic ones (``bench/synth.py``),
read and cleaned by the real pipeline; then each enrichment stage is timed
as the build runs it (``enrich.stages.run``). Ideal growth per doubling is
2.0; 4.0 would mean an all-pairs stage. ``--cpu`` times the process's CPU
seconds instead of wall seconds: steadier when others share the machine.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from . import synth

SIZES = (2500, 5000, 10000)


def measure(sizes: tuple[int, ...] = SIZES, cpu: bool = False) -> list[dict]:
    """Seconds per stage at each size, with reading+cleaning for scale."""
    from news_digest import pipeline
    from news_digest.enrich import stages
    from news_digest.settings import DigestSettings
    from news_digest.sources import load_sources

    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="news-digest-scaling-") as tmp:
            synth.write_scraped(synth.make_stories(n), Path(tmp))
            settings = DigestSettings.from_pelican({"PATH": tmp, "DIGEST_REFERENCE_DATE": "2026-11-30"})
            sources = load_sources(settings.sources_path)
            clock = time.process_time if cpu else time.perf_counter
            start = clock()
            stories = pipeline.load_stories(settings, sources)
            load_s = clock() - start
            timings: dict[str, float] = {}
            stages.run(stories, settings, sources, timings, clock=clock)
        rows.append(
            {
                "stories": n,
                "read+clean": load_s,
                **timings,
                "enrichment": sum(timings.values()),
                "folded": sum(s.status == "folded" for s in stories),
            }
        )
    return rows


def print_scaling(rows: list[dict], cpu: bool = False) -> None:
    """One table: seconds per stage and the growth from the previous size."""
    names = [k for k in rows[0] if k not in ("stories", "folded")]
    unit = "CPU seconds" if cpu else "seconds"
    print(f"\nEnrichment scaling on synthetic stories ({unit}; xN = growth from the previous size)")
    print(f"{'stories':>8}" + "".join(f"{name:>16}" for name in names))
    previous: dict | None = None
    for row in rows:
        cells = []
        for name in names:
            growth = f" x{row[name] / previous[name]:.2f}" if previous and previous[name] > 0.01 else ""
            cells.append(f"{row[name]:.2f}{growth}".rjust(16))
        print(f"{row['stories']:>8}" + "".join(cells))
        previous = row
    print("growth per doubling: 2.0 = linear, 4.0 = quadratic")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--cpu", action="store_true", help="CPU seconds of this process, not wall seconds")
    args = parser.parse_args(argv)
    print_scaling(measure(tuple(args.sizes), args.cpu), args.cpu)


if __name__ == "__main__":
    main()
