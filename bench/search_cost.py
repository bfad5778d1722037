"""What the search index costs: one Pagefind run over the archive against bundles per week.

``python -m bench.search_cost --n 2000`` builds N synthetic stories once
(``bench/synth.py``, search off), then indexes the story pages of that
output four ways, each a fresh child process measured by CPU seconds (the
process and the Pagefind runs it waits for) and peak resident memory of
the largest of them:

1. the baseline: Pagefind's command line over every story page at once
   (what every build did before the bundles);
2. bundles per week (``news_digest/search_bundles.py``), from an empty
   ``pagefind/`` folder (a cold build);
3. the same again with nothing changed (a build that changed no story page);
4. one story page of the newest week changed (a day's news).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import synth
from .speed import run_build


def _measured(command: list[str], stdin: str | None = None) -> dict[str, Any]:
    """Run ``command`` in a child that reports its own and its children's CPU and peak memory."""
    probe = (
        "import json,resource,subprocess,sys,time;"
        "t=time.perf_counter();"
        "done=subprocess.run(sys.argv[1:],input=sys.stdin.read() or None,capture_output=True,text=True);"
        "r=resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(json.dumps({'wall':time.perf_counter()-t,'cpu':r.ru_utime+r.ru_stime,"
        "'mb':r.ru_maxrss/1024,'out':done.stdout[-2000:],'code':done.returncode}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *command], input=stdin or "", capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def measure(n: int) -> list[tuple[str, dict[str, Any]]]:
    from news_digest import search, search_bundles

    executable = search._executable()
    if executable is None:
        raise SystemExit("no Pagefind executable: pip install 'pagefind[bin]'")
    rows = []
    with tempfile.TemporaryDirectory(prefix="news-digest-search-") as tmp:
        work = Path(tmp)
        synth.write_scraped(synth.make_stories(n), work / "content")
        output = work / "output"
        run_build(work / "content", output, DIGEST_SEARCH=False, DIGEST_CACHE_PATH="")
        pages = []
        for page in sorted(output.glob("20*/*/*/*/index.html")):
            year, month, day = page.relative_to(output).parts[:3]
            pages.append((page.relative_to(output).as_posix(), dt.date(int(year), int(month), int(day))))
        parts = search.partitions(pages, "week")
        request = json.dumps(
            {"output": str(output), "bundle": "pagefind", "executable": executable, "partitions": parts}
        )
        child = [sys.executable, "-I", search_bundles.__file__]
        whole = [executable, "--site", str(output), "--glob", "*/*/*/*/index.html"]
        before = _measured([*whole, "--output-path", str(work / "one")])
        rows.append((f"one index of {len(pages):,} pages (before)", before))
        rows.append((f"{len(parts)} weekly bundles, cold", _measured(child, request)))
        rows.append(("weekly bundles, nothing changed", _measured(child, request)))
        newest = output / parts[max(parts)][0][0]
        newest.write_bytes(newest.read_bytes() + b"<!-- changed -->\n")
        what = f"weekly bundles, one page of the newest week changed ({len(parts[max(parts)]):,} pages)"
        rows.append((what, _measured(child, request)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="synthetic stories (default 2000)")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = measure(args.n)
    took = time.perf_counter() - started
    print(f"\nSearch index: {args.n} synthetic stories, Pagefind ({took:.0f} s in all)")
    print(f"{'run':<72}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}")
    for name, r in rows:
        print(f"{name:<72}{r['wall']:>8.1f}{r['cpu']:>8.1f}{r['mb']:>9.0f}")


if __name__ == "__main__":
    main()
