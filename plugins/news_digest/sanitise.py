"""The one allowlist every piece of scraped HTML passes before it reaches a page.

Scraped markup is hostile. Readers keep only the inline markup a reader
needs (links and emphasis inside a paragraph); this module is the gate at
render time, using `nh3 <https://nh3.readthedocs.io>`_ (the Rust ``ammonia``
sanitiser): it parses the HTML the way a browser does, so entity-encoded,
mixed-case or whitespace-split ``javascript:`` URLs, unclosed and nested
tags, SVG and MathML tricks all end up as harmless text or nothing.
"""

from __future__ import annotations

import html

import nh3

from .story import Block

# Inline markup only: no script, style, iframe, object, embed, form, base,
# meta, img or svg can survive, with or without their content.
ALLOWED_TAGS = frozenset({"a", "em", "strong", "sup", "sub", "code", "br"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
# No javascript:, vbscript: or data: - any scheme not listed is dropped.
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Tags removed together with everything inside them.
DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "textarea",
        "select",
    }
)
LINK_REL = "nofollow noopener noreferrer"


def sanitise(fragment: str) -> str:
    """``fragment`` reduced to the inline allowlist; every link external and marked so.

    Relative links are dropped: on our site they would point at our own
    pages, not the outlet's (readers resolve them against the page's URL
    before this).
    """
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
        url_relative="deny",
    )


def text_of(fragment: str) -> str:
    """The text a fragment shows, whitespace collapsed."""
    return " ".join(html.unescape(nh3.clean(fragment, tags=set())).split())


def inline_html(block: Block) -> str:
    """HTML for a paragraph or quote: its sanitised markup, or its escaped text.

    The markup is used only while it shows exactly the block's text:
    cleaning may have changed the text since the reader kept the markup.
    """
    if block.html:
        safe = sanitise(block.html)
        if text_of(safe) == " ".join(block.text.split()):
            return safe
    return html.escape(block.text, quote=False)
