"""news_digest: turns scraped news stories into a Pelican digest site.

``register`` only wires Pelican signals to :mod:`.pelican_glue`; the work is
in the pipeline stages (see :mod:`.pipeline`).
"""

from __future__ import annotations

from pelican import signals

from .pelican_glue import add_stories, exclude_inputs, show_summary, theme_settings


def register() -> None:
    """Pelican plugin entry point."""
    signals.initialized.connect(exclude_inputs)
    signals.initialized.connect(show_summary)
    signals.initialized.connect(theme_settings)
    signals.article_generator_pretaxonomy.connect(add_stories)
