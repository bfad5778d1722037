"""What the build cache costs and saves, stage by stage: ``python -m bench.cache_cost --n 2000``.

In one process, one core (``DIGEST_JOBS`` 1), CPU seconds (steady on a
shared machine), the pipeline over N synthetic stories (``bench/synth.py``)
three times:

1. without a cache (``DIGEST_CACHE_PATH`` empty): the baseline (run again
   at the end; each stage's quicker time of the two);
2. with an empty cache (the first build: every stage computed and its
   records written, the cache closed);
3. with that cache (a warm build of the same stories: every per-story stage
   from the cache).

Each stage's ratio to the baseline: the warm one should be far below 1
(target 0.2 for reading, cleaning, summaries and names together), the
empty-cache one close to 1 (target at most 1.1). A small build first pays
the imports, so that no row carries them.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from . import synth

CACHED = ("read and clean", "summaries", "entities")
"""The stages that go through the cache (names are extracted in ``entities``)."""


def _run(content: Path, cache: Path | None) -> dict[str, float]:
    from news_digest import pipeline
    from news_digest.cache import Cache
    from news_digest.incremental import Memo
    from news_digest.settings import DigestSettings

    settings = DigestSettings.from_pelican(
        {"PATH": str(content), "DIGEST_REFERENCE_DATE": "2026-11-30", "DIGEST_JOBS": 1}
    )
    timings: dict[str, float] = {}
    start = time.process_time()
    memo = Memo(Cache(cache) if cache else None, 1)
    opened = time.process_time()
    stories = pipeline.load_stories(settings, memo=memo)
    timings["read and clean"] = time.process_time() - start
    from news_digest.enrich import stages
    from news_digest.sources import load_sources

    stages.run(
        stories, settings, load_sources(settings.sources_path), timings, clock=time.process_time, memo=memo
    )
    closing = time.process_time()
    if memo.cache is not None:
        memo.cache.close()
    timings["open+close cache"] = (opened - start) + (time.process_time() - closing)
    timings["cached stages"] = sum(timings[s] for s in CACHED) + timings["open+close cache"]
    return timings


def run_profiled(content: Path, cache: Path | None, profile: Path | None) -> dict[str, float]:
    """:func:`_run`, under a cProfile by CPU time written to ``profile`` when one is given."""
    if profile is None:
        return _run(content, cache)
    import cProfile

    profiler = cProfile.Profile(time.process_time)
    result = profiler.runcall(_run, content, cache)
    profiler.dump_stats(profile)
    return result


def measure(n: int, profile: Path | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="news-digest-cache-cost-") as tmp:
        work = Path(tmp)
        synth.write_scraped(synth.make_stories(50, seed=3), work / "warmup")
        _run(work / "warmup", work / "warmup-cache")
        synth.write_scraped(synth.make_stories(n), work / "content")
        first = _run(work / "content", None)
        empty = _run(work / "content", work / "cache")
        warm = run_profiled(work / "content", work / "cache", profile)
        last = _run(work / "content", None)
    # The first big run in a process pays for growing its memory, so the
    # baseline is the quicker of a run before and one after the cached ones.
    none = {stage: min(first[stage], last[stage]) for stage in first}
    return {"n": n, "none": none, "empty": empty, "warm": warm}


def _ratio(value: float, base: float) -> str:
    return f"{value / base:>8.2f}" if base > 0.005 else " " * 8


def print_costs(r: dict[str, Any]) -> None:
    print(f"\nBuild cache cost per stage, {r['n']} synthetic stories (CPU seconds, one process)")
    print(f"{'stage':<20}{'no cache':>10}{'empty':>10}{'ratio':>8}{'warm':>10}{'ratio':>8}")
    for stage in r["none"]:
        base = r["none"][stage]
        e, w = r["empty"].get(stage, 0.0), r["warm"].get(stage, 0.0)
        print(f"{stage:<20}{base:>10.2f}{e:>10.2f}{_ratio(e, base)}{w:>10.2f}{_ratio(w, base)}")
    print("targets: cached stages warm <= 0.20, empty <= 1.10 (of no cache)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.cache_cost", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="stories")
    parser.add_argument("--profile", type=Path, help="write a cProfile (CPU time) of the warm run here")
    args = parser.parse_args(argv)
    print_costs(measure(args.n, args.profile))


if __name__ == "__main__":
    main()
