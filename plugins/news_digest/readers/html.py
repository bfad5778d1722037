"""Saved web pages (``*.html``, ``*.htm``, ``*.html.gz``): the article, its structure and metadata.

`trafilatura <https://trafilatura.readthedocs.io>`_ finds the main text
(it leads the public extraction benchmarks) and the page's metadata: title,
author, site name, canonical URL and, through htmldate, the publication date.
We turn its tree into paragraphs, subheadings, lists and block quotes, and
reject pages that are not articles (a front page, search results, a consent
wall) with a reason that says so. Everything found goes to the one pipeline
as a raw story, exactly as a text file would.
"""

from __future__ import annotations

import codecs
import logging
import re
import zlib
from pathlib import Path
from typing import Any

from lxml import etree

from ..dates import page_date
from ..meta import safe_url
from ..story import Block, Story
from .encoding import NotText, decode, looks_binary
from .markup import blocks_from_tree
from .text import Unreadable, decoded

# trafilatura and htmldate log a warning for every page they give up on; the
# build report already says why each page was rejected, once.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.ERROR)

# The default of the hostile-input limit DIGEST_MAX_BYTES (5 MB).
MAX_BYTES = 5 * 1024 * 1024

# The default of the hostile-input limit DIGEST_MAX_PARAGRAPHS: a page with
# more <p> elements than a story may have paragraphs is not one story.
MAX_PARAGRAPHS = 2000

# Elements a page may have before we stop looking for an article in it. The
# article pages of the Zyte benchmark have at most 1,600; extraction time
# grows faster than linearly with the element count, so this bounds the
# cost of a pathological page to a few seconds.
MAX_ELEMENTS = 30_000

# htmldate's full-text date search scans the whole page with regexes: worth
# it on real pages (it dates a page nothing else dates), seconds on a page of
# megabytes, so only pages below this size get it.
EXTENSIVE_DATE_SEARCH_BELOW = 1_000_000

# htmldate discards dates after its max_date, which defaults to today: pass a
# fixed one so a build never depends on the clock (the pipeline dates a
# story no later than its scrape day anyway). It is asked for the time and
# offset too, and to read the page's own metadata before the URL's date:
# dates.page_date keeps the instant or the URL's (local) date.
_DATE_PARAMS = {
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
    "deferred_url_extractor": True,
    "max_date": "2099-12-31",
}

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LD_TYPE = re.compile(r'"@type"\s*:\s*"(\w{1,40})"')
# schema.org types of a page that is one story.
_ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
    }
)
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]{2,8}))?")


def read_bytes(path: Path, max_bytes: int = MAX_BYTES, data: bytes | None = None) -> tuple[bytes, list[str]]:
    """The file's bytes (``data``, when already read), gunzipped for ``.gz``; at most ``max_bytes`` of either.

    The limit is checked on the file before anything is read, and again on
    the decompressed data while it is produced, so a gzip bomb stops after
    ``max_bytes`` of output.
    """
    size = path.stat().st_size if data is None else len(data)
    if size > max_bytes:
        raise Unreadable(f"file too large ({size:,} bytes; DIGEST_MAX_BYTES is {max_bytes:,})")
    if data is None:
        data = path.read_bytes()
    if not path.name.lower().endswith(".gz"):
        return data, []
    return gunzip(data, max_bytes)


def gunzip(data: bytes, max_bytes: int) -> tuple[bytes, list[str]]:
    """Decompress gzip ``data`` (all members), stopping past ``max_bytes``."""
    out = bytearray()
    warnings: list[str] = []
    rest = data
    while rest:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += inflater.decompress(rest, max_bytes + 1 - len(out))
        except zlib.error as exc:
            if out:
                warnings.append(f"gzip data is damaged after {len(out):,} bytes ({exc})")
                break
            raise Unreadable(f"not a readable gzip file ({exc})") from None
        if len(out) > max_bytes or inflater.unconsumed_tail:
            raise Unreadable(f"decompresses to more than DIGEST_MAX_BYTES ({max_bytes:,} bytes)")
        if not inflater.eof:
            if not out:
                raise Unreadable("not a readable gzip file (it ends before any data)")
            warnings.append("gzip file is truncated; read what was there")
            break
        rest = inflater.unused_data.lstrip(b"\x00")
    return bytes(out), warnings


def decode_html(data: bytes) -> tuple[str, str]:
    """``(text, encoding)``: BOM, then UTF-8, then the page's declared charset, then detection."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    if looks_binary(data):
        raise NotText("binary file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:8192])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            codecs.lookup(name)
        except LookupError:
            pass
        else:
            if name.replace("-", "").replace("_", "") not in ("utf8", "utf16"):
                return data.decode(name, errors="replace"), name
    return decode(data)


def read_html(
    path: Path,
    source: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_paragraphs: int = MAX_PARAGRAPHS,
    data: bytes | None = None,
) -> list[Story]:
    """Read one saved page. Raises :class:`Unreadable` with the reason."""
    data, warnings = read_bytes(path, max_bytes, data)
    text, encoding = decoded(data, decode_html)
    story = page_story(text, source, max_paragraphs)
    if encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(f"decoded as {encoding}")
    story.warnings[:0] = warnings
    return [story]


def page_story(page: str, source: str, max_paragraphs: int = MAX_PARAGRAPHS) -> Story:
    """The article in ``page`` (HTML text) as a raw story, or :class:`Unreadable`."""
    # Imported here, not at the top: trafilatura (with justext, courlan and
    # htmldate) costs about 0.1-0.3 s of every build's start-up, and a build
    # of text and JSON scrapes never reads a page.
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    try:
        tree = load_html(page)
    except (ValueError, etree.LxmlError):
        tree = None
    if tree is None:
        raise Unreadable("not an HTML page (nothing could be parsed)")
    elements = paragraphs = 0
    for el in tree.iter():
        elements += 1
        paragraphs += el.tag == "p"
        _drop_unsafe_characters(el)
    if elements > MAX_ELEMENTS:
        raise Unreadable(f"page too complex ({elements:,} elements; the limit is {MAX_ELEMENTS:,})")
    if paragraphs > max_paragraphs:
        raise Unreadable(
            f"too many paragraphs ({paragraphs:,} <p> elements; DIGEST_MAX_PARAGRAPHS is {max_paragraphs:,})"
        )
    facts = page_facts(tree)
    # trafilatura prunes the tree it is given; it works on a copy of ours.
    doc = bare_extraction(
        tree,
        # Furniture is what we fight; on the Zyte benchmark this mode is also
        # the better one overall (bench --extraction).
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_formatting=True,
        include_links=True,
        with_metadata=True,
        date_extraction_params={**_DATE_PARAMS, "extensive_search": len(page) < EXTENSIVE_DATE_SEARCH_BELOW},
    )
    url = safe_url(getattr(doc, "url", None) or facts["url"])
    blocks = blocks_from_tree(doc.body, url) if doc is not None and doc.body is not None else []
    headline = " ".join(str(getattr(doc, "title", None) or facts["title"] or "").split())
    blocks = _drop_title_blocks(blocks, headline)
    reason = not_an_article(facts, blocks)
    if reason:
        raise Unreadable(reason)
    if not headline:
        headline = next((b.text for b in blocks if b.kind == "h"), "")
    if not headline:
        raise Unreadable("no headline in the page (no <title>, og:title or <h1>)")
    categories = [c for c in (getattr(doc, "categories", None) or []) if c and c.strip()]
    story = Story(
        source=source,
        headline=headline,
        raw_section=categories[0].strip() if categories else None,
        raw_outlet=(getattr(doc, "sitename", None) or getattr(doc, "hostname", None) or None),
        blocks=blocks,
        structured=True,
    )
    found: dict[str, Any] = {}
    if doc is not None and doc.date:
        found["date"] = page_date(str(doc.date), url)
    if url:
        found["url"] = url
    if doc is not None and doc.author:
        found["author"] = " ".join(str(doc.author).split())
    if facts["language"]:
        found["language"] = facts["language"]
    story.sidecar = found
    return story


def _drop_unsafe_characters(el: etree._Element) -> None:
    """Remove control characters (``&#14;`` in an attribute, say) from ``el``'s text and attributes.

    lxml's HTML parser keeps them, but they are not allowed in XML, and
    trafilatura's XML processing would give up on the whole page.
    """
    if el.text and _XML_UNSAFE.search(el.text):
        el.text = _XML_UNSAFE.sub("", el.text)
    if el.tail and _XML_UNSAFE.search(el.tail):
        el.tail = _XML_UNSAFE.sub("", el.tail)
    for name, value in el.attrib.items():
        if _XML_UNSAFE.search(value):
            el.attrib[name] = _XML_UNSAFE.sub("", value)


def language_code(value: str | None) -> str | None:
    """A BCP 47 language tag (``en``, ``pt-BR``) from a page's ``lang`` or ``og:locale``, or None."""
    if not value:
        return None
    m = _LANG.match(value.strip())
    if not m:
        return None
    lang, region = m.group(1).lower(), m.group(2)
    if region is None:
        return lang
    return f"{lang}-{region.upper() if len(region) == 2 else region}"


def page_facts(tree: etree._Element) -> dict[str, Any]:
    """What the page says about itself, read before extraction prunes the tree."""

    def meta(*names: str) -> str | None:
        for name in names:
            for attr in ("property", "name", "http-equiv"):
                found = tree.xpath(f"//meta[@{attr}=$n]/@content", n=name)
                if found and str(found[0]).strip():
                    return str(found[0]).strip()
        return None

    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    titles = tree.xpath("//title//text()")
    body_links = tree.xpath("//body//a[@href]")
    og_type = (meta("og:type") or "").lower()
    ld_types = set()
    for block in tree.xpath("//script[@type='application/ld+json']/text()"):
        ld_types.update(_LD_TYPE.findall(str(block)[:200_000]))
    return {
        "declared_article": og_type.startswith("article") or bool(ld_types & _ARTICLE_TYPES),
        "language": language_code(lang) or language_code(meta("og:locale", "content-language", "language")),
        "url": str(canonical[0]).strip() if canonical else meta("og:url"),
        "title": meta("og:title") or (" ".join(" ".join(map(str, titles)).split()) or None),
        "type": og_type,
        "links": len(body_links),
        "articles": len(tree.xpath("//body//article")),
        "page_title": " ".join(" ".join(map(str, titles)).split()),
    }


def _drop_title_blocks(blocks: list[Block], headline: str) -> list[Block]:
    """Headings before the first paragraph are the page's title and standfirst, not story text."""
    first_p = next((i for i, b in enumerate(blocks) if b.kind == "p"), len(blocks))
    kept = [b for i, b in enumerate(blocks) if not (i < first_p and b.kind == "h")]
    if kept and kept[0].kind == "p" and headline and " ".join(kept[0].text.split()) == headline:
        kept = kept[1:]
    return kept


# --------------------------------------------------------------------------
# pages that are not articles

_SEARCH_TITLE = re.compile(r"\bsearch results?\b|\bresults for\b|^search\b", re.I)
_SEARCH_URL = re.compile(r"(/search\b|[?&](q|query|search|s)=)", re.I)
_CONSENT = re.compile(
    r"\b(cookies?|consent|privacy (policy|settings|choices)|accept all|reject all|our partners|"
    r"personali[sz]ed (ads|advertising|content)|legitimate interest|manage (options|preferences|settings))\b",
    re.I,
)
_PROSE_END = tuple('.!?…"”’)')


def _prose(blocks: list[Block]) -> list[str]:
    """Paragraphs that read as prose: several words and closing punctuation."""
    return [
        b.text
        for b in blocks
        if b.kind in ("p", "quote") and len(b.text.split()) >= 8 and b.text.endswith(_PROSE_END)
    ]


def not_an_article(facts: dict[str, Any], blocks: list[Block]) -> str | None:
    """Why a page is not an article (the report's reason), or None when it is one."""
    prose = _prose(blocks)
    words = sum(len(p.split()) for p in prose)
    url = facts["url"] or ""
    if _SEARCH_TITLE.search(facts["page_title"]) or (_SEARCH_URL.search(url) and words < 150):
        return "not an article: a search results page"
    consent = [p for p in prose if _CONSENT.search(p)]
    if prose and len(consent) * 2 >= len(prose) and words - sum(len(p.split()) for p in consent) < 100:
        return "not an article: a cookie or consent wall, not the story"
    teasers = facts["articles"] >= 5 or facts["links"] >= 4 * max(len(prose), 1) + 40
    if not facts["declared_article"] and teasers and len(prose) < 3 and words < 120:
        return f"not an article: an index page ({facts['links']} links, {len(prose)} paragraphs of prose)"
    if not prose:
        return "no story text found in the page"
    return None
