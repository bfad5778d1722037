"""Pelican settings for building the news digest locally (`invoke build`)."""

from __future__ import annotations

AUTHOR = "news-digest editors"
SITENAME = "News Digest"
SITESUBTITLE = "Yesterday's stories, cleaned, summarised and linked"
SITEURL = ""

PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_CATEGORY = "News"

# Scraped stories and editors' commentary are read by the news_digest plugin,
# never by Pelican's own readers (scraped HTML would otherwise be published raw).
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["scraped", "commentary"]
PAGE_PATHS = ["pages"]
STATIC_PATHS: list[str] = []

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["news_digest"]

# news_digest settings: every DIGEST_* setting has its default in
# plugins/news_digest/settings.py and a row in README.md, "Settings".
# The demo content is dated; fix "today" so the demo site builds identically
# on any day. Leave unset (None) in production to use the day of the build.
DIGEST_REFERENCE_DATE = "2026-11-30"

THEME = "theme"
TYPOGRIFY = True

ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{date:%d}/{slug}/index.html"
# A story in another language (a page saying lang="en-GB" or "de") lives at
# the same kind of address; Pelican would otherwise save it as SLUG-LANG.html.
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds: one Atom feed for everything and one per category; no per-tag feeds
# (people and places would multiply them, see ../shared/PELICAN-NOTES.md).
# Feeds need absolute links; locally they point at `invoke serve`'s address
# (publishconf.py uses SITEURL instead).
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
# A folder of their own: a scraped section called "All" or "Digest" must not
# collide with feeds/all.atom.xml or the digest feed (the build would stop).
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
FEED_ALL_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None

RELATIVE_URLS = True
DELETE_OUTPUT_DIRECTORY = False
