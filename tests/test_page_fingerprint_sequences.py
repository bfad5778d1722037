"""Random sequences of builds with the cache: every build's output is a cold build's, byte for byte.

Page fingerprints (:mod:`news_digest.page_fingerprints`) decide which pages a
build leaves alone. A fingerprint that misses one thing a page reads leaves
a stale page behind, and only a later build's comparison with a build from
scratch shows it. Here one site is built again and again, each time after
one change of a kind a newsroom makes (a story added, edited, retitled,
given another slug or deleted; a tag shared; a related link pinned or
dropped; a repost that folds into its original; an editor's storyline; a
template edited; a setting the templates read, one read when the articles
are made, the one that decides which tags have pages), and each build is
compared, file by file and with its report, with a cold build (no cache,
fresh folder) of the same content, theme and settings. Each sequence is a
shuffled deck of every kind of change, one a build, so that no change
hides another's stale page.

Every story is from the project's demo content (our own fiction).
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import pytest

from conftest import ROOT, build_site, tree_bytes

DEMO = ROOT / "content" / "scraped"
KEPT = "harbour-courier"
"""The outlet the site starts with."""
POOL = "northern-ledger"
"""The outlet whose stories are added one by one."""
COPIES = "riverside-post"
"""Reposts of kept stories are filed under this outlet (they fold into the original)."""


@dataclass
class Site:
    """The kept site's folder and what its next build is given."""

    root: Path
    theme: Path
    settings: dict[str, Any] = field(default_factory=dict)
    edits: int = 0

    @property
    def scraped(self) -> Path:
        return self.root / "content" / "scraped"

    def stories(self) -> list[Path]:
        return sorted(self.scraped.rglob("*.txt"))

    def source(self, story: Path) -> str:
        return story.relative_to(self.root / "content").as_posix()


def _set_sidecar(story: Path, key: str, value: str | None) -> None:
    """Set (or, with None, drop) one line of a story's sidecar, making the sidecar if needed."""
    sidecar = story.with_suffix(".yaml")
    lines = sidecar.read_text(encoding="utf-8").splitlines() if sidecar.exists() else []
    lines = [line for line in lines if not line.startswith(f"{key}:")]
    if value is not None:
        lines.append(f"{key}: {value}")
    sidecar.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _copy_story(text: Path, to: Path) -> None:
    to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(text, to)
    if text.with_suffix(".yaml").exists():
        shutil.copy2(text.with_suffix(".yaml"), to.with_suffix(".yaml"))


Change: TypeAlias = Callable[["Site", random.Random], "Change | None"]
"""A change made to the site; it may return a change that the next build makes."""


def add(site: Site, rng: random.Random) -> None:
    """A story of another outlet arrives."""
    present = {p.name for p in site.stories()}
    pool = [p for p in sorted((DEMO / POOL).glob("*.txt")) if p.name not in present]
    if pool:
        story = rng.choice(pool)
        _copy_story(story, site.scraped / POOL / story.name)


def delete(site: Site, rng: random.Random) -> None:
    """A story is taken down (with its sidecar)."""
    stories = site.stories()
    if len(stories) > 6:
        story = rng.choice(stories)
        story.unlink()
        story.with_suffix(".yaml").unlink(missing_ok=True)


def edit(site: Site, rng: random.Random) -> None:
    """A story's text gains a paragraph."""
    story = rng.choice(site.stories())
    site.edits += 1
    with story.open("a", encoding="utf-8") as out:
        out.write(f"\nThe council will publish its answer on day {site.edits} of the inquiry.\n")


def retitle(site: Site, rng: random.Random) -> None:
    """A story's headline changes (so its slug, URL and every link to it do)."""
    story = rng.choice(site.stories())
    site.edits += 1
    _set_sidecar(story, "title", f"Revised headline number {site.edits} for the harbour desk")


def reslug(site: Site, rng: random.Random) -> None:
    """An editor gives a story another slug: its URL moves, its headline stays (links to it change)."""
    story = rng.choice(site.stories())
    site.edits += 1
    _set_sidecar(story, "slug", f"moved-story-{site.edits}")


def share_tag(site: Site, rng: random.Random) -> Change:
    """A story gets a tag of its own (shown as text); the next build, a story months older arrives
    carrying it: the tag gets a page, and the first story's page links it.

    Months older, so that it is no related story and in no storyline of the
    first: that story's page changes for its tag's page alone.
    """
    story = rng.choice(site.stories())
    site.edits += 1
    tag = f"Harbour lights {site.edits}"
    _set_sidecar(story, "tags", f"[{tag}]")

    def older_story_shares_it(site: Site, rng: random.Random) -> None:
        old = site.scraped / POOL / f"archive-{site.edits}.txt"
        old.parent.mkdir(parents=True, exist_ok=True)
        old.write_text(
            f"Ledger archive piece {site.edits} on the county fair | Economy | Northern Ledger\n\n"
            f"The county fair drew {site.edits} thousand visitors over the weekend, its organisers said.\n\n"
            "Stallholders said sales of cider and cheese were up on last year.\n",
            encoding="utf-8",
        )
        _set_sidecar(old, "date", f"2026-0{1 + site.edits % 5}-1{site.edits % 10}")
        _set_sidecar(old, "tags", f"[{tag}]")

    return older_story_shares_it


def relink(site: Site, rng: random.Random) -> None:
    """An editor pins a related story on another, or drops the pin."""
    stories = site.stories()
    story, other = rng.sample(stories, 2)
    pinned = None if rng.random() < 0.3 else f"[{site.source(other)}]"
    _set_sidecar(story, "related", pinned)


def fold(site: Site, rng: random.Random) -> None:
    """Another outlet reposts a kept story word for word: the copy folds into the original."""
    originals = sorted((site.scraped / KEPT).glob("*.txt"))
    if not originals:
        return
    story = rng.choice(originals)
    lines = story.read_text(encoding="utf-8").split("\n")
    headline = lines[0].rsplit("|", 1)[0]
    copy = site.scraped / COPIES / f"copy-of-{story.name}"
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text("\n".join([headline + "| Riverside Post", *lines[1:]]), encoding="utf-8")


def storyline(site: Site, rng: random.Random) -> None:
    """An editor puts one story in another's storyline (the sidecar's ``event``)."""
    story, lead = rng.sample(site.stories(), 2)
    _set_sidecar(story, "event", site.source(lead))


def template(site: Site, rng: random.Random) -> None:
    """A template of the theme is edited: a line of text every page it renders shows."""
    name = rng.choice(["article.html", "tag.html", "digest.html", "base.html", "archives.html"])
    path = site.theme / "templates" / name
    site.edits += 1
    text = path.read_text(encoding="utf-8")
    if "{% extends" in text:  # a child shows only its blocks: the line goes at the end of its last one
        head, tail = text.rsplit("{% endblock", 1)
        text = f"{head}<p>Edit {site.edits}</p>{{% endblock{tail}"
    else:
        text += f"<!-- edit {site.edits} -->\n"
    path.write_text(text, encoding="utf-8")


def subtitle(site: Site, rng: random.Random) -> None:
    """A setting the templates read (every page shows it) changes."""
    site.edits += 1
    site.settings["SITESUBTITLE"] = f"Edition {site.edits}"


def date_format(site: Site, rng: random.Random) -> None:
    """A setting read when the articles are made (their dates as the lists show them) changes."""
    site.edits += 1
    site.settings["DEFAULT_DATE_FORMAT"] = f"%d %B %Y (edition {site.edits})"


def tag_threshold(site: Site, rng: random.Random) -> None:
    """The setting that decides which tags have pages changes."""
    site.settings["DIGEST_TAG_MIN_STORIES"] = 3 if site.settings.get("DIGEST_TAG_MIN_STORIES") == 2 else 2


CHANGES: list[Change] = [
    add,
    delete,
    edit,
    retitle,
    reslug,
    share_tag,
    relink,
    fold,
    storyline,
    template,
    subtitle,
    date_format,
    tag_threshold,
]


def _build(root: Path, theme: Path, **settings: Any) -> tuple[dict[str, bytes], bytes]:
    site = build_site(root, {}, THEME=str(theme), DELETE_OUTPUT_DIRECTORY=False, **settings)
    return tree_bytes(site.output), site.report_path.read_bytes()


def _cold(site: Site, folder: Path) -> tuple[dict[str, bytes], bytes]:
    """A build of the same content, theme and settings without a cache, in a fresh folder."""
    shutil.copytree(site.scraped, folder / "content" / "scraped")
    return _build(folder, site.theme, DIGEST_CACHE_PATH="", **site.settings)


def _mtimes(output: Path) -> dict[str, int]:
    return {p.relative_to(output).as_posix(): p.stat().st_mtime_ns for p in output.rglob("*.html")}


@pytest.mark.parametrize("seed", [1, 2])
def test_random_changes_build_what_a_cold_build_builds(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    site = Site(tmp_path / "kept", theme, {"DIGEST_TAG_MIN_STORIES": 2})
    for story in sorted((DEMO / KEPT).glob("*.txt")):
        _copy_story(story, site.scraped / KEPT / story.name)
    _build(site.root, theme, **site.settings)
    deck = list(CHANGES)
    rng.shuffle(deck)
    left_alone = 0
    step = 0
    while deck:  # one change a build: none hides another's stale page
        step += 1
        change = deck.pop()
        then = change(site, rng)
        if then is not None:
            deck.append(then)
        before = _mtimes(site.root / "output")
        kept = _build(site.root, theme, **site.settings)
        after = _mtimes(site.root / "output")
        left_alone += sum(1 for name, mtime in after.items() if before.get(name) == mtime)
        cold = _cold(site, tmp_path / f"cold{step}")
        name = change.__name__
        assert sorted(kept[0]) == sorted(cold[0]), name
        stale = [page for page, data in cold[0].items() if kept[0][page] != data]
        assert stale == [], (name, stale)
        assert kept[1] == cold[1], name
    assert left_alone > 0  # the builds did leave unchanged pages alone
