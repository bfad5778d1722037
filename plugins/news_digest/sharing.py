"""``sitemap.xml`` and ``robots.txt``: what search engines are told about the site.

The sitemap lists the home page, every digest day, every story and every
editorial, with absolute addresses (``ABSOLUTE_SITEURL``); ``robots.txt``
allows everything and names the sitemap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


def sitemap_xml(base: str, pages: Iterable[tuple[str, dt.date | None]]) -> str:
    """A sitemap of ``(url relative to the site, last modified)`` pairs, each URL once, in order."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    seen = set()
    for url, modified in pages:
        if url in seen:
            continue
        seen.add(url)
        lastmod = f"<lastmod>{modified.isoformat()}</lastmod>" if modified else ""
        lines.append(f"  <url><loc>{escape(f'{base}/{url}')}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(base: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {base}/{SITEMAP}\n"


def write_sharing_files(output: Path, base: str, pages: Iterable[tuple[str, dt.date | None]]) -> None:
    (output / SITEMAP).write_text(sitemap_xml(base, pages), encoding="utf-8")
    (output / ROBOTS).write_text(robots_txt(base), encoding="utf-8")
