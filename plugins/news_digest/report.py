"""The build report: every scraped input and commentary note is published, folded or rejected."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .commentary import Note
from .story import Story

STATUSES = ("published", "folded", "rejected")


def build_report(
    stories: Iterable[Story], urls: Mapping[str, str], notes: Iterable[Note] = ()
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
        }
        for n in notes
    ]
    inputs = sorted(entries, key=lambda i: i["source"])
    counts = Counter(i["status"] for i in inputs)
    return {"inputs": inputs, "counts": {status: counts.get(status, 0) for status in STATUSES}}


def write_report(report: Mapping[str, Any], path: Path) -> None:
    """Write the report (stable key order, UTF-8, trailing newline)."""
    if path.parent != Path(""):
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def summary_line(report: Mapping[str, Any], path: Path) -> str:
    """One line for the console: the three counts and where the report is."""
    c = report["counts"]
    return (
        f"news-digest: {c['published']} published, {c['folded']} folded, "
        f"{c['rejected']} rejected (report: {path})"
    )
