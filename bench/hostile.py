"""``python -m bench.hostile``: time and peak memory of each hostile input's build.

Every case of ``tests/hostile_cases.py`` (issue 6) is built beside the one
good story, each in its own forked child, and compared with the build of the
good story alone, measured in the same run. Peak memory is the child's
maximum resident set (``wait4``); a forked child starts with the parent's
pages, so the figure to read is the difference from the baseline.

    python -m bench.hostile                 every case
    python -m bench.hostile -k size         cases whose name contains "size" or "mb"
    python -m bench.hostile --repeat 3      median of three builds per case
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _from_tests(name: str) -> ModuleType:
    """A module of ``tests/`` (not a package), loaded by its path."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


build_site = _from_tests("conftest").build_site  # the tests' one build helper
_cases = _from_tests("hostile_cases")
CASES, GOOD, GOOD_SOURCE = _cases.CASES, _cases.GOOD, _cases.GOOD_SOURCE
REGISTRY_CASES, SOURCES, Case = _cases.REGISTRY_CASES, _cases.SOURCES, _cases.Case

TARGET_SECONDS = 10.0
TARGET_MB = 500.0


def _in_child(work: Callable[[Path], str]) -> dict:
    """Run ``work(tmp)`` in a forked child; its wall time, peak RSS and result line."""
    read, write = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: quiet, so that the table stays readable
        os.close(read)
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        code = 0
        try:
            with tempfile.TemporaryDirectory() as tmp:
                result = work(Path(tmp))
        except BaseException as exc:  # report anything, then leave without cleanup handlers
            result, code = f"{type(exc).__name__}: {str(exc)[:80]}", 1
        os.write(write, result.encode())
        os._exit(code)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    _, status, usage = os.wait4(pid, 0)
    return {
        "seconds": time.perf_counter() - start,
        "peak_mb": usage.ru_maxrss / 1024,
        "result": b"".join(chunks).decode(),
        "exit": os.waitstatus_to_exitcode(status),
    }


def _outcome(root: Path, sources: list[str]) -> str:
    report = json.loads((root / "digest-report.json").read_text(encoding="utf-8"))
    good = next(i for i in report["inputs"] if i["source"] == GOOD_SOURCE)
    parts = [] if good["status"] == "published" else [f"GOOD STORY {good['status']}"]
    for entry in report["inputs"]:
        if entry["source"] in sources:
            reason = f": {entry['reason'][:60]}" if entry["reason"] else ""
            parts.append(f"{entry['status']}{reason}")
    return "; ".join(sorted(set(parts)))


def _case_work(case: Case) -> Callable[[Path], str]:
    def work(tmp: Path) -> str:
        content = tmp / "content"
        content.mkdir()
        case.make(content)
        build_site(tmp, {GOOD_SOURCE: GOOD}, sources=case.sources)
        return _outcome(tmp, list(case.expect))

    return work


def _registry_work(file: str, text: str) -> Callable[[Path], str]:
    def work(tmp: Path) -> str:
        kwargs = {"sources": text} if file == "sources.yaml" else {"sources": SOURCES, "entities": text}
        build_site(tmp, {GOOD_SOURCE: GOOD}, **kwargs)
        return "built (expected a ConfigError)"

    return work


def _baseline(tmp: Path) -> str:
    build_site(tmp, {GOOD_SOURCE: GOOD}, sources=SOURCES)
    return _outcome(tmp, [])


def measure(select: str = "", repeat: int = 1) -> list[dict]:
    """One row per case: median seconds and peak MB, and the baseline's."""
    jobs: list[tuple[str, str, Callable[[Path], str]]] = [("baseline", "the good story alone", _baseline)]
    jobs += [(c.name, c.what, _case_work(c)) for c in CASES]
    jobs += [
        (f"registry: {name}", f"{file}: {message[:50]}", _registry_work(file, text))
        for name, file, text, message in REGISTRY_CASES
    ]
    # Warm the parent once (imports, caches), so each child starts equal.
    with tempfile.TemporaryDirectory() as tmp:
        _baseline(Path(tmp))
    rows = []
    for name, what, work in jobs:
        if select and select not in name and name != "baseline":
            continue
        runs = [_in_child(work) for _ in range(repeat)]
        rows.append(
            {
                "case": name,
                "what": what,
                "seconds": statistics.median(r["seconds"] for r in runs),
                "peak_mb": statistics.median(r["peak_mb"] for r in runs),
                "result": runs[-1]["result"],
                "exit": runs[-1]["exit"],
            }
        )
    return rows


def print_table(rows: list[dict]) -> None:
    base = rows[0]
    print(
        f"Hostile inputs, each built beside one good story (forked child; median of runs); "
        f"targets: +{TARGET_SECONDS:.0f} s, +{TARGET_MB:.0f} MB"
    )
    print(f"{'case':<34}{'s':>7}{'+s':>7}{'peak MB':>9}{'+MB':>7}  result")
    for row in rows:
        extra_s = row["seconds"] - base["seconds"]
        extra_mb = row["peak_mb"] - base["peak_mb"]
        flag = " OVER" if extra_s > TARGET_SECONDS or extra_mb > TARGET_MB else ""
        figures = f"{row['seconds']:>7.2f}{extra_s:>+7.2f}{row['peak_mb']:>9.0f}{extra_mb:>+7.0f}"
        print(f"{row['case']:<34}{figures}  {row['result']}{flag}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="bench.hostile", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-k", default="", help="only cases whose name contains this")
    parser.add_argument("--repeat", type=int, default=1, help="builds per case (median)")
    args = parser.parse_args(argv)
    if not hasattr(os, "fork"):
        sys.exit("bench.hostile needs os.fork (Linux or macOS)")
    print_table(measure(args.k, args.repeat))


if __name__ == "__main__":
    main()
