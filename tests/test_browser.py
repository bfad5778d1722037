"""A real browser (Debian's headless Chromium) loads story pages built from hostile input."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.slow  # each test starts Chromium

# System browsers first: Debian's chromium is what CI installs.
CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
)


def find_browser() -> str | None:
    for name in CANDIDATES:
        path = name if Path(name).is_file() else shutil.which(name)
        if path:
            return path
    return None


def dump_dom(browser: str, page: Path) -> str:
    """The DOM after the page's scripts (if any) ran, as Chromium serialises it."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--virtual-time-budget=2000",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


# Each payload marks the document if it ever runs.
MARK = "document.documentElement.setAttribute('data-pwned','1')"
HOSTILE = (
    f'Fire <script>{MARK}</script> in town | <b onmouseover="{MARK}">World</b> | HC\n\n'
    f"On 20 November 2026 a fire broke out. </script><script>{MARK}</script> Crews came.\n\n"
    f'Firefighters <img src=x onerror="{MARK}"> worked all night. <svg onload="{MARK}"></svg>\n\n'
    f'Residents were told to stay inside. <iframe src="javascript:{MARK}"></iframe>\n'
)


def test_hostile_scraped_text_never_runs_in_the_browser(make_site):
    browser = find_browser()
    if browser is None:
        pytest.skip("no system Chromium found (CI installs Debian's chromium)")
    sidecar = f'url: javascript:{MARK}\nsummary: "<script>{MARK}</script> summary"\n'
    site = make_site({"scraped/fire.txt": HOSTILE, "scraped/fire.yaml": sidecar})
    entry = site.entry("scraped/fire.txt")
    page = site.output / entry["url"] / "index.html"
    dom = BeautifulSoup(dump_dom(browser, page), "html.parser")
    assert dom.find("article") is not None and "a fire broke out" in dom.get_text()  # really rendered
    assert not dom.html.has_attr("data-pwned")
    for listing in (site.output / "index.html", site.output / "archives" / "index.html"):
        assert not BeautifulSoup(dump_dom(browser, listing), "html.parser").html.has_attr("data-pwned")


def test_the_marker_would_be_seen_if_a_script_ran(tmp_path):
    """The check above can fail: a page whose script does run is caught."""
    browser = find_browser()
    if browser is None:
        pytest.skip("no system Chromium found (CI installs Debian's chromium)")
    page = tmp_path / "ran.html"
    page.write_text(f"<!DOCTYPE html><html><body><script>{MARK}</script></body></html>")
    assert BeautifulSoup(dump_dom(browser, page), "html.parser").html.has_attr("data-pwned")
