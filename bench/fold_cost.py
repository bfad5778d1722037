"""``python -m bench.fold_cost``: time and memory of the fold stage at 10,000 stories.

The speed benchmark's synthetic stories (``bench/synth.py``), read and
cleaned by the real pipeline, plus one repost per twenty stories (another
outlet, last sentence cut), so there is something to fold. A second run adds
one 5 MB story (the largest input ``DIGEST_MAX_BYTES`` lets through) made of
the archive's own text, so it shares shingles with thousands of stories.

Each measurement runs in a fresh process: wall and CPU seconds of the stage
(CPU time is the steadier figure on a shared machine) and the growth of the
peak resident memory over the process with the stories loaded.
Baseline, measured in the same run: exact body-hash de-duplication, which
finds identical copies only.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import synth

HUGE_BYTES = 5 * 1024 * 1024


def make_archive(n: int, path: Path) -> None:
    """Write ``n`` synthetic stories and their reposts, read and cleaned, to ``path`` (pickle)."""
    from news_digest import pipeline
    from news_digest.settings import DigestSettings

    with tempfile.TemporaryDirectory(prefix="news-digest-fold-") as tmp:
        synth.write_scraped(synth.make_stories(n), Path(tmp))
        settings = DigestSettings.from_pelican({"PATH": tmp, "DIGEST_REFERENCE_DATE": "2026-11-30"})
        stories = [s for s in pipeline.load_stories(settings) if s.ok]
    reposts = []
    for s in stories[::20]:
        repost = copy.deepcopy(s)
        repost.source = s.source.replace(".txt", "-repost.txt")
        repost.outlet = "Another Outlet"
        last = [b for b in repost.blocks if b.kind == "p"][-1]
        last.text = last.text.rsplit(". ", 1)[0] + "."
        reposts.append(repost)
    path.write_bytes(pickle.dumps(stories + reposts))


def _hash_dedup(stories: list) -> None:
    first: dict[str, object] = {}
    for s in stories:
        key = hashlib.sha1(s.body_text.encode()).hexdigest()
        if key in first:
            s.fold_into(first[key])
        else:
            first[key] = s


def child(method: str, archive: Path, huge: bool) -> dict:
    """One measurement, in this process."""
    from news_digest.enrich.fold import fold_reposts
    from news_digest.story import Block

    stories = pickle.loads(archive.read_bytes())
    if huge:
        big = copy.deepcopy(stories[0])
        big.source = "scraped/huge.txt"
        paragraphs, size = [], 0
        for s in stories:
            for b in s.blocks:
                if b.kind == "p" and size < HUGE_BYTES:
                    paragraphs.append(Block("p", b.text))
                    size += len(b.text.encode()) + 2
        big.blocks = paragraphs
        stories.append(big)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start, cpu = time.perf_counter(), time.process_time()
    (fold_reposts if method == "ours" else _hash_dedup)(stories)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "extra_mb": peak - before,
        "folded": sum(s.status == "folded" for s in stories),
        "stories": len(stories),
    }


def measure(n: int = 10_000) -> list[dict]:
    """Ours and the baseline, without and with the 5 MB story, each in a fresh process."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="news-digest-fold-") as tmp:
        archive = Path(tmp) / "archive.pickle"
        make_archive(n, archive)
        for huge in (False, True):
            for method in ("ours", "baseline"):
                args = [sys.executable, "-m", "bench.fold_cost", "--child", method, str(archive)]
                done = subprocess.run(
                    [*args, *(["--huge"] if huge else [])],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=Path(__file__).resolve().parents[1],
                )
                result = json.loads(done.stdout.strip().splitlines()[-1])
                rows.append({"method": method, "huge story": huge, **result})
    return rows


def print_cost(rows: list[dict]) -> None:
    print("\nFold stage cost (fresh process each; baseline = exact body-hash de-duplication)")
    widths = {"5 MB story": 11, "stories": 9, "wall s": 8, "CPU s": 8, "extra MB": 10, "folded": 8}
    print(f"{'method':<10}" + "".join(f"{h:>{w}}" for h, w in widths.items()))
    for r in rows:
        print(
            f"{r['method']:<10}{'yes' if r['huge story'] else 'no':>11}{r['stories']:>9}"
            f"{r['seconds']:>8.2f}{r['cpu_seconds']:>8.2f}{r['extra_mb']:>10.0f}{r['folded']:>8}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="synthetic stories (default 10,000)")
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "ARCHIVE"), help=argparse.SUPPRESS)
    parser.add_argument("--huge", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]), args.huge)))
        return
    print_cost(measure(args.n))


if __name__ == "__main__":
    main()
