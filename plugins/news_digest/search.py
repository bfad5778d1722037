"""The search index: Pagefind indexes the finished site at the end of every build.

Pagefind (PyPI ``pagefind[bin]``) reads the built HTML and writes a static
index to ``<output>/pagefind/``; the search page (``DIGEST_SEARCH_URL``)
queries it in the browser, with no server. Only what the theme marks with
``data-pagefind-body`` is indexed: headlines and story text, not navigation.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"


def build_index(output: Path) -> bool:
    """Index ``output`` with Pagefind; False (and a warning) when it cannot.

    The bundle folder is emptied first, so no index of an earlier build
    lingers beside the new one.
    """
    bundle = output / BUNDLE
    if bundle.is_dir():
        shutil.rmtree(bundle)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(output), "--quiet"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        logger.warning("news-digest: search index not built: %s", exc)
        return False
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        logger.warning("news-digest: search index not built (is pagefind[bin] installed?): %s", detail[-1:])
        return False
    return True
