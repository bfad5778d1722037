"""Reading the shared benchmark corpora (``../shared/corpora``) with the real pipeline."""

from __future__ import annotations

import os
from pathlib import Path

from news_digest import pipeline
from news_digest.settings import DigestSettings
from news_digest.story import Story

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_CORPORA = Path(os.environ.get("NEWS_DIGEST_CORPORA", ROOT.parent / "shared" / "corpora"))


EDITED_CORPORA = frozenset({"bbc", "cnndm", "ecbplus"})
"""Corpora of edited article text rather than raw scrapes."""


class CorporaMissing(RuntimeError):
    """The benchmark corpora are not where we looked."""


def require(*paths: Path) -> None:
    """Raise :class:`CorporaMissing` naming every path that is absent."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise CorporaMissing(
            f"benchmark corpora missing: {', '.join(missing)} "
            "(they live in ../shared/corpora beside the project; set NEWS_DIGEST_CORPORA to move them)"
        )


def load_corpus(corpus: Path) -> list[Story]:
    """Every story of ``corpus/scraped`` read, cleaned and dated by the pipeline.

    The project's ``sources.yaml`` is used; the reference date is fixed so a
    run never depends on the clock.
    """
    require(corpus / "scraped")
    settings = DigestSettings.from_pelican(
        {
            "PATH": str(corpus),
            "DIGEST_SCRAPED_PATH": "scraped",
            "DIGEST_SOURCES": str(ROOT / "content" / "sources.yaml"),
            "DIGEST_REFERENCE_DATE": "2026-01-01",
            # Edited article text (some ECB+ items are a two-line snippet): the
            # summary, link and fold figures keep measuring the same stories.
            # What is "not a story" is measured on the real scrapes (newsdata/).
            **({"DIGEST_MIN_WORDS": 0} if corpus.name in EDITED_CORPORA else {}),
        }
    )
    return pipeline.load_stories(settings)
