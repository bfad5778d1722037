"""The cold build's timeline (bench/timeline.py): stage windows, CPU per kind of process, serial stretches."""

from __future__ import annotations

import json
import os

import pytest

from bench import synth
from bench.timeline import Sample, run, stage_table


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
