"""``python -m bench.run``: the benchmarks, printed as tables.

python -m bench.run                 speed table at 2,000 and 10,000 synthetic stories (bench/table.py):
                                    cold against plain Pelican (bench/speed.py), incremental with
                                    10 stories added (bench/incremental.py), peak memory
python -m bench.run --n 50000       the same at other sizes (--repeat 3: medians of three)
python -m bench.run --quality       quality on ../shared/corpora and enrichment scaling
python -m bench.run --extraction    story text from saved pages (zyte-aeb) against trafilatura

Also on their own: python -m bench.quality_links --fold-figures (the fold
threshold's figures) and python -m bench.fold_cost (fold time and memory at
10,000 stories, with and without a 5 MB story).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _quality(corpora: Path) -> None:
    if not corpora.is_dir():
        sys.exit(f"quality benchmark needs the shared corpora at {corpora}: not found")
    from . import quality_events, quality_links, quality_summary

    rows = quality_summary.measure(corpora) + quality_links.measure(corpora) + quality_events.measure(corpora)
    print(f"\nQuality on {corpora} (ours vs a baseline measured in the same run)")
    print(f"{'metric':<36}{'ours':>9}{'baseline':>10}  baseline")
    for row in rows:
        ours, base = row["ours"], row.get("baseline")
        fmt = (lambda v: f"{v:>9.3f}") if isinstance(ours, float) and ours <= 1.0 else (lambda v: f"{v:>9}")
        base_text = fmt(base) if base is not None else f"{'-':>9}"
        print(
            f"{row['metric']:<36}{fmt(ours)} {base_text}  {row.get('baseline_name', '')}"
            + (f"  ({row['note']})" if row.get("note") else "")
        )


def _real_scrapes(corpora: Path) -> None:
    """The "real scrapes" table on ``newsdata/``: one table, rows from each module.

    ``bench/quality_scrapes.py`` (dates, rejections, summaries) and
    ``bench/quality_tags.py`` (tags) each give ``measure(corpora)`` rows of
    ``{"metric", "ours", "target", "note"}``; a row may add ``baseline`` and
    ``baseline_name`` (a baseline measured in the same run).
    """
    if not (corpora / "newsdata").is_dir():
        print(f"\nreal scrapes: {corpora / 'newsdata'} not found; table skipped")
        return
    rows: list[dict] = []
    for name in ("quality_scrapes", "quality_tags"):
        if importlib.util.find_spec(f"{__package__}.{name}") is not None:
            module = importlib.import_module(f"{__package__}.{name}")
            rows += module.measure(corpora)
    width = max([36, *(len(r["metric"]) for r in rows)])
    ours_width = max([9, *(len(str(r["ours"])) for r in rows)])
    print(f"\nReal scrapes ({corpora / 'newsdata'})")
    print(f"{'metric':<{width}}{'ours':>{ours_width}}  {'target':<9} note")
    for row in rows:
        note = row.get("note", "")
        if row.get("baseline") is not None:
            note = f"baseline {row['baseline']} ({row.get('baseline_name', '')}); {note}"
        print(f"{row['metric']:<{width}}{row['ours']!s:>{ours_width}}  {row.get('target', ''):<9} {note}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--n",
        type=int,
        nargs="+",
        default=[2000, 10000],
        help="synthetic stories for the speed table, one row per size (default: 2000 10000)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="builds of each kind (median)")
    parser.add_argument("--quality", action="store_true", help="quality tables and enrichment scaling")
    parser.add_argument(
        "--corpora",
        type=Path,
        default=None,
        help="the shared corpora (default: $NEWS_DIGEST_CORPORA or ../shared/corpora)",
    )
    parser.add_argument(
        "--extraction", action="store_true", help="saved-page extraction on zyte-aeb against trafilatura"
    )
    args = parser.parse_args(argv)
    if args.extraction:
        from . import extraction
        from .corpora import DEFAULT_CORPORA, CorporaMissing

        try:
            extraction.print_extraction(extraction.measure(args.corpora or DEFAULT_CORPORA))
        except CorporaMissing as exc:
            sys.exit(str(exc))
        return
    if args.quality:
        from .corpora import DEFAULT_CORPORA

        _quality(args.corpora or DEFAULT_CORPORA)
        _real_scrapes(args.corpora or DEFAULT_CORPORA)
        from . import scaling

        scaling.print_scaling(scaling.measure())
        return
    from . import table

    rows = table.measure(args.n, args.repeat)
    table.print_table(rows)
    print(
        "The plugin ran from compiled bytecode (bench/plugin_bytecode.py: its modules compiled before"
        " each build, as pip compiles an installed package such as Pelican)."
    )
    if not all(row["incremental"]["identical"] for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
