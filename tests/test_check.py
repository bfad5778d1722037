"""`invoke check`: the readers and the cleaning over the scraped folder, no site built."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from conftest import ROOT, write_files
from news_digest.check import run
from news_digest.settings import DigestSettings
from pages import article_page, index_page

GOOD = (
    "Ferry crews return to work | Island news | Harbour Courier\n\n"
    "Ferry crews in Kellhaven returned to work on Wednesday, 18 November 2026, after a two-day stoppage.\n\n"
    # Long enough to be a story (DIGEST_MIN_WORDS): a one-line page is "not a story".
    "The first boat to Brackwater left the harbour just after six in the morning, and the operator said "
    "the timetable would be back to normal by the evening. The crews had stopped work over a change to "
    "their night shifts, which the company has now agreed to review with the union before the winter.\n"
)


def settings_for(content: Path) -> DigestSettings:
    shutil.copyfile(ROOT / "content" / "sources.yaml", content / "sources.yaml")
    return DigestSettings.from_pelican({"PATH": str(content), "DIGEST_REFERENCE_DATE": "2026-11-30"})


def checked(content: Path, terminal: bool = False) -> tuple[int, str]:
    out = io.StringIO()
    console = Console(file=out, width=200, force_terminal=terminal, color_system=None)
    return run(settings_for(content), console), out.getvalue()


def test_every_input_is_listed_and_a_rejection_fails_the_check(tmp_path):
    write_files(
        tmp_path,
        {
            "scraped/good.txt": GOOD,
            "scraped/page.html": article_page(),
            "scraped/front.html": index_page(),
            "scraped/feed.jsonl": '{"title": "[red]Styled?[/red]", "text": "No date in this one at all, only words. '
            + "More words follow, and none of them is a date. " * 8
            + '"}\n{oops\n',
            "scraped/empty.txt": "",
            "scraped/notes.docx": b"PK\x03\x04",
        },
    )
    status, out = checked(tmp_path)
    assert status == 1
    lines = {
        line.split()[1]: line for line in out.splitlines() if line.strip().startswith(("ok ", "rejected "))
    }
    assert set(lines) == {
        "scraped/good.txt",
        "scraped/page.html",
        "scraped/front.html",
        "scraped/feed.jsonl#1",
        "scraped/feed.jsonl#2",
        "scraped/empty.txt",
        "scraped/notes.docx",
    }
    assert lines["scraped/good.txt"].split()[0] == "ok"
    assert "Ferry crews return to work (The Harbour Courier, 2026-11-18)" in lines["scraped/good.txt"]
    assert lines["scraped/page.html"].split()[0] == "ok"
    assert "not an article: an index page" in lines["scraped/front.html"]
    assert "no date" in lines["scraped/feed.jsonl#1"]
    assert "not readable JSON" in lines["scraped/feed.jsonl#2"]
    assert "no reader for .docx files" in lines["scraped/notes.docx"]
    assert "news-digest check: 7 inputs, 2 ok" in out and "5 rejected" in out
    assert not (tmp_path / "output").exists()  # nothing built


def test_a_clean_folder_passes(tmp_path):
    write_files(tmp_path, {"scraped/good.txt": GOOD})
    status, out = checked(tmp_path)
    assert status == 0 and "1 inputs, 1 ok (0 with warnings), 0 rejected" in out


def test_a_big_folder_on_a_terminal_gets_a_progress_bar(tmp_path):
    write_files(tmp_path, {f"scraped/s{n:02}.txt": GOOD.replace("Ferry", f"Ferry {n}") for n in range(60)})
    _, out = checked(tmp_path, terminal=True)
    assert "60/60" in out
    _, plain = checked(tmp_path, terminal=False)
    assert "60/60" not in plain


@pytest.mark.slow
def test_invoke_check_exits_non_zero_on_a_rejection(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pelicanconf.py", "tasks.py"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(ROOT / "content", project / "content")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"))
    ok = subprocess.run(
        [sys.executable, "-m", "invoke", "check"], cwd=project, env=env, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "rejected" in ok.stdout and " 0 rejected" in ok.stdout
    (project / "content" / "scraped" / "broken.json").write_text("{not json", encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, "-m", "invoke", "check"], cwd=project, env=env, capture_output=True, text=True
    )
    assert bad.returncode == 1
    assert "scraped/broken.json" in bad.stdout and "not readable JSON" in bad.stdout
    assert not (project / "output").exists()
