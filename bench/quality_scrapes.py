"""Real scrapes: the pipeline on ``newsdata/`` (115 real, messy scrapes).

Two runs of the real pipeline (read, learn, clean, date, enrich; no Pelican):

* **as given** -- the sidecars as they are (dates and URLs): what is
  published, what is rejected and why, and what each summary opens with;
* **dates removed** -- every sidecar's ``date`` deleted, the ``url`` kept.
  Each sidecar gets ``scraped:`` the day after its true date, as a daily
  scraper would record it; a third run gives no scrape date at all (the
  reference date :data:`LATE_REFERENCE`, after the whole corpus) to show the
  rules do not lean on it.

The sidecar dates are the publisher's feed date in GMT (NewsData.io
``published_date_gmt``), with no time; an outlet's own URL date is its local
date, so a US story posted in the evening carries a URL date one day before
its sidecar date. The truth is therefore graded twice, clearly labelled:
exact against the GMT date, and "on the outlet's local day" -- a day the GMT
date can be in the outlet's home zone (the local dates of 00:00 and 23:59 GMT
that day; zones hand-labelled per outlet in
``bench/labels/newsdata-outlet-zones.yaml``, an unlisted outlet held to the
GMT date). ``--dates`` lists every input not exact against the GMT date.

Page dates, on ``zyte-aeb/`` (saved HTML pages): the day the HTML reader
gives against the UTC day of each page's own published time (metadata with
an offset; baseline: htmldate's day with its defaults, the URL's first), and
how often a URL's date is the day before that UTC day.

Baselines, measured in the same run: for dates, the loose rule the pipeline
used before (any date in the text, pinned ones first, the latest not after
the scrape); for summary openings, the first sentence of the scraped body as
it comes.

The summary audit uses its own patterns (:data:`AUDIT`), written apart from
the pipeline's furniture lexicon so that it can disagree with it; every
flagged opening is listed, and the count was checked by reading all openings
(``python -m bench.quality_scrapes --show``).

``quality_tags`` (engineer "tags") adds its rows to the same table and
reuses :func:`as_given` so the corpus is built once.

Run: ``python -m bench.quality_scrapes [CORPORA_DIR] [--show] [--dates]``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import shutil
import sys
import tempfile
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from news_digest import dates, pipeline
from news_digest.enrich.sentences import split_sentences
from news_digest.settings import DigestSettings
from news_digest.sources import load_sources
from news_digest.story import Story

from .corpora import DEFAULT_CORPORA, require

ROOT = Path(__file__).resolve().parents[1]
ZONES = ROOT / "bench" / "labels" / "newsdata-outlet-zones.yaml"
LATE_REFERENCE = dt.date(2023, 3, 31)
"""Scrape date assumed when the sidecars give none: after every story of the corpus."""


@dataclass
class Run:
    """One pipeline run over the corpus."""

    stories: list[Story]
    truth: dict[str, dt.date]
    """Source path -> the sidecar's date."""
    raw: dict[str, str]
    """Source path -> the scraped text as it is on disk."""


def _copy(corpus: Path, out: Path, mode: str) -> tuple[dict[str, dt.date], dict[str, str]]:
    """Copy ``corpus/scraped`` to ``out/scraped`` with the sidecars rewritten for ``mode``."""
    truth: dict[str, dt.date] = {}
    raw: dict[str, str] = {}
    target = out / "scraped"
    target.mkdir(parents=True)
    for path in sorted((corpus / "scraped").iterdir()):
        source = f"scraped/{path.name}"
        if path.suffix == ".yaml":
            side = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            day = dt.date.fromisoformat(str(side["date"]))
            truth[f"scraped/{path.stem}.txt"] = day
            if mode != "as given":
                del side["date"]
            if mode == "dates removed":
                side["scraped"] = (day + dt.timedelta(days=1)).isoformat()
            (target / path.name).write_text(yaml.safe_dump(side), encoding="utf-8")
        else:
            raw[source] = path.read_text(encoding="utf-8")
            shutil.copyfile(path, target / path.name)
    return truth, raw


@functools.cache
def _run(corpora: Path, mode: str) -> Run:
    corpus = corpora / "newsdata"
    require(corpus / "scraped")
    with tempfile.TemporaryDirectory() as tmp:
        truth, raw = _copy(corpus, Path(tmp), mode)
        settings = DigestSettings.from_pelican(
            {
                "PATH": tmp,
                "DIGEST_SOURCES": str(ROOT / "content" / "sources.yaml"),
                "DIGEST_ENTITIES": str(ROOT / "content" / "entities.yaml"),
                "DIGEST_REFERENCE_DATE": LATE_REFERENCE.isoformat(),
            }
        )
        sources = load_sources(settings.sources_path)
        stories = pipeline.load_stories(settings, sources)
        pipeline.enrich(stories, settings, sources)
    return Run(stories, truth, raw)


def as_given(corpora: Path = DEFAULT_CORPORA) -> Run:
    """The corpus built with its sidecars as they are (shared with ``quality_tags``)."""
    return _run(Path(corpora), "as given")


# --- dates --------------------------------------------------------------------


def _grade(found: dt.date | None, truth: dt.date) -> str:
    if found is None:
        return "none"
    gap = abs((found - truth).days)
    return "exact" if gap == 0 else "off by one" if gap == 1 else "wrong"


@functools.cache
def _zones() -> dict[str, str | None]:
    return yaml.safe_load(ZONES.read_text(encoding="utf-8")) or {}


def outlet_zone(url: str | None) -> str | None:
    """The labelled home zone of the outlet behind ``url`` (a Google News link: the outlet it wraps)."""
    if not url:
        return None
    parts = urlsplit(dates.wrapped_url(url) or url)
    where = parts.netloc.lower() + parts.path
    keys = [k for k in _zones() if where == k or where.startswith(k.rstrip("/") + "/")]
    return _zones()[max(keys, key=len)] if keys else None


def local_days(gmt_day: dt.date, zone: str | None) -> set[dt.date]:
    """The outlet-local dates of the instants in ``gmt_day`` (00:00 to 23:59 GMT) in ``zone``."""
    if zone is None:
        return {gmt_day}
    start = dt.datetime.combine(gmt_day, dt.time(), tzinfo=dt.UTC)
    ends = (start, start + dt.timedelta(days=1, microseconds=-1))
    return {end.astimezone(zoneinfo.ZoneInfo(zone)).date() for end in ends}


def _loose_date(text: str, reference: dt.date) -> dt.date | None:
    """The old rule, as a baseline: any date in the text, pinned first, the latest."""
    found = [(pinned, day) for day, pinned, _ in dates.mentions(text, reference)]
    return max(found)[1] if found else None


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1)


def _tally(grades: list[str]) -> str:
    return " / ".join(str(grades.count(g)) for g in ("exact", "off by one", "wrong", "none"))


def _date_rows(run: Run, label: str, reference: dt.date | None) -> list[dict]:
    # Inputs that reach the date stage: published, folded, or rejected for having no date
    # (a page rejected as not a story is never dated).
    ours = {s.source: s for s in run.stories if s.status != "rejected" or s.reason == "no date"}
    grades, base = [], []
    by_rule: dict[str, list[str]] = {}
    local: dict[str, list[bool]] = {}  # rule -> found date on the outlet's local day
    for source, truth in sorted(run.truth.items()):
        if source not in ours:
            continue
        story = ours[source]
        grade = _grade(story.date, truth)
        grades.append(grade)
        by_rule.setdefault(story.date_from or "none", []).append(grade)
        if story.date is not None:
            days = local_days(truth, outlet_zone(story.sidecar.get("url")))
            local.setdefault(story.date_from or "none", []).append(story.date in days)
        scraped = reference or truth + dt.timedelta(days=1)
        base.append(_grade(_loose_date(run.raw[source], scraped), truth))
    n = len(grades)
    on_local = [ok for oks in local.values() for ok in oks]
    rows = [
        {
            "metric": f"dates {label}: exact / off by one / wrong / none",
            "ours": _tally(grades),
            "baseline": _tally(base),
            "baseline_name": "any date in the text",
            "note": f"{n} inputs that reach the date stage; exact against the GMT date; by rule: "
            + ", ".join(f"{rule} {len(g)} ({_tally(g)})" for rule, g in sorted(by_rule.items()))
            + f"; on the outlet's local day: {sum(on_local)} of {len(on_local)} dated",
        }
    ]
    strong_rules = ("url", "updated", "timed", "top")
    strong = [g for rule, gs in by_rule.items() if rule in strong_rules for g in gs]
    strong_local = [ok for rule, oks in local.items() if rule in strong_rules for ok in oks]
    if strong:
        rows.append(
            {
                "metric": f"dates {label}, URL or top lines: exact (GMT date) %",
                "ours": round(100 * strong.count("exact") / len(strong), 1),
                "target": ">= 95",
                "note": f"{len(strong)} dated by the URL, an update note or the top lines; "
                f"exact or off by one: {_share(len(strong) - strong.count('wrong'), len(strong))} %",
            }
        )
        rows.append(
            {
                "metric": f"dates {label}, URL or top lines: on the outlet's local day %",
                "ours": _share(sum(strong_local), len(strong_local)),
                "note": f"{sum(strong_local)} of {len(strong_local)}: the found date is a day the GMT "
                "date can be in the outlet's labelled zone (the truth has no time)",
            }
        )
    url_dated = [s for s in ours.values() if dates.from_url(s.sidecar.get("url"), LATE_REFERENCE) is not None]
    far = [s.source for s in url_dated if s.date and abs((s.date - run.truth[s.source]).days) > 1]
    rows.append(
        {
            "metric": f"dates {label}, URL carries a date: wrong by > 1 day",
            "ours": len(far),
            "target": "0",
            "note": f"{len(url_dated)} inputs with a dated URL" + (f": {', '.join(far)}" if far else ""),
        }
    )
    return rows


# --- page dates (zyte-aeb) ------------------------------------------------------

# A page's own publication instant: ``article:published_time`` or JSON-LD
# ``datePublished`` with its UTC offset (found here by a regex of the bench's
# own, apart from htmldate, which the reader uses).
_PAGE_INSTANT = re.compile(
    r"""(?:article:published_time["']\s+content=|"datePublished"\s*:\s*)["']"""
    r"""((?:19|20)\d\d-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-][01]\d:?[0-5]\d))["']"""
)


def page_instant(html: str) -> dt.datetime | None:
    """The page's own publication instant, if its metadata gives one with an offset."""
    m = _PAGE_INSTANT.search(html)
    try:
        return dt.datetime.fromisoformat(m.group(1)) if m else None
    except ValueError:
        return None


def _page_date_rows(corpora: Path) -> list[dict]:
    """zyte-aeb pages with a published time: our day against its UTC day, and the URL's date."""
    import gzip

    from htmldate import find_date

    from news_digest.meta import sidecar_day
    from news_digest.readers.html import read_html
    from news_digest.readers.text import Unreadable

    root = corpora / "zyte-aeb"
    require(root / "html", root / "ground-truth.json")
    urls = {
        sha: entry.get("url") for sha, entry in json.loads((root / "ground-truth.json").read_text()).items()
    }
    ours, base, url_days = [], [], []
    for page in sorted((root / "html").glob("*.html.gz")):
        html = gzip.decompress(page.read_bytes()).decode("utf-8", "replace")
        moment = page_instant(html)
        if moment is None:
            continue
        truth = moment.astimezone(dt.UTC).date()
        try:
            [story] = read_html(page, f"scraped/{page.name}")
            found = sidecar_day(story.sidecar.get("date"), "UTC")
        except Unreadable:
            found = None
        ours.append(found == truth)
        # The reader before: htmldate's day, the URL's date first (its defaults).
        day = find_date(
            html, url=urls.get(page.name.split(".")[0]), original_date=True, max_date="2099-12-31"
        )
        base.append(day == truth.isoformat())
        on_url = dates.from_url(urls.get(page.name.split(".")[0]), dt.date.max)
        if on_url is not None:
            url_days.append((on_url - truth).days)
    return [
        {
            "metric": "page dates (zyte-aeb): the UTC day of the page's own published time",
            "ours": f"{sum(ours)} of {len(ours)}",
            "baseline": f"{sum(base)} of {len(base)}",
            "baseline_name": "htmldate's day, URL first",
            "note": "pages whose metadata gives a published time with an offset (the site's TIMEZONE "
            "is UTC); a consistency check, not an independent truth: the reader reads the same "
            "tags through htmldate",
        },
        {
            "metric": "page dates (zyte-aeb): URL date the day before the UTC day",
            "ours": f"{url_days.count(-1)} of {len(url_days)}",
            "note": f"pages with a published time and a URL date; same day: {url_days.count(0)}, "
            f"other: {len(url_days) - url_days.count(0) - url_days.count(-1)}; "
            "an outlet's URL holds its local date",
        },
    ]


# --- outcomes -----------------------------------------------------------------


def _outcome_rows(run: Run) -> list[dict]:
    published = [s for s in run.stories if s.status == "published"]
    folded = [s for s in run.stories if s.status == "folded"]
    not_story = [
        s for s in run.stories if s.status == "rejected" and (s.reason or "").startswith("not a story")
    ]
    other = [s for s in run.stories if s.status == "rejected" and s not in not_story]
    reasons: dict[str, int] = {}
    for s in [*not_story, *other]:
        reasons[s.reason or ""] = reasons.get(s.reason or "", 0) + 1
    return [
        {
            "metric": "inputs published / folded",
            "ours": f"{len(published)} / {len(folded)}",
            "note": f"{len(run.stories)} inputs, sidecars as given",
        },
        {
            "metric": "rejected: not a story / other reasons",
            "ours": f"{len(not_story)} / {len(other)}",
            "note": "; ".join(f"{k}: {v}" for k, v in sorted(reasons.items())) or "none",
        },
    ]


# --- summary openings ---------------------------------------------------------

# Written for the audit, apart from the pipeline's lexicon, so they can disagree.
AUDIT: dict[str, re.Pattern[str]] = {
    "appeal": re.compile(
        r"(?i)\b(donat\w*|support (our|local|independent) (journalism|reporting)|put a dollar value"
        r"|we need your (help|support)|paywall|become a (member|subscriber))"
    ),
    "promo": re.compile(
        r"(?i)\b(newsletter|subscribe|sign up|inbox|notifications|download (a|the|our) (free|app)"
        r"|in other news|share your thoughts|let us know|follow (us|him|her|@)|email me|ebook)"
    ),
    "caption": re.compile(
        r"(?i)(\b(pictured|enlarge this image|toggle caption|in this (photo|screen grab|file photo)"
        r"|view gallery|photos?:)|\((left|right|center|centre)\))"
    ),
    "credit": re.compile(
        r"(\b(Getty Images|Shutterstock|AP Photo|Image Credit|Photograph:|Courtesy of)\b"
        r"|\([A-Z][\w.' -]+ ?/ ?[A-Z][\w.' -]+\)|\b[A-Z][a-z]+ [A-Z][a-z]+ ?/ ?(AP|Reuters|AFP)\b"
        r"|\((AP|Reuters|AFP)\)$)"
    ),
    "byline": re.compile(r"^(By [A-Z]|[A-Z][a-z]+ [A-Z][a-z]+, [A-Z][A-Za-z ]+ (Reporter|Correspondent))"),
    "video": re.compile(
        r"(?i)(\b\d{1,2}:\d\d$|\bwatch( the| live)?( video| clip)?\b\s*:|^video\b|segment aired)"
    ),
    "notice": re.compile(r"(?i)^\W*(important notice|disclaimer|editor'?s note|an earlier version of this)"),
    "dateline": re.compile(
        r"^([A-Z][A-Z.'’ -]{2,40}(,\s*[A-Z][A-Za-z. ]{1,20})?\s*(\([^)]{1,30}\))?\s*(--|—|–|―|-)\s"
        r"|\(?(CNN|AP|Reuters)\)?\s*(--|—|–|―|-)|[A-Z][a-z]+ (—|―) )"
    ),
}


def audit(sentence: str) -> list[str]:
    """The audit rules ``sentence`` matches."""
    return [kind for kind, pattern in AUDIT.items() if pattern.search(sentence)]


def _first_body_sentence(text: str) -> str:
    body = text.partition("\n")[2]
    sents = split_sentences(body)
    return sents[0] if sents else ""


def _summary_rows(run: Run) -> tuple[list[dict], list[tuple[str, str, list[str]]]]:
    openings: list[tuple[str, str, list[str]]] = []
    junk_anywhere = 0
    base_flagged = 0
    published = [s for s in run.stories if s.status == "published" and s.summary]
    for story in published:
        sents = split_sentences(story.summary or "")
        first = sents[0] if sents else ""
        openings.append((story.source, first, audit(first)))
        junk_anywhere += any(audit(s) for s in sents)
        base_flagged += bool(audit(_first_body_sentence(run.raw[story.source])))
    flagged = [o for o in openings if o[2]]
    rows = [
        {
            "metric": "summaries opening with non-story text",
            "ours": len(flagged),
            "target": "0 (read)",
            "baseline": base_flagged,
            "baseline_name": "first sentence of the scrape",
            "note": f"{len(published)} summaries, audit rules: {', '.join(AUDIT)}"
            + (
                "; flagged: " + ", ".join(f"{Path(s).stem} ({'/'.join(k)})" for s, _, k in flagged)
                if flagged
                else ""
            ),
        },
        {
            "metric": "summaries with non-story text anywhere",
            "ours": junk_anywhere,
            "note": "any summary sentence matching an audit rule",
        },
    ]
    return rows, openings


def measure(corpora: Path = DEFAULT_CORPORA) -> list[dict]:
    """Every row of the real-scrapes table."""
    corpora = Path(corpora)
    given = as_given(corpora)
    rows = _outcome_rows(given)
    rows += _date_rows(_run(corpora, "dates removed"), "(scraped = next day)", None)
    rows += _date_rows(
        _run(corpora, "no scrape date"), f"(no scrape date, {LATE_REFERENCE})", LATE_REFERENCE
    )[:1]
    rows += _summary_rows(given)[0]
    rows += _page_date_rows(corpora)
    return rows


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    corpora = Path(args[0]) if args else DEFAULT_CORPORA
    rows = measure(corpora)
    for row in rows:
        base = f"  (baseline {row['baseline']}: {row['baseline_name']})" if "baseline" in row else ""
        print(f"{row['metric']:<58} {row['ours']!s:>18}{base}")
        if row.get("note"):
            print(f"    {row['note']}")
    if "--dates" in argv:
        run = _run(corpora, "dates removed")
        print("\nEvery input not exact against the GMT date (sidecar dates removed, scraped = next day):")
        for story in sorted(run.stories, key=lambda s: s.source):
            truth = run.truth[story.source]
            if (story.status == "rejected" and story.reason != "no date") or story.date == truth:
                continue
            url = story.sidecar.get("url")
            zone = outlet_zone(url)
            days = ", ".join(str(d) for d in sorted(local_days(truth, zone)))
            mark = "local day" if story.date in local_days(truth, zone) else _grade(story.date, truth)
            print(
                f"{Path(story.source).stem} {mark:<10} found {story.date} ({story.date_from or '-'}); "
                f"GMT {truth}, local {days} ({zone or 'no zone'}); {url}"
            )
    if "--show" in argv:
        print("\nEvery summary opening, flagged ones marked with their audit rules:")
        for source, first, kinds in _summary_rows(as_given(corpora))[1]:
            print(f"{Path(source).stem} {'[' + ','.join(kinds) + '] ' if kinds else ''}{first}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
