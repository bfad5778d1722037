"""Child process of the speed benchmark: one Pelican build, measured.

Prints one JSON line: wall seconds, CPU seconds (this process and its
children: the forked workers and Pagefind), peak resident memory of this
process (also as it stood when reading and enrichment ended) and of its
largest child, the sampled peak of the whole process tree (the build, its
workers and Pagefind at once; :mod:`bench.tree_memory`; only when the
environment asks for it, since the sampler competes with the build for the
cores), how often each
scraped file was opened (an audit hook sees every open), and the time the
plugin's pipeline stages took. The plugin's modules are compiled to bytecode
first (:mod:`bench.plugin_bytecode`), as a pip install compiles a package.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

SAMPLE_MEMORY = "NEWS_DIGEST_BENCH_SAMPLE_MEMORY"
"""Set to "1", the build samples its whole process tree's memory (bench/tree_memory.py)."""


def main() -> None:
    settings_file, content, output, plugins = sys.argv[1:5]
    # An optional fifth argument: more Pelican settings, as JSON (bench/speed.py run_build).
    extra = json.loads(sys.argv[5]) if len(sys.argv) > 5 else {}
    watched = str(Path(content, "scraped").resolve()) + os.sep
    opens: Counter[str] = Counter()
    # Forked workers read files too, and their counts would die with them: each
    # appends what it opened to a file of its own in ``spool``, added up after the build.
    parent = os.getpid()
    spool = tempfile.mkdtemp(prefix="bench-opens-")
    spooled: dict[int, int] = {}

    def audit(event: str, args: tuple) -> None:
        if event == "open" and isinstance(args[0], str) and args[0].startswith(watched):
            pid = os.getpid()
            if pid == parent:
                opens[args[0]] += 1
                return
            fd = spooled.get(pid)
            if fd is None:
                flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
                fd = spooled[pid] = os.open(os.path.join(spool, str(pid)), flags, 0o600)
            os.write(fd, args[0].encode("utf-8", "surrogateescape") + b"\0")

    sys.addaudithook(audit)
    root = Path(__file__).resolve().parents[1]
    # The plugin runs from compiled modules, as plain Pelican does from its installed package.
    from plugin_bytecode import compile_code  # this file runs as a script: bench/ is on sys.path

    compile_code(root)
    # The build cache's and the output's counts (INFO lines) go to stderr for bench.incremental.
    import logging

    for name in ("news_digest.pelican_glue", "news_digest.output_files"):
        log = logging.getLogger(name)
        log.setLevel(logging.INFO)
        log.addHandler(logging.StreamHandler(sys.stderr))
    from pelican import Pelican
    from pelican.settings import read_settings

    stage_seconds: dict[str, float] = {}
    # The process's resident peak when each part ends: which part holds the build's peak.
    peaks: dict[str, float] = {}
    if plugins == "on":
        from news_digest import pipeline

        for name in ("load_stories", "enrich"):
            original = getattr(pipeline, name)

            def timed(*args, _f=original, _name=name, **kwargs):
                start = time.perf_counter()
                try:
                    return _f(*args, **kwargs)
                finally:
                    stage_seconds[_name] = time.perf_counter() - start
                    peaks[_name] = _peak_mb()

            setattr(pipeline, name, timed)
        # The search index runs beside the end of the build; time it apart
        # (plain Pelican has no search), so the speed table can show both:
        # how long Pagefind ran, and how long the build waited for it.
        from news_digest import search

        finish = search.finish

        def timed_finish(*args, **kwargs):
            start = time.perf_counter()
            try:
                seconds = finish(*args, **kwargs)
            finally:
                stage_seconds["search_wait"] = time.perf_counter() - start
            stage_seconds["search"] = seconds or 0.0
            return seconds

        search.finish = timed_finish
    override = {
        "PATH": content,
        "OUTPUT_PATH": output,
        "THEME": str(root / "theme"),
        "PLUGIN_PATHS": [str(root / "plugins")],
        "PLUGINS": ["news_digest"] if plugins == "on" else [],
        "DIGEST_REPORT_PATH": str(Path(output).parent / "digest-report.json"),
        "DIGEST_REFERENCE_DATE": "2026-11-30",
        "LOAD_CONTENT_CACHE": False,
        "CACHE_CONTENT": False,
        **extra,
    }
    settings = read_settings(settings_file, override=override)
    from tree_memory import TreeMemory  # this file runs as a script: bench/ is on sys.path

    # The sampler reads every process's page tables five times a second, on the cores the
    # build needs: timed builds run without it, and memory is measured in builds of their own.
    sampled = os.environ.get(SAMPLE_MEMORY) == "1"
    tree = TreeMemory().start() if sampled else None
    start = time.perf_counter()
    before = _cpu()
    try:
        Pelican(settings).run()
    except BaseException:
        shutil.rmtree(spool, ignore_errors=True)  # a failed build leaves no spool in the temp folder
        raise
    finally:
        tree_mb = tree.stop() if tree else None
    seconds = time.perf_counter() - start
    sampler_cpu_s = tree.cpu_s if tree else 0.0
    # Less the memory sampler's own CPU: it is the benchmark's, not the build's (tree_memory.py).
    cpu_s = _cpu() - before - sampler_cpu_s
    peak_mb = _peak_mb()
    peaks["build"] = peak_mb
    # Forked workers and Pagefind: the largest of them (each is its own process).
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    opens.update(_spooled_opens(spool))
    print(
        "BENCH-RESULT "
        + json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak_mb,
                "child_peak_mb": child_mb,
                "tree_mb": tree_mb,
                "cpu_s": cpu_s,
                "sampler_cpu_s": sampler_cpu_s,
                "files_opened": len(opens),
                "max_opens": max(opens.values(), default=0),
                "stages": stage_seconds,
                "peaks": peaks,
            }
        )
    )


def _spooled_opens(spool: str) -> Counter[str]:
    """The scraped files the forked workers opened (one file of NUL-ended paths each); the spool goes."""
    counted: Counter[str] = Counter()
    try:
        for name in os.listdir(spool):
            with open(os.path.join(spool, name), "rb") as f:
                counted.update(p.decode("utf-8", "surrogateescape") for p in f.read().split(b"\0") if p)
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    return counted


def _peak_mb() -> float:
    """This process's resident peak so far, in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (workers, Pagefind)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
