"""news_digest: turns scraped news stories into a Pelican digest site.

``register`` only wires Pelican signals to the Pelican-facing modules; the
work is in the pipeline stages (see :mod:`.pipeline`) and the day digests
(see :mod:`.days`).
"""

from __future__ import annotations

from pelican import signals

from . import (
    build_times,
    collector,
    digest_pages,
    output_files,
    output_guard,
    page_writer,
    pelican_feeds,
    taxonomy_pages,
    template_cache,
)
from .pelican_glue import add_stories, close_cache, exclude_inputs, show_summary, theme_settings


def register() -> None:
    """Pelican plugin entry point."""
    signals.initialized.connect(build_times.begin)
    signals.initialized.connect(collector.release)  # what a build that failed after its pipeline held
    signals.initialized.connect(collector.loosen)  # fewer passes of the collector while the build runs
    signals.initialized.connect(exclude_inputs)
    signals.initialized.connect(show_summary)
    signals.initialized.connect(theme_settings)
    signals.generator_init.connect(template_cache.attach)  # compiled templates kept between builds
    signals.initialized.connect(digest_pages.configure)
    signals.article_generator_pretaxonomy.connect(add_stories)
    signals.article_generator_finalized.connect(taxonomy_pages.install)  # list pages without a scan each
    signals.article_generator_finalized.connect(pelican_feeds.install)  # feeds beside the pages
    signals.get_generators.connect(digest_pages.get_generators)
    # Unchanged pages left alone, files no longer made removed (output_files.py); then the build
    # cache is saved. Neither needs the search index: both are done while Pagefind's last runs go on.
    signals.finalized.connect(output_files.finalized)  # before the cache closes
    signals.finalized.connect(close_cache)
    signals.finalized.connect(digest_pages.index_site)
    signals.finalized.connect(build_times.finish)  # after the search index: the summary line
    # The report's last word and the output marker (output_guard.py).
    signals.get_writer.connect(page_writer.provide_writer)
    signals.article_writer_finalized.connect(page_writer.flush)
    signals.content_written.connect(output_guard.note_written)
    signals.feed_written.connect(output_guard.note_written)
    signals.finalized.connect(output_guard.finalized)
    signals.content_written.connect(output_files.note_written)
    signals.feed_written.connect(output_files.note_written)
    signals.finalized.connect(collector.release)  # the build's objects back to the collector
