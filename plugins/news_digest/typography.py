"""Typogrify, as Pelican's ``TYPOGRIFY*`` settings ask, on the HTML the plugin makes.

Pelican only typogrifies what its own readers read; story bodies and
summaries are made by the plugin, so the same filters run here, in
typogrify's order and with Pelican's settings, without Pelican's
process-wide switch of the dash style.

Typogrify is the costliest step of making a story page: most of it went on
the "See also" list, where each related story's ``<li>`` is typeset again
on every page that links it. :class:`Typesetter` typesets a body piece by
piece and each shared piece (a see-also item, the section's head and tail)
once per build. That gives the same bytes as typesetting the whole body:
every filter works inside a block (a paragraph, a list item, a heading), the
pieces are whole blocks that start with a tag, and ``"\\n"`` joins them
(``tests/test_typography.py`` checks the equality). Settings that make
typogrify skip an element the pieces would cut in two (``section``, ``ul``,
``see-also`` in ``TYPOGRIFY_IGNORE_TAGS``) turn the shortcut off.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

Typogrify = Callable[[str], str]


def typogrifier(settings: Mapping[str, Any]) -> Typogrify:
    """Typogrify with Pelican's ``TYPOGRIFY*`` settings, or the identity when it is off.

    Pelican picks the dashes by setting ``smartypants.Attr.default`` for the
    whole process; here they are passed to the one smartypants call. A filter
    whose text holds nothing it acts on is not called (:data:`_NEEDS`): it
    would return its input.
    """
    if not settings.get("TYPOGRIFY"):
        return _identity
    import smartypants
    from typogrify import filters

    dashes = {"oldschool": smartypants.Attr.set2, "oldschool_inverted": smartypants.Attr.set3}
    # Attr.w: also curl &quot; entities, as Pelican asks.
    attr = dashes.get(settings.get("TYPOGRIFY_DASHES", "default"), smartypants.Attr.set1) | smartypants.Attr.w
    omit = set(settings.get("TYPOGRIFY_OMIT_FILTERS") or [])
    steps = [
        (step, None if name == "smartypants" and attr & smartypants.Attr.mask_o else _NEEDS.get(name))
        for name, step in (
            ("amp", filters.amp),
            ("smartypants", partial(smartypants.smartypants, attr=attr)),
            ("caps", filters.caps),
            ("initial_quotes", filters.initial_quotes),
            ("widont", block_by_block(filters.widont)),
        )
        if name not in omit
    ]
    ignore = settings.get("TYPOGRIFY_IGNORE_TAGS") or []
    # Ignored elements named by a plain tag name (typogrify always adds pre and
    # code) can only be present where "<" and the name are; other rules
    # (``.class``, ``#id``, patterns) go through typogrify's split every time.
    names = {str(t).strip().lower() for t in ignore} | {"pre", "code"}
    plain = all(_TAG_NAME.fullmatch(t) for t in names)
    plain_names = tuple(f"<{t}" for t in names) if plain else None

    def sections(text: str) -> list[tuple[str, bool]]:
        if plain_names is not None:
            lower = text.lower()
            if not any(tag in lower for tag in plain_names):
                return [(text, True)] if text else []
        return filters.process_ignores(text, ignore)

    def typogrify(text: str) -> str:
        out = []
        for chunk, process in sections(text):
            if process:
                words = _text_of(chunk)
                for step, needs in steps:
                    if needs is None or words is None or needs(chunk, words):
                        done = step(chunk)
                        if done != chunk:
                            chunk, words = done, _text_of(done)
            out.append(chunk)
        return "".join(out)

    return typogrify


def _text_of(html: str) -> str | None:
    """The HTML with its tags left out; None when it has a comment (smartypants and
    caps may take a comment for text, so no filter is skipped)."""
    return None if "<!--" in html else _TAG.sub("", html)


_TAG_NAME = re.compile(r"[a-z][a-z0-9-]*")

_TAG = re.compile(r"<[^>]*>")
"""A tag as smartypants' tokeniser finds one (comments aside): what is left is its text, or more."""

_CAPS = re.compile(r"[A-Z]\d*[A-Z]|[A-Z]\.\s?[A-Z]")
"""Two capitals with only digits between, or capitals with dots ("U.S."): what ``caps`` wraps has one."""

_NEEDS: dict[str, Callable[[str, str], bool]] = {
    # Ampersands are wrapped only where there is one.
    "amp": lambda html, text: "&" in html,
    # Escapes, &quot;, dashes, ellipses, backticks and quotes: all smartypants
    # changes in text (with no entity conversion asked for).
    # (Each mark tested in turn, not through a generator: this runs on every piece of every body.)
    "smartypants": lambda html, text: (
        "'" in text
        or '"' in text
        or "`" in text
        or "--" in text
        or "..." in text
        or ". . ." in text
        or "\\" in text
        or "&quot;" in text
    ),
    "caps": lambda html, text: _CAPS.search(text) is not None,
    # Straight or curled opening quotes (smartypants runs first and curls them).
    "initial_quotes": lambda html, text: (
        '"' in text
        or "'" in text
        or "&ldquo;" in text
        or "&#8220;" in text
        or "&lsquo;" in text
        or "&#8216;" in text
    ),
}
"""What each filter needs in the text (``text``: the HTML with its tags left out) to change it.

Each filter, as typogrify 2.1 and smartypants 2.0 write it, only rewrites
matches of patterns that contain one of these; without one it returns its
input unchanged, so skipping it gives the same bytes
(``tests/test_typography.py`` compares both on hostile text). Most story
text has no ampersand, most paragraphs no acronym, and some no quote: those
filters were a third of a body's typography. ``widont`` acts on nearly every
block and always runs."""


def _identity(text: str) -> str:
    return text


_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|dt|dd)>")
"""The block closers where typogrify's ``widont`` puts its no-break space before the last word."""

_LT_IN_TAG = re.compile(r"<[^<>]*<")
"""A ``<`` with another before the next ``>``: a leading tag of a ``widont`` match may run over a
block's closer there (``<a x</p>``); markup the plugin writes has none."""

_INLINE_ENDS = ("</a>", "</em>", "</span>", "</strong>", "</i>", "</b>")
"""The inline closing tags ``widont`` lets stand between that word and the block's closer."""


def block_by_block(widont: Typogrify) -> Typogrify:
    """typogrify's ``widont``, run on each block's last words only: the same bytes, a fraction of the CPU.

    ``widont`` replaces the white space before the last word of a block (up
    to its closer, :data:`_BLOCK_END`, or the end of the text), after a
    character or an inline tag, and before white space and inline closing
    tags (:data:`_INLINE_ENDS`). Its pattern is tried at every character of
    the text: two thirds of a story body's typesetting. Unless a tag holds a
    ``<`` (:data:`_LT_IN_TAG`: then the whole text goes through it), a match
    ends at the first block closer after its start, and between its lead (a
    tag or a character) and that closer holds no ``<`` nor ``>`` but the
    inline closers'; so it starts at its lead, found back from the closer
    (:func:`_lead_start`). ``widont`` run from there to the closer finds the
    match it finds in the whole text, once the text before is done: each
    match starts where the one before ended or later (``tests/test_typography.py``
    compares both on hostile markup).
    """

    def run(text: str) -> str:
        if _LT_IN_TAG.search(text):  # a tag may then hold a block's closer: the whole text, as it is
            return widont(text)
        out = []
        done = 0  # text[:done] is in ``out``; every match starts there or later
        closers = [(m.start(), m.end()) for m in _BLOCK_END.finditer(text)]
        for closer, end in [*closers, (len(text), len(text))]:
            lead = _lead_start(text, done, closer)
            if lead is None:
                continue
            piece = text[lead:end]
            typeset = widont(piece)
            if typeset != piece:  # (a match always changes its text: white space becomes "&nbsp;")
                out += (text[done:lead], typeset)
                done = end
        out.append(text[done:])
        return "".join(out)

    return run


def _lead_start(text: str, start: int, closer: int) -> int | None:
    """Where a ``widont`` match ending at ``closer`` starts (at the earliest, for a tag), or None
    when none can (no match starts before ``start``).

    Back from the closer over white space and inline closing tags, the last
    word (no ``<``, ``>`` nor white space) and the white space before it: what
    stands right before is the match's lead, a character other than ``<`` and
    ``>``, or a tag ending there (opened after the ``>`` before it).
    """
    end = closer
    while True:
        while end > start and text[end - 1].isspace():
            end -= 1
        if not text.endswith(_INLINE_ENDS, start, end):
            break
        end = text.rfind("</", start, end)
    word = end
    while word > start and text[word - 1] not in "<>" and not text[word - 1].isspace():
        word -= 1
    space = word
    while space > start and text[space - 1].isspace():
        space -= 1
    if word == end or space in (word, start) or text[space - 1] == "<":
        return None
    if text[space - 1] == ">":
        return max(start, text.rfind(">", start, space - 1) + 1)
    return space - 1


@dataclass(frozen=True)
class Piece:
    """Whole blocks of a body's HTML; ``shared`` pieces recur on other pages (see-also items)."""

    html: str
    shared: bool = False


# Elements a piece boundary cuts: the see-also section and its list.
_SPANNING = ("section", "ul", "see-also")


class Typesetter:
    """Typogrify for one build, each shared piece typeset once."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.typogrify = typogrifier(settings)
        ignore = " ".join(str(tag) for tag in settings.get("TYPOGRIFY_IGNORE_TAGS") or []).lower()
        self.by_piece = self.typogrify is not _identity and not any(word in ignore for word in _SPANNING)
        self._shared: dict[str, str] = {}
        # What the typeset HTML depends on besides the HTML itself (the build
        # cache keys a body by it; the library versions are in its code identity).
        self.identity = sorted((k, repr(v)) for k, v in settings.items() if k.startswith("TYPOGRIFY"))

    def __call__(self, text: str) -> str:
        return self.typogrify(text)

    def join(self, pieces: Sequence[Piece]) -> str:
        """The pieces joined by ``"\\n"`` and typogrified: the same as typogrifying the joined HTML."""
        if not self.by_piece:
            return self.typogrify("\n".join(p.html for p in pieces))
        out = []
        for piece in pieces:
            if not piece.shared:
                out.append(self.typogrify(piece.html))
                continue
            done = self._shared.get(piece.html)
            if done is None:
                done = self._shared[piece.html] = self.typogrify(piece.html)
            out.append(done)
        return "\n".join(out)
