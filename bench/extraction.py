"""``python -m bench.run --extraction``: story text from saved pages, against trafilatura.

The pages of ``../shared/corpora/zyte-aeb/`` (the Zyte article extraction
benchmark) are built into a site by the real plugin, and each story page's
JSON-LD ``articleBody`` is scored against the benchmark's ``articleBody``
with the benchmark's own metric: word 4-shingles (tokens are ``\\w+`` runs,
counted with multiplicity), precision and recall per page, each averaged
over the pages where it is defined, F1 from the two averages. In the same
run, plain ``trafilatura.extract`` on the same files is scored the same way.
A paired bootstrap over pages gives an interval for the F1 difference.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .corpora import DEFAULT_CORPORA, require

ROOT = Path(__file__).resolve().parents[1]
TOKEN = re.compile(r"\w+")
SHINGLE = 4
RESAMPLES = 1000

Counts = tuple[float, float, float]
"""One page's shingle true positives, false positives and false negatives, normalised."""


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Word 4-shingles of ``text`` with their counts (a text shorter than 4 words is one shingle)."""
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1)) if tokens)


def match(truth: str, predicted: str) -> Counts:
    """True positives, false positives and false negatives of ``predicted``, as shares of their sum.

    Normalised so that a long page weighs no more than a short one.
    """
    want, got = shingles(truth), shingles(predicted)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))


def _recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))


def metrics(pages: Sequence[Counts]) -> dict[str, float]:
    """Precision and recall averaged over the pages where each is defined; F1 of the two averages."""
    p = statistics.mean([_precision(*c) for c in pages if c[0] + c[1] > 0] or [0.0])
    r = statistics.mean([_recall(*c) for c in pages if c[0] + c[2] > 0] or [0.0])
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def bootstrap_difference(ours: Sequence[Counts], theirs: Sequence[Counts], seed: int = 0) -> dict[str, float]:
    """F1(ours) - F1(theirs) with a paired bootstrap over pages: mean and 95 % interval."""
    rng = random.Random(seed)
    n = len(ours)
    diffs = []
    for _ in range(RESAMPLES):
        pick = [rng.randrange(n) for _ in range(n)]
        diffs.append(metrics([ours[i] for i in pick])["f1"] - metrics([theirs[i] for i in pick])["f1"])
    diffs.sort()
    return {
        "difference": metrics(ours)["f1"] - metrics(theirs)["f1"],
        "low": diffs[int(0.025 * RESAMPLES)],
        "high": diffs[int(0.975 * RESAMPLES) - 1],
    }


def _jsonld_body(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))["articleBody"] if m else ""


def build_ours(pages: list[Path], work: Path) -> tuple[dict[str, str], float, Counter[str]]:
    """Build the pages into a site; ``(articleBody by page key, build seconds, report counts)``.

    A folded page is scored with the page it was folded into (what the site
    shows for it); a rejected page scores as an empty prediction.
    """
    content = work / "content"
    (content / "scraped").mkdir(parents=True)
    for page in pages:
        shutil.copyfile(page, content / "scraped" / page.name)
    shutil.copyfile(ROOT / "content" / "sources.yaml", content / "sources.yaml")
    shutil.copyfile(ROOT / "content" / "entities.yaml", content / "entities.yaml")
    output = work / "output"
    done = subprocess.run(
        [sys.executable, "-m", "bench._build", str(ROOT / "pelicanconf.py"), str(content), str(output), "on"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    result = [line for line in done.stdout.splitlines() if line.startswith("BENCH-RESULT ")]
    if done.returncode != 0 or not result:
        raise RuntimeError(f"extraction build failed:\n{done.stderr[-3000:]}")
    seconds = json.loads(result[0].removeprefix("BENCH-RESULT "))["seconds"]
    report = json.loads((work / "digest-report.json").read_text(encoding="utf-8"))
    by_source = {entry["source"]: entry for entry in report["inputs"]}
    bodies: dict[str, str] = {}
    for page in pages:
        entry = by_source.get(f"scraped/{page.name}", {})
        if entry.get("status") == "folded":
            entry = by_source.get(entry.get("folded_into") or "", {})
        url = entry.get("url") if entry.get("status") == "published" else None
        bodies[_key(page)] = _jsonld_body(output / url / "index.html") if url else ""
    return bodies, seconds, Counter(e["status"] for e in report["inputs"])


def reader_only(pages: list[Path]) -> float:
    """Seconds for our reader and cleaner alone on every page (no site build)."""
    from news_digest import clean
    from news_digest.normalise import normalise_story
    from news_digest.readers.html import read_html
    from news_digest.readers.text import Unreadable

    rules = clean.build_rules([], {})
    start = time.perf_counter()
    for page in pages:
        try:
            for story in read_html(page, page.name):
                normalise_story(story)
                clean.clean_story(story, rules, "")
        except Unreadable:
            pass
    return time.perf_counter() - start


def trafilatura_plain(pages: list[Path]) -> tuple[dict[str, str], float]:
    """Plain ``trafilatura.extract`` (its defaults) on every page, and the seconds it took."""
    import trafilatura

    data = {_key(p): gzip.decompress(p.read_bytes()) for p in pages}
    start = time.perf_counter()
    texts = {key: trafilatura.extract(raw) or "" for key, raw in data.items()}
    return texts, time.perf_counter() - start


def _key(page: Path) -> str:
    return page.name.split(".", 1)[0]


def measure(corpora: Path = DEFAULT_CORPORA) -> dict:
    """Every figure of the extraction table."""
    corpus = corpora / "zyte-aeb"
    require(corpus / "html", corpus / "ground-truth.json")
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = sorted(p for p in (corpus / "html").glob("*.html.gz") if _key(p) in truth)
    with tempfile.TemporaryDirectory(prefix="bench-extraction-") as tmp:
        ours, build_seconds, statuses = build_ours(pages, Path(tmp))
    reader_seconds = reader_only(pages)
    theirs, trafilatura_seconds = trafilatura_plain(pages)
    keys = [_key(p) for p in pages]
    ours_counts = [match(truth[k]["articleBody"], ours[k]) for k in keys]
    theirs_counts = [match(truth[k]["articleBody"], theirs[k]) for k in keys]
    return {
        "pages": len(pages),
        "statuses": dict(statuses),
        "ours": metrics(ours_counts),
        "trafilatura": metrics(theirs_counts),
        "difference": bootstrap_difference(ours_counts, theirs_counts),
        "pages_per_second": {
            "ours_build": len(pages) / build_seconds,
            "ours_reader": len(pages) / reader_seconds,
            "trafilatura": len(pages) / trafilatura_seconds,
        },
    }


def print_extraction(result: dict) -> None:
    """The extraction table."""
    n, speed = result["pages"], result["pages_per_second"]
    print(f"\nExtraction on zyte-aeb ({n} saved pages; word 4-shingle precision/recall per page, averaged)")
    print(f"{'extractor':<52}{'precision':>10}{'recall':>8}{'F1':>7}{'pages/s':>9}")
    rows = [
        ("news-digest: whole site build, JSON-LD articleBody", result["ours"], speed["ours_build"]),
        ("trafilatura.extract (defaults), same files", result["trafilatura"], speed["trafilatura"]),
    ]
    for name, m, pps in rows:
        print(f"{name:<52}{m['precision']:>10.3f}{m['recall']:>8.3f}{m['f1']:>7.3f}{pps:>9.1f}")
    d = result["difference"]
    print(
        f"F1 difference (news-digest - trafilatura): {d['difference']:+.3f}, "
        f"95% paired bootstrap interval [{d['low']:+.3f}, {d['high']:+.3f}] ({RESAMPLES} resamples)"
    )
    print(
        f"speed: our reader and cleaner alone {speed['ours_reader']:.1f} pages/s "
        f"({speed['ours_reader'] / speed['trafilatura']:.2f}x trafilatura.extract); "
        f"the whole build {speed['ours_build'] / speed['trafilatura']:.2f}x"
    )
    statuses = ", ".join(f"{count} {status}" for status, count in sorted(result["statuses"].items()))
    print(f"report: {statuses}")
