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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

Typogrify = Callable[[str], str]


def typogrifier(settings: Mapping[str, Any]) -> Typogrify:
    """Typogrify with Pelican's ``TYPOGRIFY*`` settings, or the identity when it is off.

    Pelican picks the dashes by setting ``smartypants.Attr.default`` for the
    whole process; here they are passed to the one smartypants call.
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
        step
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

    def typogrify(text: str) -> str:
        out = []
        for chunk, process in filters.process_ignores(text, ignore):
            for step in steps if process else ():
                chunk = step(chunk)
            out.append(chunk)
        return "".join(out)

    return typogrify


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
