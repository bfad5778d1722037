"""Markup -> :class:`Block` list: paragraphs, subheadings, lists and block quotes.

Two kinds of tree come here: the one trafilatura returns for a saved page
(``p``, ``head``, ``list``/``item``, ``quote``, ``hi``, ``ref``, ``lb``) and
plain HTML fragments from JSON records (``p``, ``h2``, ``ul``/``li``,
``blockquote``, ``em``, ``a``, ``br``). One walker reads both: tag names are
mapped to what they mean. Text is kept as plain text (what cleaning and the
summaries read); links and emphasis are also kept as inline HTML, which is
sanitised when the page is rendered.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from ..story import Block

# Tag -> role. Anything not listed is a transparent container.
_ROLE = {
    "p": "p",
    "pre": "p",
    "code": "inline",
    "head": "h",
    **{f"h{n}": "h" for n in range(1, 7)},
    "list": "list",
    "ul": "list",
    "ol": "list",
    "dl": "list",
    "item": "li",
    "li": "li",
    "dt": "li",
    "dd": "li",
    "quote": "quote",
    "blockquote": "quote",
    "table": "table",
    "row": "tr",
    "tr": "tr",
    "cell": "td",
    "td": "td",
    "th": "td",
    "lb": "br",
    "br": "br",
    "ref": "a",
    "a": "a",
}
# Inline tags kept as markup (trafilatura spells them <hi rend="#i">).
_EMPHASIS = {"em": "em", "i": "em", "strong": "strong", "b": "strong", "sup": "sup", "sub": "sub"}
_REND = {"#i": "em", "#b": "strong", "#sup": "sup", "#sub": "sub", "#t": "code"}
# Never text: their content is code, styling or a picture.
_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "form",
        "button",
        "select",
        "textarea",
        "graphic",
        "img",
    }
)
_SPACES = re.compile(r"\s")
_BLOCK_ROLES = frozenset({"p", "h", "list", "li", "quote", "table", "tr"})


def _tag(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _role(el: etree._Element) -> str:
    tag = _tag(el)
    if not tag:
        return "skip"
    if tag in _SKIP:
        return "skip"
    return _ROLE.get(tag, "container")


@dataclass
class _Inline:
    """A run of inline content: its plain text and its markup."""

    text: list[str] = field(default_factory=list)
    markup: list[str] = field(default_factory=list)
    tagged: bool = False

    def add_text(self, value: str | None) -> None:
        if value:
            # Newlines in markup are spaces; only <br> (appended directly) breaks a line.
            value = _SPACES.sub(" ", value)
            self.text.append(value)
            self.markup.append(html.escape(value, quote=False))

    def result(self) -> tuple[str, str | None]:
        text = _squash("".join(self.text))
        markup = _squash("".join(self.markup)) if self.tagged else None
        return text, markup


def _squash(text: str) -> str:
    """Whitespace runs to one space; line breaks kept, one per line."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def safe_href(href: str | None, base_url: str | None) -> str | None:
    """An absolute http(s) or mailto URL, resolved against the page's URL, or None."""
    if not href:
        return None
    href = "".join(href.split())  # scrapers leave newlines inside attributes
    try:
        url = urljoin(base_url, href) if base_url else href
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme in ("http", "https") and parts.netloc:
        return url
    if parts.scheme == "mailto" and parts.path:
        return url
    return None


def _walk_inline(el: etree._Element, run: _Inline, base_url: str | None) -> None:
    """Append ``el`` (an inline element) and its tail to ``run``."""
    role = _role(el)
    if role == "skip":
        pass
    elif role == "br":
        run.text.append("\n")
        run.markup.append("<br>\n")
        run.tagged = True
    elif role in _BLOCK_ROLES:  # a block inside inline context: keep it on its own line
        run.text.append("\n")
        run.markup.append("<br>\n")
        run.add_text(el.text)
        for child in el:
            _walk_inline(child, run, base_url)
        run.text.append("\n")
        run.markup.append("<br>\n")
    else:
        tag = _tag(el)
        wrap = _EMPHASIS.get(tag) or (_REND.get(el.get("rend", "")) if tag == "hi" else None)
        if tag == "code" or tag == "var":
            wrap = "code"
        href = safe_href(el.get("target") or el.get("href"), base_url) if role == "a" else None
        if href:
            run.markup.append(f'<a href="{html.escape(href)}">')
            run.tagged = True
        elif wrap:
            run.markup.append(f"<{wrap}>")
            run.tagged = True
        run.add_text(el.text)
        for child in el:
            _walk_inline(child, run, base_url)
        if href:
            run.markup.append("</a>")
        elif wrap:
            run.markup.append(f"</{wrap}>")
    run.add_text(el.tail)


def _inline_of(el: etree._Element, base_url: str | None) -> tuple[str, str | None]:
    """Text and markup of everything inside ``el``, nested blocks read as inline."""
    run = _Inline()
    run.add_text(el.text)
    for child in el:
        _walk_inline(child, run, base_url)
        # _walk_inline added the child's tail already.
    return run.result()


class _Builder:
    """Walks a tree and collects blocks."""

    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []

    def paragraph(self, kind: str, text: str, markup: str | None) -> None:
        if text:
            self.blocks.append(Block(kind, text, html=markup))  # type: ignore[arg-type]

    def container(self, el: etree._Element, kind: str = "p") -> None:
        """Children are blocks; loose text between them becomes paragraphs of ``kind``."""
        run = _Inline()
        run.add_text(el.text)
        for child in el:
            role = _role(child)
            if role in _BLOCK_ROLES or (role == "container" and _has_block(child)):
                self.paragraph(kind, *run.result())
                run = _Inline()
                self.block(child, kind)
                run.add_text(child.tail)
            else:
                _walk_inline(child, run, self.base_url)
        self.paragraph(kind, *run.result())

    def block(self, el: etree._Element, kind: str = "p") -> None:
        role = _role(el)
        if role == "skip":
            return
        if role == "p":
            if _has_block(el):
                self.container(el, kind)
            else:
                self.paragraph(kind, *_inline_of(el, self.base_url))
        elif role == "h":
            text, _ = _inline_of(el, self.base_url)
            if text:
                self.blocks.append(Block("h", " ".join(text.split())))
        elif role == "quote":
            self.container(el, "quote")
        elif role in ("list", "li"):
            items = self.items(el) if role == "list" else [" ".join(_inline_of(el, self.base_url)[0].split())]
            items = [i for i in items if i]
            if items:
                self.blocks.append(Block("list", items=items))
        elif role == "table":
            for row in el.iter():
                if _role(row) == "tr":
                    cells = [
                        " ".join(_inline_of(c, self.base_url)[0].split()) for c in row if _role(c) == "td"
                    ]
                    self.paragraph(kind, " | ".join(c for c in cells if c), None)
        else:
            self.container(el, kind)

    def items(self, el: etree._Element) -> list[str]:
        """List items, nested lists flattened in reading order."""
        items: list[str] = []
        for child in el:
            role = _role(child)
            if role == "li":
                nested = [c for c in child if _role(c) == "list"]
                for c in nested:
                    c_tail, c.tail = c.tail, None
                    child.remove(c)
                    if c_tail:
                        child.append(etree.Element("span"))
                        child[-1].tail = c_tail
                own = " ".join(_inline_of(child, self.base_url)[0].split())
                items.append(own)
                for c in nested:
                    items.extend(self.items(c))
            elif role == "list":
                items.extend(self.items(child))
        return items


def _has_block(el: etree._Element) -> bool:
    return any(_role(d) in _BLOCK_ROLES for d in el.iterdescendants())


def blocks_from_tree(root: etree._Element, base_url: str | None = None) -> list[Block]:
    """Blocks of a parsed tree (trafilatura's body, or an HTML fragment's root)."""
    builder = _Builder(base_url)
    builder.container(root)
    return builder.blocks


def blocks_from_html(fragment: str, base_url: str | None = None) -> list[Block]:
    """Blocks of an HTML fragment (a JSON record's ``html`` or ``content``)."""
    if not fragment.strip():
        return []
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    return blocks_from_tree(root, base_url)
