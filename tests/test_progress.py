"""Progress output and stage times (issue 11): plain lines when not on a terminal, and the summary."""

from __future__ import annotations

import io
import logging
import re
import shutil

from conftest import ROOT, build_site
from news_digest.progress import Progress, Stages


def test_lines_at_each_tenth_and_nothing_below_the_threshold() -> None:
    out = io.StringIO()  # not a terminal: plain lines
    progress = Progress.for_build(stories=1000, least=500, stream=out)
    assert progress.mode == "lines"
    progress.start("writing pages", 200)
    for done in range(1, 201):
        progress.update(done)
    progress.finish()
    lines = out.getvalue().splitlines()
    assert lines[0] == "news-digest: writing pages, 200 items ..."
    assert [re.search(r"(\d+)%", line).group(1) for line in lines[1:-1]] == [
        str(10 * k) for k in range(1, 11)
    ]
    assert lines[-1].startswith("news-digest: writing pages done, ")
    quiet = io.StringIO()
    small = Progress.for_build(stories=499, least=500, stream=quiet)
    small.start("writing pages", 10)
    small.update(10)
    small.finish()
    assert small.mode == "off" and quiet.getvalue() == ""
    assert Progress.for_build(stories=10**6, least=0, stream=out).mode == "off"  # 0: never


def test_stages_keep_their_order_and_add_up() -> None:
    heard = []
    stages = Stages(lambda name, seconds: heard.append(name))
    stages["read and clean"] = 1.25
    stages["summaries"] = 0.5
    stages["read and clean"] += 1.0
    assert stages.line() == "read and clean 2.2 s, summaries 0.5 s"
    assert heard == ["read and clean", "summaries", "read and clean"]


def test_a_real_build_shows_its_stages_in_plain_lines_and_times_them_in_the_summary(
    tmp_path, capsys, caplog
) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "scraped" / "harbour-courier", content / "scraped" / "harbour-courier")
    with caplog.at_level(logging.INFO, logger="news_digest.summary"):
        site = build_site(tmp_path, {}, DIGEST_PROGRESS_MIN=2, DIGEST_JOBS=1)
    err = capsys.readouterr().err  # pytest's capture is no terminal
    lines = [line for line in err.splitlines() if line.startswith("news-digest: ")]
    assert "news-digest: pipeline ..." in lines
    for stage in ("read and clean", "summaries", "entities", "related"):
        assert any(re.fullmatch(rf"news-digest: pipeline: {stage} \d+\.\d s", line) for line in lines), stage
    assert any(re.fullmatch(r"news-digest: story bodies done, \d+\.\d s", line) for line in lines)
    assert "\x1b" not in err and "\r" not in err  # no bar, no colours
    published = site.report["counts"]["published"]
    summary = [r.getMessage() for r in caplog.records if r.name == "news_digest.summary"]
    assert len(summary) == 1
    assert summary[0].startswith(f"news-digest: {published} published, ")
    times = summary[0].split("; ", 1)[1]
    for stage in ("read and clean", "entities", "story bodies", "Pelican's feeds and pages", "digests"):
        assert stage in times, times
    assert re.match(r"\d+\.\d s: ", times)
