"""Unicode repair for everything a reader produces: mojibake, NFC, invisible characters.

Scrapers double-decode UTF-8 ("Mayorâ€™s"), mix composed and decomposed
accents, and carry zero-width and bidi-override characters that make two
identical-looking headlines differ, or make a headline display in an order
other than the one it is stored in. Every reader's output passes through
:func:`normalise_story` before cleaning, so the cleaner, the summaries and
the slugs all see the repaired text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import ftfy

from .story import Block, Story

# Only the repairs we want: mojibake, C1 controls, broken surrogates,
# terminal escapes, ligatures, line separators. HTML entities are left
# alone (readers already decoded markup; a literal "&amp;" in text is text),
# and curly quotes stay curly.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    normalization="NFC",
    explain=False,
)

# Zero-width characters and bidi controls: invisible, and able to make a
# headline look like another one or render backwards. ZWJ/ZWNJ shape some
# scripts and emoji inside running text, so the body keeps those two.
_ZERO_WIDTH = "\u200b\u2060\ufeff\u00ad\u180e"
_JOINERS = "\u200c\u200d"
_BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE_LINE = re.compile(f"[{_ZERO_WIDTH}{_JOINERS}{_BIDI}]")
_INVISIBLE_BODY = re.compile(f"[{_ZERO_WIDTH}{_BIDI}]")


def repair(text: str) -> str:
    """Mojibake repaired and NFC applied; ASCII text is returned as is (the common case)."""
    if text.isascii():
        return text
    return ftfy.fix_text(text, _FTFY)


def clean_line(text: str) -> str:
    """A one-line field (headline, section, outlet, slug): repaired, no invisible characters.

    Whitespace runs become one space.
    """
    text = repair(text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", _INVISIBLE_LINE.sub("", text))
    return " ".join(text.split())


def clean_body(text: str) -> str:
    """Body text: repaired, zero-width and bidi controls removed, line breaks kept."""
    text = repair(text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", _INVISIBLE_BODY.sub("", text))
    return text


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean_line(value)
    if isinstance(value, list):
        return [_clean_value(v) for v in value]
    return value


def normalise_story(story: Story) -> None:
    """Repair every text field a reader filled, in place.

    Sidecar strings are one-line fields too: their title becomes the
    headline and their slug the URL, so they get the same treatment.
    """
    story.headline = clean_line(story.headline)
    if story.raw_section is not None:
        story.raw_section = clean_line(story.raw_section) or None
    if story.raw_outlet is not None:
        story.raw_outlet = clean_line(story.raw_outlet) or None
    story.sidecar = {key: _clean_value(value) for key, value in story.sidecar.items()}
    story.blocks = [_clean_block(block) for block in story.blocks]


def _clean_block(block: Block) -> Block:
    text = clean_body(block.text)
    items = [clean_body(item) for item in block.items]
    html = clean_body(block.html) if block.html is not None else None
    if text == block.text and items == block.items and html == block.html:
        return block
    return Block(block.kind, text, items, html=html)
