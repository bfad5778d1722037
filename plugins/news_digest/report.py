"""The build report: every scraped input and commentary note is published, folded or rejected.

``build.status`` says how far the build got: ``complete`` once every page the
report lists was written, ``failed`` (with ``build.error``) when the build
stopped; then no input is listed as published unless its page was written.
While pages are being written it is ``writing``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from . import indented_json
from .commentary import Note
from .story import Story

STATUSES = ("published", "folded", "rejected")


def build_report(
    stories: Iterable[Story],
    urls: Mapping[str, str],
    notes: Iterable[Note] = (),
    status: str = "complete",
    error: str | None = None,
) -> dict[str, Any]:
    """The report as a JSON-ready dict, inputs (stories and commentary) sorted by source path."""
    entries = [
        {
            "source": s.source,
            "status": s.status,
            "reason": s.reason,
            "url": urls.get(s.source) if s.status == "published" else None,
            "folded_into": s.folded_into,
            "warnings": list(s.warnings),
            "event": s.event.id if s.ok and s.event else None,
            "timeline": [e.id for e in s.timeline] if s.ok else [],
        }
        for s in stories
    ]
    entries += [
        {
            "source": n.source,
            "status": n.status,
            "reason": n.reason,
            "url": n.url if n.ok else None,
            "folded_into": None,
            "warnings": [],
            "event": None,
            "timeline": [],
        }
        for n in notes
    ]
    inputs = sorted(entries, key=lambda i: i["source"])
    return {"inputs": inputs, "counts": _counts(inputs), "build": {"status": status, "error": error}}


def _counts(inputs: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts = Counter(i["status"] for i in inputs)
    return {status: counts.get(status, 0) for status in STATUSES}


def not_written(report: Mapping[str, Any], written: Iterable[str], error: str) -> dict[str, Any]:
    """``report`` with every published input whose source is not in ``written`` rejected."""
    done = set(written)
    inputs = []
    for entry in report["inputs"]:
        if entry["status"] == "published" and entry["source"] not in done:
            entry = {**entry, "status": "rejected", "url": None, "reason": f"page not written: {error}"}
        inputs.append(entry)
    return {**report, "inputs": inputs, "counts": _counts(inputs)}


def write_report(report: Mapping[str, Any], path: Path) -> None:
    """Write the report (stable key order, UTF-8, trailing newline).

    Written to a temporary file and renamed, so a reader never sees half a
    report, even when the build dies while writing it.
    """
    # indented_json writes json.dumps(..., indent=2, ensure_ascii=False)'s exact
    # text with the C string encoder; the report holds a line per input.
    _write_text(indented_json.dumps(report, indent=2), path)


def _write_text(text: str, path: Path) -> None:
    if path.parent != Path(""):
        path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text + "\n", encoding="utf-8")
    os.replace(partial, path)


class ReportWriter:
    """One build's report, written each time it changes (:func:`write_report`'s text and file).

    A build writes its report when the pages start (``writing``) and again
    when they are done (``complete``), usually with only ``build`` changed. A
    top-level item whose value is the very object it was at the last write
    keeps its text: the inputs, a line per input, are written out once
    (~0.14 CPU s at 10,000). Values are never changed in place here
    (:func:`not_written` and :mod:`.output_guard` make new ones).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._items: dict[str, tuple[Any, str]] = {}
        """Each top-level key's value at the last write, and its text."""

    def write(self, report: Mapping[str, Any]) -> None:
        _write_text(self.text(report), self.path)

    def text(self, report: Mapping[str, Any]) -> str:
        """``indented_json.dumps(report, indent=2)``, the same text."""
        if not report or not all(type(key) is str for key in report):
            self._items = {}
            return indented_json.dumps(report, indent=2)
        items: dict[str, tuple[Any, str]] = {}
        for key, value in report.items():
            kept = self._items.get(key)
            if kept is None or kept[0] is not value:
                # '{\n  "key": value\n}' less its braces: the item as the whole report holds it.
                kept = (value, indented_json.dumps({key: value}, indent=2)[2:-2])
            items[key] = kept
        self._items = items
        return "{\n" + ",\n".join(text for _value, text in items.values()) + "\n}"


def summary_line(report: Mapping[str, Any], path: Path) -> str:
    """One line for the console: the three counts and where the report is."""
    c = report["counts"]
    return (
        f"news-digest: {c['published']} published, {c['folded']} folded, "
        f"{c['rejected']} rejected (report: {path})"
    )
