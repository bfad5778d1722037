"""Saved web pages and scraper records for the tests: our own fictional stories.

The article page is what a newsroom's scraper saves: the story in an
``<article>`` with a subheading, a list, a block quote and a link, and all
around it the site's navigation, a cookie banner, a related-stories box,
a comment form and the footer.
"""

from __future__ import annotations

import gzip
import json

ARTICLE_URL = "https://harbour-courier.example/2026/11/18/ferry-crews-return-to-work"

ARTICLE_PARAGRAPHS = [
    "Ferry crews in Kellhaven returned to work on Wednesday after a two-day stoppage over rota changes, "
    "the harbour authority said.",
    "The first sailing to Orran Island left at 6.40am with about sixty passengers on board, "
    "most of them commuters who had spent two nights on the mainland.",
    "Union officials said the crews had accepted a promise that the new rotas would be reviewed "
    "with them before Christmas.",
    "The authority said the stoppage had cost it about 90,000 euros in lost fares and extra staff.",
    "Island traders said the two days without a ferry had emptied their shelves of bread and milk.",
]
ARTICLE_SUBHEADING = "What changes for passengers"
ARTICLE_ITEMS = [
    "Sailings run every forty minutes until 10pm.",
    "Season tickets are extended by two days.",
]
ARTICLE_QUOTE = "We are glad to be back, and we expect the review to be a real one, not a formality."

FURNITURE_TEXT = (
    "Subscribe to our newsletter",
    "We use cookies to improve your experience",
    "Harbour tides table",
    "Leave a comment",
    "All rights reserved",
    "Council approves new flood barrier",
)


def article_page(
    *,
    title: str = "Ferry crews return to work after two-day stoppage",
    site: str = "Harbour Courier",
    date: str = "2026-11-18",
    lang: str = "en-GB",
    author: str = "Lena Marsh",
    url: str = ARTICLE_URL,
    charset: str = "utf-8",
) -> str:
    """A full saved article page around our ferry story."""
    p = ARTICLE_PARAGRAPHS
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="{charset}">
<title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{date}T07:15:00+00:00">
<meta name="author" content="{author}">
<link rel="canonical" href="{url}">
<script>window.dataLayer = window.dataLayer || [];</script>
<style>body {{ font-family: serif; }}</style>
</head>
<body>
<div class="cookie-banner"><p>We use cookies to improve your experience. <a href="/privacy">Privacy policy</a></p>
<button>Accept all</button></div>
<header class="masthead">
  <a href="/">Harbour Courier</a>
  <nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
  <li><a href="/tides">Harbour tides table</a></li><li><a href="/subscribe">Subscribe to our newsletter</a></li></ul></nav>
</header>
<main>
<article>
  <h1>{title}</h1>
  <p class="byline">By {author}, {date}</p>
  <p>{p[0]}</p>
  <p>{p[1]}</p>
  <h2>{ARTICLE_SUBHEADING}</h2>
  <p>{p[2]}</p>
  <ul><li>{ARTICLE_ITEMS[0]}</li><li>{ARTICLE_ITEMS[1]}</li></ul>
  <blockquote><p>{ARTICLE_QUOTE}</p></blockquote>
  <p>The authority said the stoppage had cost it about 90,000 euros in
     <a href="/2026/11/fares">lost fares</a> and <em>extra staff</em>.</p>
  <p>{p[4]}</p>
</article>
<aside class="related"><h3>Related stories</h3><ul>
  <li><a href="/2026/11/barrier">Council approves new flood barrier</a></li>
  <li><a href="/2026/11/port">Port reopens after storm</a></li></ul></aside>
<section class="comments"><h3>Leave a comment</h3><form action="/comment"><textarea></textarea></form></section>
</main>
<footer><p>© 2026 Harbour Courier. All rights reserved.</p>
<ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li></ul></footer>
</body>
</html>
"""


def index_page() -> str:
    """A front page: a list of teasers, no story."""
    teasers = "\n".join(
        f'<article class="teaser"><h2><a href="/2026/11/{n}">Headline number {n} about the harbour</a></h2>'
        f"<p>Short teaser {n}.</p></article>"
        for n in range(1, 25)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><title>Harbour Courier | Home</title>
<meta property="og:type" content="website"><link rel="canonical" href="https://harbour-courier.example/"></head>
<body><nav><a href="/news">News</a> <a href="/sport">Sport</a></nav><main>{teasers}</main>
<footer><p>© 2026 Harbour Courier</p></footer></body></html>"""


def search_page() -> str:
    """A search results page."""
    results = "\n".join(
        f'<li><a href="/2026/11/{n}">Ferry result {n}</a> <span>18 November 2026</span></li>'
        for n in range(1, 12)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><title>Search results for "ferry" | Harbour Courier</title>
<link rel="canonical" href="https://harbour-courier.example/search?q=ferry"></head>
<body><form role="search"><input name="q" value="ferry"></form><h1>Search results</h1><ol>{results}</ol></body></html>"""


def consent_page() -> str:
    """A consent wall saved instead of the story."""
    return """<!DOCTYPE html><html lang="en"><head><title>Before you continue</title></head><body>
<div class="consent"><h1>We value your privacy</h1>
<p>We and our partners use cookies and similar technologies to store and access information on your device.</p>
<p>With your consent we use them for personalised ads and content, ad and content measurement, and audience insights.</p>
<p>You can accept all, reject all or manage preferences at any time from the privacy settings at the bottom of every page.</p>
<button>Accept all</button><button>Reject all</button><a href="/privacy">Manage preferences</a></div>
</body></html>"""


def gz(text: str) -> bytes:
    """Gzipped UTF-8 text with a fixed timestamp (deterministic bytes)."""
    return gzip.compress(text.encode("utf-8"), mtime=0)


def record(**fields: object) -> str:
    """One JSON record, as a scraper writes it."""
    return json.dumps(fields, ensure_ascii=False)
