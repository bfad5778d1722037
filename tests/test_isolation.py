"""One failing story never fails the build: any stage, any exception.

The stages have no known crash left to trigger, so a fault is injected into
one stage at a time, for one story (its headline says "Boom"); the real
build must reject that story with the exception's type and message and
publish the others.
"""

from __future__ import annotations

import pytest

from conftest import ROOT, build_site
from hostile_cases import GOOD, GOOD_SOURCE, SOURCES, story
from news_digest import isolation
from news_digest.story import Story

BOOM = story(
    "Boom goes the harbour crane", "The crane fell over on Monday, 23 November 2026. Nobody was hurt."
)
OTHER = story(
    "Island school reopens", "The island school reopened on Monday, 23 November 2026, after repairs."
)


def _boom(stories) -> bool:
    return any(s.ok and "Boom" in s.headline for s in stories)


def _inject(monkeypatch, stage: str) -> None:
    """Make ``stage`` raise RuntimeError('injected') whenever it meets the Boom story."""
    from news_digest import clean, pelican_glue
    from news_digest.enrich import stages, summary
    from news_digest.readers import READERS

    def failing(original, per_story=False):
        def wrapper(*args, **kwargs):
            first = args[0]
            items = [first] if isinstance(first, Story) else list(first) if isinstance(first, list) else []
            if (per_story and "Boom" in first.headline) or (not per_story and _boom(items)):
                raise RuntimeError("injected")
            return original(*args, **kwargs)

        return wrapper

    if stage == "reading":
        original = READERS[".txt"]

        def read(path, source, **limits):
            if "boom" in source:
                raise RuntimeError("injected")
            return original(path, source, **limits)

        monkeypatch.setitem(READERS, ".txt", read)
    elif stage == "outlet":  # run as each file is read (in a worker, in a large build)
        from news_digest import meta

        monkeypatch.setattr(meta, "resolve_outlet", failing(meta.resolve_outlet, per_story=True))
    elif stage == "cleaning":
        monkeypatch.setattr(clean, "clean_story", failing(clean.clean_story, per_story=True))
    elif stage == "learning furniture":  # a stage that only reads the stories (guarded's pure)
        from news_digest import pipeline

        monkeypatch.setattr(pipeline, "facts_of", failing(pipeline.facts_of, per_story=True))
    elif stage == "summaries":
        original = summary.summarise

        def summarise(paragraphs, headline, n):
            if "Boom" in headline:
                raise RuntimeError("injected")
            return original(paragraphs, headline, n)

        monkeypatch.setattr(summary, "summarise", summarise)
    elif stage == "making the page":
        monkeypatch.setattr(pelican_glue, "body_html", failing(pelican_glue.body_html, per_story=True))
    else:  # whole-archive stages: they fail whenever the Boom story is among the ones they get
        name = {"entities": "add_entities", "fold": "fold_reposts", "related": "link_related"}[stage]
        monkeypatch.setattr(stages, name, failing(getattr(stages, name)))


@pytest.mark.parametrize(
    "stage",
    [
        "reading",
        "outlet",
        "learning furniture",
        "cleaning",
        "summaries",
        "entities",
        "fold",
        "related",
        "making the page",
    ],
)
def test_a_stage_that_raises_rejects_only_that_story(tmp_path, monkeypatch, stage):
    _inject(monkeypatch, stage)
    site = build_site(
        tmp_path,
        {GOOD_SOURCE: GOOD, "scraped/boom.txt": BOOM, "scraped/other.txt": OTHER},
        sources=SOURCES,
    )
    boom = site.entry("scraped/boom.txt")
    assert boom["status"] == "rejected"
    assert boom["reason"] == f"{stage} failed: RuntimeError: injected"
    for source in (GOOD_SOURCE, "scraped/other.txt"):
        assert site.entry(source)["status"] == "published", site.entry(source)
        assert (site.output / site.entry(source)["url"] / "index.html").is_file()
    assert site.report["build"]["status"] == "complete"
    # Nothing links to the rejected story.
    for page in site.output.rglob("*.html"):
        assert "Boom goes the harbour crane" not in page.read_text(encoding="utf-8"), page


def _stories(*names: str) -> list[Story]:
    return [Story(source=name, headline=name) for name in names]


def test_guarded_restores_what_a_failed_run_changed():
    stories = _stories("a", "b", "boom", "c")

    def stage(batch):
        for s in batch:
            s.warnings.append("seen")
        if any(s.ok and s.headline == "boom" for s in batch):
            raise ValueError("no good")

    isolation.guarded("tagging", stories, stage)
    assert [s.status for s in stories] == ["published", "published", "rejected", "published"]
    assert stories[2].reason == "tagging failed: ValueError: no good"
    # The stage ran many times during the search; each story keeps one run's changes.
    assert [s.warnings for s in stories if s.ok] == [["seen"], ["seen"], ["seen"]]


def test_guarded_finds_each_of_several_culprits():
    stories = _stories(*"abcdefgh")
    bad = {"b", "g"}

    def stage(batch):
        hit = [s for s in batch if s.ok and s.headline in bad]
        if hit:
            raise KeyError(hit[0].headline)

    isolation.guarded("linking", stories, stage)
    assert {s.source for s in stories if not s.ok} == bad


def test_a_stage_broken_for_everyone_still_fails_the_build():
    def stage(batch):
        raise RuntimeError("broken stage")

    with pytest.raises(RuntimeError, match="broken stage"):
        isolation.guarded("broken", _stories("a", "b"), stage)


def test_each_enrichment_stage_changes_only_the_fields_it_names(monkeypatch):
    """The snapshot a guarded stage takes holds only the fields it names (``stages.WRITES``):
    over the demo archive (reposts, event hints, pinned links) and notes that set a summary, pin a
    story, name an event and sit on a repost, no stage changes any other field."""
    from news_digest import codec, pipeline
    from news_digest.commentary import classify
    from news_digest.enrich import stages
    from news_digest.settings import DigestSettings

    changed: dict[str, set[str]] = {}
    names = [name for name, _state in codec._story_states()]
    original = stages.guarded

    def watched(name, stories, stage, pure=False, writes=None):
        before = [codec.story_reprs(s) for s in stories]
        original(name, stories, stage, pure=pure, writes=writes)
        for s, was in zip(stories, before, strict=True):
            now = codec.story_reprs(s)
            changed.setdefault(name, set()).update(
                n for n, a, b in zip(names, was, now, strict=True) if a != b
            )

    monkeypatch.setattr(stages, "guarded", watched)
    notes = [
        classify(
            "commentary/a.md",
            "<p>A note.</p>",
            {
                "story": "kellhaven-cranes-move-again-as-first-ships-berth-after-strike",
                "summary": "Ours.",
                "related": "eastmarch-puts-flood-bill-at-180-million-euros-and-turns-to-brussels",
            },
        ),
        classify("commentary/b.md", "<p>On a repost.</p>", {"story": "province-asks-brussels-for-flood-aid"}),
        classify(
            "commentary/c.md",
            "<p>Joined.</p>",
            {"story": "port-reopens-but-shops-say-full-shelves-are-a-fortnight-away", "event": "none"},
        ),
    ]
    settings = DigestSettings.from_pelican(
        {"PATH": str(ROOT / "content"), "DIGEST_REFERENCE_DATE": "2026-11-30", "DIGEST_JOBS": 1}
    )
    stories = pipeline.run_pipeline(settings, notes)
    assert all(note.ok for note in notes), [note.reason for note in notes]
    assert any(s.status == "folded" for s in stories) and any(s.commentary for s in stories)
    assert set(changed) == set(stages.WRITES)
    for name, fields in changed.items():
        assert fields <= {*stages.WRITES[name], *isolation.REJECTING}, (name, fields)
    assert {"summary", "pinned_related", "event_hint"} <= changed["commentary"]
    assert changed["fold"] >= {"status", "folded_into", "also_reported"}


def test_guarded_with_named_fields_restores_them():
    stories = _stories("a", "boom", "b")

    def stage(batch):
        for s in batch:
            if s.ok:
                s.tags.append("seen")
                s.slug = "x"
        if any(s.ok and s.headline == "boom" for s in batch):
            raise ValueError("no good")

    isolation.guarded("tagging", stories, stage, writes=("tags", "slug"))
    assert [s.status for s in stories] == ["published", "rejected", "published"]
    assert [s.tags for s in stories if s.ok] == [["seen"], ["seen"]]
    assert stories[1].tags == [] and stories[1].slug == ""


def test_cleaning_changes_only_the_fields_it_names(monkeypatch, tmp_path_factory):
    """Cleaning's workers compare and send back only ``pipeline.CLEANING_WRITES``
    (``incremental.per_story``): over the demo archive and the hostile inputs (rejections, sidecars
    with every key, cut headlines, undated stories), cleaning and dating change no other field."""
    import shutil

    from hostile_cases import CASES
    from news_digest import codec, pipeline

    names = [name for name, _state in codec._story_states()]
    changed: set[str] = set()
    original = pipeline.each

    def watched(name, stories, step):
        if name != "cleaning":
            return original(name, stories, step)
        before = [codec.story_reprs(s) for s in stories]
        original(name, stories, step)
        for s, was in zip(stories, before, strict=True):
            now = codec.story_reprs(s)
            changed.update(n for n, a, b in zip(names, was, now, strict=True) if a != b)
        return None

    monkeypatch.setattr(pipeline, "each", watched)
    # (A short folder: a hostile case makes a socket there, whose path has a length limit.)
    tmp_path = tmp_path_factory.mktemp("cw")
    demo = tmp_path / "demo" / "content"
    shutil.copytree(ROOT / "content", demo)
    build_site(tmp_path / "demo", {}, DIGEST_JOBS=1, DIGEST_MIN_WORDS=40)
    hostile = tmp_path / "h" / "content"
    for case in CASES:
        if not case.size and case.sources == SOURCES:
            case.make(hostile)
    undated = "Quay lights | Regional news | Harbour Courier\n\nThe quay lights were mended. Ships can dock at night again.\n"
    more = {
        GOOD_SOURCE: GOOD,
        "scraped/good/undated.txt": undated,  # no date anywhere: rejected by dating
        "scraped/good/sidecar.txt": OTHER,
        "scraped/good/sidecar.yaml": "url: javascript:alert(1)\ndate: soon\ntags: [Schools]\nrelated: [x]\n",
    }
    build_site(tmp_path / "h", more, sources=SOURCES, DIGEST_JOBS=1)
    assert changed <= set(pipeline.CLEANING_WRITES), changed - set(pipeline.CLEANING_WRITES)
    assert {"blocks", "headline", "date", "date_from", "status", "reason", "warnings", "tags"} <= changed
