"""A build's report written again with its unchanged items' text kept: always ``json.dumps``'s text."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from news_digest import output_guard
from news_digest.report import ReportWriter, write_report

_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=12,
)
_REPORTS = st.dictionaries(st.text(max_size=6), _VALUES, max_size=4)


def _dumped(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.tuples(_REPORTS, st.lists(st.booleans(), max_size=4)), min_size=1, max_size=4))
def test_every_write_is_the_text_of_the_whole_report(steps):
    writer = ReportWriter(Path("unused.json"))
    last: dict = {}
    for report, reuse in steps:
        # Some items carried over as the same objects (the inputs between two writes), others new.
        for (key, value), keep in zip(list(last.items()), reuse, strict=False):
            if keep:
                report[key] = value
        assert writer.text(report) == _dumped(report)
        last = report


def test_an_item_replaced_by_an_equal_new_object_or_a_new_value_is_written_again():
    writer = ReportWriter(Path("unused.json"))
    inputs = [{"source": "a", "status": "published"}]
    writer.text({"inputs": inputs, "build": {"status": "writing"}})
    changed = [{"source": "a", "status": "rejected"}]
    report = {"inputs": changed, "build": {"status": "failed"}}
    assert writer.text(report) == _dumped(report)
    assert writer.text({}) == "{}"


def test_a_finished_run_writes_the_report_write_report_writes(tmp_path):
    path = tmp_path / "report.json"
    pages = {"a.html": str(tmp_path / "out" / "a.html"), "b.html": str(tmp_path / "out" / "b.html")}
    inputs = [
        {"source": "a.html", "status": "published", "url": "a/", "reason": None},
        {"source": "b.html", "status": "published", "url": "b/", "reason": None},
    ]
    report = {"inputs": inputs, "counts": {"published": 2, "folded": 0, "rejected": 0}, "build": {}}
    run = output_guard.start(report, path, pages)
    assert json.loads(path.read_text())["build"]["status"] == "writing"
    run.wrote(pages["a.html"])  # b's page is never written: the finish rejects it
    output_guard.finalized(None)
    done = json.loads(path.read_text())
    assert done["build"]["status"] == "complete"
    assert [i["status"] for i in done["inputs"]] == ["published", "rejected"]
    expected = tmp_path / "expected.json"
    write_report(done, expected)
    assert path.read_bytes() == expected.read_bytes()
