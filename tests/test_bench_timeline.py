"""The cold build's timeline (bench/timeline.py): stage windows, CPU per kind of process, serial stretches."""

from __future__ import annotations

import json
import os
import re

import pytest

from bench import synth
from bench.timeline import Sample, bucket_table, main, run, stage_table, with_gaps


def test_build_alone_counts_only_samples_no_other_process_shared():
    # The build (pid 1) works throughout; a worker (pid 2) shares the first two seconds only.
    samples = [
        Sample(0.0, {1: ("build", 0.0), 2: ("workers", 0.0)}),
        Sample(1.0, {1: ("build", 1.0), 2: ("workers", 0.9)}),
        Sample(2.0, {1: ("build", 2.0), 2: ("workers", 1.8)}),
        Sample(3.0, {1: ("build", 3.0)}),  # the worker has exited
        Sample(4.0, {1: ("build", 3.5), 3: ("pagefind", 0.05)}),  # a trickle of Pagefind: still alone
    ]
    lines = stage_table(samples, [(0.0, 2.0, "shared"), (2.0, 4.0, "serial")])
    rows = {line.split()[-1]: line.split() for line in lines[1:]}
    # from, to, wall, build, workers, search, pagefind, build alone
    assert rows["shared"][3:8] == ["2.0", "1.8", "0.0", "0.0", "0.0"]
    assert rows["serial"][3:8] == ["1.5", "0.0", "0.0", "0.1", "1.5"]
    assert rows["build"][3:8] == ["3.5", "1.8", "0.0", "0.1", "1.5"]  # the whole build


def test_buckets_count_the_pagefind_runs_alive_beside_the_cores():
    # Two seconds of one Pagefind run (pid 3), then two of two runs side by side (pids 3 and 4).
    samples = [
        Sample(0.0, {1: ("build", 0.0), 3: ("pagefind", 0.0)}),
        Sample(1.0, {1: ("build", 0.5), 3: ("pagefind", 1.0)}),
        Sample(2.0, {1: ("build", 0.6), 3: ("pagefind", 2.0), 4: ("pagefind", 0.0)}),
        Sample(3.0, {1: ("build", 0.7), 3: ("pagefind", 2.9), 4: ("pagefind", 0.9)}),
        Sample(4.0, {1: ("build", 0.8), 3: ("pagefind", 3.8), 4: ("pagefind", 1.8)}),
    ]
    lines = bucket_table(samples, 2.0)
    assert lines[0].split()[:6] == ["at", "s", "build", "workers", "search", "pagefind"]
    rows = [line.split() for line in lines[1:]]
    # at, build, workers, search, pagefind (cores), runs alive
    assert rows[0] == ["0", "0.30", "0.00", "0.00", "1.00", "1.00"]
    assert rows[1] == ["2", "0.10", "0.00", "0.00", "1.80", "2.00"]


@pytest.mark.slow
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_a_real_build_is_sampled_and_its_stages_marked(tmp_path):
    synth.write_scraped(synth.make_stories(40), tmp_path / "content")
    samples, marks, stdout = run(tmp_path / "content", tmp_path, every=0.05)
    result = next(line for line in stdout.splitlines() if line.startswith("BENCH-RESULT "))
    assert json.loads(result.removeprefix("BENCH-RESULT "))["sampler_cpu_s"] == 0.0  # no memory sampler
    names = [name for _start, _end, name in marks]
    assert "read and clean" in names and "summaries" in names
    assert names.index("read and clean") < names.index("summaries")
    for start, end, _name in marks:
        assert 0.0 <= start <= end <= samples[-1].at + 1.0
    build_cpu = max(cpu for kind, cpu in samples[-1].cpu.values() if kind == "build")
    assert build_cpu > 0.0
    assert (tmp_path / "output" / "index.html").is_file()


def test_stretches_no_stage_covers_get_rows_of_their_own():
    marks = [(1.0, 2.0, "a"), (3.0, 5.0, "c"), (2.0, 2.02, "b"), (4.0, 6.0, "alongside"), (6.5, 7.0, "d")]
    assert with_gaps(marks) == [
        (0.0, 1.0, "(start-up)"),
        (1.0, 2.0, "a"),
        (2.0, 2.02, "b"),
        (2.02, 3.0, "(between stages)"),
        (3.0, 5.0, "c"),
        (4.0, 6.0, "alongside"),
        (6.0, 6.5, "(between stages)"),
        (6.5, 7.0, "d"),
    ]
    # Back-to-back stages, and a build whose first stage starts at once: no gap rows.
    assert with_gaps([(0.0, 1.0, "a"), (1.0, 2.0, "b")]) == [(0.0, 1.0, "a"), (1.0, 2.0, "b")]


@pytest.mark.slow
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_a_plus_ten_build_is_sampled_warm(tmp_path, capsys):
    main(["--n", "40", "--incremental", "--keep", str(tmp_path), "--every", "0.05"])
    out = capsys.readouterr().out
    assert "Timeline of one +10 build" in out
    whole = next(line for line in out.splitlines() if line.endswith("whole build"))
    assert float(whole.split()[3]) > 0.0  # the build process's CPU
    assert "the cold build before it" in out
    # The sampled build found the cold build's cache and output: 40 stories came from the
    # cache, the 10 new ones were read, and unchanged pages were left alone.
    log = (tmp_path / "build.log").read_text()
    assert "reading 40 of 50" in log
    assert re.search(r"news-digest output: \d+ pages rendered, [1-9]\d* unchanged pages left alone", log)
    report = json.loads((tmp_path / "digest-report.json").read_text())
    assert len(report["inputs"]) == 50
