"""``invoke check``: read and clean the scraped folder without building the site.

An editor runs it after a scrape: every input is read by its reader,
cleaned and dated exactly as the build would, and listed in a table with
what would happen to it (``ok`` or ``rejected`` and why, with the warnings).
Nothing is written. The exit status is 1 when any input is rejected, 2 when
the settings or the registries cannot be read. Reposts are not folded here:
that needs the enrichment stages, which only the build runs.

``python -m news_digest.check [-s pelicanconf.py]`` is the command behind
the task; Pelican is used only to read the settings file.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from .pipeline import load_stories
from .settings import DigestSettings
from .story import Story

# Below this many inputs, reading is quick enough that a bar is only noise.
PROGRESS_FROM = 50


def status_of(story: Story) -> str:
    """``ok`` for a story the build would publish (or fold), else ``rejected``."""
    return "ok" if story.ok else "rejected"


def detail_of(story: Story) -> str:
    """The reason for a rejection, else what the build would publish: headline, outlet, date."""
    if not story.ok:
        return story.reason or "rejected"
    date = story.date.isoformat() if story.date else "no date"
    return f"{story.headline} ({story.outlet}, {date})"


def table(stories: list[Story]) -> Table:
    """The report as a table: one row an input, sorted by path, warnings under the detail."""
    out = Table(title="news-digest check", title_justify="left", box=box.SIMPLE_HEAD)
    out.add_column("status", no_wrap=True)
    out.add_column("input", overflow="fold")
    out.add_column("detail", overflow="fold")
    for story in sorted(stories, key=lambda s: s.source):
        status = status_of(story)
        style = "red" if status == "rejected" else ("yellow" if story.warnings else "green")
        detail = detail_of(story)
        if story.warnings:
            detail += "".join(f"\n  warning: {w}" for w in story.warnings)
        # Text, not markup: a headline saying "[red]" is scraped text, not a style.
        out.add_row(Text(status, style=style), Text(story.source), Text(detail))
    return out


def summary(stories: list[Story]) -> str:
    """One line: how many inputs, ok, rejected and with warnings."""
    counts = Counter(status_of(s) for s in stories)
    warned = sum(1 for s in stories if s.ok and s.warnings)
    return (
        f"news-digest check: {len(stories)} inputs, {counts['ok']} ok ({warned} with warnings), "
        f"{counts['rejected']} rejected"
    )


@contextmanager
def progress_bar(console: Console, enabled: bool) -> Iterator[Any]:
    """An ``on_read(done, total)`` callback drawing a bar on a terminal, or doing nothing."""
    if not enabled:
        yield None
        return
    columns = (
        TextColumn("reading"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("reading", total=None)

        def on_read(done: int, total: int) -> None:
            if total < PROGRESS_FROM:
                return
            bar.update(task, completed=done, total=total)

        yield on_read


def run(settings: DigestSettings, console: Console) -> int:
    """Check the scraped folder and print the table; the exit status."""
    with progress_bar(console, console.is_terminal) as on_read:
        stories = load_stories(settings, on_read=on_read)
    console.print(table(stories))
    console.print(summary(stories), highlight=False)
    return 1 if any(not s.ok for s in stories) else 0


def read_pelican_settings(path: str) -> Mapping[str, Any]:
    """Pelican's settings from a settings file, as a build would read them.

    No page is written, so the theme is not needed: Pelican's own stands in,
    and a project without its theme folder can still be checked.
    """
    from pelican.settings import read_settings

    return read_settings(path, override={"THEME": "simple"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="invoke check", description=__doc__.split("\n\n")[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py", help="Pelican settings file")
    args = parser.parse_args(argv)
    # Wide enough that paths and reasons read on one line when piped to a file.
    console = Console(width=None if sys.stdout.isatty() else 160)
    try:
        settings = DigestSettings.from_pelican(read_pelican_settings(args.settings))
        return run(settings, console)
    except (OSError, ValueError) as exc:  # a missing settings file, a broken registry
        console.print(f"news-digest check: cannot check: {exc}", highlight=False, markup=False)
        return 2


if __name__ == "__main__":
    sys.exit(main())
