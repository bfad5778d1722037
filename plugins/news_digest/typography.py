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
            ("widont", filters.widont),
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
    "smartypants": lambda html, text: any(
        mark in text for mark in ("'", '"', "`", "--", "...", ". . .", "\\", "&quot;")
    ),
    "caps": lambda html, text: _CAPS.search(text) is not None,
    # Straight or curled opening quotes (smartypants runs first and curls them).
    "initial_quotes": lambda html, text: any(
        mark in text for mark in ('"', "'", "&ldquo;", "&#8220;", "&lsquo;", "&#8216;")
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
