"""Tag quality on real scrapes (``newsdata/``) against our hand-labelled names.

``python -m bench.quality_tags`` prints the rows; ``invoke bench --quality``
prints them in the "real scrapes" table together with the rows of
``bench/quality_scrapes.py``. Each row is ``{"metric", "ours", "target",
"note"}``.

* tags per story: the tags the entity stage gives each published story
  (after ``DIGEST_MAX_TAGS``);
* precision: the share of tags, on the labelled stories, that are a labelled
  name (``names`` or ``also``);
* recall: the share of important names (``names``) that are among the tags.

  Both are given for the development set (``bench/labels/newsdata-names.yaml``:
  the rules were tuned looking at its misses), for the second newsdata set
  (``bench/labels/newsdata-names-heldout.yaml``: labelled before that and held
  out for four rounds; a development set since the tags8 round, its last
  held-out figure is in ``bench/RESULTS.md``), for both together, and for a
  second development set from edited news of many outlets
  (``bench/labels/ecbplus-names.yaml``: 45 ``ecbplus/`` stories, tagged
  with the rest of that corpus as their archive), and for a third
  development set from BBC News (``bench/labels/bbc-names.yaml``: 40
  politics, business and tech stories of ``bbc/``, tagged with the whole
  corpus as their archive; its first figure, measured before any rule was
  tuned on it, is the out-of-sample one in ``bench/RESULTS.md``), and for a
  fourth from saved web pages of many sites (``bench/labels/zyte-names.yaml``:
  40 English pages of ``zyte-aeb/`` read by the HTML reader, the whole
  corpus as their archive), so that a rule is checked on text it was not
  written on; and for a fifth set of 30 further pages of that corpus
  (``bench/labels/zyte-names-fifth.yaml``), labelled as the out-of-sample
  check of the round that tuned on the fourth and a development set from the
  next round on; for a sixth set of 20 ``cnndm/`` stories
  (``bench/labels/cnndm-names-sixth.yaml``), labelled as the out-of-sample
  check of the round that developed on the fifth and a development set from
  the tags12 round on; and for a seventh set of 30
  ``bbc/`` sport and entertainment stories
  (``bench/labels/bbc-names-seventh.yaml``), the tags8 round's
  out-of-sample check and a development set from the tags10 round on; and
  for an eighth set of 30 further ``cnndm/`` stories
  (``bench/labels/cnndm-names-eighth.yaml``), labelled as the tags10 round's
  out-of-sample check;
* tag pages: tags carried by at least ``DIGEST_TAG_MIN_STORIES`` stories,
  which are the tags that get a page, and the share of those pages with a
  single story; plus the share of all distinct tags that only one story
  carries (those show as text on their story page).

``--show`` lists, per story of the eight development sets, the tags that are
not labelled and the important names that were missed. It never lists the
eighth set's: looking at it would make it a development set.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import yaml

from news_digest.enrich import entities
from news_digest.settings import DEFAULTS
from news_digest.story import Story

from .corpora import DEFAULT_CORPORA, load_corpus, require

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "bench" / "labels" / "newsdata-names.yaml"
HELD_OUT = ROOT / "bench" / "labels" / "newsdata-names-heldout.yaml"
"""The second newsdata set: held out for four rounds, a development set since tags8."""
SECOND = ROOT / "bench" / "labels" / "ecbplus-names.yaml"
"""The second development set, on ``ecbplus/``."""
THIRD = ROOT / "bench" / "labels" / "bbc-names.yaml"
"""The third development set, on ``bbc/``."""
FOURTH = ROOT / "bench" / "labels" / "zyte-names.yaml"
"""The fourth development set, on the saved pages of ``zyte-aeb/``."""
FIFTH = ROOT / "bench" / "labels" / "zyte-names-fifth.yaml"
"""A fifth set: 30 further ``zyte-aeb/`` pages, the tags6 round's out-of-sample check, then developed on."""
SIXTH = ROOT / "bench" / "labels" / "cnndm-names-sixth.yaml"
"""A sixth set: 20 ``cnndm/`` stories, the tags7 round's out-of-sample check, developed on since tags12."""
SEVENTH = ROOT / "bench" / "labels" / "bbc-names-seventh.yaml"
"""A seventh set: 30 ``bbc/`` sport and entertainment stories, the tags8 check, developed on since tags10."""
EIGHTH = ROOT / "bench" / "labels" / "cnndm-names-eighth.yaml"
"""An eighth set: 30 further ``cnndm/`` stories, labelled as the tags10 round's out-of-sample check."""

Label = frozenset[str]
"""The accepted forms of one name, case-folded."""


def load_labels(path: Path = LABELS) -> dict[str, tuple[list[Label], list[Label]]]:
    """``{story stem: (important names, other acceptable names)}``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def forms(entry: object) -> Label:
        items = entry if isinstance(entry, list) else [entry]
        return frozenset(str(item).casefold() for item in items)

    return {
        stem: ([forms(e) for e in row.get("names") or []], [forms(e) for e in row.get("also") or []])
        for stem, row in data.items()
    }


def tagged_stories(corpus: Path, max_tags: int) -> list[Story]:
    """The corpus read by the pipeline and tagged with the project's gazetteer."""
    stories = load_corpus(corpus)
    gazetteer = entities.load_gazetteer(ROOT / "content" / "entities.yaml")
    entities.add_entities(stories, gazetteer, max_tags=max_tags)
    return [s for s in stories if s.ok]


def tagged_pages(corpus: Path, max_tags: int) -> list[Story]:
    """The saved pages of ``corpus/html`` (``*.html.gz``) read by the pipeline's HTML reader and tagged.

    They are copied into a temporary ``scraped/`` folder, as a scraper would
    leave them; the whole corpus is the archive the names are ranked over.
    """
    require(corpus / "html")
    with tempfile.TemporaryDirectory(prefix="bench-tags-") as tmp:
        (Path(tmp) / "scraped").mkdir()
        for page in sorted((corpus / "html").glob("*.html.gz")):
            shutil.copyfile(page, Path(tmp) / "scraped" / page.name)
        return tagged_stories(Path(tmp), max_tags)


def story_key(story: Story) -> str:
    """The name a label file gives a story: its file name without extensions.

    A saved page's name is a 64-digit hash; its labels use the first ten.
    """
    name = Path(story.source).name.split(".", 1)[0]
    return name[:10] if len(name) == 64 else name


def score(stories: list[Story], labels: dict[str, tuple[list[Label], list[Label]]]) -> dict[str, object]:
    """Precision, recall and the misses, on the labelled stories."""
    right = total = found = wanted = 0
    wrong: dict[str, list[str]] = {}
    missed: dict[str, list[str]] = {}
    for story in stories:
        stem = story_key(story)
        if stem not in labels:
            continue
        important, also = labels[stem]
        accepted = set().union(*important, *also)
        tags = {t.casefold() for t in story.tags}
        total += len(tags)
        right += len(tags & accepted)
        wrong[stem] = [t for t in story.tags if t.casefold() not in accepted]
        wanted += len(important)
        hits = [label for label in important if label & tags]
        found += len(hits)
        missed[stem] = [sorted(label)[0] for label in important if not label & tags]
    return {
        "precision": right / total if total else 0.0,
        "recall": found / wanted if wanted else 0.0,
        "tags": total,
        "names": wanted,
        "wrong": wrong,
        "missed": missed,
    }


def tag_pages(stories: list[Story], min_stories: int) -> tuple[int, int, int, int]:
    """(tag pages, pages with one story, distinct tags, tags on one story only)."""
    counts = Counter(key for s in stories for key in {t.casefold() for t in s.tags})
    pages = [n for n in counts.values() if n >= min_stories]
    return len(pages), sum(1 for n in pages if n == 1), len(counts), sum(1 for n in counts.values() if n == 1)


def measure(corpora: Path = DEFAULT_CORPORA) -> list[dict[str, object]]:
    """The tag rows of the real-scrapes table."""
    corpus = corpora / "newsdata"
    max_tags = int(DEFAULTS["DIGEST_MAX_TAGS"])
    min_stories = int(DEFAULTS["DIGEST_TAG_MIN_STORIES"])
    stories = tagged_stories(corpus, max_tags)
    development, held_out = load_labels(LABELS), load_labels(HELD_OUT)
    pages, single_pages, distinct, single = tag_pages(stories, min_stories)
    per_story = sum(len(s.tags) for s in stories) / len(stories) if stories else 0.0
    rows: list[dict[str, object]] = [
        {
            "metric": "tags per story",
            "ours": round(per_story, 2),
            "target": f"<= {max_tags}",
            "note": f"{len(stories)} published stories",
        }
    ]
    for name, labels in (
        ("development set", development),
        ("second newsdata set (a development set since tags8)", held_out),
        ("all labelled", {**development, **held_out}),
    ):
        rows.extend(_score_rows(stories, labels, name))
    if (corpora / "ecbplus").is_dir():
        second = tagged_stories(corpora / "ecbplus", max_tags)
        rows.extend(_score_rows(second, load_labels(SECOND), "second development set (ecbplus)"))
    if (corpora / "bbc").is_dir():
        third = tagged_stories(corpora / "bbc", max_tags)
        rows.extend(_score_rows(third, load_labels(THIRD), "third development set (bbc)"))
        rows.extend(_score_rows(third, load_labels(SEVENTH), "seventh set (bbc sport, entertainment)"))
    if (corpora / "zyte-aeb" / "html").is_dir():
        fourth = tagged_pages(corpora / "zyte-aeb", max_tags)
        rows.extend(_score_rows(fourth, load_labels(FOURTH), "fourth development set (zyte-aeb)"))
        rows.extend(_score_rows(fourth, load_labels(FIFTH), "fifth set (zyte-aeb, 30 more pages)"))
    if (corpora / "cnndm").is_dir():
        sixth = tagged_stories(corpora / "cnndm", max_tags)
        rows.extend(
            _score_rows(sixth, load_labels(SIXTH), "sixth set (cnndm, 20, a development set since tags12)")
        )
        rows.extend(_score_rows(sixth, load_labels(EIGHTH), "eighth set (cnndm, 30 more, out of sample)"))
    return [
        *rows,
        {
            "metric": "tag pages",
            "ours": pages,
            "target": "",
            "note": f"tags on >= {min_stories} stories; {distinct} distinct tags",
        },
        {
            "metric": "tag pages with a single story",
            "ours": round(single_pages / pages, 3) if pages else 0.0,
            "target": "0",
            "note": f"{single} of {distinct} tags ({single / distinct:.0%}) are on one story: text, no page"
            if distinct
            else "",
        },
    ]


Labels = dict[str, tuple[list[Label], list[Label]]]
"""``{story stem: (important names, other acceptable names)}``."""


def _score_rows(stories: list[Story], labels: Labels, name: str) -> list[dict[str, object]]:
    """Precision and recall rows for one set of labels."""
    result = score(stories, labels)
    labelled = sum(1 for s in stories if story_key(s) in labels)
    return [
        {
            "metric": f"tag precision, {name}",
            "ours": round(float(result["precision"]), 3),
            "target": ">= 0.95",
            "note": f"{result['tags']} tags on {labelled} hand-labelled stories",
        },
        {
            "metric": f"tag recall (important names), {name}",
            "ours": round(float(result["recall"]), 3),
            "target": ">= 0.85",
            "note": f"{result['names']} important names",
        },
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.quality_tags", description=__doc__)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--show", action="store_true", help="unlabelled tags and missed names per story")
    args = parser.parse_args(argv)
    for row in measure(args.corpora):
        print(f"{row['metric']:<52}{row['ours']!s:>9}  {row['target']:<8} {row['note']}")
    if args.show:
        max_tags = int(DEFAULTS["DIGEST_MAX_TAGS"])
        sets = (
            ("newsdata", LABELS),
            ("newsdata", HELD_OUT),
            ("ecbplus", SECOND),
            ("bbc", THIRD),
            ("zyte-aeb", FOURTH),
            ("zyte-aeb", FIFTH),
            ("bbc", SEVENTH),
            ("cnndm", SIXTH),
        )
        for corpus, labels in sets:
            load = tagged_pages if corpus == "zyte-aeb" else tagged_stories
            result = score(load(args.corpora / corpus, max_tags), load_labels(labels))
            for stem in sorted(result["wrong"]):
                wrong, missed = result["wrong"][stem], result["missed"][stem]
                if wrong or missed:
                    print(f"{stem}: not labelled {wrong}; missed {missed}")


if __name__ == "__main__":
    main()
