"""Quality of the archive-wide stages: related links and repost folding.

``python -m bench.quality_links`` prints one row per metric, ours against a
baseline, measured on the shared benchmark corpora (``../shared/corpora`` from
the project root, or ``$NEWS_DIGEST_CORPORA``):

* related P@5: share of the first five links in the same category (``bbc/``,
  the section of the headline line) or the same topic or event (``ecbplus/``,
  ``clusters.tsv``), with the stages the build runs before related links
  (entities, events: an event's other members come first); baseline: plain
  TF-IDF cosine.
* folding on ``bbc/``: pairwise precision / recall against the byte-identical
  duplicate bodies, plus recall when one copy of each pair is edited (last
  paragraph cut; one sentence dropped and one added); baseline: exact
  body-hash de-duplication.
* wrong folds on ``ecbplus/``: folds between two bodies that are not copies.

``python -m bench.quality_links --fold-figures`` prints the similarity
distributions behind the fold threshold (see ``enrich/fold.py``).
"""

from __future__ import annotations

import argparse
import copy
import csv
import difflib
import hashlib
import re
import sys
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from news_digest.enrich import entities, events, fold, related
from news_digest.story import Story

from .corpora import DEFAULT_CORPORA, CorporaMissing, load_corpus, require

ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- loading


def load(corpus: Path) -> tuple[list[Story], str]:
    """Stories of one corpus and the name of the loader used."""
    return load_corpus(corpus), "pipeline.load_stories"


def stem(s: Story) -> str:
    """Corpus story name (file stem) of a story's source."""
    return Path(s.source).stem


def stem_of(source: str) -> str:
    """File stem of a source path."""
    return Path(source).stem


def _raw_body(corpus: Path, name: str) -> str:
    text = (corpus / "scraped" / f"{name}.txt").read_text(encoding="utf-8")
    return text.partition("\n")[2].strip()


def _bbc_category(corpus: Path, name: str) -> str:
    first = (corpus / "scraped" / f"{name}.txt").read_text(encoding="utf-8").partition("\n")[0]
    parts = first.split(" | ")
    return parts[1].strip() if len(parts) >= 3 else ""


# --------------------------------------------------------------------------- entities


def _entities_stage() -> tuple[Callable[[list[Story]], None], str]:
    """``add_entities`` bound to the project's gazetteer, and a note saying so."""
    gazetteer = entities.load_gazetteer(ROOT / "content" / "entities.yaml")
    return (lambda stories: entities.add_entities(stories, gazetteer)), "entities from content/entities.yaml"


# --------------------------------------------------------------------------- metrics


def precision_at(links: dict[str, list[str]], label: dict[str, str], k: int = 5) -> float:
    """Mean over stories with links of the share of their first ``k`` links sharing the label."""
    scores = []
    for src, targets in links.items():
        top = targets[:k]
        if top and src in label:
            scores.append(sum(label.get(t) == label[src] for t in top) / len(top))
    return float(np.mean(scores)) if scores else 0.0


def _pairs(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in combinations(sorted(g), 2)}


def _hash_groups(stories: list[Story]) -> list[list[str]]:
    """Exact body-hash de-duplication (the folding baseline)."""
    by: dict[str, list[str]] = {}
    for s in stories:
        body = s.body_text.strip()
        if body:
            by.setdefault(hashlib.sha1(body.encode()).hexdigest(), []).append(s.source)
    return [g for g in by.values() if len(g) > 1]


def _fold(stories: list[Story]) -> list[list[str]]:
    """Fold ``stories`` in place; the sources of each folded group, canonical included."""
    fold.fold_reposts(stories)
    groups: dict[str, list[str]] = {}
    for s in stories:
        if s.status == "folded" and s.folded_into:
            groups.setdefault(s.folded_into, [s.folded_into]).append(s.source)
    return [sorted(g) for g in groups.values()]


def tfidf_baseline(stories: list[Story], count: int = 5) -> dict[str, list[str]]:
    """Plain TF-IDF cosine neighbours of each published story: no entities, no time, no floor.

    The same vectoriser settings and the same tie order (newest first, then
    source) as ``enrich/related.py``, written out here so the baseline does
    not move when the product's ranking changes.
    """
    live = sorted(
        (s for s in stories if s.ok),
        key=lambda s: (s.date is None, -(s.date.toordinal() if s.date else 0), s.source),
    )
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32)
    x = vec.fit_transform([f"{s.headline}\n\n{s.body_text}" for s in live])
    sim = (x @ x.T).toarray()
    np.fill_diagonal(sim, 0.0)
    best = np.argsort(-sim, axis=1, kind="stable")[:, :count]
    # Stories sharing no term are never neighbours.
    return {s.source: [live[j].source for j in best[i] if sim[i, j] > 0] for i, s in enumerate(live)}


def _pr(pred: list[list[str]], true: set[frozenset[str]]) -> tuple[float, float]:
    p = _pairs(pred)
    hit = len(p & true)
    return (hit / len(p) if p else 1.0), (hit / len(true) if true else 1.0)


_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"'\u201d\u2019]*|$)\s*")


def _sentences(text: str) -> list[str]:
    """Rough sentence split, good enough to cut one sentence out of a copy."""
    return _SENTENCE.findall(text)


_EDITS = {"trim": "last sentence cut", "edit": "a sentence dropped, one added"}


def _edited_copies(stories: list[Story], true_groups: list[list[str]], how: str) -> list[Story]:
    """Copy of ``stories`` where the second member of each duplicate group is edited."""
    out = copy.deepcopy(stories)
    by_src = {s.source: s for s in out}
    for g in true_groups:
        s = by_src[sorted(g)[1]]
        paras = [b for b in s.blocks if b.kind == "p"]
        if how == "trim" and paras:
            # Cut the last sentence (the usual trim of a repost).
            last = paras[-1]
            sentences = _sentences(last.text)
            if len(sentences) > 1:
                last.text = "".join(sentences[:-1]).strip()
            elif len(paras) > 1:
                s.blocks.remove(last)
        elif how == "edit" and paras:
            # Drop a middle sentence, add an outlet's own closing line.
            mid = paras[len(paras) // 2]
            sentences = _sentences(mid.text)
            if len(sentences) > 1:
                del sentences[len(sentences) // 2]
                mid.text = "".join(sentences).strip()
            paras[-1].text += " Our correspondent will follow the story as it develops."
    return out


def _link_map(stories: list[Story]) -> dict[str, list[str]]:
    return {s.source: list(s.related) for s in stories if s.ok}


def _related_rows(
    live: list[Story],
    labels: dict[str, dict[str, str]],
    corpus: str,
    add_entities: Callable[[list[Story]], None],
    ent_note: str,
    caveat: str,
) -> list[dict]:
    """P@5 rows for ours (as the build: entities, then events, then related links;
    and ablations) against the baseline."""
    base_links = tfidf_baseline(live)
    runs: dict[str, dict[str, list[str]]] = {}
    for s in live:
        s.entities, s.event = {}, None
    related.link_related(live)
    runs["no entities"] = _link_map(live)
    add_entities(live)
    related.link_related(live)
    runs["no events"] = _link_map(live)  # related links as they were before the events stage
    events.add_events(live)
    related.link_related(live)
    runs["entities"] = _link_map(live)
    # Same links with no score floor: ranking quality at the baseline's coverage.
    related.link_related(live, min_score=0.0)
    runs["no floor"] = _link_map(live)

    def coverage(links: dict[str, list[str]]) -> str:
        return f"{np.mean([len(v) for v in links.values()]):.2f} links a story"

    rows = []
    for name, label in labels.items():
        rows.append(
            {
                "metric": f"related P@5 {corpus} (same {name})",
                "ours": round(precision_at(runs["entities"], label), 3),
                "baseline": round(precision_at(base_links, label), 3),
                "baseline_name": "TF-IDF cosine",
                "note": f"{len(live)} published stories; {ent_note}; ours {coverage(runs['entities'])} "
                f"(min_score), baseline {coverage(base_links)}; {caveat}",
            }
        )
        ablations = (
            ("without events first", "no events", "ablation: ranked links only, as before events"),
            ("without entities", "no entities", "ablation"),
            ("without the min_score floor", "no floor", "ranking alone at equal coverage"),
        )
        for what, run, why in ablations:
            rows.append(
                {
                    "metric": f"related P@5 {corpus} (same {name}), ours {what}",
                    "ours": round(precision_at(runs[run], label), 3),
                    "baseline": round(precision_at(base_links, label), 3),
                    "baseline_name": "TF-IDF cosine",
                    "note": f"{why}; ours {coverage(runs[run])}",
                }
            )
    return rows


def measure(corpora: Path = DEFAULT_CORPORA) -> list[dict]:
    """All rows, in one run. Raises :class:`CorporaMissing` when the corpora are absent."""
    corpora = Path(corpora)
    bbc_dir, ecb_dir = corpora / "bbc", corpora / "ecbplus"
    require(bbc_dir / "scraped", ecb_dir / "scraped", ecb_dir / "clusters.tsv")
    add_entities, ent_note = _entities_stage()
    rows: list[dict] = []

    # ---- bbc
    bbc, loader = load(bbc_dir)
    cat = {s.source: _bbc_category(bbc_dir, stem(s)) for s in bbc}
    by_body: dict[str, list[str]] = {}
    for s in bbc:
        by_body.setdefault(_raw_body(bbc_dir, stem(s)), []).append(s.source)
    true_groups = [g for g in by_body.values() if len(g) > 1]
    true = _pairs(true_groups)

    base_groups = _hash_groups(bbc)
    ours_bbc = copy.deepcopy(bbc)
    ours_groups = _fold(ours_bbc)
    p_o, r_o = _pr(ours_groups, true)
    p_b, r_b = _pr(base_groups, true)
    toks = {s.source: fold.tokens(s.body_text) for s in bbc}
    extra = _pairs(ours_groups) - true
    near = {p for p in extra if _aligned(*(toks[x] for x in sorted(p))) >= NEAR_COPY_ALIGN}
    n_pred = len(_pairs(ours_groups))
    note = f"{len(true)} true pairs (byte-identical bodies); loader: {loader}"
    rows.append(
        {
            "metric": "fold precision bbc (byte-identical truth)",
            "ours": round(p_o, 3),
            "baseline": round(p_b, 3),
            "baseline_name": "exact body hash",
            "note": f"{note}; {len(extra)} extra folded pairs, {len(near)} of them "
            f"near-identical copies (token alignment >= {NEAR_COPY_ALIGN})",
        }
    )
    rows.append(
        {
            "metric": "fold precision bbc (near-identical copies count as right)",
            "ours": round((n_pred - len(extra) + len(near)) / n_pred, 3) if n_pred else 1.0,
            "baseline": round(p_b, 3),
            "baseline_name": "exact body hash",
            "note": "extra pairs: "
            + ", ".join("/".join(stem_of(x) for x in sorted(p)) for p in sorted(extra, key=sorted)),
        }
    )
    rows.append(
        {
            "metric": "fold recall bbc",
            "ours": round(r_o, 3),
            "baseline": round(r_b, 3),
            "baseline_name": "exact body hash",
            "note": note,
        }
    )
    for how, label in _EDITS.items():
        edited = _edited_copies(bbc, true_groups, how)
        base = _hash_groups(edited)
        ours = _fold(edited)
        rows.append(
            {
                "metric": f"fold recall bbc, one copy edited ({label})",
                "ours": round(_pr(ours, true)[1], 3),
                "baseline": round(_pr(base, true)[1], 3),
                "baseline_name": "exact body hash",
                "note": "edits made in memory",
            }
        )

    # Related links, both on the published set after folding (what a reader sees).
    live = [s for s in ours_bbc if s.ok]
    rows.extend(
        _related_rows(
            live,
            {"category": cat},
            "bbc",
            add_entities,
            ent_note,
            "dates are assigned at random, so time decay is noise here",
        )
    )

    # ---- ecbplus
    ecb, _ = load(ecb_dir)
    with (ecb_dir / "clusters.tsv").open(encoding="utf-8") as fh:
        info = {r["story"]: r for r in csv.DictReader(fh, delimiter="\t")}
    topic = {s.source: info[stem(s)]["topic"] for s in ecb if stem(s) in info}

    ours_ecb = copy.deepcopy(ecb)
    groups = _fold(ours_ecb)
    toks = {s.source: fold.tokens(s.body_text) for s in ecb}
    folded = sorted(sorted(p) for p in _pairs(groups))
    aligns = {tuple(p): _aligned(toks[p[0]], toks[p[1]]) for p in folded}
    wrong = [p for p, a in aligns.items() if a < NEAR_COPY_ALIGN]
    base_pairs = sorted(sorted(p) for p in _pairs(_hash_groups(ecb)))
    base_wrong = [p for p in base_pairs if _aligned(toks[p[0]], toks[p[1]]) < NEAR_COPY_ALIGN]
    rows.append(
        {
            "metric": "wrong folds ecbplus (pairs)",
            "ours": len(wrong),
            "baseline": len(base_wrong),
            "baseline_name": "exact body hash",
            "note": f"{len(ecb)} stories; a fold is wrong when token alignment < "
            f"{NEAR_COPY_ALIGN}; ours folded {len(folded)} pairs, all syndicated "
            "copies unless counted wrong: "
            + ", ".join(f"{stem_of(a)}/{stem_of(b)} ({aligns[(a, b)]:.2f})" for a, b in folded),
        }
    )

    event = {s.source: info[stem(s)]["cluster"] for s in ecb if stem(s) in info}
    live = [s for s in ours_ecb if s.ok]
    rows.extend(
        _related_rows(
            live,
            {"topic": topic, "event": event},
            "ecbplus",
            add_entities,
            ent_note,
            "stories of one event share an assigned date, so time decay is a strong (flattering) signal here",
        )
    )
    return rows


# --------------------------------------------------------------------------- fold figures


def _aligned(a: list[str], b: list[str]) -> float:
    """Order-aware token similarity (difflib ratio): an independent view of "copy"."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


COPY_ALIGN = 0.95
"""Token alignment at or above which two different files are the same text (wire copies)."""

NEAR_COPY_ALIGN = 0.8
"""Below this token alignment a fold joined two different articles: a wrong fold."""


def fold_figures(corpora: Path = DEFAULT_CORPORA) -> list[dict]:
    """Distributions of the fold score behind ``fold.DEFAULT_THRESHOLD``.

    Pairs considered: every pair of stories sharing at least one shingle
    (the product ``X @ X.T``, as the stage computes it). "copies" are
    identical bodies or token alignment >= ``COPY_ALIGN``; "near copies" are
    at or above ``NEAR_COPY_ALIGN``; the rest are different articles (same
    event on ``ecbplus/``).
    """
    out: list[dict] = []
    for name in ("bbc", "ecbplus"):
        stories, _ = load(corpora / name)
        stories = [s for s in stories if s.body_text.strip()]
        x = fold.shingle_matrix([s.body_text for s in stories])
        toks = [fold.tokens(s.body_text) for s in stories]
        shared = sparse.triu(x @ x.T, k=1).tocoo()
        classes: dict[str, list[float]] = {"copies": [], "near copies": [], "different": []}
        notable = []
        for i, j in sorted(zip(shared.row.tolist(), shared.col.tolist(), strict=True)):
            score = fold.fold_score(x, i, j)
            if toks[i] == toks[j]:
                classes["copies"].append(score)
                continue
            align = _aligned(toks[i], toks[j]) if score >= 0.3 else 0.0
            key = (
                "copies"
                if align >= COPY_ALIGN
                else "near copies"
                if align >= NEAR_COPY_ALIGN
                else "different"
            )
            classes[key].append(score)
            if score >= 0.7:
                notable.append((round(score, 3), round(align, 3), stem(stories[i]), stem(stories[j])))
        row: dict = {"corpus": name, "stories with a body": len(stories)}
        for key, vals in classes.items():
            row[f"{key}: pairs"] = len(vals)
            row[f"{key}: min"] = round(min(vals), 3) if vals else None
            row[f"{key}: max"] = round(max(vals), 3) if vals else None
        row["different: p99"] = round(float(np.percentile(classes["different"] or [0.0], 99)), 3)
        # What the product costs on real text (fold.MAX_PAIR_WORK caps it per shingle).
        df = np.bincount(x.indices)
        row["pair work per shingle"] = round(float((df.astype(np.int64) ** 2).sum() / max(x.nnz, 1)), 2)
        out.append(row)
        out.extend(
            {"corpus": name, "pair score >= 0.7": n[0], "token alignment": n[1], "a": n[2], "b": n[3]}
            for n in sorted(notable)
        )
        if name == "bbc":
            by_body: dict[str, list[int]] = {}
            for i, t in enumerate(toks):
                by_body.setdefault(" ".join(t), []).append(i)
            for how in ("trim", "edit"):
                scores = []
                for g in (g for g in by_body.values() if len(g) > 1):
                    a, b = stories[g[0]], stories[g[1]]
                    b = _edited_copies([a, b], [[a.source, b.source]], how)[1]
                    scores.append(fold.fold_score(fold.shingle_matrix([a.body_text, b.body_text]), 0, 1))
                out.append(
                    {
                        "corpus": f"bbc copies, one {_EDITS[how]}",
                        "min": round(min(scores), 3),
                        "median": round(float(np.median(scores)), 3),
                    }
                )
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the rows (or the fold figures)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument(
        "--fold-figures",
        action="store_true",
        help="print the similarity distributions behind the fold threshold",
    )
    args = ap.parse_args(argv)
    if not args.corpora.is_dir():
        print(
            f"benchmark corpora not found at {args.corpora}: nothing measured "
            "(set NEWS_DIGEST_CORPORA or --corpora)",
            file=sys.stderr,
        )
        return 2
    try:
        rows = fold_figures(args.corpora) if args.fold_figures else measure(args.corpora)
    except CorporaMissing as exc:
        print(str(exc), file=sys.stderr)
        return 2
    for row in rows:
        print(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
