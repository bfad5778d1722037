"""Summary quality against the shared benchmark corpora, ours vs Lead-3.

* ``cnndm/``: ROUGE-1 / ROUGE-2 / ROUGE-Lsum F1 (rouge-score, stemming,
  sentences one a line) of our 3-sentence summary and of Lead-3 against the
  human highlights, both computed in this run.
* ``bbc/``: a second opinion -- the share of our 3 sentences that occur in
  the reference extract, and the same share for Lead-3.

Run: ``python -m bench.quality_summary [CORPORA_DIR]`` (default
``$NEWS_DIGEST_CORPORA`` or ``../shared/corpora`` next to the repository).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from news_digest.enrich.sentences import split_sentences
from news_digest.enrich.summary import summarise
from news_digest.story import Story

from .corpora import DEFAULT_CORPORA, load_corpus

ROOT = Path(__file__).resolve().parents[1]


N_SENTENCES = 3


def _load(scraped_dir: Path) -> list[Story]:
    """The corpus as the pipeline reads and cleans it."""
    return [s for s in load_corpus(scraped_dir.parent) if s.ok]


def _lead(story: Story, n: int) -> list[str]:
    """The first ``n`` sentences of the body, as they come."""
    out: list[str] = []
    for para in story.paragraphs:
        out.extend(split_sentences(para))
        if len(out) >= n:
            break
    return out[:n]


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _cnndm(corpus: Path) -> list[dict]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    keys = {"rouge1": "ROUGE-1", "rouge2": "ROUGE-2", "rougeLsum": "ROUGE-Lsum"}
    ours = dict.fromkeys(keys, 0.0)
    base = dict.fromkeys(keys, 0.0)
    stories = _load(corpus / "scraped")
    count = 0
    for story in stories:
        ref_path = corpus / "summaries" / Path(story.source).name
        if not ref_path.exists():
            continue
        lines = ref_path.read_text(encoding="utf-8").splitlines()
        ref = "\n".join(line.strip() for line in lines if line.strip())
        mine = summarise(story.paragraphs, story.headline, N_SENTENCES)
        lead = _lead(story, N_SENTENCES)
        s_ours = scorer.score(ref, "\n".join(mine))
        s_base = scorer.score(ref, "\n".join(lead))
        for k in keys:
            ours[k] += s_ours[k].fmeasure
            base[k] += s_base[k].fmeasure
        count += 1
    if not count:
        raise FileNotFoundError(f"no scored stories in {corpus}")
    return [
        {
            "metric": f"cnndm {label} F1",
            "ours": round(100 * ours[k] / count, 1),
            "baseline": round(100 * base[k] / count, 1),
            "baseline_name": "Lead-3",
            "stories": count,
            "note": f"{N_SENTENCES} sentences vs human highlights, {count} stories",
        }
        for k, label in keys.items()
    ]


def _bbc(corpus: Path) -> list[dict]:
    hits_ours = hits_base = n_ours = n_base = 0
    for story in _load(corpus / "scraped"):
        ref_path = corpus / "summaries" / Path(story.source).name
        if not ref_path.exists():
            continue
        # The reference glues sentences without spaces: compare word streams.
        ref = _norm(ref_path.read_text(encoding="utf-8"))
        for sents, is_ours in (
            (summarise(story.paragraphs, story.headline, N_SENTENCES), True),
            (_lead(story, N_SENTENCES), False),
        ):
            found = sum(1 for s in sents if _norm(s) and _norm(s) in ref)
            if is_ours:
                hits_ours, n_ours = hits_ours + found, n_ours + len(sents)
            else:
                hits_base, n_base = hits_base + found, n_base + len(sents)
    if not n_ours:
        raise FileNotFoundError(f"no scored stories in {corpus}")
    return [
        {
            "metric": "bbc sentences in ref. extract %",
            "ours": round(100 * hits_ours / n_ours, 1),
            "baseline": round(100 * hits_base / max(n_base, 1), 1),
            "baseline_name": "Lead-3",
            "note": "share of the 3 summary sentences found in the reference extract",
        }
    ]


def measure(corpora: Path) -> list[dict]:
    """Compute every row; raise if the corpora folder is missing."""
    corpora = Path(corpora)
    if not (corpora / "cnndm").is_dir() or not (corpora / "bbc").is_dir():
        raise FileNotFoundError(
            f"benchmark corpora not found at {corpora} (expected cnndm/ and bbc/ inside; "
            "they live in ../shared/corpora next to the repository)"
        )
    return _cnndm(corpora / "cnndm") + _bbc(corpora / "bbc")


def main(argv: list[str]) -> int:
    corpora = Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPORA
    try:
        rows = measure(corpora)
    except FileNotFoundError as exc:
        print(f"quality_summary: {exc}", file=sys.stderr)
        return 2
    width = max(len(r["metric"]) for r in rows)
    print(f"{'metric':<{width}}  {'ours':>6}  {'baseline':>8}")
    for r in rows:
        print(f"{r['metric']:<{width}}  {r['ours']:>6.1f}  {r['baseline']:>8.1f}  ({r['baseline_name']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
