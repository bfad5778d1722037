"""Pelican settings for the published site (`invoke publish`, CI, gh-pages).

Everything comes from pelicanconf.py; this file changes only what differs in
production. Two environment variables steer it:

- SITEURL: the site's public address, e.g. https://example.github.io/news-digest
  (the Pages workflow takes it from actions/configure-pages). When it is empty
  or unset, links stay relative so the output works from any folder.
- DIGEST_STRICT: "1", "true", "yes" or "on" makes the news_digest plugin fail
  the build on problems it would otherwise only report.
"""

from __future__ import annotations

import os
import sys

# Pelican loads this file by path; make pelicanconf.py beside it importable
# whatever the current directory is.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403 - production settings extend the local ones


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


SITEURL = os.environ.get("SITEURL", "").strip().rstrip("/")
# Absolute links when the address is known; with no SITEURL there is no
# address to make them absolute with, so they stay relative.
RELATIVE_URLS = not SITEURL
FEED_DOMAIN = SITEURL or FEED_DOMAIN  # noqa: F405 - from pelicanconf

# The output folder is kept between builds: a page whose content did not
# change is neither rendered nor written again, and the files a build no
# longer makes (a deleted story's page, a vanished tag) are removed by the
# news_digest plugin, which removes only files it wrote itself
# (plugins/news_digest/output_files.py; needs the build cache, DIGEST_CACHE_PATH).
DELETE_OUTPUT_DIRECTORY = False

DIGEST_STRICT = _env_flag("DIGEST_STRICT", default=False)
# Production digests are dated by the day of the build.
DIGEST_REFERENCE_DATE = None
